"""The near-duplicate rule in rules.json keeps the precision and recall measured on our constructed
pairs (bench/dedup_pairs.py, README.md#near-duplicate-articles): a change that merges different
stories or misses copies fails here."""

from __future__ import annotations

from streams.incidents.keys import rules
from tests.unit.scripts import load_script


def test_the_configured_rule_separates_the_constructed_pairs():
    bench = load_script("bench/dedup_pairs.py")
    params = rules()["duplicates"]
    rows = bench.measure(params["shingle_words"])
    assert len(rows) > 140 and sum(1 for row in rows if row[3]) == 64
    precision, recall, _ = bench.scores(rows, params["threshold"], 1)
    assert precision == 1.0, "a non-duplicate pair was joined"
    assert recall >= 0.93
    follow_ups = [row for row in rows if row[0].startswith("hard negative: follow-up")]
    assert follow_ups and max(row[1] for row in follow_ups) < params["threshold"]

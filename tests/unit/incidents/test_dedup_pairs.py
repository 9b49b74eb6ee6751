"""The near-duplicate rule in rules.json keeps the precision and recall measured on our constructed
pairs (bench/dedup_pairs.py, README.md#near-duplicate-articles): a change that merges different
stories or misses copies fails here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from streams.incidents.keys import rules

ROOT = Path(__file__).resolve().parents[3]


def load_bench():
    spec = importlib.util.spec_from_file_location("dedup_pairs", ROOT / "bench" / "dedup_pairs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_configured_rule_separates_the_constructed_pairs():
    bench = load_bench()
    params = rules()["duplicates"]
    rows = bench.measure(params["shingle_words"])
    assert len(rows) > 140 and sum(1 for row in rows if row[3]) == 64
    precision, recall, _ = bench.scores(rows, params["threshold"], 1)
    assert precision == 1.0, "a non-duplicate pair was joined"
    assert recall >= 0.93
    follow_ups = [row for row in rows if row[0].startswith("hard negative: follow-up")]
    assert follow_ups and max(row[1] for row in follow_ups) < params["threshold"]

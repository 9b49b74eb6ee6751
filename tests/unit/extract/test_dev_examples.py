"""Hand-written development sentences (tests/fixtures/extract/dev_*.jsonl, written for this project).

Each line lists the events a careful coder would record; `expect: []` means no event may be coded.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "extract"
ROWS = [
    (lang, json.loads(line))
    for lang in ("ar", "en")
    for line in (FIXTURES / f"dev_{lang}.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]


def _found(events, expected) -> bool:
    for e in events:
        if e.event.plover != expected["plover"]:
            continue
        if expected.get("source") and not {a.code for a in e.source_actor} & set(expected["source"]):
            continue
        if expected.get("target") and not {a.code for a in e.target_actor} & set(expected["target"]):
            continue
        if expected.get("modality") and expected["modality"] not in e.event.modality:
            continue
        if expected.get("date") and e.date != expected["date"]:
            continue
        if expected.get("mode") and e.event.mode != expected["mode"]:
            continue
        if expected.get("venue") and (e.location is None or e.location.name != expected["venue"]):
            continue
        if expected.get("reciprocal") and not e.reciprocal:
            continue
        if expected.get("claim") and (e.claim_source is None or e.claim_source.code != expected["claim"]):
            continue
        return True
    return False


@pytest.fixture(scope="module")
def results(run):
    return [(lang, row, run(row["text"], lang=lang, id=row["id"]).events) for lang, row in ROWS]


def test_sentences_without_events_yield_none(results):
    for lang, row, events in results:
        if not row["expect"]:
            assert events == (), (row["id"], [e.to_doc()["event"] for e in events])


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_recall_of_fully_correct_events(results, lang):
    rows = [(row, events) for lg, row, events in results if lg == lang and row["expect"]]
    found = sum(all(_found(events, x) for x in row["expect"]) for row, events in rows)
    assert found / len(rows) >= 0.9, [row["id"] for row, events in rows if not all(_found(events, x) for x in row["expect"])]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_few_false_events(results, lang):
    extra = sum(max(0, len(events) - len(row["expect"])) for lg, row, events in results if lg == lang)
    assert extra <= 1


def test_all_plover_types_are_reachable_from_the_dictionaries(pipeline):
    plover = {pipeline.resources.cameo[t.cameo][1] for t in pipeline.resources.triggers if t.cameo in pipeline.resources.cameo}
    plover.discard("")  # CAMEO 01 statements: no PLOVER type
    assert plover == {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                      "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}

"""The seed story: every event marked required in seed_expected.json is found, with its actors and dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from streams.models import Article

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
EXPECTED = json.loads((FIXTURES / "seed_expected.json").read_text("utf-8"))
REQUIRED = [e for e in EXPECTED["events"] if e["required"]]


@pytest.fixture(scope="module")
def seed_events(pipeline):
    article = Article.from_dict(json.loads((FIXTURES / "seed_article.json").read_text("utf-8")))
    return pipeline.run(article, created="2024-01-01T00:00:00+00:00").events


def _parties(expected: dict) -> tuple[list[list[str]], list[list[str]]]:
    if "actors" in expected:
        return expected["actors"], []
    return [expected["source"]], [expected.get("target", [])] if expected.get("target") else []


def _matches(event, expected) -> bool:
    if event.event.plover not in expected["plover"]:
        return False
    if event.event.cameo_root not in expected["cameo_root"]:
        return False
    if "cameo" in expected and event.event.cameo not in expected["cameo"]:
        return False
    codes = {a.code for a in (*event.source_actor, *event.target_actor)}
    if "actors" in expected:
        # every listed party is present (any alternative), and the event is reciprocal
        if not all(codes & set(alternatives) for alternatives in expected["actors"]):
            return False
        if expected.get("reciprocal") and not event.reciprocal:
            return False
    else:
        if not {a.code for a in event.source_actor} & set(expected["source"]):
            return False
        if expected.get("target") and not {a.code for a in event.target_actor} & set(expected["target"]):
            return False
    if "date" in expected and event.date != expected["date"]:
        return False
    if "mode" in expected and event.event.mode != expected["mode"]:
        return False
    return True


@pytest.mark.parametrize("expected", REQUIRED, ids=[e["what"][:50] for e in REQUIRED])
def test_required_seed_event_is_found(seed_events, expected):
    assert any(_matches(e, expected) for e in seed_events), [
        (e.event.plover, [a.code for a in e.source_actor], [a.code for a in e.target_actor], e.date) for e in seed_events
    ]


def test_phone_call_details(seed_events):
    calls = [e for e in seed_events if e.event.mode == "phone"]
    assert len(calls) == 1  # headline, lead and body tell the same call once
    call = calls[0]
    assert call.reciprocal and call.location.role == "remote"
    assert call.claim_source is not None and call.claim_source.text == "الكرملين"
    assert call.date == "2023-01-05" and call.date_text == "اليوم"


def test_modalities_of_the_not_yet_happened_events(seed_events):
    patrols = next(e for e in seed_events if e.event.plover == "COOPERATE" and e.date == "2023-01-04")
    assert {"possible"} <= set(patrols.event.modality) and "asserted" not in patrols.event.modality
    handover = next(e for e in seed_events if e.event.plover in ("CONCEDE", "RETREAT"))
    assert {"future", "conditional"} <= set(handover.event.modality)
    assert handover.location is not None and handover.location.country == "SYR"


def test_trilateral_talks_in_moscow(seed_events):
    talks = next(e for e in seed_events if e.date == "2022-12-28")
    assert talks.location.name == "Moscow" and talks.location.role == "venue"
    assert talks.claim_source.code in ("RUSMIL", "RUSGOV")


def test_no_event_from_site_furniture(seed_events):
    for event in seed_events:
        assert "اقرأ أيضاً" not in event.sentence.text and "اخترنا لك" not in event.sentence.text


def test_article_entities(pipeline):
    article = Article.from_dict(json.loads((FIXTURES / "seed_article.json").read_text("utf-8")))
    info = pipeline.run(article).article
    assert set(EXPECTED["entities"]["countries"]) <= {c.iso3 for c in info.countries}
    found = {(p.text, p.country) for p in info.places}
    for place in EXPECTED["entities"]["places"]:
        assert (place["text"], place["country"]) in found, place
    assert all(p.geo is not None for p in info.places)
    person_names = {p.name for p in info.persons}
    assert {"Vladimir Putin", "Recep Tayyip Erdogan", "Hulusi Akar"} <= person_names

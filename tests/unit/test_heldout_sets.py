"""The held-out check sets (eval/heldout/*.jsonl) are well formed and keep the coverage eval/heldout/README.md states.

Shape checks only: these sets are never tuned against, so nothing here looks at what the extractor predicts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from streams.models import MODALITIES
from tests.unit.test_gold_sets import PLOVER, _valid_country

HELDOUT_DIR = Path(__file__).resolve().parents[2] / "eval" / "heldout"
CODE = re.compile(r"^(?:[A-Z]{3}(?:GOV|MIL|SPY|LEG|COP|OPP|REB|BUS|MED|NGO|CVL)?|IGO[A-Z]{2,8}|NGO[A-Z]{2,8}|IMGREB)$")
ARTICLE_KEYS = {"id", "lang", "title", "published", "text"}
EVENT_KEYS = {"event", "source_actor", "target_actor", "reciprocal", "location", "places", "date", "claim_source"}
LANGS = ["ar", "en"]


def _rows(lang: str) -> list[dict]:
    lines = (HELDOUT_DIR / f"{lang}.jsonl").read_text(encoding="utf-8").splitlines()
    assert all(line.strip() for line in lines), "blank line in the held-out set"
    return [json.loads(line) for line in lines]


def _events(lang: str) -> list[dict]:
    return [e for r in _rows(lang) for e in r["events"]]


@pytest.mark.parametrize("lang", LANGS)
def test_articles_are_well_formed(lang):
    rows = _rows(lang)
    assert len(rows) == 50
    ids = [r["article"]["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        assert set(r) == {"article", "events"}
        art = r["article"]
        assert set(art) == ARTICLE_KEYS, art["id"]
        assert art["lang"] == lang and art["id"].startswith(f"{lang}-h") and art["text"].strip()
        assert dt.datetime.fromisoformat(art["published"]).tzinfo is not None, art["id"]
    if lang == "ar":
        assert all(re.search(r"[\u0600-\u06ff]", r["article"]["text"]) for r in rows)


@pytest.mark.parametrize("lang", LANGS)
def test_events_are_well_formed(lang):
    for e in _events(lang):
        assert set(e) == EVENT_KEYS, e
        assert set(e["event"]) == {"plover", "cameo_root", "modality"}
        assert e["event"]["plover"] in PLOVER
        root = e["event"]["cameo_root"]
        assert len(root) == 2 and root.isdigit() and 1 <= int(root) <= 20, root
        mods = e["event"]["modality"]
        assert mods and set(mods) <= set(MODALITIES) and len(mods) == len(set(mods))
        assert mods == ["asserted"] or "asserted" not in mods
        assert isinstance(e["reciprocal"], bool)
        assert e["source_actor"] or e["target_actor"]
        if e["reciprocal"]:
            assert e["source_actor"] and e["target_actor"], e
        for actor in e["source_actor"] + e["target_actor"]:
            assert set(actor) == {"code", "country"}
            assert CODE.match(actor["code"]), actor
            assert _valid_country(actor["country"]), actor
            assert actor["code"].startswith(actor["country"] or "IMG"), actor
        for place in ([e["location"]] if e["location"] else []) + e["places"]:
            assert set(place) <= {"name", "country", "aliases"} and place["name"].strip()
            assert _valid_country(place["country"]) and place["country"] not in ("IGO", "NGO"), place
            assert all(isinstance(a, str) and a.strip() for a in place.get("aliases", []))
        if e["date"] is not None:
            dt.date.fromisoformat(e["date"])
        if e["claim_source"] is not None:
            assert set(e["claim_source"]) == {"code"} and CODE.match(e["claim_source"]["code"])


@pytest.mark.parametrize("lang", LANGS)
def test_dates_follow_the_publication_day(lang):
    """Past events fall on or before the publication day; only future-marked events may come after it."""
    for r in _rows(lang):
        published = dt.datetime.fromisoformat(r["article"]["published"]).date()
        for e in r["events"]:
            if e["date"] and dt.date.fromisoformat(e["date"]) > published:
                assert "future" in e["event"]["modality"], (r["article"]["id"], e)


@pytest.mark.parametrize("lang", LANGS)
def test_coverage_matches_the_readme(lang):
    rows = _rows(lang)
    types = Counter(e["event"]["plover"] for e in _events(lang))
    assert set(types) == PLOVER, PLOVER - set(types)
    assert min(types.values()) >= 2, types
    no_event = sum(1 for r in rows if not r["events"])
    assert 0.12 <= no_event / len(rows) <= 0.20
    modalities = Counter(m for e in _events(lang) for m in e["event"]["modality"])
    for flag in ("negated", "future", "conditional", "possible"):
        assert modalities[flag] >= 1, flag


def test_heldout_texts_are_not_in_the_development_set():
    dev = {json.loads(line)["article"]["text"] for lang in LANGS
           for line in (HELDOUT_DIR.parent / "gold" / f"{lang}.jsonl").read_text(encoding="utf-8").splitlines()
           if line.strip()}
    held = [r["article"]["text"] for lang in LANGS for r in _rows(lang)]
    assert not dev.intersection(held)

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

from tests.unit.coded_sets import ARTICLE_KEYS, assert_dates_follow_publication, assert_well_formed_event, events_of, read_set
from tests.unit.test_gold_sets import PLOVER

HELDOUT_DIR = Path(__file__).resolve().parents[2] / "eval" / "heldout"
CODE = re.compile(r"^(?:[A-Z]{3}(?:GOV|MIL|SPY|LEG|COP|OPP|REB|BUS|MED|NGO|CVL)?|IGO[A-Z]{2,8}|NGO[A-Z]{2,8}|IMGREB)$")
LANGS = ["ar", "en"]


def _rows(lang: str) -> list[dict]:
    return read_set(HELDOUT_DIR / f"{lang}.jsonl")


def _events(lang: str) -> list[dict]:
    return events_of(_rows(lang))


def _actor_fits(actor: dict) -> bool:
    return actor["code"].startswith(actor["country"] or "IMG")


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
        assert_well_formed_event(e, CODE, _actor_fits)


@pytest.mark.parametrize("lang", LANGS)
def test_dates_follow_the_publication_day(lang):
    assert_dates_follow_publication(_rows(lang))


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

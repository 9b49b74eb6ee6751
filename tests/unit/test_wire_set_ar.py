"""The Arabic wire-style development set (eval/wire/ar.jsonl) is well formed and keeps the coverage eval/wire/README.md states.

Shape and counts only: nothing here looks at what the extractor predicts.
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

EVAL_DIR = Path(__file__).resolve().parents[2] / "eval"
WIRE_AR = EVAL_DIR / "wire" / "ar.jsonl"
SECTORS = "GOV|MIL|SPY|LEG|COP|OPP|REB|BUS|MED|NGO|CVL|UAF"
# Country + sector, a bare country, IGO/NGO tags, IMGREB; and the two sector-only codes the lead's
# conventions allow without a country: UAF (armed men named only by description) and CVL.
CODE = re.compile(rf"^(?:[A-Z]{{3}}(?:{SECTORS})?|IGO[A-Z]{{2,8}}|NGO[A-Z]{{2,8}}|IMGREB|UAF|CVL)$")
ARTICLE_KEYS = {"id", "lang", "title", "published", "text"}
EVENT_KEYS = {"event", "source_actor", "target_actor", "reciprocal", "location", "places", "date", "claim_source"}
SENTENCE_END = re.compile(r"[.!؟?]\s|\n|[.!؟?]$")


def _rows() -> list[dict]:
    lines = WIRE_AR.read_text(encoding="utf-8").splitlines()
    assert all(line.strip() for line in lines), "blank line in eval/wire/ar.jsonl"
    return [json.loads(line) for line in lines]


def _events() -> list[dict]:
    return [e for r in _rows() for e in r["events"]]


def _is_full_article(row: dict) -> bool:
    """A headline, a dateline and at least four sentences."""
    art = row["article"]
    sentences = [s for s in SENTENCE_END.split(art["text"]) if s.strip()]
    return bool(art["title"]) and " - " in art["text"][:60] and len(sentences) >= 4


def test_articles_are_well_formed():
    rows = _rows()
    assert len(rows) >= 320
    ids = [r["article"]["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert ids == [f"wire-ar-{n:03d}" for n in range(1, len(rows) + 1)]
    for r in rows:
        assert set(r) == {"article", "events"}
        art = r["article"]
        assert set(art) == ARTICLE_KEYS, art["id"]
        assert art["lang"] == "ar" and art["text"].strip() and re.search(r"[\u0600-\u06ff]", art["text"])
        assert art["title"] is None or re.search(r"[\u0600-\u06ff]", art["title"])
        assert dt.datetime.fromisoformat(art["published"]).tzinfo is not None, art["id"]


def test_events_are_well_formed():
    for e in _events():
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
            if actor["country"] is None:
                assert actor["code"] in ("UAF", "CVL", "IMGREB"), actor
            elif actor["country"] in ("IGO", "NGO"):
                assert actor["code"].startswith(actor["country"]), actor
            else:
                assert actor["code"].startswith(actor["country"]), actor
        for place in ([e["location"]] if e["location"] else []) + e["places"]:
            assert set(place) <= {"name", "country", "aliases"} and place["name"].strip()
            assert _valid_country(place["country"]) and place["country"] not in ("IGO", "NGO"), place
            assert all(isinstance(a, str) and a.strip() for a in place.get("aliases", []))
        if e["date"] is not None:
            dt.date.fromisoformat(e["date"])
        if e["claim_source"] is not None:
            assert set(e["claim_source"]) == {"code"} and CODE.match(e["claim_source"]["code"])


def test_dates_follow_the_publication_day():
    """Past events fall on or before the publication day; only future-marked events may come after it."""
    for r in _rows():
        published = dt.datetime.fromisoformat(r["article"]["published"]).date()
        for e in r["events"]:
            if e["date"] and dt.date.fromisoformat(e["date"]) > published:
                assert "future" in e["event"]["modality"], (r["article"]["id"], e)


def test_coverage_matches_the_readme():
    rows = _rows()
    events = _events()
    types = Counter(e["event"]["plover"] for e in events)
    assert set(types) == PLOVER, PLOVER - set(types)
    assert min(types.values()) >= 10, types
    assert types["ASSAULT"] >= 50 and types["PROTEST"] >= 30, types
    assert sum(1 for r in rows if not r["events"]) >= 110
    assert sum(1 for r in rows if r["events"] and _is_full_article(r)) >= 40
    unnamed = [e for e in events if e["event"]["plover"] == "ASSAULT"
               and (not e["source_actor"] or any(a["code"].endswith("UAF") for a in e["source_actor"]))]
    assert len(unnamed) >= 25
    modalities = Counter(m for e in events for m in e["event"]["modality"])
    for flag in ("negated", "future", "conditional", "possible"):
        assert modalities[flag] >= 3, flag
    assert sum(1 for e in events if e["claim_source"]) >= 100
    assert sum(1 for e in events if e["reciprocal"]) >= 40


def test_wire_texts_are_not_in_the_earlier_development_sets():
    earlier = {json.loads(line)["article"]["text"]
               for path in sorted((EVAL_DIR / "gold").glob("*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert not earlier.intersection(r["article"]["text"] for r in _rows())


@pytest.mark.parametrize("code, ok", [("UAF", True), ("SYRUAF", True), ("CVL", True), ("LBNCVL", True),
                                      ("IMGREB", True), ("IGOUNO", True), ("NGOICRC", True), ("ISR", True),
                                      ("UA", False), ("SYRXYZ", False), ("gov", False)])
def test_code_pattern(code, ok):
    assert bool(CODE.match(code)) is ok

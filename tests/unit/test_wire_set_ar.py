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

from tests.unit.coded_sets import ARTICLE_KEYS, assert_dates_follow_publication, assert_well_formed_event, events_of, read_set
from tests.unit.test_gold_sets import PLOVER

EVAL_DIR = Path(__file__).resolve().parents[2] / "eval"
WIRE_AR = EVAL_DIR / "wire" / "ar.jsonl"
SECTORS = "GOV|MIL|SPY|LEG|COP|OPP|REB|BUS|MED|NGO|CVL|UAF"
# Country + sector, a bare country, IGO/NGO tags, IMGREB; and the two sector-only codes the lead's
# conventions allow without a country: UAF (armed men named only by description) and CVL.
CODE = re.compile(rf"^(?:[A-Z]{{3}}(?:{SECTORS})?|IGO[A-Z]{{2,8}}|NGO[A-Z]{{2,8}}|IMGREB|UAF|CVL)$")
SENTENCE_END = re.compile(r"[.!؟?]\s|\n|[.!؟?]$")


def _rows() -> list[dict]:
    return read_set(WIRE_AR)


def _events() -> list[dict]:
    return events_of(_rows())


def _actor_fits(actor: dict) -> bool:
    """A country-less code is a sector alone (UAF, CVL) or IMGREB; any other starts with its country."""
    if actor["country"] is None:
        return actor["code"] in ("UAF", "CVL", "IMGREB")
    return actor["code"].startswith(actor["country"])


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
        assert_well_formed_event(e, CODE, _actor_fits)


def test_dates_follow_the_publication_day():
    assert_dates_follow_publication(_rows())


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

"""The English wire-style development set (eval/wire/en.jsonl) is well formed and keeps the coverage
eval/wire/README.md states.

Shape and counts only: the set was written before any tuning on it, and nothing here looks at what the
extractor predicts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.unit.coded_sets import ARTICLE_KEYS, assert_dates_follow_publication, assert_well_formed_event, events_of, read_set
from tests.unit.test_gold_sets import PLOVER, _valid_country

WIRE_DIR = Path(__file__).resolve().parents[2] / "eval" / "wire"
EVAL_DIR = WIRE_DIR.parent
# CAMEO-style codes: country + sector, a sector alone for actors with no country (UAF: unaligned armed
# forces such as "gunmen"; CVL: victims with no country), IGO/NGO tags, IMGREB for transnational groups.
SECTORS = "GOV|MIL|SPY|LEG|JUD|COP|OPP|REB|UAF|BUS|MED|NGO|CVL"
CODE = re.compile(rf"^(?:[A-Z]{{3}}(?:{SECTORS})?|(?:{SECTORS})|IGO[A-Z]{{2,8}}|NGO[A-Z]{{2,8}}|IMGREB)$")
SECTOR_ONLY = re.compile(rf"^(?:{SECTORS})$")
USER_ASSIGNED_COUNTRIES = {"XKX"}  # Kosovo: ISO's user-assigned code, which pycountry does not list
SENTENCE_END = re.compile(r"[.!?][\"”’']?(?=\s|$)")
# "KYIV, April 19 (Reuters) - ", "GUSAU — ", "NEW DELHI: ", "BEIJING, Sept. 5 (Xinhua) -- "
DATELINE = re.compile(r"^[A-Z][A-Z'’.\-/ ]{2,}(?:,[^\n]{0,45}?)?(?: \([A-Za-z .]+\))?\s*(?:—|–|--?|:)\s")


def _rows() -> list[dict]:
    return read_set(WIRE_DIR / "en.jsonl")


def _events() -> list[dict]:
    return events_of(_rows())


def _country_ok(value: str | None) -> bool:
    return value in USER_ASSIGNED_COUNTRIES or _valid_country(value)


def _actor_fits(actor: dict) -> bool:
    """A sector alone (UAF, CVL...) and IMGREB have no country; every other code starts with its own."""
    code, country = actor["code"], actor["country"]
    if SECTOR_ONLY.match(code) or code == "IMGREB":
        return country is None
    return bool(country) and code.startswith(country)


def _is_article(row: dict) -> bool:
    """A short full article: a headline, a dateline, four or more paragraphs and 4-10 sentences."""
    art = row["article"]
    sentences = len(SENTENCE_END.findall(art["text"]))
    return (bool(art["title"]) and bool(DATELINE.match(art["text"])) and art["text"].count("\n\n") >= 3
            and 4 <= sentences <= 10)


def test_items_are_well_formed():
    rows = _rows()
    ids = [r["article"]["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert ids == [f"wire-en-{n:03d}" for n in range(1, len(rows) + 1)]
    for r in rows:
        assert set(r) == {"article", "events"}
        art = r["article"]
        assert set(art) == ARTICLE_KEYS, art["id"]
        assert art["lang"] == "en" and art["text"].strip() == art["text"] and art["text"], art["id"]
        assert art["title"] is None or art["title"].strip(), art["id"]
        assert dt.datetime.fromisoformat(art["published"]).tzinfo is not None, art["id"]


def test_events_are_well_formed():
    for r in _rows():
        for e in r["events"]:
            assert_well_formed_event(e, CODE, _actor_fits, country_ok=_country_ok,
                                     where=(r["article"]["id"], e["event"]["plover"]))


def test_dates_follow_the_publication_day():
    assert_dates_follow_publication(_rows())


def test_coverage_matches_the_readme():
    rows, events = _rows(), _events()
    assert len(rows) >= 320
    no_event = [r for r in rows if not r["events"]]
    assert len(no_event) >= 110
    assert sum(1 for r in rows if _is_article(r)) >= 40
    types = Counter(e["event"]["plover"] for e in events)
    assert set(types) == PLOVER, PLOVER - set(types)
    assert min(types.values()) >= 12, types
    assert types["ASSAULT"] >= 50 and types["PROTEST"] >= 30, types
    modalities = Counter(m for e in events for m in e["event"]["modality"])
    for flag in ("negated", "future", "conditional", "possible"):
        assert modalities[flag] >= 5, (flag, modalities)
    assert sum(1 for e in events if not e["source_actor"]) >= 10  # perpetrator not named at all
    assert sum(1 for e in events for a in e["source_actor"] if a["code"].endswith("UAF")) >= 20
    assert sum(1 for e in events if e["claim_source"]) >= 100
    assert sum(1 for e in events if e["reciprocal"]) >= 40

    english = (WIRE_DIR / "README.md").read_text(encoding="utf-8").split("\n## English", 1)[1].split("\n## ", 1)[0]
    table = {label.lower(): value for label, value in re.findall(r"\| ([A-Za-z][A-Za-z ,()-]+?) \| (\d+) \|", english)}
    assert int(table["items"]) == len(rows)
    assert int(table["no-event items"]) == len(no_event)
    assert int(table["events"]) == len(events)
    for plover, count in types.items():
        assert int(table[plover.lower()]) == count, plover


@pytest.mark.parametrize("other", ["gold/en.jsonl", "heldout/en.jsonl"])
def test_texts_are_not_in_the_other_sets(other):
    texts = {json.loads(line)["article"]["text"] for line in (EVAL_DIR / other).read_text(encoding="utf-8").splitlines()
             if line.strip()}
    assert not texts.intersection(r["article"]["text"] for r in _rows())

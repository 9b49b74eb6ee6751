"""The development gold sets (eval/gold/*.jsonl) are well formed and cover what eval/README.md promises."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pycountry
import pytest

from streams.models import MODALITIES

GOLD_DIR = Path(__file__).resolve().parents[2] / "eval" / "gold"
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
          "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def _load(lang: str) -> list[dict]:
    with (GOLD_DIR / f"{lang}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _valid_country(value: str | None) -> bool:
    return value is None or value in ("IGO", "NGO") or pycountry.countries.get(alpha_3=value) is not None


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_gold_set_shape_and_coverage(lang):
    rows = _load(lang)
    assert len(rows) >= 60
    ids = [r["article"]["id"] for r in rows]
    assert len(ids) == len(set(ids))
    types: Counter[str] = Counter()
    for r in rows:
        art = r["article"]
        assert art["lang"] == lang and art["id"].startswith(f"{lang}-") and art["text"].strip()
        dt.datetime.fromisoformat(art["published"])
        for e in r["events"]:
            assert e["event"]["plover"] in PLOVER
            assert len(e["event"]["cameo_root"]) == 2 and e["event"]["cameo_root"].isdigit()
            mods = e["event"]["modality"]
            assert mods and set(mods) <= set(MODALITIES)
            assert mods == ["asserted"] or "asserted" not in mods
            assert e["source_actor"] or e["target_actor"]
            for a in e["source_actor"] + e["target_actor"]:
                assert _valid_country(a["country"]), a
                assert a["code"].startswith(a["country"] or "IMG"), a
            for place in ([e["location"]] if e["location"] else []) + e["places"]:
                assert place["name"] and _valid_country(place["country"]), place
            if e["date"] is not None:
                dt.date.fromisoformat(e["date"])
            assert isinstance(e["reciprocal"], bool)
            types[e["event"]["plover"]] += 1
    assert set(types) == PLOVER, PLOVER - set(types)
    assert min(types.values()) >= 3, types
    no_event = sum(1 for r in rows if not r["events"])
    assert 0.10 <= no_event / len(rows) <= 0.25
    modalities = Counter(m for r in rows for e in r["events"] for m in e["event"]["modality"])
    for flag in ("negated", "future", "conditional", "possible"):
        assert modalities[flag] >= 1, flag
    assert sum(1 for r in rows for e in r["events"] if e["reciprocal"]) >= 10
    assert sum(1 for r in rows for e in r["events"] if e["claim_source"]) >= 15

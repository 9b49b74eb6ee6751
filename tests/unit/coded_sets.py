"""What the tests of the coded article sets (eval/wire/, eval/heldout/) share: reading a set, and
the shape every event of every set keeps. Shape only: nothing here looks at what the extractor
predicts. How an actor's code and country go together differs per set: each test passes its rule."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from streams.models import MODALITIES
from tests.unit.test_gold_sets import PLOVER, _valid_country

ARTICLE_KEYS = {"id", "lang", "title", "published", "text"}
EVENT_KEYS = {"event", "source_actor", "target_actor", "reciprocal", "location", "places", "date", "claim_source"}


def read_set(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(line.strip() for line in lines), f"blank line in {path}"
    return [json.loads(line) for line in lines]


def events_of(rows: list[dict]) -> list[dict]:
    return [e for r in rows for e in r["events"]]


def assert_well_formed_event(e: dict, code: re.Pattern, actor_fits: Callable[[dict], bool], *,
                             country_ok: Callable[[str | None], bool] = _valid_country, where: Any = None) -> None:
    """Keys, PLOVER type, CAMEO root, modality flags, parties, places, date and claimant of one event;
    `actor_fits(actor)` says whether an actor's code goes with its country in this set."""
    where = where if where is not None else e
    assert set(e) == EVENT_KEYS, where
    assert set(e["event"]) == {"plover", "cameo_root", "modality"}
    assert e["event"]["plover"] in PLOVER, where
    root = e["event"]["cameo_root"]
    assert len(root) == 2 and root.isdigit() and 1 <= int(root) <= 20, where
    mods = e["event"]["modality"]
    assert mods and set(mods) <= set(MODALITIES) and len(mods) == len(set(mods)), where
    assert mods == ["asserted"] or "asserted" not in mods, where
    assert isinstance(e["reciprocal"], bool)
    assert e["source_actor"] or e["target_actor"], where
    if e["reciprocal"]:
        assert e["source_actor"] and e["target_actor"], where
    for actor in e["source_actor"] + e["target_actor"]:
        assert set(actor) == {"code", "country"}, (where, actor)
        assert code.match(actor["code"]), (where, actor)
        assert country_ok(actor["country"]), (where, actor)
        assert actor_fits(actor), (where, actor)
    for place in ([e["location"]] if e["location"] else []) + e["places"]:
        assert set(place) <= {"name", "country", "aliases"} and place["name"].strip(), where
        assert country_ok(place["country"]) and place["country"] not in ("IGO", "NGO"), (where, place)
        assert all(isinstance(a, str) and a.strip() for a in place.get("aliases", [])), where
    if e["date"] is not None:
        dt.date.fromisoformat(e["date"])
    if e["claim_source"] is not None:
        assert set(e["claim_source"]) == {"code"} and code.match(e["claim_source"]["code"]), where


def assert_dates_follow_publication(rows: list[dict]) -> None:
    """Past events fall on or before the publication day; only future-marked events may come after it."""
    for r in rows:
        published = dt.datetime.fromisoformat(r["article"]["published"]).date()
        for e in r["events"]:
            if e["date"] and dt.date.fromisoformat(e["date"]) > published:
                assert "future" in e["event"]["modality"], (r["article"]["id"], e)

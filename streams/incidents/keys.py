"""The incident key of an event: what is language-neutral about it, so that an Arabic and an
English report of one phone call fall under one key.

Key = PLOVER type, the sorted set of participants (actor countries; the code for organisations and
actors without a country), the event's date at its precision, and the modality (a call that "will"
happen is not the call that happened). Left out on purpose:
- direction: "Putin called Erdogan" and "Erdogan and Putin spoke" are one call;
- the venue: reports of one meeting that name its city and reports that do not would fall apart
  (one strike coded twice from one sentence, once with Gaza as its venue and once as what it is
  about, did); the incident keeps the venue of its best evidence and every venue named.
The incident id is a hash of the rules version and the key, so it depends on nothing but the event
itself: the sink stamps it on each event document without any state, and a replay or a reordering
gives the same ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

import orjson

from streams.ids import stable_id
from streams.incident_models import IncidentKey


@cache
def rules() -> dict[str, Any]:
    """streams/incidents/rules.json, read once."""
    return orjson.loads(resources.files("streams.incidents").joinpath("rules.json").read_bytes())


def rules_version() -> str:
    return str(rules()["version"])


def _actor_token(actor: Any, organisations: frozenset[str]) -> str | None:
    if not isinstance(actor, Mapping):
        return None
    country, code = actor.get("country"), actor.get("code")
    if isinstance(country, str) and len(country) == 3 and country not in organisations:
        return country
    return code if isinstance(code, str) and code else None


def participants(doc: Mapping[str, Any]) -> tuple[str, ...]:
    organisations = frozenset(rules()["key"]["organisations"])
    tokens = {
        token
        for side in ("source_actor", "target_actor")
        for actor in (doc.get(side) or ())
        if (token := _actor_token(actor, organisations))
    }
    return tuple(sorted(tokens))


def event_day(doc: Mapping[str, Any]) -> str:
    """The event's date at its own precision; the published day when it has none."""
    date = doc.get("date")
    if isinstance(date, str) and date:
        precision = doc.get("date_precision")
        return date[: {"month": 7, "year": 4}.get(precision, 10)]
    published = doc.get("published")
    return published[:10] if isinstance(published, str) and len(published) >= 10 else ""


def modality_group(modality: Iterable[str] | None) -> str:
    flags = sorted({m for m in modality or () if m != "asserted"})
    return "+".join(flags) if flags else "asserted"


def incident_key(doc: Mapping[str, Any]) -> IncidentKey:
    """The key of an event document (`Event.to_doc()`, on the topic or indexed)."""
    event = doc.get("event") if isinstance(doc.get("event"), Mapping) else {}
    return IncidentKey(
        plover=str(event.get("plover") or ""),
        participants=participants(doc),
        day=event_day(doc),
        modality=modality_group(event.get("modality")),
    )


def incident_id(key: IncidentKey, version: str | None = None) -> str:
    return stable_id("incident", version or rules_version(), key.text())


def incident_id_of(doc: Mapping[str, Any]) -> str:
    """The incident id of an event document."""
    return incident_id(incident_key(doc))

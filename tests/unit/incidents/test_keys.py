"""The incident key: language-neutral, direction-free, and a pure function of one event."""

from __future__ import annotations

from streams.incident_models import IncidentKey
from streams.incidents.keys import incident_id, incident_key

from .support import event_doc


def test_direction_and_actor_sectors_do_not_matter_countries_do():
    call = incident_key(event_doc("e1", "a1", sources=["RUSGOV"], targets=["TURGOV"]))
    reverse = incident_key(event_doc("e2", "a2", sources=["TURGOV"], targets=["RUSGOV"], reciprocal=False))
    kremlin = incident_key(event_doc("e3", "a3", sources=["RUSGOV", "RUS"], targets=["TURGOV"]))
    assert call == reverse == kremlin
    assert call.participants == ("RUS", "TUR")
    assert incident_key(event_doc("e4", "a4", sources=["RUSGOV"], targets=["UKRGOV"])) != call


def test_organisations_keep_their_code():
    key = incident_key(event_doc("e1", "a1", sources=["IGOUNO"], targets=["SYRGOV"]))
    assert key.participants == ("IGOUNO", "SYR")


def test_type_day_and_modality_separate_incidents():
    base = incident_key(event_doc("e1", "a1"))
    assert incident_key(event_doc("e2", "a2", plover="ASSAULT")) != base
    assert incident_key(event_doc("e3", "a3", date="2025-03-05")) != base
    assert incident_key(event_doc("e4", "a4", modality=("future",))) != base
    assert incident_key(event_doc("e4", "a4", modality=("future",))).modality == "future"


def test_the_date_is_kept_at_its_precision_and_the_published_day_stands_in_for_none():
    assert incident_key(event_doc("e1", "a1", date="2025-03-01", precision="month")).day == "2025-03"
    assert incident_key(event_doc("e1", "a1", date=None, precision=None, published="2025-02-01T23:00:00+00:00")).day == "2025-02-01"


def test_the_venue_is_not_part_of_the_key():
    assert incident_key(event_doc("e1", "a1", venue="Moscow")) == incident_key(event_doc("e2", "a2"))


def test_ids_are_deterministic_and_the_key_text_round_trips():
    key = incident_key(event_doc("e1", "a1"))
    assert IncidentKey.from_text(key.text()) == key
    assert incident_id(key) == incident_id(IncidentKey.from_text(key.text()))
    assert incident_id(key) != incident_id(key, version="another")

"""Calling an ambassador home is a downgrade of relations (CAMEO 161, SANCTION), however the wire
words it; "called" in "called back" is no phone call."""

from __future__ import annotations

import pytest

PUBLISHED = "2025-03-12T10:00:00+00:00"


@pytest.mark.parametrize("text, source", [
    ("Russia is calling its ambassador to Ukraine back to Moscow for consultations, the foreign ministry said.", "RUS"),
    ("Foreign Minister Mevlut Cavusoglu said the ambassador was called back to Ankara for consultations.", "TUR"),
    ("Bolivia recalled its envoy to Chile on Tuesday.", "BOL"),
])
def test_an_ambassador_called_home_is_a_sanction(run, text, source):
    events = run(text, lang="en", published=PUBLISHED).events
    assert [(e.event.plover, e.event.cameo) for e in events] == [("SANCTION", "161")]
    assert events[0].source_actor[0].country == source

"""Event serialization: `to_json` renames only the `timestamp` key, whatever the values hold."""

from __future__ import annotations

import dataclasses

import orjson

from tests.synthetic_events import synthetic_event


def test_the_timestamp_key_becomes_at_timestamp_and_created_sits_in_event() -> None:
    event = synthetic_event(3, created="2024-05-01T00:00:00Z")
    doc = orjson.loads(event.to_json())
    assert doc["@timestamp"] == event.timestamp and "timestamp" not in doc
    assert doc["event"]["created"] == "2024-05-01T00:00:00Z"
    assert event.to_doc() == doc


def test_values_that_look_like_the_key_are_left_alone() -> None:
    tricky = '"timestamp": {"timestamp":1}'
    base = synthetic_event(5)
    event = dataclasses.replace(
        base, event_id=tricky, article_title=tricky, sentence=dataclasses.replace(base.sentence, text=tricky)
    )
    doc = orjson.loads(event.to_json())
    assert doc["event_id"] == doc["article_title"] == doc["sentence"]["text"] == tricky
    assert doc["@timestamp"] == base.timestamp

"""Archive lines: what `eventwire archive` writes reads back to the same bytes, keys and timestamps."""

from __future__ import annotations

import orjson
import pytest

from streams.ingest.archive import ArchiveLineError, decode_line, encode_record, iter_archive


@pytest.mark.parametrize(
    ("key", "value"),
    [
        (b"article-1", b'{"id":"article-1","text":"x"}'),
        (b"\xff\x00", b"not json at all"),
        (None, b"[1, 2, 3]"),  # JSON but not an object: kept byte for byte
        (b"k", None),  # a tombstone
        ("عربي".encode(), '{"id":"عربي","text":"نص"}'.encode()),
    ],
)
def test_round_trip_keeps_key_value_and_position(key, value):
    line = encode_record("articles", 3, 42, 1704448800000, key, value)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    message = decode_line(line, line=7)
    assert (message.topic, message.partition, message.offset, message.timestamp, message.line) == ("articles", 3, 42, 1704448800000, 7)
    assert message.key == key
    if value is not None and message.value_object is not None:
        assert orjson.loads(message.value) == orjson.loads(value)
    else:
        assert message.value == value


def test_json_objects_are_stored_readably_other_payloads_as_base64():
    readable = orjson.loads(encode_record("t", 0, 0, 1, b"k", b'{"id": "a", "text": "b"}'))
    assert readable["value"] == {"id": "a", "text": "b"} and readable["key"] == "k"
    opaque = orjson.loads(encode_record("t", 0, 0, 1, b"\xff", b"\x00raw"))
    assert "value" not in opaque and "value_b64" in opaque and "key_b64" in opaque


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b'{"topic": "t"}',
        b'{"topic": "t", "partition": 0, "offset": 1, "timestamp": 2, "value": 5}',
        b'{"topic": "t", "partition": 0, "offset": 1, "timestamp": 2, "value_b64": "***"}',
        b'{"topic": "t", "partition": "zero", "offset": 1, "timestamp": 2, "value": {}}',
    ],
)
def test_bad_lines_raise_value_error(raw):
    with pytest.raises(ValueError):
        decode_line(raw, line=1)


def test_iter_archive_skips_to_a_start_line_and_reports_bad_lines(tmp_path):
    path = tmp_path / "a.ndjson"
    lines = [encode_record("t", 0, offset, 1000 + offset, b"k", b'{"id":"x","text":"y"}') for offset in range(5)]
    path.write_bytes(b"".join(lines[:3]) + b"garbage\n" + b"".join(lines[3:]))
    entries = list(iter_archive(path))
    assert [e.line for e in entries] == [1, 2, 3, 4, 5, 6]
    assert isinstance(entries[3], ArchiveLineError)
    resumed = list(iter_archive(path, start_line=4))
    assert [(e.line, e.offset) for e in resumed] == [(5, 3), (6, 4)]

"""`eventwire archive` exports exactly a time range; an archive replays into a topic with keys and times kept."""

from __future__ import annotations

import gzip
import time
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from typer.testing import CliRunner

from streams.app.topics import delete_topics
from streams.cli import app
from streams.ingest.archive import export_range, iter_archive
from streams.ingest.publisher import publish
from streams.ingest.times import iso
from streams.kafka import consumer
from streams.replay.runner import ReplayStopped, replay_archive_to_topic

BASE = datetime(2024, 3, 1, tzinfo=UTC)


def articles(count: int) -> list[dict]:
    # Published one hour apart, but sent in a shuffled order: Kafka timestamps are not monotonic.
    order = sorted(range(count), key=lambda n: (n * 7) % count)
    return [
        {"id": f"arch-{n:03d}", "text": f"Report number {n} from the wire.", "published": iso(BASE + timedelta(hours=n))}
        for n in order
    ]


def read_all(settings, topic: str, expected: int, timeout: float = 30.0) -> list:
    reader = consumer(settings, topic, group_id=None)
    records: list = []
    deadline = time.monotonic() + timeout
    try:
        while len(records) < expected and time.monotonic() < deadline:
            for batch in reader.poll(timeout_ms=500).values():
                records.extend(batch)
        for batch in reader.poll(timeout_ms=1000).values():
            records.extend(batch)
    finally:
        reader.close()
    return records


@pytest.mark.parametrize("suffix", [".ndjson", ".ndjson.gz"])
def test_archive_exports_exactly_the_records_in_the_time_range(isolated, tmp_path, suffix):
    sent = articles(40)
    assert publish(isolated, sent, timestamp_from_published=True, progress=False).sent == 40
    start, end = BASE + timedelta(hours=10), BASE + timedelta(hours=25)
    out = tmp_path / f"range{suffix}"

    summary = export_range(isolated, start, end, out, progress=False)

    expected = {a["id"] for a in sent if start <= datetime.fromisoformat(a["published"]) < end}
    assert len(expected) == 15
    entries = list(iter_archive(out))
    assert {e.key.decode() for e in entries} == expected
    assert summary.written == 15
    assert not list(tmp_path.glob("*.partial*"))
    if suffix.endswith(".gz"):
        assert out.read_bytes()[:2] == b"\x1f\x8b"
    by_id = {a["id"]: a for a in sent}
    for entry in entries:
        assert entry.topic == isolated.topic_articles
        assert orjson.loads(entry.value) == by_id[entry.key.decode()]
        assert entry.timestamp == int(datetime.fromisoformat(by_id[entry.key.decode()]["published"]).timestamp() * 1000)
    # partition by partition, offsets ascending: the same range always gives the same file
    positions = [(e.partition, e.offset) for e in entries]
    assert positions == sorted(positions)


def test_cli_archive_then_replay_into_a_topic_keeps_keys_values_and_timestamps(isolated, tmp_path):
    sent = articles(30)
    publish(isolated, sent, timestamp_from_published=True, progress=False)
    out = tmp_path / "all.ndjson.gz"
    runner = CliRunner()
    result = runner.invoke(
        app, ["archive", str(out), "--from", "2024-03-01", "--to", "2024-03-03", "--no-progress"], obj=isolated
    )
    assert result.exit_code == 0, result.output
    assert "wrote 30 records" in result.output
    with gzip.open(out) as handle:
        lines = [orjson.loads(line) for line in handle]
    assert len(lines) == 30

    target = f"{isolated.topic_articles}.replayed"
    state = isolated.with_overrides(state_dir=tmp_path / "state")
    try:
        with pytest.raises(ReplayStopped):
            replay_archive_to_topic(state, out, topic=target, progress=False, batch_size=8, stop_after_batches=2)
        started = time.monotonic()
        report = replay_archive_to_topic(state, out, topic=target, rate=100, progress=False, batch_size=8)
        elapsed = time.monotonic() - started
        assert report.resumed and report.done and report.read == 30 - 16
        assert elapsed >= (14 - 1) / 100 * 0.9  # the rate limit applied to the 14 remaining records
        replayed = read_all(isolated, target, 30)
        assert len(replayed) == 30  # no gap, no repeat across the stop
        original = {line["key"]: line for line in lines}
        for record in replayed:
            line = original[record.key.decode()]
            assert record.timestamp == line["timestamp"]
            assert orjson.loads(record.value) == line["value"]
    finally:
        delete_topics(isolated.with_overrides(topic_articles=target), [target])

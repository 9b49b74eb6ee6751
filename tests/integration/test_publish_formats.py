"""`eventwire publish` on the real Kafka: every input format arrives keyed by article id, intact."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from streams.cli import app
from streams.ingest.publisher import publish
from streams.ingest.readers import ArticleRecord, iter_articles
from streams.ingest.times import published_epoch_ms
from streams.kafka import consumer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
INGEST = FIXTURES / "ingest"


def read_topic(settings, topic: str, expected: int, timeout: float = 30.0) -> list:
    """Everything on `topic` (no consumer group), waiting up to `timeout` for `expected` records."""
    import time

    reader = consumer(settings, topic, group_id=None)
    records: list = []
    deadline = time.monotonic() + timeout
    try:
        while len(records) < expected and time.monotonic() < deadline:
            for batch in reader.poll(timeout_ms=500).values():
                records.extend(batch)
        for batch in reader.poll(timeout_ms=500).values():  # anything beyond the expected count
            records.extend(batch)
    finally:
        reader.close()
    return records


@pytest.mark.parametrize(
    "source",
    [
        INGEST / "articles.jsonl",
        FIXTURES / "seed_article.json",
        FIXTURES / "seed_article.txt",
        INGEST / "page.html",
        INGEST / "page_jsonld.html",
        INGEST / "feed.rss",
        INGEST / "feed.atom",
        INGEST / "archive.ndjson",
        INGEST / "dir",
    ],
    ids=lambda p: p.name,
)
def test_each_format_publishes_its_articles_with_published_timestamps(isolated, source):
    expected = [i.article for i in iter_articles([source]) if isinstance(i, ArticleRecord)]
    read_errors = [i for i in iter_articles([source]) if not isinstance(i, ArticleRecord)]
    assert expected, "the fixture must hold at least one article"

    summary = publish(isolated, iter_articles([source]), timestamp_from_published=True, progress=False)

    assert summary.sent == len(expected)
    assert summary.failed == len(read_errors)
    records = read_topic(isolated, isolated.topic_articles, len(expected))
    assert len(records) == len(expected)
    by_key = {r.key.decode(): r for r in records}
    for article in expected:
        record = by_key[article["id"]]
        assert orjson.loads(record.value) == article
        stamp = published_epoch_ms(article)
        if stamp is not None:
            assert record.timestamp == stamp


def test_oversized_message_is_failed_with_a_reason_and_not_sent(isolated):
    small = isolated.with_overrides(max_message_bytes=2048)
    items = [{"id": "big", "text": "x" * 5000}, {"id": "small", "text": "fits"}]
    summary = publish(small, items, progress=False)
    assert (summary.sent, summary.failed) == (1, 1)
    assert "exceeds max_message_bytes" in summary.errors[0].reason
    records = read_topic(isolated, isolated.topic_articles, 2, timeout=5)
    assert [r.key for r in records] == [b"small"]


def test_rate_limited_publish_takes_the_time_it_should(isolated):
    import time

    items = [{"id": f"r{n}", "text": f"Article number {n}."} for n in range(21)]
    started = time.monotonic()
    summary = publish(isolated, items, rate=40, progress=False)
    elapsed = time.monotonic() - started
    assert summary.sent == 21
    assert elapsed >= 20 / 40 * 0.95


def test_cli_publish_prints_the_summary_and_fails_on_bad_input(isolated):
    runner = CliRunner()
    result = runner.invoke(
        app, ["publish", str(INGEST / "articles.jsonl"), "--topic", isolated.topic_articles, "--no-progress"], obj=isolated
    )
    assert result.exit_code == 1, result.output
    assert "sent 4, failed 3" in result.output  # the line with a time but no offset is taken as UTC
    good = runner.invoke(
        app, ["publish", str(INGEST / "feed.atom"), "--topic", isolated.topic_articles, "--timestamp", "published", "--no-progress"],
        obj=isolated,
    )
    assert good.exit_code == 0, good.output
    assert "sent 2, failed 0" in good.output

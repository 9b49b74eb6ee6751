"""Publishing article messages to the articles topic with a durable producer.

key = article id (utf-8), value = the article as JSON. Delivery is counted from the producer's
futures after a flush, so `sent` means acknowledged by all in-sync replicas, and every failure is
reported with its reason and where the article came from.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from streams.config import Settings
from streams.ingest.progress import meter
from streams.ingest.rate import RateLimiter
from streams.ingest.readers import ArticleRecord, ReadError
from streams.ingest.times import published_epoch_ms

MAX_REPORTED_ERRORS = 1000
# Unconfirmed sends kept before forcing a flush (bounds memory on huge inputs).
MAX_IN_FLIGHT = 20_000
FLUSH_TIMEOUT_SECONDS = 180.0


@dataclass(frozen=True, slots=True)
class PublishError:
    origin: str
    reason: str


@dataclass(slots=True)
class PublishSummary:
    topic: str
    sent: int = 0
    failed: int = 0
    errors: list[PublishError] = field(default_factory=list)
    without_published: int = 0  # with --timestamp published: articles stamped with the send time instead
    dry_run: bool = False  # `sent` counts what would have been sent; nothing was

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "dry_run": self.dry_run, "sent": self.sent, "failed": self.failed,
                "without_published": self.without_published,
                "errors": [{"origin": e.origin, "reason": e.reason} for e in self.errors]}

    def fail(self, origin: str, reason: str) -> None:
        self.failed += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(PublishError(origin, reason))

    @property
    def ok(self) -> bool:
        return self.failed == 0


def encode_article(article: dict[str, Any]) -> tuple[bytes, bytes]:
    """(key, value) of an article message."""
    return str(article["id"]).encode("utf-8"), orjson.dumps(article)


def _sendable(item: ArticleRecord | ReadError | dict[str, Any], settings: Settings,
              summary: PublishSummary) -> tuple[ArticleRecord, bytes, bytes] | None:
    """The record, key and value to send, or None once the item is counted as failed."""
    if isinstance(item, dict):
        item = ArticleRecord(item, "<input>")
    if isinstance(item, ReadError):
        summary.fail(item.origin, item.reason)
        return None
    key, value = encode_article(item.article)
    if len(value) > settings.max_message_bytes:
        summary.fail(item.origin, f"message of {len(value)} bytes exceeds max_message_bytes ({settings.max_message_bytes})")
        return None
    return item, key, value


def check_articles(
    settings: Settings, items: Iterable[ArticleRecord | ReadError | dict[str, Any]], *, topic: str | None = None,
    timestamp_from_published: bool = False, progress: bool = True,
) -> PublishSummary:
    """`publish --dry-run`: what `publish` would send and what would fail, read and checked the same
    way, without a connection to Kafka."""
    summary = PublishSummary(topic=topic or settings.topic_articles, dry_run=True)
    with meter("publish --dry-run", enabled=progress) as bar:
        for item in items:
            bar.advance()
            checked = _sendable(item, settings, summary)
            if checked is None:
                continue
            if timestamp_from_published and published_epoch_ms(checked[0].article) is None:
                summary.without_published += 1
            summary.sent += 1
    return summary


class _Deliveries:
    """Producer futures in send order, settled into the summary as they complete."""

    def __init__(self, summary: PublishSummary) -> None:
        self.summary = summary
        self.pending: deque[tuple[Any, str]] = deque()

    def add(self, future: Any, origin: str) -> None:
        self.pending.append((future, origin))

    def settle_done(self) -> None:
        while self.pending and self.pending[0][0].is_done:
            self._settle(*self.pending.popleft())

    def settle_all(self) -> None:
        while self.pending:
            future, origin = self.pending.popleft()
            if not future.is_done:
                self.summary.fail(origin, "not acknowledged before the flush timeout")
                continue
            self._settle(future, origin)

    def _settle(self, future: Any, origin: str) -> None:
        if future.succeeded():
            self.summary.sent += 1
        else:
            exc = future.exception
            self.summary.fail(origin, f"{type(exc).__name__}: {exc}")


def publish(
    settings: Settings,
    items: Iterable[ArticleRecord | ReadError | dict[str, Any]],
    *,
    topic: str | None = None,
    timestamp_from_published: bool = False,
    rate: float | None = None,
    progress: bool = True,
    total: int | None = None,
    producer_factory: Callable[[Settings], Any] | None = None,
    limiter: RateLimiter | None = None,
) -> PublishSummary:
    """Send every article of `items`; read errors and oversized messages are counted as failed."""
    from kafka.errors import KafkaError

    from streams.app.topics import ensure_topics
    from streams.kafka import producer as make_producer

    target = topic or settings.topic_articles
    ensure_topics(settings.with_overrides(topic_articles=target))
    summary = PublishSummary(topic=target)
    pace = limiter or (RateLimiter(rate) if rate else None)
    producer = (producer_factory or make_producer)(settings)
    deliveries = _Deliveries(summary)
    try:
        with meter(f"publish → {target}", total=total, enabled=progress) as bar:
            for item in items:
                bar.advance()
                checked = _sendable(item, settings, summary)
                if checked is None:
                    continue
                item, key, value = checked
                timestamp_ms = None
                if timestamp_from_published:
                    timestamp_ms = published_epoch_ms(item.article)
                    if timestamp_ms is None:
                        summary.without_published += 1
                if pace is not None:
                    pace.acquire()
                try:
                    future = producer.send(target, key=key, value=value, timestamp_ms=timestamp_ms)
                except KafkaError as exc:  # refused before sending (e.g. buffer full for too long)
                    summary.fail(item.origin, f"{type(exc).__name__}: {exc}")
                    continue
                deliveries.add(future, item.origin)
                deliveries.settle_done()
                if len(deliveries.pending) >= MAX_IN_FLIGHT:
                    producer.flush(timeout=FLUSH_TIMEOUT_SECONDS)
                    deliveries.settle_all()
            producer.flush(timeout=FLUSH_TIMEOUT_SECONDS)
            deliveries.settle_all()
    except KafkaError as exc:
        # The flush itself timed out or the producer died: whatever is unconfirmed has failed.
        deliveries.settle_all()
        summary.fail("<producer>", f"{type(exc).__name__}: {exc}")
    finally:
        producer.close(timeout=10)
    return summary

"""Small helpers for integration tests on the real stack (Kafka + Elasticsearch + workers)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from streams.config import Settings
from streams.kafka import consumer, producer
from streams.ops.lag import total_lag, worker_lag
from streams.ops.workers import WorkerHandle, log_tail, start_worker, stop_worker


@contextmanager
def own_topics_and_indices(settings: Settings) -> Iterator[Settings]:
    """The topics, templates and indices of `settings` created, and removed again afterwards."""
    from streams.ops.isolation import drop_everything
    from streams.setup import prepare

    prepare(settings)
    try:
        yield settings
    finally:
        drop_everything(settings)


@contextmanager
def worker_process(settings: Settings, name: str, **options: Any) -> Iterator[WorkerHandle]:
    """A worker process on `settings`, stopped afterwards; the tail of its log is printed when the
    block fails (what the worker said is what explains it)."""
    handle = start_worker(settings, name, **options)
    try:
        yield handle
    except BaseException:
        print(log_tail(handle, 80))
        raise
    finally:
        stop_worker(handle)


def publish_raw(settings: Settings, messages: list[tuple[bytes | None, bytes]], topic: str | None = None) -> None:
    sender = producer(settings)
    try:
        futures = [sender.send(topic or settings.topic_articles, key=key, value=value) for key, value in messages]
        sender.flush(30)
        for future in futures:
            future.get(timeout=30)
    finally:
        sender.close()


def publish_articles(settings: Settings, articles: list[dict[str, Any]]) -> None:
    publish_raw(settings, [(a["id"].encode(), orjson.dumps(a)) for a in articles])


def wait_until(predicate: Callable[[], Any], timeout: float, interval: float = 0.1, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")


def wait_drained(settings: Settings, timeout: float = 60.0) -> None:
    """Until the worker group has committed everything on both topics (so all output is written)."""

    def drained() -> bool:
        lags = worker_lag(settings)
        return bool(lags) and all(item.committed is not None or item.end == 0 for item in lags) and total_lag(lags) == 0

    wait_until(drained, timeout, interval=0.5, what="worker lag 0")


def es_client(settings: Settings):
    from elasticsearch import Elasticsearch

    return Elasticsearch(**settings.es_client_kwargs())


def docs_where(settings: Settings, alias: str, field: str, value: str) -> list[dict[str, Any]]:
    """The documents behind `alias` (refreshed first) whose `field` holds `value`."""
    client = es_client(settings)
    try:
        client.indices.refresh(index=alias)
        result = client.search(index=alias, query={"term": {field: value}}, size=1000)
        return [hit["_source"] for hit in result["hits"]["hits"]]
    finally:
        client.close()


def event_docs(settings: Settings, article_id: str) -> list[dict[str, Any]]:
    return docs_where(settings, settings.events_alias, "article_id", article_id)


def read_topic(settings: Settings, topic: str, expected: int, timeout: float = 30.0) -> list[Any]:
    reader = consumer(settings, topic, group_id=None, consumer_timeout_ms=1000)
    records: list[Any] = []
    deadline = time.monotonic() + timeout
    try:
        while len(records) < expected and time.monotonic() < deadline:
            for batch in reader.poll(timeout_ms=500).values():
                records.extend(batch)
    finally:
        reader.close()
    return records


@dataclass(frozen=True)
class RoundTrip:
    sent: int
    verification: Any
    log: str
    log_path: Path


def worker_round_trip(settings: Settings, count: int, timeout: float = 120.0) -> RoundTrip:
    """A real worker on `settings`; `count` verifiable articles published and waited for.

    The worker is stopped before returning; its log is returned (and kept on disk) so callers can
    check that no secret was written to it.
    """
    from chaos.verify import publish_now, verify_run

    with worker_process(settings, f"{settings.app_id}-w1", web_port=0) as handle:
        sent = publish_now(settings, settings.app_id, range(count))
        deadline = time.monotonic() + timeout
        while True:
            verification = verify_run(settings, settings.app_id, range(count))
            if verification.indexed == count or time.monotonic() > deadline:
                break
            time.sleep(1)
    return RoundTrip(sent, verification, handle.log_path.read_text(errors="replace"), handle.log_path)

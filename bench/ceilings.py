"""Raw ceilings of the machine, measured in the same run as the pipeline and on the same data.

- Kafka: a plain aiokafka consumer reads the articles topic from the start (no group, no
  commits, no processing): messages/s.
- Elasticsearch: the event and article documents the worker produced (read back from the events
  topic, given the same index-time fields the sink adds) are bulk-loaded with raw `_bulk`
  requests of `index_batch_size` documents into fresh indices with the same templates: docs/s,
  one request at a time and two at a time (two cores); the better of the two is the ceiling.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from streams.config import Settings


async def kafka_consume_ceiling(settings: Settings, topic: str) -> dict[str, Any]:
    """Read every message of `topic` once with a bare aiokafka consumer."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=settings.max_message_bytes + 1024 * 1024,
        fetch_max_bytes=max(52428800, settings.max_message_bytes + 1024 * 1024),
        **settings.kafka_client_kwargs(),
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(settings.partitions)]  # we created them
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        expected = sum(ends.values())
        count = 0
        size = 0
        started = time.perf_counter()
        while count < expected:
            batches = await consumer.getmany(timeout_ms=1000, max_records=10_000)
            for records in batches.values():
                count += len(records)
                size += sum(len(r.value or b"") for r in records)
        seconds = time.perf_counter() - started
    finally:
        await consumer.stop()
    return {"messages": count, "bytes": size, "seconds": seconds, "messages_per_s": count / seconds if seconds else 0.0}


async def read_bulk_payloads(settings: Settings, limit: int) -> tuple[list[bytes], int, int]:
    """The bulk lines of (at most `limit`) documents from the events topic, as the sink would send them.

    Returns (payloads, events, articles). Encoding happens here, before any timing starts.
    """
    from aiokafka import AIOKafkaConsumer, TopicPartition

    from streams.sink.documents import decode_index_records
    from streams.sink.elastic import encode, utc_now

    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap, group_id=None, enable_auto_commit=False,
        auto_offset_reset="earliest", **settings.kafka_client_kwargs(),
    )
    await consumer.start()
    payloads: list[bytes] = []
    kinds = {"event": 0, "article": 0}
    targets = {"event": settings.events_alias, "article": settings.articles_alias}
    ingested = utc_now()
    try:
        topic = settings.topic_events
        partitions = [TopicPartition(topic, p) for p in range(settings.partitions)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        remaining = sum(ends.values())  # records (a bundle record holds an article's documents)
        while len(payloads) < limit and remaining > 0:
            for records in (await consumer.getmany(timeout_ms=1000, max_records=10_000)).values():
                for record in records:
                    remaining -= 1
                    if len(payloads) >= limit:
                        break
                    for item in decode_index_records(record.value, record.headers):
                        kinds[item.kind] += 1
                        payloads.append(encode(item, targets[item.kind], ingested).payload)
    finally:
        await consumer.stop()
    return payloads, kinds["event"], kinds["article"]


async def es_bulk_ceiling(settings: Settings, payloads: list[bytes], batch_size: int, concurrency: int) -> dict[str, Any]:
    """Send the payloads as raw `_bulk` requests of `batch_size` documents, `concurrency` in flight."""
    from elasticsearch import AsyncElasticsearch

    bodies = [b"".join(payloads[i : i + batch_size]) for i in range(0, len(payloads), batch_size)]
    client = AsyncElasticsearch(**settings.es_client_kwargs(), request_timeout=120)
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    errors = 0
    first_error: Any = None

    async def sender() -> None:
        nonlocal errors, first_error
        while not queue.empty():
            body = queue.get_nowait()
            response = await client.bulk(operations=body, filter_path="errors,items.*.error")
            if response.body.get("errors"):
                failed = [e for item in response.body.get("items") or [] for e in item.values() if e.get("error")]
                errors += len(failed)
                first_error = first_error or (failed[0]["error"] if failed else None)
    try:
        started = time.perf_counter()
        await asyncio.gather(*(sender() for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    finally:
        await client.close()
    return {
        "docs": len(payloads), "errors": errors, "first_error": first_error, "seconds": seconds, "concurrency": concurrency,
        "batch_size": batch_size, "docs_per_s": len(payloads) / seconds if seconds else 0.0,
    }


async def es_ceilings(source: Settings, target: Settings, limit: int) -> dict[str, Any]:
    """Bulk-load the worker's documents (from `source`'s events topic) into `target`'s fresh indices."""
    from elasticsearch import AsyncElasticsearch

    from streams.sink.admin import delete_indices_and_templates, init_indices

    payloads, events, articles = await read_bulk_payloads(
        source.with_overrides(events_alias=target.events_alias, articles_alias=target.articles_alias), limit
    )
    runs = []
    for concurrency in (1, 2):
        client = AsyncElasticsearch(**target.es_client_kwargs())
        try:
            await delete_indices_and_templates(client, target)
            await init_indices(client, target)
        finally:
            await client.close()
        runs.append(await es_bulk_ceiling(target, payloads, source.index_batch_size, concurrency))
    client = AsyncElasticsearch(**target.es_client_kwargs())
    try:
        await delete_indices_and_templates(client, target)
    finally:
        await client.close()
    best = max(runs, key=lambda r: r["docs_per_s"])
    return {
        "runs": runs,
        "docs_per_s": best["docs_per_s"],
        "event_docs": events,
        "article_docs": articles,
        "docs_per_article": (events + articles) / articles if articles else float("nan"),
    }

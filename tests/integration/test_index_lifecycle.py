"""Index lifecycle on the real Elasticsearch: init, write through the alias, status, swap, rollback."""

from __future__ import annotations

import asyncio
import time

import pytest
from elasticsearch import NotFoundError
from tests.integration.sink_support import client_for, es_settings  # noqa: F401 - fixture

from streams.models import Article
from streams.sink.admin import AdminError, index_status, init_indices, rollback, swap_alias
from streams.sink.documents import article_document, article_item, event_item
from streams.sink.elastic import BulkWriter
from tests.synthetic_events import synthetic_event, synthetic_extraction

pytestmark = pytest.mark.integration


def test_init_write_status_swap_rollback(es_settings):
    settings = es_settings

    async def scenario():
        client = client_for(settings)
        try:
            first = await init_indices(client, settings)
            assert set(first["indices"].values()) == {"created"}
            again = await init_indices(client, settings)
            assert set(again["indices"].values()) == {"exists"}

            events = [synthetic_event(n, article_id="art-1") for n in range(12)]
            article = Article(id="art-1", text="نص الخبر", title="عنوان", lang="ar", published="2023-01-05T12:00:00Z")
            article_doc = article_document(article, synthetic_extraction(article, tuple(events)),
                                           created="2024-01-01T00:00:00Z", lineage=None)
            items = [event_item(e.to_doc()) for e in events] + [article_item(article_doc)]
            writer = BulkWriter(client, settings)
            assert await writer.write(items) == []
            assert await writer.write(items) == []  # a replay overwrites: same ids
            await client.indices.refresh(index=[settings.events_alias, settings.articles_alias])
            assert (await client.count(index=settings.events_alias))["count"] == 12
            assert (await client.count(index=settings.articles_alias))["count"] == 1
            stored = await client.get(index=settings.events_alias, id=events[0].event_id)
            assert stored["_index"] == settings.events_index(1)
            assert stored["_source"]["event"]["ingested"] and stored["_source"]["dyad"]

            status = await index_status(client, settings)
            rows = {row["index"]: row for row in status["indices"]}
            assert rows[settings.events_index(1)]["docs"] == 12
            assert rows[settings.events_index(1)]["is_write_index"]
            assert rows[settings.events_index(1)]["refresh_interval"] == settings.refresh_interval
            assert status["aliases"][settings.events_alias]["write_index"] == settings.events_index(1)

            await init_indices(client, settings, version=2)  # next version beside the live one
            assert (await index_status(client, settings))["aliases"][settings.events_alias]["write_index"] == settings.events_index(1)
            swapped = await swap_alias(client, settings, settings.events_alias, settings.events_index(2))
            assert swapped["previous"] == settings.events_index(1)
            assert (await client.count(index=settings.events_alias))["count"] == 0  # reads moved too
            assert await writer.write(items[:3]) == []
            await client.indices.refresh(index=settings.events_index(2))
            assert (await client.count(index=settings.events_index(2)))["count"] == 3

            back = await rollback(client, settings, settings.events_alias)
            assert back == {"alias": settings.events_alias, "index": settings.events_index(1), "rolled_back_from": settings.events_index(2)}
            assert (await client.count(index=settings.events_alias))["count"] == 12
            with pytest.raises(AdminError):
                await rollback(client, settings, settings.events_alias)  # v1 was never swapped in
            with pytest.raises(AdminError):
                await swap_alias(client, settings, settings.events_alias, settings.events_index(9))
        finally:
            await client.close()

    asyncio.run(scenario())


def test_writes_never_create_an_index_behind_a_missing_alias(es_settings):
    """Without `index init` the writer waits (require_alias) instead of auto-creating a dynamic index."""
    settings = es_settings

    async def scenario():
        client = client_for(settings)
        try:
            writer = BulkWriter(client, settings)
            task = asyncio.create_task(writer.write([event_item(synthetic_event(1).to_doc())]))
            await asyncio.sleep(1.0)
            assert not task.done()
            with pytest.raises(NotFoundError):
                await client.indices.get(index=settings.events_alias)
            await init_indices(client, settings)
            assert await asyncio.wait_for(task, 30) == []
        finally:
            await client.close()

    asyncio.run(scenario())


def test_refresh_to_searchable_latency(es_settings):
    """An event written through the alias becomes searchable within about one refresh interval."""
    settings = es_settings

    async def scenario() -> list[float]:
        client = client_for(settings)
        latencies = []
        try:
            await init_indices(client, settings)
            writer = BulkWriter(client, settings)
            for n in range(10):
                doc = synthetic_event(1000 + n).to_doc()
                started = time.perf_counter()
                assert await writer.write([event_item(doc)]) == []
                while not (await client.count(index=settings.events_alias, query={"term": {"event_id": doc["event_id"]}}))["count"]:
                    await asyncio.sleep(0.02)
                latencies.append(time.perf_counter() - started)
        finally:
            await client.close()
        return sorted(latencies)

    latencies = asyncio.run(scenario())
    p50, worst = latencies[len(latencies) // 2], latencies[-1]
    print(f"write-to-searchable over {len(latencies)} events: p50 {p50:.3f}s max {worst:.3f}s")
    # refresh_interval 1s: a write waits up to one interval; the 2 s budget leaves room for a busy machine.
    assert p50 < 1.5 and worst < 3.0

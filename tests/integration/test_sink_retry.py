"""The writer loses nothing across real failures of the real Elasticsearch, and rejects what no retry heals."""

from __future__ import annotations

import asyncio
from urllib.parse import urlparse

import pytest
from prometheus_client import REGISTRY
from tests.integration.sink_support import client_for, es_settings  # noqa: F401 - fixture

from streams.ops.workers import free_port
from streams.sink.admin import init_indices
from streams.sink.documents import event_item
from streams.sink.elastic import BulkWriter
from tests.synthetic_events import synthetic_event

pytestmark = pytest.mark.integration


def retried() -> float:
    return REGISTRY.get_sample_value("eventwire_sink_retried_total", {"kind": "event"}) or 0.0


def test_http_429_from_a_flood_stage_block_is_retried_until_it_lifts(es_settings):
    """Elasticsearch answers 429 (cluster_block_exception) while the disk flood-stage block is on the index."""
    settings = es_settings
    items = [event_item(synthetic_event(n).to_doc()) for n in range(200)]

    async def scenario():
        client = client_for(settings)
        try:
            await init_indices(client, settings)
            index = settings.events_index()
            await client.indices.put_settings(index=index, settings={"index.blocks.read_only_allow_delete": True})
            before = retried()
            task = asyncio.create_task(BulkWriter(client, settings).write(items))
            await asyncio.sleep(2.0)
            assert not task.done(), "write returned while every item was answered 429"
            assert retried() - before >= 2 * len(items)  # resent at least twice already
            await client.indices.put_settings(index=index, settings={"index.blocks.read_only_allow_delete": None})
            assert await asyncio.wait_for(task, 30) == []
            await client.indices.refresh(index=index)
            assert (await client.count(index=settings.events_alias))["count"] == len(items)
        finally:
            await client.close()

    asyncio.run(scenario())


async def _forward(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


def test_connection_refused_for_a_while_loses_nothing(es_settings):
    """The writer talks to a port where nothing listens; after a while a TCP relay to Elasticsearch opens there."""
    settings = es_settings
    es = urlparse(settings.es_url)
    port = free_port()
    relayed = settings.with_overrides(es_url=f"{es.scheme}://127.0.0.1:{port}")
    items = [event_item(synthetic_event(n).to_doc()) for n in range(300)]

    async def relay(client_reader, client_writer):
        upstream_reader, upstream_writer = await asyncio.open_connection(es.hostname, es.port or 9200)
        await asyncio.gather(_forward(client_reader, upstream_writer), _forward(upstream_reader, client_writer))

    async def scenario():
        admin = client_for(settings)
        writer_client = client_for(relayed)
        try:
            await init_indices(admin, settings)
            before = retried()
            task = asyncio.create_task(BulkWriter(writer_client, settings).write(items))
            await asyncio.sleep(1.5)
            assert not task.done() and retried() > before
            server = await asyncio.start_server(relay, "127.0.0.1", port)
            try:
                assert await asyncio.wait_for(task, 30) == []
            finally:
                server.close()
            await admin.indices.refresh(index=settings.events_alias)
            assert (await admin.count(index=settings.events_alias))["count"] == len(items)
        finally:
            await writer_client.close()
            await admin.close()

    asyncio.run(scenario())


def test_documents_the_strict_mapping_refuses_are_rejected_and_the_rest_indexed(es_settings):
    settings = es_settings
    good = [event_item(synthetic_event(n).to_doc(), origin=("events", 0, n)) for n in range(10)]
    unknown_field = {**synthetic_event(90).to_doc(), "surprise": True}
    wrong_type = {**synthetic_event(91).to_doc(), "confidence": "very"}
    bad_geo = synthetic_event(92).to_doc()
    bad_geo["location"] = {**bad_geo["location"], "geo": {"lat": 300, "lon": 0}}
    bad = [event_item(doc, origin=("events", 0, 100 + i)) for i, doc in enumerate((unknown_field, wrong_type, bad_geo))]

    async def scenario():
        client = client_for(settings)
        try:
            await init_indices(client, settings)
            rejections = await BulkWriter(client, settings).write(good[:5] + bad + good[5:])
            await client.indices.refresh(index=settings.events_alias)
            count = (await client.count(index=settings.events_alias))["count"]
        finally:
            await client.close()
        return rejections, count

    rejections, count = asyncio.run(scenario())
    assert count == len(good)
    assert [r.item.origin for r in rejections] == [item.origin for item in bad]
    assert all(r.status == 400 for r in rejections)
    assert rejections[0].error_type == "strict_dynamic_mapping_exception" and "surprise" in rejections[0].reason
    assert rejections[1].error_type == "document_parsing_exception" and "confidence" in rejections[1].reason

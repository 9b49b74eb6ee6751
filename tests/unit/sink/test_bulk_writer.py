"""The writer's decisions on every kind of bulk answer (a scripted client; the real cluster is in tests/integration)."""

import asyncio

import elastic_transport
import elasticsearch
import orjson
import pytest
from prometheus_client import REGISTRY

from streams.config import Settings
from streams.sink.documents import IndexItem, event_item
from streams.sink.elastic import BulkWriter, chunk, encode, item_is_transient, request_is_transient
from tests.synthetic_events import synthetic_event


class ScriptedClient:
    """Answers each bulk call with the next scripted step: a callable(ids) -> statuses, or an exception."""

    def __init__(self, steps):
        self.steps = list(steps)
        self.calls: list[list[str]] = []

    def options(self, **_):
        return self

    async def bulk(self, *, operations, require_alias, filter_path):
        assert require_alias is True
        lines = operations.splitlines()
        ids = [orjson.loads(line)["index"]["_id"] for line in lines[0::2]]
        self.calls.append(ids)
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        items = []
        for doc_id, answer in zip(ids, step(ids)):
            status, error_type = answer if isinstance(answer, tuple) else (answer, None)
            outcome = {"status": status}
            if error_type:
                outcome["error"] = {"type": error_type, "reason": f"{error_type} on {doc_id}"}
            items.append({"index": outcome})

        class Response:
            body = {"errors": True, "items": items}

        return Response()

    async def close(self):
        pass


def _items(n):
    return [event_item(synthetic_event(i).to_doc()) for i in range(n)]


def _writer(client, **overrides):
    sleeps = []

    async def sleep(seconds):
        sleeps.append(seconds)

    settings = Settings().with_overrides(retry_base_seconds=0.01, retry_cap_seconds=0.05, **overrides)
    return BulkWriter(client, settings, sleep=sleep), sleeps


def _metric(name, kind="event"):
    return REGISTRY.get_sample_value(name, {"kind": kind}) or 0.0


def test_item_level_429_and_503_are_resent_alone_until_confirmed():
    items = _items(5)
    ids = [i.doc_id for i in items]
    client = ScriptedClient([
        lambda batch: [201, (429, "es_rejected_execution_exception"), 201, (503, "unavailable_shards_exception"), 201],
        lambda batch: [(429, "es_rejected_execution_exception"), 201],
        lambda batch: [201],
    ])
    writer, sleeps = _writer(client)
    retried_before = _metric("eventwire_sink_retried_total")
    rejections = asyncio.run(writer.write(items))
    assert rejections == []
    assert client.calls == [ids, [ids[1], ids[3]], [ids[1]]]
    assert len(sleeps) == 2 and all(s <= 0.05 for s in sleeps)
    assert _metric("eventwire_sink_retried_total") - retried_before == 3


def test_mapping_errors_are_rejected_and_not_resent():
    items = _items(3)
    client = ScriptedClient([lambda batch: [201, (400, "strict_dynamic_mapping_exception"), (400, "document_parsing_exception")]])
    writer, sleeps = _writer(client)
    rejections = asyncio.run(writer.write(items))
    assert [(r.item, r.status, r.error_type) for r in rejections] == [
        (items[1], 400, "strict_dynamic_mapping_exception"),
        (items[2], 400, "document_parsing_exception"),
    ]
    assert "on " + items[1].doc_id in rejections[0].reason
    assert len(client.calls) == 1 and sleeps == []


def test_whole_request_connection_errors_and_5xx_are_waited_out():
    items = _items(2)
    meta = elastic_transport.ApiResponseMeta(503, "1.1", elastic_transport.HttpHeaders(), 0.0, None)
    client = ScriptedClient([
        elasticsearch.ConnectionError("refused"),
        elastic_transport.ConnectionTimeout("timed out"),
        elasticsearch.ApiError("unavailable", meta, {"error": {"type": "x"}}),
        lambda batch: [201, 201],
    ])
    writer, sleeps = _writer(client)
    assert asyncio.run(writer.write(items)) == []
    assert len(client.calls) == 4 and all(call == client.calls[0] for call in client.calls)
    assert len(sleeps) == 3


def test_a_permanent_whole_request_error_rejects_the_pending_items():
    items = _items(2)
    meta = elastic_transport.ApiResponseMeta(400, "1.1", elastic_transport.HttpHeaders(), 0.0, None)
    client = ScriptedClient([elasticsearch.BadRequestError("bad", meta, {"error": {"type": "parse_exception", "reason": "x"}})])
    writer, _ = _writer(client)
    rejections = asyncio.run(writer.write(items))
    assert [(r.status, r.error_type) for r in rejections] == [(400, "parse_exception")] * 2


def test_missing_alias_and_write_blocks_wait_instead_of_dead_lettering():
    assert item_is_transient(404, "index_not_found_exception")
    assert item_is_transient(403, "cluster_block_exception")
    assert item_is_transient(429, "cluster_block_exception")
    assert not item_is_transient(404, "something_else")
    assert not item_is_transient(400, "mapper_parsing_exception")
    assert not item_is_transient(409, "version_conflict_engine_exception")


def test_request_classification():
    assert request_is_transient(elasticsearch.ConnectionError("x"))
    assert not request_is_transient(ValueError("x"))


def test_unserializable_document_is_rejected_without_sending():
    bad = IndexItem("event", "e1", {"event_id": "e1", "value": object()})
    client = ScriptedClient([lambda batch: [201]])
    writer, _ = _writer(client)
    good = _items(1)
    rejections = asyncio.run(writer.write([bad, *good]))
    assert [(r.item, r.status, r.error_type) for r in rejections] == [(bad, 0, "serialization_error")]
    assert client.calls == [[good[0].doc_id]]


def test_chunks_respect_count_and_bytes():
    encoded = [encode(item, "events", "t") for item in _items(10)]
    sizes = [len(e.payload) for e in encoded]
    by_count = list(chunk(encoded, 3, 10**9))
    assert [len(c) for c in by_count] == [3, 3, 3, 1]
    limit = max(sizes) * 2
    by_bytes = list(chunk(encoded, 100, limit))
    assert all(sum(len(e.payload) for e in c) <= limit for c in by_bytes)
    assert [e for c in by_bytes for e in c] == encoded
    assert [len(c) for c in chunk(encoded, 100, 1)] == [1] * 10  # oversize items go alone


def test_write_splits_a_batch_into_bulk_requests():
    items = _items(7)
    client = ScriptedClient([lambda batch: [201] * len(batch)] * 3)
    writer, _ = _writer(client, index_batch_size=3)
    assert asyncio.run(writer.write(items)) == []
    assert [len(call) for call in client.calls] == [3, 3, 1]


@pytest.mark.parametrize("kind, alias", [("event", "my-events"), ("article", "my-articles")])
def test_items_go_to_the_write_alias_of_their_kind(kind, alias):
    settings = Settings().with_overrides(events_alias="my-events", articles_alias="my-articles")
    writer = BulkWriter(ScriptedClient([]), settings)
    doc = {"event_id": "x"} if kind == "event" else {"article_id": "x"}
    item = IndexItem(kind, "x", doc)
    action = orjson.loads(encode(item, writer._targets[kind], "t").payload.splitlines()[0])
    assert action == {"index": {"_index": alias, "_id": "x"}}


class OpClient:
    """Records each bulk call's (op, id) pairs; answers create with 409 for ids in `existing`."""

    def __init__(self, existing=()):
        self.existing = set(existing)
        self.calls: list[list[tuple[str, str, dict]]] = []

    def options(self, **_):
        return self

    async def bulk(self, *, operations, require_alias, filter_path):
        lines = operations.splitlines()
        call = []
        items = []
        for action, body in zip(lines[0::2], lines[1::2]):
            (op, meta), = orjson.loads(action).items()
            call.append((op, meta["_id"], orjson.loads(body)))
            status = 409 if op == "create" and meta["_id"] in self.existing else 200
            outcome = {"status": status}
            if status == 409:
                outcome["error"] = {"type": "version_conflict_engine_exception", "reason": "exists"}
            items.append({op: outcome})
        self.calls.append(call)

        class Response:
            body = {"errors": True, "items": items}

        return Response()

    async def close(self):
        pass


def test_a_merge_creates_and_merges_into_a_document_that_is_there_at_once():
    from streams.sink.documents import article_item

    new = article_item({"article_id": "new", "title": "t", "text": "x"}, op="merge")
    old = article_item({"article_id": "old", "title": "t", "text": "x"}, op="merge")
    client = OpClient(existing={old.doc_id})
    writer, sleeps = _writer(client)
    assert asyncio.run(writer.write([new, old])) == []
    first, second = client.calls
    assert [(op, i) for op, i, _ in first] == [("create", new.doc_id), ("create", old.doc_id)]
    [(op, doc_id, body)] = second
    assert (op, doc_id, body["doc_as_upsert"]) == ("update", old.doc_id, True)
    assert body["doc"]["text"] == "x" and "duplicate_of" not in body["doc"], "fields it does not have are kept"
    assert sleeps == [], "no backoff: the document is simply there"


def test_a_patch_is_an_update_of_the_partial_document():
    from streams.sink.documents import item_for

    client = OpClient()
    writer, _ = _writer(client)
    patch = item_for("article", "a1", {"article_id": "a1", "duplicate_of": "a0"}, "patch")
    assert asyncio.run(writer.write([patch])) == []
    [[(op, _, body)]] = client.calls
    assert op == "update" and body == {"doc": {"article_id": "a1", "duplicate_of": "a0"}, "doc_as_upsert": True}

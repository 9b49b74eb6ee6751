"""The Faust agents as shells: what they send, dead-letter and ack, with Faust's own test context.

Kafka and Elasticsearch are replaced by recording fakes here (the integration tier uses the real
ones); the point is the acking discipline: nothing is acked before its output is safe.
"""

from __future__ import annotations

import asyncio

import orjson

from streams.app.faust_app import create_app
from streams.config import Settings
from streams.models import ArticleInfo, Extraction
from streams.sink.elastic import Rejection


class EmptyPipeline:
    def run(self, article, **_):
        return Extraction(ArticleInfo(article.id, "en", None, None), ())


class RecordingSender:
    def __init__(self, fail_events_with: Exception | None = None):
        self.records: list[tuple[str, object]] = []
        self.fail_events_with = fail_events_with

    async def send_all(self, topic, records):
        if self.fail_events_with and topic.get_topic_name() == "events" and records:
            raise self.fail_events_with
        self.records.extend((topic.get_topic_name(), r) for r in records)

    async def send_dead_letters(self, topic, letters):
        self.records.extend((topic.get_topic_name(), letter) for letter in letters)

    def on(self, topic):
        return [r for t, r in self.records if t == topic]


class GatedWriter:
    """Confirms writes only when the test opens the gate; can reject chosen docs permanently."""

    def __init__(self, reject_ids=()):
        self.gate = asyncio.Event()
        self.written = []
        self.reject_ids = set(reject_ids)
        self.closed = False

    async def write(self, items):
        await self.gate.wait()
        rejected = [Rejection(i, 400, "document_parsing_exception", "bad field") for i in items if i.doc_id in self.reject_ids]
        self.written.extend(i for i in items if i.doc_id not in self.reject_ids)
        return rejected

    async def close(self):
        self.closed = True


class NoQueries:
    """Alerting without standing queries (the queries topic is Kafka's; here there is none)."""

    async def ready(self):
        pass

    def on_events(self, docs):
        return 0

    def on_incident_changes(self, changes):
        return 0


class EmptyArchive:
    """No incident in Elasticsearch yet."""

    async def load(self, ids):
        return {}

    async def close(self):
        pass


def make_app(sender, writer=None, pipeline=EmptyPipeline, **overrides):
    async def writer_factory():
        return writer or GatedWriter()

    async def archive_factory():
        return EmptyArchive()

    settings = Settings().with_overrides(**{"extract_batch_seconds": 0.01, "index_batch_seconds": 0.01, **overrides})
    return create_app(settings, pipeline_loader=pipeline, sender=sender, writer_factory=writer_factory,
                      archive_factory=archive_factory, alerting=NoQueries())


async def settle(seconds: float = 0.2) -> None:
    await asyncio.sleep(seconds)


def test_extract_sends_outputs_and_dead_letters_then_acks():
    async def scenario():
        sender = RecordingSender()
        agent = make_app(sender).eventwire_agents["extract"]
        async with agent.test_context() as ctx:
            good = await ctx.put(orjson.dumps({"id": "a1", "text": "hello"}), key=b"a1")
            junk = await ctx.put(b"\x00junk", key=b"j")
            invalid = await ctx.put(orjson.dumps({"id": "no-text"}), key=b"n")
            await settle()
            assert good.message.acked and junk.message.acked and invalid.message.acked
        return sender

    sender = asyncio.run(scenario())
    outputs = sender.on("events")
    assert [dict(r.headers)["kind"] for r in outputs] == [b"article"] and outputs[0].key == b"a1"
    stages = sorted(letter.stage for letter in sender.on("articles.dlq"))
    assert stages == ["decode", "validate"]


class SlowFirstPipeline:
    """Codes the first articles slowest, so that the later slices of a batch finish first."""

    def __init__(self):
        self.threads = set()

    def run(self, article, **_):
        import threading
        import time

        self.threads.add(threading.get_ident())
        time.sleep(0.03 if int(article.id[1:]) < 4 else 0.001)
        return Extraction(ArticleInfo(article.id, "en", None, None), ())


def test_extract_threads_keep_output_order_and_ack_everything():
    pipeline = SlowFirstPipeline()

    async def scenario():
        sender = RecordingSender()
        agent = make_app(sender, pipeline=lambda: pipeline, extract_threads=4, extract_batch_seconds=0.2).eventwire_agents["extract"]
        async with agent.test_context() as ctx:
            events = [await ctx.put(orjson.dumps({"id": f"a{i}", "text": "hello"}), key=f"a{i}".encode()) for i in range(16)]
            await settle(0.8)
            assert all(e.message.acked for e in events)
        return sender

    sender = asyncio.run(scenario())
    assert [r.key for r in sender.on("events")] == [f"a{i}".encode() for i in range(16)]
    assert len(pipeline.threads) > 1  # the batch really was coded on several threads


def test_extract_threads_default_to_the_cores_the_process_may_use():
    import os

    assert Settings().extract_threads == len(os.sched_getaffinity(0))


def test_extract_dead_letters_a_batch_whose_output_can_never_be_sent():
    from aiokafka.errors import MessageSizeTooLargeError

    async def scenario():
        sender = RecordingSender(fail_events_with=MessageSizeTooLargeError())
        agent = make_app(sender).eventwire_agents["extract"]
        async with agent.test_context() as ctx:
            event = await ctx.put(orjson.dumps({"id": "a1", "text": "hello"}), key=b"a1")
            await settle()
            assert event.message.acked
        return sender

    sender = asyncio.run(scenario())
    letters = sender.on("articles.dlq")
    assert len(letters) == 1 and letters[0].stage == "extract-batch" and "MessageSizeTooLarge" in letters[0].reason
    assert letters[0].original == orjson.dumps({"id": "a1", "text": "hello"})


def event_doc(event_id: str) -> bytes:
    return orjson.dumps({"event_id": event_id, "article_id": "a1"})


def test_index_acks_only_after_the_writer_confirmed():
    async def scenario():
        writer = GatedWriter()
        sender = RecordingSender()
        agent = make_app(sender, writer).eventwire_agents["index"]
        async with agent.test_context() as ctx:
            first = await ctx.put(event_doc("e1"), key=b"a1", headers=[("kind", b"event")])
            await settle()
            assert not first.message.acked, "acked before Elasticsearch confirmed"
            writer.gate.set()
            await settle()
            assert first.message.acked
        return writer

    writer = asyncio.run(scenario())
    assert [item.doc_id for item in writer.written] == ["e1"]


def test_index_dead_letters_rejections_and_junk_and_keeps_going():
    async def scenario():
        writer = GatedWriter(reject_ids={"bad"})
        writer.gate.set()
        sender = RecordingSender()
        agent = make_app(sender, writer).eventwire_agents["index"]
        async with agent.test_context() as ctx:
            events = [
                await ctx.put(event_doc("bad"), key=b"a1"),
                await ctx.put(b"not json", key=b"a1"),
                await ctx.put(event_doc("good"), key=b"a1"),
            ]
            await settle()
            assert all(e.message.acked for e in events)
        return writer, sender

    writer, sender = asyncio.run(scenario())
    assert [item.doc_id for item in writer.written] == ["good"]
    letters = sorted(sender.on("events.dlq"), key=lambda l: l.stage)
    assert [l.stage for l in letters] == ["index", "index-decode"]
    assert "400 document_parsing_exception" in letters[0].reason and letters[0].original == event_doc("bad")


def bundle(*event_ids: str, article_id: str = "a1") -> bytes:
    events = b",".join(event_doc(e) for e in event_ids)
    return b'{"events":[' + events + b'],"article":' + orjson.dumps({"article_id": article_id}) + b"}"


def test_index_writes_a_bundle_events_first_and_dead_letters_it_once_however_many_documents_failed():
    from streams.ids import article_doc_id

    async def scenario():
        writer = GatedWriter(reject_ids={"bad1", "bad2"})
        writer.gate.set()
        sender = RecordingSender()
        agent = make_app(sender, writer).eventwire_agents["index"]
        async with agent.test_context() as ctx:
            events = [
                await ctx.put(bundle("e1", "e2"), key=b"a1", headers=[("kind", b"bundle")]),
                await ctx.put(bundle("bad1", "ok", "bad2", article_id="a2"), key=b"a2", headers=[("kind", b"bundle")]),
            ]
            await settle()
            assert all(e.message.acked for e in events)
        return writer, sender

    writer, sender = asyncio.run(scenario())
    assert [item.doc_id for item in writer.written] == ["e1", "e2", article_doc_id("a1"), "ok", article_doc_id("a2")]
    letters = sender.on("events.dlq")
    assert len(letters) == 1 and letters[0].stage == "index" and letters[0].original == bundle("bad1", "ok", "bad2", article_id="a2")


def test_a_stopping_worker_does_not_ack_an_unwritten_batch():
    async def scenario():
        writer = GatedWriter()  # never opened: the write is in flight when the worker stops
        agent = make_app(RecordingSender(), writer).eventwire_agents["index"]
        async with agent.test_context() as ctx:
            event = await ctx.put(event_doc("e1"), key=b"a1")
            await settle()
        return event, writer

    event, writer = asyncio.run(scenario())
    assert not event.message.acked and writer.written == []


def evidence_record(article_id: str) -> tuple[bytes, bytes]:
    from streams.incidents.evidence import encode
    from tests.unit.incidents.support import event_doc as incident_event, evidence

    return encode(evidence(article_id, [incident_event(f"e-{article_id}", article_id)]))


def test_incidents_acks_only_after_the_incident_is_written_and_then_fills_its_table():
    async def scenario():
        writer = GatedWriter()
        agent = make_app(RecordingSender(), writer, incident_batch_seconds=0.01).eventwire_agents["incidents"]
        async with agent.test_context() as ctx:
            key, value = evidence_record("a1")
            event = await ctx.put(value, key=key)
            await settle()
            assert not event.message.acked, "acked before Elasticsearch confirmed the incident"
            assert key not in agent.eventwire_table, "the table moved before the write was confirmed"
            writer.gate.set()
            await settle()
            assert event.message.acked
            stored = orjson.loads(agent.eventwire_table[key])
        return writer, stored

    writer, stored = asyncio.run(scenario())
    assert [item.kind for item in writer.written] == ["incident"]
    assert stored["state"]["mentions"] == [["e-a1", "a1"]] and stored["incident_id"] == writer.written[0].doc_id


def test_incidents_dead_letters_junk_and_keeps_going():
    async def scenario():
        writer = GatedWriter()
        writer.gate.set()
        sender = RecordingSender()
        agent = make_app(sender, writer, incident_batch_seconds=0.01).eventwire_agents["incidents"]
        async with agent.test_context() as ctx:
            junk = await ctx.put(b"junk", key=b"k")
            key, value = evidence_record("a2")
            good = await ctx.put(value, key=key)
            await settle()
            assert junk.message.acked and good.message.acked
        return writer, sender

    writer, sender = asyncio.run(scenario())
    assert [l.stage for l in sender.on("events.dlq")] == ["incident-decode"]
    assert sender.on("events.dlq")[0].original == b"junk"
    assert [item.kind for item in writer.written] == ["incident"]


def test_extract_sends_a_batchs_evidence_in_one_record_per_partition_on_its_keys_partition():
    from pathlib import Path

    from streams.app.faust_app import key_partition
    from streams.app.handlers import Position, extract_records
    from streams.extract import CODER_VERSION, load_pipeline
    from streams.incidents.evidence import decode_all

    pipeline = load_pipeline()
    lines = (Path(__file__).resolve().parents[2] / "samples" / "english.jsonl").read_bytes().splitlines()
    raw = [line for line in lines if line.strip()]

    async def scenario():
        sender = RecordingSender()
        agent = make_app(sender, pipeline=lambda: pipeline, extract_batch_seconds=0.5,
                         partitions=4).eventwire_agents["extract"]
        async with agent.test_context() as ctx:
            events = [await ctx.put(value, key=orjson.loads(value)["id"].encode()) for value in raw]
            await settle(1.5)
            assert all(e.message.acked for e in events)
        return sender

    sender = asyncio.run(scenario())
    records = sender.on("incidents.evidence")
    assert records and len({r.partition for r in records}) == len(records), "one record per partition"
    sent = []
    for record in records:
        assert key_partition(record.key, 4) == record.partition
        for item in decode_all(record.value):
            assert key_partition(item.key.text().encode(), 4) == record.partition
            sent.append((item.article.article_id, item.key.text()))
    one_by_one = [
        (item.article.article_id, item.key.text())
        for n, value in enumerate(raw)
        for record in extract_records(value, None, Position("articles", 0, n), pipeline=pipeline, created="2024-01-01T00:00:00Z",
                                      max_bytes=1 << 20, max_chars=100_000, coder_version=CODER_VERSION, incidents=True).evidence
        for item in decode_all(record.value)
    ]
    assert len(one_by_one) > len(records) and sorted(sent) == sorted(one_by_one)


def test_a_large_batch_is_merged_and_written_in_slices_and_acked_after_all():
    async def scenario():
        writer = GatedWriter()
        writer.gate.set()
        writes = []
        original = writer.write

        async def counting(items):
            writes.append(len(items))
            return await original(items)

        writer.write = counting
        _, value = evidence_record("s0")
        agent = make_app(RecordingSender(), writer, incident_batch_seconds=0.2,
                         incident_batch_bytes=2 * len(value) + 10).eventwire_agents["incidents"]
        async with agent.test_context() as ctx:
            events = [await ctx.put(*reversed(evidence_record(f"s{n}"))) for n in range(5)]
            await settle(1.0)
            assert all(e.message.acked for e in events)
        return writes

    writes = asyncio.run(scenario())
    assert len(writes) == 3, writes  # 5 records, at most 2 a slice

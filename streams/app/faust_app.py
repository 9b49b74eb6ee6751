"""The Faust app and its agents (`extract`, `index`, `incidents`), thin shells that never raise.

Known Faust 0.15 loss paths and how we avoid them:
- an exception escaping an agent acks its message: every step below is wrapped, failures become
  dead letters or retries, never exceptions;
- a decode error acks and crashes the agent: topics are consumed as raw bytes and parsed by us;
- `concurrency > 1` can commit past an in-flight message: concurrency stays 1, scale with
  partitions and worker processes;
- `take()` acks its batch in a `finally`, even when the write failed or the task was cancelled:
  we use `noack_take()` and ack each event ourselves, only after its output is safe (delivered to
  Kafka for `extract`, confirmed by Elasticsearch for `index` and `incidents`).
- a table makes every rebalance a table recovery, and that path left a stream partition
  unconsumed after a graceful restart: the app has no Faust table (`OpenIncidents`, below).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator, MutableMapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any, TypeVar

import faust
from prometheus_client import Counter

from streams.app.handlers import ExtractOutcome, OutRecord, Position, dead_letter, extract_records
from streams.app.metrics import WorkerMetrics, refresh_consumer_lag
from streams.config import Settings
from streams.errors import dead_letter_record, describe_exception, is_transient_kafka_error
from streams.models import DeadLetter
from streams.retry import Backoff, retry_async

log = logging.getLogger("eventwire.worker")
T = TypeVar("T")

INCIDENTS_WRITTEN = Counter("eventwire_incidents_written_total", "Incident documents confirmed by Elasticsearch")
INCIDENTS_REOPENED = Counter("eventwire_incidents_reopened_total", "Incidents read back from Elasticsearch (not in the table)")
INCIDENTS_EVICTED = Counter("eventwire_incidents_evicted_total", "Closed incidents removed from the table")


def _timestamp_ms(seconds: float | None) -> int | None:
    """Faust gives a record's Kafka timestamp in seconds."""
    return int(seconds * 1000) if seconds else None


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def faust_broker_url(settings: Settings) -> str:
    return ",".join(f"kafka://{server.strip()}" for server in settings.kafka_bootstrap.split(","))


def faust_credentials(settings: Settings):
    if settings.kafka_sasl_mechanism:
        password = settings.kafka_sasl_password.get_secret_value() if settings.kafka_sasl_password else None
        ssl_context = None
        if settings.kafka_security_protocol.upper().endswith("SSL"):
            import ssl

            ssl_context = ssl.create_default_context(cafile=settings.kafka_ssl_cafile)
        return faust.SASLCredentials(
            username=settings.kafka_sasl_username,
            password=password,
            mechanism=settings.kafka_sasl_mechanism,
            ssl_context=ssl_context,
        )
    if settings.kafka_security_protocol.upper() == "SSL":
        import ssl

        return faust.SSLCredentials(ssl.create_default_context(cafile=settings.kafka_ssl_cafile))
    return None


class KafkaSender:
    """Sends records through Faust's producer and waits until the broker has them (acks=all).

    Records go straight to the producer (`app.producer.send`), not through `Topic.send`: the
    values are bytes already, and Topic.send's per-message codec, callback and FutureMessage
    layers cost more than the send itself at ~20 records per article. All records of a batch are
    queued first and their delivery futures awaited together, so they travel in few requests.
    """

    def __init__(self, app: faust.App, settings: Settings) -> None:
        self.app = app
        self.backoff = Backoff(base=settings.retry_base_seconds, cap=settings.retry_cap_seconds)

    async def send_all(self, topic: Any, records: Sequence[OutRecord]) -> None:
        """Deliver every record, retrying transient broker errors; only returns when all are acked."""
        from faust.exceptions import ProducerSendError

        name = topic.get_topic_name()

        async def attempt() -> None:
            producer = await self.app.maybe_start_producer()
            send = producer.send
            try:
                pending = [await send(name, r.key, r.value, r.partition, None, r.headers) for r in records]
            except ProducerSendError as exc:  # Faust wraps the broker's error; retry decisions need it
                raise (exc.__cause__ or exc) from None
            await asyncio.gather(*pending)

        if records:
            await retry_async(
                attempt,
                is_transient=is_transient_kafka_error,
                backoff=self.backoff,
                on_retry=lambda n, exc, pause: log.warning(
                    "send to %s failed (%s), retry %d in %.1fs", topic.get_topic_name(), exc, n, pause
                ),
            )

    async def send_dead_letters(self, topic: Any, letters: Sequence[DeadLetter]) -> None:
        records = []
        for letter in letters:
            key, value, headers = dead_letter_record(letter)
            records.append(OutRecord(key, value, headers))
        await self.send_all(topic, records)


def create_app(
    settings: Settings,
    *,
    pipeline_loader: Callable[[], Any] | None = None,
    writer_factory: Callable[[], Awaitable[Any]] | None = None,
    sender: Any | None = None,
    archive_factory: Callable[[], Awaitable[Any]] | None = None,
    alerting: Any | None = None,
) -> faust.App:
    """Build the app with its topics, table and agents. Pipeline, writer, archive and sender are
    injectable for agent tests."""
    from streams.extract import CODER_VERSION, load_pipeline

    app = faust.App(
        settings.app_id,
        broker=faust_broker_url(settings),
        broker_credentials=faust_credentials(settings),
        store="memory://",
        # Faust keeps per-app files; without this they land in the working directory
        datadir=str(settings.state_path / "faust" / "{conf.id}"),
        topic_allow_declare=False,  # topics are created by `eventwire` with explicit configs
        topic_replication_factor=settings.replication_factor,  # for any topic Faust itself creates
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_linger=settings.producer_linger_seconds,
        producer_max_batch_size=settings.producer_batch_bytes,
        producer_max_request_size=settings.max_message_bytes + 64 * 1024,
        consumer_max_fetch_size=settings.max_message_bytes + 1024 * 1024,
        broker_commit_interval=1.0,
        broker_session_timeout=settings.worker_session_timeout,
        broker_heartbeat_interval=min(3.0, settings.worker_session_timeout / 4),
        web_enabled=settings.worker_web_port > 0,  # 0 turns the HTTP endpoints off
        web_port=settings.worker_web_port or 6066,
        web_bind=settings.worker_web_bind,
        web_host="127.0.0.1",
    )
    raw = {"key_type": bytes, "value_type": bytes, "key_serializer": "raw", "value_serializer": "raw"}
    articles_topic = app.topic(settings.topic_articles, **raw)
    events_topic = app.topic(settings.topic_events, **raw)
    articles_dlq = app.topic(settings.topic_articles_dlq, **raw)
    events_dlq = app.topic(settings.topic_events_dlq, **raw)
    evidence_topic = app.topic(settings.topic_incident_evidence, **raw)
    alerts_topic = app.topic(settings.topic_alerts, **raw)
    sender = sender or KafkaSender(app, settings)
    pipeline = pipeline_loader() if pipeline_loader else load_pipeline(settings.dictionary_dir)
    metrics = WorkerMetrics(settings.metrics_max_sources)

    async def default_writer() -> Any:
        from streams.sink.clients import async_client
        from streams.sink.elastic import BulkWriter

        return BulkWriter(async_client(settings), settings)

    make_writer = writer_factory or default_writer

    async def default_archive() -> Any:
        from elasticsearch import AsyncElasticsearch

        from streams.sink.elastic import IncidentArchive

        return IncidentArchive(AsyncElasticsearch(**settings.es_client_kwargs()), settings)

    make_archive = archive_factory or default_archive
    incidents_on = settings.incidents_enabled
    alerting = alerting or default_alerting(app, settings, sender, alerts_topic)

    @app.agent(articles_topic, concurrency=1)
    async def extract(stream: faust.StreamT) -> None:
        await consume(stream, settings.extract_batch_size, settings.extract_batch_seconds,
                      extract_batch, articles_dlq, "extract-batch")

    async def consume(stream: faust.StreamT, size: int, within: float, work: Callable[[Any], Awaitable[None]],
                      dlq: Any, stage: str) -> None:
        """Every agent's loop: a batch, its work (`guarded`), then its acks, never before."""
        async for batch in stream.noack_take(size, within=within):
            await guarded(work, batch, dlq, stage)
            for event in batch:
                await stream.ack(event)

    async def guarded(work: Callable[[Any], Awaitable[None]], batch: Sequence[Any], dlq: Any, stage: str) -> None:
        """Run `work(batch)`; if it fails in a way no retry heals, dead-letter the whole batch.

        Cancellation (a stopping worker) propagates before anything is acked, so the batch is read
        again after the restart.
        """
        try:
            await work(batch)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - the agent must never raise
            log.exception("%s failed, sending %d messages to %s", stage, len(batch), dlq.get_topic_name())
            failed_at = utc_now()
            letters = [
                dead_letter(
                    e.message.value, e.message.key,
                    Position(e.message.topic, e.message.partition, e.message.offset),
                    stage, describe_exception(exc), failed_at=failed_at, coder_version=CODER_VERSION,
                )
                for e in batch
            ]
            for letter in letters:
                metrics.dead_letter(dlq.get_topic_name(), letter.stage)
            await sender.send_dead_letters(dlq, letters)

    # Extraction is CPU work of milliseconds per article: it runs in threads of its own, so that the
    # event loop keeps the index agent's bulk requests, Kafka fetches, acks and heartbeats moving
    # while a batch is coded. On the loop, a backlog's extraction held the index agent back (an 18 s
    # stall before the first of 3,000 articles became searchable). A batch is cut into one
    # contiguous slice per thread and the slices' outcomes are joined in batch order; batches
    # follow each other (the agent has concurrency 1), so output order, offsets and acks are the
    # same with any number of threads. The compiled front end of each article runs without the
    # GIL, so several threads use several cores for that part.
    threads = settings.extract_threads
    coder = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="eventwire-extract")

    def code_slice(messages: list[tuple[bytes | None, bytes | None, Position]], created: str) -> list[ExtractOutcome]:
        return [
            extract_records(
                value, key, position,
                pipeline=pipeline,
                created=created,
                max_bytes=settings.max_message_bytes,
                max_chars=settings.max_text_chars,
                coder_version=CODER_VERSION,
                incidents=incidents_on,
            )
            for value, key, position in messages
        ]

    async def code_batch(messages: list[tuple[bytes | None, bytes | None, Position]], created: str) -> list[ExtractOutcome]:
        loop = asyncio.get_running_loop()
        size = -(-len(messages) // threads)  # ceil: at most `threads` slices
        slices = [messages[i:i + size] for i in range(0, len(messages), size)] if messages else []
        coded = await asyncio.gather(*(loop.run_in_executor(coder, code_slice, part, created) for part in slices))
        return [outcome for part in coded for outcome in part]

    async def extract_batch(batch: Sequence[faust.EventT]) -> None:
        created = utc_now()
        messages = [
            (e.message.value, e.message.key, Position(e.message.topic, e.message.partition, e.message.offset,
                                                      _timestamp_ms(e.message.timestamp)))
            for e in batch
        ]
        outcomes = await code_batch(messages, created)
        outputs: list[OutRecord] = []
        evidence: list[OutRecord] = []
        letters: list[DeadLetter] = []
        for outcome in outcomes:
            if outcome.dead_letter is not None:
                letters.append(outcome.dead_letter)
            else:
                outputs.extend(outcome.records)
                evidence.extend(outcome.evidence)
        bundles = []
        if evidence:
            from streams.incidents.evidence import bundle

            bundles = [
                OutRecord(key, value, [], partition)
                for partition, key, value in bundle(
                    [(r.key or b"", r.value) for r in evidence], lambda key: key_partition(key, settings.partitions),
                    settings.max_message_bytes,
                )
            ]
        await asyncio.gather(sender.send_all(events_topic, outputs), sender.send_all(evidence_topic, bundles))
        await sender.send_dead_letters(articles_dlq, letters)
        # Counted once the batch's output is delivered: a batch that fails is dead-lettered whole
        # by `guarded` (and counted there), one that is cancelled is read again.
        for outcome in outcomes:
            metrics.article(outcome)
            if outcome.dead_letter is not None:
                metrics.dead_letter(articles_dlq.get_topic_name(), outcome.dead_letter.stage, outcome.source, outcome.lang)

    @app.agent(events_topic, concurrency=1)
    async def index(stream: faust.StreamT) -> None:
        await alerting.ready()  # the worker's first events are matched against the queries too
        writer = await make_writer()
        try:
            await consume(stream, settings.index_batch_size, settings.index_batch_seconds,
                          lambda b: index_batch(writer, b), events_dlq, "index-batch")
        finally:
            await writer.close()

    # With incidents on, an article document that is already there is merged into rather than
    # replaced, so that a re-index (a redelivery, a republished article) keeps the `duplicate_of`
    # the incidents agent wrote; a new one is simply created (streams/sink/elastic.py, op "merge").
    article_op = "merge" if incidents_on else "index"

    async def index_batch(writer: Any, batch: Sequence[faust.EventT]) -> None:
        from streams.sink.documents import InvalidIndexMessage, decode_index_records

        failed_at = utc_now()
        items = []
        letters: list[DeadLetter] = []
        # (source, language) of each letter for the metrics; unknown for a document that never decoded.
        labels: list[tuple[str | None, str | None]] = []
        for event in batch:
            message = event.message
            position = Position(message.topic, message.partition, message.offset)
            try:
                items.extend(decode_index_records(message.value, message.headers or [], origin=(position, message),
                                                  article_op=article_op))
            except InvalidIndexMessage as exc:
                letters.append(dead_letter(message.value, message.key, position, "index-decode", str(exc), failed_at=failed_at))
                labels.append((None, None))
        rejections = await writer.write(items) if items else []
        # One letter per message, however many of its documents were refused (a bundle holds an
        # article's events and its document): it carries the message whole, and the first refusal.
        lettered: set[int] = set()
        for rejection in rejections:
            position, message = rejection.item.origin
            if id(message) in lettered:
                continue
            lettered.add(id(message))
            reason = f"{rejection.status} {rejection.error_type}: {rejection.reason}"
            letters.append(dead_letter(message.value, message.key, position, "index", reason, failed_at=failed_at))
            doc = rejection.item.doc
            labels.append((doc.get("article_source") or doc.get("source"), doc.get("lang")))
        await sender.send_dead_letters(events_dlq, letters)
        for letter, (source, lang) in zip(letters, labels):
            metrics.dead_letter(events_dlq.get_topic_name(), letter.stage, source, lang)
        metrics.confirmed(len(items) - len(rejections))
        refused = {id(r.item) for r in rejections}
        alerting.on_events([i.doc for i in items if i.kind == "event" and id(i) not in refused])

    agents = {"extract": extract, "index": index}
    if incidents_on:
        agents["incidents"] = incidents_agent(app, settings, evidence_topic, events_dlq, sender, consume, make_writer,
                                              make_archive, alerting.on_incident_changes, alerting.ready, metrics)

    @app.page("/ready")
    async def ready(web: Any, request: Any) -> Any:
        """Readiness for orchestrators: Kafka, Elasticsearch and the group's lag (503 when not ready)."""
        from streams.ops.health import check_elasticsearch, check_kafka, check_lag

        loop = asyncio.get_running_loop()
        checks = {}
        for name, probe in (
            ("kafka", lambda: check_kafka(settings)),
            ("elasticsearch", lambda: check_elasticsearch(settings)),
            ("consumer_lag", lambda: check_lag(settings, settings.ready_max_lag)),
        ):
            try:
                ok, details = await asyncio.wait_for(loop.run_in_executor(None, probe), timeout=10)
            except Exception as exc:  # noqa: BLE001 - a probe that hangs or fails means "not ready"
                ok, details = False, {"error": describe_exception(exc)}
            checks[name] = {"ok": ok, **details}
        assigned = sorted(f"{tp.topic}[{tp.partition}]" for tp in app.consumer.assignment()) if app.consumer else []
        ready_now = all(c["ok"] for c in checks.values())
        body = {"ready": ready_now, "checks": checks, "assigned": assigned}
        return web.json(body, status=200 if ready_now else 503)

    @app.page("/metrics")
    async def exposition(web: Any, request: Any) -> Any:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        loop = asyncio.get_running_loop()
        try:
            await asyncio.wait_for(loop.run_in_executor(None, refresh_consumer_lag, settings), timeout=10)
        except Exception as exc:  # noqa: BLE001 - the other metrics matter most when Kafka is in trouble
            log.warning("consumer lag for /metrics unavailable: %s", describe_exception(exc))
        return web.bytes(generate_latest(), content_type=CONTENT_TYPE_LATEST.split(";")[0])

    app.eventwire_agents = agents  # type: ignore[attr-defined]
    app.eventwire_alerting = alerting  # type: ignore[attr-defined]
    return app


def default_alerting(app: faust.App, settings: Settings, sender: Any, alerts_topic: Any) -> Any:
    """Standing queries from the compacted queries topic (streams/alerts/feed.py: every worker
    holds all of them, kept current as `eventwire alert add/remove` writes), alerts through the
    dispatcher (streams/alerts/delivery.py)."""
    from streams.alerts.delivery import AlertDispatcher
    from streams.alerts.feed import QueryFeed
    from streams.alerts.service import Alerting

    feed = QueryFeed(settings)

    async def send_to_topic(records: Sequence[tuple[bytes, bytes]]) -> None:
        await sender.send_all(alerts_topic, [OutRecord(key, value, []) for key, value in records])

    dispatcher = AlertDispatcher(settings, send_to_topic)

    @app.on_before_shutdown.connect
    async def stop_alerting(sender: Any, **kwargs: Any) -> None:
        feed.stop()
        await dispatcher.close()

    return Alerting(feed.values, dispatcher, wait_loaded=feed.wait_loaded)


def byte_slices(items: Sequence[T], size: Callable[[T], int], max_bytes: int) -> list[Sequence[T]]:
    """`items` cut, in order, into consecutive slices of at most `max_bytes` (by `size`); an item
    larger than that is a slice of its own."""
    slices: list[Sequence[T]] = []
    start, total = 0, 0
    for n, item in enumerate(items):
        weight = size(item)
        if n > start and total + weight > max_bytes:
            slices.append(items[start:n])
            start, total = n, 0
        total += weight
    if start < len(items):
        slices.append(items[start:])
    return slices


def key_partition(key: bytes, partitions: int) -> int:
    """The partition the producer's default partitioner gives `key` (murmur2 of the bytes, as the
    Java client): where the evidence of an incident key is sent, as if it went out keyed by it."""
    from aiokafka.partitioner import murmur2

    return (murmur2(key) & 0x7FFFFFFF) % partitions


class OpenIncidents(MutableMapping[bytes, bytes]):
    """The incidents agent's working set in this process: incident key -> state document.

    Elasticsearch is the record: the processor reads any incident it lacks back with a realtime
    `mget` (IncidentProcessor), so this is a cache, bounded by the processor's eviction. It is
    emptied whenever the worker loses partitions, since another worker may change those incidents
    before they come back. Why not a Faust table with a changelog: every rebalance then becomes a
    table recovery, and in that path faust-streaming 0.15.3 left a stream partition unconsumed
    after a graceful restart (the chaos `sigterm` scenario: one articles partition's committed
    offset stuck below its end, the worker idle, its documents never indexed; never without the
    table). A restart now costs one `mget` per incident still open, and nothing can be left behind.
    """

    def __init__(self) -> None:
        self._states: dict[bytes, bytes] = {}

    def __getitem__(self, key: bytes) -> bytes:
        return self._states[key]

    def __setitem__(self, key: bytes, value: bytes) -> None:
        self._states[key] = value

    def __delitem__(self, key: bytes) -> None:
        del self._states[key]

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._states)

    def __len__(self) -> int:
        return len(self._states)

    def forget_all(self) -> None:
        self._states.clear()


def incidents_agent(
    app: faust.App, settings: Settings, evidence_topic: Any, dlq: Any, sender: Any, consume: Callable[..., Awaitable[None]],
    make_writer: Callable[[], Awaitable[Any]], make_archive: Callable[[], Awaitable[Any]],
    on_changes: Callable[[list[Any]], Any] | None, ready: Callable[[], Awaitable[None]], metrics: Any,
) -> Any:
    """The `incidents` agent and its working set: evidence in, incident documents out (IncidentProcessor)."""
    from datetime import timedelta

    from streams.incidents.processor import IncidentProcessor, SourceRecord
    from streams.sink.documents import item_for

    table = OpenIncidents()

    processors: list[Any] = []

    @app.on_partitions_revoked.connect
    async def forget_open_incidents(sender: Any, revoked: Any, **_: Any) -> None:
        if revoked:
            table.forget_all()
            for processor in processors:  # the batch in flight writes its rest without pausing
                processor.hurry()

    # The batch's merging and documents are CPU work (a few milliseconds per batch): in a thread of
    # their own, as extraction is, so that the event loop goes on serving the index agent's bulk
    # requests and the Kafka fetches meanwhile. The table, the archive and the writer stay on the loop.
    merger = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eventwire-incidents")

    def offload(function: Callable[..., Any], *args: Any) -> Awaitable[Any]:
        return asyncio.get_running_loop().run_in_executor(merger, function, *args)

    @app.agent(evidence_topic, concurrency=1, name="incidents")
    async def incidents(stream: faust.StreamT) -> None:
        await ready()
        writer = await make_writer()
        archive = await make_archive()
        processor = IncidentProcessor(
            table, archive, writer, window=timedelta(hours=settings.incident_window_hours), item_factory=item_for,
            on_changes=on_changes, max_open=settings.incident_table_max, offload=offload,
            chunk_keys=settings.incident_write_chunk,
        )
        processors.append(processor)
        try:
            await consume(stream, settings.incident_batch_size, settings.incident_batch_seconds,
                          lambda b: incident_batch(processor, b), dlq, "incident-batch")
        finally:
            await writer.close()
            await archive.close()

    async def incident_batch(processor: Any, batch: Sequence[faust.EventT]) -> None:
        # A record is a bundle of up to an extract batch's items for its partition, so a backlog's
        # 500 records could hold ~100,000 items: they are merged and written in slices of at most
        # `incident_batch_bytes`, one after the other (per key, in their order), acked together.
        records = [SourceRecord(e.message.key, e.message.value, e) for e in batch]
        parts = byte_slices(records, lambda r: len(r.value or b""), settings.incident_batch_bytes)
        # The batch's writes are spread over `incident_write_spread_seconds` in all, not per part:
        # a backlog's batch of many parts must not pause for each.
        processor.spread = settings.incident_write_spread_seconds / max(1, len(parts))
        processor.calm()
        for part in parts:
            await incident_slice(processor, part)

    async def incident_slice(processor: Any, records: Sequence[Any]) -> None:
        report = await processor.process(records)
        failed_at = utc_now()
        letters = []
        for failure in report.failures:
            message = failure.origin.message
            position = Position(message.topic, message.partition, message.offset)
            letters.append(dead_letter(message.value, message.key, position, failure.stage, failure.reason, failed_at=failed_at))
        await sender.send_dead_letters(dlq, letters)
        for letter in letters:
            metrics.dead_letter(dlq.get_topic_name(), letter.stage)
        INCIDENTS_WRITTEN.inc(len(report.changed))
        INCIDENTS_REOPENED.inc(report.reopened)
        INCIDENTS_EVICTED.inc(report.evicted)

    incidents.eventwire_table = table  # type: ignore[attr-defined]
    return incidents


def run_worker(settings: Settings, *, loglevel: str | None = None) -> None:
    """Start a Faust worker in this process (blocks until SIGTERM/SIGINT, then stops gracefully)."""
    from faust.worker import Worker

    app = create_app(settings)
    app.conf.datadir.parent.mkdir(parents=True, exist_ok=True)  # Faust creates only the last level
    # The Elasticsearch client logs every request at INFO: one line per bulk is noise at our rates.
    logging.getLogger("elastic_transport.transport").setLevel(logging.WARNING)
    worker = Worker(app, loglevel=(loglevel or settings.log_level).lower(), quiet=True, redirect_stdouts=False)
    worker.execute_from_commandline()



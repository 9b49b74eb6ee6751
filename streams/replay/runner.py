"""Replays: history re-coded into a new index version, or an archive sent back into a topic.

Sources: a time or offset range of the articles topic (read with manually assigned partitions and
no consumer group, so the live worker's group and offsets are never touched), or an archive file
written by `eventwire archive`. Targets: a new index version (`events-vN` / `articles-vN`, coded
with the current extractor exactly as the worker codes: `streams.app.handlers.extract_records`),
or a topic (original keys, values and timestamps, optionally rate-limited).

Every replay has a name and a checkpoint (see `checkpoints.py`); running the same command again
after a kill continues where the last confirmed batch ended.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import orjson

from streams.config import Settings
from streams.errors import OperatorError
from streams.ids import stable_id
from streams.ingest.archive import ArchiveLineError, ArchivedMessage, count_lines, iter_archive
from streams.ingest.progress import meter
from streams.ingest.ranges import PartitionRange, plan_offset_range, plan_time_range, range_reader, read_ranges
from streams.ingest.rate import RateLimiter
from streams.ingest.times import epoch_ms, parse_time
from streams.replay.checkpoints import Checkpoint, CheckpointStore

DEFAULT_BATCH = 500


class ReplayError(OperatorError, RuntimeError):
    """A replay cannot go on (e.g. the target refused records); its checkpoint stays usable."""

    check = "the replay's errors file; the same command again resumes from the last confirmed batch"


class ReplayStopped(RuntimeError):
    """Raised by an injected stop (`stop_after_batches`): the replay ended early on purpose."""


# --------------------------------------------------------------------------------------------- plans


@dataclass(frozen=True, slots=True)
class TopicSource:
    """A range of the articles topic: times (ISO 8601) or offsets; unset bounds are open."""

    topic: str
    from_time: str | None = None
    to_time: str | None = None
    from_offset: int | None = None
    to_offset: int | None = None
    partitions: tuple[int, ...] = ()

    def describe(self) -> dict[str, Any]:
        return {
            "source": "topic",
            "topic": self.topic,
            "from_time": self.from_time,
            "to_time": self.to_time,
            "from_offset": self.from_offset,
            "to_offset": self.to_offset,
            "partitions": list(self.partitions),
        }

    def plan(self, reader) -> list[PartitionRange]:
        if self.from_time is not None or self.to_time is not None:
            start = epoch_ms(parse_time(self.from_time)) if self.from_time else None
            end = epoch_ms(parse_time(self.to_time)) if self.to_time else None
            ranges = plan_time_range(reader, self.topic, start, end)
            if self.partitions:
                ranges = [r for r in ranges if r.partition in self.partitions]
            return ranges
        return plan_offset_range(reader, self.topic, self.from_offset, self.to_offset, list(self.partitions) or None)


@dataclass(frozen=True, slots=True)
class ArchiveSource:
    path: Path

    def describe(self) -> dict[str, Any]:
        resolved = self.path.resolve()
        return {"source": "archive", "path": str(resolved), "size": resolved.stat().st_size}


@dataclass(slots=True)
class ReplayReport:
    name: str
    target: str
    resumed: bool = False
    done: bool = False
    already_done: bool = False
    read: int = 0  # records handled in this run
    articles: int = 0
    events: int = 0
    dead_letters: int = 0
    rejected: int = 0
    sent: int = 0  # into a topic
    seconds: float = 0.0
    totals: dict[str, int] = field(default_factory=dict)  # over all runs of this replay
    ranges: list[dict[str, Any]] = field(default_factory=list)
    errors_file: str | None = None

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def default_name(spec: dict[str, Any]) -> str:
    """Same request, same name: running the command again resumes it."""
    source = spec.get("topic") if spec["source"] == "topic" else Path(spec["path"]).name.split(".")[0]
    target = f"v{spec['version']}" if spec["target"] == "index" else f"to-{spec['target_topic']}"
    return f"{spec['source']}-{source}-{target}-{stable_id(spec)[:10]}"[:128].replace("/", "_")


# --------------------------------------------------------------------------------------------- coding


@dataclass(frozen=True, slots=True)
class SourceRecord:
    raw: bytes | None
    key: bytes | None
    topic: str
    partition: int
    offset: int
    timestamp_ms: int | None = None


@dataclass(slots=True)
class CodedBatch:
    items: list[Any] = field(default_factory=list)  # IndexItems
    evidence: list[Any] = field(default_factory=list)  # incident evidence (streams.incidents.processor.SourceRecord)
    articles: int = 0
    events: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)  # dead letters, as JSON-able dicts


def code_records(
    records: Iterable[SourceRecord],
    *,
    pipeline: Any,
    settings: Settings,
    created: str,
    coder_version: str,
) -> CodedBatch:
    """Article messages -> index items (and incident evidence), through the worker's own per-message function."""
    from streams.app.handlers import Position, extract_records
    from streams.incidents.processor import SourceRecord as EvidenceRecord
    from streams.sink.documents import InvalidIndexMessage, decode_index_records

    article_op = "merge" if settings.incidents_enabled else "index"  # as the worker writes them
    batch = CodedBatch()
    for record in records:
        position = Position(record.topic, record.partition, record.offset, record.timestamp_ms)
        outcome = extract_records(
            record.raw,
            record.key,
            position,
            pipeline=pipeline,
            created=created,
            max_bytes=settings.max_message_bytes,
            max_chars=settings.max_text_chars,
            coder_version=coder_version,
            incidents=settings.incidents_enabled,
        )
        if outcome.dead_letter is not None:
            letter = outcome.dead_letter
            batch.failures.append(failure(letter.stage, letter.reason, record))
            continue
        batch.articles += 1
        batch.events += outcome.events
        for out in outcome.records:
            try:
                batch.items.extend(decode_index_records(out.value, out.headers, origin=record, article_op=article_op))
            except InvalidIndexMessage as exc:
                batch.failures.append(failure("index-decode", str(exc), record))
        batch.evidence.extend(EvidenceRecord(out.key, out.value, record) for out in outcome.evidence)
    return batch


def failure(stage: str, reason: str, record: SourceRecord | None, **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"stage": stage, "reason": reason, **extra}
    if record is not None:
        entry.update(topic=record.topic, partition=record.partition, offset=record.offset)
        entry["key"] = record.key.decode("utf-8", "replace") if record.key is not None else None
        entry["original_b64"] = base64.b64encode(record.raw or b"").decode("ascii")
    return entry


# --------------------------------------------------------------------------------------------- index sink


class IndexSink(Protocol):
    """Where coded documents go: `write` returns once every item is confirmed or rejected;
    `write_incidents` (optional) merges incident evidence and returns its failures."""

    def write(self, items: list[Any]) -> list[Any]: ...

    def close(self) -> None: ...


def replay_alias(alias: str, version: int) -> str:
    """A write alias for the new index only (the bulk writer writes through aliases); not `{alias}-v*`."""
    return f"{alias}-replay-v{version}"


class ElasticIndexSink:
    """The sink helper's BulkWriter, aimed at `events-vN` / `articles-vN` / `incidents-vN` through
    replay-only aliases, and the worker's IncidentProcessor rebuilding the incidents of the range.

    The live aliases are left where they are: moving them is `eventwire index swap`'s job. The
    incidents' table is a dict of this run; an incident it does not hold (evicted, or written by
    an earlier run of a resumed replay) is read back from `incidents-vN`, exactly as in the worker,
    so neither the batch size nor a resume changes a count.
    """

    def __init__(self, settings: Settings, version: int) -> None:
        import asyncio

        self.settings = settings
        self.version = version
        self._runner = asyncio.Runner()
        self._client = None
        self._writer = None
        self.aliases = {
            settings.events_index(version): replay_alias(settings.events_alias, version),
            settings.articles_index(version): replay_alias(settings.articles_alias, version),
            settings.incidents_index(version): replay_alias(settings.incidents_alias, version),
        }
        self._incidents = None
        self.setup_report = self._runner.run(self._open())

    async def _open(self) -> dict[str, Any]:
        from streams.sink.admin import init_indices
        from streams.sink.clients import async_client
        from streams.sink.elastic import BulkWriter

        self._client = async_client(self.settings)
        report = await init_indices(self._client, self.settings, version=self.version)
        await self._client.indices.update_aliases(
            actions=[{"add": {"index": index, "alias": alias, "is_write_index": True}} for index, alias in self.aliases.items()]
        )
        writer_settings = self.settings.with_overrides(
            events_alias=replay_alias(self.settings.events_alias, self.version),
            articles_alias=replay_alias(self.settings.articles_alias, self.version),
            incidents_alias=replay_alias(self.settings.incidents_alias, self.version),
        )
        self._writer = BulkWriter(self._client, writer_settings)
        if self.settings.incidents_enabled:
            from datetime import timedelta

            from streams.incidents.processor import IncidentProcessor
            from streams.sink.documents import item_for
            from streams.sink.elastic import IncidentArchive

            self._incidents = IncidentProcessor(
                {}, IncidentArchive(self._client, writer_settings), self._writer,
                window=timedelta(hours=self.settings.incident_window_hours), item_factory=item_for,
                max_open=self.settings.incident_table_max,
            )
        return report

    def write(self, items: list[Any]) -> list[Any]:
        if not items:
            return []
        return self._runner.run(self._writer.write(items))

    def write_incidents(self, evidence: list[Any]) -> list[Any]:
        """Merge the batch's evidence into the incidents of index version N; returns the failures."""
        if not evidence or self._incidents is None:
            return []
        return self._runner.run(self._incidents.process(evidence)).failures

    def close(self) -> None:
        try:
            self._runner.run(self._close())
        finally:
            self._runner.close()

    async def _close(self) -> None:
        import elasticsearch

        try:
            await self._client.indices.refresh(index=",".join(self.aliases))
            await self._client.indices.update_aliases(
                actions=[{"remove": {"index": index, "alias": alias}} for index, alias in self.aliases.items()]
            )
        except elasticsearch.NotFoundError:
            pass
        finally:
            await self._client.close()


def _load_pipeline(dictionary_dir: Path | None = None) -> tuple[Any, str]:
    from streams.extract import CODER_VERSION, load_pipeline

    return load_pipeline(dictionary_dir), CODER_VERSION


def _dictionary_version(pipeline: Any) -> str | None:
    resources = getattr(pipeline, "resources", None)
    return getattr(resources, "dictionary_version", None)


def _coder_version() -> str:
    from streams.extract import CODER_VERSION

    return CODER_VERSION


# --------------------------------------------------------------------------------------------- runs


class _ErrorLog:
    """Appends replay failures to `<name>.errors.jsonl` (opened lazily: most replays have none)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0

    def write(self, entries: list[dict[str, Any]]) -> None:
        if not entries:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("ab") as handle:
            for entry in entries:
                handle.write(orjson.dumps(entry) + b"\n")
        self.count += len(entries)


def _rejection_entries(rejections: list[Any]) -> list[dict[str, Any]]:
    entries = []
    for rejection in rejections:
        origin = rejection.item.origin if isinstance(rejection.item.origin, SourceRecord) else None
        entries.append(
            failure(
                "index",
                f"{rejection.status} {rejection.error_type}: {rejection.reason}",
                origin,
                doc_id=rejection.item.doc_id,
                kind=rejection.item.kind,
            )
        )
    return entries


def _start(
    settings: Settings, spec: dict[str, Any], name: str | None, created: str | None, restart: bool
) -> tuple[CheckpointStore, Checkpoint, ReplayReport]:
    store = CheckpointStore.for_settings(settings)
    replay_name = name or default_name(spec)
    checkpoint, resumed = store.open_or_create(replay_name, spec, created or now_iso(), restart=restart)
    target = f"index v{spec['version']}" if spec["target"] == "index" else f"topic {spec['target_topic']}"
    report = ReplayReport(name=replay_name, target=target, resumed=resumed, errors_file=str(store.errors_path(replay_name)))
    return store, checkpoint, report


def _finish(report: ReplayReport, checkpoint: Checkpoint, started: float) -> ReplayReport:
    report.seconds = time.monotonic() - started
    report.done = checkpoint.done
    report.totals = dict(checkpoint.counts)
    report.ranges = list(checkpoint.ranges)
    return report


def replay_topic_to_index(
    settings: Settings,
    source: TopicSource,
    version: int,
    *,
    name: str | None = None,
    created: str | None = None,
    restart: bool = False,
    progress: bool = True,
    batch_size: int = DEFAULT_BATCH,
    sink_factory: Callable[[Settings, int], IndexSink] = ElasticIndexSink,
    pipeline_loader: Callable[[], tuple[Any, str]] | None = None,
    stop_after_batches: int | None = None,
) -> ReplayReport:
    """Re-code a range of the articles topic into index version `version`."""
    pipeline, coder_version = pipeline_loader() if pipeline_loader else _load_pipeline(settings.dictionary_dir)
    spec = {**source.describe(), "target": "index", "version": version, "coder_version": coder_version,
            "dictionary_version": _dictionary_version(pipeline)}
    store, checkpoint, report = _start(settings, spec, name, created, restart)
    started = time.monotonic()
    if checkpoint.done:
        report.already_done = True
        return _finish(report, checkpoint, started)
    reader = range_reader(settings)
    try:
        if not checkpoint.ranges:  # planned once: a resume reads the same offsets even if more arrived
            checkpoint.ranges = [r.to_dict() for r in source.plan(reader)]
            store.save(checkpoint)
        remaining = checkpoint.remaining()
        errors = _ErrorLog(store.errors_path(checkpoint.name))
        sink = sink_factory(settings, version)
        try:
            total = sum(r.count for r in remaining)
            done_before = sum(r.count for r in checkpoint.partition_ranges()) - total
            with meter(f"replay {source.topic} → v{version}", total=total + done_before, completed=done_before, enabled=progress) as bar:
                batches = 0
                reached = {r.partition: r.start for r in remaining}
                for records, positions in read_ranges(reader, remaining, max_records=batch_size):
                    batch = [SourceRecord(r.value, r.key, r.topic, r.partition, r.offset, r.timestamp) for r in records]
                    _code_and_write(batch, [], len(batch), pipeline=pipeline, settings=settings, coder_version=coder_version,
                                    sink=sink, errors=errors, report=report, checkpoint=checkpoint)
                    checkpoint.advance(positions)
                    store.save(checkpoint)  # only now: everything before `positions` is confirmed
                    bar.advance(sum(offset - reached[p] for p, offset in positions.items()))  # offsets passed
                    reached.update(positions)
                    batches += 1
                    _stop_if_asked(batches, stop_after_batches)
            checkpoint.done = True
            store.save(checkpoint)
        finally:
            sink.close()
    finally:
        reader.close()
    return _finish(report, checkpoint, started)


def _code_and_write(
    records: list[SourceRecord], bad_lines: list[Any], read: int, *, pipeline: Any, settings: Settings,
    coder_version: str, sink: IndexSink, errors: "_ErrorLog", report: ReplayReport, checkpoint: Checkpoint,
) -> None:
    """Code one batch as the live worker does, write it, and log what failed; returns once confirmed."""
    coded = code_records(records, pipeline=pipeline, settings=settings, created=checkpoint.created, coder_version=coder_version)
    coded.failures.extend(bad_lines)
    rejections = sink.write(coded.items)
    write_incidents = getattr(sink, "write_incidents", None)
    incident_failures = write_incidents(coded.evidence) if write_incidents is not None else []
    coded.failures.extend(failure(f.stage, f.reason, f.origin) for f in incident_failures)
    errors.write(coded.failures + _rejection_entries(rejections))
    _account(report, checkpoint, read, coded, len(rejections))


def _stop_if_asked(batches: int, stop_after_batches: int | None) -> None:
    if stop_after_batches is not None and batches >= stop_after_batches:
        raise ReplayStopped(f"stopped after {batches} batches as asked")


def _account(report: ReplayReport, checkpoint: Checkpoint, read: int, coded: CodedBatch, rejected: int) -> None:
    report.read += read
    report.articles += coded.articles
    report.events += coded.events
    report.dead_letters += len(coded.failures)
    report.rejected += rejected
    checkpoint.add(read=read, articles=coded.articles, events=coded.events, dead_letters=len(coded.failures), rejected=rejected)


def _archive_batches(path: Path, start_line: int, batch_size: int) -> Iterator[list[ArchivedMessage | ArchiveLineError]]:
    batch: list[ArchivedMessage | ArchiveLineError] = []
    for entry in iter_archive(path, start_line=start_line):
        batch.append(entry)
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _line_of(entry: ArchivedMessage | ArchiveLineError) -> int:
    return entry.line


def replay_archive_to_index(
    settings: Settings,
    path: str | Path,
    version: int,
    *,
    name: str | None = None,
    created: str | None = None,
    restart: bool = False,
    progress: bool = True,
    batch_size: int = DEFAULT_BATCH,
    sink_factory: Callable[[Settings, int], IndexSink] = ElasticIndexSink,
    pipeline_loader: Callable[[], tuple[Any, str]] | None = None,
    stop_after_batches: int | None = None,
) -> ReplayReport:
    """Re-code an archive into index version `version`; lineage is the archived topic/partition/offset."""
    source = ArchiveSource(Path(path))
    pipeline, coder_version = pipeline_loader() if pipeline_loader else _load_pipeline(settings.dictionary_dir)
    spec = {**source.describe(), "target": "index", "version": version, "coder_version": coder_version,
            "dictionary_version": _dictionary_version(pipeline)}
    store, checkpoint, report = _start(settings, spec, name, created, restart)
    started = time.monotonic()
    if checkpoint.done:
        report.already_done = True
        return _finish(report, checkpoint, started)
    errors = _ErrorLog(store.errors_path(checkpoint.name))
    total = count_lines(source.path)
    sink = sink_factory(settings, version)
    try:
        with meter(f"replay {source.path.name} → v{version}", total=total, completed=min(checkpoint.line, total), enabled=progress) as bar:
            batches = 0
            for entries in _archive_batches(source.path, checkpoint.line, batch_size):
                records = [
                    SourceRecord(e.value, e.key, e.topic, e.partition, e.offset, e.timestamp) for e in entries if isinstance(e, ArchivedMessage)
                ]
                bad_lines = [
                    failure("archive", e.reason, None, line=e.line) for e in entries if isinstance(e, ArchiveLineError)
                ]
                _code_and_write(records, bad_lines, len(entries), pipeline=pipeline, settings=settings,
                                coder_version=coder_version, sink=sink, errors=errors, report=report, checkpoint=checkpoint)
                checkpoint.line = _line_of(entries[-1])
                store.save(checkpoint)
                bar.advance(len(entries))
                batches += 1
                _stop_if_asked(batches, stop_after_batches)
        checkpoint.done = True
        store.save(checkpoint)
    finally:
        sink.close()
    return _finish(report, checkpoint, started)


def replay_archive_to_topic(
    settings: Settings,
    path: str | Path,
    *,
    topic: str | None = None,
    rate: float | None = None,
    name: str | None = None,
    restart: bool = False,
    progress: bool = True,
    batch_size: int = DEFAULT_BATCH,
    limiter: RateLimiter | None = None,
    producer_factory: Callable[[Settings], Any] | None = None,
    stop_after_batches: int | None = None,
) -> ReplayReport:
    """Send an archive back into a topic with its original keys, values and timestamps."""
    from streams.app.topics import ensure_topics
    from streams.kafka import producer as make_producer

    target = topic or settings.topic_articles
    source = ArchiveSource(Path(path))
    spec = {**source.describe(), "target": "topic", "target_topic": target}
    store, checkpoint, report = _start(settings, spec, name, None, restart)
    started = time.monotonic()
    if checkpoint.done:
        report.already_done = True
        return _finish(report, checkpoint, started)
    ensure_topics(settings.with_overrides(topic_articles=target))
    errors = _ErrorLog(store.errors_path(checkpoint.name))
    pace = limiter or (RateLimiter(rate) if rate else None)
    total = count_lines(source.path)
    producer = (producer_factory or make_producer)(settings)
    try:
        with meter(f"replay {source.path.name} → {target}", total=total, completed=min(checkpoint.line, total), enabled=progress) as bar:
            batches = 0
            for entries in _archive_batches(source.path, checkpoint.line, batch_size):
                sent: list[tuple[Any, ArchivedMessage]] = []
                bad_lines = []
                for entry in entries:
                    if isinstance(entry, ArchiveLineError):
                        bad_lines.append(failure("archive", entry.reason, None, line=entry.line))
                        continue
                    if pace is not None:
                        pace.acquire()
                    future = producer.send(target, key=entry.key, value=entry.value, timestamp_ms=entry.timestamp)
                    sent.append((future, entry))
                producer.flush(timeout=180)
                refused = [(f, e) for f, e in sent if not (f.is_done and f.succeeded())]
                if refused:
                    future, entry = refused[0]
                    reason = f"{type(future.exception).__name__}: {future.exception}" if future.is_done else "not acknowledged"
                    raise ReplayError(
                        f"{len(refused)} records of the batch ending at line {entries[-1].line} were not accepted "
                        f"(first, line {entry.line}: {reason}); run the same command again to resume"
                    )
                errors.write(bad_lines)
                report.read += len(entries)
                report.sent += len(sent)
                report.dead_letters += len(bad_lines)
                checkpoint.add(read=len(entries), sent=len(sent), dead_letters=len(bad_lines))
                checkpoint.line = entries[-1].line
                store.save(checkpoint)
                bar.advance(len(entries))
                batches += 1
                _stop_if_asked(batches, stop_after_batches)
        checkpoint.done = True
        store.save(checkpoint)
    finally:
        producer.close(timeout=10)
    return _finish(report, checkpoint, started)


# --------------------------------------------------------------------------------------------- dry run


def dry_run_topic(settings: Settings, source: TopicSource, *, checkpoint: Checkpoint | None = None) -> dict[str, Any]:
    """What a topic replay would read: per partition offsets and counts (and what a resume skips)."""
    reader = range_reader(settings)
    try:
        ranges = checkpoint.partition_ranges() if checkpoint and checkpoint.ranges else source.plan(reader)
    finally:
        reader.close()
    remaining = {r.partition: r for r in (checkpoint.remaining() if checkpoint and checkpoint.ranges else ranges)}
    rows = []
    for r in ranges:
        left = remaining.get(r.partition, r)
        rows.append({**r.to_dict(), "count": r.count, "remaining_from": left.start, "remaining": left.count})
    return {"source": source.describe(), "partitions": rows, "total": sum(r.count for r in ranges), "remaining": sum(x["remaining"] for x in rows)}


def dry_run_archive(path: str | Path, *, checkpoint: Checkpoint | None = None) -> dict[str, Any]:
    """What an archive replay would read: lines, bad lines, partitions and the time span."""
    lines = bad = 0
    partitions: dict[str, int] = {}
    first = last = None
    for entry in iter_archive(Path(path)):
        lines += 1
        if isinstance(entry, ArchiveLineError):
            bad += 1
            continue
        partitions[f"{entry.topic}/{entry.partition}"] = partitions.get(f"{entry.topic}/{entry.partition}", 0) + 1
        if entry.timestamp is not None:
            first = entry.timestamp if first is None else min(first, entry.timestamp)
            last = entry.timestamp if last is None else max(last, entry.timestamp)
    done = checkpoint.line if checkpoint else 0

    def stamp(ms: int | None) -> str | None:
        return datetime.fromtimestamp(ms / 1000, UTC).isoformat() if ms is not None else None

    return {
        "source": {"source": "archive", "path": str(path)},
        "lines": lines,
        "bad_lines": bad,
        "partitions": partitions,
        "first_timestamp": stamp(first),
        "last_timestamp": stamp(last),
        "resume_after_line": done,
    }

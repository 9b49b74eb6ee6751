"""What the `incidents` agent does with a batch of evidence records, without Faust.

The agent hands each batch to `IncidentProcessor.process`, which:

1. decodes the records, each a bundle of evidence items (junk becomes dead letters, as everywhere);
2. merges each incident's evidence into its state: from the table (open incidents) or, for an
   incident the table does not hold, from its document in Elasticsearch (one realtime `mget` for
   the batch's misses). A miss is usually a new incident, but it may be one that closed and was
   evicted, or one the worker forgot when a rebalance took its partition away: the index is the
   record, so no miss can ever start an incident again from nothing and shrink its counts;
3. writes every incident that changed (index by `incident_id`) and the `duplicate_of` of every
   article whose near-duplicate status changed, and waits until Elasticsearch confirmed them; in
   the worker, with `EVENTWIRE_INCIDENT_WRITE_SPREAD_SECONDS`, a batch's incidents go in slices
   of keys whose writes are spread over that long (steps 2 to 4 per slice);
4. only then puts the new states into the table, so the table never gets ahead of the index, and
   the agent acks the records after that (a redelivery repairs anything in between: merging is
   idempotent);
5. reports surges (an incident whose `num_sources` reached a threshold) to the alert hook;
6. evicts incidents whose window has passed on the stream's clock (the latest published time seen,
   never more than an hour ahead of the wall clock), and, beyond `max_open` incidents, the least
   recently changed ones: the table stays bounded in time and in size. Eviction costs a lookup
   when the incident is reported again, never a count (see 2).

The table is any MutableMapping of key bytes to document bytes (the worker's `OpenIncidents`, a
dict in tests and replays).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypeVar

import orjson

from streams.incident_models import Evidence, Incident
from streams.incidents.evidence import InvalidEvidence, decode_all
from streams.incidents.merge import (
    duplicate_updates,
    duplicates,
    incident_document,
    incident_from_document,
    merge,
    state_document,
)

log = logging.getLogger(__name__)

FUTURE_SKEW = timedelta(hours=1)

T = TypeVar("T")
Offload = Callable[..., Awaitable[Any]]  # (function, *args) -> an awaitable of function(*args)


async def run_inline(function: Callable[..., T], *args: Any) -> T:
    return function(*args)


class IncidentArchive(Protocol):
    """Where closed incidents are read back from (the `incidents` index)."""

    async def load(self, incident_ids: Sequence[str]) -> dict[str, dict[str, Any]]: ...


class IncidentWriter(Protocol):
    """Writes incident documents and article patches; returns the rejected ones (streams.sink.elastic)."""

    async def write(self, items: Sequence[Any]) -> list[Any]: ...


@dataclass(frozen=True, slots=True)
class SourceRecord:
    key: bytes | None
    value: bytes | None
    origin: Any  # handed back untouched with a failure (the agent's Kafka position)


@dataclass(frozen=True, slots=True)
class Failure:
    origin: Any
    stage: str
    reason: str


@dataclass(frozen=True)
class Change:
    """An incident that changed in this batch: its state before (None: new) and after."""

    before: Incident | None
    after: Incident
    document: dict[str, Any]

    @cached_property
    def before_document(self) -> dict[str, Any] | None:
        """The document before the change: built only when asked (surge alerts), since building
        one costs as much as the new document."""
        return incident_document(self.before) if self.before is not None else None


@dataclass(slots=True)
class BatchReport:
    failures: list[Failure] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    reopened: int = 0
    evicted: int = 0
    unchanged: int = 0


def day_end(day: str) -> datetime | None:
    """The end of an incident's day bucket (YYYY-MM-DD, YYYY-MM or YYYY); None when undated."""
    try:
        if len(day) == 10:
            start = datetime.fromisoformat(day).replace(tzinfo=UTC)
            return start + timedelta(days=1)
        if len(day) == 7:
            year, month = int(day[:4]), int(day[5:7])
            return datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
        if len(day) == 4:
            return datetime(int(day) + 1, 1, 1, tzinfo=UTC)
    except ValueError:
        return None
    return None


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _day_of_key(key: bytes) -> str:
    parts = key.decode("utf-8", "replace").split("|")
    return parts[2] if len(parts) == 4 else ""


class IncidentProcessor:
    def __init__(
        self,
        table: MutableMapping[bytes, bytes],
        archive: IncidentArchive,
        writer: IncidentWriter,
        *,
        window: timedelta,
        item_factory: Callable[[str, str, dict[str, Any], str], Any],
        on_changes: Callable[[list[Change]], Awaitable[None] | None] | None = None,
        clock: Callable[[], float] = time.time,
        max_open: int = 50_000,
        offload: Offload | None = None,
        chunk_keys: int = 1_000_000,
        spread: float = 0.0,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.table = table
        self.archive = archive
        self.writer = writer
        self.window = window
        self.item_factory = item_factory  # (kind, doc_id, doc, op) -> IndexItem
        self.on_changes = on_changes
        self.clock = clock
        self.watermark: datetime | None = None
        self._swept_at: datetime | None = None
        self.max_open = max_open
        # How the batch's CPU work runs: inline (replay, tests) or, in the worker, in a thread of
        # its own, so that the event loop keeps the other agents' Kafka and Elasticsearch I/O moving.
        self.offload: Offload = offload or run_inline
        # How a batch's writes are paced (the worker's settings; none in replays and tests).
        self.chunk_keys = max(1, chunk_keys)
        self.spread = spread
        self.sleep = sleep
        self._hurry = False
        # Keys in the order they last changed (oldest first); keys the table held before this
        # processor began are not in it until they change, and go first when the table is over its size.
        self._recent: OrderedDict[bytes, None] = OrderedDict()

    # ----------------------------------------------------------------------------------- batch

    async def process(self, records: Sequence[SourceRecord]) -> BatchReport:
        report = BatchReport()
        grouped = await self.offload(self._decode, records, report)
        if not grouped:
            return report
        # With a `spread`, the batch's incidents go in slices of `chunk_keys` keys, each merged,
        # written and put in the table before the next, with pauses between them: a batch's writes
        # reach Elasticsearch spread over up to `spread` seconds instead of in one burst beside the
        # index agent's bulk requests. Every key's evidence is in one slice, so the documents are
        # those of the whole batch at once.
        keys = list(grouped)
        size = self.chunk_keys if self.spread > 0 else len(keys)  # no pauses: one slice
        slices = [keys[i:i + size] for i in range(0, len(keys), size)]
        failed: set[int] = set()  # a record (a bundle) holding evidence of several refused incidents fails once
        for n, part in enumerate(slices):
            if n:
                await self._pause(self.spread / (len(slices) - 1))
            await self._process_slice({key: grouped[key] for key in part}, report, failed)
        if report.changed and self.on_changes is not None:
            outcome = self.on_changes(report.changed)
            if inspect.isawaitable(outcome):
                await outcome
        report.evicted = self.evict()
        return report

    def hurry(self) -> None:
        """Write the rest of the current batch without pausing (the worker is losing partitions:
        another worker may soon write these incidents, so ours must not linger in between)."""
        self._hurry = True

    def calm(self) -> None:
        """Pause between slices again (the agent calls this as a new batch begins)."""
        self._hurry = False

    async def _pause(self, seconds: float) -> None:
        if seconds > 0 and not self._hurry:
            await self.sleep(seconds)

    async def _process_slice(
        self, grouped: dict[bytes, list[tuple[Evidence, SourceRecord]]], report: BatchReport, failed: set[int],
    ) -> None:
        stored = {key: self.table.get(key) for key in grouped}
        current, misses = await self.offload(self._decode_states, grouped, stored)
        found = await self.archive.load(list(misses)) if misses else {}
        report.reopened += len(found)
        pending, items = await self.offload(self._merge_all, grouped, current, misses, found, report)
        rejections = await self.writer.write(items) if items else []
        rejected_ids = {r.item.doc_id for r in rejections if r.item.kind == "incident"}
        for rejection in rejections:
            if rejection.item.kind != "incident":
                log.warning("duplicate_of of article %s not written: %s %s", rejection.item.doc_id, rejection.status, rejection.reason)
        for key, (change, value) in pending.items():
            if change.after.incident_id in rejected_ids:
                reason = next(f"{r.status} {r.error_type}: {r.reason}" for r in rejections if r.item.doc_id == change.after.incident_id)
                for _, record in grouped[key]:
                    if id(record) not in failed:
                        failed.add(id(record))
                        report.failures.append(Failure(record.origin, "incident-index", reason))
                continue
            self.table[key] = value
            self._recent[key] = None
            self._recent.move_to_end(key)
            report.changed.append(change)

    # The CPU work of a batch, in three steps that the worker runs off the event loop (`offload`):
    # none of them touches the table, the archive or the writer.

    def _decode(self, records: Sequence[SourceRecord], report: BatchReport) -> dict[bytes, list[tuple[Evidence, SourceRecord]]]:
        grouped: dict[bytes, list[tuple[Evidence, SourceRecord]]] = {}
        for record in records:
            try:
                items = decode_all(record.value)
            except InvalidEvidence as exc:
                report.failures.append(Failure(record.origin, "incident-decode", str(exc)))
                continue
            for evidence in items:
                grouped.setdefault(evidence.key.text().encode("utf-8"), []).append((evidence, record))
                self._advance(evidence.article.published)
        return grouped

    @staticmethod
    def _decode_states(
        grouped: dict[bytes, list[tuple[Evidence, SourceRecord]]], stored: dict[bytes, bytes | None],
    ) -> tuple[dict[bytes, Incident], dict[str, bytes]]:
        """The table's states of the batch's incidents, and the incidents it does not hold (id -> key)."""
        current: dict[bytes, Incident] = {}
        misses: dict[str, bytes] = {}
        for key, entries in grouped.items():
            value = stored.get(key)
            if value is not None:
                current[key] = incident_from_document(orjson.loads(value))
            else:
                misses[entries[0][0].incident_id] = key
        return current, misses

    def _merge_all(
        self, grouped: dict[bytes, list[tuple[Evidence, SourceRecord]]], current: dict[bytes, Incident],
        misses: dict[str, bytes], found: dict[str, dict[str, Any]], report: BatchReport,
    ) -> tuple[dict[bytes, tuple[Change, bytes]], list[Any]]:
        """Each incident with its evidence merged in; for those that changed, the change and the
        table value, and the items to write (incident documents, article patches)."""
        for incident_id, doc in found.items():
            current[misses[incident_id]] = incident_from_document(doc)
        items: list[Any] = []
        pending: dict[bytes, tuple[Change, bytes]] = {}
        for key, entries in grouped.items():
            before = current.get(key)
            after = merge(before, [evidence for evidence, _ in entries])
            if after == before:
                report.unchanged += 1
                continue
            dups = duplicates(after.articles)
            document = incident_document(after, dups)
            pending[key] = (Change(before, after, document), orjson.dumps(state_document(document)))
            items.append(self.item_factory("incident", after.incident_id, document, "index"))
            articles = {a.article_id: a for a in after.articles}
            for article_id, original in duplicate_updates(before, after, dups).items():
                ref = articles[article_id]
                patch = {"article_id": article_id, "duplicate_of": original, "lang": ref.lang, "source": ref.source,
                         "published": ref.published, "@timestamp": ref.published}
                items.append(self.item_factory("article", article_id, patch, "patch"))
        return pending, items

    # ----------------------------------------------------------------------------------- window

    def _advance(self, published: str | None) -> None:
        moment = _published(published)
        if moment is None:
            return
        ceiling = datetime.fromtimestamp(self.clock(), UTC) + FUTURE_SKEW
        moment = min(moment, ceiling)
        if self.watermark is None or moment > self.watermark:
            self.watermark = moment

    def is_open(self, day: str) -> bool:
        """Whether an incident of `day` is still inside its window on the stream's clock."""
        end = day_end(day)
        if end is None or self.watermark is None:
            return end is not None  # undated incidents are never kept open; nothing seen yet: open
        return self.watermark < end + self.window

    def evict(self) -> int:
        """Drop closed incidents from the table, swept once per hour
        of stream time since an incident closes at most that often; and, when the table holds more
        than `max_open`, the least recently changed down to nine tenths of it."""
        evicted = 0
        if self.watermark is not None and (self._swept_at is None or self.watermark - self._swept_at >= timedelta(hours=1)):
            self._swept_at = self.watermark
            for key in [key for key in list(self.table.keys()) if not self.is_open(_day_of_key(key))]:
                evicted += self._drop(key)
        if len(self.table) > self.max_open:
            target = self.max_open * 9 // 10
            unordered = [key for key in list(self.table.keys()) if key not in self._recent]
            for key in unordered + list(self._recent):
                if len(self.table) <= target:
                    break
                evicted += self._drop(key)
        return evicted

    def _drop(self, key: bytes) -> int:
        self._recent.pop(key, None)
        if key in self.table:
            del self.table[key]
            return 1
        return 0

"""Offset ranges of a topic (from times or offsets) and reading exactly those ranges.

Readers here never join a consumer group: partitions are assigned by hand and nothing is committed,
so archive and replay cannot disturb the live worker's group or its offsets.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from streams.config import Settings
from streams.errors import OperatorError


class RangeError(OperatorError, RuntimeError):
    """The requested range cannot be read (unknown topic, reader stalled)."""

    check = "the topic name (--topic) and the time or offset bounds; `eventwire health` for Kafka itself"


@dataclass(frozen=True, slots=True)
class PartitionRange:
    """Offsets [start, end) of one partition, optionally only the records stamped in [from_ms, to_ms)."""

    topic: str
    partition: int
    start: int
    end: int
    from_ms: int | None = None
    to_ms: int | None = None

    @property
    def count(self) -> int:
        """Records to read (an upper bound of those kept: time filter, compaction and transaction markers)."""
        return max(0, self.end - self.start)

    def keeps(self, timestamp: int) -> bool:
        return (self.from_ms is None or timestamp >= self.from_ms) and (self.to_ms is None or timestamp < self.to_ms)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"topic": self.topic, "partition": self.partition, "start": self.start, "end": self.end}
        if self.from_ms is not None or self.to_ms is not None:
            data.update(from_ms=self.from_ms, to_ms=self.to_ms)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PartitionRange":
        def optional(name: str) -> int | None:
            return None if data.get(name) is None else int(data[name])

        return cls(
            str(data["topic"]), int(data["partition"]), int(data["start"]), int(data["end"]),
            optional("from_ms"), optional("to_ms"),
        )

    def with_start(self, start: int) -> "PartitionRange":
        return PartitionRange(self.topic, self.partition, start, self.end, self.from_ms, self.to_ms)


def range_reader(settings: Settings, **overrides: Any):
    """A kafka-python consumer with no group id: it can only be assigned, never commits."""
    from streams.kafka import consumer

    options: dict[str, Any] = {"group_id": None, "enable_auto_commit": False, "client_id": f"{settings.app_id}-replay"}
    options.update(overrides)
    return consumer(settings, **options)


def _partitions(reader, topic: str) -> list[int]:
    partitions = reader.partitions_for_topic(topic)
    if not partitions:
        raise RangeError(f"topic {topic!r} does not exist or has no partitions")
    return sorted(partitions)


def plan_time_range(reader, topic: str, start_ms: int | None, end_ms: int | None) -> list[PartitionRange]:
    """Per partition: the records stamped in [start, end).

    Producers choose record timestamps (`publish --timestamp published` does), so they need not grow
    with offsets. Reading starts at the first offset stamped >= start (exact: any later-stamped
    record comes after it) but must go on to the partition's current end, keeping only the records
    inside the window: a record stamped before `end` may sit after the first one stamped >= end.
    A missing bound means the beginning or the current end of the partition.
    """
    from kafka import TopicPartition

    tps = [TopicPartition(topic, p) for p in _partitions(reader, topic)]
    lows = reader.beginning_offsets(tps)
    highs = reader.end_offsets(tps)
    starts = reader.offsets_for_times({tp: start_ms for tp in tps}) if start_ms is not None else {}

    def bound(found: dict, tp, default: int) -> int:
        hit = found.get(tp) if found else None
        if found and hit is None:
            return highs[tp]  # no record at or after that time yet
        return hit.offset if hit is not None else default

    plan = []
    for tp in tps:
        start = bound(starts, tp, lows[tp])
        plan.append(PartitionRange(topic, tp.partition, start, max(start, highs[tp]), start_ms, end_ms))
    return plan


def plan_offset_range(
    reader, topic: str, start: int | None, end: int | None, partitions: list[int] | None = None
) -> list[PartitionRange]:
    """The same offset bounds on every (chosen) partition, clipped to what the partition holds."""
    from kafka import TopicPartition

    chosen = partitions if partitions else _partitions(reader, topic)
    tps = [TopicPartition(topic, p) for p in chosen]
    lows = reader.beginning_offsets(tps)
    highs = reader.end_offsets(tps)
    plan = []
    for tp in tps:
        lo = lows[tp] if start is None else min(max(start, lows[tp]), highs[tp])
        hi = highs[tp] if end is None else min(max(end, lo), highs[tp])
        plan.append(PartitionRange(topic, tp.partition, lo, hi))
    return plan


def read_ranges(
    reader,
    ranges: list[PartitionRange],
    *,
    max_records: int = 500,
    stall_seconds: float = 60.0,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[tuple[list[Any], dict[int, int]]]:
    """Yield (records, next positions) batches until every range is read to its end.

    Records outside a range's time window are read but not yielded (the positions still move past them).
    `next positions` maps each partition touched by the batch to the offset to resume from once the
    batch is safely handled (it covers gaps the broker skipped, so a resume never re-reads them).
    """
    from kafka import TopicPartition

    pending = {r.partition: r for r in ranges if r.end > r.start}
    if not pending:
        return
    topic = next(iter(pending.values())).topic
    tps = {p: TopicPartition(topic, p) for p in pending}
    reader.assign(list(tps.values()))
    for p, r in pending.items():
        reader.seek(tps[p], r.start)
    last_progress = clock()
    while pending:
        polled = reader.poll(timeout_ms=500, max_records=max_records)
        batch: list[Any] = []
        positions: dict[int, int] = {}
        for tp, records in sorted(polled.items(), key=lambda item: item[0].partition):
            r = pending.get(tp.partition)
            if r is None:
                continue
            inside = [rec for rec in records if rec.offset < r.end]
            if inside:
                positions[tp.partition] = inside[-1].offset + 1
            batch.extend(rec for rec in inside if r.keeps(rec.timestamp))
        # A partition is done when its position reached the end (also across skipped gaps).
        for p in list(pending):
            position = reader.position(tps[p])
            if position >= pending[p].end:
                positions[p] = max(positions.get(p, 0), pending[p].end)
                del pending[p]
                reader.pause(tps[p])
        if batch or positions:
            last_progress = clock()
            yield batch, positions
        elif clock() - last_progress > stall_seconds:
            raise RangeError(f"no progress for {stall_seconds:.0f}s on partitions {sorted(pending)} of {topic!r}")

"""`eventwire archive`: a time range of the articles topic as NDJSON (optionally gzipped), and reading it back.

One line per Kafka record:
    {"topic", "partition", "offset", "timestamp" (epoch ms), "key" (utf-8 text or null), "value"}
`value` holds the message as a JSON object when it parses as one; any other payload is kept exactly,
base64-encoded under `value_b64` (likewise `key_b64` for a key that is not utf-8), so an archive can be
replayed into a topic without losing what the worker would have dead-lettered.
"""

from __future__ import annotations

import base64
import gzip
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import orjson

from streams.config import Settings
from streams.ingest.progress import meter
from streams.ingest.ranges import PartitionRange, plan_time_range, range_reader, read_ranges
from streams.ingest.times import epoch_ms

ARCHIVE_KEYS = frozenset({"topic", "partition", "offset", "timestamp"})


@dataclass(frozen=True, slots=True)
class ArchivedMessage:
    """One record of an archive, with its payload as the original bytes (or their JSON re-encoding)."""

    topic: str
    partition: int
    offset: int
    timestamp: int | None
    key: bytes | None
    value: bytes | None
    line: int
    value_object: dict[str, Any] | None = None  # the parsed message when it was a JSON object


@dataclass(frozen=True, slots=True)
class ArchiveLineError:
    path: str
    line: int
    reason: str


@dataclass(slots=True)
class ArchiveSummary:
    path: Path
    written: int = 0
    ranges: list[PartitionRange] = field(default_factory=list)


# --------------------------------------------------------------------------------------------- format


def encode_record(topic: str, partition: int, offset: int, timestamp: int | None, key: bytes | None, value: bytes | None) -> bytes:
    line: dict[str, Any] = {"topic": topic, "partition": partition, "offset": offset, "timestamp": timestamp}
    if key is None:
        line["key"] = None
    else:
        try:
            line["key"] = key.decode("utf-8")
        except UnicodeDecodeError:
            line["key_b64"] = base64.b64encode(key).decode("ascii")
    parsed = _json_object(value)
    if value is None:
        line["value"] = None
    elif parsed is not None:
        line["value"] = parsed
    else:
        line["value_b64"] = base64.b64encode(value).decode("ascii")
    return orjson.dumps(line) + b"\n"


def _json_object(value: bytes | None) -> dict[str, Any] | None:
    if value is None:
        return None
    try:
        parsed = orjson.loads(value)
    except orjson.JSONDecodeError:
        return None
    return parsed if isinstance(parsed, dict) else None


def decode_line(raw: bytes | str, *, line: int) -> ArchivedMessage:
    """Parse one archive line; ValueError says what is wrong with it."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if not isinstance(data, dict) or not ARCHIVE_KEYS <= data.keys():
        raise ValueError("not an archive line (needs topic, partition, offset, timestamp)")
    value_object = None
    if "value_b64" in data:
        value = _b64(data["value_b64"], "value_b64")
    elif isinstance(data.get("value"), dict):
        value_object = data["value"]
        value = orjson.dumps(value_object)
    elif data.get("value") is None:
        value = None
    else:
        raise ValueError("value must be a JSON object, null, or given as value_b64")
    if "key_b64" in data:
        key = _b64(data["key_b64"], "key_b64")
    elif data.get("key") is None:
        key = None
    else:
        key = str(data["key"]).encode("utf-8")
    try:
        return ArchivedMessage(
            topic=str(data["topic"]),
            partition=int(data["partition"]),
            offset=int(data["offset"]),
            timestamp=None if data["timestamp"] is None else int(data["timestamp"]),
            key=key,
            value=value,
            line=line,
            value_object=value_object,
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"bad field: {exc}") from None


def _b64(text: Any, name: str) -> bytes:
    try:
        return base64.b64decode(str(text), validate=True)
    except ValueError:
        raise ValueError(f"{name} is not base64") from None


def looks_like_archive_line(raw: bytes | str) -> bool:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return False
    return isinstance(data, dict) and ARCHIVE_KEYS <= data.keys() and ("value" in data or "value_b64" in data)


def open_text_lines(path: Path) -> IO[bytes]:
    """Binary line reader that sees through gzip (by magic number, not only by name)."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else path.open("rb")  # type: ignore[return-value]


def iter_archive(path: str | Path, *, start_line: int = 0) -> Iterator[ArchivedMessage | ArchiveLineError]:
    """Every line of an archive, 1-based line numbers; lines before `start_line`+1 are skipped unparsed."""
    source = Path(path)
    with open_text_lines(source) as handle:
        for number, raw in enumerate(handle, start=1):
            if number <= start_line or not raw.strip():
                continue
            try:
                yield decode_line(raw, line=number)
            except ValueError as exc:
                yield ArchiveLineError(str(source), number, str(exc))


def count_lines(path: str | Path) -> int:
    with open_text_lines(Path(path)) as handle:
        return sum(1 for raw in handle if raw.strip())


# --------------------------------------------------------------------------------------------- export


def _open_output(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "wb", compresslevel=6)  # type: ignore[return-value]
    return path.open("wb")


def export_range(
    settings: Settings,
    start: datetime | None,
    end: datetime | None,
    out: str | Path,
    *,
    topic: str | None = None,
    progress: bool = True,
) -> ArchiveSummary:
    """Write the records of `topic` (default: the articles topic) with timestamps in [start, end).

    Each partition is read from the first offset stamped >= start to its current end, keeping the
    records inside the window (see `plan_time_range`: timestamps need not follow offsets). The file
    appears under its name only once complete (written to `<name>.partial` first).
    """
    name = topic or settings.topic_articles
    start_ms = epoch_ms(start) if start else None
    end_ms = epoch_ms(end) if end else None
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial") if not target.name.endswith(".gz") else target.with_name(
        target.name.removesuffix(".gz") + ".partial.gz"
    )
    summary = ArchiveSummary(path=target)
    reader = range_reader(settings)
    try:
        summary.ranges = plan_time_range(reader, name, start_ms, end_ms)
        total = sum(r.count for r in summary.ranges)
        with meter(f"archive {name}", total=total, enabled=progress) as bar, _open_output(partial) as sink:
            # Partition by partition, so the file is ordered and the same range gives the same file.
            for part in summary.ranges:
                position = part.start
                for records, positions in read_ranges(reader, [part]):
                    for rec in records:
                        sink.write(encode_record(rec.topic, rec.partition, rec.offset, rec.timestamp, rec.key, rec.value))
                        summary.written += 1
                    reached = positions.get(part.partition, position)
                    bar.advance(reached - position)  # offsets passed, kept or not
                    position = reached
        os.replace(partial, target)
        return summary
    finally:
        reader.close()
        if partial.exists():
            partial.unlink()

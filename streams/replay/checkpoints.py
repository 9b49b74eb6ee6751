"""Replay checkpoints: a small JSON file per replay in `<state dir>/replay/<name>.json`.

A checkpoint is written only after the batch it covers is confirmed written (Elasticsearch answered
for every item, or the producer's futures all succeeded), and atomically (temp file + rename), so a
replay killed at any moment resumes at the first record not yet confirmed: no gaps. Records between
the last checkpoint and the kill are written again, which duplicates nothing because every
document id is content-derived.
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from streams.config import Settings
from streams.errors import OperatorError
from streams.ingest.ranges import PartitionRange

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class CheckpointMismatch(OperatorError, RuntimeError):
    """A checkpoint of that name exists for a different replay."""

    check = "give this replay another --name, or --restart to forget the old checkpoint"


@dataclass(slots=True)
class Checkpoint:
    name: str
    spec: dict[str, Any]  # what is replayed where; a resume must ask for the same
    created: str  # the `event.created` stamp shared by every document of this replay
    ranges: list[dict[str, Any]] = field(default_factory=list)  # Kafka source: the resolved offset ranges
    positions: dict[str, int] = field(default_factory=dict)  # partition -> next offset to read
    line: int = 0  # archive source: last line confirmed
    counts: dict[str, int] = field(default_factory=dict)
    done: bool = False
    updated: str | None = None

    def partition_ranges(self) -> list[PartitionRange]:
        return [PartitionRange.from_dict(r) for r in self.ranges]

    def remaining(self) -> list[PartitionRange]:
        """The part of each range not yet confirmed."""
        return remaining_ranges(self.partition_ranges(), self.positions)

    def advance(self, positions: dict[int, int]) -> None:
        for partition, offset in positions.items():
            key = str(partition)
            self.positions[key] = max(self.positions.get(key, 0), offset)

    def add(self, **counts: int) -> None:
        for name, value in counts.items():
            self.counts[name] = self.counts.get(name, 0) + value


def remaining_ranges(ranges: list[PartitionRange], positions: dict[str, int]) -> list[PartitionRange]:
    out = []
    for r in ranges:
        done_up_to = positions.get(str(r.partition))
        start = r.start if done_up_to is None else min(max(r.start, done_up_to), r.end)
        out.append(r.with_start(start))
    return out


class BadReplayName(OperatorError, ValueError):
    check = "--name: letters, digits, '.', '_' and '-' (at most 128)"


def check_name(name: str) -> str:
    if not _SAFE_NAME.match(name):
        raise BadReplayName(f"replay name {name!r}: use letters, digits, '.', '_' and '-' (at most 128)", exit_code=2)
    return name


class CheckpointStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @classmethod
    def for_settings(cls, settings: Settings) -> "CheckpointStore":
        return cls(settings.state_path / "replay")

    def path(self, name: str) -> Path:
        return self.directory / f"{check_name(name)}.json"

    def errors_path(self, name: str) -> Path:
        """Dead letters and rejections of the replay, one JSON line each (kept for inspection)."""
        return self.directory / f"{check_name(name)}.errors.jsonl"

    def load(self, name: str) -> Checkpoint | None:
        path = self.path(name)
        if not path.exists():
            return None
        data = orjson.loads(path.read_bytes())
        return Checkpoint(**data)

    def save(self, checkpoint: Checkpoint) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        checkpoint.updated = datetime.now(UTC).isoformat(timespec="milliseconds")
        path = self.path(checkpoint.name)
        temporary = path.with_name(path.name + ".tmp")
        with temporary.open("wb") as handle:
            handle.write(orjson.dumps(asdict(checkpoint), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)

    def delete(self, name: str) -> None:
        for path in (self.path(name), self.errors_path(name)):
            path.unlink(missing_ok=True)

    def open_or_create(self, name: str, spec: dict[str, Any], created: str, *, restart: bool = False) -> tuple[Checkpoint, bool]:
        """(checkpoint, resumed). A stored checkpoint for another spec is an error unless `restart`."""
        existing = None if restart else self.load(name)
        if existing is not None:
            if existing.spec != spec:
                raise CheckpointMismatch(
                    f"checkpoint {self.path(name)} belongs to another replay ({existing.spec}); "
                    "choose another --name or pass --restart"
                )
            return existing, True
        if restart:
            self.delete(name)
        return Checkpoint(name=name, spec=spec, created=created), False

"""Dead-letter tooling as plain functions: read, summarize and requeue dead letters."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from streams.config import Settings
from streams.errors import parse_dead_letter
from streams.kafka import consumer, producer
from streams.models import DeadLetter

REQUEUE_GROUP_SUFFIX = "-dlq-requeue"


@dataclass(frozen=True, slots=True)
class StoredLetter:
    partition: int
    offset: int
    timestamp: int
    letter: DeadLetter


def read_letters(
    settings: Settings, topic: str, *, group_id: str | None = None, idle_ms: int = 1500, limit: int | None = None
) -> Iterator[StoredLetter]:
    """Every dead letter of `topic` from the start (or from the group's committed offsets)."""
    reader = consumer(settings, topic, group_id=group_id, consumer_timeout_ms=idle_ms)
    count = 0
    try:
        for record in reader:
            yield StoredLetter(record.partition, record.offset, record.timestamp,
                               parse_dead_letter(record.key, record.value, record.headers))
            count += 1
            if limit is not None and count >= limit:
                break
    finally:
        reader.close()


def tail(settings: Settings, topic: str, last: int) -> list[StoredLetter]:
    letters = list(read_letters(settings, topic))
    letters.sort(key=lambda s: (s.timestamp, s.partition, s.offset))
    return letters[-last:] if last else letters


def reason_family(reason: str) -> str:
    """A short grouping key: the reason up to its first colon (e.g. 'schema violation at text')."""
    head = reason.split(":", 1)[0].strip()
    return head[:80] or "(none)"


def stats(letters: list[StoredLetter]) -> dict[str, Counter]:
    return {
        "stage": Counter(s.letter.stage for s in letters),
        "reason": Counter(f"{s.letter.stage}: {reason_family(s.letter.reason)}" for s in letters),
        "source_topic": Counter(s.letter.topic for s in letters),
    }


@dataclass(frozen=True, slots=True)
class LetterFilter:
    stage: str | None = None
    reason_contains: str | None = None
    source_topic: str | None = None

    def __call__(self, letter: DeadLetter) -> bool:
        if self.stage and letter.stage != self.stage:
            return False
        if self.reason_contains and self.reason_contains.lower() not in letter.reason.lower():
            return False
        return not (self.source_topic and letter.topic != self.source_topic)


def requeue(
    settings: Settings, topic: str, keep: LetterFilter, *, dry_run: bool = False
) -> tuple[int, int]:
    """Send matching dead letters back to the topic they came from, original key and bytes.

    A consumer group per filter remembers how far requeue got, so running the same requeue twice
    does not resend what was already sent, while another filter still sees every letter.
    Returns (requeued, skipped).
    """
    from streams.ids import stable_id

    group = f"{settings.app_id}{REQUEUE_GROUP_SUFFIX}-{topic}-{stable_id(repr(keep), length=12)}"
    reader = consumer(settings, topic, group_id=None if dry_run else group, consumer_timeout_ms=1500)
    sender = None if dry_run else producer(settings)
    sent = skipped = 0
    try:
        for record in reader:
            letter = parse_dead_letter(record.key, record.value, record.headers)
            if keep(letter) and letter.topic:
                if sender is not None:
                    sender.send(letter.topic, key=letter.key, value=letter.original).get(timeout=30)
                sent += 1
            else:
                skipped += 1
        if sender is not None:
            sender.flush(30)
            reader.commit()
    finally:
        reader.close()
        if sender is not None:
            sender.close()
    return sent, skipped


def age_text(timestamp_ms: int) -> str:
    seconds = max(0, time.time() - timestamp_ms / 1000)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f}{unit}"
    return f"{seconds:.0f}s"

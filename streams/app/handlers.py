"""What the agents do with one message, as plain functions (no Faust, no I/O).

The agents in `streams.app.faust_app` only move bytes between Kafka, these functions and the
Elasticsearch writer; everything that can be decided without I/O is decided here and unit-tested.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson

from streams.errors import InvalidMessage, describe_exception
from streams.models import Article, DeadLetter, Lineage, limit_text
from streams.packaged import packaged
from streams.published import InvalidPublished, PublishedTime, parse_published, published_or_ingested

KIND_HEADER = "kind"


@dataclass(frozen=True, slots=True)
class Position:
    """Where a message sits in Kafka."""

    topic: str
    partition: int | None
    offset: int | None
    timestamp_ms: int | None = None  # the record's Kafka timestamp: when the article was ingested

    def lineage(self) -> Lineage | None:
        if self.partition is None or self.offset is None:
            return None
        return Lineage(self.topic, self.partition, self.offset)

    def ingested(self) -> datetime | None:
        if self.timestamp_ms is None or self.timestamp_ms < 0:
            return None
        return datetime.fromtimestamp(self.timestamp_ms / 1000, tz=UTC)


@dataclass(frozen=True, slots=True)
class OutRecord:
    key: bytes | None
    value: bytes
    headers: list[tuple[str, bytes]]
    partition: int | None = None  # None: the producer's partitioner decides from the key


@dataclass(frozen=True, slots=True)
class ExtractOutcome:
    records: list[OutRecord] = field(default_factory=list)  # for the events topic
    dead_letter: DeadLetter | None = None
    events: int = 0
    evidence: list[OutRecord] = field(default_factory=list)  # for the incident evidence topic
    # For the worker's metrics: known once the message decoded (the language as detected when the
    # message carried none), the PLOVER type of each event, and the pipeline's time.
    source: str | None = None
    lang: str | None = None
    plover_types: tuple[str, ...] = ()
    coding_seconds: float | None = None


@lru_cache(maxsize=1)
def article_validator():
    """The article JSON Schema, compiled once per process."""
    from jsonschema import Draft202012Validator

    schema = orjson.loads(packaged("schemas", "article.schema.json").read_bytes())
    return Draft202012Validator(schema)


def decode_article(
    raw: bytes | None, *, max_bytes: int, ingested: datetime | None = None, max_chars: int | None = None
) -> Article:
    """Bytes from the `articles` topic -> Article, or InvalidMessage saying exactly why not."""
    if raw is None or len(raw) == 0:
        raise InvalidMessage("decode", "empty message value")
    if len(raw) > max_bytes:
        raise InvalidMessage("decode", f"message of {len(raw)} bytes exceeds the limit of {max_bytes}")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidMessage("decode", f"not valid UTF-8 JSON: {exc}") from None
    return article_from_dict(data, ingested=ingested, max_chars=max_chars)


def article_from_dict(data: Any, *, ingested: datetime | None = None, max_chars: int | None = None) -> Article:
    """A parsed article message -> Article: the schema, then `published` through the one parser
    (streams.published), normalized to UTC. Without a published time the article gets `ingested`
    (flagged `published_assumed: ingest-time`) when one is given. A text longer than `max_chars`
    is cut and marked (`streams.models.limit_text`, as the readers do)."""
    if not isinstance(data, dict):
        raise InvalidMessage("validate", f"expected a JSON object, got {type(data).__name__}")
    errors = sorted(article_validator().iter_errors(data), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        where = "/".join(map(str, first.path)) or "(root)"
        raise InvalidMessage("validate", f"schema violation at {where}: {first.message[:300]}")
    try:
        when = parse_published(data.get("published"))
    except InvalidPublished as exc:
        raise InvalidMessage("validate", str(exc)) from None
    if when is None and ingested is not None:
        when = published_or_ingested(None, ingested=ingested)
    fields = when.fields() if when is not None else dict.fromkeys(PublishedTime.FIELDS)
    if max_chars is not None:
        data = limit_text(data, max_chars)
    return Article.from_dict({**data, **fields})


def _instant(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def dead_letter(
    raw: bytes | None, key: bytes | None, position: Position, stage: str, reason: str, *, failed_at: str,
    coder_version: str | None = None,
) -> DeadLetter:
    return DeadLetter(
        stage=stage,
        reason=reason,
        original=raw or b"",
        topic=position.topic,
        partition=position.partition,
        offset=position.offset,
        key=key,
        failed_at=failed_at,
        coder_version=coder_version,
    )


# Room left in a record for its key, headers and Kafka's framing when a bundle is sized against the limit.
RECORD_OVERHEAD_BYTES = 4096


def index_records(key: bytes, event_values: list[bytes], article_value: bytes, max_bytes: int) -> list[OutRecord]:
    """An article's records for the `events` topic: ONE record (kind `bundle`: its events and its
    article document, `{"events": [...], "article": {...}}`, spliced from the documents' own JSON,
    nothing encoded twice) when it has events and fits in `max_bytes`; else the article document
    alone (no events), or, for a bundle too large for one message, one record per event and the
    article document last (kinds `event` and `article`). The index agent reads all three kinds.

    One record instead of ~10 per article: the broker, the producer and the index agent's
    consumer (Faust's per-message stream, ack and offset work) each handle a tenth of the records.
    """
    if not event_values:
        return [OutRecord(key, article_value, [(KIND_HEADER, b"article")])]
    bundle = b"".join((b'{"events":[', b",".join(event_values), b'],"article":', article_value, b"}"))
    if len(bundle) + RECORD_OVERHEAD_BYTES <= max_bytes:
        return [OutRecord(key, bundle, [(KIND_HEADER, b"bundle")])]
    records = [OutRecord(key, value, [(KIND_HEADER, b"event")]) for value in event_values]
    records.append(OutRecord(key, article_value, [(KIND_HEADER, b"article")]))
    return records


def extract_records(
    raw: bytes | None,
    key: bytes | None,
    position: Position,
    *,
    pipeline: Any,
    created: str,
    max_bytes: int,
    max_chars: int,
    coder_version: str,
    incidents: bool = False,
) -> ExtractOutcome:
    """One article message -> the records for the `events` topic (and, with `incidents`, the
    evidence records for the incidents agent), or a dead letter. Never raises."""
    stage = "decode"
    article: Article | None = None
    try:
        # An article without a published time is stamped with its Kafka time (stable across
        # replays), else the extraction time.
        ingested = position.ingested() or _instant(created)
        article = decode_article(raw, max_bytes=max_bytes, ingested=ingested, max_chars=max_chars)
        stage = "extract"
        began = time.perf_counter()
        extraction = pipeline.run(article, lineage=position.lineage(), created=created, max_chars=max_chars)
        coding_seconds = time.perf_counter() - began
        stage = "serialize"
        from streams.sink.documents import article_document

        out_key = article.id.encode("utf-8")
        event_values = [event.to_json() for event in extraction.events]
        article_doc = article_document(article, extraction, created=created, lineage=position.lineage())
        records = index_records(out_key, event_values, orjson.dumps(article_doc), max_bytes)
        evidence: list[OutRecord] = []
        if incidents and extraction.events:
            stage = "incident-evidence"
            from streams.incidents.evidence import build_evidence, encode

            docs = [orjson.loads(value) for value in event_values]
            for item in build_evidence(article, extraction.article.lang, docs):
                key, value = encode(item)
                evidence.append(OutRecord(key, value, []))
        return ExtractOutcome(
            records=records,
            events=len(extraction.events),
            evidence=evidence,
            source=article.source,
            lang=extraction.article.lang,
            plover_types=tuple(event.event.plover for event in extraction.events),
            coding_seconds=coding_seconds,
        )
    except InvalidMessage as exc:
        letter = dead_letter(raw, key, position, exc.stage, exc.reason, failed_at=created, coder_version=coder_version)
    except Exception as exc:  # noqa: BLE001 - a bug or a pathological text must not stop the stream
        letter = dead_letter(
            raw, key, position, stage, describe_exception(exc), failed_at=created, coder_version=coder_version
        )
    return ExtractOutcome(
        dead_letter=letter,
        source=article.source if article is not None else None,
        lang=article.lang if article is not None else None,
    )

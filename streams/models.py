"""Domain models, free of Kafka, Faust and Elasticsearch types.

`schemas/*.schema.json` is the contract; `tests/unit/test_contract.py` keeps these models, the JSON
Schemas and the Elasticsearch mapping in step. Offsets (`start`, `end`) are always character
offsets into the ORIGINAL article text as the pipeline sees it: the title, a blank line, then the
body, unless the body already starts with the title (`streams.extract.pipeline.full_text`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import orjson

# Modality flags recorded on an event; "asserted" stands alone when nothing else applies.
MODALITIES = ("asserted", "negated", "future", "possible", "conditional")
DATE_PRECISIONS = ("day", "month", "year")
LOCATION_ROLES = ("venue", "about", "remote")


@dataclass(frozen=True, slots=True)
class Article:
    """One article message as published to the `articles` topic."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    lang: str | None = None
    # UTC ISO 8601 once decoded (streams.published: precision, the source's offset, what was assumed).
    published: str | None = None
    source: str | None = None
    # Publisher stamps for end-to-end verification (chaos suite); carried to the events.
    run_id: str | None = None
    seq: int | None = None
    published_precision: str | None = None  # day | minute | second
    published_offset: str | None = None  # "+03:00" as the source wrote it; None: no zone given
    published_assumed: str | None = None  # utc (a time without offset) | ingest-time (none given)
    truncated: bool | None = None  # the text was cut at EVENTWIRE_MAX_TEXT_CHARS ...
    original_length: int | None = None  # ... from this many characters

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        return cls(
            id=str(data["id"]),
            text=data["text"],
            title=data.get("title"),
            url=data.get("url"),
            lang=data.get("lang"),
            published=data.get("published"),
            source=data.get("source"),
            run_id=data.get("run_id"),
            seq=data.get("seq"),
            published_precision=data.get("published_precision"),
            published_offset=data.get("published_offset"),
            published_assumed=data.get("published_assumed"),
            truncated=data.get("truncated"),
            original_length=data.get("original_length"),
        )

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def limit_text(article: dict[str, Any], max_chars: int) -> dict[str, Any]:
    """The article message with its text cut to `max_chars`, marked `truncated` with the
    `original_length` (characters); the same dict when it fits. Both readers and the worker cut here."""
    text = article.get("text")
    if not isinstance(text, str) or len(text) <= max_chars:
        return article
    original = article.get("original_length") if article.get("truncated") else None
    return {**article, "text": text[:max_chars], "truncated": True,
            "original_length": original if isinstance(original, int) and original > len(text) else len(text)}


@dataclass(frozen=True, slots=True)
class Geo:
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Actor:
    """A mention of an actor with its CAMEO-style code (ISO3 + sector, e.g. RUSGOV)."""

    text: str
    name: str
    code: str
    country: str | None  # ISO 3166 alpha-3, or "IGO"/"NGO"
    sector: str | None  # GOV, MIL, REB, ...
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Place:
    text: str
    name: str
    country: str | None
    geo: Geo | None
    geonameid: int | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CountryMention:
    text: str
    iso3: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Location:
    name: str | None
    country: str | None
    geo: Geo | None
    geonameid: int | None
    role: str  # one of LOCATION_ROLES


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EventCode:
    cameo: str  # three digits where the text allows, else the two-digit root
    cameo_root: str
    plover: str
    mode: str | None
    goldstein: float
    quad_class: int
    modality: tuple[str, ...]
    text: str  # the trigger text as it appears in the article
    created: str | None = None  # extraction time (event.created)


@dataclass(frozen=True, slots=True)
class Lineage:
    """Where the event came from in Kafka (absent for offline extraction)."""

    topic: str
    partition: int
    offset: int


@dataclass(frozen=True, slots=True)
class Event:
    event_id: str
    article_id: str
    lang: str
    timestamp: str  # serialized as "@timestamp": the event date, else the published time
    date: str | None
    date_text: str | None
    date_precision: str | None
    event: EventCode
    source_actor: tuple[Actor, ...]
    target_actor: tuple[Actor, ...]
    reciprocal: bool
    location: Location | None
    places: tuple[Place, ...]
    claim_source: Actor | None
    sentence: Sentence
    confidence: float
    why: tuple[str, ...]
    coder_version: str
    dictionary_version: str
    article_title: str | None = None
    article_url: str | None = None
    article_source: str | None = None
    published: str | None = None
    run_id: str | None = None
    seq: int | None = None
    lineage: Lineage | None = None

    def to_json(self) -> bytes:
        """The document that is sent to the `events` topic and indexed, serialized."""
        # orjson walks the slotted dataclasses in C; only the one key that is no Python identifier
        # is renamed in the bytes. `"timestamp":` with bare quotes can only be that key: quotes
        # inside string values are escaped, and no nested model has a `timestamp` field.
        return orjson.dumps(self).replace(b'"timestamp":', b'"@timestamp":', 1)

    def to_doc(self) -> dict[str, Any]:
        """`to_json` as a dict (tuples come back as lists), as `eventwire extract` prints it."""
        return orjson.loads(self.to_json())


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What extraction learnt about the article as a whole."""

    id: str
    lang: str
    title: str | None
    published: str | None
    persons: tuple[Actor, ...] = ()
    organizations: tuple[Actor, ...] = ()
    countries: tuple[CountryMention, ...] = ()
    places: tuple[Place, ...] = ()
    published_precision: str | None = None
    published_assumed: str | None = None
    truncated: bool | None = None
    original_length: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lang": self.lang,
            "title": self.title,
            "published": self.published,
            "published_precision": self.published_precision,
            "published_assumed": self.published_assumed,
            "truncated": self.truncated,
            "original_length": self.original_length,
            "entities": orjson.loads(
                orjson.dumps(
                    {
                        "persons": self.persons,
                        "organizations": self.organizations,
                        "countries": self.countries,
                        "places": self.places,
                    }
                )
            ),
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    article: ArticleInfo
    events: tuple[Event, ...] = field(default_factory=tuple)

    def to_record(self) -> dict[str, Any]:
        """One line of `eventwire extract` output."""
        return {"article": self.article.to_dict(), "events": [e.to_doc() for e in self.events]}


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """A message the pipeline could not handle, kept whole so it can be requeued after a fix."""

    stage: str  # decode | validate | extract | index | ...
    reason: str
    original: bytes
    topic: str
    partition: int | None
    offset: int | None
    key: bytes | None = None
    failed_at: str | None = None
    coder_version: str | None = None

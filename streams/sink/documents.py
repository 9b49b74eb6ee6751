"""Index documents: what goes into the `events` and `articles` indices, built by pure functions.

Two layers:
- the documents that travel on the `events` topic (an event's `Event.to_doc()`, and the enriched
  article from `article_document`, one record per article: streams.app.handlers.index_records),
  wrapped as `IndexItem`s by `decode_index_records`;
- the index-time fields added just before the bulk write (`prepare_event` / `prepare_article`):
  `event.ingested`, the normalized Arabic search form of the sentence, title and text, and the
  query helpers `dyad`, `dyad_countries`, `actor_codes`, `actor_countries` (see
  schemas/elasticsearch/README.md), and the event's `incident_id` (streams/incidents/keys.py). They are derived from the document, so a replay gives the same
  fields (except `event.ingested`, which is the time of that write).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import orjson

from streams.ids import article_doc_id
from streams.incidents.keys import incident_id_of
from streams.models import Article, Extraction, Lineage

Kind = Literal["event", "article", "incident"]
# The kinds of records on the `events` topic: `bundle` (an article's events and its document in one
# record, what the worker sends), and the single documents `event` and `article` (an article
# without events, a bundle too large for one message, and the records of earlier versions).
KINDS: tuple[str, ...] = ("bundle", "event", "article")
KIND_HEADER = "kind"
# How an item is written: `index` replaces the document; `merge` creates it, or, when it is there
# already, merges the prepared document into it (so a field another writer owns, an article's
# `duplicate_of`, survives a re-index); `patch` merges a partial document as it is, creating it
# when missing (the incidents agent's `duplicate_of`).
Op = Literal["index", "merge", "patch"]

# Dotted paths the sink adds at write time, beside the fields of `Event.to_doc()` / `article_document`.
EVENT_INDEX_TIME_FIELDS: tuple[str, ...] = (
    "event.ingested",
    "incident_id",
    "sentence.text_norm",
    "article_title_norm",
    "dyad",
    "dyad_countries",
    "actor_codes",
    "actor_countries",
)
ARTICLE_INDEX_TIME_FIELDS: tuple[str, ...] = ("event.ingested", "title_norm", "text_norm")
# Fields the incidents agent merges into article documents (`patch` items), beside the article's own.
ARTICLE_PATCH_FIELDS: tuple[str, ...] = ("article_id", "duplicate_of", "lang", "source", "published", "@timestamp")
INCIDENT_INDEX_TIME_FIELDS: tuple[str, ...] = ("event.ingested", "sentence.text_norm", "article_title_norm", "sentences_norm")

_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


class InvalidIndexMessage(ValueError):
    """A message on the `events` topic that cannot become an index document (dead-letter it)."""


@dataclass(frozen=True, slots=True)
class IndexItem:
    kind: Kind
    doc_id: str
    doc: dict[str, Any]
    origin: Any = None  # returned untouched in a Rejection (e.g. Kafka position and raw bytes)
    op: Op = "index"


def event_item(doc: dict[str, Any], origin: Any = None) -> IndexItem:
    event_id = doc.get("event_id")
    if not isinstance(event_id, str) or not event_id:
        raise InvalidIndexMessage("event document without a string event_id")
    return IndexItem("event", event_id, doc, origin)


def article_item(doc: dict[str, Any], origin: Any = None, op: Op = "index") -> IndexItem:
    article_id = doc.get("article_id")
    if not isinstance(article_id, str) or not article_id:
        raise InvalidIndexMessage("article document without a string article_id")
    return IndexItem("article", article_doc_id(article_id), doc, origin, op)


def incident_item(doc: dict[str, Any], origin: Any = None) -> IndexItem:
    return IndexItem("incident", doc["incident_id"], doc, origin)


def item_for(kind: str, key: str, doc: dict[str, Any], op: Op) -> IndexItem:
    """The incidents agent's items: incident documents by id, article patches by article id."""
    if kind == "incident":
        return IndexItem("incident", key, doc, None, op)
    return IndexItem("article", article_doc_id(key), doc, None, op)


def _header_kind(headers: Sequence[tuple[str, bytes]] | Mapping[str, bytes] | None) -> bytes | None:
    if not headers:
        return None
    pairs: Iterable[tuple[Any, Any]] = headers.items() if isinstance(headers, Mapping) else headers
    for name, value in pairs:
        if (name.decode("utf-8", "replace") if isinstance(name, bytes) else name) == KIND_HEADER:
            return value.encode() if isinstance(value, str) else value
    return None


def decode_index_records(
    value: bytes | None,
    headers: Sequence[tuple[str, bytes]] | Mapping[str, bytes] | None,
    origin: Any = None,
    article_op: Op = "index",
) -> list[IndexItem]:
    """A message of the `events` topic -> its IndexItems (a bundle's events, then its article; or
    the one document of an `event`/`article` record), all with `origin`. Raises
    InvalidIndexMessage on junk: the whole message is refused, none of its items is written."""
    kind_raw = _header_kind(headers)
    kind = None if kind_raw is None else kind_raw.decode("utf-8", "replace")
    if kind is not None and kind not in KINDS:
        raise InvalidIndexMessage(f"unknown kind header {kind!r}")
    if not value:
        raise InvalidIndexMessage("empty message")
    try:
        doc = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise InvalidIndexMessage(f"not JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise InvalidIndexMessage(f"expected a JSON object, got {type(doc).__name__}")
    if kind is None:
        # Without the header (a dead letter requeued by `eventwire dlq requeue` goes back with its
        # key and bytes only), the document says what it is: an event has its `event_id`, a
        # bundle its `events` and `article`, an article document its `article_id` alone.
        if "event_id" in doc or ("article_id" not in doc and "article" not in doc):
            kind = "event"
        else:
            kind = "bundle" if "events" in doc and "article" in doc else "article"
    if kind == "event":
        return [event_item(doc, origin)]
    if kind == "article":
        return [article_item(doc, origin, article_op)]
    events, article = doc.get("events"), doc.get("article")
    if not isinstance(events, list) or not isinstance(article, dict) or len(doc) != 2:
        raise InvalidIndexMessage("a bundle is {\"events\": [...], \"article\": {...}}")
    items = []
    for event in events:
        if not isinstance(event, dict):
            raise InvalidIndexMessage(f"bundle event: expected a JSON object, got {type(event).__name__}")
        items.append(event_item(event, origin))
    items.append(article_item(article, origin, article_op))
    return items


def decode_index_message(
    value: bytes | None,
    headers: Sequence[tuple[str, bytes]] | Mapping[str, bytes] | None,
    origin: Any = None,
    article_op: Op = "index",
) -> IndexItem:
    """A single-document message of the `events` topic (`event` or `article`) -> IndexItem; a
    bundle is refused here (read it with `decode_index_records`). Raises InvalidIndexMessage."""
    if _header_kind(headers) == b"bundle":
        raise InvalidIndexMessage("a bundle holds several documents: decode_index_records")
    return decode_index_records(value, headers, origin, article_op)[0]


def article_document(
    article: Article, extraction: Extraction, *, created: str, lineage: Lineage | None
) -> dict[str, Any]:
    """The enriched article for the `articles` index, linked to its events by `article_id`."""
    info = extraction.article
    entities = info.to_dict()["entities"]
    countries = sorted({c.iso3 for c in info.countries} | {p.country for p in info.places if p.country})
    # Plain dicts rather than dataclasses.asdict: its recursive deep copy cost ~0.3 ms per article
    # (bench/worker_budget.py) for these flat records.
    geo = [{"lat": p.geo.lat, "lon": p.geo.lon} for p in info.places if p.geo is not None]
    plover = sorted({e.event.plover for e in extraction.events})
    return {
        "article_id": article.id,
        "lang": info.lang,
        "@timestamp": info.published or article.published or created,
        "published": info.published or article.published,
        "published_precision": article.published_precision,
        "published_offset": article.published_offset,
        "published_assumed": article.published_assumed,
        "truncated": article.truncated,
        "original_length": article.original_length,
        "title": article.title if article.title is not None else info.title,
        "text": article.text,
        "url": article.url,
        "source": article.source,
        "entities": entities,
        "countries": countries,
        "geo": geo,
        "event_count": len(extraction.events),
        "event_ids": [e.event_id for e in extraction.events],
        "plover_types": plover,
        "run_id": article.run_id,
        "seq": article.seq,
        "lineage": {"topic": lineage.topic, "partition": lineage.partition, "offset": lineage.offset}
        if lineage is not None else None,
        "event": {"created": created},
    }


def arabic_search_form(text: str | None) -> str | None:
    """The pipeline's Arabic matching form of `text`, or None when it has no Arabic script.

    The search CLI normalizes Arabic queries with this same function, so the `*_norm` fields
    match on any cluster (the minimal one has no `arabic` analyzer).
    """
    if not text or not _ARABIC_SCRIPT.search(text):
        return None
    from streams.extract.normalize import arabic_matching_form

    return arabic_matching_form(text)


# The side of a dyad the text does not name: an attack by unknown perpetrators is `unnamed>IRQCOP`,
# gunmen with no country are `unnamed>IRQ` in `dyad_countries`, a protest with no addressee
# `IRQCVL>unnamed`. An event with neither side named has no dyad.
UNNAMED = "unnamed"


def _pairs(sources: Sequence[str], targets: Sequence[str], reciprocal: bool) -> list[str]:
    if not sources and not targets:
        return []
    sources = sources or [UNNAMED]
    targets = targets or [UNNAMED]
    if reciprocal:
        everyone = sorted(set(sources) | set(targets))
        pairs = {f"{a}>{b}" for a in everyone for b in everyone if a != b}
    else:
        pairs = {f"{a}>{b}" for a in sources for b in targets}
    return sorted(pairs)


def _values(actors: Any, key: str) -> list[str]:
    out: list[str] = []
    for actor in actors or ():
        value = actor.get(key) if isinstance(actor, dict) else None
        if isinstance(value, str) and value and value not in out:
            out.append(value)
    return out


def prepare_event(doc: Mapping[str, Any], ingested: str) -> dict[str, Any]:
    """The event document as indexed: the topic document plus the index-time fields."""
    out = dict(doc)
    event = out.get("event")
    out["event"] = {**event, "ingested": ingested} if isinstance(event, dict) else event
    sentence = out.get("sentence")
    if isinstance(sentence, dict):
        text = sentence.get("text")
        out["sentence"] = {**sentence, "text_norm": arabic_search_form(text if isinstance(text, str) else None)}
    title = out.get("article_title")
    out["article_title_norm"] = arabic_search_form(title if isinstance(title, str) else None)
    sources, targets = out.get("source_actor"), out.get("target_actor")
    reciprocal = out.get("reciprocal") is True
    src_codes, tgt_codes = _values(sources, "code"), _values(targets, "code")
    src_countries, tgt_countries = _values(sources, "country"), _values(targets, "country")
    out["dyad"] = _pairs(src_codes, tgt_codes, reciprocal)
    out["dyad_countries"] = _pairs(src_countries, tgt_countries, reciprocal)
    out["actor_codes"] = sorted(set(src_codes) | set(tgt_codes))
    out["actor_countries"] = sorted(set(src_countries) | set(tgt_countries))
    out["incident_id"] = incident_id_of(out)
    return out


def prepare_article(doc: Mapping[str, Any], ingested: str) -> dict[str, Any]:
    out = dict(doc)
    event = out.get("event")
    out["event"] = {**(event if isinstance(event, dict) else {}), "ingested": ingested}
    title, text = out.get("title"), out.get("text")
    out["title_norm"] = arabic_search_form(title if isinstance(title, str) else None)
    out["text_norm"] = arabic_search_form(text if isinstance(text, str) else None)
    return out


def prepare_incident(doc: Mapping[str, Any], ingested: str) -> dict[str, Any]:
    """The incident document as indexed: `event.ingested` and the Arabic search forms added."""
    out = dict(doc)
    out["event"] = {**(doc.get("event") or {}), "ingested": ingested}
    sentence = doc.get("sentence") if isinstance(doc.get("sentence"), dict) else {}
    text = sentence.get("text")
    out["sentence"] = {**sentence, "text_norm": arabic_search_form(text if isinstance(text, str) else None)}
    title = doc.get("article_title")
    out["article_title_norm"] = arabic_search_form(title if isinstance(title, str) else None)
    out["sentences_norm"] = [form for text in doc.get("sentences") or () if (form := arabic_search_form(text))]
    return out


def prepare(item: IndexItem, ingested: str) -> dict[str, Any]:
    if item.op == "patch":
        return item.doc
    if item.kind == "event":
        return prepare_event(item.doc, ingested)
    if item.kind == "incident":
        return prepare_incident(item.doc, ingested)
    return prepare_article(item.doc, ingested)

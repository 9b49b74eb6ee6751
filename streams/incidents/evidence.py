"""Evidence records: what the extract agent tells the incidents agent about one article.

One evidence item per (article, incident key) the article's events fall under. It carries the
article's reference (source, language, published time, text hash and sketch) and its events under
that key (`mention`: the fields an incident needs of them). Every item of one key must land on the
key's partition of the evidence topic, so that every report of one incident is read by one worker
at a time.

On the topic, the items of one extract batch that go to one partition travel together, as one
record whose value is a JSON array of items (`bundle`), keyed by the first item's key (so that a
requeued dead letter lands on the same partition). A record per item cost the worker more than all
the incidents' merging: Faust's and the Kafka client's per-message work, at ~8 items per article.
A record holding one item as a JSON object (the earlier form) still decodes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import orjson

from streams.incident_models import ArticleRef, Evidence, IncidentKey
from streams.incidents import sketch
from streams.incidents.keys import incident_id, incident_key, rules_version
from streams.models import Article

# What an incident keeps of an event: what decides the best evidence and what the incident
# document shows of it (the rest stays in the event document: an incident record costs Kafka and
# Elasticsearch what a third of an article does, so every field counts).
MENTION_FIELDS = ("event_id", "article_id", "@timestamp", "date", "date_precision", "source_actor", "target_actor",
                  "reciprocal", "location", "confidence", "article_title")
MENTION_EVENT_FIELDS = ("plover", "cameo", "cameo_root", "mode", "goldstein", "quad_class", "modality")


def mention(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The part of an event document an incident keeps."""
    out = {k: doc.get(k) for k in MENTION_FIELDS}
    event = doc.get("event") if isinstance(doc.get("event"), Mapping) else {}
    out["event"] = {k: event.get(k) for k in MENTION_EVENT_FIELDS}
    sentence = doc.get("sentence") if isinstance(doc.get("sentence"), Mapping) else {}
    out["sentence"] = {"text": sentence.get("text")}
    return out


class InvalidEvidence(ValueError):
    """A record on the evidence topic that is not evidence (dead-letter it)."""


def source_of(article: Article) -> str | None:
    """The outlet: the article's `source`, else its URL's host."""
    if article.source:
        return article.source
    if article.url:
        host = urlsplit(article.url).hostname
        return host.removeprefix("www.") if host else None
    return None


def article_ref(article: Article, lang: str) -> ArticleRef:
    joined = " ".join(sketch.words(article.text, article.title))
    return ArticleRef(
        article_id=article.id,
        source=source_of(article),
        lang=lang,
        published=article.published,
        text_hash=sketch.joined_text_hash(joined),
        sketch=sketch.joined_sketch(joined),
    )


def build_evidence(article: Article, lang: str, event_docs: Sequence[Mapping[str, Any]]) -> list[Evidence]:
    """The evidence of one coded article, one item per incident key (sorted by key)."""
    if not event_docs:
        return []
    groups: dict[IncidentKey, list[dict[str, Any]]] = {}
    for doc in event_docs:
        groups.setdefault(incident_key(doc), []).append(mention(doc))
    ref = article_ref(article, lang)
    version = rules_version()
    return [
        Evidence(key, incident_id(key, version), version, ref, tuple(sorted(docs, key=lambda d: d["event_id"])))
        for key, docs in sorted(groups.items(), key=lambda item: item[0].text())
    ]


def encode(evidence: Evidence) -> tuple[bytes, bytes]:
    """(record key, record value) for the evidence topic."""
    value = {
        "key": evidence.key.text(),
        "incident_id": evidence.incident_id,
        "rules_version": evidence.rules_version,
        "article": evidence.article.to_dict(),
        "events": evidence.events,
    }
    return evidence.key.text().encode("utf-8"), orjson.dumps(value)


def bundle(
    items: Sequence[tuple[bytes, bytes]], partition_of: Callable[[bytes], int], max_bytes: int,
) -> list[tuple[int, bytes, bytes]]:
    """(partition, record key, record value) for the evidence items (`encode`'s key and value):
    the items of each partition in one record (a JSON array, in their order), or in several when
    they would exceed `max_bytes`."""
    by_partition: dict[int, list[tuple[bytes, bytes]]] = {}
    for key, value in items:
        by_partition.setdefault(partition_of(key), []).append((key, value))
    out: list[tuple[int, bytes, bytes]] = []
    for partition, entries in sorted(by_partition.items()):
        chunk: list[tuple[bytes, bytes]] = []
        size = 1  # "[", then each item and the "," or "]" after it
        for key, value in entries:
            if chunk and size + len(value) + 1 > max_bytes:
                out.append((partition, chunk[0][0], b"[" + b",".join(v for _, v in chunk) + b"]"))
                chunk, size = [], 1
            chunk.append((key, value))
            size += len(value) + 1
        out.append((partition, chunk[0][0], b"[" + b",".join(v for _, v in chunk) + b"]"))
    return out


def decode_all(value: bytes | None) -> list[Evidence]:
    """The evidence items of a record: a bundle (JSON array) or a single item (JSON object)."""
    if not value:
        raise InvalidEvidence("empty evidence record")
    try:
        data = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise InvalidEvidence(f"not an evidence record: {type(exc).__name__}: {exc}") from None
    if isinstance(data, list):
        if not data:
            raise InvalidEvidence("an empty evidence bundle")
        return [_evidence(item) for item in data]
    return [_evidence(data)]


def _evidence(data: Any) -> Evidence:
    try:
        key = IncidentKey.from_text(data["key"])
        events = tuple(data["events"])
        if not events or not all(isinstance(e, dict) and isinstance(e.get("event_id"), str) for e in events):
            raise InvalidEvidence("evidence without event documents")
        return Evidence(key, str(data["incident_id"]), str(data["rules_version"]), ArticleRef.from_dict(data["article"]), events)
    except InvalidEvidence:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidEvidence(f"not an evidence record: {type(exc).__name__}: {exc}") from None

"""Checks before `eventwire index swap`: does the new index version hold what the source range holds?

`verify_replay(settings, source, new_version)` reads the source again (a topic range or an archive),
collects the ids of the articles in it that the worker would accept, and compares them with the
article documents of `articles-v<new>`: every one must be there. A sample of ids is then compared
between the version the live alias points at and the new one (presence and event ids), which shows
what re-coding changed. Also: `fingerprint`, a hash of sorted ids and contents for determinism checks.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from streams.config import Settings
from streams.ids import article_doc_id
from streams.ingest.archive import ArchivedMessage, iter_archive
from streams.ingest.ranges import PartitionRange, range_reader, read_ranges

# Fields that record when something was processed, not what was found: they differ between two
# otherwise identical replays and are left out of content comparisons.
PROCESSING_TIME_FIELDS = (("event", "created"), ("event", "ingested"))
MGET_CHUNK = 1000


@dataclass(slots=True)
class VerifyReport:
    new_version: int
    old_index: str | None
    source_records: int = 0
    source_articles: int = 0  # distinct valid article ids in the source
    source_invalid: int = 0
    found_in_new: int = 0
    missing_in_new: list[str] = field(default_factory=list)
    new_index_articles: int = 0
    new_index_events: int = 0
    sample: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.source_articles == self.found_in_new and not self.missing_in_new

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "new_version": self.new_version,
            "old_index": self.old_index,
            "source_records": self.source_records,
            "source_articles": self.source_articles,
            "source_invalid": self.source_invalid,
            "found_in_new": self.found_in_new,
            "missing_in_new": self.missing_in_new[:20],
            "missing_count": len(self.missing_in_new),
            "new_index_articles": self.new_index_articles,
            "new_index_events": self.new_index_events,
            "sample": self.sample,
        }


def _valid_article_id(raw: bytes | None, settings: Settings) -> str | None:
    from streams.app.handlers import decode_article
    from streams.errors import InvalidMessage

    try:
        return decode_article(raw, max_bytes=settings.max_message_bytes).id
    except InvalidMessage:
        return None


def source_values(settings: Settings, source: list[PartitionRange] | str | Path) -> Iterator[bytes | None]:
    """The message values of a topic range or an archive."""
    if isinstance(source, (str, Path)):
        for entry in iter_archive(Path(source)):
            if isinstance(entry, ArchivedMessage):
                yield entry.value
        return
    reader = range_reader(settings)
    try:
        for records, _ in read_ranges(reader, list(source)):
            for record in records:
                yield record.value
    finally:
        reader.close()


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _mget(client, index: str, article_ids: list[str]) -> dict[str, dict[str, Any]]:
    """article id -> article document (only those found)."""
    found: dict[str, dict[str, Any]] = {}
    for part in _chunks(article_ids, MGET_CHUNK):
        response = client.mget(index=index, ids=[article_doc_id(a) for a in part], source_includes=["article_id", "event_ids"])
        for doc in response["docs"]:
            if doc.get("found"):
                source = doc["_source"]
                found[source["article_id"]] = source
    return found


def _live_index(client, alias: str) -> str | None:
    response = client.options(ignore_status=404).indices.get_alias(name=alias)
    body = dict(response.body) if response.meta.status == 200 else {}
    for index, spec in body.items():
        if spec.get("aliases", {}).get(alias, {}).get("is_write_index", len(body) == 1):
            return index
    return None


def verify_replay(
    settings: Settings,
    source_range: list[PartitionRange] | str | Path,
    new_version: int,
    *,
    sample_size: int = 100,
    seed: int = 0,
) -> VerifyReport:
    from streams.sink.clients import sync_client

    client = sync_client(settings)
    try:
        new_articles = settings.articles_index(new_version)
        old_articles = _live_index(client, settings.articles_alias)
        report = VerifyReport(new_version=new_version, old_index=old_articles if old_articles != new_articles else None)
        ids: set[str] = set()
        for value in source_values(settings, source_range):
            report.source_records += 1
            article_id = _valid_article_id(value, settings)
            if article_id is None:
                report.source_invalid += 1
            else:
                ids.add(article_id)
        ordered = sorted(ids)
        report.source_articles = len(ordered)
        client.indices.refresh(index=f"{new_articles},{settings.events_index(new_version)}")
        in_new = _mget(client, new_articles, ordered)
        report.found_in_new = len(in_new)
        report.missing_in_new = [a for a in ordered if a not in in_new]
        report.new_index_articles = int(client.count(index=new_articles)["count"])
        report.new_index_events = int(client.count(index=settings.events_index(new_version))["count"])
        sample = random.Random(seed).sample(ordered, min(sample_size, len(ordered)))
        old = _mget(client, report.old_index, sample) if report.old_index else {}
        new = {a: in_new[a] for a in sample if a in in_new}
        both = [a for a in sample if a in old and a in new]
        changed = [a for a in both if sorted(old[a].get("event_ids") or []) != sorted(new[a].get("event_ids") or [])]
        report.sample = {
            "size": len(sample),
            "in_old": len(old),
            "in_new": len(new),
            "same_event_ids": len(both) - len(changed),
            "changed_event_ids": changed[:20],
        }
        return report
    finally:
        client.close()


def strip_processing_times(doc: dict[str, Any]) -> dict[str, Any]:
    out = dict(doc)
    for parent, child in PROCESSING_TIME_FIELDS:
        inner = out.get(parent)
        if isinstance(inner, dict) and child in inner:
            out[parent] = {k: v for k, v in inner.items() if k != child}
    return out


def fingerprint(docs: Iterable[tuple[str, dict[str, Any]]]) -> str:
    """Hash of (id, content) pairs sorted by id, processing times left out."""
    digest = hashlib.sha256()
    for doc_id, doc in sorted(docs, key=lambda pair: pair[0]):
        digest.update(doc_id.encode("utf-8") + b"\x00")
        digest.update(orjson.dumps(strip_processing_times(doc), option=orjson.OPT_SORT_KEYS) + b"\n")
    return digest.hexdigest()


def index_fingerprint(settings: Settings, index: str) -> tuple[int, str]:
    """(document count, fingerprint) of a whole index, read with a point-in-time-free scroll."""
    from elasticsearch.helpers import scan

    from streams.sink.clients import sync_client

    client = sync_client(settings)
    try:
        client.indices.refresh(index=index)
        pairs = [(hit["_id"], hit["_source"]) for hit in scan(client, index=index, query={"query": {"match_all": {}}}, size=1000)]
        return len(pairs), fingerprint(pairs)
    finally:
        client.close()

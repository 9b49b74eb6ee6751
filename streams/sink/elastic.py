"""The bulk writer: every item confirmed by Elasticsearch or permanently rejected, nothing lost.

`BulkWriter.write(items)` returns only when each item is either confirmed (2xx) or rejected for a
reason no retry can heal (a mapping or parse error, say); the caller commits Kafka offsets after it
returns and dead-letters the rejections. Transient failures (429, 5xx, connection errors and
timeouts, a missing alias or a write block while an operator works on the cluster) are retried
with `streams.retry.retry_async`, resending only the items that failed, for as long as it takes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import elastic_transport
import elasticsearch
import orjson
from prometheus_client import Counter, Histogram

from streams.config import Settings
from streams.retry import Backoff, retry_async
from streams.sink.documents import IndexItem, prepare

log = logging.getLogger(__name__)

INDEXED = Counter("eventwire_sink_indexed_total", "Documents confirmed by Elasticsearch", ["kind"])
RETRIED = Counter("eventwire_sink_retried_total", "Documents resent after a transient failure", ["kind"])
REJECTED = Counter("eventwire_sink_rejected_total", "Documents rejected permanently (dead-lettered)", ["kind"])
BULK_SECONDS = Histogram("eventwire_sink_bulk_seconds", "Duration of one bulk request")

# Status 0 in a Rejection: the item was never sent (it could not be serialized).
NOT_SENT = 0
# Two writers may update one article document at once (the index and incidents agents):
# Elasticsearch retries the merge this often before answering 409, which is then retried here.
UPDATE_CONFLICT_RETRIES = 5
# Errors from an operator's action or a full disk, not from the document: wait for them to pass.
_WAITING_ERROR_TYPES = frozenset({"index_not_found_exception", "cluster_block_exception"})
_WAITING_STATUSES = frozenset({401, 403, 404})


@dataclass(frozen=True, slots=True)
class Rejection:
    item: IndexItem
    status: int
    error_type: str
    reason: str


@dataclass(frozen=True, slots=True)
class EncodedItem:
    item: IndexItem
    payload: bytes  # the bulk action line and the document line, each newline-terminated


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def encode(item: IndexItem, index: str, ingested: str, *, as_update: bool = False) -> EncodedItem:
    """Bulk lines for one item: `index` (a replay with the same `_id` overwrites), `create` for a
    `merge` item (a new document costs what an index costs), or an `update` that merges into the
    stored document and creates it when missing (`patch`, and a `merge` whose create found one)."""
    if item.op == "patch" or as_update:
        action = orjson.dumps({"update": {"_index": index, "_id": item.doc_id, "retry_on_conflict": UPDATE_CONFLICT_RETRIES}})
        body = orjson.dumps({"doc": prepare(item, ingested), "doc_as_upsert": True})
    else:
        action = orjson.dumps({"create" if item.op == "merge" else "index": {"_index": index, "_id": item.doc_id}})
        body = orjson.dumps(prepare(item, ingested))
    return EncodedItem(item, action + b"\n" + body + b"\n")


def chunk(encoded: Sequence[EncodedItem], max_count: int, max_bytes: int) -> Iterator[list[EncodedItem]]:
    """Consecutive chunks of at most `max_count` items and `max_bytes` bytes (a larger item goes alone)."""
    current: list[EncodedItem] = []
    size = 0
    for entry in encoded:
        if current and (len(current) >= max_count or size + len(entry.payload) > max_bytes):
            yield current
            current, size = [], 0
        current.append(entry)
        size += len(entry.payload)
    if current:
        yield current


def item_is_transient(status: int, error_type: str) -> bool:
    if status == 429 or status >= 500:
        return True
    return status in _WAITING_STATUSES and error_type in _WAITING_ERROR_TYPES


def request_is_transient(exc: BaseException) -> bool:
    """Whole-request failures worth waiting out (the data is fine, the cluster is not)."""
    if isinstance(exc, _ItemsToRetry):
        return True
    if isinstance(exc, elastic_transport.TransportError):
        # Connection refused or reset, timeouts, TLS and unreadable responses: the transport's
        # own problems, never the document's (API errors are not TransportErrors).
        return True
    if isinstance(exc, elasticsearch.ApiError):
        status = exc.status_code
        # 401/403 on the whole request: credentials or roles being fixed; losing data would be worse.
        return status in (401, 403, 408, 429) or status >= 500
    return False


class _ItemsToRetry(Exception):
    def __init__(self, count: int, first_error: str) -> None:
        super().__init__(f"{count} items to retry (first: {first_error})")
        self.count = count


def _error_parts(error: Any) -> tuple[str, str]:
    if isinstance(error, dict):
        reason = str(error.get("reason", ""))
        caused = error.get("caused_by")
        if isinstance(caused, dict) and caused.get("reason"):
            reason = f"{reason}: {caused.get('type', '')}: {caused['reason']}"
        return str(error.get("type", "unknown")), reason
    return "unknown", str(error)


class BulkWriter:
    """Writes IndexItems through the write aliases of `events` and `articles`."""

    def __init__(
        self,
        client: elasticsearch.AsyncElasticsearch,
        settings: Settings,
        *,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        request_timeout: float = 60.0,
    ) -> None:
        self._client = client
        self._settings = settings
        self._sleep = sleep
        self._request_timeout = request_timeout
        self._backoff = Backoff(base=settings.retry_base_seconds, cap=settings.retry_cap_seconds, max_attempts=None)
        self._targets = {
            "event": settings.events_alias, "article": settings.articles_alias, "incident": settings.incidents_alias,
        }

    async def close(self) -> None:
        await self._client.close()

    async def write(self, items: Sequence[IndexItem]) -> list[Rejection]:
        ingested = utc_now()
        rejections: list[Rejection] = []
        encoded: list[EncodedItem] = []
        for item in items:
            try:
                encoded.append(encode(item, self._targets[item.kind], ingested))
            except (TypeError, ValueError, KeyError) as exc:  # orjson.JSONEncodeError is a TypeError
                rejections.append(Rejection(item, NOT_SENT, "serialization_error", str(exc)))
        settings = self._settings
        for part in chunk(encoded, settings.index_batch_size, settings.index_batch_bytes):
            rejections.extend(await self._write_chunk(part, ingested))
        for rejection in rejections:
            REJECTED.labels(rejection.item.kind).inc()
        return rejections

    async def _write_chunk(self, part: list[EncodedItem], ingested: str) -> list[Rejection]:
        pending = part
        rejections: list[Rejection] = []
        existing: list[EncodedItem] = []  # `merge` items whose create found a document: merged next

        async def attempt() -> None:
            nonlocal pending
            body = b"".join(entry.payload for entry in pending)
            with BULK_SECONDS.time():
                response = await self._client.options(request_timeout=self._request_timeout).bulk(
                    operations=body,  # type: ignore[arg-type] - bytes are sent as they are
                    require_alias=True,  # never auto-create a concrete `events` index with dynamic mappings
                    filter_path="errors,items.*.status,items.*.error",
                )
            result_items = response.body.get("items") or []
            if len(result_items) != len(pending):
                raise elasticsearch.ConnectionError(
                    f"bulk answered {len(result_items)} items for {len(pending)} sent"
                )
            retry: list[EncodedItem] = []
            first_error = ""
            for entry, result in zip(pending, result_items):
                outcome = next(iter(result.values()))
                status = int(outcome.get("status", 0))
                if 200 <= status < 300:
                    INDEXED.labels(entry.item.kind).inc()
                    continue
                error_type, reason = _error_parts(outcome.get("error"))
                if status == 409 and entry.item.op == "merge" and "create" in result:
                    existing.append(entry)
                    continue
                # 409 on an update: another writer updated the document more often than ES retried
                if item_is_transient(status, error_type) or (status == 409 and "update" in result):
                    retry.append(entry)
                    first_error = first_error or f"{status} {error_type}: {reason}"
                else:
                    rejections.append(Rejection(entry.item, status, error_type, reason))
            pending = retry
            if retry:
                raise _ItemsToRetry(len(retry), first_error)

        def on_retry(attempt_no: int, exc: BaseException, pause: float) -> None:
            for entry in pending:
                RETRIED.labels(entry.item.kind).inc()
            log.warning(
                "bulk attempt %d: %d items to resend in %.2fs (%s)", attempt_no, len(pending), pause, _describe(exc)
            )

        try:
            await retry_async(
                attempt, is_transient=request_is_transient, backoff=self._backoff, sleep=self._sleep, on_retry=on_retry
            )
        except elasticsearch.ApiError as exc:
            # A permanent whole-request error (e.g. 400 on a malformed request): the items still
            # pending are dead-lettered with it rather than blocking the partition for ever.
            error_type, reason = _error_parts((exc.body or {}).get("error") if isinstance(exc.body, dict) else None)
            reason = reason or str(exc)
            rejections.extend(Rejection(entry.item, exc.status_code, error_type, reason) for entry in pending)
        if existing:
            merges = [encode(e.item, self._targets[e.item.kind], ingested, as_update=True) for e in existing]
            rejections.extend(await self._write_chunk(merges, ingested))
        return rejections


def _describe(exc: BaseException) -> str:
    if isinstance(exc, elasticsearch.ApiError):
        return f"HTTP {exc.status_code} {exc.message}"
    return f"{type(exc).__name__}: {exc}"


def _archive_is_transient(exc: BaseException) -> bool:
    """The writer's transient errors, and a missing alias (wait for `index init`, as the writer does)."""
    if isinstance(exc, elasticsearch.NotFoundError):
        return True
    return request_is_transient(exc)


class IncidentArchive:
    """Reads incident documents back by id (realtime `mget`: a write confirmed a moment ago is
    seen before any refresh). The incidents agent reopens the incidents its table does not hold."""

    def __init__(
        self,
        client: elasticsearch.AsyncElasticsearch,
        settings: Settings,
        *,
        alias: str | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._client = client
        self._alias = alias or settings.incidents_alias
        self._sleep = sleep
        self._backoff = Backoff(base=settings.retry_base_seconds, cap=settings.retry_cap_seconds, max_attempts=None)

    async def load(self, incident_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        if not incident_ids:
            return {}

        async def attempt() -> dict[str, dict[str, Any]]:
            response = await self._client.mget(index=self._alias, ids=list(incident_ids), source_excludes=["why"])
            return {doc["_id"]: doc["_source"] for doc in response.body.get("docs", []) if doc.get("found")}

        return await retry_async(
            attempt, is_transient=_archive_is_transient, backoff=self._backoff, sleep=self._sleep,
            on_retry=lambda n, exc, pause: log.warning("reading incidents failed (%s), retry %d in %.1fs", _describe(exc), n, pause),
        )

    async def close(self) -> None:
        await self._client.close()

"""Search the `events` alias, or the `incidents` alias (`incidents=True`): query building (pure)
and a small runner. Incident documents carry their best evidence under the event documents' field
names, so every filter and aggregation means the same on both; incidents sort by `num_sources`.

Free text is searched in both languages: the raw words against the analyzed sentence and title
(with the `arabic`/`english` sub-fields where the cluster has those analyzers), and the pipeline's
Arabic matching form of the query against the `*_norm` fields the sink indexes, so Arabic search
works the same on the minimal Elasticsearch.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import elasticsearch

from streams.config import Settings
from streams.packaged import packaged
from streams.sink.documents import arabic_search_form

_BARE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AggName = Literal["type", "dyad", "country", "day", "source"]
AGGREGATIONS: dict[str, dict[str, Any]] = {
    "type": {"terms": {"field": "event.plover", "size": 20}},
    "dyad": {"terms": {"field": "dyad", "size": 20}},
    "country": {"terms": {"field": "actor_countries", "size": 30}},
    "day": {"date_histogram": {"field": "@timestamp", "calendar_interval": "day", "min_doc_count": 1}},
    "source": {"terms": {"field": "article_source", "size": 30}},
}
# The same aggregations over incidents: `source` counts the incidents each outlet reported.
INCIDENT_AGG_FIELDS = {"source": "sources"}
TEXT_FIELDS = ["sentence.text", "sentence.text.ar", "sentence.text.en", "article_title^0.5", "event.text.text^2"]
NORM_FIELDS = ["sentence.text_norm", "article_title_norm^0.5"]
PLACE_FIELDS = ["location.name.text", "places.name.text", "places.text.text"]
# Elasticsearch's index.max_result_window: one request returns at most this many hits; more are paged.
MAX_WINDOW = 10_000
PAGE_SIZE = 1_000


@cache
def modalities() -> tuple[str, ...]:
    """The modality values events can carry, as the event schema (the contract) lists them."""
    schema = json.loads(packaged("schemas", "event.schema.json").read_text("utf-8"))
    return tuple(schema["properties"]["event"]["properties"]["modality"]["items"]["enum"])


@dataclass(frozen=True, slots=True)
class SearchFilters:
    text: str | None = None
    actor: str | None = None  # actor code, e.g. RUSGOV (source or target)
    country: str | None = None  # ISO 3166 alpha-3 of an actor or of the event's location
    plover: str | None = None
    cameo: str | None = None  # two digits: the root; more: that code and its sub-codes
    place: str | None = None
    since: str | None = None  # ISO date/time or date math (now-7d)
    until: str | None = None
    lang: str | None = None
    min_confidence: float | None = None
    modality: tuple[str, ...] = ()  # any of these (asserted, negated, future, possible, conditional)
    source: str | None = None  # the article's source (site or agency), exact
    query: str | None = None  # Elasticsearch query_string syntax (`event.plover:ASSAULT AND lang:ar`)
    size: int = 20
    agg: AggName | None = None
    incidents: bool = False  # search incident documents instead of events


@dataclass(frozen=True, slots=True)
class SearchResult:
    total: int
    hits: list[dict[str, Any]] = field(default_factory=list)  # the documents (`_source`)
    buckets: list[tuple[str, int]] = field(default_factory=list)


def _whole_day(value: str) -> str:
    """A bare date covers the whole day on both ends (gte rounds down, lte rounds up)."""
    value = value.strip()
    return f"{value}||/d" if _BARE_DATE.match(value) else value


# Incidents are also found by the best sentence of each of their languages, not only the best overall.
INCIDENT_TEXT_FIELDS = TEXT_FIELDS + ["sentences", "sentences.ar", "sentences.en"]
INCIDENT_NORM_FIELDS = NORM_FIELDS + ["sentences_norm"]


def _text_clause(text: str, incidents: bool = False) -> dict[str, Any]:
    fields, norm_fields = (INCIDENT_TEXT_FIELDS, INCIDENT_NORM_FIELDS) if incidents else (TEXT_FIELDS, NORM_FIELDS)
    should: list[dict[str, Any]] = [
        {"multi_match": {"query": text, "fields": fields, "type": "most_fields", "operator": "and"}}
    ]
    normalized = arabic_search_form(text)
    if normalized:
        should.append({"multi_match": {"query": normalized, "fields": norm_fields, "operator": "and"}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def build_query(filters: SearchFilters) -> dict[str, Any]:
    """The search request body for `filters` (no I/O)."""
    must: list[dict[str, Any]] = []
    filter_: list[dict[str, Any]] = []
    if filters.text and filters.text.strip():
        must.append(_text_clause(filters.text.strip(), filters.incidents))
    if filters.actor:
        filter_.append({"term": {"actor_codes": filters.actor.strip().upper()}})
    if filters.country:
        iso3 = filters.country.strip().upper()
        filter_.append(
            {
                "bool": {
                    "should": [{"term": {"actor_countries": iso3}}, {"term": {"location.country": iso3}}],
                    "minimum_should_match": 1,
                }
            }
        )
    if filters.plover:
        filter_.append({"term": {"event.plover": filters.plover.strip().upper()}})
    if filters.cameo:
        code = filters.cameo.strip()
        if len(code) <= 2:
            filter_.append({"term": {"event.cameo_root": code.zfill(2)}})
        else:
            filter_.append({"prefix": {"event.cameo": code}})
    if filters.place and filters.place.strip():
        place = filters.place.strip()
        should: list[dict[str, Any]] = [{"multi_match": {"query": place, "fields": PLACE_FIELDS, "operator": "and"}}]
        normalized = arabic_search_form(place)
        if normalized and normalized != place:
            should.append({"multi_match": {"query": normalized, "fields": PLACE_FIELDS, "operator": "and"}})
        filter_.append({"bool": {"should": should, "minimum_should_match": 1}})
    if filters.since or filters.until:
        bounds = {k: _whole_day(v) for k, v in (("gte", filters.since), ("lte", filters.until)) if v}
        filter_.append({"range": {"@timestamp": bounds}})
    if filters.lang:
        filter_.append({"term": {"languages" if filters.incidents else "lang": filters.lang.strip().lower()}})
    if filters.min_confidence is not None:
        filter_.append({"range": {"confidence": {"gte": filters.min_confidence}}})
    if filters.modality:
        filter_.append({"terms": {"event.modality": [m.strip().lower() for m in filters.modality]}})
    if filters.source:
        filter_.append({"term": {"sources" if filters.incidents else "article_source": filters.source.strip()}})
    if filters.query and filters.query.strip():
        filter_.append({"query_string": {"query": filters.query.strip(), "default_operator": "AND"}})
    query: dict[str, Any] = {"bool": {"must": must, "filter": filter_}} if must or filter_ else {"match_all": {}}
    body: dict[str, Any] = {"query": query, "track_total_hits": True}
    if filters.agg:
        body["size"] = 0
        agg = AGGREGATIONS[filters.agg]
        if filters.incidents and filters.agg in INCIDENT_AGG_FIELDS:
            agg = {"terms": {**agg["terms"], "field": INCIDENT_AGG_FIELDS[filters.agg]}}
        body["aggs"] = {filters.agg: agg}
    elif filters.incidents:
        body["size"] = filters.size
        body["_source"] = {"excludes": ["state"]}  # the stored state is for the worker, not for readers
        body["sort"] = [{"num_sources": "desc"}] + (["_score"] if must else []) + [{"@timestamp": "desc"}, {"incident_id": "asc"}]
    else:
        body["size"] = min(filters.size, MAX_WINDOW)
        body["sort"] = (["_score"] if must else []) + [{"@timestamp": "desc"}, {"event_id": "asc"}]
    return body


def parse_response(body: dict[str, Any], agg: str | None) -> SearchResult:
    hits = body.get("hits", {})
    total = hits.get("total", {}).get("value", 0) if isinstance(hits.get("total"), dict) else int(hits.get("total") or 0)
    buckets: list[tuple[str, int]] = []
    if agg:
        for bucket in body.get("aggregations", {}).get(agg, {}).get("buckets", []):
            key = bucket.get("key_as_string", bucket.get("key"))
            buckets.append((str(key), int(bucket["doc_count"])))
    return SearchResult(total, [hit["_source"] for hit in hits.get("hits", [])], buckets)


class HitPager:
    """Every hit of a sorted query, page by page with `search_after`, never more than `limit`.

    The pages read one point in time of the index (consistent while new events arrive) where the
    cluster grants one; else they page the index itself, which the query's sort must then order
    completely (ours ends on `event_id`). `total` is known after the first page."""

    def __init__(self, client: elasticsearch.AsyncElasticsearch, index: str, body: dict[str, Any], *,
                 limit: int | None = None, page_size: int = PAGE_SIZE, keep_alive: str = "2m") -> None:
        if not body.get("sort"):
            raise ValueError("paging needs a sorted query")
        self.client, self.index, self.limit = client, index, limit
        self.body = {k: v for k, v in body.items() if k not in ("size", "from", "search_after")}
        self.page_size, self.keep_alive = page_size, keep_alive
        self.total: int | None = None
        self.used_point_in_time = False

    async def _open(self) -> str | None:
        try:
            answer = await self.client.open_point_in_time(index=self.index, keep_alive=self.keep_alive)
        except (elasticsearch.BadRequestError, elasticsearch.AuthorizationException, elasticsearch.NotFoundError):
            return None  # no point in time here (an older cluster, a role without it): page the index
        return answer.body["id"]

    async def __aiter__(self) -> AsyncIterator[dict[str, Any]]:
        pit = await self._open()
        self.used_point_in_time = pit is not None
        after: list[Any] | None = None
        yielded = 0
        try:
            while self.limit is None or yielded < self.limit:
                size = self.page_size if self.limit is None else min(self.page_size, self.limit - yielded)
                request: dict[str, Any] = {**self.body, "size": size, "track_total_hits": self.total is None}
                if after is not None:
                    request["search_after"] = after
                if pit is not None:
                    response = await self.client.search(pit={"id": pit, "keep_alive": self.keep_alive}, **request)
                    pit = response.body.get("pit_id", pit)
                else:
                    response = await self.client.search(index=self.index, **request)
                hits = response.body["hits"]
                if self.total is None:
                    self.total = parse_response(response.body, None).total
                for hit in hits["hits"]:
                    yield hit["_source"]
                yielded += len(hits["hits"])
                if len(hits["hits"]) < size:
                    return
                after = hits["hits"][-1]["sort"]
        finally:
            if pit is not None:
                try:
                    await self.client.close_point_in_time(id=pit)
                except elasticsearch.ApiError:
                    pass  # it expires by itself after keep_alive


async def run_search(
    client: elasticsearch.AsyncElasticsearch, settings: Settings, filters: SearchFilters
) -> SearchResult:
    index = settings.incidents_alias if filters.incidents else settings.events_alias
    body = build_query(filters)
    if filters.agg or filters.size <= MAX_WINDOW:
        response = await client.search(index=index, **body)
        return parse_response(response.body, filters.agg)
    pager = HitPager(client, index, body, limit=filters.size)
    hits = [hit async for hit in pager]
    return SearchResult(pager.total or 0, hits)

"""Each Kibana panel's query and aggregation, as shipped in streams/kibana/, run against the real Elasticsearch."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
from tests.integration.sink_support import client_for, index_all, own_indices

from streams.sink.documents import article_document, article_item, event_item, incident_item
from tests.synthetic_events import synthetic_event, synthetic_extraction
from streams.models import Article
from tests.unit.sink.kibana_fields import VIEW_KIND, default_filters, load_objects, referenced_fields


pytestmark = pytest.mark.integration
OBJECTS = {obj["id"]: obj for obj in load_objects()}
BOARDS = {obj["id"]: obj for obj in OBJECTS.values() if obj["type"] == "dashboard"}
BOARD = BOARDS["eventwire-overview"]
SOURCES = ("wire-a", "wire-b", "site-c")
ROLES = ("venue", "venue", "about", "remote")


def varied(n: int) -> dict:
    """Synthetic events with every modality, location role and source the panels must tell apart."""
    doc = synthetic_event(n, article_id=f"a{n // 4}").to_doc()
    doc["article_source"] = SOURCES[n % len(SOURCES)]
    doc["location"]["role"] = ROLES[n % len(ROLES)]
    if n % 5 == 1:
        doc["event"]["modality"] = ["negated"]
    return doc


DOCS = [varied(n) for n in range(40)]
ASSERTED = [d for d in DOCS if d["event"]["modality"] == ["asserted"]]


def synthetic_incidents(docs):
    """The incidents of the synthetic event documents, as the incidents agent would build them."""
    from streams.incidents.evidence import build_evidence
    from streams.incidents.merge import incident_document, merge

    by_id: dict[str, list] = {}
    for doc in docs:
        article = Article(id=doc["article_id"], text=f"text of {doc['article_id']}", lang=doc["lang"],
                          source=f"outlet-{doc['article_id']}", published="2023-01-05T00:00:00Z")
        for item in build_evidence(article, doc["lang"], [doc]):
            by_id.setdefault(item.incident_id, []).append(item)
    return [incident_document(merge(None, items)) for items in by_id.values()]


INCIDENTS = synthetic_incidents(DOCS)
ASSERTED_INCIDENTS = [d for d in INCIDENTS if d["event"]["modality"] == ["asserted"]]


@pytest.fixture(scope="module")
def loaded():
    for settings in own_indices():
        events = [synthetic_event(n, article_id=f"a{n // 4}") for n in range(40)]
        articles = []
        for number in range(10):
            article = Article(id=f"a{number}", text="نص", title=f"t{number}", lang="ar", published="2023-01-05T00:00:00Z", source="wire")
            mine = tuple(e for e in events if e.article_id == article.id)
            articles.append(article_document(article, synthetic_extraction(article, mine), created="2024-01-01T00:00:00Z", lineage=None))
        items = [event_item(doc) for doc in DOCS] + [article_item(a) for a in articles]
        index_all(settings, items + [incident_item(doc) for doc in INCIDENTS])
        yield settings


def run(settings, index, **body):
    async def go():
        client = client_for(settings)
        try:
            return (await client.search(index=index, **body)).body
        finally:
            await client.close()

    return asyncio.run(go())


def index_of(settings, obj):
    view, _ = referenced_fields(obj)
    return {"events": settings.events_alias, "articles": settings.articles_alias, "incidents": settings.incidents_alias}[VIEW_KIND[view]]


def lens_aggs(obj):
    """The aggregation tree Lens builds for a form-based layer: buckets in column order, metrics inside."""
    layer = next(iter(obj["attributes"]["state"]["datasourceStates"]["formBased"]["layers"].values()))
    columns = layer["columns"]
    metrics = {}
    for cid, col in columns.items():
        if col["operationType"] in ("average", "max", "sum"):
            metrics[cid] = {{"average": "avg"}.get(col["operationType"], col["operationType"]): {"field": col["sourceField"]}}
    aggs = metrics
    for cid in reversed([c for c in layer["columnOrder"] if columns[c]["isBucketed"]]):
        col = columns[cid]
        if col["operationType"] == "date_histogram":
            bucket = {"date_histogram": {"field": col["sourceField"], "calendar_interval": "day"}}
        else:
            bucket = {"terms": {"field": col["sourceField"], "size": col["params"]["size"]}}
        aggs = {cid: {**bucket, **({"aggs": aggs} if aggs else {})}}
    return aggs


def board_of(obj) -> dict:
    """The dashboard a panel sits on: the incidents overview for panels over incidents."""
    view, _ = referenced_fields(obj)
    return BOARDS["eventwire-incidents-overview"] if VIEW_KIND[view] == "incidents" else BOARD


def on_dashboard(query: dict | None = None, board: dict = BOARD) -> dict:
    """A panel's query as the dashboard opens it: with the controls' default selections."""
    return {"bool": {"filter": [*default_filters(board), *([query] if query else [])]}}


@pytest.mark.parametrize("lens_id", [i for i, o in OBJECTS.items() if o["type"] == "lens"])
def test_lens_panel_aggregation(loaded, lens_id):
    obj = OBJECTS[lens_id]
    body = run(loaded, index_of(loaded, obj), size=0, aggs=lens_aggs(obj), query=on_dashboard(board=board_of(obj)),
               track_total_hits=True)
    shown = ASSERTED if index_of(loaded, obj) == loaded.events_alias else ASSERTED_INCIDENTS
    assert body["hits"]["total"]["value"] == len(shown)  # denied, future and hypothetical events stay out
    top_name, top = next(iter(body["aggregations"].items()))
    assert top["buckets"], lens_id
    first = top["buckets"][0]
    nested = [v for k, v in first.items() if isinstance(v, dict)]
    for value in nested:  # the inner split or the metric produced something
        assert value.get("buckets") or value.get("value") is not None


@pytest.mark.parametrize("map_id", [i for i, o in OBJECTS.items() if o["type"] == "map"])
def test_map_layer_query(loaded, map_id):
    layer = next(l for l in json.loads(OBJECTS[map_id]["attributes"]["layerListJSON"]) if l["sourceDescriptor"]["type"] == "ES_SEARCH")
    source = layer["sourceDescriptor"]
    body = run(
        loaded, index_of(loaded, OBJECTS[map_id]), size=100,
        query=on_dashboard({"bool": {"filter": [
            _kql_to_query(layer["query"]["query"]),
            {"geo_bounding_box": {source["geoField"]: {"top_left": {"lat": 85, "lon": -180}, "bottom_right": {"lat": -85, "lon": 180}}}},
        ]}}, board_of(OBJECTS[map_id])),
        sort=[{source["sortField"]: source["sortOrder"]}],
        fields=[source["geoField"], *source["tooltipProperties"]], _source=False,
        aggs={"bounds": {"geo_bounds": {"field": source["geoField"]}}, "grid": {"geotile_grid": {"field": source["geoField"], "precision": 4}}},
    )
    shown = ASSERTED if index_of(loaded, OBJECTS[map_id]) == loaded.events_alias else ASSERTED_INCIDENTS
    venues = [d for d in shown if (d.get("location") or {}).get("role") == "venue"]
    assert 0 < len(venues) < len(shown)
    assert body["hits"]["total"]["value"] == len(venues)  # no place an event is only about, no far end of a call
    assert body["aggregations"]["bounds"]["bounds"] and body["aggregations"]["grid"]["buckets"]
    assert all(source["geoField"] in hit["fields"] for hit in body["hits"]["hits"])


def test_events_per_source_panel(loaded):
    from collections import Counter

    obj = OBJECTS["eventwire-events-by-source"]
    body = run(loaded, loaded.events_alias, size=0, aggs=lens_aggs(obj), query=on_dashboard())
    buckets = next(iter(body["aggregations"].values()))["buckets"]
    assert {b["key"]: b["doc_count"] for b in buckets} == Counter(d["article_source"] for d in ASSERTED)


@pytest.mark.parametrize("field", ["actor_countries", "actor_codes", "event.plover", "event.modality", "lang", "article_source"])
def test_each_control_lists_its_values(loaded, field):
    """An options-list control asks for the field's terms: every value the events hold comes back."""
    body = run(loaded, loaded.events_alias, size=0, aggs={"values": {"terms": {"field": field, "size": 100}}})
    assert {b["key"] for b in body["aggregations"]["values"]["buckets"]}, field


def _kql_to_query(kql: str):
    """The two KQL forms our saved searches use: `field >= n` and `field: value`."""
    if not kql:
        return {"match_all": {}}
    match = re.fullmatch(r"\s*([\w.@]+)\s*(>=|<=|>|<)\s*([\d.]+)\s*", kql)
    if match:
        op = {">=": "gte", "<=": "lte", ">": "gt", "<": "lt"}[match[2]]
        return {"range": {match[1]: {op: float(match[3])}}}
    field, value = (part.strip().strip('"') for part in kql.split(":", 1))
    return {"term": {field: value}}


@pytest.mark.parametrize("search_id", [i for i, o in OBJECTS.items() if o["type"] == "search"])
def test_saved_search_query_sort_and_columns(loaded, search_id):
    obj = OBJECTS[search_id]
    attrs = obj["attributes"]
    kql = json.loads(attrs["kibanaSavedObjectMeta"]["searchSourceJSON"])["query"]["query"]
    body = run(loaded, index_of(loaded, obj), size=50, query=_kql_to_query(kql),
               sort=[{field: order} for field, order in attrs["sort"]], fields=attrs["columns"], _source=False)
    hits = body["hits"]["hits"]
    assert hits, search_id
    for column in attrs["columns"]:  # every column shows a value on some document
        assert any(column in hit.get("fields", {}) for hit in hits), (search_id, column)


def test_event_to_article_link_finds_the_article(loaded):
    """The article_id link of the events data view opens a query that finds exactly that article."""
    view = OBJECTS["eventwire-events"]
    template = json.loads(view["attributes"]["fieldFormatMap"])["article_id"]["params"]["urlTemplate"]
    query = re.search(r"query:'([^']*)'", template)[1].replace("{{value}}", "a3")
    assert "eventwire-articles" in template
    body = run(loaded, loaded.articles_alias, query=_kql_to_query(query))
    assert [hit["_source"]["article_id"] for hit in body["hits"]["hits"]] == ["a3"]

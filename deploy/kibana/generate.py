"""Writes streams/kibana/eventwire.ndjson (shipped in the package), the saved objects for Kibana 9
(run: python deploy/kibana/generate.py).

Kibana stores most panel state as JSON strings inside the objects; writing them from Python keeps
the NDJSON readable in review (one object a line) and the strings valid. The NDJSON is committed;
tests/unit/sink/test_kibana_objects.py checks it matches this script, and
tests/integration/test_kibana_objects.py runs each panel's aggregation on a real Elasticsearch.
Data view titles are the alias names `events` and `articles`; `eventwire kibana import` rewrites them
to the configured aliases.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[2] / "streams" / "kibana" / "eventwire.ndjson"
EVENTS_VIEW = "eventwire-events"
ARTICLES_VIEW = "eventwire-articles"
CORE = "8.8.0"
TYPE_VERSIONS = {"index-pattern": "8.0.0", "search": "8.0.0", "lens": "8.9.0", "map": "8.4.0", "dashboard": "8.7.0"}
ALL_TIME = "(time:(from:now-30y,to:now))"


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def saved(kind: str, id_: str, attributes: dict[str, Any], references: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {
        "id": id_,
        "type": kind,
        "attributes": attributes,
        "references": references or [],
        "coreMigrationVersion": CORE,
        "typeMigrationVersion": TYPE_VERSIONS[kind],
        "managed": False,
    }


def discover_link(view: str, field: str) -> str:
    """A Discover URL template showing the documents of `view` whose `field` equals the cell value."""
    return (
        f"/app/discover#/?_g={ALL_TIME}&_a=(dataSource:(dataViewId:{view},type:dataView),"
        f"query:(language:kuery,query:'{field}:\"{{{{value}}}}\"'))"
    )


def data_view(id_: str, alias: str, name: str, formats: dict[str, Any]) -> dict[str, Any]:
    return saved(
        "index-pattern",
        id_,
        {
            "title": alias,
            "name": name,
            "timeFieldName": "@timestamp",
            "fieldFormatMap": dumps(formats),
            "fieldAttrs": "{}",
            "runtimeFieldMap": "{}",
            "sourceFilters": "[]",
            "fields": "[]",
            "typeMeta": "{}",
            "allowNoIndex": True,
        },
    )


def url_format(template: str, label: str = "{{value}}") -> dict[str, Any]:
    return {"id": "url", "params": {"type": "a", "urlTemplate": template, "labelTemplate": label}}


def saved_search(id_: str, view: str, title: str, columns: list[str], query: str = "", description: str = "") -> dict[str, Any]:
    source = {"query": {"query": query, "language": "kuery"}, "filter": [], "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index"}
    return saved(
        "search",
        id_,
        {
            "title": title,
            "description": description,
            "columns": columns,
            "sort": [["@timestamp", "desc"]],
            "grid": {},
            "hideChart": False,
            "isTextBasedQuery": False,
            "kibanaSavedObjectMeta": {"searchSourceJSON": dumps(source)},
        },
        [{"name": "kibanaSavedObjectMeta.searchSourceJSON.index", "type": "index-pattern", "id": view}],
    )


def count_column(label: str = "Events") -> dict[str, Any]:
    return {"label": label, "dataType": "number", "operationType": "count", "isBucketed": False, "scale": "ratio", "sourceField": "___records___", "params": {}}


def date_column() -> dict[str, Any]:
    return {
        "label": "@timestamp", "dataType": "date", "operationType": "date_histogram", "sourceField": "@timestamp",
        "isBucketed": True, "scale": "interval", "params": {"interval": "auto", "includeEmptyRows": True},
    }


def terms_column(field: str, label: str, size: int, order_by: str) -> dict[str, Any]:
    return {
        "label": label, "dataType": "string", "operationType": "terms", "sourceField": field, "isBucketed": True,
        "scale": "ordinal",
        "params": {"size": size, "orderBy": {"type": "column", "columnId": order_by}, "orderDirection": "desc", "otherBucket": True, "missingBucket": False},
    }


def lens(id_: str, title: str, vis_type: str, columns: dict[str, dict[str, Any]], visualization: dict[str, Any], description: str) -> dict[str, Any]:
    layer = "layer1"
    state = {
        "datasourceStates": {"formBased": {"layers": {layer: {"columnOrder": list(columns), "columns": columns, "incompleteColumns": {}}}}},
        "visualization": {**visualization, "layerId": layer} if vis_type == "lnsDatatable" else visualization,
        "query": {"query": "", "language": "kuery"},
        "filters": [],
        "internalReferences": [],
        "adHocDataViews": {},
    }
    return saved(
        "lens",
        id_,
        {"title": title, "description": description, "visualizationType": vis_type, "state": state},
        [{"type": "index-pattern", "id": EVENTS_VIEW, "name": f"indexpattern-datasource-layer-{layer}"}],
    )


def xy(series: str, x: str, accessors: list[str], split: str | None = None) -> dict[str, Any]:
    layer: dict[str, Any] = {"layerId": "layer1", "layerType": "data", "seriesType": series, "xAccessor": x, "accessors": accessors}
    if split:
        layer["splitAccessor"] = split
    return {"preferredSeriesType": series, "legend": {"isVisible": True, "position": "right"}, "valueLabels": "hide", "layers": [layer]}


def venue_map() -> dict[str, Any]:
    layers = [
        {"id": "basemap", "type": "EMS_VECTOR_TILE", "label": None, "minZoom": 0, "maxZoom": 24, "alpha": 1, "visible": True,
         "sourceDescriptor": {"type": "EMS_TMS", "isAutoSelect": True, "lightModeDefault": "road_map_desaturated"},
         "style": {"type": "EMS_VECTOR_TILE"}, "includeInFitToBounds": True},
        {"id": "venues", "type": "GEOJSON_VECTOR", "label": "Event venues", "minZoom": 0, "maxZoom": 24, "alpha": 0.8, "visible": True,
         "sourceDescriptor": {
             "type": "ES_SEARCH", "id": "venues-source", "geoField": "location.geo", "scalingType": "LIMIT",
             "applyGlobalQuery": True, "applyGlobalTime": True, "applyForceRefresh": True,
             "tooltipProperties": ["event.plover", "dyad", "location.name", "sentence.text", "article_title"],
             "sortField": "@timestamp", "sortOrder": "desc", "topHitsSplitField": "", "topHitsSize": 1,
             "indexPatternRefName": "layer_1_source_index_pattern",
         },
         "style": {"type": "VECTOR", "isTimeAware": True, "properties": {
             "fillColor": {"type": "DYNAMIC", "options": {"field": {"name": "event.goldstein", "origin": "source"}, "color": "Red to Green", "type": "ORDINAL", "fieldMetaOptions": {"isEnabled": True, "sigma": 3}}},
             "lineColor": {"type": "STATIC", "options": {"color": "#FFFFFF"}},
             "lineWidth": {"type": "STATIC", "options": {"size": 1}},
             "iconSize": {"type": "STATIC", "options": {"size": 6}},
             "symbolizeAs": {"options": {"value": "circle"}},
             "icon": {"type": "STATIC", "options": {"value": "marker"}},
         }},
         "includeInFitToBounds": True, "joins": []},
    ]
    map_state = {"zoom": 3.2, "center": {"lat": 35.0, "lon": 38.0}, "timeFilters": {"from": "now-30y", "to": "now"},
                 "refreshConfig": {"isPaused": False, "interval": 10000}, "query": {"query": "", "language": "kuery"},
                 "filters": [], "settings": {"autoFitToDataBounds": True}}
    return saved(
        "map", "eventwire-venue-map",
        {"title": "Event venues", "description": "Where events took place (location.geo), coloured by Goldstein score.",
         "layerListJSON": dumps(layers), "mapStateJSON": dumps(map_state), "uiStateJSON": dumps({"isLayerTOCOpen": True, "openTOCDetails": []})},
        [{"name": "layer_1_source_index_pattern", "type": "index-pattern", "id": EVENTS_VIEW}],
    )


def dashboard(panels: list[tuple[str, str, dict[str, int]]]) -> dict[str, Any]:
    panel_json = []
    references = []
    for number, (kind, id_, grid) in enumerate(panels, 1):
        ref = f"panel_{number}"
        panel_json.append({"type": kind, "panelIndex": str(number), "gridData": {**grid, "i": str(number)}, "embeddableConfig": {"enhancements": {}}, "panelRefName": ref})
        references.append({"name": ref, "type": kind, "id": id_})
    return saved(
        "dashboard", "eventwire-overview",
        {
            "title": "eventwire: events overview",
            "description": "Where events happen, what kind, between whom, how hostile, and the story behind each.",
            "panelsJSON": dumps(panel_json),
            "optionsJSON": dumps({"useMargins": True, "syncColors": True, "syncCursor": True, "syncTooltips": True, "hidePanelTitles": False}),
            "timeRestore": True, "timeFrom": "now-30d", "timeTo": "now",
            "refreshInterval": {"pause": False, "value": 10000},
            "kibanaSavedObjectMeta": {"searchSourceJSON": dumps({"query": {"query": "", "language": "kuery"}, "filter": []})},
        },
        references,
    )


def objects() -> list[dict[str, Any]]:
    events_view = data_view(
        EVENTS_VIEW, "events", "eventwire events",
        {"article_id": url_format(discover_link(ARTICLES_VIEW, "article_id")), "article_url": url_format("{{rawValue}}")},
    )
    articles_view = data_view(
        ARTICLES_VIEW, "articles", "eventwire articles",
        {"article_id": url_format(discover_link(EVENTS_VIEW, "article_id")), "url": url_format("{{rawValue}}")},
    )
    latest = saved_search(
        "eventwire-events-latest", EVENTS_VIEW, "Events: latest",
        ["event.plover", "event.cameo", "dyad", "location.name", "sentence.text", "confidence"],
        description="Newest events first.",
    )
    conflict = saved_search(
        "eventwire-events-conflict", EVENTS_VIEW, "Events: conflict (quad class 3 and 4)",
        ["event.plover", "dyad_countries", "location.name", "event.goldstein", "sentence.text"],
        query="event.quad_class >= 3", description="Verbal and material conflict.",
    )
    linked = saved_search(
        "eventwire-events-with-articles", EVENTS_VIEW, "Events with their articles",
        ["event.plover", "dyad", "sentence.text", "article_title", "article_source", "article_url", "article_id"],
        description="Each event with a link to its article (article_id opens the article in Discover).",
    )
    articles = saved_search(
        "eventwire-articles-latest", ARTICLES_VIEW, "Articles: latest",
        ["title", "lang", "source", "event_count", "plover_types", "countries", "article_id"],
        description="Enriched articles; article_id opens their events.",
    )
    by_type = lens(
        "eventwire-events-by-type", "Events over time by PLOVER type", "lnsXY",
        {"date": date_column(), "type": terms_column("event.plover", "PLOVER type", 16, "count"), "count": count_column()},
        xy("bar_stacked", "date", ["count"], split="type"), "Event counts per interval, stacked by PLOVER type.",
    )
    dyads = lens(
        "eventwire-top-dyads", "Top source → target dyads", "lnsXY",
        {"dyad": terms_column("dyad", "Source > target", 15, "count"), "count": count_column()},
        xy("bar_horizontal", "dyad", ["count"]), "The actor pairs with the most events (reciprocal events count both ways).",
    )
    goldstein = lens(
        "eventwire-goldstein", "Goldstein score over time", "lnsXY",
        {"date": date_column(), "goldstein": {"label": "Average Goldstein", "dataType": "number", "operationType": "average",
                                              "sourceField": "event.goldstein", "isBucketed": False, "scale": "ratio", "params": {}}},
        xy("line", "date", ["goldstein"]), "Average conflict-cooperation score per interval (-10 conflict .. +10 cooperation).",
    )
    board = dashboard([
        ("map", "eventwire-venue-map", {"x": 0, "y": 0, "w": 24, "h": 16}),
        ("lens", "eventwire-events-by-type", {"x": 24, "y": 0, "w": 24, "h": 16}),
        ("lens", "eventwire-top-dyads", {"x": 0, "y": 16, "w": 24, "h": 15}),
        ("lens", "eventwire-goldstein", {"x": 24, "y": 16, "w": 24, "h": 15}),
        ("search", "eventwire-events-with-articles", {"x": 0, "y": 31, "w": 48, "h": 18}),
    ])
    return [events_view, articles_view, latest, conflict, linked, articles, by_type, dyads, goldstein, venue_map(), board]


def render() -> str:
    return "".join(dumps(obj) + "\n" for obj in objects())


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")

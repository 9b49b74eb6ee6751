"""Writes streams/kibana/eventwire.ndjson (shipped in the package), the saved objects for Kibana 9
(run: python deploy/kibana/generate.py).

Kibana stores most panel state as JSON strings inside the objects; writing them from Python keeps
the NDJSON readable in review (one object a line) and the strings valid. The NDJSON is committed;
tests/unit/sink/test_kibana_objects.py checks it matches this script, and
tests/integration/test_kibana_objects.py runs each panel's aggregation on a real Elasticsearch.
Data view titles are the alias names `events`, `articles` and `incidents`; `eventwire kibana import`
rewrites them to the configured aliases.

Two dashboards with the same panels: one over events (every report counts) and one over
incidents (every thing that happened counts once, whatever the number of reports); incident
documents carry their best evidence under the event field names, so each events panel has an
incidents twin built from the same definition, plus the incident-only panels (top incidents by
sources, incidents over time, the most reported incidents).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[2] / "streams" / "kibana" / "eventwire.ndjson"
EVENTS_VIEW = "eventwire-events"
ARTICLES_VIEW = "eventwire-articles"
INCIDENTS_VIEW = "eventwire-incidents"
CORE = "8.8.0"
# What the dashboard counts unless the analyst widens it: events the text asserts (not denied, future
# or hypothetical ones), through the modality control's default selection.
DEFAULT_MODALITY = ["asserted"]
VENUES_ONLY = 'location.role : "venue"'  # the map: where events took place, not the places they are about
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


def max_column(field: str, label: str) -> dict[str, Any]:
    return {"label": label, "dataType": "number", "operationType": "max", "sourceField": field, "isBucketed": False, "scale": "ratio", "params": {}}


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


def lens(id_: str, title: str, vis_type: str, columns: dict[str, dict[str, Any]], visualization: dict[str, Any], description: str,
         view: str = EVENTS_VIEW) -> dict[str, Any]:
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
        [{"type": "index-pattern", "id": view, "name": f"indexpattern-datasource-layer-{layer}"}],
    )


def xy(series: str, x: str, accessors: list[str], split: str | None = None) -> dict[str, Any]:
    layer: dict[str, Any] = {"layerId": "layer1", "layerType": "data", "seriesType": series, "xAccessor": x, "accessors": accessors}
    if split:
        layer["splitAccessor"] = split
    return {"preferredSeriesType": series, "legend": {"isVisible": True, "position": "right"}, "valueLabels": "hide", "layers": [layer]}


def venue_map(view: str = EVENTS_VIEW, id_: str = "eventwire-venue-map", title: str = "Event venues", noun: str = "events") -> dict[str, Any]:
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
         "query": {"query": VENUES_ONLY, "language": "kuery"},
         "includeInFitToBounds": True, "joins": []},
    ]
    map_state = {"zoom": 3.2, "center": {"lat": 35.0, "lon": 38.0}, "timeFilters": {"from": "now-30y", "to": "now"},
                 "refreshConfig": {"isPaused": False, "interval": 10000}, "query": {"query": "", "language": "kuery"},
                 "filters": [], "settings": {"autoFitToDataBounds": True}}
    return saved(
        "map", id_,
        {"title": title, "description": f"Where {noun} took place (the venue's location.geo; places they are only about are left out), coloured by Goldstein score.",
         "layerListJSON": dumps(layers), "mapStateJSON": dumps(map_state), "uiStateJSON": dumps({"isLayerTOCOpen": True, "openTOCDetails": []})},
        [{"name": "layer_1_source_index_pattern", "type": "index-pattern", "id": view}],
    )


def options_control(id_: str, field: str, title: str, selected: list[str] | None = None,
                    view: str = EVENTS_VIEW) -> dict[str, Any]:
    """An options-list control on a data view (events by default); `selected` is its saved (default) selection."""
    return {"id": id_, "field": field, "title": title, "selected": list(selected or []), "view": view}


def control_group(controls: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The dashboard's `controlGroupInput` and the data-view references its controls need."""
    panels = {}
    references = []
    for order, control in enumerate(controls):
        panels[control["id"]] = {
            "order": order, "width": "medium", "grow": True, "type": "optionsListControl",
            "explicitInput": {"id": control["id"], "dataViewId": control["view"], "fieldName": control["field"],
                              "title": control["title"], "selectedOptions": control["selected"],
                              "searchTechnique": "prefix", "sort": {"by": "_count", "direction": "desc"},
                              "enhancements": {}},
        }
        references.append({"name": f"controlGroup_{control['id']}:optionsListDataView", "type": "index-pattern", "id": control["view"]})
    group = {
        "controlStyle": "oneLine", "chainingSystem": "HIERARCHICAL", "showApplySelections": False,
        "ignoreParentSettingsJSON": dumps({"ignoreFilters": False, "ignoreQuery": False, "ignoreTimerange": False, "ignoreValidations": False}),
        "panelsJSON": dumps(panels),
    }
    return group, references


def dashboard(panels: list[tuple[str, str, dict[str, int]]], controls: list[dict[str, Any]] | None = None,
              id_: str = "eventwire-overview", title: str = "eventwire: events overview",
              description: str = "Where events happen, what kind, between whom, how hostile, and the story behind each. "
                                 "Asserted events only until the Modality control says otherwise.") -> dict[str, Any]:
    panel_json = []
    references = []
    for number, (kind, panel_id, grid) in enumerate(panels, 1):
        ref = f"panel_{number}"
        panel_json.append({"type": kind, "panelIndex": str(number), "gridData": {**grid, "i": str(number)}, "embeddableConfig": {"enhancements": {}}, "panelRefName": ref})
        references.append({"name": ref, "type": kind, "id": panel_id})
    return saved(
        "dashboard", id_,
        {
            "title": title,
            "description": description,
            "panelsJSON": dumps(panel_json),
            "optionsJSON": dumps({"useMargins": True, "syncColors": True, "syncCursor": True, "syncTooltips": True, "hidePanelTitles": False}),
            "timeRestore": True, "timeFrom": "now-30d", "timeTo": "now",
            "refreshInterval": {"pause": False, "value": 10000},
            "kibanaSavedObjectMeta": {"searchSourceJSON": dumps({"query": {"query": "", "language": "kuery"}, "filter": []})},
            **({"controlGroupInput": control_group(controls)[0]} if controls else {}),
        },
        references + (control_group(controls)[1] if controls else []),
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
    incidents_view = data_view(
        INCIDENTS_VIEW, "incidents", "eventwire incidents",
        {"article_ids": url_format(discover_link(ARTICLES_VIEW, "article_id")),
         "incident_id": url_format(discover_link(EVENTS_VIEW, "incident_id"))},
    )
    most_reported = saved_search(
        "eventwire-incidents-most-reported", INCIDENTS_VIEW, "Incidents: most reported",
        ["event.plover", "participants", "num_sources", "num_articles", "num_mentions", "languages", "sentence.text", "incident_id"],
        description="One row per thing that happened, most sources first; incident_id opens its events, article_ids its articles.",
    )
    most_reported["attributes"]["sort"] = [["num_sources", "desc"], ["@timestamp", "desc"]]

    def shared_panels(view: str, suffix: str, noun: str) -> list[dict[str, Any]]:
        """The panels both dashboards have: the same definition over events or over incidents."""
        by_type = lens(
            f"eventwire-{noun}-by-type" if suffix else "eventwire-events-by-type", f"{noun.capitalize()} over time by PLOVER type", "lnsXY",
            {"date": date_column(), "type": terms_column("event.plover", "PLOVER type", 16, "count"), "count": count_column(noun.capitalize())},
            xy("bar_stacked", "date", ["count"], split="type"), f"{noun.capitalize()} per interval, stacked by PLOVER type.", view,
        )
        dyads = lens(
            f"eventwire-top-dyads{suffix}", "Top source → target dyads" + (f" ({noun})" if suffix else ""), "lnsXY",
            {"dyad": terms_column("dyad", "Source > target", 15, "count"), "count": count_column(noun.capitalize())},
            xy("bar_horizontal", "dyad", ["count"]), f"The actor pairs with the most {noun} (reciprocal ones count both ways; a side the text does not name, such as the perpetrators of an attack, is `unnamed`).", view,
        )
        goldstein = lens(
            f"eventwire-goldstein{suffix}", "Goldstein score over time" + (f" ({noun})" if suffix else ""), "lnsXY",
            {"date": date_column(), "goldstein": {"label": "Average Goldstein", "dataType": "number", "operationType": "average",
                                                  "sourceField": "event.goldstein", "isBucketed": False, "scale": "ratio", "params": {}}},
            xy("line", "date", ["goldstein"]), f"Average conflict-cooperation score of {noun} per interval (-10 conflict .. +10 cooperation).", view,
        )
        where = venue_map(view, f"eventwire-venue-map{suffix}", "Event venues" if not suffix else "Incident venues", noun)
        return [by_type, dyads, goldstein, where]

    event_panels = shared_panels(EVENTS_VIEW, "", "events")
    incident_panels = shared_panels(INCIDENTS_VIEW, "-incidents", "incidents")
    top_incidents = lens(
        "eventwire-top-incidents", "Top incidents by sources", "lnsXY",
        {"incident": terms_column("incident_key", "Incident", 15, "sources"), "sources": max_column("num_sources", "Sources")},
        xy("bar_horizontal", "incident", ["sources"]), "The incidents reported by the most outlets (type|participants|day|modality).",
        INCIDENTS_VIEW,
    )
    over_time = lens(
        "eventwire-incidents-over-time", "Incidents and their reports over time", "lnsXY",
        {"date": date_column(), "count": count_column("Incidents"),
         "mentions": {"label": "Mentions", "dataType": "number", "operationType": "sum", "sourceField": "num_mentions",
                      "isBucketed": False, "scale": "ratio", "params": {}}},
        xy("line", "date", ["count", "mentions"]), "How many things happened per interval, beside how often they were reported.",
        INCIDENTS_VIEW,
    )

    def layout(panels: list[dict[str, Any]], table: str, extra: list[tuple[str, str, dict[str, int]]]) -> list[tuple[str, str, dict[str, int]]]:
        by_type, dyads, goldstein, where = panels
        return [
            ("map", where["id"], {"x": 0, "y": 0, "w": 24, "h": 16}),
            ("lens", by_type["id"], {"x": 24, "y": 0, "w": 24, "h": 16}),
            ("lens", dyads["id"], {"x": 0, "y": 16, "w": 24, "h": 15}),
            ("lens", goldstein["id"], {"x": 24, "y": 16, "w": 24, "h": 15}),
            *extra,
            ("search", table, {"x": 0, "y": 31 + 15 * (len(extra) > 0), "w": 48, "h": 18}),
        ]

    by_source = lens(
        "eventwire-events-by-source", "Events per source", "lnsXY",
        {"source": terms_column("article_source", "Source", 20, "count"), "count": count_column()},
        xy("bar_horizontal", "source", ["count"]), "How many events each source's articles gave (article_source).",
    )
    events_layout = layout(event_panels, "eventwire-events-with-articles", [])
    events_layout[-1:] = [("lens", "eventwire-events-by-source", {"x": 0, "y": 31, "w": 16, "h": 18}),
                          ("search", "eventwire-events-with-articles", {"x": 16, "y": 31, "w": 32, "h": 18})]
    board = dashboard(events_layout, controls=[
        options_control("control-country", "actor_countries", "Country (of an actor)"),
        options_control("control-actor", "actor_codes", "Actor"),
        options_control("control-plover", "event.plover", "PLOVER type"),
        options_control("control-modality", "event.modality", "Modality", selected=DEFAULT_MODALITY),
        options_control("control-lang", "lang", "Language"),
        options_control("control-source", "article_source", "Source"),
    ])
    incidents_board = dashboard(
        layout(incident_panels, "eventwire-incidents-most-reported", extra=[
            ("lens", "eventwire-top-incidents", {"x": 0, "y": 31, "w": 24, "h": 15}),
            ("lens", "eventwire-incidents-over-time", {"x": 24, "y": 31, "w": 24, "h": 15}),
        ]),
        controls=[
            options_control("control-incident-participants", "participants", "Participant", view=INCIDENTS_VIEW),
            options_control("control-incident-plover", "event.plover", "PLOVER type", view=INCIDENTS_VIEW),
            options_control("control-incident-modality", "event.modality", "Modality", selected=DEFAULT_MODALITY,
                            view=INCIDENTS_VIEW),
            options_control("control-incident-lang", "languages", "Language", view=INCIDENTS_VIEW),
            options_control("control-incident-source", "sources", "Source", view=INCIDENTS_VIEW),
        ],
        id_="eventwire-incidents-overview", title="eventwire: incidents overview",
        description=("The events overview with each thing that happened counted once, however many outlets reported it; "
                     "plus the most reported incidents. Asserted incidents only until the Modality control says otherwise. "
                     "Switch back: 'eventwire: events overview'."),
    )
    board["attributes"]["description"] += " The same panels counting incidents: 'eventwire: incidents overview'."
    return [events_view, articles_view, incidents_view, latest, conflict, linked, articles, most_reported,
            *event_panels[:3], by_source, event_panels[3], *incident_panels, top_incidents, over_time, board, incidents_board]


def render() -> str:
    return "".join(dumps(obj) + "\n" for obj in objects())


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")

"""Fields that the Kibana saved objects shipped in streams/kibana/ reference, per data view (shared by the Kibana tests)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
NDJSON = ROOT / "streams" / "kibana" / "eventwire.ndjson"
VIEW_KIND = {"eventwire-events": "events", "eventwire-articles": "articles", "eventwire-incidents": "incidents"}
_KQL_FIELD = re.compile(r"([A-Za-z@_][\w.@]*)\s*(?:>=|<=|>|<|:)")


def load_objects() -> list[dict[str, Any]]:
    return [json.loads(line) for line in NDJSON.read_text(encoding="utf-8").splitlines() if line.strip()]


def _view_of(obj: dict[str, Any]) -> str:
    views = {ref["id"] for ref in obj["references"] if ref["type"] == "index-pattern"}
    assert len(views) == 1, obj["id"]
    return views.pop()


def referenced_fields(obj: dict[str, Any]) -> tuple[str, set[str]]:
    """(data view id, field names) for one saved object."""
    attrs = obj["attributes"]
    kind = obj["type"]
    if kind == "index-pattern":
        return obj["id"], set(json.loads(attrs["fieldFormatMap"])) | {attrs["timeFieldName"]}
    if kind == "search":
        source = json.loads(attrs["kibanaSavedObjectMeta"]["searchSourceJSON"])
        fields = set(attrs["columns"]) | {field for field, _ in attrs["sort"]}
        fields |= set(_KQL_FIELD.findall(source["query"]["query"]))
        return _view_of(obj), fields
    if kind == "lens":
        layers = attrs["state"]["datasourceStates"]["formBased"]["layers"]
        fields = {c["sourceField"] for layer in layers.values() for c in layer["columns"].values()}
        return _view_of(obj), fields - {"___records___"}
    if kind == "map":
        fields: set[str] = set()
        for layer in json.loads(attrs["layerListJSON"]):
            source = layer["sourceDescriptor"]
            if source["type"] != "ES_SEARCH":
                continue
            fields |= {source["geoField"], *source["tooltipProperties"]} | ({source["sortField"]} if source["sortField"] else set())
            fields |= set(_KQL_FIELD.findall((layer.get("query") or {}).get("query", "")))
            for prop in layer["style"]["properties"].values():
                if prop.get("type") == "DYNAMIC":
                    fields.add(prop["options"]["field"]["name"])
        return _view_of(obj), fields
    if kind == "dashboard":
        return _view_of(obj), {control["explicitInput"]["fieldName"] for control in dashboard_controls(obj).values()}
    raise ValueError(f"no field reader for {kind}")


def dashboard_controls(obj: dict[str, Any]) -> dict[str, Any]:
    group = obj["attributes"].get("controlGroupInput")
    return json.loads(group["panelsJSON"]) if group else {}


def default_filters(board: dict[str, Any]) -> list[dict[str, Any]]:
    """The Elasticsearch filters a dashboard opens with: each control's saved selection (any of them)."""
    return [
        {"terms": {control["explicitInput"]["fieldName"]: control["explicitInput"]["selectedOptions"]}}
        for control in dashboard_controls(board).values() if control["explicitInput"]["selectedOptions"]
    ]


def mapping_fields(properties: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Every searchable field name (with multi-fields) -> its type."""
    out: dict[str, str] = {}
    for key, spec in properties.items():
        name = f"{prefix}{key}"
        if "properties" in spec:
            out.update(mapping_fields(spec["properties"], f"{name}."))
            continue
        out[name] = spec["type"]
        for sub, sub_spec in spec.get("fields", {}).items():
            out[f"{name}.{sub}"] = sub_spec["type"]
    return out

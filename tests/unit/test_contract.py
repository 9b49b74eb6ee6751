"""The dataclasses (streams/models.py), schemas/event.schema.json and the Elasticsearch mappings stay in step.

Paths and leaf types are derived from each side independently, then compared; a real pipeline
output document is validated against the schema.
"""

from __future__ import annotations

import dataclasses
import itertools
import types
import typing
from pathlib import Path
from collections.abc import Callable
from typing import Any

import jsonschema
import orjson

from streams import models
from streams.models import Article, Event
from streams.packaged import packaged
from streams.sink.admin import render_mappings
from streams.sink.documents import (
    ARTICLE_INDEX_TIME_FIELDS,
    EVENT_INDEX_TIME_FIELDS,
    article_document,
    prepare_article,
    prepare_event,
)
from tests.synthetic_events import synthetic_event

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = orjson.loads(packaged("schemas", "event.schema.json").read_bytes())  # the copy that ships
_counter = itertools.count()

# Compatible leaf types: Python value type -> JSON Schema types and Elasticsearch field types.
JSON_TYPES = {str: {"string"}, int: {"integer"}, float: {"number"}, bool: {"boolean"}}
ES_TYPES = {
    str: {"keyword", "text", "date"},
    int: {"integer", "long", "short", "byte"},
    float: {"float", "double", "half_float", "geo_point"},
    bool: {"boolean"},
}


def _populated(tp: Any) -> Any:
    """A value of type `tp` with every optional part present (so every field shows up in to_doc())."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _populated(next(arg for arg in typing.get_args(tp) if arg is not type(None)))
    if origin is tuple:
        return (_populated(typing.get_args(tp)[0]),)
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp, vars(models))
        return tp(**{f.name: _populated(hints[f.name]) for f in dataclasses.fields(tp)})
    if tp is str:
        return f"نص{next(_counter)}"  # distinct (source and target differ), Arabic (norm fields filled)
    return {int: 1, float: 0.5, bool: True}[tp]


def _doc_leaves(value: Any, prefix: str = "") -> dict[str, type]:
    if isinstance(value, dict):
        out: dict[str, type] = {}
        for key, child in value.items():
            out.update(_doc_leaves(child, f"{prefix}{key}."))
        return out
    if isinstance(value, list):
        return _doc_leaves(value[0], prefix) if value else {}
    return {prefix[:-1]: type(value)}


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        return _resolve(SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[-1]])
    if "oneOf" in node:
        return _resolve(next(option for option in node["oneOf"] if option.get("type") != "null"))
    if node.get("type") == "array":
        return _resolve(node["items"])
    return node


def _schema_leaves(
    node: dict[str, Any], prefix: str = "", resolve: Callable[[dict[str, Any]], dict[str, Any]] = _resolve
) -> dict[str, set[str]]:
    """Leaf path -> JSON types of a schema, its references followed by `resolve`."""
    node = resolve(node)
    if "properties" in node:
        out: dict[str, set[str]] = {}
        for key, child in node["properties"].items():
            out.update(_schema_leaves(child, f"{prefix}{key}.", resolve))
        return out
    if "enum" in node:
        kinds = {"string" if isinstance(v, str) else "null" for v in node["enum"]}
    else:
        kinds = set(node["type"]) if isinstance(node["type"], list) else {node["type"]}
    return {prefix[:-1]: kinds - {"null"}}


def _mapping_leaves(properties: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, spec in properties.items():
        if "properties" in spec:
            out.update(_mapping_leaves(spec["properties"], f"{prefix}{key}."))
        elif spec["type"] == "geo_point":  # the document carries it as {lat, lon}
            out[f"{prefix}{key}.lat"] = out[f"{prefix}{key}.lon"] = "geo_point"
        else:
            out[f"{prefix}{key}"] = spec["type"]
    return out


def _model_doc() -> dict[str, Any]:
    return _populated(Event).to_doc()


def test_every_model_field_is_in_the_schema_and_the_mapping_and_vice_versa():
    model = set(_doc_leaves(prepare_event(_model_doc(), "2024-01-01T00:00:00Z")))
    schema = set(_schema_leaves(SCHEMA))
    mapping = set(_mapping_leaves(render_mappings("events")["properties"]))
    assert schema - model == set(), "in the schema but not produced by the model + index-time fields"
    assert model - schema == set(), "produced but not documented in event.schema.json"
    assert mapping - model == set(), "mapped but never produced"
    assert model - mapping == set(), "produced but not mapped (a strict mapping would reject it)"


def test_index_time_fields_are_not_model_fields():
    model = set(_doc_leaves(_model_doc()))
    assert not model & set(EVENT_INDEX_TIME_FIELDS)
    leaves = set(_doc_leaves(prepare_event(_model_doc(), "t")))
    assert set(EVENT_INDEX_TIME_FIELDS) <= leaves


def assert_compatible_leaves(model: dict[str, type], schema: dict[str, set[str]], mapping: dict[str, str]) -> None:
    """Each produced leaf's Python type fits its JSON Schema types and its mapping type."""
    for path, python_type in model.items():
        assert schema[path] & JSON_TYPES[python_type], f"{path}: schema {schema[path]} vs {python_type.__name__}"
        assert mapping[path] in ES_TYPES[python_type], f"{path}: mapping {mapping[path]} vs {python_type.__name__}"


def test_leaf_types_are_compatible():
    model = _doc_leaves(prepare_event(_model_doc(), "2024-01-01T00:00:00Z"))
    assert_compatible_leaves(model, _schema_leaves(SCHEMA), _mapping_leaves(render_mappings("events")["properties"]))


def test_date_fields_are_dates_in_the_mapping():
    mapping = _mapping_leaves(render_mappings("events")["properties"])
    for path in ("@timestamp", "date", "published", "event.created", "event.ingested"):
        assert mapping[path] == "date", path


def test_the_schema_is_valid_and_accepts_indexed_synthetic_events():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for n in range(20):
        doc = synthetic_event(n).to_doc()
        validator.validate(doc)
        validator.validate(prepare_event(doc, "2024-01-01T00:00:00.000Z"))


def test_the_schema_rejects_unknown_fields_and_wrong_types():
    validator = jsonschema.Draft202012Validator(SCHEMA)
    doc = synthetic_event(1).to_doc()
    assert not validator.is_valid({**doc, "surprise": 1})
    assert not validator.is_valid({**doc, "confidence": "high"})
    assert not validator.is_valid({**doc, "event": {**doc["event"], "quad_class": 9}})


def test_article_document_fields_match_the_articles_mapping():
    article, extraction = _populated(Article), _populated(models.Extraction)
    doc = article_document(article, extraction, created="2024-01-01T00:00:00Z", lineage=models.Lineage("articles", 0, 5))
    produced = _doc_leaves(prepare_article(doc, "2024-01-01T00:00:00Z"))
    mapping = _mapping_leaves(render_mappings("articles")["properties"])
    # `duplicate_of` is merged in by the incidents agent (tests/unit/test_contract_incidents.py)
    assert set(produced) | {"duplicate_of"} == set(mapping)
    assert set(ARTICLE_INDEX_TIME_FIELDS) <= set(produced)
    for path, python_type in produced.items():
        assert mapping[path] in ES_TYPES[python_type], path


def _load_pipeline():
    from streams.extract import load_pipeline

    return load_pipeline()


def test_a_real_pipeline_output_validates_against_the_schema():
    pipeline = _load_pipeline()
    article = Article.from_dict(orjson.loads((ROOT / "tests" / "fixtures" / "seed_article.json").read_bytes()))
    extraction = pipeline.run(article, lineage=models.Lineage("articles", 0, 0), created="2024-01-01T00:00:00Z",
                              max_chars=200_000)
    assert extraction.events, "the seed story yields events"
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for event in extraction.events:
        doc = orjson.loads(orjson.dumps(event.to_doc()))  # as it travels on the topic
        validator.validate(doc)
        validator.validate(prepare_event(doc, "2024-01-01T00:00:00.000Z"))

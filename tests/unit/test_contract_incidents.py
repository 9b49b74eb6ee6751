"""The incident model (streams/incident_models.py, streams/incidents/merge.py), schemas/incident.schema.json
and the `incidents` mapping stay in step; so do the article documents' `duplicate_of` patches.

Same method as test_contract.py: leaves derived from each side independently, then compared, and
real documents validated against the schema (with the event schema it refers to).
"""

from __future__ import annotations

from functools import partial

import jsonschema
import orjson
from referencing import Registry, Resource

from streams.incident_models import ArticleRef, Evidence
from streams.incidents import sketch
from streams.incidents.evidence import mention
from streams.incidents.keys import incident_id, incident_key, rules_version
from streams.incidents.merge import incident_document, merge
from streams.models import Event
from streams.packaged import packaged
from streams.sink.admin import render_mappings
from streams.sink.documents import ARTICLE_PATCH_FIELDS, INCIDENT_INDEX_TIME_FIELDS, prepare_incident
from tests.unit.test_contract import _doc_leaves, _mapping_leaves, _populated, assert_compatible_leaves
from tests.unit.test_contract import _schema_leaves as schema_leaves

EVENT_SCHEMA = orjson.loads(packaged("schemas", "event.schema.json").read_bytes())  # the copies that ship
SCHEMA = orjson.loads(packaged("schemas", "incident.schema.json").read_bytes())
REGISTRY = Registry().with_resources(
    [(EVENT_SCHEMA["$id"], Resource.from_contents(EVENT_SCHEMA)), (SCHEMA["$id"], Resource.from_contents(SCHEMA))]
)
INGESTED = "2024-01-01T00:00:00.000Z"


def _resolve(node):
    ref = node.get("$ref")
    if ref and "#" not in ref:  # a whole event document (state.best): not indexed, compared by validation
        return {"type": "object"}
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return _resolve(EVENT_SCHEMA["$defs"][name])
    if "oneOf" in node:
        return _resolve(next(option for option in node["oneOf"] if option.get("type") != "null"))
    if node.get("type") == "array" and "items" in node:
        return _resolve(node["items"])
    return node


_schema_leaves = partial(schema_leaves, resolve=_resolve)  # test_contract's, through the event schema's $defs


def _documents():
    """An incident of two fully populated events from two articles (one a copy of the other)."""
    first = _populated(Event).to_doc()
    # values the schema restricts (the populated model fills every string with Arabic filler)
    first.update(date="2024-01-02", date_precision="day", **{"@timestamp": "2024-01-02T00:00:00Z"})
    first["event"].update(modality=["asserted"], cameo="041", cameo_root="04", quad_class=1, goldstein=1.0)
    first["location"]["role"] = "venue"
    first["published"] = "2024-01-01T10:00:00Z"
    second = {**first, "event_id": first["event_id"] + "b", "article_id": "other", "lang": "ar"}
    key = incident_key(first)
    tokens = sketch.words("Putin and Erdogan spoke by phone on Tuesday about Syria and grain, the Kremlin said.")
    refs = [ArticleRef(doc["article_id"], f"outlet {n}", doc["lang"], f"2024-01-0{n + 1}T00:00:00Z",
                       sketch.text_hash(tokens), sketch.sketch(tokens)) for n, doc in enumerate((first, second))]
    evidence = [Evidence(key, incident_id(key), rules_version(), ref, (mention(doc),)) for ref, doc in zip(refs, (first, second))]
    doc = incident_document(merge(None, evidence))
    return doc, prepare_incident(doc, INGESTED)


def _state_free(leaves):
    return {path: kind for path, kind in leaves.items() if not path.startswith("state.")}


def test_every_incident_field_is_in_the_schema_and_the_mapping_and_vice_versa():
    _, indexed = _documents()
    model = set(_state_free(_doc_leaves(indexed)))
    schema = set(_state_free(_schema_leaves(SCHEMA)))
    mapping = set(_mapping_leaves(render_mappings("incidents")["properties"]))
    assert schema - model == set(), "in the schema but not produced"
    assert model - schema == set(), "produced but not documented in incident.schema.json"
    assert mapping - model - {"state"} == set(), "mapped but never produced"
    assert model - mapping == set(), "produced but not mapped (a strict mapping would reject it)"


def test_the_state_is_stored_but_not_indexed():
    assert render_mappings("incidents")["properties"]["state"] == {"type": "object", "enabled": False}


def test_incident_leaf_types_are_compatible():
    _, indexed = _documents()
    model = _state_free(_doc_leaves(indexed))
    assert_compatible_leaves(model, _schema_leaves(SCHEMA), _mapping_leaves(render_mappings("incidents")["properties"]))


def test_index_time_fields_are_added_by_the_sink_only():
    doc, indexed = _documents()
    assert not set(_doc_leaves(doc)) & set(INCIDENT_INDEX_TIME_FIELDS)
    assert set(INCIDENT_INDEX_TIME_FIELDS) <= set(_doc_leaves(indexed))


def test_incident_documents_validate_and_the_schema_is_strict():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA, registry=REGISTRY)
    doc, indexed = _documents()
    validator.validate(doc)
    validator.validate(orjson.loads(orjson.dumps(indexed)))
    assert not validator.is_valid({**doc, "surprise": 1})
    assert not validator.is_valid({**doc, "num_sources": "many"})
    assert not validator.is_valid({**doc, "state": {**doc["state"], "best": {"event_id": "x"}}})
    assert not validator.is_valid({**doc, "state": {"mentions": doc["state"]["mentions"]}})


def test_date_fields_are_dates_in_the_incident_mapping():
    mapping = _mapping_leaves(render_mappings("incidents")["properties"])
    for path in ("@timestamp", "date", "first_seen", "last_seen", "event.ingested"):
        assert mapping[path] == "date", path


def test_article_patches_are_mapped():
    mapping = _mapping_leaves(render_mappings("articles")["properties"])
    assert set(ARTICLE_PATCH_FIELDS) <= set(mapping)
    assert mapping["duplicate_of"] == "keyword"

"""The standing-query language: syntax, fields, evaluation and its `why`."""

from __future__ import annotations

import pytest

from streams.alerts.query import QueryError, event_view, explain, incident_view, matches, parse
from tests.unit.incidents.support import event_doc, evidence

from streams.incidents.merge import incident_document, merge


def call(**changes):
    doc = event_doc("e1", "a1", **changes)
    doc["sentence"]["text"] = "Russian President Vladimir Putin spoke by phone with Turkish President Erdogan."
    doc["article_source"] = "NorthWire"
    doc["places"] = [{"text": "غزة", "name": "Gaza", "country": "PSE", "geo": None, "geonameid": 1, "start": 0, "end": 3}]
    return event_view(doc)


@pytest.mark.parametrize("query, expected", [
    ("type:CONSULT", True),
    ("type:consult", True),
    ("type:ASSAULT", False),
    ("type:CONSULT AND actor:RUSGOV", True),
    ("type:CONSULT AND actor:UKRGOV", False),
    ("type:CONSULT actor:UKRGOV", False),  # adjacent terms are ANDed
    ("actor:UKRGOV OR actor:TURGOV", True),
    ("country:(SYR OR TUR)", True),
    ("type:CONSULT -country:TUR", False),
    ("type:CONSULT NOT country:SYR", True),
    ("cameo:04*", True),
    ("cameo:19*", False),
    ("source:RUSGOV AND target:TURGOV", True),
    ("source:TURGOV", False),
    ("confidence:>=0.9", True),
    ("confidence:>0.9", False),
    ("quad:[1 TO 2]", True),
    ("quad:{1 TO 2]", False),
    ("goldstein:<=1", True),
    ('"by phone"', True),
    ('"phone by"', False),
    ("putin", True),
    ("put*", True),
    ("place:gaza", True),
    ("place:غزة", True),
    ("outlet:northwire", True),
    ("lang:ar", False),
    ("sources:1 AND mentions:>=1", True),
    ("modality:asserted", True),
])
def test_event_queries(query, expected):
    assert matches(query, call()) is expected


def test_arabic_words_match_in_their_matching_form():
    doc = event_doc("e1", "a1", lang="ar")
    doc["sentence"]["text"] = "بحث الرئيس التركي رجب طيب أردوغان مع نظيره الروسي"
    view = event_view(doc)
    assert matches("اردوغان", view) and matches('"رجب طيب"', view) and not matches("بوتين", view)


def test_why_names_the_atoms_that_matched():
    assert explain("type:CONSULT AND (actor:UKRGOV OR actor:RUSGOV) -lang:ar", call()) == [
        "type:CONSULT = CONSULT", "actor:RUSGOV = RUSGOV", "not lang:ar"]
    assert explain("type:ASSAULT", call()) is None


def test_incident_fields_count_sources_and_see_every_code():
    items = [evidence(f"a{n}", [event_doc(f"e{n}", f"a{n}", sources=["RUSGOV"] if n else ["RUS"])]) for n in range(3)]
    view = incident_view(incident_document(merge(None, items)))
    assert matches("sources:>=3 AND type:CONSULT", view)
    assert not matches("sources:>3", view)
    assert matches("actor:RUS AND actor:RUSGOV", view)
    assert matches("lang:en AND articles:3", view)


@pytest.mark.parametrize("query, message", [
    ("", "empty"),
    ("type:(CONSULT", "cannot parse"),
    ("colour:red", "unknown field"),
    ("place:Gaza~2", "fuzzy"),
    ('text:"a b"~3', "proximity"),
    ("type:CONSULT^2", "boost"),
    ("type:[A TO B]", "numeric fields"),
    ("confidence:>high", "not a number"),
])
def test_bad_queries_are_refused_with_a_reason(query, message):
    with pytest.raises(QueryError, match=message):
        parse(query)

"""Pipeline contract: output validates against the event schema, ids are stable, bad input is harmless."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import streams.extract as extract
from streams.extract import CODER_VERSION, DICTIONARY_VERSION, STAGES, load_pipeline
from streams.models import Article, Lineage

SCHEMAS = Path(__file__).resolve().parents[3] / "schemas"
SEED = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "seed_article.json").read_text("utf-8"))


def test_load_pipeline_is_cached():
    assert load_pipeline() is load_pipeline()


def test_versions_and_stage_registry():
    assert CODER_VERSION.count(".") == 2
    manifest = json.loads((Path(extract.__file__).resolve().parents[1] / "dictionaries" / "manifest.json").read_text())
    assert DICTIONARY_VERSION == manifest["version"]
    names = [name for name, _ in STAGES]
    assert names[:4] == ["language", "clean", "frontend", "entities"]
    assert len(set(names)) == len(names)


def test_events_validate_against_the_event_schema(pipeline):
    schema = json.loads((SCHEMAS / "event.schema.json").read_text("utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    lineage = Lineage("articles", 0, 42)
    extraction = pipeline.run(Article.from_dict(SEED), lineage=lineage, created="2024-01-01T00:00:00+00:00")
    assert extraction.events
    for event in extraction.events:
        doc = json.loads(json.dumps(event.to_doc()))
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(doc)]
        assert not errors, errors
        assert doc["lineage"] == {"topic": "articles", "partition": 0, "offset": 42}
        assert doc["event"]["created"] == "2024-01-01T00:00:00+00:00"


def test_event_ids_are_deterministic_and_distinct(pipeline):
    article = Article.from_dict(SEED)
    first = [e.event_id for e in pipeline.run(article).events]
    again = [e.event_id for e in pipeline.run(article, created="2030-01-01T00:00:00Z").events]
    assert first == again
    assert len(set(first)) == len(first)
    other = Article.from_dict({**SEED, "id": "another"})
    assert not set(first) & {e.event_id for e in pipeline.run(other).events}


def test_title_is_put_in_front_when_the_body_lacks_it(pipeline):
    article = Article(id="t", title="Russia attacked Ukraine", text="Nothing else happened.", lang="en")
    events = pipeline.run(article).events
    assert len(events) == 1 and events[0].sentence.start == 0


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t  ",
        "<html><body><p>بوتين</p><script>alert(1)</script></body></html>",
        "\u200f\u200e" * 1000 + "بوتين يهاجم",
        "😀🔥 Putin 🚀 attacked 🇺🇦 Ukraine 😀" * 20,
        "ب" + "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652" * 5000,
        "x" * 100_000,
        "بوتين" * 20000,
        "Russia attacked Ukraine. " * 2000,
        "\x00\x01\x02 \ud800 broken surrogate",
        "&amp;&lt;" * 5000 + "<" * 5000,
    ],
)
def test_bad_input_is_graceful(pipeline, text):
    started = time.perf_counter()
    extraction = pipeline.run_strict(Article(id="bad", text=text, published="not a date"))
    assert time.perf_counter() - started < 10
    assert extraction.article.id == "bad"


def test_text_is_capped_at_max_chars(pipeline):
    text = "Russia attacked Ukraine. " + "filler words here. " * 300_000
    extraction = pipeline.run_strict(Article(id="big", text=text, lang="en"), max_chars=1000)
    assert all(e.sentence.end <= 1000 for e in extraction.events)
    assert len(extraction.events) == 1

"""The worker's metrics: what one coded or dead-lettered article adds, per source and language."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from streams.app import metrics
from streams.app.handlers import ExtractOutcome, Position, extract_records

POS = Position("articles", 0, 3)


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture(scope="module")
def seed_outcome(seed_article_bytes):
    from streams.extract import load_pipeline

    return extract_records(
        seed_article_bytes, None, POS, pipeline=load_pipeline(), created="2026-01-01T00:00:00+00:00",
        max_bytes=10**6, max_chars=10**5, coder_version="test",
    )


def test_a_coded_article_carries_its_source_language_types_and_time(seed_outcome):
    assert seed_outcome.dead_letter is None
    assert seed_outcome.lang == "ar" and seed_outcome.source
    assert len(seed_outcome.plover_types) == seed_outcome.events >= 1
    assert all(t.isupper() for t in seed_outcome.plover_types)  # PLOVER types: CONSULT, ACCUSE, ...
    assert 0 < seed_outcome.coding_seconds < 5


def test_a_message_that_never_decoded_has_no_source_or_language():
    outcome = extract_records(
        b"{broken", None, POS, pipeline=None, created="t", max_bytes=10**6, max_chars=10**5, coder_version="test"
    )
    assert outcome.dead_letter is not None and (outcome.source, outcome.lang) == (None, None)


def test_one_article_counts_in_yield_type_mix_and_coding_time(seed_outcome):
    worker = metrics.WorkerMetrics(max_sources=10)
    labels = {"source": seed_outcome.source, "lang": "ar"}
    before = {
        "articles": sample("eventwire_articles_total", **labels),
        "events": sample("eventwire_events_extracted_total", **labels),
        "yield_count": sample("eventwire_events_per_article_count", **labels),
        "yield_sum": sample("eventwire_events_per_article_sum", **labels),
        "coded": sample("eventwire_coding_seconds_count", **labels),
    }
    plover = seed_outcome.plover_types[0]
    typed = sample("eventwire_events_by_type_total", **labels, plover=plover)
    worker.article(seed_outcome)
    assert sample("eventwire_articles_total", **labels) == before["articles"] + 1
    assert sample("eventwire_events_extracted_total", **labels) == before["events"] + seed_outcome.events
    assert sample("eventwire_events_per_article_count", **labels) == before["yield_count"] + 1
    assert sample("eventwire_events_per_article_sum", **labels) == before["yield_sum"] + seed_outcome.events
    assert sample("eventwire_coding_seconds_count", **labels) == before["coded"] + 1
    assert sample("eventwire_events_by_type_total", **labels, plover=plover) == typed + seed_outcome.plover_types.count(plover)


def test_a_dead_lettered_article_counts_in_and_by_stage_but_codes_nothing():
    worker = metrics.WorkerMetrics(max_sources=10)
    labels = {"source": "wire-x", "lang": "en"}
    letter = object()
    outcome = ExtractOutcome(dead_letter=letter, source="wire-x", lang="en")  # type: ignore[arg-type]
    articles = sample("eventwire_articles_total", **labels)
    per_article = sample("eventwire_events_per_article_count", **labels)
    worker.article(outcome)
    worker.dead_letter("articles.dlq", "extract", "wire-x", "en")
    worker.dead_letter("articles.dlq", "decode")
    assert sample("eventwire_articles_total", **labels) == articles + 1
    assert sample("eventwire_events_per_article_count", **labels) == per_article
    assert sample("eventwire_dead_letters_total", topic="articles.dlq", stage="extract", **labels) >= 1
    assert sample("eventwire_dead_letters_total", topic="articles.dlq", stage="decode", source="unknown",
                  lang="unknown") >= 1


def test_sources_beyond_the_budget_are_counted_as_other():
    label = metrics.SourceLabels(limit=2)
    assert [label(s) for s in ("a", "b", "c", "a", None, "")] == ["a", "b", "other", "a", "unknown", "unknown"]

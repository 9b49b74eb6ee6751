"""A real worker's /metrics after it coded articles in two languages and dead-lettered a bad one:
every metric the Grafana dashboard charts is there, per source and language, with real values."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from chaos.verify import SOURCE_NAME, publish_now
from streams.ops.workers import free_port

from .helpers import own_topics_and_indices, publish_raw, wait_drained, wait_until, worker_process

DASHBOARD = Path(__file__).resolve().parents[2] / "deploy" / "grafana" / "eventwire.json"
ARTICLES = 12  # the verifiable source alternates English and Arabic texts


@pytest.fixture(scope="module")
def scraped(services):
    from tests.conftest import unique_settings

    settings = unique_settings(services, "metrics").with_overrides(worker_web_port=free_port())
    with own_topics_and_indices(settings), worker_process(settings, "metrics-" + settings.app_id):
        publish_now(settings, settings.app_id, range(ARTICLES))
        publish_raw(settings, [(b"broken-1", b"{not json")])
        wait_drained(settings, 120)
        url = f"http://127.0.0.1:{settings.worker_web_port}/metrics"

        def exposition() -> dict[str, list]:
            with urllib.request.urlopen(url, timeout=30) as response:
                text = response.read().decode()
            families = {family.name: family.samples for family in text_string_to_metric_families(text)}
            confirmed = sum(s.value for s in families.get("eventwire_docs_confirmed", []) if s.name.endswith("_total"))
            return families if confirmed >= ARTICLES else {}

        yield settings, wait_until(exposition, 60, 1.0, "the worker's metrics after the run")


def samples(families: dict[str, list], name: str, **labels: str) -> list:
    family = next((samples for fam, samples in families.items() if name == fam or name.startswith(fam + "_")), [])
    return [s for s in family if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())]


def total(families: dict[str, list], name: str, **labels: str) -> float:
    return sum(s.value for s in samples(families, name, **labels))


def test_articles_events_yield_types_and_coding_time_per_source_and_language(scraped):
    _, families = scraped
    for lang in ("en", "ar"):
        per = {"source": SOURCE_NAME, "lang": lang}
        articles = total(families, "eventwire_articles_total", **per)
        assert articles >= 1, lang
        events = total(families, "eventwire_events_extracted_total", **per)
        assert events >= articles, f"{lang}: every verifiable article codes at least one event"
        assert total(families, "eventwire_events_per_article_count", **per) == articles
        assert total(families, "eventwire_events_per_article_sum", **per) == events
        assert total(families, "eventwire_events_by_type_total", **per) == events
        assert total(families, "eventwire_coding_seconds_count", **per) == articles
        assert 0 < total(families, "eventwire_coding_seconds_sum", **per) < articles * 5
    assert total(families, "eventwire_articles_total", source=SOURCE_NAME) == ARTICLES
    types = {s.labels["plover"] for s in samples(families, "eventwire_events_by_type_total")}
    assert types and all(t.isupper() for t in types)


def test_the_bad_message_is_a_dead_letter_by_stage(scraped):
    settings, families = scraped
    letters = samples(families, "eventwire_dead_letters_total", topic=settings.topic_articles_dlq, stage="decode")
    assert [(s.labels["source"], s.labels["lang"], s.value) for s in letters] == [("unknown", "unknown", 1.0)]


def test_bulk_latency_and_consumer_lag_are_there(scraped):
    settings, families = scraped
    assert total(families, "eventwire_sink_bulk_seconds_count") >= 1
    assert total(families, "eventwire_sink_bulk_seconds_sum") > 0
    lag = samples(families, "eventwire_consumer_lag")
    consumed = {settings.topic_articles, settings.topic_events}
    if settings.incidents_enabled:  # the incidents agent reads the evidence topic in the same group
        consumed.add(settings.topic_incident_evidence)
    assert {s.labels["topic"] for s in lag} == consumed
    assert {s.labels["partition"] for s in lag} == {str(p) for p in range(settings.partitions)}
    assert all(s.value == 0 for s in lag), "drained before the scrape"


def test_every_metric_the_dashboard_charts_has_samples(scraped):
    _, families = scraped
    queried = {name for panel in json.loads(DASHBOARD.read_text())["panels"] for target in panel["targets"]
               for name in re.findall(r"\beventwire_[a-z0-9_]+", target["expr"])}
    # Nothing was resent or rejected in this run: those two counters have no sample yet.
    idle = {"eventwire_sink_retried_total", "eventwire_sink_rejected_total"}
    missing = sorted(name for name in queried - idle if not samples(families, name))
    assert missing == []

"""The walking skeleton end to end: publish -> Kafka -> Faust worker -> Elasticsearch, for real."""

from __future__ import annotations

import time

import orjson
import pytest

from streams.errors import parse_dead_letter
from streams.extract import load_pipeline
from streams.models import Article

from .helpers import (
    event_docs,
    own_topics_and_indices,
    publish_articles,
    publish_raw,
    read_topic,
    wait_drained,
    wait_until,
    worker_process,
)

WARM_UP = {"id": "warm-up", "lang": "en", "published": "2024-05-02T09:00:00+00:00",
           "text": "Russian President Vladimir Putin spoke by phone with Turkish President Recep Tayyip Erdogan on Thursday."}


@pytest.fixture(scope="module")
def running_worker(services):
    """One worker on topics and indices of its own, warmed up (group joined, pipeline loaded)."""
    from tests.conftest import unique_settings

    from streams.ops.workers import free_port

    settings = unique_settings(services, "e2e").with_overrides(worker_web_port=free_port())
    with own_topics_and_indices(settings), worker_process(settings, "e2e-" + settings.app_id):
        publish_articles(settings, [WARM_UP])
        wait_until(lambda: event_docs(settings, "warm-up"), 90, 0.5, "the warm-up article's events")
        yield settings


def test_seed_story_is_searchable_within_30_seconds(running_worker, seed_article_bytes):
    settings = running_worker
    article = orjson.loads(seed_article_bytes)
    offline = load_pipeline().run(Article.from_dict(article))
    assert offline.events, "the offline pipeline finds events in the seed story"

    started = time.monotonic()
    publish_raw(settings, [(article["id"].encode(), seed_article_bytes)])
    docs = wait_until(
        lambda: (d := event_docs(settings, article["id"])) and len(d) >= len(offline.events) and d,
        30, 0.1, "the seed story's events in Elasticsearch",
    )
    elapsed = time.monotonic() - started
    print(f"publish-to-searchable for the seed story: {elapsed:.2f}s")

    assert sorted(d["event_id"] for d in docs) == sorted(e.event_id for e in offline.events)
    calls = [d for d in docs if d["event"]["plover"] == "CONSULT" and d["event"]["mode"] == "phone"]
    assert calls, "the telephone call between the two presidents"
    codes = {a["code"] for d in calls for a in d["source_actor"] + d["target_actor"]}
    assert {"RUSGOV", "TURGOV"} <= codes


def test_publishing_twice_gives_the_same_documents(running_worker, seed_article_bytes):
    settings = running_worker
    key = b"seed-putin-erdogan-call"
    publish_raw(settings, [(key, seed_article_bytes)])
    wait_drained(settings)
    before = sorted(d["event_id"] for d in event_docs(settings, "seed-putin-erdogan-call"))
    publish_raw(settings, [(key, seed_article_bytes), (key, seed_article_bytes)])
    wait_drained(settings)
    after = sorted(d["event_id"] for d in event_docs(settings, "seed-putin-erdogan-call"))
    assert before and after == before


def test_bad_messages_become_dead_letters_and_the_worker_keeps_going(running_worker):
    settings = running_worker
    malformed = b'{"id": "broken", "text": '
    schema_invalid = orjson.dumps({"id": "no-text-here", "title": "missing text"})
    good = {"id": "after-the-bad-ones", "lang": "en", "published": "2024-05-03T09:00:00+00:00",
            "text": "Turkish President Recep Tayyip Erdogan held talks with Russian President Vladimir Putin in Moscow on Friday."}
    publish_raw(settings, [(b"broken", malformed), (b"no-text-here", schema_invalid)])
    publish_articles(settings, [good])

    wait_until(lambda: event_docs(settings, good["id"]), 30, 0.2, "the good article after the bad ones")
    records = read_topic(settings, settings.topic_articles_dlq, expected=2)
    letters = {r.key: parse_dead_letter(r.key, r.value, r.headers) for r in records}
    assert set(letters) == {b"broken", b"no-text-here"}
    broken, invalid = letters[b"broken"], letters[b"no-text-here"]
    assert broken.stage == "decode" and "JSON" in broken.reason and broken.original == malformed
    assert invalid.stage == "validate" and "text" in invalid.reason and invalid.original == schema_invalid
    for letter in letters.values():
        assert letter.topic == settings.topic_articles and letter.partition is not None and letter.offset is not None


def test_worker_reports_readiness_and_metrics_over_http(running_worker):
    import urllib.request

    settings = running_worker
    base = f"http://127.0.0.1:{settings.worker_web_port}"
    with urllib.request.urlopen(base + "/ready", timeout=30) as response:
        body = orjson.loads(response.read())
    assert response.status == 200 and body["ready"] is True
    assert set(body["checks"]) == {"kafka", "elasticsearch", "consumer_lag"}
    assert any(name.startswith(settings.topic_articles + "[") for name in body["assigned"])
    with urllib.request.urlopen(base + "/metrics", timeout=30) as response:
        metrics = response.read().decode()
    assert "eventwire_articles_total" in metrics and "eventwire_docs_confirmed_total" in metrics


def test_health_command_summarizes_the_pipeline(running_worker):
    from streams.ops.health import health

    report = health(running_worker)
    assert report.ok, report.checks
    assert report.checks["elasticsearch"]["status"] in {"green", "yellow"}

"""Standing queries on the real stack: stored in Kafka, matched by a running worker as events and
incidents arrive, delivered to a real webhook receiver on 127.0.0.1 and to the alerts topic; a
failing webhook never holds the coding up."""

from __future__ import annotations

import orjson
import pytest
from typer.testing import CliRunner

from streams.cli import app
from tests.receiver import Receiver

from .helpers import (
    event_docs,
    own_topics_and_indices,
    publish_articles,
    read_topic,
    wait_drained,
    wait_until,
    worker_process,
)
from .test_incidents import CALL_AR, CALL_EN_1, CALL_EN_2, UNRELATED


def cli(settings, *args):
    result = CliRunner().invoke(app, list(args), obj=settings, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def receivers():
    with Receiver() as good, Receiver(statuses=(500,)) as broken:
        yield good, broken


@pytest.fixture(scope="module")
def worker(services, receivers):
    from tests.conftest import unique_settings

    good, broken = receivers
    settings = unique_settings(services, "alerts").with_overrides(retry_base_seconds=0.05, retry_cap_seconds=0.2)
    with own_topics_and_indices(settings):
        cli(settings, "alert", "add", "calls-with-turkey", "--query", "type:CONSULT AND country:TUR", "--to", good.url,
            "--modality", "asserted")
        cli(settings, "alert", "add", "strikes", "--query", "type:ASSAULT", "--to", broken.url)
        cli(settings, "alert", "add", "phone surge", "--query", "type:CONSULT AND mode:phone", "--to", good.url,
            "--surge", "3")
        cli(settings, "alert", "add", "doomed", "--query", "type:COERCE", "--to", "topic")
        cli(settings, "alert", "remove", "doomed")
        with worker_process(settings, "alerts-" + settings.app_id, web_port=0):
            yield settings


def test_the_queries_are_listed(worker):
    rows = orjson.loads(cli(worker, "alert", "list", "--json"))
    assert sorted(r["name"] for r in rows) == ["calls-with-turkey", "phone surge", "strikes"]
    assert next(r for r in rows if r["name"] == "phone surge")["surge"] == 3


def test_events_and_surges_reach_the_webhook_and_a_failing_one_blocks_nothing(worker, receivers):
    settings = worker
    good, broken = receivers
    publish_articles(settings, [UNRELATED, CALL_EN_1])
    wait_until(lambda: [b for b in good.bodies if b["kind"] == "event"], 90, 0.5, "an event alert at the webhook")
    first = next(b for b in good.bodies if b["kind"] == "event")
    assert first["query"] == "calls-with-turkey" and first["event"]["article_id"] == CALL_EN_1["id"]
    assert "type:CONSULT = CONSULT" in first["why"] and "modality asserted" in first["why"]
    # the strike alerts' webhook answers 500: retried, dropped, and the coding went on regardless
    wait_until(lambda: broken.attempts >= settings.alert_webhook_attempts, 60, 0.5, "the broken webhook's retries")
    assert event_docs(settings, UNRELATED["id"]) and not broken.bodies

    publish_articles(settings, [CALL_EN_2, CALL_AR])
    surge = wait_until(lambda: [b for b in good.bodies if b["kind"] == "surge"], 90, 0.5, "the surge alert")
    assert len(surge) == 1 and surge[0]["incident"]["num_sources"] == 3
    assert surge[0]["why"][-1].endswith("-> 3 reached the surge threshold 3")

    wait_drained(settings, 60)
    on_topic = [orjson.loads(r.value) for r in read_topic(settings, settings.topic_alerts, 4, timeout=30)]
    kinds = sorted((a["query"], a["kind"]) for a in on_topic)
    assert ("phone surge", "surge") in kinds and ("strikes", "event") in kinds and ("calls-with-turkey", "event") in kinds
    assert all(a["query"] != "doomed" for a in on_topic)
    output = cli(settings, "alert", "tail", "-n", "50", "--json")
    assert {orjson.loads(line)["alert_id"] for line in output.splitlines()} == {a["alert_id"] for a in on_topic}


def test_republishing_raises_no_new_surge(worker, receivers):
    settings = worker
    good, _ = receivers
    surges = len([b for b in good.bodies if b["kind"] == "surge"])
    publish_articles(settings, [CALL_EN_1, CALL_EN_2, CALL_AR])
    wait_drained(settings, 60)
    assert len([b for b in good.bodies if b["kind"] == "surge"]) == surges

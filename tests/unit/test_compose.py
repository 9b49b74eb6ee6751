"""docker-compose.yml stays in step with the local stack: same variables, topics and images."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from streams.config import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def eventwire_env() -> dict[str, str]:
    return COMPOSE["services"]["worker"]["environment"]


def test_every_eventwire_variable_is_a_setting():
    fields = {f"EVENTWIRE_{name.upper()}" for name in Settings.model_fields}
    unknown = set(eventwire_env()) - fields
    assert not unknown, f"compose sets variables the Settings object does not read: {unknown}"


def test_topics_and_aliases_match_the_defaults():
    env, defaults = eventwire_env(), Settings()
    assert env["EVENTWIRE_TOPIC_ARTICLES"] == defaults.topic_articles
    assert env["EVENTWIRE_TOPIC_EVENTS"] == defaults.topic_events
    assert env["EVENTWIRE_TOPIC_ARTICLES_DLQ"] == defaults.topic_articles_dlq
    assert env["EVENTWIRE_TOPIC_EVENTS_DLQ"] == defaults.topic_events_dlq
    assert env["EVENTWIRE_EVENTS_ALIAS"] == defaults.events_alias
    assert env["EVENTWIRE_ARTICLES_ALIAS"] == defaults.articles_alias
    assert env["EVENTWIRE_INCIDENTS_ALIAS"] == defaults.incidents_alias
    assert env["EVENTWIRE_TOPIC_INCIDENT_EVIDENCE"] == defaults.topic_incident_evidence
    assert env["EVENTWIRE_TOPIC_INCIDENT_STATE"] == defaults.topic_incident_state
    assert env["EVENTWIRE_TOPIC_ALERT_QUERIES"] == defaults.topic_alert_queries
    assert env["EVENTWIRE_TOPIC_ALERTS"] == defaults.topic_alerts


def test_server_versions_match_the_local_stack():
    defaults = Settings()
    env_example = dict(
        line.split("=", 1) for line in (ROOT / "deploy/env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert env_example["ES_VERSION"] == defaults.es_version
    assert env_example["KAFKA_VERSION"] == defaults.kafka_version
    assert defaults.es_version in COMPOSE["services"]["elasticsearch"]["image"]
    assert COMPOSE["services"]["kibana"]["image"].split(":")[0].endswith("kibana")


def test_security_is_on_and_no_password_is_committed():
    es_env = COMPOSE["services"]["elasticsearch"]["environment"]
    assert es_env["xpack.security.enabled"] == "true"
    assert "${ELASTIC_PASSWORD" in es_env["ELASTIC_PASSWORD"]
    assert ".env" in (ROOT / ".gitignore").read_text().split()


def test_ports_are_published_on_loopback_only():
    for name, service in COMPOSE["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"


@pytest.mark.skipif(
    not shutil.which("docker") or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode,
    reason="the docker compose plugin is not installed",
)
def test_docker_compose_config_accepts_the_file():
    result = subprocess.run(
        ["docker", "compose", "-f", str(ROOT / "docker-compose.yml"), "--env-file", str(ROOT / "deploy/env.example"),
         "config", "--quiet"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr

"""docker-compose.yml stays in step with the local stack (same variables, topics and images), passes the
Compose loader, and every `eventwire` command in it and in the README's code blocks parses."""

from __future__ import annotations

import re

import pytest
from tests.unit.compose_support import (
    COMPOSE,
    DEPLOYMENT_FIELDS,
    ROOT,
    SHELL_ENTRYPOINTS,
    assert_command_parses,
    compose_commands,
    compose_config,
    readme_commands,
    resolve_run,
)

from streams.config import Settings


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


def test_docker_compose_config_accepts_the_file():
    """The Compose Specification's own loader (schema, interpolation, merge) accepts the file."""
    project = compose_config()
    assert set(project["services"]) >= {"kafka", "elasticsearch", "kibana", "setup", "kibana-objects", "worker", "cli"}


def test_the_compose_settings_are_the_documented_defaults():
    """Only endpoints, credentials and log level differ from the defaults of `Settings` (and the README)."""
    defaults = Settings()
    for name, value in eventwire_env().items():
        field = name.removeprefix("EVENTWIRE_").lower()
        if field in DEPLOYMENT_FIELDS:
            continue
        default = getattr(defaults, field)
        resolved = re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(value))  # ${VAR:-default} -> default
        assert resolved == str(default), f"{name}: compose {value!r}, default {default!r}"


def test_the_worker_has_a_healthcheck_on_ready():
    worker = COMPOSE["services"]["worker"]
    test = " ".join(worker["healthcheck"]["test"])
    assert "/ready" in test and "EVENTWIRE_WORKER_WEB_PORT" in test
    for name in ("setup", "kibana-objects", "cli"):  # one-shot: the image's HEALTHCHECK would never pass
        assert COMPOSE["services"][name]["healthcheck"] == {"disable": True}, name


def test_shell_entrypoints_get_one_string():
    """`sh -c` runs its first argument; the rest become $0, $1... and are silently dropped."""
    for name, service in COMPOSE["services"].items():
        if service.get("entrypoint") in SHELL_ENTRYPOINTS:
            command = service.get("command")
            assert isinstance(command, list) and len(command) == 1, f"{name}: {command!r}"


@pytest.mark.parametrize("argv", compose_commands(), ids=" ".join)
def test_every_eventwire_command_in_the_compose_file_parses(argv):
    assert_command_parses(argv)


@pytest.mark.parametrize("argv", readme_commands(), ids=" ".join)
def test_every_eventwire_command_in_the_readme_parses(argv):
    assert_command_parses(argv)


def test_the_command_finders_see_what_they_should():
    compose = {" ".join(argv) for argv in compose_commands()}
    assert {"setup", "kibana import --wait 180", "worker"} <= compose
    readme = [argv for argv in readme_commands()]
    assert len(readme) >= 15 and ["publish", "samples/"] in readme  # the docker compose one, resolved
    broken = resolve_run(["run", "--rm", "setup", "eventwire", "publish", "samples/"])
    assert broken is None  # sh -c with three arguments: not a command that runs

"""Kafka with SASL/SCRAM-SHA-512 on, for real: the pipeline's producer and a worker authenticate,
the events arrive; a wrong password is refused; and no secret reaches a log or `eventwire settings`.

A second, throw-away broker is started for this module (its own state directory and ports; the
default stack is left alone): a SASL_PLAINTEXT listener for clients, a loopback PLAINTEXT listener
for the node's own traffic, and a SCRAM user written into the storage at format time.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from pydantic import SecretStr

from streams.config import Settings
from streams.ops.workers import free_port
from tests.integration.helpers import worker_round_trip

USER = "eventwire-app"
PASSWORD = "scram-pass-5b1f0c3e9d"  # also the marker searched for in logs
ES_PASSWORD_MARKER = "es-pass-marker-77a1d4"
MECHANISM = "SCRAM-SHA-512"


def render_sasl_properties(client_port: int, internal_port: int, controller_port: int, data: Path) -> str:
    properties = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@127.0.0.1:{controller_port}",
        "listeners": f"SASL_PLAINTEXT://127.0.0.1:{client_port},INTERNAL://127.0.0.1:{internal_port},"
                     f"CONTROLLER://127.0.0.1:{controller_port}",
        "advertised.listeners": f"SASL_PLAINTEXT://127.0.0.1:{client_port},INTERNAL://127.0.0.1:{internal_port}",
        "listener.security.protocol.map": "SASL_PLAINTEXT:SASL_PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "INTERNAL",
        "sasl.enabled.mechanisms": MECHANISM,
        "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config":
            "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "log.dirs": str(data),
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        "auto.create.topics.enable": "false",
        "num.network.threads": "2",
        "num.io.threads": "2",
    }
    return "".join(f"{key}={value}\n" for key, value in properties.items())


@pytest.fixture(scope="module")
def sasl_broker(services, tmp_path_factory):
    """A one-node SCRAM broker on free ports; yields (client bootstrap address, broker log path)."""
    from streams.stack import kafka
    from streams.stack.common import find_jdk, is_alive, port_open, spawn, tail, terminate, wait_until

    home = tmp_path_factory.mktemp("sasl-kafka")
    client_port, internal_port, controller_port = free_port(), free_port(), free_port()
    config = home / "server.properties"
    config.write_text(render_sasl_properties(client_port, internal_port, controller_port, home / "data"))
    log4j = home / "log4j2.properties"
    log4j.write_text(kafka.render_log4j2_properties(home / "logs"))
    jdk = find_jdk("kafka", kafka.JAVA_MINIMUM, kafka.JAVA_PREFERRED)
    libs = kafka.resolve_libs(services)
    base = kafka.jvm_command(jdk.java, libs, log4j, home / "logs")
    base[1:3] = ["-Xms256m", "-Xmx256m"]
    formatted = subprocess.run(
        base + [kafka.STORAGE_TOOL, "format", "-t", kafka.new_cluster_id(), "-c", str(config),
                "--add-scram", f"{MECHANISM}=[name={USER},password={PASSWORD}]"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    pid = spawn(base + [kafka.MAIN_CLASS, str(config)], log_file=home / "logs" / "console.log",
                pid_file=home / "kafka.pid", cwd=home)
    try:
        up = wait_until(lambda: port_open("127.0.0.1", client_port), timeout=90, interval=0.5,
                        still_worth_waiting=lambda: is_alive(pid))
        assert up, tail(home / "logs" / "server.log")
        time.sleep(2)  # the listener accepts before the node has finished joining its own quorum
        yield f"127.0.0.1:{client_port}", home / "logs" / "server.log"
    finally:
        terminate(pid, timeout=20)


def sasl_settings(services: Settings, bootstrap: str, password: str = PASSWORD) -> Settings:
    from streams.ops.isolation import isolated_settings

    return isolated_settings(services, "sasl-", partitions=1).with_overrides(
        kafka_bootstrap=bootstrap,
        kafka_security_protocol="SASL_PLAINTEXT",
        kafka_sasl_mechanism=MECHANISM,
        kafka_sasl_username=USER,
        kafka_sasl_password=SecretStr(password),  # model_copy does not validate: wrap it ourselves
        # Elasticsearch here runs without security and ignores credentials; the marker is only
        # there to prove the worker never prints it.
        es_username="elastic",
        es_password=SecretStr(ES_PASSWORD_MARKER),
    )


def test_the_pipeline_runs_through_the_sasl_listener(services, sasl_broker):
    from streams.ops.isolation import drop_indices
    from streams.setup import prepare

    settings = sasl_settings(services, sasl_broker[0])
    assert settings.kafka_sasl_password.get_secret_value() == PASSWORD
    prepare(settings)  # topics created over SASL
    try:
        trip = worker_round_trip(settings, 20)
    finally:
        drop_indices(settings)
    verification = trip.verification
    assert verification.indexed == 20 and verification.missing == []
    assert verification.event_docs > 0, "the events arrived through the authenticated worker"
    assert verification.duplicate_docs == 0
    for secret in (PASSWORD, ES_PASSWORD_MARKER):
        assert secret not in trip.log, "a secret was written to the worker log"
    trip.log_path.unlink(missing_ok=True)


def test_a_wrong_password_is_refused(services, sasl_broker):
    from kafka.errors import KafkaError

    from streams.kafka import admin_client

    bootstrap, broker_log = sasl_broker
    refusals_before = broker_log.read_text(errors="replace").count("invalid credentials")
    settings = sasl_settings(services, bootstrap, password="not-the-password")
    with pytest.raises((KafkaError, OSError)):
        admin = admin_client(settings, request_timeout_ms=8_000)
        try:
            admin.list_topics()
        finally:
            admin.close()
    # The client only sees the connection closed; the broker says why.
    refusals = broker_log.read_text(errors="replace").count("invalid credentials") - refusals_before
    assert refusals >= 1
    assert "not-the-password" not in broker_log.read_text(errors="replace")


def test_no_plaintext_client_gets_in(services, sasl_broker):
    from kafka.errors import KafkaConfigurationError, KafkaError

    from streams.kafka import admin_client

    settings = services.with_overrides(kafka_bootstrap=sasl_broker[0])  # PLAINTEXT against the SASL port
    with pytest.raises((KafkaError, OSError)) as refusal:
        admin = admin_client(settings, request_timeout_ms=5_000, bootstrap_timeout_ms=5_000)
        try:
            admin.list_topics()
        finally:
            admin.close()
    assert not isinstance(refusal.value, KafkaConfigurationError), refusal.value  # a real refusal, not a typo


def test_eventwire_settings_masks_every_secret(services):
    import sys

    from streams.ops.workers import settings_env

    settings = sasl_settings(services, "127.0.0.1:1").with_overrides(es_api_key=SecretStr("api-key-marker-0c9e"))
    result = subprocess.run([sys.executable, "-m", "streams.cli", "settings"], env=settings_env(settings),
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "kafka_sasl_username = eventwire-app" in output  # the real settings were printed ...
    for secret in (PASSWORD, ES_PASSWORD_MARKER, "api-key-marker-0c9e"):
        assert secret not in output  # ... with the secrets masked
    assert "kafka_sasl_password = **********" in output

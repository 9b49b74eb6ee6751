"""Kafka over SASL_SSL (SCRAM-SHA-512 inside TLS), for real, configured only through Settings.

A throw-away broker is started for this module on free ports: the SCRAM broker of
`test_security_sasl` with its client listener switched to SASL_SSL and a PEM keystore holding a
server certificate from a throw-away CA. The project's producer and a real worker go through it
(Elasticsearch is the shared plain-HTTP node, with unique aliases); clients that do not trust that
CA are refused; no secret reaches the worker's log.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from pydantic import SecretStr

from streams.config import Settings
from streams.ops.workers import free_port
from streams.stack.common import wait_until
from tests.integration.helpers import worker_round_trip
from tests.integration.test_security_sasl import MECHANISM, render_sasl_properties
from tests.integration.tls_support import Pki, make_pki, throwaway_kafka, write_pem

USER = "eventwire-tls-app"
PASSWORD = "scram-tls-pass-3e8a61c0f2"  # also the marker searched for in logs
ES_PASSWORD_MARKER = "es-tls-pass-marker-b40c19"


def render_sasl_ssl_properties(
    client_port: int, internal_port: int, controller_port: int, home: Path, keystore: Path
) -> str:
    """The SASL test's broker, its client listener (and that listener's JAAS key) moved to SASL_SSL."""
    plain = render_sasl_properties(client_port, internal_port, controller_port, home / "data")
    switched = plain.replace("SASL_PLAINTEXT", "SASL_SSL").replace("listener.name.sasl_plaintext.", "listener.name.sasl_ssl.")
    assert "SASL_PLAINTEXT" not in switched and "sasl_plaintext" not in switched
    # An unencrypted PKCS#8 key plus the chain in one PEM file: no keystore password to manage.
    return switched + f"ssl.keystore.type=PEM\nssl.keystore.location={keystore}\nssl.client.auth=none\n"


@pytest.fixture(scope="module")
def workdir():
    """Certificates, broker data and logs; removed with everything in it when the module ends."""
    with tempfile.TemporaryDirectory(prefix="eventwire-kafka-tls-") as name:
        yield Path(name)


@pytest.fixture(scope="module")
def pki(workdir) -> Pki:
    return make_pki(workdir / "pki")


@pytest.fixture(scope="module")
def sasl_ssl_broker(services, pki, workdir):
    """Yields (bootstrap address, broker server.log)."""
    home = workdir / "broker"
    home.mkdir()
    keystore = write_pem(home, "broker-keystore.pem", pki.server_key_and_chain)
    client_port, internal_port, controller_port = free_port(), free_port(), free_port()
    properties = render_sasl_ssl_properties(client_port, internal_port, controller_port, home, keystore)
    with throwaway_kafka(services, home, properties, scram=(MECHANISM, USER, PASSWORD),
                         client_port=client_port) as server_log:
        yield f"127.0.0.1:{client_port}", server_log


def sasl_ssl_settings(services: Settings, bootstrap: str, cafile, password: str = PASSWORD) -> Settings:
    from streams.ops.isolation import isolated_settings

    return isolated_settings(services, "tls-", partitions=1).with_overrides(
        kafka_bootstrap=bootstrap,
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_mechanism=MECHANISM,
        kafka_sasl_username=USER,
        kafka_sasl_password=SecretStr(password),  # model_copy does not validate: wrap it ourselves
        kafka_ssl_cafile=str(cafile) if cafile else None,
        # The shared Elasticsearch runs without security and ignores these; the marker only proves
        # the worker never prints it.
        es_username="elastic",
        es_password=SecretStr(ES_PASSWORD_MARKER),
    )


def list_topics(settings: Settings, **overrides) -> set[str]:
    from streams.kafka import admin_client

    admin = admin_client(settings, request_timeout_ms=8_000, **overrides)
    try:
        return set(admin.list_topics())
    finally:
        admin.close()


def test_the_pipeline_runs_through_the_sasl_ssl_listener(services, sasl_ssl_broker, pki):
    from streams.ops.isolation import drop_indices
    from streams.setup import prepare

    settings = sasl_ssl_settings(services, sasl_ssl_broker[0], pki.ca_cert)
    prepare(settings)  # topics created through the TLS listener by the kafka-python admin
    assert set(settings.all_topics()) <= list_topics(settings)
    try:
        # `streams.kafka.producer(settings)` (acks=all, idempotent), every send awaited.
        trip = worker_round_trip(settings, 12)
    finally:
        drop_indices(settings)
    verification = trip.verification
    assert trip.sent == 12
    assert verification.indexed == 12 and verification.missing == []
    assert verification.event_docs > 0, "the events went through the worker over SASL_SSL"
    assert verification.duplicate_docs == 0
    assert trip.log.strip(), "the worker wrote a log (else the secret check below proves nothing)"
    for secret in (PASSWORD, ES_PASSWORD_MARKER):
        assert secret not in trip.log, "a secret was written to the worker log"
    trip.log_path.unlink(missing_ok=True)


def refused_by_broker(settings: Settings, broker_log: Path, why: str) -> None:
    """The kafka-python admin cannot list topics, and the broker's log says `why` (the client side
    only sees a closed connection or no usable broker)."""
    from kafka.errors import KafkaConfigurationError, KafkaError

    before = broker_log.read_text(errors="replace").count(why)
    with pytest.raises((KafkaError, OSError)) as refusal:
        list_topics(settings, bootstrap_timeout_ms=6_000)
    assert not isinstance(refusal.value, KafkaConfigurationError), refusal.value  # a real refusal, not a typo
    assert wait_until(lambda: broker_log.read_text(errors="replace").count(why) > before, timeout=10, interval=0.2)


def test_a_client_trusting_another_ca_is_refused(services, sasl_ssl_broker, pki):
    bootstrap, broker_log = sasl_ssl_broker
    settings = sasl_ssl_settings(services, bootstrap, pki.other_ca_cert)
    refused_by_broker(settings, broker_log, "SSL handshake failed")


def test_a_client_with_no_ca_file_is_refused(services, sasl_ssl_broker):
    """Without `kafka_ssl_cafile` only the system's trust store applies; our CA is not in it."""
    bootstrap, broker_log = sasl_ssl_broker
    settings = sasl_ssl_settings(services, bootstrap, None)
    assert "ssl_cafile" not in settings.kafka_client_kwargs()
    refused_by_broker(settings, broker_log, "SSL handshake failed")


def test_the_right_ca_but_a_wrong_password_is_refused(services, sasl_ssl_broker, pki):
    bootstrap, broker_log = sasl_ssl_broker
    settings = sasl_ssl_settings(services, bootstrap, pki.ca_cert, password="not-the-tls-password")
    refused_by_broker(settings, broker_log, "invalid credentials")
    assert "not-the-tls-password" not in broker_log.read_text(errors="replace")


def test_the_faust_credentials_verify_the_broker(services, sasl_ssl_broker, pki, caplog):
    """The worker's aiokafka side: the SASLCredentials' TLS context trusts exactly the given CA."""
    import asyncio

    from aiokafka.admin import AIOKafkaAdminClient
    from aiokafka.errors import KafkaConnectionError

    from streams.app.faust_app import faust_credentials

    bootstrap = sasl_ssl_broker[0]

    async def topics_with(cafile) -> list[str]:
        credentials = faust_credentials(sasl_ssl_settings(services, bootstrap, cafile))
        assert credentials.protocol.value == "SASL_SSL"
        admin = AIOKafkaAdminClient(
            bootstrap_servers=bootstrap, security_protocol="SASL_SSL", ssl_context=credentials.ssl_context,
            sasl_mechanism=credentials.mechanism.value, sasl_plain_username=credentials.username,
            sasl_plain_password=credentials.password, request_timeout_ms=8_000,
        )
        await admin.start()
        try:
            return await admin.list_topics()
        finally:
            await admin.close()

    assert isinstance(asyncio.run(topics_with(pki.ca_cert)), list)
    caplog.clear()
    with pytest.raises(KafkaConnectionError):
        asyncio.run(topics_with(pki.other_ca_cert))
    assert "CERTIFICATE_VERIFY_FAILED" in caplog.text  # refused by our side's verification, not by chance

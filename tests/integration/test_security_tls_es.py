"""Elasticsearch with security on, for real: HTTPS verified against a throw-away CA, basic auth and
an API key, all through Settings.

A second node (the cached integ-test-zip, 512 MB heap) is started for this module on free ports with
`xpack.security` and HTTP TLS on and a bootstrap password for `elastic`; the shared node on 9200 is
left alone. Index set-up and a BulkWriter write + search go through `Settings.es_client_kwargs()`;
a client trusting another CA fails the TLS handshake; a wrong password gets 401.
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from pathlib import Path

import pytest
from pydantic import SecretStr

from streams.config import Settings
from streams.ops.isolation import isolated_aliases
from tests.integration.tls_support import make_pki, throwaway_secure_elasticsearch

ELASTIC_PASSWORD = "es-tls-elastic-pass-91d2c7"


@pytest.fixture(scope="module")
def pki():
    with tempfile.TemporaryDirectory(prefix="eventwire-es-pki-") as name:
        yield make_pki(Path(name))


@pytest.fixture(scope="module")
def secure_node(services, pki):
    with throwaway_secure_elasticsearch(services, pki, ELASTIC_PASSWORD) as node:
        yield node


def tls_settings(services: Settings, node, cafile, **auth) -> Settings:
    tag = f"tls-{uuid.uuid4().hex[:8]}"
    return services.with_overrides(
        es_url=node.url, es_ca_certs=str(cafile), **isolated_aliases(tag), **auth
    )


def basic_auth(password: str = ELASTIC_PASSWORD) -> dict:
    return {"es_username": "elastic", "es_password": SecretStr(password)}


async def init_write_and_search(settings: Settings) -> dict:
    """`eventwire index init`'s logic, a BulkWriter write of one event and one article, then a search."""
    from elasticsearch import AsyncElasticsearch

    from streams.sink.admin import delete_indices_and_templates, init_indices
    from streams.sink.documents import event_item
    from streams.sink.elastic import BulkWriter
    from tests.synthetic_events import synthetic_event

    client = AsyncElasticsearch(**settings.es_client_kwargs())
    try:
        report = await init_indices(client, settings)
        writer = BulkWriter(client, settings)
        events = [synthetic_event(n, article_id=f"tls-{uuid.uuid4().hex[:8]}") for n in range(3)]
        rejections = await writer.write([event_item(event.to_doc()) for event in events])
        await client.indices.refresh(index=settings.events_alias)
        ids = [event.to_doc()["event_id"] for event in events]
        found = await client.search(index=settings.events_alias, query={"ids": {"values": ids}})
        await delete_indices_and_templates(client, settings)
        return {"report": report, "rejections": rejections, "hits": found["hits"]["total"]["value"]}
    finally:
        await client.close()


def test_basic_auth_over_verified_tls(services, secure_node, pki):
    settings = tls_settings(services, secure_node, pki.ca_cert, **basic_auth())
    kwargs = settings.es_client_kwargs()
    assert kwargs["hosts"] == [secure_node.url] and kwargs["ca_certs"] == str(pki.ca_cert) and kwargs["verify_certs"]
    outcome = asyncio.run(init_write_and_search(settings))
    assert set(outcome["report"]["indices"].values()) == {"created"}
    assert outcome["rejections"] == []
    assert outcome["hits"] == 3


def test_an_unknown_api_key_gets_401(services, secure_node, pki):
    """The key from `es_api_key` is what reaches the node (and basic auth is not sent beside it)."""
    from base64 import b64encode

    from elasticsearch import AuthenticationException, Elasticsearch

    made_up = b64encode(b"no-such-id:no-such-secret-7f3a").decode()
    settings = tls_settings(services, secure_node, pki.ca_cert, es_api_key=SecretStr(made_up), **basic_auth())
    assert settings.es_client_kwargs()["api_key"] == made_up and "basic_auth" not in settings.es_client_kwargs()
    client = Elasticsearch(**settings.es_client_kwargs())
    try:
        with pytest.raises(AuthenticationException) as refusal:
            client.cluster.health()
        assert refusal.value.meta.status == 401
    finally:
        client.close()


def test_a_client_trusting_another_ca_fails_the_handshake(services, secure_node, pki):
    from elasticsearch import Elasticsearch
    from elastic_transport import TlsError

    client = Elasticsearch(
        **tls_settings(services, secure_node, pki.other_ca_cert, **basic_auth()).es_client_kwargs(),
        max_retries=0, request_timeout=10,
    )
    try:
        with pytest.raises(TlsError) as refusal:
            client.cluster.health()
        underlying = " ".join(repr(error) for error in (*refusal.value.errors, refusal.value.__cause__))
        assert "CERTIFICATE_VERIFY_FAILED" in underlying, underlying  # our verification said no, not a timeout
    finally:
        client.close()


def test_a_wrong_password_gets_401(services, secure_node, pki):
    from elasticsearch import AuthenticationException, Elasticsearch

    client = Elasticsearch(**tls_settings(services, secure_node, pki.ca_cert, **basic_auth("wrong-pass")).es_client_kwargs())
    try:
        with pytest.raises(AuthenticationException) as refusal:
            client.cluster.health()
        assert refusal.value.meta.status == 401
    finally:
        client.close()


def test_plain_http_is_not_served(services, secure_node):
    from elasticsearch import Elasticsearch
    from elastic_transport import TransportError

    client = Elasticsearch(
        **services.with_overrides(es_url=secure_node.url.replace("https://", "http://"), **basic_auth()).es_client_kwargs(),
        max_retries=0, request_timeout=10,
    )
    try:
        with pytest.raises(TransportError):
            client.cluster.health()
    finally:
        client.close()


def test_a_worker_indexes_through_https_with_basic_auth(services, secure_node, pki):
    """The real worker (shared plain Kafka in, the secured node out), configured only by Settings;
    the `elastic` password never reaches its log."""
    from streams.app.topics import delete_topics
    from streams.ops.isolation import isolated_settings
    from streams.setup import prepare
    from tests.integration.helpers import worker_round_trip

    settings = isolated_settings(services, "estls-", partitions=1).with_overrides(
        es_url=secure_node.url, es_ca_certs=str(pki.ca_cert), **basic_auth()
    )
    prepare(settings)  # topics on the shared broker, indices on the secured node
    try:
        trip = worker_round_trip(settings, 6, timeout=90)
    finally:
        delete_topics(settings, settings.all_topics())
    verification = trip.verification
    assert verification.indexed == 6 and verification.missing == []
    assert verification.event_docs > 0 and verification.duplicate_docs == 0
    assert trip.log.strip(), "the worker wrote a log (else the secret check below proves nothing)"
    assert ELASTIC_PASSWORD not in trip.log, "the Elasticsearch password was written to the worker log"
    trip.log_path.unlink(missing_ok=True)

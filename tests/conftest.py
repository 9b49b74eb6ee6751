"""Shared fixtures. Integration tests talk to the real Kafka and Elasticsearch (never mocks).

With CI=true a missing service FAILS the integration tests instead of skipping them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from streams.config import Settings
from streams.ops.isolation import drop_everything, isolated_settings

FIXTURES = Path(__file__).parent / "fixtures"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


def _kafka_problem(settings: Settings) -> str | None:
    try:
        from streams.kafka import admin_client

        admin = admin_client(settings, request_timeout_ms=5000)
        admin.list_topics()
        admin.close()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"Kafka at {settings.kafka_bootstrap}: {type(exc).__name__}: {exc}"


def _es_problem(settings: Settings) -> str | None:
    try:
        from elasticsearch import Elasticsearch

        client = Elasticsearch(**settings.es_client_kwargs(), request_timeout=5)
        health = client.cluster.health(wait_for_status="yellow", timeout="5s")
        client.close()
        if health["status"] not in {"yellow", "green"}:
            return f"Elasticsearch health is {health['status']}"
        return None
    except Exception as exc:  # noqa: BLE001
        return f"Elasticsearch at {settings.es_url}: {type(exc).__name__}: {exc}"


@pytest.fixture(scope="session")
def base_settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def services(base_settings: Settings) -> Settings:
    """The real local services; fail in CI, skip elsewhere, when one is not reachable."""
    problems = [p for p in (_kafka_problem(base_settings), _es_problem(base_settings)) if p]
    if problems:
        message = "integration services unavailable: " + "; ".join(problems)
        if IN_CI:
            pytest.fail(message + " (CI=true: integration tests must not be skipped)")
        pytest.skip(message + " (start them with `eventwire stack up`)")
    return base_settings


def unique_settings(base: Settings, label: str = "t") -> Settings:
    """Topic, alias and consumer-group names of one's own, so tests never see each other's data."""
    return isolated_settings(base, label, partitions=2)


@pytest.fixture
def isolated(services: Settings):
    """Fresh topics and indices for one test; removed afterwards."""
    from streams.setup import prepare

    settings = unique_settings(services)
    prepare(settings)
    yield settings
    drop_everything(settings)


@pytest.fixture(scope="session")
def seed_article_bytes() -> bytes:
    return (FIXTURES / "seed_article.json").read_bytes().strip()

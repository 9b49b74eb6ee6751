"""Elasticsearch-only fixtures for the sink's integration tests (they need no Kafka)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator

import pytest

from streams.config import Settings
from streams.ops.isolation import isolated_aliases

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def es_problem(settings: Settings) -> str | None:
    try:
        from elasticsearch import Elasticsearch

        client = Elasticsearch(**settings.es_client_kwargs(), request_timeout=5)
        try:
            health = client.cluster.health(wait_for_status="yellow", timeout="5s")
        finally:
            client.close()
        return None if health["status"] in {"yellow", "green"} else f"health {health['status']}"
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"{type(exc).__name__}: {exc}"


def unique_es_settings(base: Settings | None = None, **overrides) -> Settings:
    tag = f"t{uuid.uuid4().hex[:10]}"
    return (base or Settings()).with_overrides(**isolated_aliases(tag), **overrides)


@pytest.fixture
def es_settings() -> Iterator[Settings]:
    """Own aliases, templates and indices for one test, deleted afterwards; skip (fail in CI) without ES."""
    yield from own_indices()


def own_indices() -> Iterator[Settings]:
    settings = unique_es_settings(retry_base_seconds=0.05, retry_cap_seconds=0.5)
    problem = es_problem(settings)
    if problem:
        message = f"Elasticsearch at {settings.es_url} unavailable: {problem}"
        if IN_CI:
            pytest.fail(message + " (CI=true: integration tests must not be skipped)")
        pytest.skip(message)
    yield settings
    asyncio.run(_cleanup(settings))


async def _cleanup(settings: Settings) -> None:
    from elasticsearch import AsyncElasticsearch

    from streams.sink.admin import delete_indices_and_templates

    client = AsyncElasticsearch(**settings.es_client_kwargs())
    try:
        await delete_indices_and_templates(client, settings)
    finally:
        await client.close()


def index_all(settings: Settings, items: list) -> None:
    """The indices of `settings` created, `items` bulk-written (every one confirmed) and the aliases
    refreshed, so that searches see them all."""
    from streams.sink.admin import init_indices
    from streams.sink.elastic import BulkWriter

    async def load() -> None:
        client = client_for(settings)
        try:
            await init_indices(client, settings)
            assert await BulkWriter(client, settings).write(items) == []
            await client.indices.refresh(index=[settings.events_alias, settings.articles_alias, settings.incidents_alias])
        finally:
            await client.close()

    asyncio.run(load())


def client_for(settings: Settings):
    from elasticsearch import AsyncElasticsearch

    return AsyncElasticsearch(**settings.es_client_kwargs())

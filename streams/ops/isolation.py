"""Names of one's own for a test, a benchmark or a chaos scenario, and their removal afterwards.

Topics, aliases, index templates and the consumer group all get one unique tag, so runs never see
each other's data and the live pipeline never sees theirs.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from streams.config import Settings


def isolated_settings(base: Settings, label: str = "t", *, partitions: int = 2, **overrides: Any) -> Settings:
    tag = f"{label}{uuid.uuid4().hex[:10]}"
    return base.with_overrides(
        app_id=f"eventwire-{tag}",
        topic_articles=f"{tag}.articles",
        topic_events=f"{tag}.events",
        topic_articles_dlq=f"{tag}.articles.dlq",
        topic_events_dlq=f"{tag}.events.dlq",
        topic_incident_evidence=f"{tag}.incidents.evidence",
        topic_alert_queries=f"{tag}.alerts.queries",
        topic_alerts=f"{tag}.alerts",
        **isolated_aliases(tag),
        partitions=partitions,
        **overrides,
    )


def isolated_aliases(tag: str) -> dict[str, str]:
    """Alias names of one's own for every kind of document (what a test of Elasticsearch alone needs)."""
    return {"events_alias": f"{tag}-events", "articles_alias": f"{tag}-articles", "incidents_alias": f"{tag}-incidents"}


def drop_indices(settings: Settings) -> None:
    """Delete the versioned indices and templates of `settings`' aliases (names, never wildcards)."""
    from streams.sink.admin import delete_indices_and_templates
    from streams.sink.clients import async_client

    async def run() -> None:
        client = async_client(settings)
        try:
            await delete_indices_and_templates(client, settings)
        finally:
            await client.close()

    asyncio.run(run())


def drop_everything(settings: Settings) -> None:
    from streams.app.topics import delete_topics

    delete_topics(settings, settings.all_topics())
    drop_indices(settings)

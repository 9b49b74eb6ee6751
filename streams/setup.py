"""One idempotent set-up step shared by the worker, the demo and docker-compose's setup service."""

from __future__ import annotations

import asyncio
from typing import Any

from streams.config import Settings


def prepare(settings: Settings) -> dict[str, Any]:
    """Create missing topics, then index templates, versioned indices and aliases."""
    from streams.app.topics import ensure_topics

    created = ensure_topics(settings)
    indices = asyncio.run(_init_indices(settings))
    return {"topics_created": created, "indices": indices}


async def _init_indices(settings: Settings) -> Any:
    from streams.sink.admin import init_indices
    from streams.sink.clients import async_client

    client = async_client(settings)
    try:
        return await init_indices(client, settings)
    finally:
        await client.close()

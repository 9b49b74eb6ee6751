"""Elasticsearch clients built from Settings whose TCP connect is bounded by `connect_timeout_seconds`.

elastic-transport has a single total timeout per request (`request_timeout`): a host that drops
packets then holds a command for the whole of it, and a long bulk or search needs that total to be
generous. These node classes keep the total for the request and give the connect its own, shorter
bound, so an unreachable cluster is reported within the connect timeout.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from elastic_transport import AiohttpHttpNode, Urllib3HttpNode

from streams.config import Settings


@lru_cache(maxsize=8)
def _sync_node(connect_seconds: float) -> type:
    import urllib3

    class BoundedConnectUrllib3Node(Urllib3HttpNode):
        def __init__(self, config: Any) -> None:
            super().__init__(config)
            self.pool.timeout = urllib3.Timeout(connect=connect_seconds, read=config.request_timeout)

    return BoundedConnectUrllib3Node


@lru_cache(maxsize=8)
def _async_node(connect_seconds: float) -> type:
    import aiohttp
    import attr  # aiohttp's timeouts are attrs classes; `attr.evolve` is how its docs change one field

    class BoundedConnectAiohttpNode(AiohttpHttpNode):
        def _create_aiohttp_session(self) -> None:
            super()._create_aiohttp_session()
            send = self.session.request

            def request(method: str, url: Any, *, timeout: Any = None, **kwargs: Any) -> Any:
                # The node passes its total timeout with every request; add the connect bound to it.
                if isinstance(timeout, aiohttp.ClientTimeout):
                    timeout = attr.evolve(timeout, sock_connect=connect_seconds)
                return send(method, url, timeout=timeout, **kwargs)

            self.session.request = request  # type: ignore[method-assign]

    return BoundedConnectAiohttpNode


def sync_client(settings: Settings, **overrides: Any):
    from elasticsearch import Elasticsearch

    options = {"node_class": _sync_node(settings.connect_timeout_seconds), **settings.es_client_kwargs(), **overrides}
    return Elasticsearch(**options)


def async_client(settings: Settings, **overrides: Any):
    from elasticsearch import AsyncElasticsearch

    options = {"node_class": _async_node(settings.connect_timeout_seconds), **settings.es_client_kwargs(), **overrides}
    return AsyncElasticsearch(**options)

"""The local stack: Kafka (KRaft) and Elasticsearch for development, demos and CI, one node of each
by default or a small cluster of each (`up(settings, brokers=3, es_nodes=3)`).

    from streams.stack import up, down, status, stop, start, restart
    up(settings)                                   # both, idempotent, waits for health
    up(settings, brokers=3, es_nodes=3)            # three brokers, three Elasticsearch nodes
    stop(settings, "elasticsearch"); start(settings, "elasticsearch", es_extra_settings={...})
    restart(settings, "kafka")

Processes run detached (own session) and are tracked by pid files under `settings.state_path`;
the layout (how many nodes of each) is recorded there too (`streams.stack.layout`), so `status`
and `down` find every node, and stop only what this state directory started.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterable, Mapping

from rich.console import Console

from streams.config import Settings
from streams.stack import elastic, kafka, layout
from streams.stack.common import ComponentStatus, StackError

COMPONENTS: tuple[str, ...] = (kafka.NAME, elastic.NAME)

__all__ = [
    "COMPONENTS",
    "ComponentStatus",
    "StackError",
    "StackFailure",
    "client_environment",
    "down",
    "restart",
    "start",
    "status",
    "stop",
    "up",
]


class StackFailure(RuntimeError):
    """One or more components failed to come up; `errors` holds each component's StackError."""

    def __init__(self, errors: list[StackError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


def _checked(components: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(components))
    unknown = [name for name in chosen if name not in COMPONENTS]
    if unknown:
        raise ValueError(f"unknown component(s) {unknown}; choose from {list(COMPONENTS)}")
    return chosen


def start(
    settings: Settings,
    component: str,
    *,
    es_extra_settings: Mapping[str, Any] | None = None,
    timeout: float | None = None,
    console: Console | None = None,
) -> list[ComponentStatus]:
    """Start one component, every node of the recorded layout (no-op for nodes already running)."""
    _checked([component])
    if component == kafka.NAME:
        return kafka.start(settings, timeout=timeout or 120.0, console=console)
    return elastic.start(settings, extra_settings=es_extra_settings, timeout=timeout or 180.0, console=console)


def stop(settings: Settings, component: str, *, timeout: float | None = None) -> bool:
    """Stop one component's nodes we started. False when none was running (under our pid files)."""
    _checked([component])
    if component == kafka.NAME:
        return kafka.stop(settings, timeout=timeout or 30.0)
    return elastic.stop(settings, timeout=timeout or 60.0)


def restart(
    settings: Settings,
    component: str,
    *,
    es_extra_settings: Mapping[str, Any] | None = None,
    timeout: float | None = None,
    console: Console | None = None,
) -> list[ComponentStatus]:
    stop(settings, component)
    return start(settings, component, es_extra_settings=es_extra_settings, timeout=timeout, console=console)


def settle_layout(settings: Settings, *, brokers: int | None, es_nodes: int | None) -> layout.Layout:
    """The layout to run, recorded in the state dir. Refuses to change a node count over data that
    was written by a cluster of another size (the quorum and the shard copies would not match)."""
    recorded = layout.read(settings)
    wanted = layout.choose(recorded, brokers=brokers, es_nodes=es_nodes)
    changes = [
        (kafka.NAME, recorded.brokers, wanted.brokers, kafka.has_data(settings)),
        (elastic.NAME, recorded.es_nodes, wanted.es_nodes, elastic.has_data(settings)),
    ]
    for component, before, after, has_data in changes:
        if before != after and has_data:
            raise StackFailure([StackError(
                component,
                f"{settings.state_path} holds the data of a {before}-node {component}; {after} nodes need "
                "another EVENTWIRE_STATE_DIR (or `stack down` and remove that directory first)",
            )])
    if wanted != recorded:  # a one-node stack keeps its state dir as it always was
        layout.write(settings, wanted)
    return wanted


def up(
    settings: Settings,
    components: Iterable[str] = COMPONENTS,
    *,
    brokers: int | None = None,
    es_nodes: int | None = None,
    es_extra_settings: Mapping[str, Any] | None = None,
    timeout: float | None = None,
    console: Console | None = None,
) -> list[ComponentStatus]:
    """Bring components up in parallel and wait for health; raises StackFailure naming the failed ones."""
    chosen = _checked(components)
    settle_layout(settings, brokers=brokers, es_nodes=es_nodes)
    with ThreadPoolExecutor(max_workers=len(chosen)) as pool:
        futures = {
            name: pool.submit(
                start, settings, name, es_extra_settings=es_extra_settings, timeout=timeout, console=console
            )
            for name in chosen
        }
    results: list[ComponentStatus] = []
    errors: list[StackError] = []
    for name, future in futures.items():
        error = future.exception()
        if error is None:
            results.extend(future.result())
        elif isinstance(error, StackError):
            errors.append(error)
        else:
            errors.append(StackError(name, f"{type(error).__name__}: {error}"))
    if errors:
        raise StackFailure(errors)
    return results


def down(settings: Settings, components: Iterable[str] = COMPONENTS) -> dict[str, bool]:
    """Stop the components we started (Elasticsearch first, so it does not log Kafka-less noise)."""
    chosen = _checked(components)
    return {name: stop(settings, name) for name in sorted(chosen, key=lambda n: n != elastic.NAME)}


def status(settings: Settings, components: Iterable[str] = COMPONENTS) -> list[ComponentStatus]:
    """One row per node of each chosen component."""
    chosen = _checked(components)
    rows: list[ComponentStatus] = []
    for name in chosen:
        rows.extend(kafka.status(settings) if name == kafka.NAME else elastic.status(settings))
    return rows


def client_environment(settings: Settings) -> dict[str, str]:
    """The EVENTWIRE_* values a client of this stack needs beyond the defaults: every node's
    address and, for a cluster, the replication that uses it."""
    shape = layout.read(settings)
    env = {
        "EVENTWIRE_STATE_DIR": str(settings.state_path),
        "EVENTWIRE_KAFKA_BOOTSTRAP": kafka.cluster_bootstrap(settings, shape.brokers),
        "EVENTWIRE_ES_URL": elastic.cluster_urls(settings, shape.es_nodes),
    }
    if shape.brokers > 1:
        env["EVENTWIRE_REPLICATION_FACTOR"] = str(min(3, shape.brokers))
    if shape.es_nodes > 1:
        env["EVENTWIRE_INDEX_REPLICAS"] = "1"
    return env

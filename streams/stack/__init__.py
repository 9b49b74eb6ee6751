"""The local stack: one Kafka broker and one Elasticsearch node for development, demos and CI.

    from streams.stack import up, down, status, stop, start, restart
    up(settings)                                   # both, idempotent, waits for health
    stop(settings, "elasticsearch"); start(settings, "elasticsearch", es_extra_settings={...})
    restart(settings, "kafka")

Processes run detached (own session) and are tracked by pid files under `settings.state_path`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterable, Mapping

from rich.console import Console

from streams.config import Settings
from streams.stack import elastic, kafka
from streams.stack.common import ComponentStatus, StackError

COMPONENTS: tuple[str, ...] = (kafka.NAME, elastic.NAME)

__all__ = [
    "COMPONENTS",
    "ComponentStatus",
    "StackError",
    "StackFailure",
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
) -> ComponentStatus:
    """Start one component (no-op when ours is already running and healthy)."""
    _checked([component])
    if component == kafka.NAME:
        return kafka.start(settings, timeout=timeout or 120.0, console=console)
    return elastic.start(settings, extra_settings=es_extra_settings, timeout=timeout or 180.0, console=console)


def stop(settings: Settings, component: str, *, timeout: float | None = None) -> bool:
    """Stop one component we started. False when it was not running (under our pid file)."""
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
) -> ComponentStatus:
    stop(settings, component)
    return start(settings, component, es_extra_settings=es_extra_settings, timeout=timeout, console=console)


def up(
    settings: Settings,
    components: Iterable[str] = COMPONENTS,
    *,
    es_extra_settings: Mapping[str, Any] | None = None,
    timeout: float | None = None,
    console: Console | None = None,
) -> list[ComponentStatus]:
    """Bring components up in parallel and wait for health; raises StackFailure naming the failed ones."""
    chosen = _checked(components)
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
            results.append(future.result())
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
    chosen = _checked(components)
    return [kafka.status(settings) if name == kafka.NAME else elastic.status(settings) for name in chosen]

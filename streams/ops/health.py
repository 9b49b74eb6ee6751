"""Health of the pipeline: Kafka, Elasticsearch, the worker's readiness endpoint and its lag."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from streams.config import Settings


@dataclass(slots=True)
class HealthReport:
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, name: str, ok: bool, details: dict[str, Any]) -> None:
        self.checks[name] = {"ok": ok, **details}

    @property
    def ok(self) -> bool:
        return all(check["ok"] for check in self.checks.values())


def check_kafka(settings: Settings) -> tuple[bool, dict[str, Any]]:
    from streams.kafka import admin_client

    try:
        admin = admin_client(settings, request_timeout_ms=5000)
        try:
            topics = set(admin.list_topics())
        finally:
            admin.close()
    except Exception as exc:  # noqa: BLE001 - unreachable is a result here, not an error
        return False, {"error": f"{type(exc).__name__}: {exc}"}
    missing = [t for t in settings.all_topics() if t not in topics]
    return not missing, {"missing_topics": missing}


def check_elasticsearch(settings: Settings) -> tuple[bool, dict[str, Any]]:
    from streams.sink.clients import sync_client

    try:
        client = sync_client(settings, request_timeout=5)
        try:
            health = client.cluster.health()
            alias_ok = bool(client.indices.exists_alias(name=settings.events_alias))
        finally:
            client.close()
    except Exception as exc:  # noqa: BLE001
        return False, {"error": f"{type(exc).__name__}: {exc}"}
    status = health["status"]
    return status in {"yellow", "green"} and alias_ok, {"status": status, "events_alias": alias_ok}


def check_lag(settings: Settings, max_lag: int) -> tuple[bool, dict[str, Any]]:
    from streams.ops.lag import total_lag, worker_lag

    try:
        lags = worker_lag(settings)
    except Exception as exc:  # noqa: BLE001
        return False, {"error": f"{type(exc).__name__}: {exc}"}
    total = total_lag(lags)
    return total <= max_lag, {"lag": total, "max_lag": max_lag}


def health(settings: Settings, *, max_lag: int = 10_000) -> HealthReport:
    report = HealthReport()
    kafka_ok, kafka_details = check_kafka(settings)
    report.add("kafka", kafka_ok, kafka_details)
    report.add("elasticsearch", *check_elasticsearch(settings))
    if "error" in kafka_details:  # unreachable: asking again for the lag would only wait as long once more
        report.add("consumer_lag", False, {"error": "skipped: Kafka is unreachable"})
    else:
        report.add("consumer_lag", *check_lag(settings, max_lag))
    return report

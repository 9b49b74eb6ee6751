"""kafka-python clients built from Settings (admin, producer, consumer) for the CLI, replay and tests."""

from __future__ import annotations

from typing import Any

from streams.config import Settings


def _bootstrap_ms(settings: Settings) -> int:
    """How long a client may look for a first broker before it gives up (kafka-python waits 30 s)."""
    return int(settings.connect_timeout_seconds * 1000)


def admin_client(settings: Settings, **overrides: Any):
    from kafka import KafkaAdminClient

    return KafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap,
        client_id=f"{settings.app_id}-admin",
        **{"bootstrap_timeout_ms": _bootstrap_ms(settings), **settings.kafka_client_kwargs(), **overrides},
    )


def producer(settings: Settings, **overrides: Any):
    """Durable producer: acks=all and idempotence, so a retried send never duplicates."""
    from kafka import KafkaProducer

    options: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_bootstrap,
        "client_id": f"{settings.app_id}-producer",
        "acks": "all",
        "enable_idempotence": True,
        "linger_ms": 5,
        "max_request_size": settings.max_message_bytes + 64 * 1024,
        "bootstrap_timeout_ms": _bootstrap_ms(settings),
        **settings.kafka_client_kwargs(),
    }
    options.update(overrides)
    return KafkaProducer(**options)


def consumer(settings: Settings, *topics: str, **overrides: Any):
    from kafka import KafkaConsumer

    options: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_bootstrap,
        "client_id": f"{settings.app_id}-reader",
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "fetch_max_bytes": max(52428800, settings.max_message_bytes + 1024 * 1024),
        "max_partition_fetch_bytes": settings.max_message_bytes + 1024 * 1024,
        "bootstrap_timeout_ms": _bootstrap_ms(settings),
        **settings.kafka_client_kwargs(),
    }
    options.update(overrides)
    return KafkaConsumer(*topics, **options)

"""The project's topics, created explicitly (auto-creation is off on our brokers)."""

from __future__ import annotations

from dataclasses import dataclass

from streams.config import TOPIC_ROLES, Settings
from streams.kafka import admin_client

WEEK_MS = 7 * 24 * 3600 * 1000
COMPACTED = {"cleanup.policy": "compact", "min.cleanable.dirty.ratio": "0.1",
             "delete.retention.ms": str(24 * 3600 * 1000), "segment.ms": str(6 * 3600 * 1000)}


@dataclass(frozen=True, slots=True)
class TopicSpec:
    name: str
    partitions: int
    replication_factor: int
    configs: dict[str, str]


def topic_specs(settings: Settings) -> list[TopicSpec]:
    max_bytes = str(settings.max_message_bytes + 64 * 1024)
    # Raw articles are the replay source of truth: keep them for a long time.
    retention = {
        "articles": {"retention.ms": "-1", "compression.type": "producer"},
        "events": {"retention.ms": str(4 * WEEK_MS)},
        "articles_dlq": {"retention.ms": str(4 * WEEK_MS)},
        "events_dlq": {"retention.ms": str(4 * WEEK_MS)},
        # Keyed by incident key: all evidence of one incident is on one partition, one worker's.
        "incident_evidence": {"retention.ms": str(4 * WEEK_MS)},
        # One record per standing query (name -> definition, tombstone on removal); every worker
        # reads all its partitions.
        "alert_queries": COMPACTED,
        "alerts": {"retention.ms": str(4 * WEEK_MS)},
    }
    return [
        TopicSpec(
            settings.topic_name(role),
            settings.partitions,
            settings.topic_replication_factor(role),
            {
                "max.message.bytes": max_bytes,
                "min.insync.replicas": str(settings.topic_min_insync_replicas(role)),
                **retention[role],
            },
        )
        for role in TOPIC_ROLES
    ]


def ensure_topics(settings: Settings) -> list[str]:
    """Create the missing topics; returns the names created. Existing topics are left alone."""
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError

    admin = admin_client(settings)
    try:
        existing = set(admin.list_topics())
        wanted = [spec for spec in topic_specs(settings) if spec.name not in existing]
        created: list[str] = []
        for spec in wanted:
            try:
                admin.create_topics(
                    [NewTopic(spec.name, spec.partitions, spec.replication_factor, topic_configs=spec.configs)]
                )
                created.append(spec.name)
            except TopicAlreadyExistsError:
                pass  # raced with another worker starting at the same time
        return created
    finally:
        admin.close()


def delete_topics(settings: Settings, names: list[str]) -> None:
    admin = admin_client(settings)
    try:
        existing = set(admin.list_topics())
        doomed = [n for n in names if n in existing]
        if doomed:
            admin.delete_topics(doomed)
    finally:
        admin.close()

"""Consumer lag of the worker group: committed offsets against the end of each partition."""

from __future__ import annotations

from dataclasses import dataclass

from streams.config import Settings
from streams.kafka import admin_client, consumer


@dataclass(frozen=True, slots=True)
class PartitionLag:
    topic: str
    partition: int
    committed: int | None
    end: int

    @property
    def lag(self) -> int:
        return self.end - (self.committed or 0)


def worker_lag(settings: Settings, topics: list[str] | None = None) -> list[PartitionLag]:
    """Lag of the Faust worker group (`app_id`) on the topics it consumes."""
    from kafka import TopicPartition

    wanted = topics or [settings.topic_articles, settings.topic_events] + (
        [settings.topic_incident_evidence] if settings.incidents_enabled else []
    )
    admin = admin_client(settings)
    reader = consumer(settings)
    try:
        committed = {
            (tp.topic, tp.partition): meta.offset
            for tp, meta in group_offsets(admin, settings.app_id).items()
            if meta is not None and meta.offset is not None and meta.offset >= 0
        }
        partitions = [
            TopicPartition(topic, p) for topic in wanted for p in sorted(reader.partitions_for_topic(topic) or [])
        ]
        ends = reader.end_offsets(partitions)
        return [
            PartitionLag(tp.topic, tp.partition, committed.get((tp.topic, tp.partition)), ends[tp])
            for tp in partitions
        ]
    finally:
        reader.close()
        admin.close()


def group_offsets(admin, group_id: str) -> dict:
    """Committed offsets of one group (kafka-python 3 renamed `list_consumer_group_offsets`)."""
    if hasattr(admin, "list_group_offsets"):
        return admin.list_group_offsets(group_id).get(group_id, {})
    return admin.list_consumer_group_offsets(group_id)


def total_lag(lags: list[PartitionLag]) -> int:
    return sum(max(0, item.lag) for item in lags)

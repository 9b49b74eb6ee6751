"""The running local stack (never started or stopped here: others use it at the same time)."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from streams.config import Settings
from streams.stack import status, up

pytestmark = pytest.mark.integration


def test_both_components_report_running_and_healthy(services: Settings) -> None:
    rows = {row.name: row for row in status(services)}
    assert set(rows) == {"kafka", "elasticsearch"}
    for row in rows.values():
        assert row.running and row.healthy, row
    assert rows["elasticsearch"].health in {"yellow", "green"}
    assert rows["elasticsearch"].version and rows["elasticsearch"].version.split(".")[0] in {"8", "9"}
    for row in rows.values():
        if not row.external:  # ours: we know the pid and it holds memory
            assert row.pid and row.rss_bytes and row.rss_bytes > 50 * 2**20


def test_up_on_a_running_stack_returns_quickly_and_changes_nothing(services: Settings) -> None:
    before = {row.name: row.pid for row in status(services)}
    started = time.monotonic()
    rows = up(services)
    assert time.monotonic() - started < 15
    assert {row.name: row.pid for row in rows} == before
    assert all(row.healthy for row in rows)


def test_the_faust_side_clients_work_against_the_broker(services: Settings) -> None:
    """kafka-python creates a topic; aiokafka (what Faust uses) round-trips a large message."""
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
    from kafka import KafkaAdminClient
    from kafka.admin import NewTopic

    topic = f"stack-check-{uuid.uuid4().hex[:10]}"
    limit = services.max_message_bytes
    admin = KafkaAdminClient(bootstrap_servers=services.kafka_bootstrap, **services.kafka_client_kwargs())
    admin.create_topics(
        [NewTopic(topic, num_partitions=2, replication_factor=1, topic_configs={"max.message.bytes": str(limit)})]
    )
    payloads = [f"message {n}".encode() for n in range(5)] + [b"x" * (limit - 4096)]

    async def round_trip() -> list[bytes]:
        producer = AIOKafkaProducer(
            bootstrap_servers=services.kafka_bootstrap, max_request_size=limit, enable_idempotence=True
        )
        await producer.start()
        try:
            for n, payload in enumerate(payloads):
                await producer.send_and_wait(topic, payload, key=str(n).encode())
        finally:
            await producer.stop()
        consumer = AIOKafkaConsumer(
            topic,
            bootstrap_servers=services.kafka_bootstrap,
            group_id=f"g-{topic}",
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=2 * limit,
            fetch_max_bytes=2 * limit,
        )
        await consumer.start()
        received: list[bytes] = []
        try:
            deadline = time.monotonic() + 60
            while len(received) < len(payloads) and time.monotonic() < deadline:
                for messages in (await consumer.getmany(timeout_ms=1000)).values():
                    received += [message.value for message in messages]
        finally:
            await consumer.stop()
        return received

    try:
        received = asyncio.run(round_trip())
        assert sorted(received) == sorted(payloads)
    finally:
        admin.delete_topics([topic])
        admin.close()

"""What the cluster scenarios need to know about the local cluster: that it is ours and big enough,
which broker leads the run's partitions, which Elasticsearch node holds its primaries, whether
every replica is back in sync, and what state the consumer group is in."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chaos.harness import Arena, Figures, ScenarioSkipped, seconds_until
from chaos.verify import Publisher, es_client
from streams.config import Settings

NEEDED_NODES = 3


def require_cluster(settings: Settings) -> tuple[int, int]:
    """(brokers, Elasticsearch nodes) of our local cluster; skip unless there are three of each,
    all started from this state directory."""
    from streams.stack import elastic, kafka, layout

    shape = layout.read(settings)
    if shape.brokers < NEEDED_NODES or shape.es_nodes < NEEDED_NODES:
        raise ScenarioSkipped(
            f"needs `eventwire stack up --brokers {NEEDED_NODES} --es-nodes {NEEDED_NODES}` in "
            f"{settings.state_path} (it runs {shape.brokers} broker(s), {shape.es_nodes} node(s))"
        )
    missing = [f"kafka-{n}" for n in range(1, shape.brokers + 1) if kafka.running_pid(settings, n) is None]
    missing += [f"elasticsearch-{n}" for n in range(1, shape.es_nodes + 1) if elastic.running_pid(settings, n) is None]
    if missing:
        raise ScenarioSkipped(f"not running from {settings.state_path}: {', '.join(missing)}")
    if settings.topic_replication_factor("articles") < NEEDED_NODES:
        raise ScenarioSkipped("EVENTWIRE_REPLICATION_FACTOR must be 3 on the cluster (see `eventwire stack env`)")
    return shape.brokers, shape.es_nodes


def partition_leaders(settings: Settings, topics: list[str]) -> dict[tuple[str, int], int]:
    """(topic, partition) -> leader broker id (-1 while it has none)."""
    from streams.kafka import admin_client

    admin = admin_client(settings)
    try:
        return {
            (topic["name"], part["partition_index"]): part["leader_id"]
            for topic in admin.describe_topics(topics)
            for part in topic["partitions"]
        }
    finally:
        admin.close()


def busiest_leader(settings: Settings, topics: list[str]) -> tuple[int, int]:
    """(broker id, partitions it leads) of the broker leading most of `topics`' partitions."""
    counts = Counter(leader for leader in partition_leaders(settings, topics).values() if leader >= 0)
    broker, led = counts.most_common(1)[0]
    return broker, led


def under_replicated(settings: Settings, topics: list[str]) -> int:
    """Partitions of `topics` whose in-sync replicas are fewer than their replicas."""
    from streams.kafka import admin_client

    admin = admin_client(settings)
    try:
        return sum(
            1
            for topic in admin.describe_topics(topics)
            for part in topic["partitions"]
            if len(part["isr_nodes"]) < len(part["replica_nodes"]) or part["leader_id"] < 0
        )
    finally:
        admin.close()


def wait_in_sync(settings: Settings, topics: list[str], timeout: float) -> float | None:
    """Seconds until every partition of `topics` has all its replicas in sync again (None: timeout)."""
    return seconds_until(lambda: under_replicated(settings, topics) == 0, timeout, interval=1.0)


def primaries_by_node(settings: Settings, indices: list[str]) -> dict[int, list[str]]:
    """Elasticsearch node number (eventwire-N) -> the indices whose primary shard it holds."""
    client = es_client(settings)
    try:
        rows = client.cat.shards(index=",".join(indices), format="json", h="index,prirep,state,node")
    finally:
        client.close()
    held: dict[int, list[str]] = {}
    for row in rows:
        if row.get("prirep") == "p" and row.get("state") == "STARTED" and row.get("node"):
            held.setdefault(int(str(row["node"]).rsplit("-", 1)[1]), []).append(row["index"])
    return held


def wait_green(settings: Settings, indices: list[str], timeout: float) -> float | None:
    """Seconds until `indices` are green (every replica assigned and started), None on timeout."""

    def green() -> bool:
        client = es_client(settings)
        try:
            health = client.cluster.health(index=",".join(indices), wait_for_status="green", timeout="5s")
            return health.get("status") == "green"
        finally:
            client.close()

    return seconds_until(green, timeout, interval=1.0)


@dataclass(frozen=True, slots=True)
class NodeLoss:
    failover_s: float | None  # until the cluster served without the node (None: it never did)
    down_s: float  # from the kill until the restarted node was back
    indexed_while_down: int
    published_during_fault: bool


def kill_node_under_load(arena: Arena, publisher: Publisher, *, kill: Callable[[], object],
                         failover: Callable[[], float | None], restart: Callable[[], object],
                         down_seconds: float) -> NodeLoss:
    """`kill` a node while `publisher` runs, time the `failover`, keep the node down `down_seconds`
    (counting what is indexed meanwhile), then `restart` it, whatever happened in between."""
    indexed_at_kill = arena.indexed()
    killed_at = time.monotonic()
    kill()
    try:
        failover_s = failover()
        while time.monotonic() - killed_at < down_seconds:
            time.sleep(0.5)
        indexed_while_down = arena.indexed() - indexed_at_kill
        published_during_fault = not publisher.done
    finally:
        restart()
    return NodeLoss(failover_s, round(time.monotonic() - killed_at, 1), indexed_while_down, published_during_fault)


def node_loss_problems(figures: Figures, loss: NodeLoss, node: str) -> None:
    """The checks every node loss makes: work went on while the `node` was away, the publisher was
    still publishing (a fault under load), and nothing became a dead letter."""
    if loss.indexed_while_down <= 0:
        figures.problems.append(f"nothing was indexed while one of three {node}s was down")
    figures.forbid_dead_letters(f"a {node} failure")
    if not loss.published_during_fault:
        figures.problems.append(f"the publisher finished while the {node} was down: not a fault under load")


class GroupWatch:
    """The worker group as its coordinator reports it, through one admin connection kept open
    (polled every 100 ms to catch a rebalance in the act)."""

    def __init__(self, settings: Settings) -> None:
        from streams.kafka import admin_client

        self.group_id = settings.app_id
        self.admin = admin_client(settings)

    def __enter__(self) -> "GroupWatch":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.admin.close()

    def describe(self) -> dict[str, Any]:
        described: Any = self.admin.describe_groups([self.group_id])
        return described.get(self.group_id, {}) if isinstance(described, dict) else described[0]

    def state(self) -> str:
        """Stable, PreparingRebalance, CompletingRebalance, Empty, ..."""
        return str(self.describe().get("group_state") or "unknown")

    def members(self) -> int:
        return len(self.describe().get("members") or [])

    def wait_for(self, states: set[str], timeout: float, interval: float = 0.1) -> tuple[str, float]:
        """(state, seconds waited) once the group is in one of `states`, else the last state seen."""
        began = time.monotonic()
        state = "unknown"
        while time.monotonic() - began < timeout:
            try:
                state = self.state()
            except Exception:  # noqa: BLE001 - the coordinator may be moving; ask again
                state = "unknown"
            if state in states:
                break
            time.sleep(interval)
        return state, round(time.monotonic() - began, 2)

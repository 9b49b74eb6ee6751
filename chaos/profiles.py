"""What each suite runs, and how big: the short one inside `make test`, the full one for `make chaos`,
the cluster one for `make chaos-cluster`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    scenarios: tuple[str, ...]
    rate: float  # articles per second while a fault is injected
    sigkill_articles: int = 0
    sigkill_kills: int = 0
    sigterm_articles: int = 0
    sigterm_stops: int = 0
    es_down_articles: int = 0
    es_down_seconds: float = 0.0
    es_429_articles: int = 0
    kafka_restart_articles: int = 0
    rebalance_articles: int = 0
    reread_articles: int = 0
    hostile_good_articles: int = 0
    fuzz_examples: int = 0
    incident_articles: int = 0
    incident_kills: int = 0
    drain_timeout: float = 300.0
    # The cluster scenarios (a three-broker, three-node local cluster, `make chaos-cluster`).
    cluster_partitions: int = 6  # three workers get two each
    broker_kill_articles: int = 0
    es_node_kill_articles: int = 0
    worker_loss_articles: int = 0
    rolling_restart_articles: int = 0
    node_down_seconds: float = 20.0  # how long a SIGKILLed node stays down before its restart


SHORT = Profile(
    name="short",
    scenarios=("sigkill", "sigterm", "es-down", "duplicate-reread"),
    sigkill_articles=1500, sigkill_kills=2,
    sigterm_articles=800, sigterm_stops=1,
    es_down_articles=800, es_down_seconds=15.0,
    reread_articles=600,
    rate=40.0,
    incident_articles=1500, incident_kills=2,  # not in the short run (`--short --only incidents` runs it)
    drain_timeout=180.0,
)
FULL = Profile(
    name="full",
    scenarios=("sigkill", "sigterm", "es-down", "es-429", "kafka-restart", "rebalance", "duplicate-reread", "hostile-input",
               "incidents"),
    sigkill_articles=10_000, sigkill_kills=5,
    sigterm_articles=3000, sigterm_stops=3,
    es_down_articles=4000, es_down_seconds=60.0,
    es_429_articles=4000,
    kafka_restart_articles=4000,
    rebalance_articles=4000,
    reread_articles=2000,
    hostile_good_articles=40,
    rate=50.0,
    fuzz_examples=2000,
    incident_articles=3000, incident_kills=4,
)
# Sized for a 2-core machine that also runs the six JVMs of the cluster: low rates, every scenario.
CLUSTER = Profile(
    name="cluster",
    scenarios=("broker-kill", "es-node-kill", "worker-lost-in-rebalance", "rolling-restart"),
    rate=15.0,
    broker_kill_articles=1600,
    es_node_kill_articles=1600,
    worker_loss_articles=1200,
    rolling_restart_articles=3000,
    node_down_seconds=20.0,
    drain_timeout=300.0,
)
PROFILES = {profile.name: profile for profile in (SHORT, FULL, CLUSTER)}

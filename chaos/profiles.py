"""What each suite runs, and how big: the short one inside `make test`, the full one for `make chaos`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    scenarios: tuple[str, ...]
    sigkill_articles: int
    sigkill_kills: int
    sigterm_articles: int
    sigterm_stops: int
    es_down_articles: int
    es_down_seconds: float
    es_429_articles: int
    kafka_restart_articles: int
    rebalance_articles: int
    reread_articles: int
    hostile_good_articles: int
    rate: float  # articles per second while a fault is injected
    fuzz_examples: int
    drain_timeout: float = 300.0


SHORT = Profile(
    name="short",
    scenarios=("sigkill", "sigterm", "es-down", "duplicate-reread"),
    sigkill_articles=1500, sigkill_kills=2,
    sigterm_articles=800, sigterm_stops=1,
    es_down_articles=800, es_down_seconds=15.0,
    es_429_articles=0,
    kafka_restart_articles=0,
    rebalance_articles=0,
    reread_articles=600,
    hostile_good_articles=0,
    rate=40.0,
    fuzz_examples=0,
    drain_timeout=180.0,
)
FULL = Profile(
    name="full",
    scenarios=("sigkill", "sigterm", "es-down", "es-429", "kafka-restart", "rebalance", "duplicate-reread", "hostile-input"),
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
)

"""Cluster: the broker leading most of the run's partitions SIGKILLed under load, restarted after a
while. Topics have three replicas and need two in sync, so acks=all writes and reads go on with
the new leaders; nothing may be lost or doubled, on the topic or in Elasticsearch."""

from __future__ import annotations

from chaos.cluster import (
    busiest_leader,
    kill_node_under_load,
    node_loss_problems,
    partition_leaders,
    require_cluster,
    wait_in_sync,
)
from chaos.harness import Arena, Figures, Suite, check_topic, seconds_until


def wait_leaders_moved(settings, topics: list[str], dead: int, timeout: float) -> float | None:
    """Seconds until no partition of `topics` is led by (or waits for) the dead broker."""

    def moved() -> bool:
        leaders = partition_leaders(settings, topics)
        return bool(leaders) and all(leader not in (dead, -1) for leader in leaders.values())

    return seconds_until(moved, timeout, interval=0.5)


def scenario_broker_kill(suite: Suite) -> Figures:
    """Recovery: from the broker's restart until everything published by then is indexed."""
    from streams.stack import kafka

    require_cluster(suite.base)
    figures = Figures("broker-kill")
    profile = suite.profile
    articles = profile.broker_kill_articles
    with Arena(suite.base, "brokerkill", partitions=profile.cluster_partitions, console=suite.console) as arena:
        publisher = arena.under_load(articles, profile.rate, workers=2)
        topics = [arena.settings.topic_articles, arena.settings.topic_events]
        publisher.wait_sent(articles // 4)
        arena.wait_progress(arena.indexed(), 180)
        broker, led = busiest_leader(arena.settings, topics)
        loss = kill_node_under_load(
            arena, publisher, kill=lambda: kafka.stop_node(suite.base, broker, hard=True),
            failover=lambda: wait_leaders_moved(arena.settings, topics, broker, profile.node_down_seconds + 30),
            restart=lambda: kafka.start_node(suite.base, broker), down_seconds=profile.node_down_seconds,
        )
        figures.notes.update({
            "killed_broker": broker,
            "partitions_it_led": led,
            "leader_failover_s": loss.failover_s,
            "broker_down_s": loss.down_s,
            "indexed_while_down": loss.indexed_while_down,
            "published_during_fault": loss.published_during_fault,
        })
        box = arena.watch.recovery(publisher.published)
        figures.notes["replicas_in_sync_after_restart_s"] = wait_in_sync(
            arena.settings, [*topics, "__consumer_offsets"], 180
        )
        suite.finish(arena, figures, publisher, range(articles), warm_up=1)
        figures.recovery_seconds = arena.recoveries([box], 10)[0]
        check_topic(arena, figures, range(articles))
        if loss.failover_s is None:
            figures.problems.append(f"partitions still led by the dead broker {broker}")
        if figures.notes["replicas_in_sync_after_restart_s"] is None:
            figures.problems.append("the restarted broker did not rejoin every ISR")
        node_loss_problems(figures, loss, "broker")
    return figures

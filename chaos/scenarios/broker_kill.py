"""Cluster: the broker leading most of the run's partitions SIGKILLed under load, restarted after a
while. Topics have three replicas and need two in sync, so acks=all writes and reads go on with
the new leaders; nothing may be lost or doubled, on the topic or in Elasticsearch."""

from __future__ import annotations

import time

from chaos.cluster import busiest_leader, partition_leaders, require_cluster, wait_in_sync
from chaos.harness import Arena, Figures, Suite
from chaos.verify import Publisher, topic_census


def wait_leaders_moved(settings, topics: list[str], dead: int, timeout: float) -> float | None:
    """Seconds until no partition of `topics` is led by (or waits for) the dead broker."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        try:
            leaders = partition_leaders(settings, topics)
            if leaders and all(leader not in (dead, -1) for leader in leaders.values()):
                return round(time.monotonic() - began, 1)
        except Exception:  # noqa: BLE001 - metadata may be in flux; ask again
            pass
        time.sleep(0.5)
    return None


def scenario_broker_kill(suite: Suite) -> Figures:
    """Recovery: from the broker's restart until everything published by then is indexed."""
    from streams.stack import kafka

    require_cluster(suite.base)
    figures = Figures("broker-kill")
    articles = suite.profile.broker_kill_articles
    with Arena(suite.base, "brokerkill", partitions=suite.profile.cluster_partitions, console=suite.console) as arena:
        arena.start("w1")
        arena.start("w2")
        arena.warm_up()
        topics = [arena.settings.topic_articles, arena.settings.topic_events]
        publisher = Publisher(arena.settings, arena.run_id, articles - 1, rate=suite.profile.rate, start_seq=1).start()
        while publisher.sent < articles // 4 and not publisher.done:
            time.sleep(0.1)
        arena.wait_progress(arena.indexed(), 180)
        broker, led = busiest_leader(arena.settings, topics)
        indexed_at_kill = arena.indexed()
        killed_at = time.monotonic()
        kafka.stop_node(suite.base, broker, hard=True)
        try:
            failover = wait_leaders_moved(arena.settings, topics, broker, suite.profile.node_down_seconds + 30)
            while time.monotonic() - killed_at < suite.profile.node_down_seconds:
                time.sleep(0.5)
            indexed_while_down = arena.indexed() - indexed_at_kill
            published_during_fault = not publisher.done
        finally:
            kafka.start_node(suite.base, broker)
        figures.notes.update({
            "killed_broker": broker,
            "partitions_it_led": led,
            "leader_failover_s": failover,
            "broker_down_s": round(time.monotonic() - killed_at, 1),
            "indexed_while_down": indexed_while_down,
            "published_during_fault": published_during_fault,
        })
        box = arena.watch.recovery(1 + publisher.sent)
        figures.notes["replicas_in_sync_after_restart_s"] = wait_in_sync(
            arena.settings, [*topics, "__consumer_offsets"], 180
        )
        suite.finish(arena, figures, publisher, range(articles), warm_up=1)
        figures.recovery_seconds = arena.recoveries([box], 10)[0]
        census = topic_census(arena.settings, arena.run_id, range(articles))
        figures.notes["topic_records"] = census.records
        if census.missing or census.doubled:
            figures.problems.append(
                f"articles topic: {len(census.missing)} seqs missing, {len(census.doubled)} doubled by the publisher"
            )
        if failover is None:
            figures.problems.append(f"partitions still led by the dead broker {broker}")
        if indexed_while_down <= 0:
            figures.problems.append("nothing was indexed while one of three brokers was down")
        if figures.notes["replicas_in_sync_after_restart_s"] is None:
            figures.problems.append("the restarted broker did not rejoin every ISR")
        if figures.dead_letters:
            figures.problems.append(f"{figures.dead_letters} dead letters for a broker failure")
        if not figures.notes["published_during_fault"]:
            figures.problems.append("the publisher finished while the broker was down: not a fault under load")
    return figures

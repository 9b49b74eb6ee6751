"""Cluster: every broker restarted in turn under load, the way an upgrade does it: a graceful stop
(the broker hands its leaderships over), a start, and the next one only once every replica is back
in sync. Nothing may be lost or doubled, on the topic or in Elasticsearch."""

from __future__ import annotations

import time

from chaos.cluster import require_cluster, wait_in_sync
from chaos.harness import Arena, Figures, Suite, check_topic


def scenario_rolling_restart(suite: Suite) -> Figures:
    """Recovery: from each broker's restart until everything published before its stop is indexed
    (the largest of the three)."""
    from streams.stack import kafka

    brokers, _ = require_cluster(suite.base)
    figures = Figures("rolling-restart")
    articles = suite.profile.rolling_restart_articles
    with Arena(suite.base, "rolling", partitions=suite.profile.cluster_partitions, console=suite.console) as arena:
        publisher = arena.under_load(articles, suite.profile.rate, workers=2)
        topics = [arena.settings.topic_articles, arena.settings.topic_events, "__consumer_offsets"]
        publisher.wait_sent(articles // 6)
        boxes: list[list[float]] = []
        restarts: list[dict[str, float | None]] = []
        for node in range(1, brokers + 1):
            arena.wait_progress(arena.indexed(), 180)
            published_before = publisher.published
            # Every broker must go down while articles are still being published.
            figures.notes["published_during_restarts"] = not publisher.done
            began = time.monotonic()
            kafka.stop_node(suite.base, node)
            stopped = time.monotonic() - began
            kafka.start_node(suite.base, node)
            boxes.append(arena.watch.recovery(published_before))
            restarts.append({
                "broker": node,
                "stop_s": round(stopped, 1),
                "down_s": round(time.monotonic() - began, 1),
                "in_sync_s": wait_in_sync(arena.settings, topics, 180),
            })
        figures.notes["restarts"] = restarts
        figures.notes["published_after_last_restart"] = not publisher.done
        suite.finish(arena, figures, publisher, range(articles), warm_up=1)
        figures.record_recoveries(arena.recoveries(boxes, 10))
        check_topic(arena, figures, range(articles))
        out_of_sync = [r["broker"] for r in restarts if r["in_sync_s"] is None]
        if out_of_sync:
            figures.problems.append(f"broker(s) {out_of_sync} did not rejoin every ISR")
        figures.forbid_dead_letters("a rolling restart")
        if not figures.notes["published_during_restarts"]:
            figures.problems.append("the publisher finished before the last broker stopped: not a restart under load")
    return figures

"""Cluster: the Elasticsearch node holding the run's primary shards SIGKILLed under load, restarted
after a while. Every index has one replica, so the replicas are promoted and the bulk writes go on
against them; nothing may be lost, doubled or dead-lettered."""

from __future__ import annotations

import time

from chaos.cluster import primaries_by_node, require_cluster, wait_green
from chaos.harness import Arena, Figures, Suite
from chaos.verify import Publisher


def wait_primaries_moved(settings, indices: list[str], dead: int, timeout: float) -> float | None:
    """Seconds until every index has a started primary on a node other than the dead one."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        try:
            held = primaries_by_node(settings, indices)
            placed = {index for node, names in held.items() if node != dead for index in names}
            if placed >= set(indices):
                return round(time.monotonic() - began, 1)
        except Exception:  # noqa: BLE001 - the cluster is electing or reallocating; ask again
            pass
        time.sleep(0.5)
    return None


def scenario_es_node_kill(suite: Suite) -> Figures:
    """Recovery: from the node's restart until everything published by then is indexed."""
    from streams.stack import elastic

    require_cluster(suite.base)
    figures = Figures("es-node-kill")
    articles = suite.profile.es_node_kill_articles
    with Arena(suite.base, "esnodekill", partitions=suite.profile.cluster_partitions, console=suite.console) as arena:
        arena.start("w1")
        arena.start("w2")
        arena.warm_up()
        indices = [arena.settings.events_index(), arena.settings.articles_index()]
        publisher = Publisher(arena.settings, arena.run_id, articles - 1, rate=suite.profile.rate, start_seq=1).start()
        while publisher.sent < articles // 4 and not publisher.done:
            time.sleep(0.1)
        arena.wait_progress(arena.indexed(), 180)
        held = primaries_by_node(arena.settings, indices)
        node = max(held, key=lambda n: len(held[n]))
        indexed_at_kill = arena.indexed()
        killed_at = time.monotonic()
        elastic.stop_node(suite.base, node, hard=True)
        try:
            failover = wait_primaries_moved(arena.settings, indices, node, suite.profile.node_down_seconds + 60)
            while time.monotonic() - killed_at < suite.profile.node_down_seconds:
                time.sleep(0.5)
            indexed_while_down = arena.indexed() - indexed_at_kill
            published_during_fault = not publisher.done
        finally:
            elastic.start_node(suite.base, node)
        figures.notes.update({
            "killed_node": f"eventwire-{node}",
            "primaries_it_held": sorted(held[node]),
            "primary_failover_s": failover,
            "node_down_s": round(time.monotonic() - killed_at, 1),
            "indexed_while_down": indexed_while_down,
            "published_during_fault": published_during_fault,
        })
        box = arena.watch.recovery(1 + publisher.sent)
        figures.notes["green_after_restart_s"] = wait_green(arena.settings, indices, 240)
        suite.finish(arena, figures, publisher, range(articles), warm_up=1)
        figures.recovery_seconds = arena.recoveries([box], 10)[0]
        if failover is None:
            figures.problems.append("no replica was promoted for the dead node's primaries")
        if indexed_while_down <= 0:
            figures.problems.append("nothing was indexed while one of three nodes was down")
        if figures.notes["green_after_restart_s"] is None:
            figures.problems.append("the indices did not return to green after the restart")
        if figures.dead_letters:
            figures.problems.append(f"{figures.dead_letters} dead letters for a node failure")
        if not figures.notes["published_during_fault"]:
            figures.problems.append("the publisher finished while the node was down: not a fault under load")
    return figures

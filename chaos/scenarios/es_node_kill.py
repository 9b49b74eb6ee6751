"""Cluster: the Elasticsearch node holding the run's primary shards SIGKILLed under load, restarted
after a while. Every index has one replica, so the replicas are promoted and the bulk writes go on
against them; nothing may be lost, doubled or dead-lettered."""

from __future__ import annotations

from chaos.cluster import kill_node_under_load, node_loss_problems, primaries_by_node, require_cluster, wait_green
from chaos.harness import Arena, Figures, Suite, seconds_until


def wait_primaries_moved(settings, indices: list[str], dead: int, timeout: float) -> float | None:
    """Seconds until every index has a started primary on a node other than the dead one."""

    def moved() -> bool:
        held = primaries_by_node(settings, indices)
        return {index for node, names in held.items() if node != dead for index in names} >= set(indices)

    return seconds_until(moved, timeout, interval=0.5)


def scenario_es_node_kill(suite: Suite) -> Figures:
    """Recovery: from the node's restart until everything published by then is indexed."""
    from streams.stack import elastic

    require_cluster(suite.base)
    figures = Figures("es-node-kill")
    profile = suite.profile
    articles = profile.es_node_kill_articles
    with Arena(suite.base, "esnodekill", partitions=profile.cluster_partitions, console=suite.console) as arena:
        publisher = arena.under_load(articles, profile.rate, workers=2)
        indices = [arena.settings.events_index(), arena.settings.articles_index()]
        publisher.wait_sent(articles // 4)
        arena.wait_progress(arena.indexed(), 180)
        held = primaries_by_node(arena.settings, indices)
        node = max(held, key=lambda n: len(held[n]))
        loss = kill_node_under_load(
            arena, publisher, kill=lambda: elastic.stop_node(suite.base, node, hard=True),
            failover=lambda: wait_primaries_moved(arena.settings, indices, node, profile.node_down_seconds + 60),
            restart=lambda: elastic.start_node(suite.base, node), down_seconds=profile.node_down_seconds,
        )
        figures.notes.update({
            "killed_node": f"eventwire-{node}",
            "primaries_it_held": sorted(held[node]),
            "primary_failover_s": loss.failover_s,
            "node_down_s": loss.down_s,
            "indexed_while_down": loss.indexed_while_down,
            "published_during_fault": loss.published_during_fault,
        })
        box = arena.watch.recovery(publisher.published)
        figures.notes["green_after_restart_s"] = wait_green(arena.settings, indices, 240)
        suite.finish(arena, figures, publisher, range(articles), warm_up=1)
        figures.recovery_seconds = arena.recoveries([box], 10)[0]
        if loss.failover_s is None:
            figures.problems.append("no replica was promoted for the dead node's primaries")
        if figures.notes["green_after_restart_s"] is None:
            figures.problems.append("the indices did not return to green after the restart")
        node_loss_problems(figures, loss, "node")
    return figures

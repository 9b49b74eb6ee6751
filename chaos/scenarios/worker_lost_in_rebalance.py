"""Cluster: two workers share the run; a third joins, and while the group is rebalancing for it one
of the first two is SIGKILLed. The two left take its partitions (after the session timeout) and
nothing may be lost or doubled."""

from __future__ import annotations

import signal

from chaos.cluster import GroupWatch, require_cluster
from chaos.harness import SESSION_TIMEOUT, Arena, Figures, Suite

REBALANCING = {"PreparingRebalance", "CompletingRebalance"}


def scenario_worker_lost_in_rebalance(suite: Suite) -> Figures:
    """Recovery: from the kill until everything published before it is indexed."""
    require_cluster(suite.base)
    figures = Figures("worker-lost-in-rebalance")
    articles = suite.profile.worker_loss_articles
    with Arena(suite.base, "rebalkill", partitions=suite.profile.cluster_partitions, console=suite.console) as arena:
        publisher = arena.under_load(articles, suite.profile.rate, workers=2)
        publisher.wait_sent(articles // 3)
        arena.wait_progress(arena.indexed(), 180)
        with GroupWatch(arena.settings) as group:
            members_before = group.members()
            arena.start("w3")
            state, waited = group.wait_for(REBALANCING, timeout=120)
            published_before = publisher.published
            arena.stop("w1", sig=signal.SIGKILL)
            box = arena.watch.recovery(published_before)
            figures.notes.update({
                "members_before": members_before,
                "state_at_kill": state,
                "rebalance_seen_after_s": waited,
                "published_during_fault": not publisher.done,
            })
            suite.finish(arena, figures, publisher, range(articles), warm_up=1)
            figures.notes["members_after"] = group.members()
            figures.notes["state_after"] = group.state()
        figures.recovery_seconds = arena.recoveries([box], 10)[0]
        figures.notes["session_timeout_s"] = SESSION_TIMEOUT
        if state not in REBALANCING:
            figures.problems.append(f"the kill did not land in a rebalance (group {state})")
        if figures.notes["members_after"] != 2:
            figures.problems.append(f"{figures.notes['members_after']} members after the loss, expected the 2 left")
        figures.forbid_dead_letters("a lost worker")
        if not figures.notes["published_during_fault"]:
            figures.problems.append("the publisher finished before the kill: not a fault under load")
    return figures

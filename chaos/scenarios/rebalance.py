"""Workers leaving and joining the group under load."""

from __future__ import annotations

from chaos.harness import Arena, Figures, Suite


def scenario_rebalance(suite: Suite) -> Figures:
    """Two workers, then one (graceful stop), then two again, under load. Recovery: from each
    membership change until everything published before it is indexed."""
    figures = Figures("rebalance-2-1-2")
    articles = suite.profile.rebalance_articles
    with Arena(suite.base, "rebal", console=suite.console) as arena:
        publisher = arena.under_load(articles, suite.profile.rate, workers=2)
        boxes = []
        for share, action in ((1, "stop"), (2, "start")):
            publisher.wait_sent(articles * share // 3)
            arena.wait_progress(arena.indexed(), 180)
            published_before = publisher.published
            if action == "stop":
                arena.stop("w2")
            else:
                arena.start("w2")
            boxes.append(arena.watch.recovery(published_before))
        figures.notes["published_during_changes"] = not publisher.done
        suite.finish(arena, figures, publisher, range(articles), warm_up=1)
        figures.record_recoveries(arena.recoveries(boxes, 10))
    return figures

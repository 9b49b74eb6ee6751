"""Workers leaving and joining the group under load."""

from __future__ import annotations

import time

from chaos.harness import Arena, Figures, Suite
from chaos.verify import Publisher


def scenario_rebalance(suite: Suite) -> Figures:
    """Two workers, then one (graceful stop), then two again, under load. Recovery: from each
    membership change until everything published before it is indexed."""
    figures = Figures("rebalance-2-1-2")
    articles = suite.profile.rebalance_articles
    with Arena(suite.base, "rebal", console=suite.console) as arena:
        arena.start("w1")
        arena.start("w2")
        arena.warm_up()
        publisher = Publisher(arena.settings, arena.run_id, articles - 1, rate=suite.profile.rate, start_seq=1).start()
        boxes = []
        for share, action in ((1, "stop"), (2, "start")):
            while publisher.sent < articles * share // 3 and not publisher.done:
                time.sleep(0.1)
            arena.wait_progress(arena.indexed(), 180)
            published_before = 1 + publisher.sent
            if action == "stop":
                arena.stop("w2")
            else:
                arena.start("w2")
            boxes.append(arena.watch.recovery(published_before))
        figures.notes["published_during_changes"] = not publisher.done
        suite.finish(arena, figures, publisher, range(articles), warm_up=1)
        recoveries = arena.recoveries(boxes, 10)
        figures.recovery_seconds = max((r for r in recoveries if r is not None), default=None)
        figures.notes["recoveries_s"] = recoveries
    return figures

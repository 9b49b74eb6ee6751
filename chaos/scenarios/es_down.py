"""Elasticsearch stopped under load for a while, then started again."""

from __future__ import annotations

import time

from chaos.harness import RSS_LIMIT_MB, Arena, Figures, Suite, count_in_logs, require_own
from streams.ops.workers import is_alive


def scenario_es_down(suite: Suite) -> Figures:
    """Elasticsearch stopped under load for a while, then started: no crash, no dead letters for
    the transient outage, lag drains, memory bounded. Recovery: from Elasticsearch healthy again
    until everything published by then is indexed."""
    from streams.stack import elastic

    require_own(elastic, suite.base, "Elasticsearch")
    figures = Figures(f"es-down-{suite.profile.es_down_seconds:.0f}s")
    articles = suite.profile.es_down_articles
    with Arena(suite.base, "esdown", console=suite.console) as arena:
        worker = arena.start("w1")
        arena.warm_up()
        publisher = arena.publish_load(articles, suite.profile.rate)
        publisher.wait_sent(articles // 4)
        arena.watch.paused.set()
        sent_at_stop = publisher.sent
        stopped = time.monotonic()
        rss_before = arena.sampler.max_mb
        try:
            elastic.stop(suite.base)
            down_until = stopped + suite.profile.es_down_seconds
            while time.monotonic() < down_until and is_alive(worker.pid):
                time.sleep(0.5)
        finally:
            elastic.start(suite.base)
            arena.watch.paused.clear()
        figures.notes["es_down_s"] = round(time.monotonic() - stopped, 1)
        figures.notes["published_while_down"] = publisher.sent - sent_at_stop
        survived = is_alive(worker.pid)
        if not survived:
            figures.problems.append("the worker exited while Elasticsearch was away")
        box = arena.watch.recovery(publisher.published)
        suite.finish(arena, figures, publisher, range(articles), warm_up=1)
        figures.recovery_seconds = arena.recoveries([box], 10)[0]
        figures.notes["max_worker_rss_before_outage_mb"] = rss_before
        figures.notes["worker_bulk_retries_logged"] = count_in_logs(arena, "items to resend")
        figures.forbid_dead_letters("a transient outage")
        if arena.starts.get("w1", 0) > 1 or arena.unplanned_exits:
            figures.problems.append("the worker restarted (crash loop)")
        if figures.notes["max_worker_rss_mb"] > RSS_LIMIT_MB:
            figures.problems.append(f"worker RSS {figures.notes['max_worker_rss_mb']} MB over {RSS_LIMIT_MB} MB")
    return figures

"""The single broker restarted under load."""

from __future__ import annotations

import time

from chaos.harness import Arena, Figures, Suite, check_topic, require_own


def scenario_kafka_restart(suite: Suite) -> Figures:
    """The broker restarted under load: the publisher's idempotent acks=all producer loses and
    doubles nothing (checked on the topic itself), and the pipeline catches up. Recovery: from the
    broker answering again until everything published by then is indexed."""
    from streams.stack import kafka

    require_own(kafka, suite.base, "Kafka")
    figures = Figures("kafka-restart")
    articles = suite.profile.kafka_restart_articles
    with Arena(suite.base, "kafka", console=suite.console) as arena:
        publisher = arena.under_load(articles, suite.profile.rate)
        publisher.wait_sent(articles // 3)
        began = time.monotonic()
        try:
            kafka.stop(suite.base)
        finally:
            kafka.start(suite.base)
        figures.notes["broker_down_s"] = round(time.monotonic() - began, 1)
        figures.notes["published_during_restart"] = not publisher.done
        time.sleep(2)  # let the publisher's retried sends settle before counting what was acked
        box = arena.watch.recovery(publisher.published)
        suite.finish(arena, figures, publisher, range(articles), warm_up=1)
        figures.recovery_seconds = arena.recoveries([box], 10)[0]
        check_topic(arena, figures, range(articles))
    return figures

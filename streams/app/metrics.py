"""The worker's Prometheus metrics (`GET /metrics`), and the one function the extract agent calls per
coded article.

Per source and language: articles in, events out, dead letters by stage, events per article (the
yield), the PLOVER type mix (drift shows as a change in its shares) and coding time. Beside them:
the bulk requests' latency (`eventwire_sink_bulk_seconds`, streams.sink.elastic) and the worker
group's consumer lag per partition, refreshed at each scrape from Kafka's own view (the committed
offsets against the log ends, what KEDA's Kafka scaler reads too). deploy/grafana/ charts them;
tests/unit/test_grafana_dashboard.py keeps the dashboard and this module in step.

A feed with many sources would make one time series per source: after `max_sources` distinct
values, further sources are counted under `other`.
"""

from __future__ import annotations

import threading
from typing import Any

from prometheus_client import Counter, Gauge, Histogram

UNKNOWN = "unknown"  # no source or language: the message was never decoded, or had none
OTHER = "other"  # sources beyond the label budget

ARTICLES_IN = Counter(
    "eventwire_articles_total", "Article messages the extract agent handled, by source and language", ["source", "lang"]
)
EVENTS_OUT = Counter(
    "eventwire_events_extracted_total", "Event documents sent to the events topic", ["source", "lang"]
)
EVENTS_BY_TYPE = Counter(
    "eventwire_events_by_type_total", "Events coded, by PLOVER event type (the type mix)", ["source", "lang", "plover"]
)
EVENTS_PER_ARTICLE = Histogram(
    "eventwire_events_per_article",
    "Events coded per article (the yield)",
    ["source", "lang"],
    buckets=(0, 1, 2, 3, 5, 8, 13, 21, 34, 55),
)
CODING_SECONDS = Histogram(
    "eventwire_coding_seconds",
    "Extraction time per article (the pipeline, in the extraction thread)",
    ["source", "lang"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
DEAD_LETTERS = Counter(
    "eventwire_dead_letters_total", "Messages sent to a dead-letter topic", ["topic", "stage", "source", "lang"]
)
DOCS_INDEXED = Counter("eventwire_docs_confirmed_total", "Documents confirmed by Elasticsearch")
CONSUMER_LAG = Gauge(
    "eventwire_consumer_lag",
    "Messages of the worker group not yet committed, per partition (Kafka's view, refreshed at each scrape)",
    ["topic", "partition"],
)


class SourceLabels:
    """Source label values, at most `limit` distinct ones; later sources become `other`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.seen: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, source: str | None) -> str:
        if not source:
            return UNKNOWN
        with self._lock:
            if source in self.seen:
                return source
            if len(self.seen) < self.limit:
                self.seen.add(source)
                return source
        return OTHER


class WorkerMetrics:
    """What the agents report; one per app (the metric objects themselves are process-wide)."""

    def __init__(self, max_sources: int) -> None:
        self.source_label = SourceLabels(max_sources)

    def article(self, outcome: Any) -> None:
        """One article handled by the extract agent (an ExtractOutcome): coded, or dead-lettered."""
        source, lang = self.source_label(outcome.source), outcome.lang or UNKNOWN
        ARTICLES_IN.labels(source, lang).inc()
        if outcome.dead_letter is not None:
            return
        EVENTS_OUT.labels(source, lang).inc(outcome.events)
        EVENTS_PER_ARTICLE.labels(source, lang).observe(outcome.events)
        for plover in outcome.plover_types:
            EVENTS_BY_TYPE.labels(source, lang, plover).inc()
        if outcome.coding_seconds is not None:
            CODING_SECONDS.labels(source, lang).observe(outcome.coding_seconds)

    def dead_letter(self, topic: str, stage: str, source: str | None = None, lang: str | None = None) -> None:
        DEAD_LETTERS.labels(topic, stage, self.source_label(source), lang or UNKNOWN).inc()

    def confirmed(self, documents: int) -> None:
        DOCS_INDEXED.inc(documents)


def refresh_consumer_lag(settings: Any) -> None:
    """Set the lag gauge from Kafka (blocking: run it off the event loop)."""
    from streams.ops.lag import worker_lag

    lags = worker_lag(settings)
    CONSUMER_LAG.clear()
    for item in lags:
        CONSUMER_LAG.labels(item.topic, str(item.partition)).set(max(0, item.lag))

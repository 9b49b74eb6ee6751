"""Elasticsearch with a tiny write pool kept busy by bulk noise, so the worker meets real 429s."""

from __future__ import annotations

import threading
import time
from typing import Any

from chaos.harness import Arena, Figures, Suite, count_in_logs, require_own
from chaos.verify import es_client
from streams.config import Settings


def restart_elasticsearch(settings: Settings, extra_settings: dict[str, Any] | None = None) -> float:
    """Stop our Elasticsearch node and start it again (optionally with extra settings); seconds taken."""
    from streams.stack import elastic

    began = time.monotonic()
    elastic.stop(settings)
    elastic.start(settings, extra_settings=extra_settings)
    return time.monotonic() - began


def scenario_es_429(suite: Suite) -> Figures:
    """Elasticsearch with a one-thread, one-slot write pool, kept busy by concurrent bulk noise, so
    the worker's bulk requests meet real 429 rejections; nothing may be dead-lettered or lost."""
    from streams.stack import elastic

    require_own(elastic, suite.base, "Elasticsearch")
    figures = Figures("es-429")
    articles = suite.profile.es_429_articles
    tiny_pool = {"thread_pool.write.size": 1, "thread_pool.write.queue_size": 1}
    try:
        figures.notes["es_restart_s"] = round(restart_elasticsearch(suite.base, tiny_pool), 1)
        rejected_before = write_rejections(suite.base)
        with Arena(suite.base, "es429", console=suite.console) as arena:
            arena.start("w1")
            arena.start("w2")
            arena.warm_up()
            # The noise runs while the run is published; recovery is from its end until all is indexed.
            noise = BulkNoise(suite.base, f"{arena.run_id}-noise", threads=2).start()
            try:
                publisher = arena.publish_load(articles, suite.profile.rate)
                publisher.join(suite.profile.drain_timeout)
            finally:
                noise.stop()
            box = arena.watch.recovery(publisher.published)
            suite.finish(arena, figures, publisher, range(articles), warm_up=1)
            figures.recovery_seconds = arena.recoveries([box], 10)[0]
            rejected = write_rejections(suite.base) - rejected_before
            figures.notes["es_write_rejections"] = rejected
            figures.notes["noise_bulk_429s"] = noise.rejected
            figures.notes["worker_bulk_retries_logged"] = count_in_logs(arena, "items to resend")
            if rejected == 0:
                figures.problems.append("Elasticsearch rejected nothing: the scenario did not exercise 429s")
            figures.forbid_dead_letters("429 rejections")
    finally:
        restart_elasticsearch(suite.base)
    return figures


def write_rejections(settings: Settings) -> int:
    client = es_client(settings)
    try:
        stats = client.nodes.stats(metric="thread_pool", filter_path="nodes.*.thread_pool.write.rejected")
        return sum(node["thread_pool"]["write"]["rejected"] for node in stats.get("nodes", {}).values())
    finally:
        client.close()


class BulkNoise:
    """Threads bulk-writing small documents into a scratch index to keep the write pool busy."""

    def __init__(self, settings: Settings, index: str, threads: int) -> None:
        self.settings = settings
        self.index = index
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]
        self._stop = threading.Event()
        self.rejected = 0

    def start(self) -> "BulkNoise":
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self.threads:
            thread.join(30)
        client = es_client(self.settings)
        try:
            client.options(ignore_status=404).indices.delete(index=self.index)
        finally:
            client.close()

    def _run(self) -> None:
        client = es_client(self.settings)
        body = []
        for n in range(50):
            body += [{"index": {"_index": self.index}}, {"n": n, "text": "noise " * 20}]
        try:
            while not self._stop.is_set():
                try:
                    result = client.bulk(operations=body)
                    self.rejected += sum(1 for item in result["items"] if item["index"].get("status") == 429)
                except Exception:  # noqa: BLE001 - noise only; a 429 on the whole request is the point
                    self.rejected += 1
                time.sleep(0.01)
        finally:
            client.close()

"""`make chaos`: fault injection on the real local stack, with exact loss and duplicate figures.

Each scenario gets topics, aliases and a consumer group of its own, starts real worker processes,
publishes a verifiable run (`streams.ops.verify`: every article stamped with a run id and a
sequence number) while a fault is injected, waits for the pipeline to drain, and counts what
Elasticsearch holds: articles sent, indexed, missing, duplicate documents, dead letters, and how
long the pipeline took to catch up after each fault. The suite fails unless every missing and
duplicate figure is 0 and no scenario-specific check failed (for example a dead letter for a
transient Elasticsearch outage, or a worker that died while Elasticsearch was away).

    python -m streams.ops.chaos --short   # a few minutes; also run by tests/integration/test_chaos_short.py
    python -m streams.ops.chaos --full    # every scenario, 10,000 articles for the SIGKILL run
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from streams.config import Settings
from streams.ops import isolation
from streams.ops.verify import (
    Publisher,
    Verification,
    expected_events,
    indexed_count,
    publish_now,
    topic_census,
    verify_run,
)
from streams.ops.workers import WorkerHandle, is_alive, log_tail, start_worker, stop_worker

# The group gives a SIGKILLed worker's partitions away after this long (Faust's default is 60 s;
# recorded with the figures).
SESSION_TIMEOUT = 10.0
# A worker holding more than this during an Elasticsearch outage counts as unbounded memory.
RSS_LIMIT_MB = 1024
REPO = Path(__file__).resolve().parents[2]
RESULTS_DIR = REPO / "bench" / "results"


# --- Profiles ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    name: str
    scenarios: tuple[str, ...]
    sigkill_articles: int
    sigkill_kills: int
    sigterm_articles: int
    sigterm_stops: int
    es_down_articles: int
    es_down_seconds: float
    es_429_articles: int
    kafka_restart_articles: int
    rebalance_articles: int
    reread_articles: int
    hostile_good_articles: int
    rate: float  # articles per second while a fault is injected
    fuzz_examples: int
    drain_timeout: float = 300.0


SHORT = Profile(
    name="short",
    scenarios=("sigkill", "sigterm", "es-down", "duplicate-reread"),
    sigkill_articles=1500, sigkill_kills=2,
    sigterm_articles=800, sigterm_stops=1,
    es_down_articles=800, es_down_seconds=15.0,
    es_429_articles=0,
    kafka_restart_articles=0,
    rebalance_articles=0,
    reread_articles=600,
    hostile_good_articles=0,
    rate=40.0,
    fuzz_examples=0,
    drain_timeout=180.0,
)
FULL = Profile(
    name="full",
    scenarios=("sigkill", "sigterm", "es-down", "es-429", "kafka-restart", "rebalance", "duplicate-reread", "hostile-input"),
    sigkill_articles=10_000, sigkill_kills=5,
    sigterm_articles=3000, sigterm_stops=3,
    es_down_articles=4000, es_down_seconds=60.0,
    es_429_articles=4000,
    kafka_restart_articles=4000,
    rebalance_articles=4000,
    reread_articles=2000,
    hostile_good_articles=40,
    rate=50.0,
    fuzz_examples=2000,
)


# --- Figures -------------------------------------------------------------------------------------


@dataclass
class Figures:
    scenario: str
    sent: int = 0
    expected: int = 0  # distinct articles the run must leave in Elasticsearch
    indexed: int = 0
    missing: int = 0
    duplicate_docs: int = 0
    dead_letters: int = 0
    recovery_seconds: float | None = None
    events_indexed: int | None = None
    events_expected: int | None = None
    duplicate_events: int = 0
    seconds: float = 0.0
    notes: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    skipped: str | None = None

    @property
    def passed(self) -> bool:
        return self.skipped is None and self.missing == 0 and self.duplicate_docs == 0 and self.duplicate_events == 0 \
            and not self.problems

    def absorb(self, verification: Verification, sent: int) -> None:
        self.sent = sent
        self.expected = verification.expected
        self.indexed = verification.indexed
        self.missing = len(verification.missing)
        self.duplicate_docs = verification.duplicate_docs + len(verification.unexpected)
        self.duplicate_events = verification.duplicate_events
        self.dead_letters = verification.dead_letter_total
        self.events_indexed = verification.event_docs
        self.events_expected = verification.events_expected
        if verification.missing:
            self.notes["missing_seqs"] = verification.missing[:20]
        if verification.unexpected:
            self.problems.append(f"documents for seqs never published: {verification.unexpected[:10]}")
        if verification.events_match is False:
            self.problems.append(
                f"events in Elasticsearch {verification.event_docs} != offline extraction {verification.events_expected}"
            )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["passed"] = self.passed
        return data


class ScenarioSkipped(Exception):
    """The scenario cannot run here (e.g. the services were not started by the local stack)."""


# --- Arena: one scenario's own topics, indices and workers --------------------------------------


def isolated_settings(base: Settings, label: str, partitions: int) -> Settings:
    return isolation.isolated_settings(
        base, f"chaos-{label}-", partitions=partitions, worker_session_timeout=SESSION_TIMEOUT
    )


def delete_indices(settings: Settings) -> None:
    isolation.drop_indices(settings)


class RssSampler:
    """Samples the resident memory of the arena's workers twice a second; keeps the maximum."""

    def __init__(self) -> None:
        self.pids: dict[int, str] = {}
        self.max_rss: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def watch(self, pid: int, name: str) -> None:
        self.pids[pid] = name

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            for pid, name in list(self.pids.items()):
                rss = rss_of(pid)
                if rss is not None:
                    self.max_rss[name] = max(self.max_rss.get(name, 0), rss)

    @property
    def max_mb(self) -> float:
        return round(max(self.max_rss.values(), default=0) / 2**20, 1)


def rss_of(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


class ProgressWatch:
    """Polls the run's document count in the background and times each fault's recovery: from the
    repair until the count reaches what had been published before the fault."""

    def __init__(self, settings: Settings, run_id: str) -> None:
        self.settings = settings
        self.run_id = run_id
        self.latest = 0
        self.pending: list[tuple[float, int, list[float]]] = []
        self.paused = threading.Event()  # set while Elasticsearch is deliberately down
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="progress-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def recovery(self, target: int) -> list[float]:
        """A box that receives the recovery seconds once `target` documents are visible."""
        box: list[float] = []
        self.pending.append((time.monotonic(), target, box))
        return box

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            if self.paused.is_set():
                continue
            try:
                self.latest = indexed_count(self.settings, self.run_id)
            except Exception:  # noqa: BLE001 - Elasticsearch may be restarting; try again
                continue
            now = time.monotonic()
            for entry in list(self.pending):
                began, target, box = entry
                if self.latest >= target:
                    box.append(now - began)
                    self.pending.remove(entry)


class Arena:
    """Topics, indices and worker processes of one scenario, removed again on exit."""

    def __init__(self, base: Settings, label: str, *, partitions: int = 4, console: Console | None = None) -> None:
        self.settings = isolated_settings(base, label, partitions)
        self.label = label
        self.run_id = self.settings.app_id
        self.console = console or Console(stderr=True)
        self.workers: dict[str, WorkerHandle] = {}
        self.starts: dict[str, int] = {}
        self.unplanned_exits: list[str] = []
        self.sampler = RssSampler()
        self.watch = ProgressWatch(self.settings, self.run_id)
        self.logs: list[Path] = []

    def __enter__(self) -> "Arena":
        from streams.setup import prepare

        prepare(self.settings)
        self.sampler.start()
        self.watch.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        from streams.app.topics import delete_topics

        for name in list(self.workers):
            self.stop(name)
        self.sampler.stop()
        self.watch.stop()
        try:
            delete_topics(self.settings, self.settings.all_topics())
            delete_indices(self.settings)
        except Exception as error:  # noqa: BLE001 - clean-up must not hide the scenario's outcome
            self.console.print(f"[yellow]clean-up of {self.run_id} incomplete: {error}")
        if exc[0] is None:
            for path in self.logs:
                path.unlink(missing_ok=True)

    def start(self, name: str = "w1") -> WorkerHandle:
        self.starts[name] = self.starts.get(name, 0) + 1
        handle = start_worker(self.settings, f"{self.run_id}-{name}", web_port=0)
        self.workers[name] = handle
        self.sampler.watch(handle.pid, name)
        if handle.log_path not in self.logs:
            self.logs.append(handle.log_path)
        return handle

    def publish_raw(self, messages: list[tuple[bytes | None, bytes]]) -> None:
        """(key, value) pairs to the run's articles topic, as they are, each send confirmed."""
        from streams.kafka import producer

        sender = producer(self.settings)
        try:
            for key, value in messages:
                sender.send(self.settings.topic_articles, key=key, value=value).get(timeout=60)
        finally:
            sender.close()

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 60.0) -> tuple[float, bool]:
        """Signal worker `name` and wait for it: (seconds it took, True if it had to be SIGKILLed)."""
        handle = self.workers.pop(name)
        began = time.monotonic()
        killed = stop_worker(handle, sig=sig, timeout=timeout)
        return time.monotonic() - began, killed

    def alive(self, name: str) -> bool:
        handle = self.workers.get(name)
        return handle is not None and is_alive(handle.pid)

    def revive_dead(self) -> None:
        """Restart workers that exited without being told to (counted as unplanned exits)."""
        for name, handle in list(self.workers.items()):
            if not is_alive(handle.pid):
                self.unplanned_exits.append(f"{name} (pid {handle.pid}): {log_tail(handle, 5)[-300:]}")
                self.workers.pop(name)
                self.start(name)

    def indexed(self) -> int:
        return indexed_count(self.settings, self.run_id)

    def wait_indexed(self, target: int, timeout: float, *, revive: bool = True) -> float:
        """Seconds until at least `target` article documents of the run are visible."""
        began = time.monotonic()
        while time.monotonic() - began < timeout:
            if self.indexed() >= target:
                return time.monotonic() - began
            if revive:
                self.revive_dead()
            time.sleep(0.25)
        raise TimeoutError(f"{self.label}: fewer than {target} documents after {timeout:.0f}s (have {self.indexed()})")

    def wait_progress(self, beyond: int, timeout: float) -> int:
        """Until more than `beyond` documents are visible (the worker is up and writing)."""
        self.wait_indexed(beyond + 1, timeout)
        return self.indexed()

    def warm_up(self, timeout: float = 180.0) -> None:
        """Publish seq 0 and wait for its document: the worker has joined the group and is writing."""
        publish_now(self.settings, self.run_id, [0])
        self.wait_indexed(1, timeout)

    def recoveries(self, boxes: list[list[float]], timeout: float) -> list[float | None]:
        deadline = time.monotonic() + timeout
        while any(not box for box in boxes) and time.monotonic() < deadline:
            time.sleep(0.25)
        return [round(box[0], 1) if box else None for box in boxes]

    def drain(self, expected: int, timeout: float) -> float:
        """Until every expected document is visible and the group has committed everything."""
        from streams.ops.lag import total_lag, worker_lag

        began = time.monotonic()
        self.wait_indexed(expected, timeout)
        while time.monotonic() - began < timeout:
            lags = worker_lag(self.settings)
            if total_lag(lags) == 0:
                return time.monotonic() - began
            self.revive_dead()
            time.sleep(0.5)
        raise TimeoutError(f"{self.label}: consumer lag not 0 after {timeout:.0f}s")

    def lag(self) -> int:
        from streams.ops.lag import total_lag, worker_lag

        return total_lag(worker_lag(self.settings))

    def tails(self) -> str:
        return "\n".join(f"--- {p.name}\n" + "\n".join(p.read_text(errors="replace").splitlines()[-30:])
                         for p in self.logs if p.exists())


# --- Scenarios -----------------------------------------------------------------------------------


@dataclass
class Suite:
    base: Settings
    profile: Profile
    console: Console
    reference: "OfflineReference | None" = None

    def expected_events(self, seqs: range | list[int]) -> int | None:
        counts = self.reference.counts() if self.reference is not None else {}
        return expected_events(counts, seqs) if counts else None

    def finish(self, arena: Arena, figures: Figures, publisher: Publisher | None, seqs: range | list[int],
               *, warm_up: int = 0) -> None:
        """Drain, verify and record the common figures."""
        if publisher is not None:
            publisher.join(timeout=self.profile.drain_timeout)
            if publisher.error:
                figures.problems.append(f"publisher: {publisher.error}")
            if publisher.failed:
                figures.problems.append(f"publisher: {len(publisher.failed)} sends failed")
                figures.notes["publisher_failures"] = dict(list(publisher.failed.items())[:5])
            sent = warm_up + publisher.sent
        else:
            sent = len(seqs)
        try:
            figures.notes["drain_seconds"] = round(arena.drain(len(seqs), self.profile.drain_timeout), 1)
        except TimeoutError as error:
            figures.problems.append(str(error))
            figures.notes["worker_logs"] = arena.tails()[-3000:]
        figures.absorb(verify_run(arena.settings, arena.run_id, seqs, events_expected=self.expected_events(seqs)), sent)
        figures.notes["max_worker_rss_mb"] = arena.sampler.max_mb
        if arena.unplanned_exits:
            figures.notes["unplanned_worker_exits"] = arena.unplanned_exits


def kill_during_run(suite: Suite, label: str, articles: int, faults: int, sig: int) -> Figures:
    """Publish `articles` at the profile rate; signal the worker `faults` times, evenly spread over
    the publishing, each time once the restarted worker is writing again; restart it at once.
    Recovery: from the restart until everything published before the signal is indexed."""
    figures = Figures(label)
    rng = random.Random(articles * 31 + faults)
    with Arena(suite.base, label, console=suite.console) as arena:
        arena.start("w1")
        arena.warm_up()
        publisher = Publisher(arena.settings, arena.run_id, articles - 1, rate=suite.profile.rate, start_seq=1).start()
        boxes: list[list[float]] = []
        lag_at_signal: list[int] = []
        stop_seconds: list[float] = []
        hard_kills = 0
        for fault in range(faults):
            threshold = (fault + 1) * articles // (faults + 1)
            while publisher.sent < threshold and not publisher.done:
                time.sleep(0.05)
            arena.wait_progress(arena.indexed(), 180)  # the (re)started worker is writing
            time.sleep(rng.uniform(0.05, 0.5))
            lag_at_signal.append(arena.lag())
            published_before = 1 + publisher.sent
            seconds, killed = arena.stop("w1", sig=sig)
            stop_seconds.append(round(seconds, 2))
            hard_kills += killed
            arena.start("w1")
            boxes.append(arena.watch.recovery(published_before))
        figures.notes["published_during_faults"] = not publisher.done
        suite.finish(arena, figures, publisher, range(articles), warm_up=1)
        recoveries = arena.recoveries(boxes, 10)
        figures.recovery_seconds = max((r for r in recoveries if r is not None), default=None)
        figures.notes.update({
            "signal": signal.Signals(sig).name,
            "faults": faults,
            "lag_at_signal": lag_at_signal,
            "recoveries_s": recoveries,
            "session_timeout_s": SESSION_TIMEOUT,
        })
        if not figures.notes["published_during_faults"]:
            figures.problems.append("the publisher finished before the last fault: not a fault under load")
        if sig == signal.SIGTERM:
            figures.notes["graceful_stop_s"] = stop_seconds
            if hard_kills:
                figures.problems.append(f"{hard_kills} graceful stop(s) had to be finished with SIGKILL")
    return figures


def scenario_sigkill(suite: Suite) -> Figures:
    return kill_during_run(suite, "sigkill", suite.profile.sigkill_articles, suite.profile.sigkill_kills, signal.SIGKILL)


def scenario_sigterm(suite: Suite) -> Figures:
    return kill_during_run(suite, "sigterm", suite.profile.sigterm_articles, suite.profile.sigterm_stops, signal.SIGTERM)


def _stack_elastic():
    from streams.stack import elastic

    return elastic


def _require_own(component: Any, settings: Settings, what: str) -> None:
    if component.running_pid(settings) is None:
        raise ScenarioSkipped(f"{what} was not started by `eventwire stack up`; cannot stop it here")


def restart_elasticsearch(settings: Settings, extra_settings: dict[str, Any] | None = None) -> float:
    """Stop our Elasticsearch node and start it again (optionally with extra settings); seconds taken."""
    elastic = _stack_elastic()
    began = time.monotonic()
    elastic.stop(settings)
    elastic.start(settings, extra_settings=extra_settings)
    return time.monotonic() - began


def scenario_es_down(suite: Suite) -> Figures:
    """Elasticsearch stopped under load for a while, then started: no crash, no dead letters for
    the transient outage, lag drains, memory bounded. Recovery: from Elasticsearch healthy again
    until everything published by then is indexed."""
    elastic = _stack_elastic()
    _require_own(elastic, suite.base, "Elasticsearch")
    figures = Figures(f"es-down-{suite.profile.es_down_seconds:.0f}s")
    articles = suite.profile.es_down_articles
    with Arena(suite.base, "esdown", console=suite.console) as arena:
        worker = arena.start("w1")
        arena.warm_up()
        publisher = Publisher(arena.settings, arena.run_id, articles - 1, rate=suite.profile.rate, start_seq=1).start()
        while publisher.sent < articles // 4 and not publisher.done:
            time.sleep(0.1)
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
        box = arena.watch.recovery(1 + publisher.sent)
        suite.finish(arena, figures, publisher, range(articles), warm_up=1)
        figures.recovery_seconds = arena.recoveries([box], 10)[0]
        figures.notes["max_worker_rss_before_outage_mb"] = rss_before
        figures.notes["worker_bulk_retries_logged"] = count_in_logs(arena, "items to resend")
        if figures.dead_letters:
            figures.problems.append(f"{figures.dead_letters} dead letters for a transient outage")
        if arena.starts.get("w1", 0) > 1 or arena.unplanned_exits:
            figures.problems.append("the worker restarted (crash loop)")
        if figures.notes["max_worker_rss_mb"] > RSS_LIMIT_MB:
            figures.problems.append(f"worker RSS {figures.notes['max_worker_rss_mb']} MB over {RSS_LIMIT_MB} MB")
    return figures


def scenario_es_429(suite: Suite) -> Figures:
    """Elasticsearch with a one-thread, one-slot write pool, kept busy by concurrent bulk noise, so
    the worker's bulk requests meet real 429 rejections; nothing may be dead-lettered or lost."""
    elastic = _stack_elastic()
    _require_own(elastic, suite.base, "Elasticsearch")
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
                publisher = Publisher(arena.settings, arena.run_id, articles - 1, rate=suite.profile.rate,
                                      start_seq=1).start()
                publisher.join(suite.profile.drain_timeout)
            finally:
                noise.stop()
            box = arena.watch.recovery(1 + publisher.sent)
            suite.finish(arena, figures, publisher, range(articles), warm_up=1)
            figures.recovery_seconds = arena.recoveries([box], 10)[0]
            rejected = write_rejections(suite.base) - rejected_before
            figures.notes["es_write_rejections"] = rejected
            figures.notes["noise_bulk_429s"] = noise.rejected
            figures.notes["worker_bulk_retries_logged"] = count_in_logs(arena, "items to resend")
            if rejected == 0:
                figures.problems.append("Elasticsearch rejected nothing: the scenario did not exercise 429s")
            if figures.dead_letters:
                figures.problems.append(f"{figures.dead_letters} dead letters for 429 rejections")
    finally:
        restart_elasticsearch(suite.base)
    return figures


def count_in_logs(arena: Arena, needle: str) -> int:
    return sum(path.read_text(errors="replace").count(needle) for path in arena.logs if path.exists())


def write_rejections(settings: Settings) -> int:
    from streams.ops.verify import es_client

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
        from streams.ops.verify import es_client

        self._stop.set()
        for thread in self.threads:
            thread.join(30)
        client = es_client(self.settings)
        try:
            client.options(ignore_status=404).indices.delete(index=self.index)
        finally:
            client.close()

    def _run(self) -> None:
        from streams.ops.verify import es_client

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


def scenario_kafka_restart(suite: Suite) -> Figures:
    """The broker restarted under load: the publisher's idempotent acks=all producer loses and
    doubles nothing (checked on the topic itself), and the pipeline catches up. Recovery: from the
    broker answering again until everything published by then is indexed."""
    from streams.stack import kafka

    _require_own(kafka, suite.base, "Kafka")
    figures = Figures("kafka-restart")
    articles = suite.profile.kafka_restart_articles
    with Arena(suite.base, "kafka", console=suite.console) as arena:
        arena.start("w1")
        arena.warm_up()
        publisher = Publisher(arena.settings, arena.run_id, articles - 1, rate=suite.profile.rate, start_seq=1).start()
        while publisher.sent < articles // 3 and not publisher.done:
            time.sleep(0.1)
        began = time.monotonic()
        try:
            kafka.stop(suite.base)
        finally:
            kafka.start(suite.base)
        figures.notes["broker_down_s"] = round(time.monotonic() - began, 1)
        figures.notes["published_during_restart"] = not publisher.done
        time.sleep(2)  # let the publisher's retried sends settle before counting what was acked
        box = arena.watch.recovery(1 + publisher.sent)
        suite.finish(arena, figures, publisher, range(articles), warm_up=1)
        figures.recovery_seconds = arena.recoveries([box], 10)[0]
        census = topic_census(arena.settings, arena.run_id, range(articles))
        figures.notes["topic_records"] = census.records
        if census.missing or census.doubled:
            figures.problems.append(
                f"articles topic: {len(census.missing)} seqs missing, {len(census.doubled)} doubled by the publisher"
            )
    return figures


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


def scenario_duplicate_reread(suite: Suite) -> Figures:
    """Every tenth article published twice; then, with the worker stopped, partition 0 of the
    articles topic rewound to its start and read again: documents are overwritten, never doubled."""
    from kafka import TopicPartition
    from kafka.structs import OffsetAndMetadata

    from streams.kafka import admin_client

    figures = Figures("duplicate+reread")
    articles = suite.profile.reread_articles
    seqs = range(articles)
    with Arena(suite.base, "reread", partitions=2, console=suite.console) as arena:
        arena.start("w1")
        publish_now(arena.settings, arena.run_id, seqs)
        doubled = publish_now(arena.settings, arena.run_id, range(0, articles, 10))
        arena.drain(articles, suite.profile.drain_timeout)
        first = verify_run(arena.settings, arena.run_id, seqs)
        if first.duplicate_docs or first.missing:
            figures.problems.append(f"after the double publish: {first.duplicate_docs} duplicates, "
                                    f"{len(first.missing)} missing")
        arena.stop("w1")
        rewound = TopicPartition(arena.settings.topic_articles, 0)
        admin = admin_client(arena.settings)
        try:
            admin.alter_group_offsets(arena.run_id, {rewound: OffsetAndMetadata(0, "", -1)})
        finally:
            admin.close()
        rewind_time = datetime.now(UTC).isoformat(timespec="milliseconds")
        reread = partition_records(arena.settings, rewound)
        arena.start("w1")
        restarted = time.monotonic()
        suite.finish(arena, figures, None, seqs)
        figures.recovery_seconds = round(time.monotonic() - restarted, 1)
        figures.sent = articles + doubled
        rewritten = documents_written_since(arena.settings, arena.run_id, rewind_time)
        figures.notes.update({"published_twice": doubled, "reread_records": reread, "docs_rewritten": rewritten})
        if rewritten == 0 and reread:
            figures.problems.append("partition 0 was rewound but no document was rewritten")
    return figures


def partition_records(settings: Settings, partition: Any) -> int:
    from streams.kafka import consumer

    reader = consumer(settings)
    try:
        return reader.end_offsets([partition])[partition] - reader.beginning_offsets([partition])[partition]
    finally:
        reader.close()


def documents_written_since(settings: Settings, run_id: str, since: str) -> int:
    from streams.ops.verify import es_client

    client = es_client(settings)
    try:
        client.indices.refresh(index=settings.articles_alias)
        query = {"bool": {"filter": [{"term": {"run_id": run_id}}, {"range": {"event.ingested": {"gte": since}}}]}}
        return int(client.count(index=settings.articles_alias, query=query)["count"])
    finally:
        client.close()


def scenario_hostile_input(suite: Suite) -> Figures:
    """Hostile and broken messages between good ones: each good one indexed, each bad one a dead
    letter or a graceful result, the worker never stops."""
    figures = Figures("hostile-input")
    good = suite.profile.hostile_good_articles
    hostile = hostile_messages(suite.base.max_message_bytes)
    with Arena(suite.base, "hostile", partitions=2, console=suite.console) as arena:
        worker = arena.start("w1")
        messages = interleave(arena.run_id, good, hostile)
        arena.publish_raw(messages)
        suite.finish(arena, figures, None, range(good))
        figures.sent = len(messages)
        figures.notes["hostile_messages"] = len(hostile)
        outcomes = hostile_outcomes(arena.settings, hostile)
        figures.notes["outcomes"] = {h.label: outcomes[h.label].describe() for h in hostile}
        wrong = [h.label for h in hostile if outcomes[h.label].kind != h.expect]
        if wrong:
            figures.problems.append(f"unexpected outcome for: {', '.join(wrong)}")
        if not is_alive(worker.pid) or arena.unplanned_exits:
            figures.problems.append("the worker stopped on hostile input")
    return figures


# --- Hostile input -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    label: str
    key: bytes
    value: bytes
    # "dead letter" when the message must be refused, "indexed" when it must be handled gracefully
    expect: str


def hostile_messages(max_message_bytes: int) -> list[Hostile]:
    """Broken and hostile article messages, each with what the pipeline must do with it."""
    import orjson

    def article(ident: str, text: str, **extra: Any) -> bytes:
        return orjson.dumps({"id": ident, "lang": extra.pop("lang", "en"), "text": text, **extra})

    # Deeper than any JSON parser's nesting limit; built by hand since no encoder would write it.
    deep = b'{"id": "hostile-deep", "text": "Putin met Erdogan.", "extra": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}"
    def sized(ident: str, size: int) -> bytes:
        """An article message of exactly `size` bytes: one real sentence, then filler prose."""
        head = orjson.dumps({"id": ident, "lang": "en", "text": "Putin met Erdogan in Moscow on Monday. "})
        filler = "The weather was mild and markets were calm. "
        room = size - len(head)
        text = "Putin met Erdogan in Moscow on Monday. " + filler * (room // len(filler)) + "x" * (room % len(filler))
        message = orjson.dumps({"id": ident, "lang": "en", "text": text})
        assert len(message) == size
        return message

    return [
        Hostile("invalid JSON", b"hostile-json", b'{"id": "hostile-json", "text": "unterminated', "dead letter"),
        Hostile("wrong schema", b"hostile-schema", orjson.dumps({"id": 42, "body": "no text field"}), "dead letter"),
        Hostile("JSON array", b"hostile-array", b'[1, 2, 3]', "dead letter"),
        Hostile("binary junk", b"hostile-binary", bytes(range(256)) * 8, "dead letter"),
        Hostile("invalid UTF-8", b"hostile-utf8", b'{"id": "hostile-utf8", "text": "caf\xc3\x28 \xff\xfe"}', "dead letter"),
        Hostile("empty value", b"hostile-empty", b"", "dead letter"),
        Hostile("10 MB article (at the size limit)", b"hostile-10mb", sized("hostile-10mb", max_message_bytes),
                "indexed"),
        Hostile("over the size limit", b"hostile-oversize", sized("hostile-oversize", max_message_bytes + 1024),
                "dead letter"),
        Hostile("deeply nested JSON", b"hostile-deep", deep, "dead letter"),
        Hostile("empty text", b"hostile-empty-text", article("hostile-empty-text", ""), "indexed"),
        Hostile("whitespace text", b"hostile-blank", article("hostile-blank", " \n\t " * 100), "indexed"),
        Hostile("one letter repeated", b"hostile-aaaa", article("hostile-aaaa", "a" * 150_000), "indexed"),
        Hostile("diacritics run", b"hostile-diacritics",
                article("hostile-diacritics", "ب" + "\u064e\u0651\u064b\u0652" * 40_000, lang="ar"), "indexed"),
        Hostile("HTML with scripts", b"hostile-html",
                article("hostile-html", "<html><script>alert('x')</script><style>p{}</style><p>Putin met "
                        "<b>Erdogan</b> in Ankara.</p><img src=x onerror=alert(1)></html>"), "indexed"),
        Hostile("null bytes and controls", b"hostile-controls",
                article("hostile-controls", "Putin\x00 met\x07 Erdogan\x1b[31m in Moscow.\u202e"), "indexed"),
        Hostile("lone surrogate escape", b"hostile-surrogate",
                b'{"id": "hostile-surrogate", "text": "Putin \\ud800 met Erdogan."}', "dead letter"),
    ]


@dataclass(frozen=True)
class Outcome:
    kind: str  # "dead letter", "indexed" or "lost"
    stage: str | None = None
    reason: str | None = None

    def describe(self) -> str:
        return self.kind if self.stage is None else f"{self.kind} ({self.stage}: {(self.reason or '')[:120]})"


def hostile_outcomes(settings: Settings, hostile: list[Hostile]) -> dict[str, Outcome]:
    """What became of each hostile message: its dead letter (by key), its article document, or nothing."""
    from streams.ids import article_doc_id
    from streams.ops.dlq import read_letters
    from streams.ops.verify import es_client

    letters = {s.letter.key: s.letter for s in read_letters(settings, settings.topic_articles_dlq)}
    client = es_client(settings)
    try:
        client.indices.refresh(index=settings.articles_alias)
        outcomes = {}
        for message in hostile:
            letter = letters.get(message.key)
            if letter is not None:
                outcomes[message.label] = Outcome("dead letter", letter.stage, letter.reason)
                continue
            found = client.options(ignore_status=404).get(
                index=settings.articles_alias, id=article_doc_id(message.key.decode()), source_includes=["article_id"]
            )
            outcomes[message.label] = Outcome("indexed" if found.get("found") else "lost")
        return outcomes
    finally:
        client.close()


def interleave(run_id: str, good: int, hostile: list[Hostile]) -> list[tuple[bytes | None, bytes]]:
    """Good articles with the hostile messages spread between them."""
    from streams.ops.verify import encode, make_article

    goods = [encode(make_article(run_id, seq)) for seq in range(good)]
    out: list[tuple[bytes | None, bytes]] = []
    step = max(1, good // (len(hostile) + 1))
    for index, message in enumerate(goods):
        out.append(message)
        slot = index // step
        if index % step == step - 1 and slot < len(hostile):
            out.append((hostile[slot].key, hostile[slot].value))
    placed = min(len(hostile), good // step)
    out += [(h.key, h.value) for h in hostile[placed:]]
    return out


# --- Fuzz ----------------------------------------------------------------------------------------


def run_fuzz(examples: int, console: Console) -> dict[str, Any]:
    """The decoder fuzz test with `examples` inputs per property; returns the counts it printed."""
    command = [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
               str(REPO / "tests" / "property" / "test_decoder_fuzz.py")]
    env = {**os.environ, "FUZZ_MAX_EXAMPLES": str(examples)}
    began = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, check=False)
    tried = {}
    for line in result.stdout.splitlines():
        if line.startswith("fuzz:"):
            _, name, count = line.split()
            tried[name] = int(count)
    if result.returncode != 0:
        console.print(result.stdout[-3000:])
    return {"passed": result.returncode == 0, "inputs_tried": tried, "total": sum(tried.values()),
            "seconds": round(time.monotonic() - began, 1)}


# --- Suite ---------------------------------------------------------------------------------------

SCENARIOS: dict[str, Callable[[Suite], Figures]] = {
    "sigkill": scenario_sigkill,
    "sigterm": scenario_sigterm,
    "es-down": scenario_es_down,
    "es-429": scenario_es_429,
    "kafka-restart": scenario_kafka_restart,
    "rebalance": scenario_rebalance,
    "duplicate-reread": scenario_duplicate_reread,
    "hostile-input": scenario_hostile_input,
}


class OfflineReference:
    """Offline event counts per text variant, computed in a new process started with the scenario:
    the same code and dictionaries its freshly started workers load (this long-lived process may
    hold older ones). Runs beside the scenario; `counts()` waits for it."""

    PROGRAM = ("import json; from streams.extract import load_pipeline; "
               "from streams.ops.verify import offline_event_counts; "
               "print(json.dumps(offline_event_counts(load_pipeline())))")

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", self.PROGRAM], stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True, cwd=REPO)

        self._counts: dict[int, int] | None = None

    def counts(self) -> dict[int, int]:
        if self._counts is None:
            out, _ = self.process.communicate(timeout=300)
            parsed = json.loads(out.splitlines()[-1]) if self.process.returncode == 0 and out.strip() else {}
            self._counts = {int(variant): count for variant, count in parsed.items()}
        return self._counts


def run_suite(base: Settings, profile: Profile, *, only: list[str] | None = None,
              console: Console | None = None) -> list[Figures]:
    console = console or Console(stderr=True)
    suite = Suite(base, profile, console)
    results = []
    for name in only or profile.scenarios:
        console.rule(f"[bold]{name}")
        began = time.monotonic()
        suite.reference = OfflineReference()
        try:
            figures = SCENARIOS[name](suite)
        except ScenarioSkipped as reason:
            figures = Figures(name, skipped=str(reason))
        except Exception as error:  # noqa: BLE001 - one broken scenario must not hide the others
            figures = Figures(name, problems=[f"{type(error).__name__}: {error}"])
        figures.seconds = round(time.monotonic() - began, 1)
        console.print(summary_line(figures))
        results.append(figures)
    return results


def summary_line(f: Figures) -> str:
    state = "[green]ok" if f.passed else ("[yellow]skipped" if f.skipped else "[red]FAILED")
    text = (f"{state}[/] {f.scenario}: sent {f.sent}, indexed {f.indexed}, missing {f.missing}, "
            f"duplicates {f.duplicate_docs}, dead letters {f.dead_letters}, recovery {f.recovery_seconds}s")
    if f.problems:
        text += " — " + "; ".join(f.problems)
    return text


def table(results: list[Figures], title: str) -> Table:
    out = Table(title=title)
    for column in ("scenario", "sent", "indexed", "missing", "duplicate docs", "dead letters",
                   "recovery (s)", "events idx/exp", "max RSS MB", "result"):
        out.add_column(column, justify="left" if column in ("scenario", "result") else "right")
    for f in results:
        result = "ok" if f.passed else (f"skipped: {f.skipped}" if f.skipped else "FAILED: " + "; ".join(f.problems))
        events = "" if f.events_indexed is None else f"{f.events_indexed}/{f.events_expected}"
        out.add_row(
            f.scenario, str(f.sent), str(f.indexed), str(f.missing), str(f.duplicate_docs), str(f.dead_letters),
            "" if f.recovery_seconds is None else f"{f.recovery_seconds:.1f}", events,
            str(f.notes.get("max_worker_rss_mb", "")), result,
            style=None if f.passed else "red",
        )
    return out


def write_json(results: list[Figures], profile: Profile, fuzz: dict[str, Any] | None, started: datetime) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"chaos-{started.strftime('%Y%m%dT%H%M%SZ')}.json"
    payload = {
        "profile": profile.name,
        "started": started.isoformat(timespec="seconds"),
        "passed": all(f.passed or f.skipped for f in results) and (fuzz is None or fuzz["passed"]),
        "scenarios": [f.to_dict() for f in results],
        "fuzz": fuzz,
    }
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m streams.ops.chaos", description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--short", action="store_true", help="the few-minute version (CI)")
    size.add_argument("--full", action="store_true", help="every scenario at full size (default)")
    parser.add_argument("--only", nargs="+", choices=sorted(SCENARIOS), help="run just these scenarios")
    parser.add_argument("--no-fuzz", action="store_true", help="skip the decoder fuzz run")
    args = parser.parse_args(argv)
    profile = SHORT if args.short else FULL
    console = Console(stderr=True)
    started = datetime.now(UTC)
    results = run_suite(Settings(), profile, only=args.only, console=console)
    fuzz = None if args.no_fuzz or not profile.fuzz_examples else run_fuzz(profile.fuzz_examples, console)
    out = Console()
    if not out.is_terminal:
        out = Console(width=200)
    out.print(table(results, f"chaos ({profile.name}) {started:%Y-%m-%d %H:%M} UTC"))
    if fuzz is not None:
        out.print(f"decoder fuzz: {fuzz['total']} inputs tried {fuzz['inputs_tried']}, "
                        f"{'passed' if fuzz['passed'] else 'FAILED'} in {fuzz['seconds']}s")
    path = write_json(results, profile, fuzz, started)
    console.print(f"figures written to {path}")
    skipped = [f for f in results if f.skipped]
    failed = [f for f in results if not f.passed and not f.skipped]
    if skipped:
        console.print(f"[yellow]{len(skipped)} scenario(s) skipped")
    ok = not failed and (fuzz is None or fuzz["passed"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

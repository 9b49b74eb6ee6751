"""The pieces every scenario shares: its figures, its arena (own topics, indices and worker
processes), the progress watch that times recoveries, and the offline reference event counts."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

from chaos.profiles import Profile
from chaos.verify import (
    Publisher,
    Verification,
    expected_events,
    indexed_count,
    publish_now,
    topic_census,
    verify_run,
)
from streams.config import Settings
from streams.ops import isolation
from streams.ops.workers import WorkerHandle, is_alive, log_tail, start_worker, stop_worker

# The group gives a SIGKILLed worker's partitions away after this long (Faust's default is 60 s;
# recorded with the figures).
SESSION_TIMEOUT = 10.0
# A worker holding more than this during an Elasticsearch outage counts as unbounded memory.
RSS_LIMIT_MB = 1024
REPO = Path(__file__).resolve().parents[1]


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

    def record_recoveries(self, recoveries: list[float | None]) -> None:
        """A scenario of several faults: its recovery is the slowest one, and each is in the notes."""
        self.recovery_seconds = max((r for r in recoveries if r is not None), default=None)
        self.notes["recoveries_s"] = recoveries

    def forbid_dead_letters(self, cause: str) -> None:
        """Every dead letter is a problem: nothing was wrong with the messages, only `cause`."""
        if self.dead_letters:
            self.problems.append(f"{self.dead_letters} dead letters for {cause}")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["passed"] = self.passed
        return data


class ScenarioSkipped(Exception):
    """The scenario cannot run here (e.g. the services were not started by the local stack)."""


def seconds_until(check: Callable[[], Any], timeout: float, interval: float) -> float | None:
    """Seconds until `check()` holds, asked every `interval` seconds (an exception counts as not yet:
    the cluster may be electing, reallocating or starting); None after `timeout`."""
    from streams.stack.common import wait_until

    began = time.monotonic()

    def holds() -> bool:
        try:
            return bool(check())
        except Exception:  # noqa: BLE001 - metadata in flux, a node still starting: ask again
            return False

    return round(time.monotonic() - began, 1) if wait_until(holds, timeout=timeout, interval=interval) else None


def isolated_settings(base: Settings, label: str, partitions: int) -> Settings:
    return isolation.isolated_settings(
        base, f"chaos-{label}-", partitions=partitions, worker_session_timeout=SESSION_TIMEOUT
    )


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
        self.keep_logs = False

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
            isolation.drop_indices(self.settings)
        except Exception as error:  # noqa: BLE001 - clean-up must not hide the scenario's outcome
            self.console.print(f"[yellow]clean-up of {self.run_id} incomplete: {error}")
        if exc[0] is None and not self.keep_logs:
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

    def publish_load(self, articles: int, rate: float, *, make: Callable[[str, int], dict[str, Any]] | None = None
                     ) -> Publisher:
        """Seqs 1 to `articles` - 1 published at `rate` in the background (seq 0 is the warm-up's)."""
        return Publisher(self.settings, self.run_id, articles - 1, rate=rate, start_seq=1, make=make).start()

    def under_load(self, articles: int, rate: float, *, workers: int = 1,
                   make: Callable[[str, int], dict[str, Any]] | None = None) -> Publisher:
        """`workers` workers (w1, w2, ...) started and warmed up, then the run's articles published."""
        for n in range(1, workers + 1):
            self.start(f"w{n}")
        self.warm_up()
        return self.publish_load(articles, rate, make=make)

    def fault_moments(self, publisher: Publisher, articles: int, faults: int, rng: random.Random) -> Iterator[int]:
        """`faults` moments spread evenly over the publishing, each once the (re)started worker is
        writing again, a random 0.05-0.5 s into it."""
        for fault in range(faults):
            publisher.wait_sent((fault + 1) * articles // (faults + 1), interval=0.05)
            self.wait_progress(self.indexed(), 180)  # the (re)started worker is writing
            time.sleep(rng.uniform(0.05, 0.5))
            yield fault

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

    def dump_stacks(self) -> list[str]:
        """Ask every live worker for its threads' and tasks' stacks (mode's worker prints them to its
        log on SIGUSR1) and keep the logs after the scenario: the evidence of a stall."""
        for handle in self.workers.values():
            if is_alive(handle.pid):
                os.kill(handle.pid, signal.SIGUSR1)
        time.sleep(2.0)
        self.keep_logs = True
        return [str(path) for path in self.logs]

    def lag_by_partition(self) -> dict[str, str] | str:
        """Where a stalled run stands, for its report: committed/end offset of each partition consumed."""
        from streams.ops.lag import worker_lag

        try:
            return {f"{p.topic}[{p.partition}]": f"{p.committed}/{p.end}" for p in worker_lag(self.settings)}
        except Exception as error:  # noqa: BLE001 - a diagnostic must not hide the scenario's outcome
            return f"unavailable: {error}"

    def tails(self) -> str:
        return "\n".join(f"--- {p.name}\n" + "\n".join(p.read_text(errors="replace").splitlines()[-30:])
                         for p in self.logs if p.exists())


def count_in_logs(arena: Arena, needle: str) -> int:
    return sum(path.read_text(errors="replace").count(needle) for path in arena.logs if path.exists())


def check_topic(arena: Arena, figures: Figures, seqs: range) -> None:
    """What the articles topic itself holds for the run: the publisher's idempotent acks=all producer
    lost and doubled nothing."""
    census = topic_census(arena.settings, arena.run_id, seqs)
    figures.notes["topic_records"] = census.records
    if census.missing or census.doubled:
        figures.problems.append(
            f"articles topic: {len(census.missing)} seqs missing, {len(census.doubled)} doubled by the publisher"
        )


def require_own(component: Any, settings: Settings, what: str) -> None:
    """Skip unless `component` (streams.stack.kafka or .elastic) runs from our state directory."""
    if component.running_pid(settings) is None:
        raise ScenarioSkipped(f"{what} was not started by `eventwire stack up`; cannot stop it here")


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
            figures.notes["lag_at_timeout"] = arena.lag_by_partition()
            figures.notes["stacks_in"] = arena.dump_stacks()
        figures.absorb(verify_run(arena.settings, arena.run_id, seqs, events_expected=self.expected_events(seqs)), sent)
        figures.notes["max_worker_rss_mb"] = arena.sampler.max_mb
        if arena.unplanned_exits:
            figures.notes["unplanned_worker_exits"] = arena.unplanned_exits


class OfflineReference:
    """Offline event counts per text variant, computed in a new process started with the scenario:
    the same code and dictionaries its freshly started workers load (this long-lived process may
    hold older ones). Runs beside the scenario; `counts()` waits for it."""

    PROGRAM = ("import json; from streams.extract import load_pipeline; "
               "from chaos.verify import offline_event_counts; "
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

"""End to end on the local stack: throughput, publish-to-searchable latency, worker memory, ceilings.

    .venv/bin/python bench/e2e.py [--rate 100] [--rate-seconds 20] [--density wire|dense] [--json out.json]
    .venv/bin/python bench/e2e.py --phases fixed --incidents both --pairs 3 --rates 20,50 [--variant NAME=JSON]

The second form measures only what incidents cost: rounds of a worker without incidents and one with
them (and one per --variant: incidents on with other settings), in rotating order, each worker at
every rate in turn; per rate, each configuration's latency ratio to the round's run without
incidents, and the CPU per article of the worker, Elasticsearch and the broker.

Everything runs on topics, indices and a consumer group of its own (`unique_settings`, 4
partitions), removed at the end. Phases:

-1. one worker with incidents OFF (`EVENTWIRE_INCIDENTS_ENABLED=false`: no evidence, no incidents
    agent, article documents indexed instead of merged), warm-up, the fixed rate: the reference
    for the incidents overhead; then stopped (`--incidents on` skips it);
0. one worker (incidents on, as deployed), warm-up, then articles published at a fixed rate
   (default 100/s): latency; the ratio to phase -1 is `incidents_overhead` (target: within 10%);
1. the same worker at saturation: a backlog published as fast as possible;
1b. that worker restarted with one extraction thread (EVENTWIRE_EXTRACT_THREADS=1) and saturated
   again, against phase 1's `extract_threads` (the cores the worker may use): the threads figure;
2. a second worker joins the group (two partitions each), warm-up;
3. the fixed rate again, to the two workers: latency;
4. two workers at saturation;
5. the raw ceilings on the same data (see ceilings.py), with the workers stopped.

Latency is publish-to-searchable, measured by polling search: each article's publish time is
stamped when it is handed to the producer, and it counts as searchable when a `_search` on the
articles alias (terms on `article_id`) returns its article document. The article document is
the last document the worker writes for an article (it travels with the article's events in one
record and is written after them), so when it is visible its events are too. Polling is the honest measure: `event.ingested` + the refresh
interval would only estimate when a refresh happens to make the document visible, and would miss
time spent in the bulk request itself. Resolution is the poll interval (50 ms at the fixed rate,
200 ms at saturation) plus one search round trip; detection times are taken when the answer
arrives, so they err late, never early.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import ceilings  # noqa: E402
import corpus  # noqa: E402
from processes import cpu_seconds  # noqa: E402

from streams.config import Settings  # noqa: E402

STARTED = time.monotonic()


def say(text: str) -> None:
    print(f"  [{time.monotonic() - STARTED:6.1f}s] {text}")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


# --- worker process figures ---------------------------------------------------------------------


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class ProcessSampler:
    """RSS of the worker processes every half second while a phase runs."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.samples: dict[int, list[float]] = {pid: [] for pid in pids}
        self._task: asyncio.Task | None = None
        self._cpu_start: dict[int, float] = {}
        self._t0 = 0.0
        self.cpu_share: dict[int, float] = {}

    async def _run(self) -> None:
        while True:
            for pid in self.pids:
                value = rss_mb(pid)
                if value is not None:
                    self.samples[pid].append(value)
            await asyncio.sleep(0.5)

    def start(self) -> None:
        self._t0 = time.perf_counter()
        self._cpu_start = {pid: cpu_seconds(pid) for pid in self.pids}
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        elapsed = time.perf_counter() - self._t0
        self.cpu_share = {pid: (cpu_seconds(pid) - self._cpu_start[pid]) / elapsed for pid in self.pids}
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    def steady_rss(self) -> dict[int, float]:
        """Median of the second half of the samples (start-up growth excluded)."""
        return {pid: statistics.median(s[len(s) // 2 :]) for pid, s in self.samples.items() if s}

    def peak_rss(self) -> dict[int, float]:
        return {pid: max(s) for pid, s in self.samples.items() if s}


# --- publishing and search visibility ----------------------------------------------------------


@dataclass
class Tracker:
    """Publish and searchable times (time.time()) per article id."""

    poll_failures: int = 0  # searches that failed: the stack was disrupted during the run
    published: dict[str, float] = field(default_factory=dict)
    visible: dict[str, float] = field(default_factory=dict)
    outstanding: dict[str, float] = field(default_factory=dict)

    def sent(self, article_id: str, at: float) -> None:
        self.published[article_id] = at
        self.outstanding[article_id] = at

    def latencies(self, ids: list[str]) -> list[float]:
        return [self.visible[i] - self.published[i] for i in ids if i in self.visible]


async def poll_visibility(client: Any, alias: str, tracker: Tracker, interval: float, window: int, stop: asyncio.Event) -> None:
    """Search for the oldest `window` outstanding ids every `interval` seconds, until `stop`."""
    while not stop.is_set():
        ids = list(itertools.islice(tracker.outstanding, window))
        if ids:
            try:
                response = await client.search(
                    index=alias, query={"terms": {"article_id": ids}}, size=len(ids),
                    source_includes=["article_id"], track_total_hits=False,
                )
            except Exception as exc:  # noqa: BLE001 - a slow answer must not end the measurement
                tracker.poll_failures += 1
                if tracker.poll_failures <= 3 or tracker.poll_failures % 100 == 0:
                    print(f"  (visibility poll {tracker.poll_failures} failed: {type(exc).__name__}: {exc})", file=sys.stderr)
                await asyncio.sleep(interval)
                continue
            now = time.time()
            for hit in response.body["hits"]["hits"]:
                article_id = hit["_source"]["article_id"]
                if tracker.outstanding.pop(article_id, None) is not None:
                    tracker.visible[article_id] = now
        try:
            await asyncio.wait_for(stop.wait(), interval)
        except TimeoutError:
            pass


async def make_producer(settings: Settings):
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap, acks="all", linger_ms=5,
        max_request_size=settings.max_message_bytes + 64 * 1024, **settings.kafka_client_kwargs(),
    )
    await producer.start()
    return producer


def encoded(articles: list[dict[str, Any]]) -> list[tuple[str, bytes, bytes]]:
    return [(a["id"], a["id"].encode(), orjson.dumps(a)) for a in articles]


async def publish_at_rate(producer: Any, topic: str, messages: list[tuple[str, bytes, bytes]], rate: float, tracker: Tracker) -> None:
    started = time.perf_counter()
    futures = []
    for n, (article_id, key, value) in enumerate(messages):
        delay = started + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tracker.sent(article_id, time.time())
        futures.append(await producer.send(topic, value=value, key=key))
    await asyncio.gather(*futures)


async def publish_burst(producer: Any, topic: str, messages: list[tuple[str, bytes, bytes]], tracker: Tracker) -> float:
    """Everything as fast as the producer takes it; returns the seconds until all are acknowledged."""
    started = time.perf_counter()
    futures = []
    for article_id, key, value in messages:
        tracker.sent(article_id, time.time())
        futures.append(await producer.send(topic, value=value, key=key))
    await asyncio.gather(*futures)
    return time.perf_counter() - started


async def wait_visible(tracker: Tracker, ids: list[str], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(i in tracker.visible for i in ids):
            return True
        await asyncio.sleep(0.1)
    return False


def throughput(tracker: Tracker, ids: list[str]) -> dict[str, Any]:
    """Overall (first publish to last searchable) and sustained (10%..90% of the visible curve)."""
    times = sorted(tracker.visible[i] for i in ids if i in tracker.visible)
    first_publish = min(tracker.published[i] for i in ids)
    result: dict[str, Any] = {"articles": len(ids), "searchable": len(times)}
    if len(times) < 10:
        return result
    lo, hi = int(len(times) * 0.1), int(len(times) * 0.9)
    # Articles becoming searchable per second since the first publish (shows start-up and stalls).
    timeline = [0] * (int(times[-1] - first_publish) + 1)
    for moment in times:
        timeline[int(moment - first_publish)] += 1
    result["searchable_per_second"] = timeline
    result["first_searchable_s"] = times[0] - first_publish
    result["overall_per_s"] = len(times) / (times[-1] - first_publish)
    result["sustained_per_s"] = (hi - lo) / (times[hi] - times[lo]) if times[hi] > times[lo] else float("nan")
    return result


async def stack_conditions(settings: Settings) -> dict[str, Any]:
    """What else shapes the figures: load average, Elasticsearch thread-pool overrides, write rejections."""
    from elasticsearch import AsyncElasticsearch

    conditions: dict[str, Any] = {"load_average": [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]}
    client = AsyncElasticsearch(**settings.es_client_kwargs(), request_timeout=10)
    try:
        nodes = (await client.nodes.settings_info()).body if hasattr(client.nodes, "settings_info") else None
        if nodes is None:
            nodes = (await client.nodes.info(metric="settings", filter_path="nodes.*.settings.thread_pool")).body
        pools = [n.get("settings", {}).get("thread_pool") for n in (nodes.get("nodes") or {}).values()]
        conditions["es_thread_pool_overrides"] = [p for p in pools if p]
        stats = (await client.nodes.stats(metric="thread_pool", filter_path="nodes.*.thread_pool.write")).body
        conditions["es_write_rejected_total"] = sum(
            n["thread_pool"]["write"]["rejected"] for n in (stats.get("nodes") or {}).values()
        )
    except Exception as exc:  # noqa: BLE001 - a description, not a measurement
        conditions["es_error"] = f"{type(exc).__name__}: {exc}"
    finally:
        await client.close()
    return conditions


async def es_cpu_seconds(client: Any) -> float | None:
    """CPU seconds the local Elasticsearch node has used (its own process counter, so that the
    node's cost per article can be measured beside the worker's)."""
    try:
        body = (await client.nodes.stats(node_id="_local", metric="process", filter_path="nodes.*.process.cpu")).body
        return sum(n["process"]["cpu"]["total_in_millis"] for n in body["nodes"].values()) / 1000
    except Exception:  # noqa: BLE001 - a figure beside the measurement, not the measurement
        return None


def kafka_pid() -> int | None:
    """The local broker's process (a JVM running kafka.Kafka), when it runs on this machine."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if b"kafka.Kafka" in (entry / "cmdline").read_bytes().split(b"\0"):
                    return int(entry.name)
            except OSError:
                continue
    return None


# --- profile (optional: py-spy is not a dependency) -------------------------------------------


def start_profile(directory: Path, pid: int, label: str, seconds: float, gil: bool = False) -> subprocess.Popen | None:
    """py-spy on the worker for `seconds` (collapsed stacks); None when py-spy is not installed.
    With `gil`, only the thread holding the GIL is sampled: the worker's Python CPU time, without
    the threads that wait for the GIL or run the compiled front end without it."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        say("py-spy not installed: no profile (pip install py-spy)")
        return None
    directory.mkdir(parents=True, exist_ok=True)
    out = directory / f"worker-{label.replace(' ', '-')}.collapsed"
    return subprocess.Popen(
        [spy, "record", "-p", str(pid), "-d", str(int(seconds)), "-r", "200", "-f", "raw", "-o", str(out), "--nonblocking",
         *(["--gil"] if gil else [])],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def top_frames(collapsed: Path, count: int = 25) -> list[tuple[str, float, float]]:
    """(function, self share, inclusive share) of the busiest functions in a py-spy collapsed file."""
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, weight = line.rpartition(" ")
        if not weight.isdigit():
            continue
        n = int(weight)
        total += n
        frames = stack.split(";")
        own[frames[-1]] = own.get(frames[-1], 0) + n
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + n
    ranked = sorted(inclusive, key=lambda f: own.get(f, 0), reverse=True)[:count]
    return [(f, own.get(f, 0) / total, inclusive[f] / total) for f in ranked] if total else []


# --- workers -----------------------------------------------------------------------------------


def group_members(settings: Settings) -> tuple[str, int]:
    from streams.kafka import admin_client

    admin = admin_client(settings)
    try:
        if hasattr(admin, "describe_groups"):  # kafka-python 3
            info = admin.describe_groups([settings.app_id])[settings.app_id]
            return info["group_state"], len(info["members"])
        legacy = admin.describe_consumer_groups([settings.app_id])[0]
        return legacy.state, len(legacy.members)
    except Exception:  # noqa: BLE001 - "not yet" is the usual answer
        return "unknown", 0
    finally:
        admin.close()


async def wait_group(settings: Settings, members: int, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state, count = await asyncio.to_thread(group_members, settings)
        if state == "Stable" and count == members:
            return
        await asyncio.sleep(0.5)
    raise RuntimeError(f"consumer group {settings.app_id} did not reach {members} stable members")


async def warm_up(producer: Any, settings: Settings, tracker: Tracker, tag: str, timeout: float = 180.0) -> None:
    """A few articles on every partition, waited for until searchable (pipeline loaded, group joined)."""
    articles = [dict(a, id=f"warm-{tag}-{n}") for n, a in enumerate(corpus.articles(24, start=900_000, density=DENSITY))]
    await publish_burst(producer, settings.topic_articles, encoded(articles), tracker)
    if not await wait_visible(tracker, [a["id"] for a in articles], timeout):
        raise RuntimeError(f"warm-up {tag}: articles not searchable after {timeout:.0f}s")


DENSITY = "wire"  # set from --density before the run


def estimate_rate_per_worker(sample: int = 60) -> float:
    """Articles/s one worker can extract, measured here on the corpus (sizes the backlogs)."""
    from streams.extract import load_pipeline
    from streams.models import Article

    pipeline = load_pipeline()
    items = [Article.from_dict(a) for a in corpus.articles(sample, start=800_000, density=DENSITY)]
    for item in items[:10]:
        pipeline.run(item)
    started = time.thread_time()
    for item in items:
        pipeline.run(item)
    return sample / max(1e-6, time.thread_time() - started)


# --- the run -----------------------------------------------------------------------------------


def overhead(off: dict[str, Any], on: dict[str, Any]) -> dict[str, Any]:
    """Incidents on against off at the same fixed rate, one worker, same run."""
    def ratio(key: str) -> float:
        return on[key] / off[key] if off.get(key) else float("nan")

    return {
        "p50_off_s": off["latency_p50_s"], "p50_on_s": on["latency_p50_s"], "p50_ratio": ratio("latency_p50_s"),
        "p99_off_s": off["latency_p99_s"], "p99_on_s": on["latency_p99_s"], "p99_ratio": ratio("latency_p99_s"),
        "cpu_off": sum(off.get("worker_cpu_share", {}).values()), "cpu_on": sum(on.get("worker_cpu_share", {}).values()),
        "cpu_ms_per_article_off": off.get("worker_cpu_ms_per_article"), "cpu_ms_per_article_on": on.get("worker_cpu_ms_per_article"),
        "es_cpu_ms_per_article_off": off.get("es_cpu_ms_per_article"), "es_cpu_ms_per_article_on": on.get("es_cpu_ms_per_article"),
        "kafka_cpu_ms_per_article_off": off.get("kafka_cpu_ms_per_article"), "kafka_cpu_ms_per_article_on": on.get("kafka_cpu_ms_per_article"),
        "target_ratio": 1.10,
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from tests.conftest import unique_settings

    state = tempfile.mkdtemp(prefix="eventwire-bench-")
    settings = unique_settings(Settings(), "bench").with_overrides(
        partitions=args.partitions, worker_web_port=0, state_dir=Path(state)
    )
    ceiling_target = unique_settings(settings, "benchceil")
    results: dict[str, Any] = {"density": DENSITY, "settings": {
        k: getattr(settings, k) for k in (
            "partitions", "extract_batch_size", "extract_batch_seconds", "extract_threads", "index_batch_size",
            "index_batch_seconds", "index_batch_bytes", "refresh_interval",
        )
    }}
    estimate = estimate_rate_per_worker()
    results["estimated_extract_per_s_one_core"] = estimate
    say(f"extraction estimate {estimate:,.0f} articles/s per core; topics {settings.topic_articles}")
    try:
        await measure(args, settings, ceiling_target, results, estimate)
    finally:
        await clean_up(settings, ceiling_target)
    return results


async def clean_up(settings: Settings, ceiling_target: Settings) -> None:
    """Remove the run's indices, templates and topics (also after a failure or Ctrl-C)."""
    from elasticsearch import AsyncElasticsearch

    from streams.app.topics import delete_topics
    from streams.sink.admin import delete_indices_and_templates

    client = AsyncElasticsearch(**settings.es_client_kwargs(), request_timeout=30)
    try:
        for target in (settings, ceiling_target):
            try:
                await delete_indices_and_templates(client, target)
            except Exception as exc:  # noqa: BLE001 - clean-up must go on
                print(f"  (clean-up of {target.events_alias}: {exc})", file=sys.stderr)
    finally:
        await client.close()
    await asyncio.to_thread(delete_topics, settings, settings.all_topics())


async def measure(
    args: argparse.Namespace, settings: Settings, ceiling_target: Settings, results: dict[str, Any], estimate: float
) -> None:
    from elasticsearch import AsyncElasticsearch

    from streams.ops.workers import log_tail, start_worker, stop_worker
    from streams.setup import prepare

    await asyncio.to_thread(prepare, settings)
    results["environment"] = await stack_conditions(settings)
    client = AsyncElasticsearch(**settings.es_client_kwargs(), request_timeout=30)
    producer = await make_producer(settings)
    tracker = Tracker()
    stop_polling = asyncio.Event()
    poll_interval = {"value": 0.05}

    async def poller() -> None:
        while not stop_polling.is_set():
            inner = asyncio.Event()
            task = asyncio.create_task(
                poll_visibility(client, settings.articles_alias, tracker, poll_interval["value"], args.window, inner)
            )
            current = poll_interval["value"]
            while poll_interval["value"] == current and not stop_polling.is_set():
                await asyncio.sleep(0.05)
            inner.set()
            await task

    polling = asyncio.create_task(poller())
    workers = []
    next_article = 0

    def take(count: int) -> list[dict[str, Any]]:
        nonlocal next_article
        items = corpus.articles(count, start=next_article, density=DENSITY)
        next_article += count
        return items

    async def saturation(label: str, count: int, pids: list[int]) -> dict[str, Any]:
        poll_interval["value"] = 0.2
        messages = encoded(take(count))
        ids = [m[0] for m in messages]
        say(f"{label}: publishing a backlog of {count} articles")
        sampler = ProcessSampler(pids)
        sampler.start()
        profiler = start_profile(args.profile, pids[0], label, args.saturation_seconds, args.profile_gil) if args.profile else None
        publish_seconds = await publish_burst(producer, settings.topic_articles, messages, tracker)
        timeout = max(120.0, 4 * count / max(1.0, estimate))
        done = await wait_visible(tracker, ids, timeout)
        await sampler.stop()
        if profiler:
            profiler.wait()
        latencies = tracker.latencies(ids)
        figures = throughput(tracker, ids)
        figures.update(
            complete=done, publish_per_s=count / publish_seconds,
            latency_p50_s=percentile(latencies, 0.5), latency_p99_s=percentile(latencies, 0.99),
            rss_steady_mb=sampler.steady_rss(), rss_peak_mb=sampler.peak_rss(), worker_cpu_share=sampler.cpu_share,
        )
        say(f"{label}: {figures.get('sustained_per_s', 0):,.0f} articles/s sustained, "
              f"{figures.get('overall_per_s', 0):,.0f} overall ({figures['searchable']}/{count} searchable), "
              f"latency p50 {figures['latency_p50_s']:.2f}s p99 {figures['latency_p99_s']:.2f}s, "
              f"worker CPU {[round(v, 2) for v in sampler.cpu_share.values()]}")
        return figures

    broker = kafka_pid()

    async def fixed_rate(pids: list[int], label: str, rate: float | None = None) -> dict[str, Any]:
        rate = rate or args.rate
        say(f"{len(pids)} worker(s): publishing {rate:.0f} articles/s for {args.rate_seconds:.0f}s")
        poll_interval["value"] = 0.05
        count = int(rate * args.rate_seconds)
        messages = encoded(take(count))
        ids = [m[0] for m in messages]
        sampler = ProcessSampler(pids)
        sampler.start()
        es_before = await es_cpu_seconds(client)
        kafka_before = cpu_seconds(broker) if broker else None
        began = time.perf_counter()
        profiler = start_profile(args.profile, pids[0], label, args.rate_seconds, args.profile_gil) if args.profile else None
        await publish_at_rate(producer, settings.topic_articles, messages, rate, tracker)
        done = await wait_visible(tracker, ids, 120)
        await sampler.stop()
        elapsed = time.perf_counter() - began
        es_after = await es_cpu_seconds(client)
        kafka_after = cpu_seconds(broker) if broker else None
        if profiler:
            profiler.wait()
        latencies = tracker.latencies(ids)
        figures = {
            "rate": rate, "workers": len(pids), "articles": count, "complete": done, "searchable": len(latencies),
            "latency_p50_s": percentile(latencies, 0.5), "latency_p99_s": percentile(latencies, 0.99),
            "latency_max_s": max(latencies) if latencies else float("nan"),
            "rss_steady_mb": sampler.steady_rss(), "worker_cpu_share": sampler.cpu_share,
            # CPU the workers spent from the first publish until the last article was searchable,
            # per article (idle background included): what a loaded machine distorts least.
            "worker_cpu_ms_per_article": 1000 * sum(sampler.cpu_share.values()) * elapsed / count,
            # The same for Elasticsearch and the broker over the same span (the visibility
            # searches included: the same in both runs of a pair). Both serve only this run when
            # the machine is otherwise quiet.
            "es_cpu_ms_per_article": 1000 * (es_after - es_before) / count if es_before is not None and es_after is not None else None,
            "kafka_cpu_ms_per_article": 1000 * (kafka_after - kafka_before) / count if kafka_before is not None and kafka_after is not None else None,
            "load_average": [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]],
        }
        stack = " ".join(f"{name} {figures[key]:.1f}" for name, key in (("ES", "es_cpu_ms_per_article"), ("Kafka", "kafka_cpu_ms_per_article"))
                         if figures[key] is not None)
        say(f"fixed {rate:.0f}/s, {len(pids)} worker(s): p50 {figures['latency_p50_s']:.3f}s "
            f"p99 {figures['latency_p99_s']:.3f}s ({len(latencies)}/{count} searchable), "
            f"worker CPU {[round(v, 2) for v in sampler.cpu_share.values()]}, "
            f"{figures['worker_cpu_ms_per_article']:.1f} ms per article ({stack}), load {figures['load_average'][0]:.1f}")
        return figures

    rates = [float(r) for r in args.rates.split(",")] if args.rates else [args.rate]

    async def one_phase(overrides: dict[str, Any], tag: str) -> dict[float, dict[str, Any]]:
        """A fresh worker with these settings (incidents on or off), warmed up, at each fixed rate in
        turn; then stopped."""
        handle = start_worker(settings.with_overrides(**overrides), f"bench-{tag}", web_port=0)
        try:
            await warm_up(producer, settings, tracker, tag)
            await wait_group(settings, 1)
            return {rate: await fixed_rate([handle.pid], f"fixed {rate:.0f} {tag}", rate) for rate in rates}
        finally:
            await asyncio.to_thread(stop_worker, handle)

    try:
        if args.pairs > 1 or args.rates or args.variant:
            # On a shared machine the load drifts between phases: several rounds of off and on (and
            # each --variant: incidents on with other settings), in rotating order (off first, then
            # on first, ...), each round a ratio to its own off run; with --rates, each worker of a
            # round runs every rate in turn, a ratio per rate.
            configs: list[tuple[str, dict[str, Any]]] = [("off", {"incidents_enabled": False}), ("on", {"incidents_enabled": True})]
            for spec in args.variant or ():
                name, _, overrides = spec.partition("=")
                configs.append((name, {"incidents_enabled": True, **orjson.loads(overrides)}))
            rounds: dict[str, dict[float, list[dict[str, Any]]]] = {name: {rate: [] for rate in rates} for name, _ in configs[1:]}
            for n in range(args.pairs):
                order = configs[n % len(configs):] + configs[:n % len(configs)]
                figures = {name: await one_phase(overrides, f"{name}{n}") for name, overrides in order}
                for name, _ in configs[1:]:
                    for rate in rates:
                        pair = overhead(figures["off"][rate], figures[name][rate]) | {
                            "config": name, "rate": rate, "load_average": figures[name][rate]["load_average"]}
                        rounds[name][rate].append(pair)
                        say(f"round {n + 1}/{args.pairs}, {name}/off at {rate:.0f}/s: p50 x{pair['p50_ratio']:.2f}, "
                            f"p99 x{pair['p99_ratio']:.2f}, worker CPU {pair['cpu_ms_per_article_off']:.1f} -> "
                            f"{pair['cpu_ms_per_article_on']:.1f} ms per article, "
                            f"ES {pair['es_cpu_ms_per_article_off'] or 0:.1f} -> {pair['es_cpu_ms_per_article_on'] or 0:.1f}")
            names = ("p50_off_s", "p50_on_s", "p50_ratio", "p99_off_s", "p99_on_s", "p99_ratio", "cpu_ms_per_article_off",
                     "cpu_ms_per_article_on", "es_cpu_ms_per_article_off", "es_cpu_ms_per_article_on",
                     "kafka_cpu_ms_per_article_off", "kafka_cpu_ms_per_article_on")
            summaries: dict[str, dict[float, dict[str, Any]]] = {}
            for name, by_rate in rounds.items():
                summaries[name] = {}
                for rate, runs in by_rate.items():
                    summary = {}
                    for field_name in names:
                        values = [pair[field_name] for pair in runs if pair.get(field_name) is not None]
                        if values:
                            summary[field_name] = {"median": statistics.median(values), "min": min(values), "max": max(values)}
                    summaries[name][rate] = summary
                    say(f"{name}/off at {rate:.0f}/s over {len(runs)} round(s): " + ", ".join(
                        f"{k} median {v['median']:.2f} (min {v['min']:.2f}, max {v['max']:.2f})" for k, v in summary.items()))
            results["incidents_overhead_pairs"] = [pair for by_rate in rounds.values() for runs in by_rate.values() for pair in runs]
            on = summaries["on"]
            results["incidents_overhead"] = on[rates[0]] if len(rates) == 1 else on
            if args.variant:
                results["variants"] = {"settings": dict(configs), "overhead": summaries}
            return

        if args.incidents == "both":
            # Phase -1: the same worker without incidents, the same rate, before anything else ran.
            off = start_worker(settings.with_overrides(incidents_enabled=False), "bench-off", web_port=0)
            try:
                await warm_up(producer, settings, tracker, "off")
                await wait_group(settings, 1)
                say("worker without incidents ready")
                results["fixed_rate_incidents_off"] = await fixed_rate([off.pid], "fixed incidents off")
            finally:
                await asyncio.to_thread(stop_worker, off)

        # Phase 0: one worker at the fixed rate (before any backlog has loaded the indices).
        workers.append(start_worker(settings, "bench-1", web_port=0))
        await warm_up(producer, settings, tracker, "1")
        await wait_group(settings, 1)
        say("worker 1 ready")
        results["fixed_rate_one_worker"] = await fixed_rate([workers[0].pid], "fixed incidents on")
        if "fixed_rate_incidents_off" in results:
            results["incidents_overhead"] = overhead(results["fixed_rate_incidents_off"], results["fixed_rate_one_worker"])
            say(f"incidents on/off at the fixed rate: p50 x{results['incidents_overhead']['p50_ratio']:.2f}, "
                f"p99 x{results['incidents_overhead']['p99_ratio']:.2f}")
        if args.phases == "fixed":
            return

        # Phase 1: one worker, saturated. The worker does more than extract (documents, sends,
        # index preparation, Faust), so the backlog is sized at a share of the extraction estimate.
        backlog1 = int(min(args.max_backlog, max(args.min_backlog, 0.4 * estimate * args.saturation_seconds)))
        results["one_worker"] = await saturation("1 worker", backlog1, [workers[0].pid])

        # Phase 1b: the same worker with one extraction thread (phase 1 ran with `extract_threads`).
        if settings.extract_threads > 1 and not args.skip_threads:
            await asyncio.to_thread(stop_worker, workers.pop())
            workers.append(start_worker(settings.with_overrides(extract_threads=1), "bench-1t", web_port=0))
            await wait_group(settings, 1)
            await warm_up(producer, settings, tracker, "1t")
            results["one_worker_one_thread"] = await saturation("1 worker, 1 extraction thread", backlog1, [workers[0].pid])
            await asyncio.to_thread(stop_worker, workers.pop())
            workers.append(start_worker(settings, "bench-1", web_port=0))
            await wait_group(settings, 1)
            await warm_up(producer, settings, tracker, "1b")

        # Phase 2: a second worker joins (two partitions each).
        workers.append(start_worker(settings, "bench-2", web_port=0))
        say("worker 2 starting")
        await wait_group(settings, 2)
        await warm_up(producer, settings, tracker, "2")
        await wait_group(settings, 2)
        pids = [w.pid for w in workers]

        # Phase 3: the fixed rate, on the full deployment of this machine (two workers).
        results["fixed_rate"] = await fixed_rate(pids, "fixed two workers")

        # Phase 4: two workers, saturated (backlog sized from the one-worker rate just measured).
        rate1 = results["one_worker"].get("sustained_per_s") or estimate * 0.4
        backlog2 = int(min(args.max_backlog, max(args.min_backlog, 2 * rate1 * args.saturation_seconds)))
        results["two_workers"] = await saturation("2 workers", backlog2, pids)
    except BaseException:
        for handle in workers:
            print(f"--- log of {handle.name} ---\n{log_tail(handle, 60)}", file=sys.stderr)
        raise
    finally:
        stop_polling.set()
        await polling
        results["poll_failures"] = tracker.poll_failures
        results["environment_after"] = await stack_conditions(settings)
        await producer.stop()
        await client.close()
        for handle in workers:
            await asyncio.to_thread(stop_worker, handle)

    # Phase 5: the raw ceilings on the same topic and the same documents, workers stopped.
    results["kafka_ceiling"] = await ceilings.kafka_consume_ceiling(settings, settings.topic_articles)
    say(f"aiokafka consume: {results['kafka_ceiling']['messages_per_s']:,.0f} messages/s "
        f"({results['kafka_ceiling']['messages']} messages)")
    results["es_ceiling"] = await ceilings.es_ceilings(settings, ceiling_target, args.ceiling_docs)
    es = results["es_ceiling"]
    say(f"raw _bulk: {es['docs_per_s']:,.0f} docs/s = {es['docs_per_s'] / es['docs_per_article']:,.0f} articles/s "
        f"({es['docs_per_article']:.1f} docs per article; runs {[round(r['docs_per_s']) for r in es['runs']]})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--rate-seconds", type=float, default=20.0)
    parser.add_argument("--saturation-seconds", type=float, default=25.0, help="sizes the backlog from the estimate")
    parser.add_argument("--min-backlog", type=int, default=2000)
    parser.add_argument("--max-backlog", type=int, default=20000)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--window", type=int, default=2000, help="ids per visibility search")
    parser.add_argument("--ceiling-docs", type=int, default=60000)
    parser.add_argument("--profile", type=Path, help="py-spy the first worker of each phase into this directory")
    parser.add_argument("--profile-gil", action="store_true", help="with --profile: sample only the thread holding the GIL")
    parser.add_argument("--density", choices=corpus.DENSITIES, default="wire", help="see bench/corpus.py")
    parser.add_argument("--skip-threads", action="store_true", help="no 1-thread saturation phase (1b)")
    parser.add_argument("--incidents", choices=("both", "on"), default="both",
                        help="both: a fixed-rate phase with incidents off first, for the on/off overhead")
    parser.add_argument("--phases", choices=("all", "fixed"), default="all",
                        help="fixed: only the fixed-rate phase(s) of one worker (no saturation, no second worker, no ceilings)")
    parser.add_argument("--pairs", type=int, default=1,
                        help="with --phases fixed --incidents both: this many off/on pairs, alternating their order, "
                             "each with fresh workers (the ratio's spread under a drifting load)")
    parser.add_argument("--rates", help="with --phases fixed --incidents both: comma-separated fixed rates (e.g. 20,50), "
                                         "each run in turn by every worker of a pair, an on/off ratio per rate")
    parser.add_argument("--variant", action="append", metavar='NAME={"setting": value}',
                        help="with --phases fixed --incidents both: a third worker per round, incidents on with these "
                             "settings overrides (repeatable), its own ratio to the round's run without incidents")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if (args.pairs > 1 or args.rates or args.variant) and (args.phases != "fixed" or args.incidents != "both"):
        parser.error("--pairs, --rates and --variant need --phases fixed --incidents both")
    global DENSITY
    DENSITY = args.density
    results = asyncio.run(run(args))
    if args.json:
        args.json.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS))


if __name__ == "__main__":
    main()

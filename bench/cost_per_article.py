"""CPU seconds per article of the worker, Kafka and Elasticsearch, on the stack EVENTWIRE_* points at
(the one-node stack, or the local cluster of `eventwire stack up --brokers 3 --es-nodes 3`): the
inputs of the README's sizing section.

    .venv/bin/python bench/cost_per_article.py [--articles 2000] [--rate 30] [--workers 2] [--idle 30]

On topics, indices and a consumer group of its own (removed afterwards): the workers start and
warm up; every process's CPU is read from /proc over `--idle` quiet seconds (its background: GC,
heartbeats, replica fetches, cluster state), then over a run of `--articles` wire-corpus articles
published at `--rate` until all are indexed and the group has committed them. Each process's run
CPU less its background rate times the run's length, divided by the articles, is its cost per
article. CPU seconds from /proc are what a loaded, shared machine distorts least: a process
waiting for a core spends no CPU, where wall-clock rates would count the wait. The machine's load
average is recorded beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402
from processes import cpu_seconds  # noqa: E402

from streams.config import Settings  # noqa: E402


def cpu_seconds_of(pids: list[int]) -> float:
    """CPU seconds of the processes together (threads included)."""
    return sum(cpu_seconds(pid) for pid in pids)


def server_processes(settings: Settings) -> dict[str, list[int]]:
    """Role/node -> pids of our stack's JVMs (an Elasticsearch node is a launcher and its server)."""
    from streams.stack import elastic, kafka, layout
    from streams.stack.common import descendants

    shape = layout.read(settings)
    found: dict[str, list[int]] = {}
    for node in range(1, shape.brokers + 1):
        pid = kafka.running_pid(settings, node)
        if pid is None:
            raise SystemExit(f"kafka node {node} is not ours or not running in {settings.state_path}")
        found[f"kafka-{node}"] = [pid]
    for node in range(1, shape.es_nodes + 1):
        pid = elastic.running_pid(settings, node)
        if pid is None:
            raise SystemExit(f"elasticsearch node {node} is not ours or not running in {settings.state_path}")
        found[f"elasticsearch-{node}"] = [pid, *descendants(pid)]
    return found


def publish(settings: Settings, articles: list[dict[str, Any]], rate: float | None) -> None:
    import orjson

    from streams.kafka import producer

    sender = producer(settings)
    began = time.monotonic()
    try:
        for n, article in enumerate(articles):
            if rate:
                delay = began + n / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            sender.send(settings.topic_articles, key=article["id"].encode(), value=orjson.dumps(article))
        sender.flush(300)
    finally:
        sender.close()


def indexed(settings: Settings) -> tuple[int, int]:
    """(article documents, event documents) visible now."""
    from streams.sink.clients import sync_client

    client = sync_client(settings, request_timeout=60)
    try:
        client.indices.refresh(index=f"{settings.articles_alias},{settings.events_alias}")
        return (int(client.count(index=settings.articles_alias)["count"]),
                int(client.count(index=settings.events_alias)["count"]))
    finally:
        client.close()


def primary_store_bytes(settings: Settings) -> int:
    """Bytes on disk of the run's indices, primaries only, after a flush and a force-merge to one
    segment (what a day's index settles to; replicas double it)."""
    from streams.sink.clients import sync_client

    client = sync_client(settings, request_timeout=300)
    indices = f"{settings.articles_alias},{settings.events_alias}"
    try:
        client.indices.flush(index=indices)
        client.indices.forcemerge(index=indices, max_num_segments=1)
        stats = client.indices.stats(index=indices, metric="store")
        return int(stats["_all"]["primaries"]["store"]["size_in_bytes"])
    finally:
        client.close()


def wait_done(settings: Settings, articles: int, timeout: float) -> float:
    from streams.ops.lag import total_lag, worker_lag

    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if indexed(settings)[0] >= articles and total_lag(worker_lag(settings)) == 0:
            return time.monotonic() - began
        time.sleep(1.0)
    raise SystemExit(f"not drained after {timeout:.0f}s: {indexed(settings)} of {articles}")


def measure(args: argparse.Namespace) -> dict[str, Any]:
    from streams.ops.isolation import drop_everything, isolated_settings
    from streams.ops.workers import start_worker, stop_worker
    from streams.setup import prepare
    from streams.stack import layout

    base = Settings()
    settings = isolated_settings(base, "cost-", partitions=args.partitions)
    servers = server_processes(settings)
    prepare(settings)
    workers = [start_worker(settings, f"{settings.app_id}-w{n}", web_port=0) for n in range(1, args.workers + 1)]
    processes = {**servers, **{f"worker-{n}": [w.pid] for n, w in enumerate(workers, 1)}}
    try:
        warm = [dict(a, id=f"warm-{a['id']}") for a in corpus.articles(4 * args.partitions, start=800_000)]
        publish(settings, warm, None)
        wait_done(settings, len(warm), 300)

        quiet_from = {name: cpu_seconds_of(pids) for name, pids in processes.items()}
        quiet_began = time.monotonic()
        time.sleep(args.idle)
        quiet_seconds = time.monotonic() - quiet_began
        background = {name: (cpu_seconds_of(pids) - quiet_from[name]) / quiet_seconds for name, pids in processes.items()}

        run = corpus.articles(args.articles)
        load_before = os.getloadavg()
        run_from = {name: cpu_seconds_of(pids) for name, pids in processes.items()}
        run_began = time.monotonic()
        publish(settings, run, args.rate)
        wait_done(settings, len(warm) + len(run), 600)
        run_seconds = time.monotonic() - run_began
        load_after = os.getloadavg()
        spent = {name: cpu_seconds_of(pids) - run_from[name] for name, pids in processes.items()}
        docs = indexed(settings)
        store = primary_store_bytes(settings)
    finally:
        for worker in workers:
            stop_worker(worker)
        drop_everything(settings)

    per_article_ms = {
        name: round(1000 * max(0.0, spent[name] - background[name] * run_seconds) / args.articles, 2)
        for name in processes
    }
    roles: dict[str, float] = {}
    for name, value in per_article_ms.items():
        role = name.rsplit("-", 1)[0]
        roles[role] = round(roles.get(role, 0.0) + value, 2)
    shape = layout.read(settings)
    return {
        "stack": {"brokers": shape.brokers, "es_nodes": shape.es_nodes,
                  "replication_factor": settings.topic_replication_factor("articles"),
                  "min_insync_replicas": settings.topic_min_insync_replicas("articles"),
                  "index_replicas": settings.replicas_of("events")},
        "articles": args.articles, "rate": args.rate, "workers": args.workers, "partitions": args.partitions,
        "run_seconds": round(run_seconds, 1),
        "documents_per_article": round((docs[0] + docs[1]) / (len(warm) + len(run)), 2),
        "primary_store_kb_per_article": round(store / 1024 / (len(warm) + len(run)), 1),
        "cpu_ms_per_article": roles,
        "cpu_ms_per_article_by_process": per_article_ms,
        "background_cpu_share": {name: round(value, 3) for name, value in background.items()},
        "load_average_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=30.0, help="articles per second (0: as fast as possible)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--idle", type=float, default=30.0, help="quiet seconds to measure background CPU")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    result = measure(args)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()

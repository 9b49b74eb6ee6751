"""`make bench`: every benchmark, then one table with each figure beside its same-run reference and target.

    .venv/bin/python bench/run_all.py [--quick]

Runs, each in a process of its own (so one benchmark's memory and threads never colour another's):
- bench/extraction.py      extraction on one core vs the orjson JSONL I/O floor (Arabic and English);
- bench/extract_speed.py   the extraction helper's own figures (if present);
- bench/extract_threads.py extraction on 1 and 2 threads in one process; time without the GIL;
- bench/e2e.py             the local stack: fixed-rate latency, saturation with 1 and 2 workers,
                           worker RSS, and the raw aiokafka / `_bulk` ceilings of the same run;
- bench/replay_throughput.py  replay into a new index version (if present).
Results (every figure, the settings, the machine's load) go to bench/results/bench-<time>.json.
The exit status is 0 when every benchmark ran, whether or not each target is met (the table says).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"

TARGET_EXTRACT_P50_MS = 0.5
TARGET_ONE_WORKER = 500.0
TARGET_TWO_WORKERS = 1000.0
TARGET_CEILING_SHARE = 0.60
TARGET_LATENCY_P50 = 0.5
TARGET_LATENCY_P99 = 1.0
TARGET_RSS_MB = 300.0


def run_script(name: str, args: list[str], timeout: float) -> tuple[int, str, float]:
    """Run bench/<name> with the venv's python; stream its output and return (status, output, seconds)."""
    command = [sys.executable, str(BENCH / name), *args]
    print(f"\n=== {name} {' '.join(args)}", flush=True)
    started = time.perf_counter()
    lines: list[str] = []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        assert process.stdout is not None
        deadline = started + timeout
        for line in process.stdout:
            lines.append(line)
            print("  " + line.rstrip(), flush=True)
            if time.perf_counter() > deadline:
                process.terminate()
                lines.append(f"(stopped after {timeout:.0f}s)\n")
                break
        status = process.wait()
    return status, "".join(lines), time.perf_counter() - started


def load_average() -> list[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []


def verdict(ok: bool | None) -> str:
    if ok is None:
        return "n/a"
    return "PASS" if ok else "GAP"


def fmt(value: Any, spec: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return format(value, spec)


def thread_rows(threads: dict[str, Any] | None) -> list[tuple[str, str, str, str, str]]:
    if not threads:
        return []
    return [
        (f"extraction on {threads['threads']} threads vs 1, one process", f"{threads['threads_per_s']:,.0f} vs "
         f"{threads['one_thread_per_s']:,.0f} art/s", f"x{threads['speedup']:.2f} (Amdahl bound x{threads['amdahl_bound']:.2f})",
         "-", "n/a"),
        ("  extraction time without the GIL", f"{threads['detached_ms_per_article']:.3f} ms/article",
         f"{threads['detached_share']:.0%} of {threads['cpu_ms_per_article_one_thread']:.3f} ms CPU per article", "-", "n/a"),
    ]


def summary_rows(extraction: dict[str, Any] | None, e2e: dict[str, Any] | None) -> list[tuple[str, str, str, str, str]]:
    """(figure, measured, same-run reference, target, verdict)."""
    rows: list[tuple[str, str, str, str, str]] = []
    if extraction:
        for lang, m in extraction["langs"].items():
            floor = f"I/O floor {m['io_floor_ms']:.3f} ms"
            target_ok = m["p50_ms"] <= TARGET_EXTRACT_P50_MS
            rows.append((
                f"extraction {lang} p50 (~{m['bytes_per_article'] / 1024:.1f} KB)", f"{m['p50_ms']:.3f} ms",
                f"{floor}; CPU p50 {m['cpu_p50_ms']:.3f} ms",
                f"<= {TARGET_EXTRACT_P50_MS} ms" if lang == "ar" else "(ar only)",
                verdict(target_ok) if lang == "ar" else "n/a",
            ))
            rows.append((f"extraction {lang} p99", f"{m['p99_ms']:.3f} ms", f"CPU p99 {m['cpu_p99_ms']:.3f} ms", "-", "n/a"))
            rows.append((
                f"extraction {lang} rate, one core", f"{m['articles_per_s']:,.0f} art/s",
                f"I/O floor {m['io_floor_articles_per_s']:,.0f} art/s", "-", "n/a",
            ))
        for lang, m in (extraction.get("dense") or {}).items():
            rows.append((
                f"extraction {lang} p50, dense corpus", f"{m['p50_ms']:.3f} ms",
                f"{m['events_per_article']:.1f} events/article (wire: {extraction['langs'][lang]['events_per_article']:.1f})",
                "-", "n/a",
            ))
    if not e2e:
        return rows
    rows.append((f"end-to-end corpus density: {e2e.get('density', 'dense')}", "", "see bench/corpus.py", "-", "n/a"))
    kafka = e2e.get("kafka_ceiling", {}).get("messages_per_s")
    es = e2e.get("es_ceiling", {})
    es_articles = es["docs_per_s"] / es["docs_per_article"] if es.get("docs_per_s") else None
    slower = min(x for x in (kafka, es_articles) if x) if (kafka or es_articles) else None
    ceiling_text = f"ceiling {fmt(slower, ',.0f')} art/s (Kafka {fmt(kafka, ',.0f')}, ES {fmt(es_articles, ',.0f')})"
    for key, label, target in (("one_worker", "1 worker", TARGET_ONE_WORKER), ("two_workers", "2 workers", TARGET_TWO_WORKERS)):
        run = e2e.get(key)
        if not run:
            continue
        rate = run.get("sustained_per_s")
        rows.append((
            f"end to end, {label}, sustained",
            f"{fmt(rate, ',.0f')} art/s (overall {fmt(run.get('overall_per_s'), ',.0f')})", ceiling_text,
            f">= {target:,.0f} art/s", verdict(rate is not None and rate >= target),
        ))
        if slower and rate:
            share = rate / slower
            rows.append((
                f"  share of slower ceiling, {label}", f"{share:.0%}", f"slower ceiling {slower:,.0f} art/s",
                f">= {TARGET_CEILING_SHARE:.0%}" if key == "two_workers" else "(2 workers)",
                verdict(share >= TARGET_CEILING_SHARE) if key == "two_workers" else "n/a",
            ))
        rows.append((
            f"  publish->searchable at saturation, {label}",
            f"p50 {fmt(run.get('latency_p50_s'), '.2f')} s / p99 {fmt(run.get('latency_p99_s'), '.2f')} s",
            f"backlog {run['articles']:,} published at {run.get('publish_per_s', 0):,.0f} art/s",
            "-", "n/a",
        ))
        cpu = run.get("worker_cpu_share") or {}
        rows.append((
            f"  worker CPU, {label}", " + ".join(f"{v:.0%}" for v in cpu.values()) or "-",
            "of one core each (100% = CPU-bound)", "-", "n/a",
        ))
    one_thread, threaded = e2e.get("one_worker_one_thread"), e2e.get("one_worker")
    if one_thread and threaded:
        threads = e2e.get("settings", {}).get("extract_threads")
        a, b = threaded.get("sustained_per_s"), one_thread.get("sustained_per_s")
        rows.append((
            f"1 worker, {threads} extraction threads vs 1, sustained", f"{fmt(a, ',.0f')} vs {fmt(b, ',.0f')} art/s",
            f"x{a / b:.2f}" if a and b else "-", "-", "n/a",
        ))
    refresh = e2e.get("settings", {}).get("refresh_interval")
    for fixed in (e2e.get("fixed_rate_one_worker"), e2e.get("fixed_rate")):
        if not fixed:
            continue
        where = f"at {fixed['rate']:.0f} art/s, {fixed.get('workers', 1)} worker{'s' if fixed.get('workers', 1) > 1 else ''}"
        cpu = " + ".join(f"{v:.0%}" for v in (fixed.get("worker_cpu_share") or {}).values())
        rows.append((
            f"publish->searchable p50 {where}", f"{fixed['latency_p50_s']:.3f} s",
            f"refresh_interval {refresh}; poll 50 ms; worker CPU {cpu}", f"<= {TARGET_LATENCY_P50} s",
            verdict(fixed["latency_p50_s"] <= TARGET_LATENCY_P50),
        ))
        rows.append((
            f"publish->searchable p99 {where}", f"{fixed['latency_p99_s']:.3f} s",
            f"max {fixed['latency_max_s']:.3f} s; {fixed['searchable']}/{fixed['articles']} searchable",
            f"<= {TARGET_LATENCY_P99} s", verdict(fixed["latency_p99_s"] <= TARGET_LATENCY_P99),
        ))
    cost = e2e.get("incidents_overhead")
    if cost:
        worst = max(cost["p50_ratio"], cost["p99_ratio"])
        rows.append((
            "publish->searchable, incidents on / off (1 worker, fixed rate)",
            f"p50 x{cost['p50_ratio']:.2f}, p99 x{cost['p99_ratio']:.2f}",
            f"off p50 {cost['p50_off_s']:.3f} s / p99 {cost['p99_off_s']:.3f} s; worker CPU {cost['cpu_off']:.0%} -> {cost['cpu_on']:.0%}",
            f"<= x{cost['target_ratio']:.2f}", verdict(worst <= cost["target_ratio"]),
        ))
    steady = [v for run in (e2e.get("one_worker"), e2e.get("two_workers")) if run for v in run["rss_steady_mb"].values()]
    peak = [v for run in (e2e.get("one_worker"), e2e.get("two_workers")) if run for v in run["rss_peak_mb"].values()]
    if steady:
        rows.append((
            "worker RSS at steady state (max over workers)", f"{max(steady):.0f} MB",
            f"peak {max(peak):.0f} MB", f"<= {TARGET_RSS_MB:.0f} MB", verdict(max(steady) <= TARGET_RSS_MB),
        ))
    if kafka:
        k = e2e["kafka_ceiling"]
        rows.append(("raw ceiling: aiokafka consume", f"{kafka:,.0f} msg/s", f"{k['messages']:,} messages, same topic", "-", "ref"))
    if es_articles:
        runs = ", ".join(f"{r['concurrency']} in flight {r['docs_per_s']:,.0f}" for r in es["runs"])
        rows.append((
            "raw ceiling: _bulk of the same documents", f"{es['docs_per_s']:,.0f} docs/s",
            f"= {es_articles:,.0f} art/s at {es['docs_per_article']:.1f} docs/article ({runs})", "-", "ref",
        ))
    return rows


def print_table(rows: list[tuple[str, str, str, str, str]]) -> None:
    headers = ("figure", "measured", "same-run reference", "target", "")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs (a smoke test of the harness)")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    record: dict[str, Any] = {
        "started": stamp, "host": platform.node(), "cpus": os.cpu_count(), "python": platform.python_version(),
        "load_average_before": load_average(), "scripts": {},
    }
    statuses = []

    extraction_json = RESULTS / f"extraction-{stamp}.json"
    status, output, seconds = run_script(
        "extraction.py", ["--per-lang", "200" if args.quick else "1000", "--json", str(extraction_json)], 300
    )
    statuses.append(status)
    record["scripts"]["extraction.py"] = {"status": status, "seconds": seconds}
    extraction = orjson.loads(extraction_json.read_bytes()) if status == 0 and extraction_json.exists() else None
    record["extraction"] = extraction

    for name, extra in (("extract_speed.py", ["--n", "300" if args.quick else "1000"]),):
        if (BENCH / name).exists():
            status, output, seconds = run_script(name, extra, 240)
            statuses.append(status)
            record["scripts"][name] = {"status": status, "seconds": seconds, "output": output}

    threads_json = RESULTS / f"extract-threads-{stamp}.json"
    status, output, seconds = run_script(
        "extract_threads.py", ["--per-lang", "100" if args.quick else "600", "--rounds", "1" if args.quick else "3",
                               "--json", str(threads_json)], 400
    )
    statuses.append(status)
    record["scripts"]["extract_threads.py"] = {"status": status, "seconds": seconds}
    threads = orjson.loads(threads_json.read_bytes()) if status == 0 and threads_json.exists() else None
    record["extract_threads"] = threads

    e2e_json = RESULTS / f"e2e-{stamp}.json"
    e2e_args = ["--json", str(e2e_json)]
    if args.quick:
        e2e_args += ["--rate-seconds", "8", "--saturation-seconds", "8", "--min-backlog", "400"]
    status, output, seconds = run_script("e2e.py", e2e_args, 600)
    statuses.append(status)
    record["scripts"]["e2e.py"] = {"status": status, "seconds": seconds}
    e2e = orjson.loads(e2e_json.read_bytes()) if status == 0 and e2e_json.exists() else None
    record["e2e"] = e2e

    if (BENCH / "replay_throughput.py").exists():
        status, output, seconds = run_script("replay_throughput.py", ["--count", "1000" if args.quick else "3000"], 300)
        statuses.append(status)
        record["scripts"]["replay_throughput.py"] = {"status": status, "seconds": seconds, "output": output}

    record["load_average_after"] = load_average()
    rows = summary_rows(extraction, e2e) + thread_rows(threads)
    record["summary"] = [dict(zip(("figure", "measured", "reference", "target", "verdict"), row)) for row in rows]
    out = RESULTS / f"bench-{stamp}.json"
    out.write_bytes(orjson.dumps(record, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS))

    print(f"\n=== summary ({os.cpu_count()} CPUs, Kafka and Elasticsearch on the same machine; "
          f"load average before {record['load_average_before']}, after {record['load_average_after']})\n")
    print_table(rows)
    if e2e:
        before, after = e2e.get("environment", {}), e2e.get("environment_after", {})
        rejected = (after.get("es_write_rejected_total") or 0) - (before.get("es_write_rejected_total") or 0)
        notes = []
        if e2e.get("poll_failures"):
            notes.append(f"{e2e['poll_failures']} visibility searches failed (Elasticsearch unreachable or restarting)")
        if rejected > 0:
            notes.append(f"Elasticsearch rejected {rejected:,} write tasks (429) during the run")
        if before.get("es_thread_pool_overrides") or after.get("es_thread_pool_overrides"):
            notes.append(f"Elasticsearch thread pools overridden: {before.get('es_thread_pool_overrides') or after.get('es_thread_pool_overrides')}")
        if notes:
            print("\nWARNING: the stack was disturbed during the end-to-end run, its figures are not representative:")
            for note in notes:
                print(f"  - {note}")
    print(f"\nresults: {out.relative_to(ROOT)}")
    failed = [name for name, info in record["scripts"].items() if info["status"] != 0]
    if failed:
        print(f"benchmarks that did not finish: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()

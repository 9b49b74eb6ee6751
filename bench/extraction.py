"""Extraction on one core beside the I/O floor: the same JSONL read and written with orjson only.

    .venv/bin/python bench/extraction.py [--per-lang 1000] [--json out.json]

For each language, at the corpus' `wire` density and then at its `dense` one (bench/corpus.py): the corpus is written to a JSONL file; then (a) the floor loop reads it,
parses each line with orjson and writes it back out (no extraction), and (b) the pipeline loop
reads the same file, runs `load_pipeline().run(article)` and writes each extraction record.
The per-article figures time `pipeline.run` alone (wall clock and thread CPU), so a busy machine
shows in the wall figure and not in the CPU one. The process is pinned to one CPU.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402

CREATED = "2024-06-01T00:00:00+00:00"


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def pin_to_one_cpu() -> int | None:
    """Run on one CPU only (the last one: the first tends to take the interrupts)."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
        return cpus[-1]
    except (AttributeError, OSError):
        return None


def floor_loop(source: Path, target: Path) -> float:
    """Seconds to read, parse, re-serialize and write every line (the I/O floor)."""
    started = time.perf_counter()
    with source.open("rb") as reader, target.open("wb") as writer:
        for line in reader:
            writer.write(orjson.dumps(orjson.loads(line)) + b"\n")
    return time.perf_counter() - started


def pipeline_loop(pipeline: Any, source: Path, target: Path) -> dict[str, Any]:
    from streams.models import Article

    wall: list[float] = []
    cpu: list[float] = []
    events = 0
    started = time.perf_counter()
    with source.open("rb") as reader, target.open("wb") as writer:
        for line in reader:
            article = Article.from_dict(orjson.loads(line))
            t0, c0 = time.perf_counter(), time.thread_time()
            extraction = pipeline.run(article, created=CREATED)
            cpu.append((time.thread_time() - c0) * 1000)
            wall.append((time.perf_counter() - t0) * 1000)
            events += len(extraction.events)
            writer.write(orjson.dumps(extraction.to_record()) + b"\n")
    seconds = time.perf_counter() - started
    wall.sort()
    cpu.sort()
    return {
        "articles": len(wall),
        "seconds": seconds,
        "articles_per_s": len(wall) / seconds,
        "p50_ms": statistics.median(wall),
        "p99_ms": percentile(wall, 0.99),
        "cpu_p50_ms": statistics.median(cpu),
        "cpu_p99_ms": percentile(cpu, 0.99),
        "events_per_article": events / max(1, len(wall)),
    }


def run(per_lang: int) -> dict[str, Any]:
    """Both languages at the `wire` density (`langs`), then at the `dense` one (`dense`)."""
    cpu = pin_to_one_cpu()
    t0 = time.perf_counter()
    from streams.extract import CODER_VERSION, load_pipeline

    pipeline = load_pipeline()
    startup = time.perf_counter() - t0
    results: dict[str, Any] = {"cpu": cpu, "startup_s": startup, "coder_version": CODER_VERSION}
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        for density, key in (("wire", "langs"), ("dense", "dense")):
            results[key] = {}
            for lang in corpus.LANGS:
                items = [corpus.article(n, lang, density=density) for n in range(per_lang)]
                source = Path(tmp) / f"{lang}.jsonl"
                source.write_bytes(b"".join(orjson.dumps(item) + b"\n" for item in items))
                for item in items[:50]:  # warm-up: first use of each regex, cache and detector path
                    pipeline.run(Article_from(item), created=CREATED)
                floor_s = min(floor_loop(source, Path(tmp) / "floor.jsonl") for _ in range(3))
                measured = pipeline_loop(pipeline, source, Path(tmp) / "out.jsonl")
                measured["bytes_per_article"] = source.stat().st_size / per_lang
                measured["io_floor_ms"] = floor_s * 1000 / per_lang
                measured["io_floor_articles_per_s"] = per_lang / floor_s
                results[key][lang] = measured
    return results


def Article_from(item: dict[str, Any]):  # noqa: N802 - reads like the constructor it wraps
    from streams.models import Article

    return Article.from_dict(item)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-lang", type=int, default=1000)
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    results = run(args.per_lang)
    for (key, lang), m in [((k, lang), m) for k in ("langs", "dense") for lang, m in results[k].items()]:
        print(
            f"{lang} {'wire' if key == 'langs' else 'dense'}: {m['articles_per_s']:,.0f} articles/s, p50 {m['p50_ms']:.3f} ms, p99 {m['p99_ms']:.3f} ms "
            f"(CPU p50 {m['cpu_p50_ms']:.3f} ms), {m['bytes_per_article']:,.0f} B/article, "
            f"{m['events_per_article']:.1f} events; I/O floor {m['io_floor_ms']:.4f} ms/article"
        )
    if args.json:
        args.json.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main()

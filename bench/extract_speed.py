"""Extraction speed and memory: median/p99 ms per article, start-up time and RSS (a script, not a test).

    .venv/bin/python bench/extract_speed.py [--n 2000]

The article is the seed story padded to ~3 KB with more of the same wire text, with varied ids.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--size", type=int, default=3000, help="characters per article")
    args = parser.parse_args()

    t0 = time.perf_counter()
    from streams.extract import load_pipeline
    from streams.models import Article

    pipeline = load_pipeline()
    startup = time.perf_counter() - t0

    seed = json.loads((ROOT / "tests/fixtures/seed_article.json").read_text("utf-8"))
    body = seed["text"]
    while len(body) < args.size:
        body += "\n\n" + seed["text"]
    body = body[: args.size]
    articles = [
        Article(id=f"bench-{i}", text=body, title=seed["title"], lang=None, published=seed["published"])
        for i in range(args.n)
    ]
    for article in articles[:50]:  # warm-up (first lingua/regex use)
        pipeline.run(article)
    times = []
    cpu = []
    events = 0
    for article in articles:
        start, start_cpu = time.perf_counter(), time.thread_time()
        result = pipeline.run(article, created="2024-01-01T00:00:00Z")
        cpu.append((time.thread_time() - start_cpu) * 1000)
        times.append((time.perf_counter() - start) * 1000)
        events += len(result.events)
    times.sort()
    cpu.sort()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles       {args.n} x {len(body)} chars (Arabic), {events / args.n:.1f} events each")
    print(f"start-up       {startup:.2f} s (imports, dictionaries, automaton, gazetteer, detector)")
    print(f"median         {statistics.median(times):.3f} ms/article")
    print(f"p99            {times[int(len(times) * 0.99) - 1]:.3f} ms/article")
    print(f"median CPU     {statistics.median(cpu):.3f} ms/article (thread CPU time; wall time suffers on a busy machine)")
    print(f"p99 CPU        {cpu[int(len(cpu) * 0.99) - 1]:.3f} ms/article")
    print(f"max RSS        {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()

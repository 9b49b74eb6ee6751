"""Extraction speed and memory: median/p99 ms per article, start-up time and RSS (a script, not a test).

    .venv/bin/python bench/extract_speed.py [--n 2000] [--text ar|en] [--lang-given]

The Arabic article is the seed story cut or padded to 3 KB (UTF-8 bytes) with more of the same wire text; the English
one is the English development articles joined to ~3 KB; ids vary. By default the message carries no
`lang` (the detector runs: for English text that means lingua); --lang-given sets it.
Compare the CPU figures (thread CPU time) when other processes load the machine.
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
    parser.add_argument("--size", type=int, default=3000, help="UTF-8 bytes per article (3 KB)")
    parser.add_argument("--text", choices=("ar", "en"), default="ar", help="Arabic seed story or English dev articles")
    parser.add_argument("--lang-given", action="store_true", help="the message carries `lang`")
    args = parser.parse_args()

    t0 = time.perf_counter()
    from streams.extract import load_pipeline
    from streams.models import Article

    pipeline = load_pipeline()
    startup = time.perf_counter() - t0

    seed = json.loads((ROOT / "tests/fixtures/seed_article.json").read_text("utf-8"))
    if args.text == "ar":
        text, title = seed["text"], seed["title"]
    else:
        rows = (ROOT / "tests/fixtures/extract/dev_en.jsonl").read_text("utf-8").splitlines()
        text, title = "\n\n".join(json.loads(row)["text"] for row in rows if row.strip()), None
    body = text
    while len(body.encode()) < args.size:
        body += "\n\n" + text
    body = body.encode()[: args.size].decode("utf-8", "ignore")  # 3 KB is bytes: Arabic letters take two
    lang = args.text if args.lang_given else None
    articles = [
        Article(id=f"bench-{i}", text=body, title=title, lang=lang, published=seed["published"])
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
    language = {"ar": "Arabic", "en": "English"}[args.text] + (", lang given" if args.lang_given else ", lang detected")
    print(f"articles       {args.n} x {len(body.encode())} bytes = {len(body)} chars ({language}), {events / args.n:.1f} events each")
    print(f"start-up       {startup:.2f} s (imports, dictionaries, automaton, gazetteer, detector)")
    print(f"median         {statistics.median(times):.3f} ms/article")
    print(f"p99            {times[int(len(times) * 0.99) - 1]:.3f} ms/article")
    print(f"median CPU     {statistics.median(cpu):.3f} ms/article (thread CPU time; wall time suffers on a busy machine)")
    print(f"p99 CPU        {cpu[int(len(cpu) * 0.99) - 1]:.3f} ms/article")
    # The least disturbed article: on a loaded machine the median moves by +-30 % between runs,
    # the minimum much less (compare code versions with it, or with an in-process A/B).
    print(f"min CPU        {cpu[0]:.3f} ms/article")
    print(f"max RSS        {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()

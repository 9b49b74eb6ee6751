"""What a worker spends per article besides extraction, step by step, in one process (no Kafka, no
Elasticsearch, no Faust): the same functions the agents call, on the bench corpus.

    .venv/bin/python bench/worker_budget.py [--count 600] [--json out.json]

Steps, each timed as thread CPU time per article (so a busy machine shows less in them than in wall
time) and best of `--rounds` passes:
- decode:    `decode_article` (orjson, JSON Schema validation, published check, Article)
- extract:   `Pipeline.run` (for scale)
- documents: `Event.to_json` for every event, `article_document` + orjson for the article, and the
             article's record(s) for the events topic (`index_records`: one bundle per article)
- index:     the index agent's side of the same records: `decode_index_records` and the bulk
             encoding (`prepare` + two orjson lines per document)
Faust's own per-message cost and the producer are not in here (see bench/e2e.py --profile).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402

CREATED = "2024-06-01T00:00:00.000+00:00"


def timed(rounds: int, work) -> float:  # noqa: ANN001
    best = float("inf")
    for _ in range(rounds):
        started = time.thread_time()
        work()
        best = min(best, time.thread_time() - started)
    return best


def run(count: int, rounds: int) -> dict[str, Any]:
    from streams.app.handlers import decode_article, index_records
    from streams.extract import load_pipeline
    from streams.sink.documents import article_document, decode_index_records
    from streams.sink.elastic import encode

    pipeline = load_pipeline()
    raw = [orjson.dumps(a) for a in corpus.articles(count, start=700_000)]
    articles = [decode_article(r, max_bytes=10 << 20) for r in raw]
    extractions = [pipeline.run(a, created=CREATED) for a in articles]

    def records_of(article: Any, extraction: Any) -> list[Any]:
        doc = article_document(article, extraction, created=CREATED, lineage=None)
        return index_records(article.id.encode(), [e.to_json() for e in extraction.events], orjson.dumps(doc), 10 << 20)

    records = [(r.value, r.headers) for a, x in zip(articles, extractions) for r in records_of(a, x)]
    items = [item for v, h in records for item in decode_index_records(v, h)]

    def documents() -> None:
        for article, extraction in zip(articles, extractions):
            records_of(article, extraction)

    steps = {
        "decode": timed(rounds, lambda: [decode_article(r, max_bytes=10 << 20) for r in raw]),
        "extract": timed(1, lambda: [pipeline.run(a, created=CREATED) for a in articles]),
        "documents": timed(rounds, documents),
        "index_decode": timed(rounds, lambda: [decode_index_records(v, h) for v, h in records]),
        "index_encode": timed(rounds, lambda: [encode(i, "events-v1", CREATED) for i in items]),
    }
    per_article = {k: v * 1000 / count for k, v in steps.items()}
    outside = sum(v for k, v in per_article.items() if k != "extract")
    return {"articles": count, "records_per_article": len(records) / count, "documents_per_article": len(items) / count,
            "ms_per_article": per_article,
            "outside_extraction_ms": outside, "outside_share": outside / (outside + per_article["extract"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    r = run(args.count, args.rounds)
    for step, ms in r["ms_per_article"].items():
        print(f"{step:13s} {ms:.3f} ms CPU/article")
    print(f"outside extraction {r['outside_extraction_ms']:.3f} ms/article = {r['outside_share']:.0%} of these steps "
          f"({r['records_per_article']:.1f} Kafka records, {r['documents_per_article']:.1f} documents per article)")
    if args.json:
        args.json.write_bytes(orjson.dumps(r, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main()

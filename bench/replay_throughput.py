"""Replay throughput on the local stack: N generated articles published, then replayed into a new index version.

    .venv/bin/python bench/replay_throughput.py [--count 10000] [--batch-size 500] [--keep]

Reports publish rate, replay rate (articles/s, end to end: Kafka read, extraction, Elasticsearch
bulk writes confirmed) and the extraction-only rate for comparison. Uses its own topics and
indices (uuid-named) and deletes them afterwards unless --keep.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.synthetic_articles

from streams.app.topics import delete_topics
from streams.config import Settings
from streams.ops.isolation import drop_indices, isolated_settings
from streams.ingest.publisher import publish
from streams.replay.runner import TopicSource, replay_topic_to_index
from tests.synthetic_articles import generated_articles


def bench_settings(state_dir: Path) -> Settings:
    return isolated_settings(Settings(), "bench", partitions=Settings().partitions, state_dir=state_dir)


def extraction_only_rate(articles: list[dict]) -> float:
    from streams.extract import load_pipeline
    from streams.models import Article

    pipeline = load_pipeline()
    started = time.perf_counter()
    for data in articles:
        pipeline.run(Article.from_dict(data), lineage=None, created="2024-01-01T00:00:00+00:00", max_chars=200_000)
    return len(articles) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="keep the topics and indices")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as state:
        settings = bench_settings(Path(state))
        articles = generated_articles(args.count, prefix="bench")
        try:
            started = time.perf_counter()
            summary = publish(settings, articles, progress=False)
            publish_seconds = time.perf_counter() - started
            assert summary.failed == 0, summary.errors[:3]

            report = replay_topic_to_index(settings, TopicSource(settings.topic_articles), 2, progress=True, batch_size=args.batch_size)
            assert report.done and report.articles == args.count, report

            extraction = extraction_only_rate(articles[:2000])
            print(f"articles:            {args.count}")
            print(f"publish:             {args.count / publish_seconds:,.0f} articles/s ({publish_seconds:.1f} s)")
            print(
                f"replay -> index v2:  {report.rate:,.0f} articles/s ({report.seconds:.1f} s; "
                f"{report.events} events, batch {args.batch_size})"
            )
            print(f"extraction only:     {extraction:,.0f} articles/s (one core, no I/O)")
        finally:
            if not args.keep:
                delete_topics(settings, settings.all_topics())
                drop_indices(settings)


if __name__ == "__main__":
    main()

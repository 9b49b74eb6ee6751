"""The same articles published twice, then a partition read again from its start."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from chaos.harness import Arena, Figures, Suite
from chaos.verify import es_client, publish_now, verify_run
from streams.config import Settings


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
    client = es_client(settings)
    try:
        client.indices.refresh(index=settings.articles_alias)
        query = {"bool": {"filter": [{"term": {"run_id": run_id}}, {"range": {"event.ingested": {"gte": since}}}]}}
        return int(client.count(index=settings.articles_alias, query=query)["count"])
    finally:
        client.close()

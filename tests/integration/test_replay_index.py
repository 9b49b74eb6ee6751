"""Replay into a new index version on the real stack: complete, verifiable, deterministic, swappable."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from streams.extract import load_pipeline
from streams.ingest.archive import export_range
from streams.ingest.publisher import publish
from streams.ingest.ranges import PartitionRange
from streams.ingest.readers import ArticleRecord, iter_articles
from streams.models import Article
from streams.replay.runner import TopicSource, replay_archive_to_index, replay_topic_to_index
from tests.synthetic_articles import generated_articles
from streams.replay.verify import index_fingerprint, verify_replay

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def corpus() -> list[dict]:
    samples = [i.article for i in iter_articles([SAMPLES]) if isinstance(i, ArticleRecord)]
    return samples + generated_articles(80, prefix="rpl")


def expected_event_ids(articles: list[dict]) -> set[str]:
    """What the extractor finds when run directly, article by article (no Kafka, no Elasticsearch)."""
    pipeline = load_pipeline()
    found = set()
    for data in articles:
        extraction = pipeline.run(Article.from_dict(data), lineage=None, created="2024-01-01T00:00:00+00:00", max_chars=200_000)
        found.update(e.event_id for e in extraction.events)
    return found


def es(settings):
    from elasticsearch import Elasticsearch

    return Elasticsearch(**settings.es_client_kwargs())


def all_docs(settings, index: str) -> list[dict]:
    from elasticsearch.helpers import scan

    client = es(settings)
    try:
        client.indices.refresh(index=index)
        return [hit for hit in scan(client, index=index, query={"query": {"match_all": {}}})]
    finally:
        client.close()


@pytest.fixture
def replay_settings(isolated, tmp_path):
    return isolated.with_overrides(state_dir=tmp_path / "state")


def test_replay_twice_gives_identical_documents_verifies_and_swaps(replay_settings):
    settings = replay_settings
    articles = corpus()
    assert publish(settings, articles, progress=False).sent == len(articles)
    source = TopicSource(settings.topic_articles)

    first = replay_topic_to_index(settings, source, 2, progress=False, batch_size=25)
    second = replay_topic_to_index(settings, source, 3, progress=False, batch_size=40)

    assert first.done and first.articles == len(articles) and first.dead_letters == 0 and first.rejected == 0
    events_v2 = all_docs(settings, settings.events_index(2))
    assert {d["_id"] for d in events_v2} == expected_event_ids(articles)  # nothing lost on the way
    for hit in events_v2:
        doc = hit["_source"]
        assert doc["coder_version"] and doc["dictionary_version"]
        assert doc["lineage"]["topic"] == settings.topic_articles
        assert doc["lineage"]["partition"] in range(settings.partitions) and doc["lineage"]["offset"] >= 0
    # Same range, same coder, different batching and another run: the same documents.
    assert index_fingerprint(settings, settings.events_index(2)) == index_fingerprint(settings, settings.events_index(3))
    assert index_fingerprint(settings, settings.articles_index(2)) == index_fingerprint(settings, settings.articles_index(3))
    # Replaying into a version that already holds the documents overwrites, never duplicates.
    again = replay_topic_to_index(settings, source, 2, progress=False, restart=True)
    assert again.done and again.articles == len(articles)
    assert index_fingerprint(settings, settings.events_index(2))[0] == len(events_v2)

    ranges = [PartitionRange.from_dict(r) for r in first.ranges]
    report = verify_replay(settings, ranges, 2, sample_size=20)
    assert report.ok, report.to_dict()
    assert report.source_articles == report.found_in_new == len(articles)
    assert report.new_index_events == len(events_v2)
    assert report.sample["size"] == 20 and report.sample["in_new"] == 20
    assert report.old_index == settings.articles_index(1)

    # The index helper's swap: the live aliases move to v2 and see every document.
    from elasticsearch import AsyncElasticsearch

    from streams.sink.admin import swap_alias

    async def swap() -> None:
        client = AsyncElasticsearch(**settings.es_client_kwargs())
        try:
            for alias in (settings.events_alias, settings.articles_alias):
                await swap_alias(client, settings, alias, 2)
        finally:
            await client.close()

    asyncio.run(swap())
    client = es(settings)
    try:
        assert client.count(index=settings.events_alias)["count"] == len(events_v2)
        assert client.count(index=settings.articles_alias)["count"] == len(articles)
        # the replay's own write aliases are gone: only the live aliases remain
        assert not client.options(ignore_status=404).indices.get_alias(name=f"{settings.events_alias}-replay-*").body.get(
            settings.events_index(2), {}
        )
    finally:
        client.close()


def test_archive_replays_into_a_version_equal_to_the_topic_replay(replay_settings, tmp_path):
    settings = replay_settings
    articles = corpus()[:40]
    publish(settings, articles, progress=False)
    archive = tmp_path / "all.ndjson.gz"
    assert export_range(settings, None, None, archive, progress=False).written == len(articles)

    from_topic = replay_topic_to_index(settings, TopicSource(settings.topic_articles), 2, progress=False)
    from_archive = replay_archive_to_index(settings, archive, 3, progress=False, batch_size=7)

    assert from_topic.articles == from_archive.articles == len(articles)
    # lineage in the archive replay is the archived topic/partition/offset, so the documents match
    assert index_fingerprint(settings, settings.events_index(2)) == index_fingerprint(settings, settings.events_index(3))
    assert verify_replay(settings, archive, 3).ok


def test_dead_letters_of_a_replay_are_listed_not_indexed(replay_settings):
    from streams.kafka import producer

    settings = replay_settings
    publish(settings, corpus()[:5], progress=False)
    sender = producer(settings)
    sender.send(settings.topic_articles, key=b"junk", value=b"{not json")
    sender.send(settings.topic_articles, key=b"nosuch", value=b'{"id": "no-text"}')
    sender.flush(30)
    sender.close()

    report = replay_topic_to_index(settings, TopicSource(settings.topic_articles), 2, progress=False)

    assert (report.articles, report.dead_letters) == (5, 2)
    lines = Path(report.errors_file).read_text().splitlines()
    assert len(lines) == 2 and all('"stage"' in line and '"original_b64"' in line for line in lines)
    verify = verify_replay(settings, [PartitionRange.from_dict(r) for r in report.ranges], 2)
    assert verify.ok and verify.source_records == 7 and verify.source_invalid == 2

"""A replay killed half-way (SIGKILL, or an injected stop) resumes with no gaps and no duplicates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from streams.extract import load_pipeline
from streams.ingest.publisher import publish
from streams.models import Article
from streams.ops.workers import settings_env
from streams.replay.checkpoints import CheckpointStore
from streams.replay.runner import ReplayStopped, TopicSource, replay_topic_to_index
from tests.synthetic_articles import generated_articles

ROOT = Path(__file__).resolve().parents[2]


def expected_event_ids(articles: list[dict]) -> set[str]:
    pipeline = load_pipeline()
    ids = set()
    for data in articles:
        ids.update(e.event_id for e in pipeline.run(Article.from_dict(data), lineage=None, created="x", max_chars=200_000).events)
    return ids


def index_ids(settings, index: str) -> list[str]:
    from elasticsearch import Elasticsearch
    from elasticsearch.helpers import scan

    client = Elasticsearch(**settings.es_client_kwargs())
    try:
        client.indices.refresh(index=index)
        return [hit["_id"] for hit in scan(client, index=index, query={"query": {"match_all": {}}}, _source=False)]
    finally:
        client.close()


def test_sigkilled_replay_resumes_where_it_stopped(isolated, tmp_path):
    settings = isolated.with_overrides(state_dir=tmp_path / "state")
    articles = generated_articles(600, prefix="kill")
    assert publish(settings, articles, progress=False).sent == 600
    store = CheckpointStore.for_settings(settings)
    command = [sys.executable, "-m", "streams.cli", "replay", "--index-version", "2", "--name", "killed",
               "--batch-size", "10", "--no-progress", "--no-verify"]
    child = subprocess.Popen(command, cwd=ROOT, env=settings_env(settings), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            checkpoint = store.load("killed") if store.path("killed").exists() else None
            if checkpoint and checkpoint.counts.get("read", 0) >= 100:
                break
            assert child.poll() is None, child.stdout.read().decode()
            time.sleep(0.02)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    at_kill = store.load("killed")
    assert not at_kill.done, "the replay finished before it could be killed: make it longer"
    confirmed = sum(at_kill.positions.values()) - sum(r["start"] for r in at_kill.ranges if str(r["partition"]) in at_kill.positions)
    assert 0 < confirmed < 600

    report = replay_topic_to_index(settings, TopicSource(settings.topic_articles), 2, name="killed", progress=False)

    assert report.resumed and report.done
    assert report.read == 600 - confirmed  # started at the checkpoint, not at the beginning
    article_ids = index_ids(settings, settings.articles_index(2))
    event_ids = index_ids(settings, settings.events_index(2))
    assert len(article_ids) == len(set(article_ids)) == 600  # no gap, no duplicate
    assert len(event_ids) == len(set(event_ids))
    assert set(event_ids) == expected_event_ids(articles)
    assert store.load("killed").counts["articles"] >= 600  # a batch in flight at the kill may be written twice


def test_injected_stop_then_resume_reads_each_record_exactly_once(isolated, tmp_path):
    settings = isolated.with_overrides(state_dir=tmp_path / "state")
    articles = generated_articles(120, prefix="stop")
    publish(settings, articles, progress=False)
    source = TopicSource(settings.topic_articles, from_offset=0)
    with pytest.raises(ReplayStopped):
        replay_topic_to_index(settings, source, 2, name="stopped", progress=False, batch_size=15, stop_after_batches=3)
    middle = CheckpointStore.for_settings(settings).load("stopped")
    assert 0 < middle.counts["read"] < 120

    report = replay_topic_to_index(settings, source, 2, name="stopped", progress=False, batch_size=15)

    assert report.resumed and report.done
    assert middle.counts["read"] + report.read == 120  # no record read twice, none skipped
    assert report.totals["articles"] == 120
    assert len(index_ids(settings, settings.articles_index(2))) == 120
    # the checkpoint file is plain JSON an operator can read
    data = orjson.loads(CheckpointStore.for_settings(settings).path("stopped").read_bytes())
    assert data["done"] is True and set(data["positions"]) == {str(p) for p in range(settings.partitions)}

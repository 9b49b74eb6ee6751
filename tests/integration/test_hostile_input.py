"""Hostile and broken input between good articles: every bad message becomes a dead letter with a
clear reason or is handled gracefully, the worker keeps running, and no good article is lost."""

from __future__ import annotations

import pytest

from chaos.harness import Arena
from chaos.scenarios.hostile_input import hostile_messages, hostile_outcomes, interleave
from chaos.verify import es_client, verify_run
from streams.ops.workers import is_alive, log_tail

GOOD = 30
DECODE_STAGES = {"decode", "validate"}


@pytest.fixture(scope="module")
def hostile_run(services):
    hostile = hostile_messages(services.max_message_bytes)
    with Arena(services, "hostile-test", partitions=2) as arena:
        worker = arena.start("w1")
        messages = interleave(arena.run_id, GOOD, hostile)
        arena.publish_raw(messages)
        try:
            arena.drain(GOOD, timeout=180)
        except TimeoutError:
            print(log_tail(worker, 80))
            raise
        yield arena, worker, hostile, hostile_outcomes(arena.settings, hostile)


def test_the_10_mb_message_reaches_the_topic(services):
    hostile = {h.label: h for h in hostile_messages(services.max_message_bytes)}
    assert len(hostile["10 MB article (at the size limit)"].value) == services.max_message_bytes >= 10 * 1024 * 1024
    assert len(hostile["over the size limit"].value) > services.max_message_bytes


def test_every_good_article_around_the_hostile_ones_is_indexed(hostile_run):
    arena, _, _, _ = hostile_run
    verification = verify_run(arena.settings, arena.run_id, range(GOOD))
    assert verification.missing == [] and verification.indexed == GOOD
    assert verification.duplicate_docs == 0


def test_the_worker_never_stopped(hostile_run):
    arena, worker, _, _ = hostile_run
    assert is_alive(worker.pid)
    assert arena.unplanned_exits == [] and arena.starts["w1"] == 1


@pytest.mark.parametrize("label", [h.label for h in hostile_messages(10 * 1024 * 1024)])
def test_each_hostile_message_has_the_expected_outcome(hostile_run, label):
    _, _, hostile, outcomes = hostile_run
    message = next(h for h in hostile if h.label == label)
    outcome = outcomes[label]
    assert outcome.kind == message.expect, outcome.describe()
    if outcome.kind == "dead letter":
        assert outcome.stage in DECODE_STAGES, outcome.describe()
        assert outcome.reason and len(outcome.reason) > 10


def test_dead_letters_keep_the_original_bytes_and_position(hostile_run):
    from streams.ops.dlq import read_letters

    arena, _, hostile, _ = hostile_run
    by_key = {h.key: h for h in hostile}
    letters = [s.letter for s in read_letters(arena.settings, arena.settings.topic_articles_dlq)]
    expected = sum(1 for h in hostile if h.expect == "dead letter")
    assert len(letters) == expected
    for letter in letters:
        assert letter.original == by_key[letter.key].value
        assert letter.topic == arena.settings.topic_articles
        assert letter.partition is not None and letter.offset is not None


def test_scripts_never_reach_the_indexed_sentences(hostile_run):
    arena, _, _, _ = hostile_run
    client = es_client(arena.settings)
    try:
        client.indices.refresh(index=arena.settings.events_alias)
        hits = client.search(index=arena.settings.events_alias, query={"term": {"article_id": "hostile-html"}},
                             size=50)["hits"]["hits"]
    finally:
        client.close()
    sentences = [hit["_source"]["sentence"]["text"] for hit in hits]
    assert sentences, "the HTML article's readable sentence still yields its event"
    assert not any("alert(" in s or "<script" in s for s in sentences)

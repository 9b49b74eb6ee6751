"""`eventwire replay` rebuilds incidents into the new index version, and the result depends neither
on the batch size nor on the order the articles arrive in, nor on a kill and resume."""

from __future__ import annotations

import pytest

from streams.app.topics import delete_topics, ensure_topics
from streams.ingest.publisher import publish
from streams.replay.runner import ReplayStopped, TopicSource, replay_topic_to_index
from streams.replay.verify import index_fingerprint

from .test_incidents import CALL_AR, CALL_EN_1, CALL_EN_2, SYNDICATED, UNRELATED
from .test_replay_index import all_docs, corpus

CREATED = "2025-03-05T00:00:00+00:00"


@pytest.fixture
def replay_settings(isolated, tmp_path):
    return isolated.with_overrides(state_dir=tmp_path / "state")


def articles() -> list[dict]:
    return corpus()[:60] + [CALL_EN_1, CALL_EN_2, CALL_AR, SYNDICATED, UNRELATED]


def recount(settings, version: int) -> dict[str, dict]:
    """Each incident's sets, counted again from the events of the same version."""
    counts: dict[str, dict] = {}
    for hit in all_docs(settings, settings.events_index(version)):
        doc = hit["_source"]
        entry = counts.setdefault(doc["incident_id"], {"articles": set(), "events": set()})
        entry["articles"].add(doc["article_id"])
        entry["events"].add(doc["event_id"])
    return counts


def test_replayed_incidents_do_not_depend_on_batches_order_or_a_resume(replay_settings):
    settings = replay_settings
    items = articles()
    reversed_settings = settings.with_overrides(topic_articles=settings.topic_articles + ".reversed")
    ensure_topics(reversed_settings)
    try:
        publish(settings, items, progress=False)
        publish(reversed_settings, items[::-1], progress=False)
        replay_topic_to_index(settings, TopicSource(settings.topic_articles), 2, progress=False, batch_size=25, created=CREATED)
        replay_topic_to_index(reversed_settings, TopicSource(reversed_settings.topic_articles), 3, progress=False, batch_size=7,
                              created=CREATED)
        with pytest.raises(ReplayStopped):
            replay_topic_to_index(settings, TopicSource(settings.topic_articles), 4, progress=False, batch_size=10, created=CREATED,
                                  name="resumed", stop_after_batches=2)
        resumed = replay_topic_to_index(settings, TopicSource(settings.topic_articles), 4, progress=False, batch_size=10,
                                        created=CREATED, name="resumed")
        assert resumed.resumed and resumed.done
    finally:
        delete_topics(settings, [reversed_settings.topic_articles])

    count, print_v2 = index_fingerprint(settings, settings.incidents_index(2))
    assert count > 10
    assert index_fingerprint(settings, settings.incidents_index(3)) == (count, print_v2), "order and batch size"
    assert index_fingerprint(settings, settings.incidents_index(4)) == (count, print_v2), "kill and resume"

    incidents = {hit["_id"]: hit["_source"] for hit in all_docs(settings, settings.incidents_index(2))}
    expected = recount(settings, 2)
    assert set(incidents) == set(expected), "every event's incident exists, and no other"
    for incident_id, doc in incidents.items():
        assert set(doc["article_ids"]) == expected[incident_id]["articles"]
        assert doc["num_mentions"] == len(expected[incident_id]["events"])
    [call] = [d for d in incidents.values() if CALL_AR["id"] in d["article_ids"] and d["event"]["plover"] == "CONSULT"]
    assert (call["num_sources"], call["num_articles"]) == (4, 3) and call["duplicate_article_ids"] == [SYNDICATED["id"]]

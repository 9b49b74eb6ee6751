"""The topics setup creates: the incident evidence partitioned like the articles, the
standing queries compacted."""

from __future__ import annotations

from streams.app.topics import topic_specs
from streams.config import Settings


def specs(**overrides):
    return {spec.name: spec for spec in topic_specs(Settings().with_overrides(**overrides))}


def test_every_topic_of_the_settings_is_created():
    assert set(specs()) == set(Settings().all_topics())


def test_the_incident_evidence_is_partitioned_like_the_articles_and_not_compacted():
    found = specs(partitions=6)
    evidence = found["incidents.evidence"]
    assert evidence.partitions == found["articles"].partitions == 6
    assert "cleanup.policy" not in evidence.configs


def test_standing_queries_are_compacted():
    assert specs()["alerts.queries"].configs["cleanup.policy"] == "compact"

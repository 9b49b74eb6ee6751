"""The topics setup creates: the incidents table's changelog co-partitioned with its source, the
standing queries compacted."""

from __future__ import annotations

from streams.app.topics import topic_specs
from streams.config import Settings


def specs(**overrides):
    return {spec.name: spec for spec in topic_specs(Settings().with_overrides(**overrides))}


def test_every_topic_of_the_settings_is_created():
    assert set(specs()) == set(Settings().all_topics())


def test_the_incidents_changelog_is_compacted_and_co_partitioned_with_the_evidence():
    found = specs(partitions=6)
    evidence, state = found["incidents.evidence"], found["incidents.state"]
    assert evidence.partitions == state.partitions == found["articles"].partitions == 6
    assert state.configs["cleanup.policy"] == "compact"
    assert "cleanup.policy" not in evidence.configs


def test_standing_queries_are_compacted():
    assert specs()["alerts.queries"].configs["cleanup.policy"] == "compact"

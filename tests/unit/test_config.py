import os

import pytest

from streams.config import Settings


def test_environment_is_read_with_the_prefix(monkeypatch):
    monkeypatch.setenv("EVENTWIRE_KAFKA_BOOTSTRAP", "10.1.2.3:9999")
    monkeypatch.setenv("EVENTWIRE_PARTITIONS", "8")
    settings = Settings()
    assert settings.kafka_bootstrap == "10.1.2.3:9999" and settings.partitions == 8


def test_settings_are_frozen():
    settings = Settings()
    try:
        settings.partitions = 9  # type: ignore[misc]
    except Exception:  # noqa: BLE001 - pydantic raises ValidationError
        pass
    assert settings.partitions == Settings().partitions


def test_secrets_are_masked_when_printed(monkeypatch):
    monkeypatch.setenv("EVENTWIRE_ES_PASSWORD", "hunter2-secret")
    monkeypatch.setenv("EVENTWIRE_KAFKA_SASL_PASSWORD", "kafka-secret")
    monkeypatch.setenv("EVENTWIRE_ES_API_KEY", "api-key-secret")
    settings = Settings()
    printed = repr(settings) + str(settings) + str(settings.describe())
    for secret in ("hunter2-secret", "kafka-secret", "api-key-secret"):
        assert secret not in printed
    # ...but the clients still get the real values.
    assert settings.es_client_kwargs()["api_key"] == "api-key-secret"


def test_index_names_are_versioned():
    settings = Settings().with_overrides(index_version=3)
    assert settings.events_index() == "events-v3" and settings.articles_index(2) == "articles-v2"


def test_replication_per_topic_role_and_the_derived_min_insync():
    from streams.app.topics import topic_specs

    settings = Settings(replication_factor=3, topic_replication={"articles_dlq": 2, "events_dlq": 1})
    specs = {spec.name: spec for spec in topic_specs(settings)}
    assert [specs[name].replication_factor for name in ("articles", "events", "articles.dlq", "events.dlq")] == [3, 3, 2, 1]
    # One fewer in sync than replicas: three brokers keep taking acks=all writes with one down.
    assert [specs[name].configs["min.insync.replicas"] for name in ("articles", "articles.dlq", "events.dlq")] == ["2", "1", "1"]
    explicit = {spec.name: spec for spec in topic_specs(Settings(replication_factor=3, min_insync_replicas=3))}
    assert explicit["events"].configs["min.insync.replicas"] == "3"
    assert Settings().topic_min_insync_replicas("articles") == 1


def test_replication_settings_that_could_never_work_are_refused(monkeypatch):
    import pydantic

    with pytest.raises(pydantic.ValidationError, match="unknown topic role"):
        Settings(topic_replication={"article": 3})
    with pytest.raises(pydantic.ValidationError, match="exceeds the replication factor"):
        Settings(replication_factor=3, topic_replication={"events_dlq": 1}, min_insync_replicas=2)
    with pytest.raises(pydantic.ValidationError):
        Settings(index_replicas="one")
    monkeypatch.setenv("EVENTWIRE_TOPIC_REPLICATION", '{"events": 2}')
    monkeypatch.setenv("EVENTWIRE_INDEX_REPLICAS_BY_KIND", '{"articles": "0"}')
    settings = Settings()
    assert settings.topic_replication_factor("events") == 2 and settings.replicas_of("articles") == "0"


def test_index_replicas_become_a_count_or_an_auto_expand_range():
    from streams.sink.admin import render_index_settings

    settings = Settings(index_replicas="1", index_replicas_by_kind={"articles": "0-all"})
    events = render_index_settings(settings, "events")
    assert events["number_of_replicas"] == 1 and events["auto_expand_replicas"] is False
    assert render_index_settings(settings, "articles")["auto_expand_replicas"] == "0-all"
    assert render_index_settings(Settings(), "events")["auto_expand_replicas"] == "0-1"
    assert "number_of_replicas" not in render_index_settings(Settings(), "events")


def test_several_elasticsearch_urls_reach_the_client_as_hosts():
    settings = Settings(es_url="http://a:9200, http://b:9200,http://c:9200")
    assert settings.es_client_kwargs()["hosts"] == ["http://a:9200", "http://b:9200", "http://c:9200"]
    assert Settings().es_client_kwargs()["hosts"] == ["http://127.0.0.1:9200"]


def test_a_child_process_environment_gives_back_the_same_settings(monkeypatch):
    """What start_worker (and the replay test's child) hand a process: every setting, mappings as JSON."""
    from streams.ops.workers import settings_env

    settings = Settings(topic_replication={"events_dlq": 1}, index_replicas_by_kind={"articles": "0-all"},
                        partitions=6, es_password="p")
    for name in list(os.environ):
        if name.startswith("EVENTWIRE_"):
            monkeypatch.delenv(name)
    for name, value in settings_env(settings).items():
        if name.startswith("EVENTWIRE_"):
            monkeypatch.setenv(name, value)
    assert Settings() == settings

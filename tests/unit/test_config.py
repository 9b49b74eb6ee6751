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

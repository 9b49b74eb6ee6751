"""Settings: the one reader of the environment.

Every `EVENTWIRE_*` variable is read here, once, by `Settings()` (built in the CLI) and the frozen
object is passed down. Nothing else in the package touches `os.environ` for configuration.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


# The roles of the project's topics, as the `topic_replication` setting names them (the incident
# evidence, the standing queries and their alerts beside the original four).
TOPIC_ROLES = ("articles", "events", "articles_dlq", "events_dlq", "incident_evidence", "alert_queries", "alerts")
REPLICAS_PATTERN = r"^(\d+|\d+-(\d+|all))$"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVENTWIRE_", frozen=True, extra="ignore")

    # --- Kafka -----------------------------------------------------------------------------
    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_security_protocol: str = "PLAINTEXT"  # PLAINTEXT | SSL | SASL_PLAINTEXT | SASL_SSL
    kafka_sasl_mechanism: str | None = None  # SCRAM-SHA-256 | SCRAM-SHA-512 | PLAIN
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: str | None = None

    topic_articles: str = "articles"
    topic_events: str = "events"
    topic_articles_dlq: str = "articles.dlq"
    topic_events_dlq: str = "events.dlq"
    # Incidents: evidence records keyed by incident key (the source of the `incidents` agent).
    topic_incident_evidence: str = "incidents.evidence"
    # Standing queries (compacted, one record per query name) and the alerts they raise.
    topic_alert_queries: str = "alerts.queries"
    topic_alerts: str = "alerts"
    partitions: int = Field(default=4, ge=1)
    # Replicas of every topic the project creates; `topic_replication` overrides it per topic role
    # (articles, events, articles_dlq, events_dlq), e.g. '{"articles": 3, "events_dlq": 2}'.
    replication_factor: int = Field(default=1, ge=1)
    topic_replication: dict[str, int] = Field(default_factory=dict)
    # In-sync replicas an acks=all write needs. Unset: one fewer than the topic's replication
    # factor (at least 1), so a topic on three brokers keeps taking writes with one broker down.
    min_insync_replicas: int | None = Field(default=None, ge=1)
    # Upper bound for one Kafka message; larger articles become dead letters, not crashes.
    max_message_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    # Text beyond this many characters is not scanned (the event still records the cut).
    max_text_chars: int = Field(default=200_000, ge=1000)
    # The user's own dictionaries, laid over the shipped ones (streams/extract/overlay.py); None: shipped only.
    dictionary_dir: Path | None = None

    # --- Elasticsearch ---------------------------------------------------------------------
    es_url: str = "http://127.0.0.1:9200"
    es_username: str | None = None
    es_password: SecretStr | None = None
    es_api_key: SecretStr | None = None
    es_ca_certs: str | None = None
    es_verify_certs: bool = True
    events_alias: str = "events"
    articles_alias: str = "articles"
    incidents_alias: str = "incidents"
    index_version: int = Field(default=1, ge=1)
    # Search visibility: a document is searchable at the next refresh. 250 ms keeps
    # publish-to-searchable under a second; "1s" (Elasticsearch's default) saves a little
    # indexing work when latency matters less.
    refresh_interval: str = "250ms"
    # Incident documents are rewritten as reports come in and are not what publish-to-searchable
    # measures. Empty (the default): Elasticsearch's own refresh, every second while someone
    # searches the index and none while nobody does ("search idle" after 30 s; the first search
    # then waits for one refresh). Elasticsearch refreshes every index on one refresh thread on a
    # 2-core node, so an incidents refresh holds the articles' back: 30-60 ms each at 1s, ~90 ms
    # each at 5s (50 articles/s of incident writes on the busy bench machine), and the 5s run's
    # publish->searchable p99 was x1.44 of the run without incidents against x1.24 at 1s. The
    # agent reads incidents back with a realtime `mget`, which needs no refresh.
    incident_refresh_interval: str = ""
    # Replicas per shard of the indices the project creates: a number ("1") or an auto-expand range
    # ("0-1": one replica as soon as a second node is there). `index_replicas_by_kind` overrides it
    # per index kind, e.g. '{"articles": "0"}'. Applies to indices created after the change.
    index_replicas: str = Field(default="0-1", pattern=REPLICAS_PATTERN)
    index_replicas_by_kind: dict[str, Annotated[str, Field(pattern=REPLICAS_PATTERN)]] = Field(default_factory=dict)
    kibana_url: str = "http://127.0.0.1:5601"  # `eventwire kibana import` (same credentials as Elasticsearch)
    # How long a command waits for Kafka, Elasticsearch or Kibana to answer a first connection before
    # it says which one is unreachable (the clients' own defaults wait 30 s and more, then retry).
    connect_timeout_seconds: float = Field(default=5.0, gt=0, le=300)

    # --- Worker ----------------------------------------------------------------------------
    app_id: str = "eventwire"
    ready_max_lag: int = Field(default=10_000, ge=0)  # readiness fails above this consumer lag
    worker_web_port: int = Field(default=6066, ge=0, le=65535)  # 0: no HTTP endpoints
    # Where /ready and /metrics listen: loopback on a workstation, 0.0.0.0 in a container or pod
    # (probes and Prometheus come from outside).
    worker_web_bind: str = "127.0.0.1"
    # Distinct `source` label values in the worker's metrics; later sources are counted as `other`.
    metrics_max_sources: int = Field(default=100, ge=1)
    # A batch is extracted without yielding the event loop: its size bounds that stall (~10 ms
    # per ~3 KB article today), the seconds bound how long a quiet stream waits to fill it.
    extract_batch_size: int = Field(default=100, ge=1)
    extract_batch_seconds: float = Field(default=0.05, gt=0)
    # Threads that code one extract batch together (the compiled front end runs without the GIL);
    # default: the cores this process may run on. Output order, offsets and acks do not depend on it.
    extract_threads: int = Field(default_factory=lambda: len(os.sched_getaffinity(0)), ge=1, le=64)
    index_batch_size: int = Field(default=500, ge=1)
    index_batch_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    index_batch_seconds: float = Field(default=0.05, gt=0)
    # The worker's producer (extract -> events): how long a send may wait for more records to
    # share its request, and the most bytes per partition batch (events are ~2 KB each).
    producer_linger_seconds: float = Field(default=0.005, ge=0)
    producer_batch_bytes: int = Field(default=512 * 1024, ge=16 * 1024)
    # How long the group waits for a silent (crashed) worker before giving its partitions away;
    # Faust's default is 60 s. Lower means faster take-over after a SIGKILL, but a longer stall of the
    # event loop (a huge article) can then cost a spurious rebalance.
    worker_session_timeout: float = Field(default=15.0, gt=1, le=300)
    # Incidents: grouping of events across articles and languages (streams/incidents/). Off, the
    # worker codes and indexes events exactly as before (the bench compares both in one run).
    incidents_enabled: bool = True
    # An incident stays open in the worker's table until the stream's clock (the latest published
    # time seen on its partition) passes the end of the incident's day by this much; then it is
    # evicted. A report arriving later reopens it from the `incidents` index.
    incident_window_hours: float = Field(default=48.0, gt=0)
    # ... and never more than this many incidents per worker (the least recently changed go first):
    # a hard bound on the table's memory (~1.7 KB an incident: ~85 MB at the default).
    incident_table_max: int = Field(default=50_000, ge=100)
    incident_batch_size: int = Field(default=500, ge=1)
    # Evidence bytes merged and written together (the records are bundles of items, ~1.6 KB each).
    incident_batch_bytes: int = Field(default=1024 * 1024, ge=1024)
    # Longer than the other agents' linger: updates of one incident within it are written once, in
    # fewer and larger bulk requests beside the index agent's.
    incident_batch_seconds: float = Field(default=0.5, gt=0)
    # > 0: a batch's changed incidents are merged and written in slices of `incident_write_chunk`
    # with pauses between them, spread over up to this long. A batch covers its linger and the time
    # its writes take, so with a 1 s linger and a 1 s spread incidents are rewritten as seldom as
    # with 2 s batches (bench corpus, incident documents per article: 6.6 at 50 articles/s with
    # 0.5 s batches, 5.2 with 2 s) without one 2 s burst of writes. Measured once (quiet e2e,
    # together with a 5 s incidents refresh): Elasticsearch CPU for incidents +0.4 ms per article
    # instead of +2.7, but worker CPU +3.1 instead of +2.5 and publish->searchable no better (p50
    # x1.24, p99 x1.44 of the run without incidents at 50/s, against x1.17 and x1.24): off by
    # default, a setting for clusters short of Elasticsearch CPU rather than of latency.
    incident_write_spread_seconds: float = Field(default=0.0, ge=0)
    incident_write_chunk: int = Field(default=64, ge=1)
    # Alerts: each delivery target has a queue of this many alerts; a full queue drops (metric
    # eventwire_alerts_dropped_total) rather than slow the coding down.
    alert_queue_size: int = Field(default=1000, ge=1)
    alert_webhook_timeout_seconds: float = Field(default=5.0, gt=0)
    alert_webhook_attempts: int = Field(default=5, ge=1)
    retry_base_seconds: float = Field(default=0.2, gt=0)
    retry_cap_seconds: float = Field(default=30.0, gt=0)
    log_level: str = "INFO"

    # --- Local stack -----------------------------------------------------------------------
    cache_dir: Path = Path("~/.cache/eventwire")
    state_dir: Path = Path("~/.local/state/eventwire")
    kafka_version: str = "4.1.1"
    es_version: str = "9.3.2"
    es_heap: str = "1g"
    es_user: str = "eventwire"

    @field_validator("topic_replication")
    @classmethod
    def _known_topic_roles(cls, value: dict[str, int]) -> dict[str, int]:
        unknown = sorted(set(value) - set(TOPIC_ROLES))
        if unknown:
            raise ValueError(f"unknown topic role(s) {unknown}; choose from {list(TOPIC_ROLES)}")
        if any(factor < 1 for factor in value.values()):
            raise ValueError("replication factors must be at least 1")
        return value

    @model_validator(mode="after")
    def _insync_within_replication(self) -> "Settings":
        for role in TOPIC_ROLES:
            factor = self.topic_replication_factor(role)
            if self.min_insync_replicas is not None and self.min_insync_replicas > factor:
                raise ValueError(
                    f"min_insync_replicas {self.min_insync_replicas} exceeds the replication factor {factor} "
                    f"of the {role} topic: no acks=all write could ever succeed"
                )
        return self

    def topic_name(self, role: str) -> str:
        return {
            "articles": self.topic_articles,
            "events": self.topic_events,
            "articles_dlq": self.topic_articles_dlq,
            "events_dlq": self.topic_events_dlq,
            "incident_evidence": self.topic_incident_evidence,
            "alert_queries": self.topic_alert_queries,
            "alerts": self.topic_alerts,
        }[role]

    def topic_replication_factor(self, role: str) -> int:
        return self.topic_replication.get(role, self.replication_factor)

    def topic_min_insync_replicas(self, role: str) -> int:
        if self.min_insync_replicas is not None:
            return self.min_insync_replicas
        return max(1, self.topic_replication_factor(role) - 1)

    def replicas_of(self, kind: str) -> str:
        """Replica setting of the index kind (`events`, `articles`, ...): a count or an auto-expand range."""
        return self.index_replicas_by_kind.get(kind, self.index_replicas)

    @property
    def es_hosts(self) -> list[str]:
        """`es_url` may list several nodes, comma-separated; the client spreads requests over them
        and retries a failed one on another."""
        return [url.strip() for url in self.es_url.split(",") if url.strip()]

    def with_overrides(self, **changes: Any) -> "Settings":
        """A copy with some fields changed (tests, replay into another index version)."""
        return self.model_copy(update=changes)

    @property
    def cache_path(self) -> Path:
        return self.cache_dir.expanduser()

    @property
    def state_path(self) -> Path:
        return self.state_dir.expanduser()

    def events_index(self, version: int | None = None) -> str:
        return f"{self.events_alias}-v{version or self.index_version}"

    def articles_index(self, version: int | None = None) -> str:
        return f"{self.articles_alias}-v{version or self.index_version}"

    def incidents_index(self, version: int | None = None) -> str:
        return f"{self.incidents_alias}-v{version or self.index_version}"

    def all_topics(self) -> list[str]:
        return [self.topic_name(role) for role in TOPIC_ROLES]

    def kafka_client_kwargs(self) -> dict[str, Any]:
        """Security options in kafka-python / aiokafka spelling (both use the same names)."""
        kwargs: dict[str, Any] = {"security_protocol": self.kafka_security_protocol}
        if self.kafka_sasl_mechanism:
            kwargs["sasl_mechanism"] = self.kafka_sasl_mechanism
            kwargs["sasl_plain_username"] = self.kafka_sasl_username
            kwargs["sasl_plain_password"] = (
                self.kafka_sasl_password.get_secret_value() if self.kafka_sasl_password else None
            )
        if self.kafka_ssl_cafile:
            kwargs["ssl_cafile"] = self.kafka_ssl_cafile
        return kwargs

    def es_client_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"hosts": self.es_hosts, "verify_certs": self.es_verify_certs}
        if self.es_api_key:
            kwargs["api_key"] = self.es_api_key.get_secret_value()
        elif self.es_username and self.es_password:
            kwargs["basic_auth"] = (self.es_username, self.es_password.get_secret_value())
        if self.es_ca_certs:
            kwargs["ca_certs"] = self.es_ca_certs
        return kwargs

    def describe(self) -> dict[str, Any]:
        """Printable view: secrets appear masked (SecretStr prints as '**********')."""
        return {name: (str(value) if value is not None else None) for name, value in self}

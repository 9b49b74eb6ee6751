"""deploy/k8s/ rendered with kustomize, every overlay: the objects parse, every image is pinned, the
settings and topics agree with `Settings`, `streams.app.topics` and docker-compose.yml, and no
secret is written into a manifest.

kustomize comes from the Go module proxy (scripts/stack-prereqs.sh installs the pinned version).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from streams.app.topics import topic_specs
from streams.config import Settings
from tests.unit.compose_support import COMPOSE

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = sorted(p.name for p in (ROOT / "deploy" / "k8s" / "overlays").iterdir() if p.is_dir())
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SECRET_WORDS = re.compile(r"PASSWORD|API_KEY|SECRET|TOKEN", re.IGNORECASE)
EXACT_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def kustomize() -> str:
    gopath = subprocess.run(["go", "env", "GOPATH"], capture_output=True, text=True).stdout.strip() \
        if shutil.which("go") else ""
    for candidate in (shutil.which("kustomize"), gopath and f"{gopath}/bin/kustomize",
                      str(Path.home() / "go" / "bin" / "kustomize")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    message = "kustomize is not installed (scripts/stack-prereqs.sh installs it from the Go module proxy)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request) -> tuple[str, list[dict]]:
    result = subprocess.run([kustomize(), "build", str(ROOT / "deploy" / "k8s" / "overlays" / request.param)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return request.param, [doc for doc in yaml.safe_load_all(result.stdout) if doc is not None]


def of_kind(objects: list[dict], kind: str) -> list[dict]:
    return [o for o in objects if o["kind"] == kind]


def one(objects: list[dict], kind: str, name: str | None = None) -> dict:
    found = [o for o in of_kind(objects, kind) if name is None or o["metadata"]["name"] == name]
    assert len(found) == 1, (kind, name, [o["metadata"]["name"] for o in found])
    return found[0]


def containers(objects: list[dict]) -> list[tuple[str, dict]]:
    out = []
    for obj in objects:
        pod = obj.get("spec", {}).get("template", {}).get("spec", {})
        for container in pod.get("initContainers", []) + pod.get("containers", []):
            out.append((f"{obj['kind']}/{obj['metadata']['name']}/{container['name']}", container))
    return out


def overlay_settings(objects: list[dict]) -> Settings:
    """The Settings a worker of this overlay builds from its ConfigMap (secrets left out)."""
    data = one(objects, "ConfigMap")["data"]
    return Settings(**{key.removeprefix("EVENTWIRE_").lower(): value for key, value in data.items()})


def compose_env() -> dict[str, str]:
    return COMPOSE["services"]["worker"]["environment"]


def test_every_object_parses_and_the_pieces_are_all_there(rendered):
    overlay, objects = rendered
    for obj in objects:
        assert obj.get("apiVersion") and obj.get("kind") and obj.get("metadata", {}).get("name"), obj
        if obj["kind"] != "Namespace":
            assert obj["metadata"].get("namespace"), f"{overlay}: {obj['kind']} {obj['metadata']['name']} has no namespace"
    kinds = {o["kind"] for o in objects}
    assert {"Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Elasticsearch", "Kibana", "Deployment", "Service",
            "PodDisruptionBudget", "Job", "ScaledObject", "TriggerAuthentication", "ServiceMonitor",
            "ConfigMap"} <= kinds
    kafka = one(objects, "Kafka")
    assert kafka["metadata"]["annotations"]["strimzi.io/kraft"] == "enabled"
    assert kafka["metadata"]["annotations"]["strimzi.io/node-pools"] == "enabled"
    roles = {tuple(pool["spec"]["roles"]) for pool in of_kind(objects, "KafkaNodePool")}
    assert roles == {("controller",), ("broker",)}, "controllers in a pool of their own"


def test_every_image_is_pinned_and_the_servers_match_the_local_stack(rendered):
    overlay, objects = rendered
    for where, container in containers(objects):
        image = container["image"]
        name, _, tag = image.rpartition(":") if "@" not in image else (image, "", "digest")
        assert "@sha256:" in image or (name and tag and tag != "latest" and "/" not in tag), f"{overlay}: {where} {image}"
    defaults = Settings()
    assert one(objects, "Kafka")["spec"]["kafka"]["version"] == defaults.kafka_version
    for kind in ("Elasticsearch", "Kibana"):
        version = one(objects, kind)["spec"]["version"]
        assert EXACT_VERSION.match(version) and version == defaults.es_version, (overlay, kind, version)
    compose = COMPOSE["services"]
    assert f"${{ES_VERSION:-{defaults.es_version}}}" in compose["elasticsearch"]["image"]
    assert f"${{KAFKA_VERSION:-{defaults.kafka_version}}}" in compose["kafka"]["image"]


def test_settings_are_real_settings_and_agree_with_compose(rendered):
    overlay, objects = rendered
    fields = {f"EVENTWIRE_{name.upper()}" for name in Settings.model_fields}
    names = set(one(objects, "ConfigMap")["data"])
    for _, container in containers(objects):
        names |= {entry["name"] for entry in container.get("env", []) if entry["name"].startswith("EVENTWIRE_")}
    assert names <= fields, f"{overlay}: not settings: {sorted(names - fields)}"
    settings = overlay_settings(objects)
    compose, defaults = compose_env(), Settings()
    for key in ("EVENTWIRE_TOPIC_ARTICLES", "EVENTWIRE_TOPIC_EVENTS", "EVENTWIRE_TOPIC_ARTICLES_DLQ",
                "EVENTWIRE_TOPIC_EVENTS_DLQ", "EVENTWIRE_EVENTS_ALIAS", "EVENTWIRE_ARTICLES_ALIAS"):
        field = key.removeprefix("EVENTWIRE_").lower()
        assert getattr(settings, field) == compose[key] == getattr(defaults, field), (overlay, key)
    assert settings.worker_web_bind == "0.0.0.0", "probes and Prometheus reach the pod from outside"
    for where, container in containers(objects):
        refs = [source["configMapRef"]["name"] for source in container.get("envFrom", [])]
        assert refs == [one(objects, "ConfigMap")["metadata"]["name"]], where


def test_topics_are_what_eventwire_setup_would_create(rendered):
    overlay, objects = rendered
    settings = overlay_settings(objects)
    wanted = {spec.name: spec for spec in topic_specs(settings)}
    topics = {t["spec"]["topicName"]: t["spec"] for t in of_kind(objects, "KafkaTopic")}
    assert set(topics) == set(wanted), overlay
    for name, spec in wanted.items():
        assert topics[name]["partitions"] == spec.partitions, (overlay, name)
        assert topics[name]["replicas"] == spec.replication_factor, (overlay, name)
        assert {k: str(v) for k, v in topics[name]["config"].items()} == spec.configs, (overlay, name)
    brokers = next(p for p in of_kind(objects, "KafkaNodePool") if p["spec"]["roles"] == ["broker"])
    assert brokers["spec"]["replicas"] >= max(spec.replication_factor for spec in wanted.values()), overlay
    config = one(objects, "Kafka")["spec"]["kafka"]["config"]
    assert int(config["message.max.bytes"]) >= settings.max_message_bytes
    assert int(config["default.replication.factor"]) <= brokers["spec"]["replicas"]
    nodes = sum(node_set["count"] for node_set in one(objects, "Elasticsearch")["spec"]["nodeSets"])
    for kind in ("events", "articles"):
        replicas = settings.replicas_of(kind)
        assert not replicas.isdigit() or int(replicas) < nodes, f"{overlay}: {kind} replicas {replicas} on {nodes} node(s)"


def test_autoscaling_follows_the_lag_of_the_articles_topic_within_the_partitions(rendered):
    overlay, objects = rendered
    settings = overlay_settings(objects)
    scaled = one(objects, "ScaledObject")
    assert scaled["spec"]["scaleTargetRef"]["name"] == one(objects, "Deployment")["metadata"]["name"]
    (trigger,) = scaled["spec"]["triggers"]
    meta = trigger["metadata"]
    assert trigger["type"] == "kafka"
    assert meta["topic"] == settings.topic_articles and meta["consumerGroup"] == settings.app_id
    assert meta["bootstrapServers"] == settings.kafka_bootstrap
    assert meta["allowIdleConsumers"] == "false"
    assert scaled["spec"]["maxReplicaCount"] == settings.partitions, f"{overlay}: one worker per partition at most"
    assert 1 <= scaled["spec"]["minReplicaCount"] <= scaled["spec"]["maxReplicaCount"]
    auth = one(objects, "TriggerAuthentication", trigger["authenticationRef"]["name"])
    assert {ref["parameter"] for ref in auth["spec"]["secretTargetRef"]} >= {"password"}


def test_the_worker_is_probed_budgeted_and_scraped(rendered):
    overlay, objects = rendered
    settings = overlay_settings(objects)
    worker = one(objects, "Deployment")
    labels = worker["spec"]["template"]["metadata"]["labels"]
    (container,) = worker["spec"]["template"]["spec"]["containers"]
    assert container["args"] == ["worker"]
    port = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert port["http"] == settings.worker_web_port
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert container["resources"]["requests"]["cpu"] and container["resources"]["requests"]["memory"]
    budget = one(objects, "PodDisruptionBudget")
    assert budget["spec"]["selector"]["matchLabels"].items() <= labels.items()
    service = one(objects, "Service", "eventwire-worker")
    assert service["spec"]["selector"].items() <= labels.items()
    monitor = one(objects, "ServiceMonitor")
    assert monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
    assert [e["port"] for e in monitor["spec"]["endpoints"]] == [p["name"] for p in service["spec"]["ports"]]
    assert monitor["spec"]["endpoints"][0]["path"] == "/metrics"
    job = one(objects, "Job")
    assert [c["args"][0] for c in job["spec"]["template"]["spec"]["initContainers"]] == ["setup"]


def test_no_secret_is_written_into_a_manifest(rendered):
    overlay, objects = rendered
    assert not of_kind(objects, "Secret"), f"{overlay}: Secrets come from the operators or kubectl, never from here"
    assert not any(SECRET_WORDS.search(key) for key in one(objects, "ConfigMap")["data"]), overlay
    secret_refs = 0
    for where, container in containers(objects):
        for entry in container.get("env", []):
            if SECRET_WORDS.search(entry["name"]):
                assert "value" not in entry and entry["valueFrom"]["secretKeyRef"]["name"], f"{overlay}: {where}"
                secret_refs += 1
    assert secret_refs >= 2, "the worker's passwords come from secretKeyRefs"
    for auth in of_kind(objects, "TriggerAuthentication"):
        assert "value" not in str(auth["spec"]).lower().replace("valuefrom", "")

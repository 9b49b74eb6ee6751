"""The local stack's pure parts: JDK choice, config rendering, version fallback, checksums, and the
process bookkeeping (with real throwaway processes, never the shared stack)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from streams.config import Settings
from streams.ops.workers import free_port
from streams.stack import common, elastic, kafka
from streams.stack.cli import app
from streams.stack.common import Jdk, StackError


def _props(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {key: value for key, value in pairs}


def _yml(text: str) -> dict[str, object]:
    pairs = (line.split(": ", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {key: json.loads(value) for key, value in pairs}


def _nowhere(tmp_path: Path) -> Settings:
    """State of its own, and Kafka and Elasticsearch ports that nobody listens on."""
    return Settings(
        cache_dir=tmp_path / "cache",
        state_dir=tmp_path / "state",
        kafka_bootstrap=f"127.0.0.1:{free_port()}",
        es_url=f"http://127.0.0.1:{free_port()}",
    )


# --- JDK discovery ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment', (17, "17.0.15")),
        ('openjdk version "25" 2025-09-16 LTS', (25, "25")),
        ('openjdk version "21.0.4+7-LTS"', (21, "21.0.4+7-LTS")),
        ('java version "1.8.0_392"', (8, "1.8.0_392")),
        ("Error: could not find libjava.so", None),
    ],
)
def test_parse_java_version(output: str, expected: tuple[int, str] | None) -> None:
    assert common.parse_java_version(output) == expected


def _jdk(major: int, version: str | None = None) -> Jdk:
    return Jdk(home=Path(f"/jvm/{major}"), major=major, version=version or f"{major}.0.1")


def test_choose_jdk_prefers_the_requested_major_over_newer_ones() -> None:
    jdks = [_jdk(25), _jdk(17), _jdk(21)]
    assert common.choose_jdk(jdks, minimum=17, preferred=17).major == 17


def test_choose_jdk_takes_the_newest_when_the_preferred_major_is_missing() -> None:
    assert common.choose_jdk([_jdk(21), _jdk(25), _jdk(11)], minimum=17, preferred=17).major == 25
    assert common.choose_jdk([_jdk(17), _jdk(25), _jdk(21)], minimum=21).major == 25


def test_choose_jdk_returns_none_when_all_are_too_old() -> None:
    assert common.choose_jdk([_jdk(11), _jdk(17)], minimum=21) is None


def _fake_jdk(root: Path, name: str, banner: str) -> Path:
    home = root / name
    (home / "bin").mkdir(parents=True)
    java = home / "bin" / "java"
    java.write_text(f"#!/bin/sh\necho '{banner}' >&2\n")
    java.chmod(0o755)
    return home


def test_jdk_homes_are_found_by_scanning_and_deduplicated_through_symlinks(tmp_path: Path) -> None:
    real = _fake_jdk(tmp_path, "java-17-fake", 'openjdk version "17.0.9" 2024-01-01')
    _fake_jdk(tmp_path, "temurin-25-fake", 'openjdk version "25.0.1" 2025-10-21 LTS')
    (tmp_path / "java-1.17.0-fake").symlink_to(real)
    (tmp_path / "not-a-jdk").mkdir()
    homes = [home for home in common.candidate_jdk_homes(tmp_path) if tmp_path in home.parents]
    assert sorted(home.name for home in homes) == ["java-17-fake", "temurin-25-fake"]
    probed = [common.probe_jdk(home) for home in homes]
    assert sorted(jdk.major for jdk in probed if jdk) == [17, 25]


# --- Kafka rendering ---------------------------------------------------------------------------


def test_server_properties_follow_the_bootstrap_address_and_message_limit(tmp_path: Path) -> None:
    settings = Settings(kafka_bootstrap="127.0.0.1:19092", max_message_bytes=20 * 1024 * 1024)
    props = _props(kafka.render_server_properties(settings, tmp_path / "data"))
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:19092"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:19093"
    assert props["process.roles"] == "broker,controller"
    assert props["node.id"] == "1"
    assert props["log.dirs"] == str(tmp_path / "data")
    assert int(props["message.max.bytes"]) > settings.max_message_bytes
    assert int(props["replica.fetch.max.bytes"]) >= int(props["message.max.bytes"])
    assert int(props["socket.request.max.bytes"]) > int(props["message.max.bytes"])
    assert props["auto.create.topics.enable"] == "false"
    for key in ("offsets.topic.replication.factor", "transaction.state.log.replication.factor", "min.insync.replicas"):
        assert props[key] == "1"
    assert props["group.initial.rebalance.delay.ms"] == "0"


def test_log4j2_config_writes_server_log_into_the_log_dir(tmp_path: Path) -> None:
    text = kafka.render_log4j2_properties(tmp_path)
    assert f"fileName = {tmp_path}/server.log" in text
    assert "rootLogger.appenderRef.file.ref = serverLog" in text


def test_cluster_ids_are_kafka_style_uuids() -> None:
    ids = {kafka.new_cluster_id() for _ in range(200)}
    assert len(ids) == 200
    for cluster_id in ids:
        assert len(cluster_id) == 22 and not cluster_id.startswith("-")
        assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16


def test_jvm_command_uses_the_fixed_heap_and_class_path(tmp_path: Path) -> None:
    command = kafka.jvm_command(Path("/jdk/bin/java"), tmp_path / "libs", tmp_path / "l.properties", tmp_path)
    assert command[0] == "/jdk/bin/java"
    assert "-Xmx512m" in command and "-Xms512m" in command
    assert command[command.index("-cp") + 1] == f"{tmp_path / 'libs'}/*"


# --- Elasticsearch rendering -------------------------------------------------------------------


def test_elasticsearch_yml_for_a_loopback_single_node(tmp_path: Path) -> None:
    settings = Settings(es_url="http://127.0.0.1:19200")
    values = _yml(
        elastic.render_elasticsearch_yml(
            settings, modules=["transport-netty4"], data_dir=tmp_path / "d", logs_dir=tmp_path / "l"
        )
    )
    assert values["discovery.type"] == "single-node"
    assert values["network.host"] == "127.0.0.1"
    assert values["http.port"] == 19200
    assert values["transport.port"] == 19300
    assert values["path.data"] == str(tmp_path / "d")
    assert values["cluster.routing.allocation.disk.threshold_enabled"] is False
    # Module-dependent keys must be absent without their module: unknown settings stop the node.
    assert "xpack.security.enabled" not in values
    assert "ingest.geoip.downloader.enabled" not in values


def test_elasticsearch_yml_switches_off_what_present_modules_would_do() -> None:
    settings = Settings()
    values = _yml(
        elastic.render_elasticsearch_yml(
            settings, modules=["x-pack-security", "ingest-geoip", "x-pack-ml"], data_dir=Path("/d"), logs_dir=Path("/l")
        )
    )
    assert values["xpack.security.enabled"] is False
    assert values["ingest.geoip.downloader.enabled"] is False
    assert values["xpack.ml.enabled"] is False


def test_elasticsearch_yml_takes_extra_settings_last() -> None:
    extra = {"thread_pool.write.queue_size": 2, "network.host": "127.0.0.2"}
    values = _yml(
        elastic.render_elasticsearch_yml(Settings(), modules=[], data_dir=Path("/d"), logs_dir=Path("/l"), extra=extra)
    )
    assert values["thread_pool.write.queue_size"] == 2
    assert values["network.host"] == "127.0.0.2"


@pytest.mark.parametrize("heap", ["512m", "1g", "768M"])
def test_jvm_options_set_min_and_max_heap(heap: str) -> None:
    assert elastic.render_jvm_options(heap).split() == [f"-Xms{heap}", f"-Xmx{heap}"]


@pytest.mark.parametrize("heap", ["1 g", "-1g", "1gb", ""])
def test_bad_heap_values_are_refused(heap: str) -> None:
    with pytest.raises(StackError):
        elastic.render_jvm_options(heap)


# --- Versions and downloads --------------------------------------------------------------------


def test_version_candidates_start_with_the_configured_one_without_repeats() -> None:
    assert elastic.version_candidates("9.2.8", ("9.3.2", "9.2.8", "8.19.21")) == ["9.2.8", "9.3.2", "8.19.21"]
    assert elastic.version_candidates("9.9.9")[0] == "9.9.9"
    assert elastic.version_candidates("9.9.9")[-1] == "8.19.21"


def test_first_usable_version_falls_back_in_order() -> None:
    available = {"9.2.4", "8.19.21"}
    asked: list[str] = []

    def obtain(version: str) -> bool:
        asked.append(version)
        return version in available

    version, failed = elastic.first_usable_version(["9.3.2", "9.2.8", "9.2.4", "8.19.21"], obtain)
    assert version == "9.2.4"
    assert failed == ["9.3.2", "9.2.8"]
    assert asked == ["9.3.2", "9.2.8", "9.2.4"]
    assert elastic.first_usable_version(["1", "2"], lambda v: False) == (None, ["1", "2"])


def test_checksum_parsing() -> None:
    assert common.maven_url("org.a.b", "art", "1.0", "zip").endswith("/org/a/b/art/1.0/art-1.0.zip")
    assert elastic.parse_checksum_file("ABCDEF  elasticsearch-9.3.2.zip\n") == "abcdef"
    pins = elastic.pinned_checksums("# comment\n9.3.2 ABC  # trailing\n\n9.2.8 def\n")
    assert pins == {"9.3.2": "abc", "9.2.8": "def"}


def test_repo_pins_are_well_formed() -> None:
    pins = elastic.pinned_checksums(elastic.PINNED_CHECKSUMS.read_text())
    assert pins and all(len(digest) == 128 and int(digest, 16) >= 0 for digest in pins.values())


def _make_zip(path: Path, version: str) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        script = zipfile.ZipInfo(f"elasticsearch-{version}/bin/elasticsearch")
        script.external_attr = (0o100750 << 16)
        archive.writestr(script, "#!/bin/sh\n")
        config = zipfile.ZipInfo(f"elasticsearch-{version}/config/elasticsearch.yml")
        config.external_attr = (0o100600 << 16)
        archive.writestr(config, "# empty\n")
        archive.writestr(f"elasticsearch-{version}/modules/x-pack-security/x.jar", b"jar")


@pytest.fixture
def fake_central(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Stands in for Maven Central: 'downloads' copy a zip built here; checksums come from a dict."""
    source = tmp_path / "served.zip"
    _make_zip(source, "9.9.9")
    published: dict[str, str] = {}

    def fake_download(url: str, destination: Path, console=None) -> None:
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(source.read_bytes())

    monkeypatch.setattr(elastic, "download", fake_download)
    monkeypatch.setattr(elastic, "fetch_text", lambda url: published.get(url.rsplit(".", 1)[-1]))
    monkeypatch.setattr(elastic, "PINNED_CHECKSUMS", tmp_path / "no-pins")
    settings = Settings(cache_dir=tmp_path / "cache", state_dir=tmp_path / "state", es_version="9.9.9")
    return settings, source, published


def test_a_published_checksum_must_match(fake_central) -> None:
    settings, source, published = fake_central
    published["sha512"] = hashlib.sha512(source.read_bytes()).hexdigest()
    assert elastic.obtain_zip(settings, "9.9.9")
    marker = json.loads(elastic.paths(settings).zip_file("9.9.9").with_suffix(".zip.verified").read_text())
    assert marker["verified_by"] == "sha512"


def test_a_mismatching_checksum_rejects_and_removes_the_download(fake_central) -> None:
    settings, _, published = fake_central
    published["sha1"] = "0" * 40
    assert not elastic.obtain_zip(settings, "9.9.9")
    assert not elastic.paths(settings).zip_file("9.9.9").exists()


def test_install_keeps_modes_and_is_readable_by_everyone(fake_central) -> None:
    settings, source, published = fake_central
    published["sha1"] = hashlib.sha1(source.read_bytes()).hexdigest()
    version, home = elastic.obtain(settings)
    assert version == "9.9.9"
    launcher = home / "bin" / "elasticsearch"
    assert os.access(launcher, os.X_OK)
    assert launcher.stat().st_mode & 0o005 == 0o005
    assert (home / "config" / "elasticsearch.yml").stat().st_mode & 0o004
    assert elastic.installed_modules(home) == ["x-pack-security"]


# --- Processes ---------------------------------------------------------------------------------


def _spawn_sleeper(tmp_path: Path, script: str) -> tuple[int, Path]:
    pid_file = tmp_path / "p.pid"
    pid = common.spawn(
        [sys.executable, "-c", script, "eventwire-test-marker"],
        log_file=tmp_path / "p.log",
        pid_file=pid_file,
        cwd=tmp_path,
    )
    return pid, pid_file


def test_spawned_processes_get_their_own_session_and_are_stopped_by_sigterm(tmp_path: Path) -> None:
    pid, pid_file = _spawn_sleeper(tmp_path, "import time; time.sleep(60)")
    assert os.getsid(pid) == pid  # survives the parent's terminal and process group
    assert common.owned_pid(pid_file, ["eventwire-test-marker"]) == pid
    assert common.owned_pid(pid_file, ["kafka.Kafka"]) is None  # never claim a foreign process
    assert common.terminate(pid, timeout=10) is False
    assert common.owned_pid(pid_file, ["eventwire-test-marker"]) is None


def test_a_process_ignoring_sigterm_is_killed_after_the_timeout(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    script = f"import signal, time, pathlib\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\npathlib.Path({str(ready)!r}).touch()\ntime.sleep(60)"
    pid, _ = _spawn_sleeper(tmp_path, script)
    assert common.wait_until(ready.exists, timeout=10, interval=0.05)
    started = time.monotonic()
    assert common.terminate(pid, timeout=1) is True
    assert time.monotonic() - started < 10
    assert not common.is_alive(pid)


def test_stale_pid_files_are_ignored(tmp_path: Path) -> None:
    pid_file = tmp_path / "stale.pid"
    pid_file.write_text("999999999\n")
    assert common.owned_pid(pid_file, []) is None
    pid_file.write_text("garbage")
    assert common.owned_pid(pid_file, []) is None


def test_tail_returns_the_last_lines(tmp_path: Path) -> None:
    log = tmp_path / "x.log"
    log.write_text("".join(f"line {n}\n" for n in range(1000)))
    assert common.tail(log, 3).splitlines() == ["line 997", "line 998", "line 999"]
    assert common.tail(tmp_path / "missing.log") == ""


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("127.0.0.1:9092", ("127.0.0.1", 9092)),
        ("http://127.0.0.1:9200", ("127.0.0.1", 9200)),
        ("https://es.local:9243/prefix", ("es.local", 9243)),
        ("localhost", ("localhost", 9200)),
        ("a:1,b:2", ("a", 1)),
    ],
)
def test_split_host_port(address: str, expected: tuple[str, int]) -> None:
    assert common.split_host_port(address, 9200) == expected


# --- CLI -------------------------------------------------------------------------------------


def test_status_of_a_stack_that_is_not_there_exits_non_zero(tmp_path: Path) -> None:
    settings = _nowhere(tmp_path)
    result = CliRunner().invoke(app, ["status", "--json"], obj=settings)
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert [row["name"] for row in rows] == ["kafka", "elasticsearch"]
    assert not any(row["running"] or row["healthy"] for row in rows)
    assert rows[0]["address"] == settings.kafka_bootstrap


def test_down_without_anything_running_stops_nothing(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path / "c", state_dir=tmp_path / "s")
    result = CliRunner().invoke(app, ["down", "--only", "kafka"], obj=settings)
    assert result.exit_code == 0
    assert "was not running" in result.output


# --- A local cluster -------------------------------------------------------------------------


def test_a_three_broker_cluster_gets_consecutive_ports_one_quorum_and_three_replicas(tmp_path: Path) -> None:
    settings = Settings(kafka_bootstrap="127.0.0.1:19092")
    nodes = [_props(kafka.render_server_properties(settings, tmp_path / f"d{n}", node=n, brokers=3)) for n in (1, 2, 3)]
    assert [props["listeners"] for props in nodes] == [
        "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19095",
        "PLAINTEXT://127.0.0.1:19093,CONTROLLER://127.0.0.1:19096",
        "PLAINTEXT://127.0.0.1:19094,CONTROLLER://127.0.0.1:19097",
    ]
    assert {props["controller.quorum.voters"] for props in nodes} == {
        "1@127.0.0.1:19095,2@127.0.0.1:19096,3@127.0.0.1:19097"
    }
    assert [props["node.id"] for props in nodes] == ["1", "2", "3"]
    for props in nodes:
        assert props["process.roles"] == "broker,controller"
        assert props["offsets.topic.replication.factor"] == props["default.replication.factor"] == "3"
        assert props["min.insync.replicas"] == props["transaction.state.log.min.isr"] == "2"
    assert kafka.cluster_bootstrap(settings, 3) == "127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094"


def test_every_node_has_its_own_directories_and_one_cluster_id(tmp_path: Path) -> None:
    settings = Settings(state_dir=tmp_path)
    homes = [kafka.paths(settings, n).home for n in (1, 2, 3)] + [elastic.paths(settings, n).home for n in (1, 2, 3)]
    assert len(set(homes)) == 6 and kafka.paths(settings, 1).home == tmp_path / "kafka"  # one node: as before
    assert {kafka.paths(settings, n).cluster_id_file for n in (1, 2, 3)} == {tmp_path / "kafka" / "cluster.id"}
    assert len({kafka.paths(settings, n).logs for n in (1, 2, 3)}) == 3


def test_elasticsearch_nodes_find_each_other_and_bootstrap_only_once() -> None:
    settings = Settings(es_url="http://127.0.0.1:19200,http://127.0.0.1:19201")

    def node(n: int, bootstrap: bool) -> dict[str, object]:
        return _yml(elastic.render_elasticsearch_yml(
            settings, modules=[], data_dir=Path("/d"), logs_dir=Path("/l"), node=n, nodes=3, bootstrap=bootstrap
        ))

    second = node(2, bootstrap=True)
    assert (second["http.port"], second["transport.port"], second["node.name"]) == (19201, 19301, "eventwire-2")
    assert second["discovery.seed_hosts"] == ["127.0.0.1:19300", "127.0.0.1:19301", "127.0.0.1:19302"]
    assert second["cluster.initial_master_nodes"] == ["eventwire-1", "eventwire-2", "eventwire-3"]
    assert "discovery.type" not in second
    # Once a node has data, naming initial masters again is what Elasticsearch warns against.
    assert "cluster.initial_master_nodes" not in node(2, bootstrap=False)
    assert elastic.cluster_urls(settings, 3) == "http://127.0.0.1:19200,http://127.0.0.1:19201,http://127.0.0.1:19202"


def test_the_layout_is_recorded_and_a_node_count_never_changes_over_existing_data(tmp_path: Path) -> None:
    from streams.stack import StackFailure, layout, settle_layout

    settings = Settings(state_dir=tmp_path, cache_dir=tmp_path / "cache")
    assert layout.read(settings) == layout.Layout(1, 1)
    assert settle_layout(settings, brokers=3, es_nodes=3) == layout.Layout(3, 3)
    assert settle_layout(settings, brokers=None, es_nodes=None) == layout.Layout(3, 3)  # remembered
    (kafka.paths(settings, 1).data).mkdir(parents=True)
    (kafka.paths(settings, 1).data / "meta.properties").write_text("node.id=1\n")
    with pytest.raises(StackFailure, match="3-node kafka"):
        settle_layout(settings, brokers=1, es_nodes=None)
    assert layout.read(settings) == layout.Layout(3, 3)
    with pytest.raises(ValueError):
        layout.Layout(brokers=0)


def test_status_of_a_cluster_that_is_not_running_shows_every_node(tmp_path: Path) -> None:
    from streams.stack import layout

    settings = _nowhere(tmp_path)
    layout.write(settings, layout.Layout(brokers=3, es_nodes=2))
    result = CliRunner().invoke(app, ["status", "--json"], obj=settings)
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert [row["name"] for row in rows] == ["kafka-1", "kafka-2", "kafka-3", "elasticsearch-1", "elasticsearch-2"]
    assert not any(row["running"] or row["healthy"] for row in rows)


def test_the_client_environment_names_every_node_and_the_replication(tmp_path: Path) -> None:
    from streams.stack import client_environment, layout

    settings = Settings(state_dir=tmp_path, kafka_bootstrap="127.0.0.1:19092", es_url="http://127.0.0.1:19200")
    assert client_environment(settings)["EVENTWIRE_KAFKA_BOOTSTRAP"] == "127.0.0.1:19092"
    assert "EVENTWIRE_REPLICATION_FACTOR" not in client_environment(settings)
    layout.write(settings, layout.Layout(brokers=3, es_nodes=3))
    env = client_environment(settings)
    assert env["EVENTWIRE_KAFKA_BOOTSTRAP"] == "127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094"
    assert env["EVENTWIRE_ES_URL"].count(",") == 2
    assert (env["EVENTWIRE_REPLICATION_FACTOR"], env["EVENTWIRE_INDEX_REPLICAS"]) == ("3", "1")
    assert Settings(**{k.removeprefix("EVENTWIRE_").lower(): v for k, v in env.items()}).es_hosts[2] == "http://127.0.0.1:19202"


def test_a_hard_stop_kills_at_once_what_ignores_sigterm(tmp_path: Path) -> None:
    pid = common.spawn(
        [sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"],
        log_file=tmp_path / "log", pid_file=tmp_path / "pid", cwd=tmp_path,
    )
    time.sleep(0.3)
    began = time.monotonic()
    common.kill_hard(pid)
    assert not common.is_alive(pid) and time.monotonic() - began < 3

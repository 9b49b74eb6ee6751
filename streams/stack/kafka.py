"""Apache Kafka in KRaft mode from Maven Central jars: one node, or a cluster of a few on loopback.

The broker's runtime class path is resolved by Maven from the pom shipped beside this module
(streams/stack/pom.xml) into the cache once; each node's data, config and logs live under the
state directory (node 1 in `kafka/`, node i in `kafka-i/`). Every node is broker and controller
("combined" mode): on one machine a separate controller quorum would add three more JVMs and
change nothing the tests look at, while losing a combined node is the harder case (a voter and a
partition leader at once). The Kubernetes manifests (deploy/k8s/) use separate controller and
broker node pools instead, as recommended in production.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass
from importlib.resources import as_file
from pathlib import Path

from rich.console import Console

from streams.config import Settings
from streams.packaged import packaged
from streams.stack.common import (
    await_started,
    stop_owned,
    ComponentStatus,
    StackError,
    find_jdk,
    is_alive,
    owned_pid,
    port_open,
    rss_bytes,
    spawn,
    split_host_port,
    tail,
    wait_until,
)
from streams.stack.layout import MAX_NODES

NAME = "kafka"
MAIN_CLASS = "kafka.Kafka"
STORAGE_TOOL = "kafka.tools.StorageTool"
JAVA_MINIMUM = 17
JAVA_PREFERRED = 17
HEAP = "512m"
# Room for the record batch and request headers around the largest message we allow.
MESSAGE_OVERHEAD_BYTES = 64 * 1024
POM = packaged("stack", "pom.xml")


@dataclass(frozen=True)
class KafkaPaths:
    libs: Path
    maven_repo: Path
    home: Path  # state_path/kafka
    data: Path
    config: Path
    log4j_config: Path
    logs: Path
    pid_file: Path
    info_file: Path
    cluster_id_file: Path

    @property
    def server_log(self) -> Path:
        return self.logs / "server.log"

    @property
    def console_log(self) -> Path:
        return self.logs / "console.log"


def node_name(node: int, brokers: int) -> str:
    return NAME if brokers == 1 else f"{NAME}-{node}"


def paths(settings: Settings, node: int = 1) -> KafkaPaths:
    suffix = "" if node == 1 else f"-{node}"
    home = settings.state_path / f"kafka{suffix}"
    return KafkaPaths(
        libs=settings.cache_path / "kafka" / settings.kafka_version / "libs",
        maven_repo=settings.cache_path / "m2",
        home=home,
        data=home / "data",
        config=home / "server.properties",
        log4j_config=home / "log4j2.properties",
        logs=settings.state_path / "logs" / f"kafka{suffix}",
        pid_file=home / "kafka.pid",
        info_file=home / "kafka.json",
        # One cluster id for all nodes, kept with node 1.
        cluster_id_file=settings.state_path / "kafka" / "cluster.id",
    )


def listener_addresses(settings: Settings, node: int = 1, brokers: int = 1) -> tuple[str, int, int]:
    """(host, broker port, controller port) of `node`: brokers on consecutive ports from the
    bootstrap's first port, controllers on the ports after the last broker's."""
    host, port = split_host_port(settings.kafka_bootstrap, 9092)
    return host, port + node - 1, port + brokers + node - 1


def cluster_bootstrap(settings: Settings, brokers: int) -> str:
    """Every node's client address: what a client of the local cluster should bootstrap from."""
    return ",".join(
        f"{host}:{port}" for host, port, _ in (listener_addresses(settings, n, brokers) for n in range(1, brokers + 1))
    )


def render_server_properties(settings: Settings, data_dir: Path, *, node: int = 1, brokers: int = 1) -> str:
    host, port, controller_port = listener_addresses(settings, node, brokers)
    voters = ",".join(
        f"{n}@{host}:{listener_addresses(settings, n, brokers)[2]}" for n in range(1, brokers + 1)
    )
    message_max = settings.max_message_bytes + MESSAGE_OVERHEAD_BYTES
    # Internal topics (offsets, transactions) and topics created without their own settings get
    # three replicas and need two in sync once there are three brokers; one node must do alone.
    replicas = str(min(3, brokers))
    insync = str(min(2, brokers))
    properties = {
        "process.roles": "broker,controller",
        "node.id": str(node),
        "controller.quorum.voters": voters,
        "listeners": f"PLAINTEXT://{host}:{port},CONTROLLER://{host}:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://{host}:{port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs": str(data_dir),
        "num.partitions": str(settings.partitions),
        "offsets.topic.replication.factor": replicas,
        # Fewer internal partitions than the default 50: the first consumer group joins faster.
        "offsets.topic.num.partitions": "10",
        "transaction.state.log.num.partitions": "10",
        "transaction.state.log.replication.factor": replicas,
        "transaction.state.log.min.isr": insync,
        "share.coordinator.state.topic.replication.factor": replicas,
        "share.coordinator.state.topic.min.isr": insync,
        "default.replication.factor": replicas,
        "min.insync.replicas": insync,
        "group.initial.rebalance.delay.ms": "0",
        # The project creates its topics itself, with explicit partitions and configs.
        "auto.create.topics.enable": "false",
        "message.max.bytes": str(message_max),
        "replica.fetch.max.bytes": str(message_max),
        "socket.request.max.bytes": str(max(message_max * 2, 104857600)),
        "log.retention.hours": "168",
        "log.segment.bytes": str(256 * 1024 * 1024),
        "num.network.threads": "2",
        "num.io.threads": "4" if brokers == 1 else "2",
        "delete.topic.enable": "true",
    }
    lines = ["# Written by `eventwire stack up`; rewritten at every start.\n"]
    lines += [f"{key}={value}\n" for key, value in properties.items()]
    return "".join(lines)


def render_log4j2_properties(log_dir: Path) -> str:
    """log4j2 (the 4.x broker's backend) writing a size-rolled server.log, warnings to console."""
    return f"""# Written by `eventwire stack up`.
status = warn
name = eventwire-kafka
appender.file.type = RollingFile
appender.file.name = serverLog
appender.file.fileName = {log_dir}/server.log
appender.file.filePattern = {log_dir}/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 50MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 5
appender.console.type = Console
appender.console.name = stdout
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
appender.console.filter.threshold.type = ThresholdFilter
appender.console.filter.threshold.level = warn
rootLogger.level = info
rootLogger.appenderRef.file.ref = serverLog
rootLogger.appenderRef.console.ref = stdout
logger.kafka.name = kafka
logger.kafka.level = info
logger.request.name = kafka.request.logger
logger.request.level = warn
logger.zk.name = org.apache.zookeeper
logger.zk.level = warn
"""


def new_cluster_id() -> str:
    """A Kafka-style Uuid (16 random bytes, url-safe base64 without padding, not starting with '-')."""
    while True:
        text = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not text.startswith("-"):
            return text


def jvm_command(java: Path, libs: Path, log4j_config: Path, log_dir: Path) -> list[str]:
    return [
        str(java),
        f"-Xms{HEAP}",
        f"-Xmx{HEAP}",
        "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=20",
        "-XX:InitiatingHeapOccupancyPercent=35",
        "-XX:+ExplicitGCInvokesConcurrent",
        "-Djava.awt.headless=true",
        f"-Dkafka.logs.dir={log_dir}",
        f"-Dlog4j2.configurationFile={log4j_config}",
        "-cp",
        f"{libs}/*",
    ]


# --- Preparation -----------------------------------------------------------------------------


def resolve_libs(settings: Settings, console: Console | None = None) -> Path:
    """Broker jars for `settings.kafka_version` in the cache (Maven resolves them once)."""
    kafka_paths = paths(settings)
    marker = kafka_paths.libs / ".complete"
    if marker.exists():
        return kafka_paths.libs
    mvn = shutil.which("mvn")
    if mvn is None:
        raise StackError(NAME, "Maven (mvn) is not installed; run scripts/stack-prereqs.sh")
    if kafka_paths.libs.exists():
        shutil.rmtree(kafka_paths.libs)
    kafka_paths.libs.mkdir(parents=True)
    out = console or Console(stderr=True)
    with out.status(f"resolving Kafka {settings.kafka_version} jars with Maven"), as_file(POM) as pom:
        result = subprocess.run(_maven_command(mvn, pom, settings, kafka_paths), capture_output=True, text=True,
                                check=False)
    if result.returncode != 0 or not any(kafka_paths.libs.glob("kafka_2.13-*.jar")):
        log_text = (result.stdout + result.stderr)[-4000:]
        raise StackError(NAME, f"mvn could not resolve kafka_2.13:{settings.kafka_version}", log_text)
    marker.write_text(f"{settings.kafka_version}\n")
    return kafka_paths.libs


def _maven_command(mvn: str, pom: Path, settings: Settings, kafka_paths: KafkaPaths) -> list[str]:
    return [
        mvn,
        "-B",
        "-q",
        "-f",
        str(pom),
        f"-Dkafka.version={settings.kafka_version}",
        f"-Dmaven.repo.local={kafka_paths.maven_repo}",
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={kafka_paths.libs}",
    ]


def _format_storage(settings: Settings, java: Path, kafka_paths: KafkaPaths) -> None:
    if (kafka_paths.data / "meta.properties").exists():
        return
    if kafka_paths.cluster_id_file.exists():
        cluster_id = kafka_paths.cluster_id_file.read_text().strip()
    else:
        cluster_id = new_cluster_id()
        kafka_paths.cluster_id_file.parent.mkdir(parents=True, exist_ok=True)
        kafka_paths.cluster_id_file.write_text(cluster_id + "\n")
    command = jvm_command(java, kafka_paths.libs, kafka_paths.log4j_config, kafka_paths.logs)
    command += [STORAGE_TOOL, "format", "-t", cluster_id, "-c", str(kafka_paths.config), "--ignore-formatted"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    if result.returncode != 0:
        raise StackError(NAME, "formatting the KRaft storage failed", (result.stdout + result.stderr)[-4000:])


def has_data(settings: Settings) -> bool:
    """True when node 1 holds formatted storage (a cluster of some size lives in this state dir)."""
    return (paths(settings, 1).data / "meta.properties").exists()


# --- Lifecycle -------------------------------------------------------------------------------


def running_pid(settings: Settings, node: int = 1) -> int | None:
    kafka_paths = paths(settings, node)
    return owned_pid(kafka_paths.pid_file, [MAIN_CLASS, str(kafka_paths.config)])


def registered_brokers(bootstrap: str, settings: Settings, timeout_ms: int = 5000) -> tuple[set[int] | None, str]:
    """Node ids the cluster's metadata lists (what clients can use), or None with the reason."""
    from kafka import KafkaAdminClient  # kafka-python
    from kafka.errors import KafkaError

    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap,
            request_timeout_ms=timeout_ms,
            client_id="eventwire-stack-health",
            **settings.kafka_client_kwargs(),
        )
    except (KafkaError, OSError, ValueError) as error:
        return None, f"no metadata: {type(error).__name__}"
    try:
        cluster = admin.describe_cluster()
        # A fenced broker (missed its heartbeats) is listed but leads nothing: not counted.
        return {
            int(broker["broker_id"]) for broker in cluster.get("brokers", []) if not broker.get("is_fenced")
        }, "ok"
    except (KafkaError, OSError) as error:
        return None, f"no metadata: {type(error).__name__}"
    finally:
        admin.close()


def healthy(settings: Settings, timeout_ms: int = 5000, *, brokers: int | None = None) -> tuple[bool, str]:
    """True when the cluster answers a metadata request listing all `brokers` (the same thing
    clients need); one broker unless told otherwise or recorded in the state dir's layout."""
    from streams.stack import layout

    expected = brokers or layout.read(settings).brokers
    reachable = [
        f"{host}:{port}" for host, port, _ in (listener_addresses(settings, n, expected) for n in range(1, expected + 1))
        if port_open(host, port)
    ]
    if not reachable:
        return False, "port closed"
    ids, reason = registered_brokers(",".join(reachable), settings, timeout_ms)
    if ids is None:
        return False, reason
    suffix = "broker" if len(ids) == 1 else "brokers"
    return len(ids) >= expected, f"ok, {len(ids)} {suffix}" if len(ids) >= expected else f"{len(ids)}/{expected} brokers"


def _prepared_command(settings: Settings, node: int, brokers: int, console: Console | None) -> tuple[list[str], KafkaPaths, str]:
    kafka_paths = paths(settings, node)
    host, port, controller_port = listener_addresses(settings, node, brokers)
    for taken in (port, controller_port):
        if port_open(host, taken):
            raise StackError(node_name(node, brokers), f"{host}:{taken} is in use by a process this stack did not start")
    jdk = find_jdk(NAME, JAVA_MINIMUM, JAVA_PREFERRED)
    resolve_libs(settings, console)
    for directory in (kafka_paths.home, kafka_paths.data, kafka_paths.logs):
        directory.mkdir(parents=True, exist_ok=True)
    kafka_paths.config.write_text(render_server_properties(settings, kafka_paths.data, node=node, brokers=brokers))
    kafka_paths.log4j_config.write_text(render_log4j2_properties(kafka_paths.logs))
    _format_storage(settings, jdk.java, kafka_paths)
    command = jvm_command(jdk.java, kafka_paths.libs, kafka_paths.log4j_config, kafka_paths.logs)
    return command + [MAIN_CLASS, str(kafka_paths.config)], kafka_paths, jdk.version


def _spawn_node(settings: Settings, node: int, brokers: int, console: Console | None) -> int:
    command, kafka_paths, java_version = _prepared_command(settings, node, brokers, console)
    pid = spawn(command, log_file=kafka_paths.console_log, pid_file=kafka_paths.pid_file, cwd=kafka_paths.home)
    kafka_paths.info_file.write_text(
        json.dumps({"pid": pid, "version": settings.kafka_version, "java": java_version, "started": time.time(),
                    "node": node, "brokers": brokers})
    )
    return pid


def start(
    settings: Settings, *, brokers: int | None = None, timeout: float = 120.0, console: Console | None = None
) -> list[ComponentStatus]:
    """Start every node of ours that is not running; wait until the cluster lists all brokers."""
    from streams.stack import layout

    count = brokers or layout.read(settings).brokers
    if all(running_pid(settings, node) is not None for node in range(1, count + 1)):
        if wait_until(lambda: healthy(settings, brokers=count)[0], timeout=timeout, interval=1.0):
            return status(settings, brokers=count)
        raise StackError(NAME, f"running but not all {count} brokers answer", tail(paths(settings).server_log))
    if count == 1 and running_pid(settings) is None and healthy(settings, brokers=1)[0]:
        return status(settings, brokers=1)  # someone else's broker: usable, not ours to manage
    started = [
        _spawn_node(settings, node, count, console)
        for node in range(1, count + 1)
        if running_pid(settings, node) is None
    ]
    # The quorum needs a majority of its voters up before any node answers: wait for all together.
    await_started(
        NAME, started[0], lambda: healthy(settings, brokers=count)[0], timeout=timeout,
        logs=[(paths(settings, n).server_log, 40 // count) for n in range(1, count + 1)]
        + [(paths(settings, 1).console_log, 20)],
        alive=lambda: all(is_alive(pid) for pid in started),
    )
    return status(settings, brokers=count)


def start_node(
    settings: Settings, node: int, *, brokers: int | None = None, timeout: float = 120.0, console: Console | None = None
) -> ComponentStatus:
    """Start one node of the cluster (after a stop or a kill) and wait until the metadata lists it again."""
    from streams.stack import layout

    count = brokers or layout.read(settings).brokers
    pid = running_pid(settings, node)
    if pid is None:
        pid = _spawn_node(settings, node, count, console)

    def listed() -> bool:
        ids, _ = registered_brokers(cluster_bootstrap(settings, count), settings)
        return ids is not None and node in ids

    await_started(node_name(node, count), pid, listed, timeout=timeout, logs=[(paths(settings, node).server_log, 40)])
    return node_status(settings, node, count)


def stop(settings: Settings, *, timeout: float = 30.0) -> bool:
    """Stop every broker of ours (SIGTERM, SIGKILL after `timeout`). False when none was running."""
    stopped = [stop_node(settings, node, timeout=timeout) for node in reversed(range(1, MAX_NODES + 1))]
    return any(stopped)


def stop_node(settings: Settings, node: int, *, timeout: float = 30.0, hard: bool = False) -> bool:
    """Stop one broker of ours: SIGTERM (a controlled shutdown that hands its leaderships over),
    or with `hard` SIGKILL at once (a crash). False when it was not running."""
    return stop_owned(running_pid(settings, node), paths(settings, node).pid_file, timeout, hard=hard)


def node_status(settings: Settings, node: int, brokers: int, ids: set[int] | None = None) -> ComponentStatus:
    kafka_paths = paths(settings, node)
    host, port, _ = listener_addresses(settings, node, brokers)
    pid = running_pid(settings, node)
    version = None
    try:
        version = json.loads(kafka_paths.info_file.read_text()).get("version")
    except (OSError, ValueError):
        pass
    listening = port_open(host, port)
    if ids is None and listening:
        ids, _ = registered_brokers(f"{host}:{port}", settings)
    listed = ids is not None and node in ids and listening
    if brokers == 1:
        health = healthy(settings, brokers=1)[1] if listening else "port closed"
    elif listed:
        health = f"ok, {len(ids or ())}/{brokers} brokers listed"
    else:
        health = "port closed" if not listening else "not in the cluster metadata"
    return ComponentStatus(
        name=node_name(node, brokers),
        running=pid is not None or listed,
        healthy=listed,
        pid=pid,
        version=version if pid is not None else None,
        address=f"{host}:{port}",
        health=health,
        external=pid is None and listed,
        rss_bytes=rss_bytes(pid) if pid is not None else None,
        detail={"log": str(kafka_paths.server_log), "data": str(kafka_paths.data), "node_id": str(node)},
    )


def status(settings: Settings, *, brokers: int | None = None) -> list[ComponentStatus]:
    """One row per node of the layout."""
    from streams.stack import layout

    count = brokers or layout.read(settings).brokers
    reachable = [a for a in cluster_bootstrap(settings, count).split(",") if port_open(*split_host_port(a, 9092))]
    ids = registered_brokers(",".join(reachable), settings)[0] if reachable else None
    return [node_status(settings, node, count, ids) for node in range(1, count + 1)]

"""One-node Apache Kafka (KRaft, broker+controller) from Maven Central jars.

The broker's runtime class path is resolved by Maven from the pom shipped beside this module
(streams/stack/pom.xml) into the cache once; the node's data, config and logs live under the state directory.
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
    owned_pid,
    port_open,
    rss_bytes,
    spawn,
    split_host_port,
    tail,
    wait_until,
)

NAME = "kafka"
MAIN_CLASS = "kafka.Kafka"
STORAGE_TOOL = "kafka.tools.StorageTool"
JAVA_MINIMUM = 17
JAVA_PREFERRED = 17
HEAP = "512m"
NODE_ID = 1
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


def paths(settings: Settings) -> KafkaPaths:
    home = settings.state_path / "kafka"
    return KafkaPaths(
        libs=settings.cache_path / "kafka" / settings.kafka_version / "libs",
        maven_repo=settings.cache_path / "m2",
        home=home,
        data=home / "data",
        config=home / "server.properties",
        log4j_config=home / "log4j2.properties",
        logs=settings.state_path / "logs" / "kafka",
        pid_file=home / "kafka.pid",
        info_file=home / "kafka.json",
        cluster_id_file=home / "cluster.id",
    )


def listener_addresses(settings: Settings) -> tuple[str, int, int]:
    """(host, broker port, controller port): the controller listens on the port after the broker's."""
    host, port = split_host_port(settings.kafka_bootstrap, 9092)
    return host, port, port + 1


def render_server_properties(settings: Settings, data_dir: Path) -> str:
    host, port, controller_port = listener_addresses(settings)
    message_max = settings.max_message_bytes + MESSAGE_OVERHEAD_BYTES
    properties = {
        "process.roles": "broker,controller",
        "node.id": str(NODE_ID),
        "controller.quorum.voters": f"{NODE_ID}@{host}:{controller_port}",
        "listeners": f"PLAINTEXT://{host}:{port},CONTROLLER://{host}:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://{host}:{port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs": str(data_dir),
        "num.partitions": str(settings.partitions),
        # One node: every internal topic and ISR must be satisfiable by that node alone.
        "offsets.topic.replication.factor": "1",
        # Fewer internal partitions than the default 50: the first consumer group joins faster.
        "offsets.topic.num.partitions": "10",
        "transaction.state.log.num.partitions": "10",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "default.replication.factor": "1",
        "min.insync.replicas": "1",
        "group.initial.rebalance.delay.ms": "0",
        # The project creates its topics itself, with explicit partitions and configs.
        "auto.create.topics.enable": "false",
        "message.max.bytes": str(message_max),
        "replica.fetch.max.bytes": str(message_max),
        "socket.request.max.bytes": str(max(message_max * 2, 104857600)),
        "log.retention.hours": "168",
        "log.segment.bytes": str(256 * 1024 * 1024),
        "num.network.threads": "2",
        "num.io.threads": "4",
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
        kafka_paths.cluster_id_file.write_text(cluster_id + "\n")
    command = jvm_command(java, kafka_paths.libs, kafka_paths.log4j_config, kafka_paths.logs)
    command += [STORAGE_TOOL, "format", "-t", cluster_id, "-c", str(kafka_paths.config), "--ignore-formatted"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    if result.returncode != 0:
        raise StackError(NAME, "formatting the KRaft storage failed", (result.stdout + result.stderr)[-4000:])


# --- Lifecycle -------------------------------------------------------------------------------


def running_pid(settings: Settings) -> int | None:
    kafka_paths = paths(settings)
    return owned_pid(kafka_paths.pid_file, [MAIN_CLASS, str(kafka_paths.config)])


def healthy(settings: Settings, timeout_ms: int = 5000) -> tuple[bool, str]:
    """True when the broker answers a metadata request (the same thing clients need)."""
    host, port, _ = listener_addresses(settings)
    if not port_open(host, port):
        return False, "port closed"
    from kafka import KafkaAdminClient  # kafka-python
    from kafka.errors import KafkaError

    try:
        admin = KafkaAdminClient(
            bootstrap_servers=settings.kafka_bootstrap,
            request_timeout_ms=timeout_ms,
            client_id="eventwire-stack-health",
            **settings.kafka_client_kwargs(),
        )
    except (KafkaError, OSError, ValueError) as error:
        return False, f"no metadata: {type(error).__name__}"
    try:
        cluster = admin.describe_cluster()
        brokers = len(cluster.get("brokers", []))
        return brokers > 0, f"ok, {brokers} broker"
    except (KafkaError, OSError) as error:
        return False, f"no metadata: {type(error).__name__}"
    finally:
        admin.close()


def start(settings: Settings, *, timeout: float = 120.0, console: Console | None = None) -> ComponentStatus:
    """Start the broker unless ours is already running; wait until it answers metadata requests."""
    kafka_paths = paths(settings)
    pid = running_pid(settings)
    if pid is not None:
        ok, _ = healthy(settings)
        if ok or wait_until(lambda: healthy(settings)[0], timeout=timeout, interval=1.0):
            return status(settings)
        raise StackError(NAME, f"running (pid {pid}) but not answering", tail(kafka_paths.server_log))
    host, port, controller_port = listener_addresses(settings)
    for taken in (port, controller_port):
        if port_open(host, taken):
            if taken == port and healthy(settings)[0]:
                return status(settings)  # someone else's broker: usable, not ours to manage
            raise StackError(NAME, f"{host}:{taken} is in use by a process this stack did not start")

    jdk = find_jdk(NAME, JAVA_MINIMUM, JAVA_PREFERRED)
    resolve_libs(settings, console)
    for directory in (kafka_paths.home, kafka_paths.data, kafka_paths.logs):
        directory.mkdir(parents=True, exist_ok=True)
    kafka_paths.config.write_text(render_server_properties(settings, kafka_paths.data))
    kafka_paths.log4j_config.write_text(render_log4j2_properties(kafka_paths.logs))
    _format_storage(settings, jdk.java, kafka_paths)

    command = jvm_command(jdk.java, kafka_paths.libs, kafka_paths.log4j_config, kafka_paths.logs)
    command += [MAIN_CLASS, str(kafka_paths.config)]
    pid = spawn(command, log_file=kafka_paths.console_log, pid_file=kafka_paths.pid_file, cwd=kafka_paths.home)
    kafka_paths.info_file.write_text(
        json.dumps({"pid": pid, "version": settings.kafka_version, "java": jdk.version, "started": time.time()})
    )
    await_started(
        NAME, pid, lambda: healthy(settings)[0], timeout=timeout,
        logs=[(kafka_paths.server_log, 40), (kafka_paths.console_log, 20)],
    )
    return status(settings)


def stop(settings: Settings, *, timeout: float = 30.0) -> bool:
    """Stop our broker (SIGTERM, SIGKILL after `timeout`). False when none of ours was running."""
    return stop_owned(running_pid(settings), paths(settings).pid_file, timeout)


def status(settings: Settings) -> ComponentStatus:
    kafka_paths = paths(settings)
    host, port, _ = listener_addresses(settings)
    pid = running_pid(settings)
    version = None
    try:
        version = json.loads(kafka_paths.info_file.read_text()).get("version")
    except (OSError, ValueError):
        pass
    ok, health = healthy(settings) if port_open(host, port) else (False, "port closed")
    return ComponentStatus(
        name=NAME,
        running=pid is not None or ok,
        healthy=ok,
        pid=pid,
        version=version if pid is not None else None,
        address=f"{host}:{port}",
        health=health,
        external=pid is None and ok,
        rss_bytes=rss_bytes(pid) if pid is not None else None,
        detail={"log": str(kafka_paths.server_log), "data": str(kafka_paths.data)},
    )

"""Elasticsearch from the Maven Central `integ-test-zip` distribution: one node, or a small cluster
of master-eligible data nodes on loopback.

The zip is downloaded and checked once into the cache and unpacked there (read-only use); config,
data, temp and logs of each node live under the state directory (node 1 in `elasticsearch/`,
node i in `elasticsearch-i/`), owned by the unprivileged service user (Elasticsearch refuses to
run as root).
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from rich.console import Console

from streams.config import Settings
from streams.packaged import packaged
from streams.stack.common import (
    await_started,
    stop_owned,
    ComponentStatus,
    StackError,
    chown_tree,
    download,
    ensure_traversable,
    fetch_text,
    file_digest,
    find_jdk,
    is_alive,
    maven_url,
    owned_pid,
    port_open,
    rss_bytes,
    spawn,
    split_host_port,
    tail,
    wait_until,
)
from streams.stack.layout import MAX_NODES

NAME = "elasticsearch"
GROUP = "org.elasticsearch.distribution.integ-test-zip"
ARTIFACT = "elasticsearch"
JAVA_MINIMUM = 21
CLUSTER_NAME = "eventwire-local"
# Tried in order after the configured version when a download is missing or fails its check.
FALLBACK_VERSIONS = ("9.3.2", "9.2.8", "9.2.4", "9.1.10", "9.0.8", "8.19.21")
# Checksums pinned when Maven Central serves a zip without .sha512/.sha1 beside it.
PINNED_CHECKSUMS = packaged("stack", "elasticsearch.sha512")
_HEAP_RE = re.compile(r"^\d+[kmgKMG]$")


@dataclass(frozen=True)
class ElasticPaths:
    downloads: Path
    installs: Path
    home: Path  # state_path/elasticsearch
    config: Path
    data: Path
    tmp: Path
    logs: Path
    pid_file: Path
    info_file: Path

    @property
    def server_log(self) -> Path:
        return self.logs / f"{CLUSTER_NAME}.log"

    @property
    def console_log(self) -> Path:
        # Written by us (root) before the switch to the service user, so kept outside `logs`.
        return self.home / "console.log"

    def zip_file(self, version: str) -> Path:
        return self.downloads / f"elasticsearch-{version}.zip"

    def install_dir(self, version: str) -> Path:
        return self.installs / version / f"elasticsearch-{version}"


def node_name(node: int, nodes: int) -> str:
    return NAME if nodes == 1 else f"{NAME}-{node}"


def paths(settings: Settings, node: int = 1) -> ElasticPaths:
    suffix = "" if node == 1 else f"-{node}"
    home = settings.state_path / f"elasticsearch{suffix}"
    return ElasticPaths(
        downloads=settings.cache_path / "downloads",
        installs=settings.cache_path / "elasticsearch",
        home=home,
        config=home / "config",
        data=home / "data",
        tmp=home / "tmp",
        logs=settings.state_path / "logs" / f"elasticsearch{suffix}",
        pid_file=home / "elasticsearch.pid",
        info_file=home / "elasticsearch.json",
    )


def node_ports(settings: Settings, node: int = 1) -> tuple[str, int, int]:
    """(host, http port, transport port) of `node`: consecutive ports from the first URL's."""
    host, port = split_host_port(settings.es_url, 9200)
    return host, port + node - 1, port + 100 + node - 1


def node_url(settings: Settings, node: int = 1) -> str:
    scheme = "https" if settings.es_hosts[0].startswith("https://") else "http"
    host, port, _ = node_ports(settings, node)
    return f"{scheme}://{host}:{port}"


def cluster_urls(settings: Settings, nodes: int) -> str:
    """Every node's URL, comma-separated: what EVENTWIRE_ES_URL should list for the local cluster."""
    return ",".join(node_url(settings, node) for node in range(1, nodes + 1))


# --- Pure parts ------------------------------------------------------------------------------


def version_candidates(preferred: str, fallbacks: Iterable[str] = FALLBACK_VERSIONS) -> list[str]:
    ordered: list[str] = []
    for version in (preferred, *fallbacks):
        if version not in ordered:
            ordered.append(version)
    return ordered


def first_usable_version(
    candidates: Iterable[str], obtain: Callable[[str], bool]
) -> tuple[str | None, list[str]]:
    """The first version `obtain` succeeds for, and the versions that failed before it."""
    failed: list[str] = []
    for version in candidates:
        if obtain(version):
            return version, failed
        failed.append(version)
    return None, failed


def parse_checksum_file(text: str) -> str:
    """Maven checksum files hold the hex digest, sometimes followed by a file name."""
    return text.strip().split()[0].lower()


def pinned_checksums(text: str) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            version, digest = line.split()
            pins[version] = digest.lower()
    return pins


def validate_heap(heap: str) -> str:
    if not _HEAP_RE.match(heap):
        raise StackError(NAME, f"es_heap must look like 512m or 1g, got {heap!r}")
    return heap


def render_elasticsearch_yml(
    settings: Settings,
    *,
    modules: Iterable[str],
    data_dir: Path,
    logs_dir: Path,
    extra: Mapping[str, Any] | None = None,
    node: int = 1,
    nodes: int = 1,
    bootstrap: bool = False,
) -> str:
    """Settings for a loopback node; module-dependent keys only when the module exists (an unknown
    setting stops the node). One node runs as `single-node`; in a cluster every node is
    master-eligible and holds data, finds the others on their transport ports, and names the
    initial masters only when `bootstrap` (its data directory is still empty), as Elasticsearch
    asks."""
    host, port, transport_port = node_ports(settings, node)
    present = set(modules)
    values: dict[str, Any] = {
        "cluster.name": CLUSTER_NAME,
        "node.name": f"eventwire-{node}",
        "path.data": str(data_dir),
        "path.logs": str(logs_dir),
        "network.host": host,
        "http.port": port,
        "transport.port": transport_port,
    }
    if nodes == 1:
        values["discovery.type"] = "single-node"
    else:
        values["discovery.seed_hosts"] = [f"{host}:{node_ports(settings, n)[2]}" for n in range(1, nodes + 1)]
        if bootstrap:
            values["cluster.initial_master_nodes"] = [f"eventwire-{n}" for n in range(1, nodes + 1)]
    values |= {
        # CI disks are often nearly full; a single dev node should not go read-only for that.
        "cluster.routing.allocation.disk.threshold_enabled": False,
        "action.destructive_requires_name": False,
    }
    if "x-pack-security" in present:
        values["xpack.security.enabled"] = False
    if "ingest-geoip" in present:
        values["ingest.geoip.downloader.enabled"] = False
    if "x-pack-ml" in present:
        values["xpack.ml.enabled"] = False
    if "x-pack-monitoring" in present:
        values["xpack.monitoring.collection.enabled"] = False
    values.update(extra or {})
    lines = ["# Written by `eventwire stack up`; rewritten at every start.\n"]
    # JSON scalars are valid YAML and quote paths and strings safely.
    lines += [f"{key}: {json.dumps(value)}\n" for key, value in values.items()]
    return "".join(lines)


def render_jvm_options(heap: str) -> str:
    heap = validate_heap(heap)
    return f"-Xms{heap}\n-Xmx{heap}\n"


# --- Download and install -----------------------------------------------------------------------


def _expected_digest(version: str) -> tuple[str, str] | None:
    """(algorithm, hex digest) published next to the zip, else pinned in the repo, else None."""
    url = maven_url(GROUP, ARTIFACT, version, "zip")
    for algorithm in ("sha512", "sha1"):
        text = fetch_text(f"{url}.{algorithm}")
        if text:
            return algorithm, parse_checksum_file(text)
    if PINNED_CHECKSUMS.is_file():
        pin = pinned_checksums(PINNED_CHECKSUMS.read_text()).get(version)
        if pin:
            return "sha512", pin
    return None


def obtain_zip(settings: Settings, version: str, console: Console | None = None) -> bool:
    """Cached, verified zip for `version`; False if it cannot be had (missing, broken, mismatched)."""
    es_paths = paths(settings)
    target = es_paths.zip_file(version)
    verified_marker = target.with_name(target.name + ".verified")
    if target.exists() and verified_marker.exists():
        return True
    out = console or Console(stderr=True)
    url = maven_url(GROUP, ARTIFACT, version, "zip")
    try:
        if not target.exists():
            download(url, target, out)
        expected = _expected_digest(version)
        if expected is not None:
            algorithm, digest = expected
            actual = file_digest(target, algorithm)
            if actual != digest:
                out.print(f"[red]{target.name}: {algorithm} mismatch (expected {digest}, got {actual})")
                target.unlink()
                return False
            how = algorithm
        else:
            # Nothing to compare with: at least every member's CRC must check out.
            with zipfile.ZipFile(target) as archive:
                broken = archive.testzip()
            if broken is not None:
                out.print(f"[red]{target.name}: corrupt member {broken}")
                target.unlink()
                return False
            how = "zip CRCs only (no checksum published or pinned)"
            out.print(f"[yellow]{target.name}: no checksum published; verified {how}")
        verified_marker.write_text(
            json.dumps({"url": url, "verified_by": how, "sha512": file_digest(target, "sha512")})
        )
        return True
    except (urllib.error.URLError, OSError, zipfile.BadZipFile) as error:
        out.print(f"[yellow]elasticsearch {version} not available: {error}")
        target.unlink(missing_ok=True)
        return False


def install(settings: Settings, version: str) -> Path:
    """Unpack the cached zip once (keeping unix modes) and make it readable by everyone."""
    es_paths = paths(settings)
    home = es_paths.install_dir(version)
    marker = home.parent / ".complete"
    if marker.exists() and home.is_dir():
        return home
    if home.parent.exists():
        shutil.rmtree(home.parent)
    home.parent.mkdir(parents=True)
    with zipfile.ZipFile(es_paths.zip_file(version)) as archive:
        for member in archive.infolist():
            extracted = Path(archive.extract(member, home.parent))
            mode = (member.external_attr >> 16) & 0o777
            if member.is_dir():
                extracted.chmod((mode or 0o755) | 0o555)
            else:
                mode = mode or 0o644
                # Readable by all; executables (launch scripts) executable by all.
                extracted.chmod(mode | (0o555 if mode & 0o111 else 0o444))
    if not (home / "bin" / "elasticsearch").exists():
        raise StackError(NAME, f"unexpected layout in {es_paths.zip_file(version)}")
    marker.write_text(version + "\n")
    return home


def obtain(settings: Settings, console: Console | None = None) -> tuple[str, Path]:
    candidates = version_candidates(settings.es_version)
    version, failed = first_usable_version(candidates, lambda v: obtain_zip(settings, v, console))
    if version is None:
        raise StackError(NAME, f"no Elasticsearch distribution could be downloaded (tried {', '.join(failed)})")
    if failed and console is not None:
        console.print(f"[yellow]elasticsearch: using {version}; unavailable: {', '.join(failed)}")
    return version, install(settings, version)


def installed_modules(es_home: Path) -> list[str]:
    modules = es_home / "modules"
    return sorted(entry.name for entry in modules.iterdir() if entry.is_dir()) if modules.is_dir() else []


# --- Service user ------------------------------------------------------------------------------


def ensure_service_user(name: str) -> pwd.struct_passwd | None:
    """The unprivileged account to run as, created if needed; None when we are not root (then the
    node runs as the current user)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    result = subprocess.run(
        [useradd, "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode not in (0, 9):  # 9: created meanwhile by someone else
        raise StackError(NAME, f"cannot create user {name}: {result.stderr.strip()}")
    return pwd.getpwnam(name)


# --- Lifecycle -------------------------------------------------------------------------------


def running_pid(settings: Settings, node: int = 1) -> int | None:
    es_paths = paths(settings, node)
    return owned_pid(es_paths.pid_file, ["org.elasticsearch", str(es_paths.config)])


def has_data(settings: Settings, node: int = 1) -> bool:
    """True when `node` has written data (for node 1: a cluster of some size lives in this state dir)."""
    data = paths(settings, node).data
    return data.is_dir() and any(data.iterdir())


@dataclass(frozen=True)
class Health:
    usable: bool  # yellow or green
    text: str
    version: str | None = None
    nodes: int = 0


def node_health(base: str, timeout: float = 5.0) -> Health:
    """Cluster health as the node at `base` sees it, with its version and the nodes it counts."""
    host, port = split_host_port(base, 9200)
    if not port_open(host, port):
        return Health(False, "port closed")
    try:
        with urllib.request.urlopen(f"{base}/_cluster/health", timeout=timeout) as response:
            health = json.loads(response.read())
        # Not GET /: the root endpoint lives in the `rest-root` module, absent from this distribution.
        with urllib.request.urlopen(f"{base}/_nodes/_local?filter_path=nodes.*.version", timeout=timeout) as response:
            local = json.loads(response.read()).get("nodes", {})
        version = next((entry.get("version") for entry in local.values()), None)
    except (urllib.error.URLError, OSError, ValueError) as error:
        return Health(False, f"no answer: {error}")
    color = str(health.get("status", "unknown"))
    return Health(color in ("yellow", "green"), color, version, int(health.get("number_of_nodes", 0)))


def cluster_health(settings: Settings, timeout: float = 5.0, *, nodes: int | None = None) -> tuple[bool, str, str | None]:
    """(usable, health text, server version): usable when some node of ours answers yellow or
    green and the cluster counts all `nodes` (one unless told or recorded in the layout)."""
    from streams.stack import layout

    expected = nodes or layout.read(settings).es_nodes
    last = Health(False, "port closed")
    for node in range(1, expected + 1):
        last = node_health(node_url(settings, node), timeout)
        if last.version is not None:
            break
    if last.version is None:
        return False, last.text, None
    if last.nodes < expected:
        return False, f"{last.text}, {last.nodes}/{expected} nodes", last.version
    return last.usable, last.text if expected == 1 else f"{last.text}, {last.nodes} nodes", last.version


def _prepare_state(
    settings: Settings, es_home: Path, extra: Mapping[str, Any] | None, *, node: int = 1, nodes: int = 1
) -> ElasticPaths:
    es_paths = paths(settings, node)
    user = ensure_service_user(settings.es_user)
    bootstrap = not has_data(settings, node)
    for directory in (es_paths.home, es_paths.config, es_paths.data, es_paths.tmp, es_paths.logs):
        directory.mkdir(parents=True, exist_ok=True)
    # Keep files the node made itself (keystore) but refresh everything we render.
    for source in (es_home / "config").rglob("*"):
        target = es_paths.config / source.relative_to(es_home / "config")
        if source.is_dir():
            target.mkdir(exist_ok=True)
        elif not target.exists() or source.name in ("log4j2.properties", "jvm.options"):
            shutil.copy2(source, target)
    (es_paths.config / "jvm.options.d").mkdir(exist_ok=True)
    (es_paths.config / "jvm.options.d" / "eventwire-heap.options").write_text(render_jvm_options(settings.es_heap))
    (es_paths.config / "elasticsearch.yml").write_text(
        render_elasticsearch_yml(
            settings, modules=installed_modules(es_home), data_dir=es_paths.data, logs_dir=es_paths.logs, extra=extra,
            node=node, nodes=nodes, bootstrap=bootstrap,
        )
    )
    if user is not None:
        for directory in (es_paths.config, es_paths.data, es_paths.tmp, es_paths.logs):
            chown_tree(directory, user.pw_uid, user.pw_gid)
        os.chown(es_paths.home, user.pw_uid, user.pw_gid)
        # The service user must reach the install (cache) and its own dirs, e.g. below /root.
        for path in (es_home, es_paths.home, es_paths.logs):
            ensure_traversable(path)
    return es_paths


def _command(es_home: Path, user: pwd.struct_passwd | None) -> list[str]:
    launcher = [str(es_home / "bin" / "elasticsearch")]
    if user is None:
        return launcher
    setpriv = shutil.which("setpriv")
    if setpriv:  # execs in place, so the recorded pid is the node's launcher itself
        return [setpriv, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups", "--", *launcher]
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"
    return [runuser, "-u", user.pw_name, "--", *launcher]


def _spawn_node(
    settings: Settings, node: int, nodes: int, extra_settings: Mapping[str, Any] | None, console: Console | None
) -> int:
    es_paths = paths(settings, node)
    host, port, transport_port = node_ports(settings, node)
    for taken in (port, transport_port):
        if port_open(host, taken):
            raise StackError(node_name(node, nodes), f"{host}:{taken} is in use by a process this stack did not start")
    jdk = find_jdk(NAME, JAVA_MINIMUM)
    version, es_home = obtain(settings, console)
    _prepare_state(settings, es_home, extra_settings, node=node, nodes=nodes)
    user = ensure_service_user(settings.es_user)
    env = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8",
        "HOME": str(es_paths.home),
        "ES_JAVA_HOME": str(jdk.home),
        "ES_PATH_CONF": str(es_paths.config),
        "ES_TMPDIR": str(es_paths.tmp),
    }
    pid = spawn(_command(es_home, user), log_file=es_paths.console_log, pid_file=es_paths.pid_file, cwd=es_paths.logs, env=env)
    es_paths.info_file.write_text(
        json.dumps(
            {
                "pid": pid,
                "version": version,
                "java": jdk.version,
                "started": time.time(),
                "node": node,
                "nodes": nodes,
                "extra_settings": dict(extra_settings or {}),
            }
        )
    )
    return pid


def start(
    settings: Settings,
    *,
    nodes: int | None = None,
    extra_settings: Mapping[str, Any] | None = None,
    timeout: float = 180.0,
    console: Console | None = None,
) -> list[ComponentStatus]:
    """Start every node of ours that is not running; wait for health yellow or green with all
    nodes in the cluster.

    `extra_settings` are added to elasticsearch.yml for this start (e.g. a tiny write queue).
    """
    from streams.stack import layout

    count = nodes or layout.read(settings).es_nodes
    if all(running_pid(settings, node) is not None for node in range(1, count + 1)):
        if wait_until(lambda: cluster_health(settings, nodes=count)[0], timeout=timeout, interval=1.0):
            return status(settings, nodes=count)
        raise StackError(NAME, "running but not healthy", tail(paths(settings).server_log))
    if (count == 1 and running_pid(settings) is None and port_open(*node_ports(settings)[:2])
            and cluster_health(settings, nodes=1)[0]):
        return status(settings, nodes=1)  # someone else's node: usable, not ours to manage
    started = [
        _spawn_node(settings, node, count, extra_settings, console)
        for node in range(1, count + 1)
        if running_pid(settings, node) is None
    ]
    await_started(
        NAME, started[0], lambda: cluster_health(settings, nodes=count)[0], timeout=timeout,
        logs=[(paths(settings, n).server_log, 40 // count) for n in range(1, count + 1)]
        + [(paths(settings, 1).console_log, 20)],
        alive=lambda: all(is_alive(pid) for pid in started),
    )
    return status(settings, nodes=count)


def start_node(
    settings: Settings, node: int, *, nodes: int | None = None, timeout: float = 180.0, console: Console | None = None
) -> ComponentStatus:
    """Start one node (after a stop or a kill) and wait until the cluster counts all nodes again."""
    from streams.stack import layout

    count = nodes or layout.read(settings).es_nodes
    pid = running_pid(settings, node)
    if pid is None:
        pid = _spawn_node(settings, node, count, None, console)
    await_started(
        node_name(node, count), pid, lambda: cluster_health(settings, nodes=count)[0], timeout=timeout,
        logs=[(paths(settings, node).server_log, 40)],
    )
    return node_status(settings, node, count)


def stop(settings: Settings, *, timeout: float = 60.0) -> bool:
    """Stop every node of ours. False when none was running."""
    stopped = [stop_node(settings, node, timeout=timeout) for node in reversed(range(1, MAX_NODES + 1))]
    return any(stopped)


def stop_node(settings: Settings, node: int, *, timeout: float = 60.0, hard: bool = False) -> bool:
    """Stop one node of ours (SIGTERM; with `hard` SIGKILL at once, a crash). False when it was not running."""
    return stop_owned(running_pid(settings, node), paths(settings, node).pid_file, timeout, hard=hard)


def node_status(settings: Settings, node: int, nodes: int) -> ComponentStatus:
    es_paths = paths(settings, node)
    host, port, _ = node_ports(settings, node)
    pid = running_pid(settings, node)
    if nodes == 1:
        ok, health, version = cluster_health(settings, nodes=1)
    else:
        seen = node_health(node_url(settings, node))
        ok, version = seen.version is not None and seen.usable, seen.version
        health = seen.text if seen.version is None else f"{seen.text}, {seen.nodes}/{nodes} nodes"
    return ComponentStatus(
        name=node_name(node, nodes),
        running=pid is not None or ok,
        healthy=ok,
        pid=pid,
        version=version,
        address=f"{host}:{port}",
        health=health,
        external=pid is None and ok,
        rss_bytes=rss_bytes(pid) if pid is not None else None,
        detail={"log": str(es_paths.server_log), "data": str(es_paths.data)},
    )


def status(settings: Settings, *, nodes: int | None = None) -> list[ComponentStatus]:
    """One row per node of the layout."""
    from streams.stack import layout

    count = nodes or layout.read(settings).es_nodes
    return [node_status(settings, node, count) for node in range(1, count + 1)]

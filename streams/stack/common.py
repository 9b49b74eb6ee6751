"""Pieces shared by the Kafka and Elasticsearch launchers: JDKs, processes, downloads, health waits.

Everything here is about running local services for development and CI; nothing in the pipeline
imports it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

MAVEN_CENTRAL = "https://repo1.maven.org/maven2"
JVM_ROOT = Path("/usr/lib/jvm")


class StackError(RuntimeError):
    """A component could not be prepared or started; the message says which and why."""

    def __init__(self, component: str, message: str, log_tail: str = "") -> None:
        super().__init__(f"{component}: {message}")
        self.component = component
        self.log_tail = log_tail


# --- Status ----------------------------------------------------------------------------------


@dataclass
class ComponentStatus:
    name: str
    running: bool
    healthy: bool
    pid: int | None = None
    version: str | None = None
    address: str = ""
    health: str = ""
    external: bool = False  # something answers on the port but we did not start it
    rss_bytes: int | None = None
    detail: dict[str, str] = field(default_factory=dict)


# --- JDK discovery -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Jdk:
    home: Path
    major: int
    version: str

    @property
    def java(self) -> Path:
        return self.home / "bin" / "java"


_VERSION_RE = re.compile(r'version\s+"(?P<version>[^"]+)"')


def parse_java_version(text: str) -> tuple[int, str] | None:
    """Major version and full version string from `java -version` output (1.8 style included)."""
    match = _VERSION_RE.search(text)
    if not match:
        return None
    version = match.group("version")
    parts = re.split(r"[._+-]", version)
    try:
        first = int(parts[0])
        major = int(parts[1]) if first == 1 and len(parts) > 1 else first
    except ValueError:
        return None
    return major, version


def probe_jdk(home: Path) -> Jdk | None:
    java = home / "bin" / "java"
    if not os.access(java, os.X_OK):
        return None
    try:
        result = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    parsed = parse_java_version(result.stderr + result.stdout)
    if parsed is None:
        return None
    return Jdk(home=home, major=parsed[0], version=parsed[1])


def candidate_jdk_homes(jvm_root: Path = JVM_ROOT) -> list[Path]:
    """Distinct JDK homes: every directory under /usr/lib/jvm plus the one behind `java` on PATH."""
    homes: list[Path] = []
    seen: set[Path] = set()
    entries = sorted(jvm_root.iterdir()) if jvm_root.is_dir() else []
    on_path = shutil.which("java")
    if on_path:
        # /usr/bin/java -> .../jvm/<jdk>/bin/java: the home is two levels up from the real file.
        entries.append(Path(on_path).resolve().parent.parent)
    for entry in entries:
        real = entry.resolve()
        if real in seen or not (real / "bin" / "java").exists():
            continue
        seen.add(real)
        homes.append(real)
    return homes


def choose_jdk(jdks: Iterable[Jdk], minimum: int, preferred: int | None = None) -> Jdk | None:
    """The preferred major if present, else the newest JDK at or above `minimum`."""
    usable = [jdk for jdk in jdks if jdk.major >= minimum]
    if preferred is not None:
        exact = [jdk for jdk in usable if jdk.major == preferred]
        if exact:
            return max(exact, key=lambda jdk: jdk.version)
    if not usable:
        return None
    return max(usable, key=lambda jdk: (jdk.major, jdk.version))


_JDK_CACHE: list[Jdk] | None = None


def installed_jdks() -> list[Jdk]:
    global _JDK_CACHE
    if _JDK_CACHE is None:
        _JDK_CACHE = [jdk for home in candidate_jdk_homes() if (jdk := probe_jdk(home))]
    return _JDK_CACHE


def find_jdk(component: str, minimum: int, preferred: int | None = None) -> Jdk:
    jdks = installed_jdks()
    jdk = choose_jdk(jdks, minimum, preferred)
    if jdk is None:
        found = ", ".join(f"{j.home} ({j.version})" for j in jdks) or "none"
        raise StackError(component, f"needs a JDK >= {minimum}; found: {found}")
    return jdk


# --- Processes ---------------------------------------------------------------------------------

# Popen objects of processes started by this Python process, kept so they can be reaped (no
# zombies in long-lived callers such as the chaos suite) and so they are not garbage-collected.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def process_cmdline(pid: int) -> list[str] | None:
    """Arguments of a live (non-zombie) process, or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        # The state letter follows the parenthesised command name.
        if stat[stat.rindex(")") + 2] in "ZX":
            return None
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError, IndexError):
        return None
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def owned_pid(pid_file: Path, markers: Sequence[str]) -> int | None:
    """The pid from `pid_file` if that process is alive and its command line has all `markers`.

    Guards against killing an unrelated process that reused a stale pid.
    """
    pid = read_pid(pid_file)
    if pid is None:
        return None
    cmdline = process_cmdline(pid)
    if cmdline is None:
        return None
    joined = " ".join(cmdline)
    return pid if all(marker in joined for marker in markers) else None


def rss_bytes(pid: int) -> int | None:
    """Resident memory of a process plus its descendants (ES runs a launcher and a server JVM)."""
    total = 0
    for member in [pid, *descendants(pid)]:
        try:
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except (OSError, ValueError):
            continue
    return total or None


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    pending = [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def spawn(
    command: Sequence[str],
    *,
    log_file: Path,
    pid_file: Path,
    cwd: Path,
    env: dict[str, str] | None = None,
) -> int:
    """Start a detached process (own session, survives our exit), record its pid."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "ab") as log:
        log.write(f"\n--- {time.strftime('%Y-%m-%d %H:%M:%S')} starting: {' '.join(command)}\n".encode())
        log.flush()
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )
    _CHILDREN[process.pid] = process
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    pid_file.write_text(f"{process.pid}\n")
    return process.pid


def _reap(pid: int) -> None:
    process = _CHILDREN.pop(pid, None)
    if process is not None:
        try:
            process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            _CHILDREN[pid] = process


def is_alive(pid: int) -> bool:
    if pid in _CHILDREN and _CHILDREN[pid].poll() is not None:
        _CHILDREN.pop(pid, None)
        return False
    return process_cmdline(pid) is not None


def _signal_all(pid: int, members: Sequence[int], sig: int) -> None:
    """`sig` to the process group we started (start_new_session made `pid` its leader) and to each
    of `members`: children that left the group still belong to us."""
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass
    for member in members:
        try:
            os.kill(member, sig)
        except ProcessLookupError:
            pass


def _gone_within(pid: int, members: Sequence[int], seconds: float, interval: float) -> bool:
    """True once none of `members` is alive (reaping our child as it goes); False after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        _reap(pid)
        if not any(is_alive(member) for member in members):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def terminate(pid: int, timeout: float = 30.0) -> bool:
    """SIGTERM the process group we started, then SIGKILL after `timeout`. True if it was killed hard."""
    members = [pid, *descendants(pid)]
    _signal_all(pid, members, signal.SIGTERM)
    if _gone_within(pid, members, timeout, 0.2):
        return False
    _signal_all(pid, members, signal.SIGKILL)
    _gone_within(pid, members, 5.0, 0.1)
    return True


def kill_hard(pid: int) -> None:
    """SIGKILL the process group we started and its descendants at once (a crash, nothing flushed)."""
    members = [pid, *descendants(pid)]
    _signal_all(pid, members, signal.SIGKILL)
    _gone_within(pid, members, 5.0, 0.05)


def tail(path: Path, lines: int = 40) -> str:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            text = handle.read().decode(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def wait_until(
    check: Callable[[], bool],
    *,
    timeout: float,
    interval: float = 1.0,
    still_worth_waiting: Callable[[], bool] = lambda: True,
) -> bool:
    """Poll `check` until it is true, the timeout passes, or waiting is pointless (process died)."""
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return True
        if time.monotonic() >= deadline or not still_worth_waiting():
            return check()
        time.sleep(interval)


def await_started(
    component: str,
    pid: int,
    probe: Callable[[], bool],
    *,
    timeout: float,
    logs: Sequence[tuple[Path, int]],
    alive: Callable[[], bool] | None = None,
) -> None:
    """Wait until `probe()` holds; raise StackError with the log tails if the process died (or,
    given `alive`, any of the processes it watches did) or the timeout passed."""
    still_alive = alive or (lambda: is_alive(pid))
    if wait_until(probe, timeout=timeout, interval=1.0, still_worth_waiting=still_alive):
        return
    log_text = "\n".join(tail(path, lines) for path, lines in logs)
    reason = "exited during start-up" if not still_alive() else f"not healthy after {timeout:.0f}s"
    raise StackError(component, reason, log_text)


def stop_owned(pid: int | None, pid_file: Path, timeout: float, *, hard: bool = False) -> bool:
    """Stop the process we started (SIGTERM, SIGKILL after `timeout`; with `hard` SIGKILL at once, a
    crash). False when none was running."""
    if pid is not None and hard:
        kill_hard(pid)
    elif pid is not None:
        terminate(pid, timeout)
    pid_file.unlink(missing_ok=True)
    return pid is not None


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    import socket

    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def split_host_port(address: str, default_port: int) -> tuple[str, int]:
    """'host:port' or 'scheme://host:port/...' -> (host, port)."""
    address = re.sub(r"^[a-z]+://", "", address.split(",")[0].strip()).split("/")[0]
    host, _, port = address.rpartition(":")
    if not host:
        return address, default_port
    return host.strip("[]"), int(port)


# --- Files and permissions --------------------------------------------------------------------


def ensure_traversable(path: Path) -> None:
    """Give 'others' the search (x) bit on `path` and its ancestors, so an unprivileged service user
    can reach files below (e.g. under /root). Read permission on the directories is not granted."""
    for directory in [path, *path.parents]:
        try:
            mode = directory.stat().st_mode
            if not mode & 0o001:
                directory.chmod(mode | 0o001)
        except OSError:
            continue


def chown_tree(path: Path, uid: int, gid: int) -> None:
    for root, dirs, files in os.walk(path):
        os.chown(root, uid, gid)
        for name in dirs + files:
            try:
                os.chown(os.path.join(root, name), uid, gid, follow_symlinks=False)
            except OSError:
                pass


# --- Downloads ---------------------------------------------------------------------------------


def maven_url(group: str, artifact: str, version: str, extension: str, classifier: str = "") -> str:
    name = f"{artifact}-{version}" + (f"-{classifier}" if classifier else "") + f".{extension}"
    return f"{MAVEN_CENTRAL}/{group.replace('.', '/')}/{artifact}/{version}/{name}"


def url_exists(url: str, timeout: float = 20.0) -> bool:
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError):
        return False


def fetch_text(url: str, timeout: float = 20.0) -> str | None:
    """Body of a small file, or None when it is not published (404)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode().strip()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise
    except (urllib.error.URLError, OSError):
        return None


def file_digest(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download(url: str, destination: Path, console: Console | None = None) -> None:
    """Stream `url` to `destination` (via a .part file) with a rich progress bar."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".part")
    with urllib.request.urlopen(url, timeout=60) as response:
        total = int(response.headers.get("Content-Length") or 0) or None
        progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            transient=True,
        )
        with progress, open(partial, "wb") as out:
            task = progress.add_task(f"download {destination.name}", total=total)
            for chunk in iter(lambda: response.read(1 << 20), b""):
                out.write(chunk)
                progress.advance(task, len(chunk))
    if total is not None and partial.stat().st_size != total:
        partial.unlink(missing_ok=True)
        raise OSError(f"short download of {url}: {partial.stat().st_size if partial.exists() else 0}/{total}")
    partial.replace(destination)

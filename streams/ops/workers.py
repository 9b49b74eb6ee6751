"""Worker processes started in the background (demo, integration tests, chaos suite).

Each worker gets a name; its pid and log live in the state directory so `make stop` (or a test)
stops exactly what was started.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from streams.config import Settings


@dataclass(frozen=True, slots=True)
class WorkerHandle:
    name: str
    pid: int
    log_path: Path
    pid_path: Path


def _paths(settings: Settings, name: str) -> tuple[Path, Path]:
    base = settings.state_path / "workers"
    base.mkdir(parents=True, exist_ok=True)
    return base / f"{name}.pid", base / f"{name}.log"


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that makes a child process build the same Settings as ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTWIRE_")}
    for field_name, value in settings:
        if value is None:
            continue
        if hasattr(value, "get_secret_value"):
            value = value.get_secret_value()
        # Mappings and lists are read back from the environment as JSON (str() of a dict is not).
        env[f"EVENTWIRE_{field_name.upper()}"] = json.dumps(value) if isinstance(value, (dict, list)) else str(value)
    return env


def start_worker(settings: Settings, name: str = "worker", *, web_port: int | None = None) -> WorkerHandle:
    pid_path, log_path = _paths(settings, name)
    if web_port == 0:  # Faust refuses port 0: pick a free port ourselves
        web_port = free_port()
    if web_port is not None:
        settings = settings.with_overrides(worker_web_port=web_port)
    log = open(log_path, "ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "streams.cli", "worker"],
        env=settings_env(settings),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # survives the CLI that started it; signals go to it alone
    )
    log.close()
    pid_path.write_text(str(process.pid))
    return WorkerHandle(name, process.pid, log_path, pid_path)


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now (the worker binds it a moment later)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def is_alive(pid: int) -> bool:
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)
        if waited == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _is_our_worker(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"streams.cli" in cmdline and b"worker" in cmdline


def stop_worker(handle: WorkerHandle, *, sig: int = signal.SIGTERM, timeout: float = 30.0) -> bool:
    """Signal the worker and wait for it; SIGKILL after `timeout`. True if it had to be killed."""
    killed = False
    if is_alive(handle.pid) and _is_our_worker(handle.pid):
        os.kill(handle.pid, sig)
        deadline = time.monotonic() + timeout
        while is_alive(handle.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if is_alive(handle.pid):
            os.kill(handle.pid, signal.SIGKILL)
            killed = True
            while is_alive(handle.pid):
                time.sleep(0.05)
    handle.pid_path.unlink(missing_ok=True)
    return killed


def running_workers(settings: Settings) -> list[WorkerHandle]:
    base = settings.state_path / "workers"
    handles = []
    for pid_path in sorted(base.glob("*.pid")) if base.exists() else []:
        try:
            pid = int(pid_path.read_text().strip())
        except ValueError:
            pid_path.unlink(missing_ok=True)
            continue
        name = pid_path.stem
        handle = WorkerHandle(name, pid, base / f"{name}.log", pid_path)
        if is_alive(pid) and _is_our_worker(pid):
            handles.append(handle)
        else:
            pid_path.unlink(missing_ok=True)
    return handles


def stop_all(settings: Settings) -> int:
    handles = running_workers(settings)
    for handle in handles:
        stop_worker(handle)
    return len(handles)


def log_tail(handle: WorkerHandle, lines: int = 40) -> str:
    try:
        return "\n".join(handle.log_path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""

"""The CLI's error boundary: bad settings and unreachable services give two lines and an exit code,
within the connect timeout, never a traceback.

Services are "dead" (nothing listens on the port: refused at once) or "silent" (a socket whose
accept queue is full, so a connect hangs as it would behind a firewall that drops packets); both on
127.0.0.1. Timings carry a generous margin for a loaded machine: what they catch is the 30-90 s
waits of the client libraries' defaults.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from streams import cli
from streams.boundary import EXIT_SETTINGS, EXIT_UNREACHABLE
from streams.config import Settings
from streams.ops.workers import free_port

TIMEOUT = 1.0
MARGIN = 8.0  # seconds on top of the connect timeout: start-up, two sequential connects, a busy machine
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def silent_port() -> Iterator[int]:
    """A listening socket that never accepts, with its queue already full: new connects hang."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    filler = socket.create_connection(("127.0.0.1", port))
    try:
        yield port
    finally:
        filler.close()
        server.close()


def dead_env(port: int | None = None) -> dict[str, str]:
    port = port or free_port()
    return {
        "EVENTWIRE_KAFKA_BOOTSTRAP": f"127.0.0.1:{port}",
        "EVENTWIRE_ES_URL": f"http://127.0.0.1:{port}",
        "EVENTWIRE_KIBANA_URL": f"http://127.0.0.1:{port}",
        "EVENTWIRE_CONNECT_TIMEOUT_SECONDS": str(TIMEOUT),
    }


def invoke(args: list[str], env: dict[str, str], tmp_path: Path):
    started = time.monotonic()
    result = CliRunner().invoke(cli.app, args, env={**env, "EVENTWIRE_STATE_DIR": str(tmp_path / "state")})
    return result, time.monotonic() - started


def assert_two_lines(stderr: str, *needles: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 2, stderr
    assert lines[0].startswith("error: ") and lines[1].startswith("check: "), stderr
    assert "Traceback" not in stderr
    for needle in needles:
        assert needle in stderr, (needle, stderr)


def test_the_connect_timeout_is_a_setting_of_at_most_ten_seconds(monkeypatch):
    assert Settings().connect_timeout_seconds <= 10
    monkeypatch.setenv("EVENTWIRE_CONNECT_TIMEOUT_SECONDS", "2.5")
    assert Settings().connect_timeout_seconds == 2.5


KAFKA_COMMANDS = [
    ["publish", "--no-progress", str(ROOT / "samples")],
    ["archive", "--no-progress", "--since", "2026-01-01", "--until", "2026-02-01", "OUT"],
    ["replay", "--since", "2026-01-01", "--index-version", "2", "--dry-run"],
    ["dlq", "tail"],
    ["dlq", "stats"],
    ["dlq", "requeue", "--dry-run"],
]
ES_COMMANDS = [
    ["search", "anything"],
    ["index", "status"],
    ["index", "init"],
    ["index", "swap", "events", "2"],
    ["index", "rollback", "events"],
    ["export", "--since", "2026-01-01", "--format", "gdelt"],
]


@pytest.mark.parametrize("args", KAFKA_COMMANDS + ES_COMMANDS + [["setup"], ["kibana", "import"]], ids=" ".join)
def test_a_dead_service_gives_two_lines_and_exit_3_within_the_timeout(args, tmp_path):
    args = [str(tmp_path / "out.ndjson") if a == "OUT" else a for a in args]
    env = dead_env()
    result, seconds = invoke(args, env, tmp_path)
    assert result.exit_code == EXIT_UNREACHABLE, (result.exit_code, result.output, result.exception)
    assert_two_lines(result.stderr, env["EVENTWIRE_KAFKA_BOOTSTRAP"].split(":")[1])
    assert seconds < TIMEOUT + MARGIN, seconds


@pytest.mark.parametrize("args", [KAFKA_COMMANDS[0], ES_COMMANDS[0], ["kibana", "import"]], ids=" ".join)
def test_a_silent_service_fails_at_the_connect_timeout(args, tmp_path, silent_port):
    result, seconds = invoke(args, dead_env(silent_port), tmp_path)
    assert result.exit_code == EXIT_UNREACHABLE, (result.output, result.exception)
    assert_two_lines(result.stderr, str(silent_port), "EVENTWIRE_CONNECT_TIMEOUT_SECONDS")
    assert TIMEOUT * 0.9 <= seconds < TIMEOUT + MARGIN, seconds


def test_health_reports_every_check_within_the_timeout(tmp_path):
    result, seconds = invoke(["health", "--json"], dead_env(), tmp_path)
    assert result.exit_code == 1, result.output
    assert '"ok":false' in result.stdout
    assert seconds < TIMEOUT + MARGIN, seconds


def test_kibana_import_waits_only_when_asked(tmp_path):
    env = dead_env()
    result, seconds = invoke(["kibana", "import", "--wait", "3"], env, tmp_path)
    assert result.exit_code == EXIT_UNREACHABLE, result.output
    assert_two_lines(result.stderr, "3 s")
    assert 3 <= seconds < 3 + TIMEOUT + MARGIN, seconds


def test_a_bad_setting_gives_two_lines_naming_the_variable(tmp_path):
    result, _ = invoke(["settings"], {"EVENTWIRE_PARTITIONS": "abc"}, tmp_path)
    assert result.exit_code == EXIT_SETTINGS, result.output
    assert_two_lines(result.stderr, "EVENTWIRE_PARTITIONS", "'abc'")


def test_help_works_even_when_a_setting_is_bad(tmp_path):
    result, _ = invoke(["publish", "--help"], {"EVENTWIRE_PARTITIONS": "abc"}, tmp_path)
    assert result.exit_code == 0 and "Usage" in result.stdout


def test_archive_checks_the_range_before_connecting(tmp_path):
    result, seconds = invoke(
        ["archive", "--since", "2026-02-01", "--until", "2026-01-01", str(tmp_path / "x.ndjson")], dead_env(), tmp_path
    )
    assert result.exit_code == 2, result.output
    assert "--since" in result.stderr and "before" in result.stderr
    assert seconds < TIMEOUT  # it never tried to connect


def test_the_installed_command_prints_two_lines_without_a_traceback(tmp_path):
    """The real entry point (a subprocess), as a user runs it."""
    env = {**os.environ, **dead_env(), "EVENTWIRE_STATE_DIR": str(tmp_path)}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", "from streams.cli import main; main()", "dlq", "stats"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert done.returncode == EXIT_UNREACHABLE, done.stderr
    assert_two_lines(done.stderr, "Kafka")
    assert time.monotonic() - started < TIMEOUT + MARGIN + 5  # + the interpreter's start-up


def test_a_missing_dictionary_directory_is_two_lines(tmp_path):
    result, _ = invoke(["dictionary", "check", str(tmp_path / "nowhere")], {}, tmp_path)
    assert result.exit_code == 1
    assert_two_lines(result.stderr, "nowhere", "not a directory")

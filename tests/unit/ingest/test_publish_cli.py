"""`eventwire publish --dry-run` and `publish -`: read and check exactly as publish does, connect to nothing."""

from __future__ import annotations

import time
from pathlib import Path

import orjson
from typer.testing import CliRunner

from streams import cli
from streams.ops.workers import free_port

ROOT = Path(__file__).resolve().parents[3]


def dead_kafka() -> dict[str, str]:
    return {"EVENTWIRE_KAFKA_BOOTSTRAP": f"127.0.0.1:{free_port()}", "EVENTWIRE_CONNECT_TIMEOUT_SECONDS": "5"}


def test_dry_run_counts_what_would_be_sent_without_kafka():
    started = time.monotonic()
    result = CliRunner().invoke(cli.app, ["publish", "--dry-run", "--no-progress", str(ROOT / "samples")], env=dead_kafka())
    assert result.exit_code == 0, result.output
    assert "would send 9, failed 0" in result.stdout and "nothing sent" in result.stdout
    assert time.monotonic() - started < 5  # never waited for the dead broker


def test_dry_run_from_stdin_reports_json_and_fails_on_bad_input(tmp_path):
    lines = b'{"id": "a1", "text": "Erdogan called Putin on Tuesday."}\n{"id": "a2"}\nnot json\n'
    result = CliRunner().invoke(cli.app, ["publish", "-", "--dry-run", "--json", "--no-progress"], input=lines, env=dead_kafka())
    assert result.exit_code == 1, result.output
    report = orjson.loads(result.stdout)
    assert report["dry_run"] is True and report["sent"] == 1 and report["failed"] == 2
    assert [error["origin"] for error in report["errors"]] == ["-:2", "-:3"]  # stdin, with line numbers


def test_dry_run_applies_the_message_size_limit():
    big = orjson.dumps({"id": "big", "text": "word " * 5000}) + b"\n"
    env = {**dead_kafka(), "EVENTWIRE_MAX_MESSAGE_BYTES": "2048", "EVENTWIRE_MAX_TEXT_CHARS": "100000"}
    result = CliRunner().invoke(cli.app, ["publish", "-", "--dry-run", "--json", "--no-progress"], input=big, env=env)
    report = orjson.loads(result.stdout)
    assert report["failed"] == 1 and "exceeds max_message_bytes" in report["errors"][0]["reason"]

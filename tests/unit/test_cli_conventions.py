"""Conventions every `eventwire` command keeps: help on every option, flags shown as flags, one time
vocabulary (--since/--until, old names hidden), --json on every command that reports, and a README
settings table that lists every setting."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
import typer
from typer.testing import CliRunner

from streams import cli
from streams.config import Settings

ROOT = Path(__file__).resolve().parents[2]
# Commands whose output is data or a running process rather than a report.
NO_JSON = {
    "worker": "runs until stopped",
    "demo": "a guided tour with its own output",
    "stack up": "starts processes and logs",
    "stack down": "stops processes",
    "stack env": "writes export lines for the shell's eval",
    "extract": "writes JSON lines already",
    "export": "writes CSV, GDELT or JSON lines already",
}
# Old option names kept working but out of the help text.
RENAMED = {"archive": {"--from": "--since", "--to": "--until"}, "replay": {"--from-time": "--since", "--to-time": "--until"}}


def leaf_commands():
    def walk(command, path):
        children = getattr(command, "commands", None)
        if children:
            for name, child in children.items():
                yield from walk(child, [*path, name])
        else:
            yield " ".join(path), command

    return list(walk(typer.main.get_command(cli.app), []))


COMMANDS = dict(leaf_commands())


def options(command):
    return [p for p in command.params if p.param_type_name == "option"]


def help_text(name: str) -> str:
    result = CliRunner().invoke(cli.app, [*name.split(), "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_and_argument_has_help(name):
    missing = [p.name for p in COMMANDS[name].params if not (getattr(p, "help", None) or "").strip()]
    assert not missing, f"eventwire {name}: no help for {missing}"


@pytest.mark.parametrize("name", COMMANDS)
def test_flags_are_shown_as_flags(name):
    text = help_text(name)
    assert "<bool>" not in text and "BOOLEAN" not in text, text
    for option in options(COMMANDS[name]):
        if option.is_flag and not option.hidden:
            assert re.search(rf"^\s+{re.escape(option.opts[0])}(\s|,|$)", text, re.M), (option.opts, text)


@pytest.mark.parametrize("name", [n for n in COMMANDS if n not in NO_JSON])
def test_every_reporting_command_takes_json(name):
    assert any("--json" in option.opts for option in options(COMMANDS[name])), f"eventwire {name} has no --json"


@pytest.mark.parametrize("name", [n for n in COMMANDS if n.split()[0] in {"archive", "replay", "search", "export"}])
def test_time_ranges_are_since_and_until(name):
    names = {opt for option in options(COMMANDS[name]) if not option.hidden for opt in option.opts}
    assert {"--since", "--until"} <= names, names
    text = help_text(name)
    for old, new in RENAMED.get(name, {}).items():
        assert old not in re.findall(r"--[\w-]+", text), f"{old} should be hidden"
        hidden = next(o for o in options(COMMANDS[name]) if old in o.opts)
        assert hidden.hidden and new in (hidden.help or "")


def test_old_time_option_names_still_work(tmp_path):
    # Both spellings reach the same check, which fails before any connection is tried.
    for args in (["archive", "--from", "2026-02-01", "--to", "2026-01-01", str(tmp_path / "x")],
                 ["replay", "--from-time", "2026-02-01", "--to-time", "2026-01-01", "--index-version", "2"]):
        result = CliRunner().invoke(cli.app, args)
        assert result.exit_code == 2 and "must be before" in result.stderr, result.output
    result = CliRunner().invoke(cli.app, ["archive", "--since", "2026-01-01", "--from", "2026-01-02", str(tmp_path / "x")])
    assert result.exit_code == 2 and "old name" in result.stderr


def test_settings_prints_json_with_secrets_masked(monkeypatch):
    monkeypatch.setenv("EVENTWIRE_ES_PASSWORD", "marker-password-123")
    result = CliRunner().invoke(cli.app, ["settings", "--json"])
    assert result.exit_code == 0, result.output
    printed = orjson.loads(result.stdout)
    assert printed["es_password"] == "**********" and printed["partitions"] == 4
    assert set(printed) == set(Settings.model_fields)


def readme_settings() -> set[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `EVENTWIRE_")]
    return {name for row in rows for name in re.findall(r"`(EVENTWIRE_\w+)`", row.split("|")[1])}


def test_the_readme_settings_table_lists_every_setting_that_settings_prints():
    printed = {line.split(" = ", 1)[0] for line in CliRunner().invoke(cli.app, ["settings"]).stdout.splitlines()}
    assert printed == set(Settings.model_fields)
    documented = readme_settings()
    missing = {f"EVENTWIRE_{name.upper()}" for name in printed} - documented
    unknown = documented - {f"EVENTWIRE_{name.upper()}" for name in printed}
    assert not missing, f"README's Configuration table lacks {sorted(missing)}"
    assert not unknown, f"README's Configuration table names settings that do not exist: {sorted(unknown)}"

from typer.testing import CliRunner

from streams import cli


def test_every_command_is_mounted():
    assert cli.MISSING == [], f"commands whose module is missing: {cli.MISSING}"
    names = {c.name or c.callback.__name__ for c in cli.app.registered_commands} | {g.name for g in cli.app.registered_groups}
    expected = {name for _, _, name in cli.SUB_APPS + cli.COMMANDS} | {"worker", "setup", "settings"}
    assert expected <= names


def test_settings_command_masks_secrets(monkeypatch):
    monkeypatch.setenv("EVENTWIRE_ES_PASSWORD", "marker-password-123")
    result = CliRunner().invoke(cli.app, ["settings"])
    assert result.exit_code == 0
    assert "es_password = **********" in result.output and "marker-password-123" not in result.output

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


def test_version_names_the_package_coder_and_dictionary_versions():
    from importlib.metadata import version

    from streams.extract.version import CODER_VERSION, DICTIONARY_VERSION

    result = CliRunner().invoke(cli.app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        f"eventwire {version('eventwire')} (coder {CODER_VERSION}, dictionaries {DICTIONARY_VERSION})"
    )

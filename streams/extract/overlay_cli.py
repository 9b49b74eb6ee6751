"""`eventwire dictionary check DIR`: load the shipped dictionaries with DIR laid over them, as the
worker would, without coding anything (mounted by streams/cli.py)."""

from __future__ import annotations

from pathlib import Path

import typer

from streams.cli_options import json_option, print_json

app = typer.Typer(help="Your own dictionaries, laid over the shipped ones.", no_args_is_help=True)


@app.command("check")
def check_command(
    directory: Path = typer.Argument(..., help="A directory of dictionary files named and written like the shipped ones."),
    as_json: bool = json_option(),
) -> None:
    """Validate DIR with the loader's own parsing; errors name your file and line (exit 1)."""
    from streams.extract.overlay import check

    report = check(directory)
    if as_json:
        print_json(report)
        return
    typer.echo(f"{report['directory']}: ok, dictionaries {report['version']} ({', '.join(report['files']) or 'no files'}); "
               f"{report['actors']} actors, {report['places']} places, {report['patterns']} patterns")

"""`eventwire dictionary build|check|stats`: the trigger lexicon's build step and its figures; `check DIR`
validates a user's own dictionaries (streams/extract/overlay.py)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import typer

from streams.cli_options import json_option, print_json
from streams.extract.resources import DICTIONARY_DIR, read_cameo, read_jsonl
from streams.lexicon import build as lexicon_build

app = typer.Typer(help="The trigger lexicon: generate its forms, check them, count them.", no_args_is_help=True)


def stats(directory=DICTIONARY_DIR) -> dict:  # noqa: ANN001
    """Per language: entries, distinct generated forms (matching form), entries by source, and the
    CAMEO codes the lexicon names (three-digit codes counted through their four-digit children)."""
    cameo = read_cameo(directory)
    three = sorted(c for c in cameo if len(c) == 3)
    out = {}
    for lang in lexicon_build.LANGS:
        rows = [r for r in read_jsonl(directory / lexicon_build.OUTPUTS[lang]) if "provenance" not in r]
        codes = {r["cameo"] for r in rows}
        reached = {c[:3] for c in codes}
        out[lang] = {
            "entries": len(rows),
            "forms": lexicon_build.count_forms(rows),
            "patterns": lexicon_build.count_patterns(rows),
            "by_source": dict(sorted(Counter(r.get("source", "") for r in rows).items())),
            "cameo_codes": len(codes),
            "three_digit_codes": f"{len(reached & set(three))}/{len(three)}",
            "missing_three_digit": [c for c in three if c not in reached],
            "four_digit_codes": sorted(c for c in codes if len(c) == 4),
        }
    return out


@app.command("build")
def build_command(as_json: bool = json_option()) -> None:
    """Regenerate streams/dictionaries/triggers_{ar,en}.jsonl from events_{ar,en}.jsonl and lexicon.json."""
    written = {lexicon_build.OUTPUTS[lang]: "written" if changed else "unchanged" for lang, changed in lexicon_build.write().items()}
    if as_json:
        print_json(written)
        return
    for name, state in written.items():
        typer.echo(f"{name}: {state}")


@app.command("check")
def check_command(
    directory: Path | None = typer.Argument(
        None, help="Your own dictionaries: load them laid over the shipped ones, as the worker would (errors name your file and line).",
        show_default=False,
    ),
    as_json: bool = json_option(),
) -> None:
    """Without DIR: exit 1 when a generated file is not what `build` would write. With DIR: validate
    your overlay with the loader's own parsing (exit 1 on an error), without coding anything."""
    if directory is not None:
        from streams.extract.overlay import check

        report = check(directory)
        if as_json:
            print_json(report)
            return
        typer.echo(f"{report['directory']}: ok, dictionaries {report['version']} ({', '.join(report['files']) or 'no files'}); "
                   f"{report['actors']} actors, {report['places']} places, {report['patterns']} patterns")
        return
    stale = lexicon_build.stale()
    if as_json:
        print_json({"stale": stale})
        raise typer.Exit(1 if stale else 0)
    if stale:
        typer.echo(f"stale: {', '.join(stale)} (run `eventwire dictionary build`)", err=True)
        raise typer.Exit(1)
    typer.echo("triggers up to date")


@app.command("stats")
def stats_command(json_out: bool = typer.Option(False, "--json", help="Print the figures as JSON.")) -> None:
    """Entries, generated trigger forms and CAMEO coverage per language."""
    figures = stats()
    if json_out:
        typer.echo(json.dumps(figures, ensure_ascii=False, indent=1))
        return
    for lang, f in figures.items():
        typer.echo(f"{lang}: {f['entries']} entries, {f['forms']} trigger forms, {f['patterns']} patterns (form + object), "
                   f"{f['cameo_codes']} CAMEO codes, "
                   f"3-digit codes {f['three_digit_codes']}; by source {f['by_source']}")
        if f["missing_three_digit"]:
            typer.echo(f"  missing: {' '.join(f['missing_three_digit'])}")

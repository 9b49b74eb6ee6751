"""`eventwire dictionary build|check|stats`: the trigger lexicon's build step and its figures."""

from __future__ import annotations

import json
from collections import Counter

import typer

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
def build_command() -> None:
    """Regenerate streams/dictionaries/triggers_{ar,en}.jsonl from events_{ar,en}.jsonl and lexicon.json."""
    for lang, changed in lexicon_build.write().items():
        typer.echo(f"{lexicon_build.OUTPUTS[lang]}: {'written' if changed else 'unchanged'}")


@app.command("check")
def check_command() -> None:
    """Exit 1 when a generated file is not what `build` would write."""
    stale = lexicon_build.stale()
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

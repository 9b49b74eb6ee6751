"""`eventwire dlq …` and `eventwire health`."""

from __future__ import annotations

import orjson
import typer
from rich.console import Console
from rich.table import Table

from streams.cli_options import JSON_HELP, json_option, print_json
from streams.config import Settings

dlq_app = typer.Typer(help="Dead letters: inspect, summarize, requeue after a fix.", no_args_is_help=True)
out = Console()


def _settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings()


def _topic(settings: Settings, which: str) -> str:
    return {"articles": settings.topic_articles_dlq, "events": settings.topic_events_dlq}.get(which, which)


@dlq_app.command("tail")
def dlq_tail(
    ctx: typer.Context,
    which: str = typer.Option("articles", "--topic", help="articles, events, or a topic name."),
    last: int = typer.Option(20, "--last", "-n", min=0, help="How many of the newest letters (0: all)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per letter, a line each."),
) -> None:
    """Show the newest dead letters with their stage, reason and origin."""
    from streams.ops.dlq import age_text, tail

    settings = _settings(ctx)
    letters = tail(settings, _topic(settings, which), last)
    if as_json:
        for s in letters:
            letter = s.letter
            typer.echo(orjson.dumps({
                "partition": s.partition, "offset": s.offset, "timestamp": s.timestamp, "stage": letter.stage,
                "reason": letter.reason, "origin": {"topic": letter.topic, "partition": letter.partition,
                                                    "offset": letter.offset},
                "key": letter.key.decode("utf-8", "replace") if letter.key else None,
                "original": letter.original[:2000].decode("utf-8", "replace"), "bytes": len(letter.original),
            }).decode())
        return
    table = Table("age", "stage", "reason", "origin", "key", "bytes", title=f"{len(letters)} dead letters")
    for s in letters:
        letter = s.letter
        table.add_row(
            age_text(s.timestamp), letter.stage, letter.reason[:100],
            f"{letter.topic}[{letter.partition}]@{letter.offset}",
            (letter.key or b"").decode("utf-8", "replace")[:30], str(len(letter.original)),
        )
    out.print(table)


@dlq_app.command("stats")
def dlq_stats(
    ctx: typer.Context,
    which: str = typer.Option("articles", "--topic", help="articles, events, or a topic name."),
    as_json: bool = json_option(),
) -> None:
    """Counts of dead letters by stage, reason and source topic."""
    from streams.ops.dlq import read_letters, stats

    settings = _settings(ctx)
    letters = list(read_letters(settings, _topic(settings, which)))
    if as_json:
        counts = {name: dict(counter.most_common()) for name, counter in stats(letters).items()}
        print_json({"topic": _topic(settings, which), "letters": len(letters), **counts})
        return
    out.print(f"{len(letters)} dead letters in {_topic(settings, which)}")
    for name, counts in stats(letters).items():
        table = Table(name, "count")
        for key, count in counts.most_common(20):
            table.add_row(key, str(count))
        out.print(table)


@dlq_app.command("requeue")
def dlq_requeue(
    ctx: typer.Context,
    which: str = typer.Option("articles", "--topic", help="articles, events, or a topic name."),
    stage: str = typer.Option(None, "--stage", help="Only letters of this stage (decode, validate, extract, index…)."),
    reason: str = typer.Option(None, "--filter", help="Only letters whose reason contains this text."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Count what would be sent; send nothing, remember nothing."),
    as_json: bool = json_option(),
) -> None:
    """Send dead letters back to the topic they came from (after a fix)."""
    from streams.ops.dlq import LetterFilter, requeue

    settings = _settings(ctx)
    sent, skipped = requeue(
        settings, _topic(settings, which), LetterFilter(stage=stage, reason_contains=reason), dry_run=dry_run
    )
    if as_json:
        print_json({"topic": _topic(settings, which), "dry_run": dry_run, "requeued": sent, "skipped": skipped})
        return
    verb = "would requeue" if dry_run else "requeued"
    out.print(f"{verb} {sent} dead letters ({skipped} did not match)")


def health(
    ctx: typer.Context,
    max_lag: int = typer.Option(10_000, help="Consumer lag above which the pipeline counts as stalled."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Check Kafka, Elasticsearch and the worker group's lag; exit 1 when anything is wrong."""
    from streams.ops.health import health as run_health

    report = run_health(_settings(ctx), max_lag=max_lag)
    if as_json:
        typer.echo(orjson.dumps({"ok": report.ok, "checks": report.checks}).decode())
    else:
        table = Table("check", "ok", "details", title="eventwire health")
        for name, check in report.checks.items():
            details = ", ".join(f"{k}={v}" for k, v in check.items() if k != "ok")
            table.add_row(name, "[green]yes[/]" if check["ok"] else "[red]NO[/]", details)
        out.print(table)
    raise typer.Exit(0 if report.ok else 1)

"""`eventwire publish` and `eventwire archive` (mounted by streams/cli.py)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer
from rich.console import Console

from streams.cli_options import SINCE_HELP, UNTIL_HELP, json_option, print_json, renamed, time_range
from streams.config import Settings

console = Console(stderr=True)
out = Console()


class TimestampMode(str, Enum):
    now = "now"
    published = "published"


def settings_from(ctx: typer.Context | None) -> Settings:
    obj = ctx.find_root().obj if ctx is not None else None
    return obj if isinstance(obj, Settings) else Settings()


def publish(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(
        ..., help="JSONL/JSON, .txt, HTML, RSS/Atom, archives (.ndjson, .gz, .zip, .tar.*), directories or - (stdin)."
    ),
    timestamp: TimestampMode = typer.Option(
        TimestampMode.now, "--timestamp", help="Kafka record time: the send time, or the article's published time."
    ),
    rate: str | None = typer.Option(None, "--rate", help="Limit to N messages per second (200, 200/s, 6000/min)."),
    topic: str | None = typer.Option(None, "--topic", help="Target topic (default: the articles topic)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Read and check every article, say what would be sent; connect to nothing."
    ),
    as_json: bool = json_option(),
) -> None:
    """Publish articles to Kafka (key = article id); prints sent and failed, exits 1 if any failed."""
    from streams.ingest.publisher import check_articles
    from streams.ingest.publisher import publish as run_publish
    from streams.ingest.rate import parse_rate
    from streams.ingest.readers import iter_articles, truncation_message, truncations

    settings = settings_from(ctx)
    try:
        per_second = parse_rate(rate)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--rate") from None
    items = truncations(
        iter_articles(paths, max_text_chars=settings.max_text_chars),
        lambda record: console.print(f"[yellow]{truncation_message(record)}[/yellow]", markup=True, highlight=False),
    )
    from_published = timestamp is TimestampMode.published
    if dry_run:
        summary = check_articles(settings, items, topic=topic, timestamp_from_published=from_published, progress=progress)
    else:
        summary = run_publish(
            settings, items, topic=topic, timestamp_from_published=from_published, rate=per_second, progress=progress
        )
    if as_json:
        print_json(summary.to_dict())
        raise typer.Exit(1 if summary.failed else 0)
    for error in summary.errors[:50]:
        console.print(f"[red]failed[/red] {error.origin}: {error.reason}", markup=True, highlight=False)
    if summary.failed > 50:
        console.print(f"... and {summary.failed - 50} more failures")
    line = f"topic {summary.topic}: {'would send' if dry_run else 'sent'} {summary.sent}, failed {summary.failed}"
    if summary.without_published:
        line += f" ({summary.without_published} without a published time, stamped with the send time)"
    if dry_run:
        line += " (dry run: nothing sent)"
    out.print(line, highlight=False)
    if summary.failed:
        raise typer.Exit(1)


def archive(
    ctx: typer.Context,
    output: Path = typer.Argument(..., help="Output file: OUT.ndjson or OUT.ndjson.gz."),
    since: str | None = typer.Option(None, "--since", help=SINCE_HELP + " Record time."),
    until: str | None = typer.Option(None, "--until", help=UNTIL_HELP),
    old_since: str | None = typer.Option(None, "--from", hidden=True, help="Old name of --since."),
    old_until: str | None = typer.Option(None, "--to", hidden=True, help="Old name of --until."),
    topic: str | None = typer.Option(None, "--topic", help="Topic to export (default: the articles topic)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
    as_json: bool = json_option(),
) -> None:
    """Export a time range of the articles topic, one JSON line per record (replayable)."""
    from streams.ingest.archive import export_range

    start_at, end_at = time_range(renamed(since, old_since, "--since", "--from"), renamed(until, old_until, "--until", "--to"))
    summary = export_range(settings_from(ctx), start_at, end_at, output, topic=topic, progress=progress)
    if as_json:
        print_json({"path": str(summary.path), "written": summary.written,
                    "ranges": [{**r.to_dict(), "count": r.count} for r in summary.ranges]})
        return
    for part in summary.ranges:
        console.print(f"partition {part.partition}: offsets {part.start}..{part.end} ({part.count})", highlight=False)
    out.print(f"wrote {summary.written} records to {summary.path}", highlight=False)


app = typer.Typer(help="Publishing and archiving articles.", no_args_is_help=True)
app.command("publish")(publish)
app.command("archive")(archive)

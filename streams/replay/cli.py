"""`eventwire replay` (mounted by streams/cli.py as a command)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import orjson
import typer
from rich.console import Console
from rich.table import Table

from streams.cli_options import SINCE_HELP, json_option, print_json, renamed, time_range
from streams.config import Settings

console = Console(stderr=True)
out = Console()


def _settings(ctx: typer.Context | None) -> Settings:
    obj = ctx.find_root().obj if ctx is not None else None
    return obj if isinstance(obj, Settings) else Settings()


def replay(
    ctx: typer.Context,
    since: str | None = typer.Option(None, "--since", help="Topic source: first record time (inclusive). " + SINCE_HELP),
    until: str | None = typer.Option(None, "--until", help="Topic source: end time (exclusive)."),
    old_since: str | None = typer.Option(None, "--from-time", hidden=True, help="Old name of --since."),
    old_until: str | None = typer.Option(None, "--to-time", hidden=True, help="Old name of --until."),
    from_offset: int | None = typer.Option(None, "--from-offset", help="Topic source: first offset, on every partition."),
    to_offset: int | None = typer.Option(None, "--to-offset", help="Topic source: end offset (exclusive)."),
    partition: list[int] = typer.Option([], "--partition", help="Topic source: only these partitions (repeatable)."),
    topic: str | None = typer.Option(None, "--topic", help="Topic source (default: the articles topic)."),
    archive: Path | None = typer.Option(None, "--archive", help="Archive source: a file written by `eventwire archive`."),
    index_version: int | None = typer.Option(None, "--index-version", min=1, help="Target: re-code into events-vN / articles-vN."),
    to_topic: str | None = typer.Option(None, "--to-topic", help="Target (archive source only): send the records into this topic."),
    rate: str | None = typer.Option(None, "--rate", help="Into a topic: at most N messages per second (200, 200/s)."),
    name: str | None = typer.Option(None, "--name", help="Checkpoint name (default: derived from the request)."),
    restart: bool = typer.Option(False, "--restart", help="Forget the checkpoint of this replay and start over."),
    created: str | None = typer.Option(None, "--created", help="event.created stamp for every document (default: replay start)."),
    batch_size: int = typer.Option(500, "--batch-size", min=1, help="Records per confirmed batch (and checkpoint)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only say what would be read."),
    verify: bool = typer.Option(True, "--verify/--no-verify", help="After an index replay, compare the new version with the source."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
    dictionaries: Path | None = typer.Option(
        None, "--dictionaries", help="Code with your own dictionary files laid over the shipped ones (default: EVENTWIRE_DICTIONARY_DIR).",
        show_default=False,
    ),
    as_json: bool = json_option(),
) -> None:
    """Replay a topic range or an archive into a NEW index version (or an archive into a topic); resumable."""
    from streams.ingest.rate import parse_rate
    from streams.ingest.times import iso, parse_time
    from streams.replay import runner
    from streams.replay.checkpoints import CheckpointStore

    settings = _settings(ctx)
    if dictionaries is not None:
        settings = settings.with_overrides(dictionary_dir=dictionaries)
    from_time = renamed(since, old_since, "--since", "--from-time")
    to_time = renamed(until, old_until, "--until", "--to-time")
    if archive is None and to_topic is not None:
        raise typer.BadParameter("--to-topic needs --archive (a topic range is replayed into an index version)")
    if (index_version is None) == (to_topic is None):
        raise typer.BadParameter("give exactly one target: --index-version N, or --to-topic T with --archive")
    if archive is not None and any(v is not None for v in (from_time, to_time, from_offset, to_offset)):
        raise typer.BadParameter("time and offset bounds apply to a topic source, not to --archive")
    if (from_time or to_time) and (from_offset is not None or to_offset is not None):
        raise typer.BadParameter("use either times or offsets")
    start_at, end_at = time_range(from_time, to_time)
    from_iso = iso(start_at) if start_at else None
    to_iso = iso(end_at) if end_at else None
    try:
        per_second = parse_rate(rate)
        created_at = iso(parse_time(created)) if created else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    store = CheckpointStore.for_settings(settings)
    source = None
    if archive is None:
        source = runner.TopicSource(
            topic or settings.topic_articles, from_iso, to_iso, from_offset, to_offset, tuple(sorted(set(partition)))
        )

    if dry_run:
        checkpoint = store.load(name) if name else None
        plan = runner.dry_run_archive(archive, checkpoint=checkpoint) if archive else runner.dry_run_topic(settings, source, checkpoint=checkpoint)
        if as_json:
            print_json(plan)
        else:
            _print_plan(plan)
        return

    if archive is not None and to_topic is not None:
        report = runner.replay_archive_to_topic(
            settings, archive, topic=to_topic, rate=per_second, name=name, restart=restart, progress=progress, batch_size=batch_size
        )
    elif archive is not None:
        report = runner.replay_archive_to_index(
            settings, archive, index_version, name=name, created=created_at, restart=restart, progress=progress, batch_size=batch_size
        )
    else:
        report = runner.replay_topic_to_index(
            settings, source, index_version, name=name, created=created_at, restart=restart, progress=progress, batch_size=batch_size
        )

    check = None
    if verify and index_version is not None:
        from streams.ingest.ranges import PartitionRange
        from streams.replay.verify import verify_replay

        source_range = archive if archive is not None else [PartitionRange.from_dict(r) for r in report.ranges]
        check = verify_replay(settings, source_range, index_version)
    if as_json:
        print_json({"replay": {**asdict(report), "rate": report.rate}, "verify": check.to_dict() if check else None})
        raise typer.Exit(1 if check is not None and not check.ok else 0)
    _print_report(report)
    if check is not None:
        out.print_json(orjson.dumps(check.to_dict()).decode())
        if not check.ok:
            console.print("[red]the new version is missing articles of the source range: do not swap yet[/red]")
            raise typer.Exit(1)
        console.print(f"ready: eventwire index swap {settings.events_alias} {index_version} (and {settings.articles_alias})")
    if report.dead_letters or report.rejected:
        console.print(f"failures are listed in {report.errors_file}")


def _print_plan(plan: dict) -> None:
    if "partitions" in plan and isinstance(plan["partitions"], list):
        table = Table(title=f"would read {plan['remaining']} of {plan['total']} records from {plan['source']['topic']}")
        for column in ("partition", "start", "end", "count", "remaining from", "remaining"):
            table.add_column(column, justify="right")
        for row in plan["partitions"]:
            table.add_row(*(str(row[k]) for k in ("partition", "start", "end", "count", "remaining_from", "remaining")))
        out.print(table)
        if plan["source"].get("from_time") or plan["source"].get("to_time"):
            out.print("Time bounds: partitions are read to their end; only records stamped inside the window are coded.")
    else:
        out.print_json(orjson.dumps(plan).decode())


def _print_report(report) -> None:
    state = "already complete" if report.already_done else ("done" if report.done else "incomplete")
    resumed = " (resumed)" if report.resumed else ""
    out.print(
        f"replay {report.name} → {report.target}: {state}{resumed}; this run read {report.read} records in "
        f"{report.seconds:.1f}s ({report.rate:,.0f}/s): {report.articles} articles, {report.events} events, "
        f"{report.sent} sent, {report.dead_letters} dead letters, {report.rejected} rejected",
        highlight=False,
    )
    if report.totals:
        out.print("all runs: " + ", ".join(f"{k} {v}" for k, v in sorted(report.totals.items())), highlight=False)


app = typer.Typer(help="Replays.", no_args_is_help=True)
app.command("replay")(replay)

"""`eventwire alert add|list|remove|tail` (mounted by streams/cli.py)."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime

import orjson
import typer
from rich.console import Console
from rich.table import Table

from streams.cli_options import json_option, print_json
from streams.config import Settings

alert_app = typer.Typer(help="Standing queries and their alerts (stored in Kafka, matched by every worker).",
                        no_args_is_help=True)
out = Console()
err = Console(stderr=True)


def _settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings()


def read_queries(settings: Settings, timeout: float = 10.0) -> dict[str, bytes]:
    """name -> record value: the compacted queries topic read from its start to its current end."""
    from kafka import TopicPartition

    from streams.kafka import consumer

    reader = consumer(settings, group_id=None)
    try:
        partitions = [TopicPartition(settings.topic_alert_queries, p)
                      for p in sorted(reader.partitions_for_topic(settings.topic_alert_queries) or ())]
        if not partitions:
            raise typer.BadParameter(f"topic {settings.topic_alert_queries} does not exist: run `eventwire setup`")
        reader.assign(partitions)
        reader.seek_to_beginning(*partitions)
        ends = reader.end_offsets(partitions)
        found: dict[str, bytes] = {}
        deadline = time.monotonic() + timeout
        while any(reader.position(tp) < ends[tp] for tp in partitions) and time.monotonic() < deadline:
            for records in reader.poll(timeout_ms=500).values():
                for record in records:
                    name = (record.key or b"").decode("utf-8", "replace")
                    if record.value is None:
                        found.pop(name, None)
                    else:
                        found[name] = record.value
        return found
    finally:
        reader.close()


def _write(settings: Settings, key: bytes, value: bytes | None) -> None:
    from streams.kafka import producer

    sender = producer(settings)
    try:
        sender.send(settings.topic_alert_queries, key=key, value=value).get(timeout=30)
    finally:
        sender.close()


@alert_app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Name of the standing query (adding it again replaces it)."),
    query: str = typer.Option(..., "--query", "-q", help="Query over event fields, e.g. 'type:ASSAULT AND country:SYR' (README.md#alerts)."),
    to: str = typer.Option(..., "--to", help="'topic' (the alerts topic) or a webhook URL (the topic and a JSON POST)."),
    min_confidence: float = typer.Option(None, "--min-confidence", min=0.0, max=1.0,
                                         help="Only events (incidents) coded with at least this confidence."),
    modality: str = typer.Option(None, "--modality", help="Only events (incidents) with this modality, e.g. asserted."),
    surge: int = typer.Option(None, "--surge", min=1, help="Alert when a matching incident reaches this many sources, instead of on each event."),
    as_json: bool = json_option(),
) -> None:
    """Add (or replace) a standing query."""
    from streams.alerts.query import QueryError
    from streams.alerts.standing import StandingQuery

    settings = _settings(ctx)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        standing = StandingQuery(name, query, to, min_confidence, modality, surge, created).check()
    except QueryError as exc:
        raise typer.BadParameter(str(exc)) from None
    key, value = standing.encode()
    _write(settings, key, value)
    if as_json:
        print_json({"stored": orjson.loads(value)})
        return
    out.print(f"standing query {name!r} stored; workers pick it up within a second")


@alert_app.command("remove")
def remove(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Name of the standing query to remove."),
    as_json: bool = json_option(),
) -> None:
    """Remove a standing query."""
    settings = _settings(ctx)
    if name not in read_queries(settings):
        err.print(f"[red]no standing query named {name!r}[/red]")
        raise typer.Exit(1)
    _write(settings, name.encode("utf-8"), None)
    if as_json:
        print_json({"removed": name})
        return
    out.print(f"standing query {name!r} removed")


@alert_app.command("list")
def list_queries(ctx: typer.Context, as_json: bool = json_option()) -> None:
    """The standing queries every worker matches."""
    from streams.alerts.standing import decode_query

    settings = _settings(ctx)
    rows = []
    for name, value in sorted(read_queries(settings).items()):
        try:
            rows.append(orjson.loads(orjson.dumps(decode_query(value))))
        except Exception as exc:  # noqa: BLE001 - show what is stored, even if it is broken
            rows.append({"name": name, "error": str(exc)})
    if as_json:
        typer.echo(orjson.dumps(rows).decode())
        return
    table = Table("name", "query", "to", "min conf.", "modality", "surge", "created", title=f"{len(rows)} standing queries")
    for row in rows:
        table.add_row(*(str(row.get(k) if row.get(k) is not None else "") for k in
                        ("name", "query", "to", "min_confidence", "modality", "surge", "created")))
    out.print(table)


@alert_app.command("tail")
def tail(
    ctx: typer.Context,
    count: int = typer.Option(20, "-n", "--count", min=1, help="How many of the latest alerts to show first."),
    follow: bool = typer.Option(False, "-f", "--follow", help="Keep printing new alerts."),
    as_json: bool = typer.Option(False, "--json", help="One alert per line as JSON."),
) -> None:
    """The latest alerts from the alerts topic."""
    from kafka import TopicPartition

    from streams.kafka import consumer

    settings = _settings(ctx)
    reader = consumer(settings, group_id=None)
    try:
        partitions = [TopicPartition(settings.topic_alerts, p) for p in sorted(reader.partitions_for_topic(settings.topic_alerts) or ())]
        if not partitions:
            raise typer.BadParameter(f"topic {settings.topic_alerts} does not exist: run `eventwire setup`")
        reader.assign(partitions)
        ends = reader.end_offsets(partitions)
        starts = reader.beginning_offsets(partitions)
        for tp in partitions:
            reader.seek(tp, max(starts[tp], ends[tp] - count))
        backlog = []
        while any(reader.position(tp) < ends[tp] for tp in partitions):
            for records in reader.poll(timeout_ms=500).values():
                backlog.extend(records)
        backlog.sort(key=lambda r: r.timestamp)
        for record in backlog[-count:]:
            _print_alert(record.value, as_json)
        while follow:
            for records in reader.poll(timeout_ms=1000).values():
                for record in records:
                    _print_alert(record.value, as_json)
    except KeyboardInterrupt:
        pass
    finally:
        reader.close()


def _print_alert(value: bytes, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(value.decode("utf-8", "replace") + "\n")
        sys.stdout.flush()
        return
    alert = orjson.loads(value)
    subject = alert.get("event") or alert.get("incident") or {}
    sentence = (subject.get("sentence") or {}).get("text") or ""
    out.print(f"[bold]{alert['matched_at']}[/bold] {alert['query']} ({alert['kind']}): {' · '.join(alert['why'])}", highlight=False)
    out.print(f"    {sentence[:160]}", highlight=False)

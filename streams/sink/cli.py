"""`eventwire index …`, `eventwire search` and `eventwire kibana …` (mounted by streams/cli.py)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import orjson
import typer
from rich.console import Console
from rich.table import Table

from streams.cli_options import JSON_HELP, json_option, print_json
from streams.config import Settings

T = TypeVar("T")

index_app = typer.Typer(help="Index templates, versioned indices and aliases.", no_args_is_help=True)
kibana_app = typer.Typer(help="Kibana saved objects (data views, searches, dashboard).", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


class Agg(str, Enum):
    type = "type"
    dyad = "dyad"
    country = "country"
    day = "day"
    source = "source"


class Lang(str, Enum):
    ar = "ar"
    en = "en"


def _settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings()


def _with_client(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    """Run `work` with a client; failures are explained by the CLI's error boundary."""

    async def run() -> T:
        from streams.sink.clients import async_client

        client = async_client(settings)
        try:
            return await work(client)
        finally:
            await client.close()

    return asyncio.run(run())


@index_app.command("init")
def index_init(
    ctx: typer.Context,
    version: int = typer.Option(None, "--version", "-v", help="Index version to create (default: settings.index_version)."),
    as_json: bool = json_option(),
) -> None:
    """Put the templates, create `events-vN`/`articles-vN` and any missing alias (idempotent)."""
    from streams.sink.admin import init_indices

    settings = _settings(ctx)
    report = _with_client(settings, lambda client: init_indices(client, settings, version))
    if as_json:
        print_json(report)
        return
    out.print(f"analyzers: {report['analysis']}")
    for index, state in report["indices"].items():
        out.print(f"index {index}: {state}")
    for alias, state in report["aliases"].items():
        out.print(f"alias {alias}: {state}")


@index_app.command("status")
def index_status_command(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """Versions, aliases, document counts."""
    from streams.sink.admin import index_status

    settings = _settings(ctx)
    status = _with_client(settings, lambda client: index_status(client, settings))
    if as_json:
        typer.echo(orjson.dumps(status, option=orjson.OPT_INDENT_2).decode())
        return
    cluster = status["cluster"]
    out.print(f"cluster {cluster['name']} (Elasticsearch {cluster['version']})")
    table = Table("index", "version", "aliases", "write", "docs", "health", "refresh", "arabic analyzer", "previous")
    for row in status["indices"]:
        table.add_row(
            row["index"], str(row["version"]), ",".join(row["aliases"]) or "-", "yes" if row["is_write_index"] else "",
            str(row["docs"]), str(row["health"]), str(row["refresh_interval"]), str(row["arabic_analyzer"]),
            row["previous_index"] or "",
        )
    out.print(table)
    for alias, info in status["aliases"].items():
        if not info["indices"]:
            out.print(f"[yellow]alias {alias} does not exist: run `eventwire index init`[/yellow]")


@index_app.command("swap")
def index_swap(
    ctx: typer.Context,
    alias: str = typer.Argument(..., help="events, articles or incidents"),
    new_index: str = typer.Argument(..., help="the index to point it at, e.g. events-v2 (or just 2)"),
    as_json: bool = json_option(),
) -> None:
    """Point ALIAS at NEW_INDEX in one atomic call (the old index is remembered for rollback)."""
    from streams.sink.admin import swap_alias

    settings = _settings(ctx)
    result = _with_client(settings, lambda client: swap_alias(client, settings, alias, new_index))
    if as_json:
        print_json(result)
    elif result["changed"]:
        out.print(f"{result['alias']}: {result['previous']} -> {result['index']}")
    else:
        out.print(f"{result['alias']} already points at {result['index']}")


@index_app.command("rollback")
def index_rollback(
    ctx: typer.Context, alias: str = typer.Argument(..., help="events, articles or incidents"), as_json: bool = json_option()
) -> None:
    """Point ALIAS back at the index the last swap replaced."""
    from streams.sink.admin import rollback

    settings = _settings(ctx)
    result = _with_client(settings, lambda client: rollback(client, settings, alias))
    if as_json:
        print_json(result)
        return
    out.print(f"{result['alias']}: {result['rolled_back_from']} -> {result['index']}")


def _excerpt(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _actors(actors: list[dict[str, Any]] | None) -> str:
    return "+".join(a.get("code") or a.get("name") or "?" for a in actors or []) or "-"


def _modalities(values: list[str] | None) -> list[str]:
    from streams.sink.search import modalities

    chosen = [v.strip().lower() for v in values or []]
    unknown = [v for v in chosen if v not in modalities()]
    if unknown:
        raise typer.BadParameter(f"{', '.join(unknown)}: choose from {', '.join(modalities())}")
    return chosen


MODALITY_HELP = ("Only events the text presents so (repeatable): asserted (no denial, future or hypothesis), negated, "
                 "future, possible, conditional.")
SOURCE_HELP = "Only events from articles of this source (site or agency), exactly as the articles name it."


def search(
    ctx: typer.Context,
    text: str = typer.Argument(None, help="Free text, Arabic or English."),
    actor: str = typer.Option(None, "--actor", help="Actor code (source or target), e.g. RUSGOV."),
    country: str = typer.Option(None, "--country", help="ISO 3166 alpha-3 of an actor or of the location."),
    plover: str = typer.Option(None, "--type", help="PLOVER type, e.g. CONSULT."),
    cameo: str = typer.Option(None, "--cameo", help="CAMEO code: 2 digits for the root, more for a code and its sub-codes."),
    place: str = typer.Option(None, "--place", help="Place name (venue or mentioned), either language."),
    since: str = typer.Option(None, "--since", help="From this date (YYYY-MM-DD, ISO time, or now-7d)."),
    until: str = typer.Option(None, "--until", help="Up to this date (a bare date includes that day)."),
    lang: Lang = typer.Option(None, "--lang", help="Only events from articles in this language."),
    min_confidence: float = typer.Option(None, "--min-confidence", min=0.0, max=1.0, help="Only events coded with at least this confidence."),
    modality: list[str] = typer.Option(None, "--modality", callback=_modalities, help=MODALITY_HELP),
    source: str = typer.Option(None, "--source", help=SOURCE_HELP),
    size: int = typer.Option(
        20, "--size", min=1, help="How many events, newest first (past 10,000 they are read in pages with search_after)."
    ),
    as_json: bool = typer.Option(False, "--json", help="One JSON document with total and hits."),
    as_ndjson: bool = typer.Option(False, "--ndjson", help="One event document per line."),
    agg: Agg = typer.Option(None, "--agg", help="Counts instead of events: type, dyad, country, day or source."),
    incidents: bool = typer.Option(False, "--incidents", help="Incidents (one per thing that happened, most sources first) instead of events."),
) -> None:
    """Search events (or, with --incidents, incidents): a table by default, or JSON/NDJSON; --agg for counts."""
    from streams.sink.search import SearchFilters, run_search

    if as_json and as_ndjson:
        raise typer.BadParameter("choose one of --json and --ndjson")
    settings = _settings(ctx)
    filters = SearchFilters(
        text=text, actor=actor, country=country, plover=plover, cameo=cameo, place=place, since=since,
        until=until, lang=lang.value if lang else None, min_confidence=min_confidence, modality=tuple(modality or ()),
        source=source, size=size, agg=agg.value if agg else None,  # type: ignore[arg-type]
        incidents=incidents,
    )
    if as_ndjson and not filters.agg:
        _with_client(settings, lambda client: _stream_ndjson(client, settings, filters))
        return
    result = _with_client(settings, lambda client: run_search(client, settings, filters))
    if filters.agg:
        if as_json or as_ndjson:
            rows = [{"key": key, "count": count} for key, count in result.buckets]
            if as_json:
                typer.echo(orjson.dumps({"total": result.total, "agg": filters.agg, "buckets": rows}).decode())
            else:
                sys.stdout.write("".join(orjson.dumps(row).decode() + "\n" for row in rows))
            return
        what = "incidents" if incidents else "events"
        table = Table(filters.agg, what, title=f"{result.total} {what}")
        for key, count in result.buckets:
            table.add_row(key, str(count))
        out.print(table)
        return
    if as_json:
        typer.echo(orjson.dumps({"total": result.total, "hits": result.hits}).decode())
        return
    if incidents:
        out.print(_incident_table(result))
        return
    table = Table("date", "type", "source → target", "place", "sentence", "conf.", title=f"{result.total} events")
    for hit in result.hits:
        event = hit.get("event") or {}
        location = hit.get("location") or {}
        arrow = "↔" if hit.get("reciprocal") else "→"
        modality = [m for m in event.get("modality", []) if m != "asserted"]
        kind = f"{event.get('plover', '?')} {event.get('cameo', '')}" + (f" ({','.join(modality)})" if modality else "")
        table.add_row(
            str(hit.get("date") or (hit.get("@timestamp") or "")[:10]),
            kind,
            f"{_actors(hit.get('source_actor'))} {arrow} {_actors(hit.get('target_actor'))}",
            location.get("name") or location.get("role") or "-",
            _excerpt((hit.get("sentence") or {}).get("text", "")),
            f"{hit.get('confidence', 0):.2f}",
        )
    out.print(table)


def _incident_table(result: Any) -> Table:
    table = Table("date", "type", "participants", "sources", "articles", "mentions", "lang", "best evidence",
                  title=f"{result.total} incidents")
    for hit in result.hits:
        event = hit.get("event") or {}
        modality = [m for m in event.get("modality", []) if m != "asserted"]
        kind = f"{event.get('plover', '?')} {event.get('cameo') or ''}" + (f" ({','.join(modality)})" if modality else "")
        table.add_row(
            str(hit.get("day") or (hit.get("@timestamp") or "")[:10]), kind, "+".join(hit.get("participants") or []) or "-",
            str(hit.get("num_sources", 0)), str(hit.get("num_articles", 0)), str(hit.get("num_mentions", 0)),
            ",".join(hit.get("languages") or []), _excerpt((hit.get("sentence") or {}).get("text") or ""),
        )
    return table


class ExportFormat(str, Enum):
    csv = "csv"
    gdelt = "gdelt"
    jsonl = "jsonl"


def export(
    ctx: typer.Context,
    since: str = typer.Option(None, "--since", help="From this time (YYYY-MM-DD, ISO 8601 or now-7d), on @timestamp."),
    until: str = typer.Option(None, "--until", help="Up to this time (a bare date includes that day)."),
    fmt: ExportFormat = typer.Option(ExportFormat.csv, "--format", "-f", help="csv (flat columns), gdelt (the GDELT 2.0 event table) or jsonl (the documents)."),
    query: str = typer.Option(None, "--query", "-q", help="Elasticsearch query_string, e.g. 'event.plover:ASSAULT AND location.country:SYR'."),
    actor: str = typer.Option(None, "--actor", help="Actor code (source or target), e.g. RUSGOV."),
    country: str = typer.Option(None, "--country", help="ISO 3166 alpha-3 of an actor or of the location."),
    plover: str = typer.Option(None, "--type", help="PLOVER type, e.g. CONSULT."),
    modality: list[str] = typer.Option(None, "--modality", callback=_modalities, help=MODALITY_HELP),
    lang: Lang = typer.Option(None, "--lang", help="Only events from articles in this language."),
    source: str = typer.Option(None, "--source", help=SOURCE_HELP),
    output: Path = typer.Option(None, "--output", "-o", help="Write to FILE instead of stdout.", show_default=False),
    header: bool = typer.Option(None, "--header/--no-header", help="A first line of column names (default: csv yes, gdelt no, as GDELT's own files).", show_default=False),
) -> None:
    """Export events oldest first as CSV, GDELT 2.0 event rows or JSON lines, streamed from Elasticsearch (any size)."""
    from streams.cli_options import time_range
    from streams.sink.export import export_events
    from streams.sink.search import SearchFilters

    time_range(since, until, until_inclusive=True)  # the same check as everywhere, before connecting; Elasticsearch reads the values
    settings = _settings(ctx)
    filters = SearchFilters(
        actor=actor, country=country, plover=plover, since=since, until=until, lang=lang.value if lang else None,
        modality=tuple(modality or ()), source=source, query=query,
    )
    sink = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        count = _with_client(settings, lambda client: export_events(client, settings, filters, fmt.value, sink, header=header))
    except BaseException:
        if output:
            sink.close()
            if output.stat().st_size == 0:  # nothing was written: leave no empty file behind
                output.unlink()
        raise
    if output:
        sink.close()
    err.print(f"exported {count} events as {fmt.value} to {output or 'stdout'}", highlight=False)


async def _stream_ndjson(client: Any, settings: Settings, filters: Any) -> None:
    """One event a line as the pages arrive (any --size: nothing is held in memory)."""
    from streams.sink.search import HitPager, build_query

    index = settings.incidents_alias if filters.incidents else settings.events_alias
    pager = HitPager(client, index, build_query(filters), limit=filters.size)
    async for hit in pager:
        sys.stdout.buffer.write(orjson.dumps(hit) + b"\n")
    sys.stdout.buffer.flush()


@kibana_app.command("import")
def kibana_import(
    ctx: typer.Context,
    url: str = typer.Option(None, "--url", help="Kibana base URL (default: settings.kibana_url)."),
    wait: float = typer.Option(
        0.0, "--wait", min=0, help="Seconds to keep trying while Kibana is unreachable or starting (default: one try)."
    ),
    as_json: bool = json_option(),
) -> None:
    """Load the shipped Kibana saved objects (streams/kibana/*.ndjson) through the saved-objects API (overwrite=true)."""
    from streams.sink.kibana import import_saved_objects

    answer = import_saved_objects(_settings(ctx), url=url, wait=wait)
    if as_json:
        print_json(answer)
        return
    out.print(f"imported {answer.get('successCount', 0)} of {answer['objects_sent']} saved objects")

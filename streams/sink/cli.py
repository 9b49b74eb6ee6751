"""`eventwire index …`, `eventwire search` and `eventwire kibana …` (mounted by streams/cli.py)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, TypeVar

import orjson
import typer
from rich.console import Console
from rich.table import Table

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


class Lang(str, Enum):
    ar = "ar"
    en = "en"


def _settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings()


def _with_client(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    async def run() -> T:
        from elasticsearch import AsyncElasticsearch

        client = AsyncElasticsearch(**settings.es_client_kwargs())
        try:
            return await work(client)
        finally:
            await client.close()

    try:
        return asyncio.run(run())
    except Exception as exc:  # noqa: BLE001 - one readable line instead of a traceback
        from streams.sink.admin import AdminError

        if isinstance(exc, AdminError):
            err.print(f"[red]error:[/red] {exc}")
        else:
            err.print(f"[red]Elasticsearch at {settings.es_url}:[/red] {type(exc).__name__}: {exc}")
        raise typer.Exit(1) from None


@index_app.command("init")
def index_init(
    ctx: typer.Context,
    version: int = typer.Option(None, "--version", "-v", help="Index version to create (default: settings.index_version)."),
) -> None:
    """Put the templates, create `events-vN`/`articles-vN` and any missing alias (idempotent)."""
    from streams.sink.admin import init_indices

    settings = _settings(ctx)
    report = _with_client(settings, lambda client: init_indices(client, settings, version))
    out.print(f"analyzers: {report['analysis']}")
    for index, state in report["indices"].items():
        out.print(f"index {index}: {state}")
    for alias, state in report["aliases"].items():
        out.print(f"alias {alias}: {state}")


@index_app.command("status")
def index_status_command(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
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
    alias: str = typer.Argument(..., help="events or articles"),
    new_index: str = typer.Argument(..., help="the index to point it at, e.g. events-v2 (or just 2)"),
) -> None:
    """Point ALIAS at NEW_INDEX in one atomic call (the old index is remembered for rollback)."""
    from streams.sink.admin import swap_alias

    settings = _settings(ctx)
    result = _with_client(settings, lambda client: swap_alias(client, settings, alias, new_index))
    if result["changed"]:
        out.print(f"{result['alias']}: {result['previous']} -> {result['index']}")
    else:
        out.print(f"{result['alias']} already points at {result['index']}")


@index_app.command("rollback")
def index_rollback(ctx: typer.Context, alias: str = typer.Argument(..., help="events or articles")) -> None:
    """Point ALIAS back at the index the last swap replaced."""
    from streams.sink.admin import rollback

    settings = _settings(ctx)
    result = _with_client(settings, lambda client: rollback(client, settings, alias))
    out.print(f"{result['alias']}: {result['rolled_back_from']} -> {result['index']}")


def _excerpt(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _actors(actors: list[dict[str, Any]] | None) -> str:
    return "+".join(a.get("code") or a.get("name") or "?" for a in actors or []) or "-"


def search(
    ctx: typer.Context,
    text: str = typer.Argument(None, help="Free text, Arabic or English."),
    actor: str = typer.Option(None, "--actor", help="Actor code (source or target), e.g. RUSGOV."),
    country: str = typer.Option(None, "--country", help="ISO 3166 alpha-3 of an actor or of the location."),
    plover: str = typer.Option(None, "--type", help="PLOVER type, e.g. CONSULT."),
    cameo: str = typer.Option(None, "--cameo", help="CAMEO code: 2 digits for the root, more for a code and its sub-codes."),
    place: str = typer.Option(None, "--place", help="Place name (venue or mentioned), either language."),
    since: str = typer.Option(None, "--since", help="From this date (YYYY-MM-DD, ISO time, or now-7d)."),
    until: str = typer.Option(None, "--until", help="Up to this date."),
    lang: Lang = typer.Option(None, "--lang"),
    min_confidence: float = typer.Option(None, "--min-confidence", min=0.0, max=1.0),
    size: int = typer.Option(20, "--size", min=1, max=10_000),
    as_json: bool = typer.Option(False, "--json", help="One JSON document with total and hits."),
    as_ndjson: bool = typer.Option(False, "--ndjson", help="One event document per line."),
    agg: Agg = typer.Option(None, "--agg", help="Counts instead of events: type, dyad, country or day."),
) -> None:
    """Search events: a table by default, or JSON/NDJSON; --agg for counts."""
    from streams.sink.search import SearchFilters, run_search

    if as_json and as_ndjson:
        raise typer.BadParameter("choose one of --json and --ndjson")
    settings = _settings(ctx)
    filters = SearchFilters(
        text=text, actor=actor, country=country, plover=plover, cameo=cameo, place=place, since=since,
        until=until, lang=lang.value if lang else None, min_confidence=min_confidence, size=size,
        agg=agg.value if agg else None,  # type: ignore[arg-type]
    )
    result = _with_client(settings, lambda client: run_search(client, settings, filters))
    if filters.agg:
        if as_json or as_ndjson:
            rows = [{"key": key, "count": count} for key, count in result.buckets]
            if as_json:
                typer.echo(orjson.dumps({"total": result.total, "agg": filters.agg, "buckets": rows}).decode())
            else:
                sys.stdout.write("".join(orjson.dumps(row).decode() + "\n" for row in rows))
            return
        table = Table(filters.agg, "events", title=f"{result.total} events")
        for key, count in result.buckets:
            table.add_row(key, str(count))
        out.print(table)
        return
    if as_json:
        typer.echo(orjson.dumps({"total": result.total, "hits": result.hits}).decode())
        return
    if as_ndjson:
        sys.stdout.write("".join(orjson.dumps(hit).decode() + "\n" for hit in result.hits))
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


@kibana_app.command("import")
def kibana_import(
    ctx: typer.Context,
    url: str = typer.Option(None, "--url", help="Kibana base URL (default: settings.kibana_url)."),
) -> None:
    """Load the shipped Kibana saved objects (streams/kibana/*.ndjson) through the saved-objects API (overwrite=true)."""
    from streams.sink.kibana import KibanaImportError, import_saved_objects

    settings = _settings(ctx)
    try:
        answer = import_saved_objects(settings, url=url)
    except KibanaImportError as exc:
        err.print(f"[red]kibana import failed:[/red] {exc}")
        raise typer.Exit(1) from None
    out.print(f"imported {answer.get('successCount', 0)} of {answer['objects_sent']} saved objects")

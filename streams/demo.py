"""`eventwire demo`: the main job on the local stack, from sample articles to searchable events."""

from __future__ import annotations

import time
from importlib.resources import as_file
from pathlib import Path

import typer
from rich.console import Console

from streams.config import Settings
from streams.packaged import packaged

WORKER_NAME = "demo"
console = Console()


def _indexed_article_ids(settings: Settings, ids: list[str]) -> set[str]:
    from streams.sink.clients import sync_client

    client = sync_client(settings)
    try:
        result = client.search(
            index=settings.articles_alias, query={"terms": {"article_id": ids}}, size=len(ids),
            source=["article_id"],
        )
        return {hit["_source"]["article_id"] for hit in result["hits"]["hits"]}
    finally:
        client.close()


def demo(
    ctx: typer.Context,
    samples: Path = typer.Option(None, help="Articles to publish (file or directory); default: the shipped samples.",
                                 show_default=False),
    timeout: float = typer.Option(120.0, help="Seconds to wait for the events to be searchable."),
    stop: bool = typer.Option(False, "--stop", help="Stop the demo worker and exit."),
) -> None:
    """Run a worker, publish the sample articles and wait until their events are searchable."""
    from streams.ingest.publisher import publish
    from streams.ingest.readers import ArticleRecord, iter_articles
    from streams.ops.workers import log_tail, running_workers, start_worker, stop_worker
    from streams.setup import prepare

    settings: Settings = ctx.find_root().obj or Settings()
    mine = [h for h in running_workers(settings) if h.name == WORKER_NAME]
    if stop:
        for handle in mine:
            stop_worker(handle)
        console.print(f"stopped {len(mine)} demo worker(s)")
        return

    prepare(settings)
    handle = mine[0] if mine else start_worker(settings, WORKER_NAME)
    console.print(f"worker [bold]{handle.name}[/] running (pid {handle.pid}, log {handle.log_path})")

    with as_file(packaged("samples")) as shipped:
        items = list(iter_articles([samples or shipped]))
    ids = [item.article["id"] for item in items if isinstance(item, ArticleRecord)]
    started = time.monotonic()
    summary = publish(settings, items, progress=False)
    console.print(f"published {summary.sent} articles ({summary.failed} failed) to '{settings.topic_articles}'")

    done: set[str] = set()
    while time.monotonic() - started < timeout:
        done = _indexed_article_ids(settings, ids)
        if len(done) == len(ids):
            break
        time.sleep(0.25)
    elapsed = time.monotonic() - started
    if len(done) < len(ids):
        console.print(f"[red]only {len(done)}/{len(ids)} articles searchable after {timeout:.0f}s[/]")
        console.print(log_tail(handle))
        raise typer.Exit(1)
    console.print(f"all {len(ids)} articles and their events searchable {elapsed:.1f}s after publishing")
    console.print(
        "The worker and the local stack keep running: try `eventwire search --actor RUSGOV` or "
        "`eventwire search --agg dyad`; stop everything with [bold]make stop[/]."
    )

"""`eventwire stack up | down | status`: the lead mounts `app` under the main CLI.

The main CLI puts the one `Settings` instance in `ctx.obj`; run standalone, we build it here.
"""

from __future__ import annotations

import json
import time
from enum import Enum

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from streams.config import Settings
from streams.stack import COMPONENTS, ComponentStatus, StackFailure, client_environment, down, status, up
from streams.stack.layout import MAX_NODES

app = typer.Typer(
    help="Local Kafka (KRaft) and Elasticsearch for development and CI: one node each, or a small cluster.",
    no_args_is_help=True,
)
console = Console(stderr=True)
if not console.is_terminal:  # CI logs: do not squeeze the status table into 80 columns
    console.width = 120


class Component(str, Enum):
    kafka = "kafka"
    elasticsearch = "elasticsearch"


def _settings(ctx: typer.Context) -> Settings:
    return ctx.obj if isinstance(ctx.obj, Settings) else Settings()


def _chosen(only: Component | None) -> tuple[str, ...]:
    return (only.value,) if only else COMPONENTS


def _megabytes(value: int | None) -> str:
    return f"{value / 2**20:.0f} MiB" if value else "-"


def _table(rows: list[ComponentStatus]) -> Table:
    table = Table(title="eventwire stack")
    for column in ("component", "state", "pid", "version", "address", "health", "RSS"):
        table.add_column(column, no_wrap=True)
    for row in rows:
        if row.external:
            state = "[cyan]running (not ours)"
        elif row.healthy:
            state = "[green]running"
        elif row.running:
            state = "[yellow]unhealthy"
        else:
            state = "[red]stopped"
        table.add_row(
            row.name, state, str(row.pid or "-"), row.version or "-", row.address, row.health, _megabytes(row.rss_bytes)
        )
    return table


@app.command("up")
def up_command(
    ctx: typer.Context,
    only: Component | None = typer.Option(None, "--only", help="Start just this component."),
    timeout: float | None = typer.Option(None, help="Seconds to wait for each component's health."),
    brokers: int | None = typer.Option(
        None, "--brokers", min=1, max=MAX_NODES,
        help="Kafka brokers (KRaft, each also a controller). Default: what this state dir ran last, else 1.",
    ),
    es_nodes: int | None = typer.Option(
        None, "--es-nodes", min=1, max=MAX_NODES,
        help="Elasticsearch nodes (each master-eligible and data). Default: what this state dir ran last, else 1.",
    ),
) -> None:
    """Start the stack (idempotent) and wait until it is healthy."""
    settings = _settings(ctx)
    started = time.monotonic()
    try:
        rows = up(settings, _chosen(only), brokers=brokers, es_nodes=es_nodes, timeout=timeout, console=console)
    except StackFailure as failure:
        for error in failure.errors:
            console.print(f"[bold red]{error.component} failed:[/] {error}")
            if error.log_tail:
                console.print(Panel(error.log_tail, title=f"{error.component} log (tail)", expand=False))
        raise typer.Exit(1) from None
    console.print(_table(rows))
    console.print(f"stack up in {time.monotonic() - started:.1f}s")
    if len(rows) > len(_chosen(only)):
        console.print("clients of this cluster: [bold]eval \"$(eventwire stack env)\"[/] (every node's address, replication)")


@app.command("down")
def down_command(
    ctx: typer.Context,
    only: Component | None = typer.Option(None, "--only", help="Stop just this component."),
) -> None:
    """Stop the processes this stack started (nothing else)."""
    for name, stopped in down(_settings(ctx), _chosen(only)).items():
        console.print(f"{name}: {'stopped' if stopped else 'was not running (no process of ours)'}")


@app.command("status")
def status_command(
    ctx: typer.Context,
    only: Component | None = typer.Option(None, "--only", help="Show just this component."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output on stdout."),
) -> None:
    """Show each component: running, pid, version, port, health. Exit 1 unless all are healthy."""
    rows = status(_settings(ctx), _chosen(only))
    if as_json:
        typer.echo(json.dumps([row.__dict__ for row in rows], indent=2))
    else:
        out = Console()
        if not out.is_terminal:
            out.width = 120
        out.print(_table(rows))
    if not all(row.healthy for row in rows):
        raise typer.Exit(1)


@app.command("env")
def env_command(ctx: typer.Context) -> None:
    """Print `export EVENTWIRE_...` lines for clients of this stack: every node's address and, for a
    cluster, the replication that uses it (`eval "$(eventwire stack env)"`)."""
    import shlex

    for name, value in client_environment(_settings(ctx)).items():
        typer.echo(f"export {name}={shlex.quote(value)}")


if __name__ == "__main__":
    app()

"""Conventions shared by the sub-commands: one time-range vocabulary (`--since`/`--until`, with the
old names kept as hidden aliases) and its check before anything connects."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

import typer

T = TypeVar("T")

SINCE_HELP = "From this time (inclusive): YYYY-MM-DD, ISO 8601, epoch ms, now-7d or '2 days ago'."
UNTIL_HELP = "Up to this time (exclusive); default: now."


def renamed(value: T | None, old_value: T | None, name: str, old_name: str) -> T | None:
    """The value given as `name` or under its old, hidden name `old_name` (not both)."""
    if value is not None and old_value is not None:
        raise typer.BadParameter(f"{old_name} is the old name of {name}: give only {name}", param_hint=old_name)
    return value if value is not None else old_value


def time_range(
    since: str | None, until: str | None, *, until_inclusive: bool = False
) -> tuple[datetime | None, datetime | None]:
    """Both bounds parsed, and `since` before `until` (or the same, where a bare `--until` date includes
    its day): a usage error otherwise, before any connection."""
    from streams.ingest.times import parse_time

    bounds: list[datetime | None] = []
    for name, value in (("--since", since), ("--until", until)):
        try:
            bounds.append(parse_time(value) if value else None)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint=name) from None
    start, end = bounds
    if start is not None and end is not None and (start > end if until_inclusive else start >= end):
        raise typer.BadParameter(
            f"--since ({start.isoformat()}) must be before --until ({end.isoformat()})", param_hint="--since/--until"
        )
    return start, end


JSON_HELP = "Print the report as one JSON document on stdout."


def json_option() -> bool:
    return typer.Option(False, "--json", help=JSON_HELP)


def print_json(report: object) -> None:
    """One JSON document on stdout (dataclasses, paths and times as orjson writes them or as text)."""
    import orjson

    typer.echo(orjson.dumps(report, default=str, option=orjson.OPT_NON_STR_KEYS).decode())

"""A rich progress bar with count, rate and ETA on stderr, or a silent stand-in when switched off."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Items per second (rich's own speed column speaks in bytes)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "-/s", style="progress.data.speed")


class Meter:
    """What the publisher, archiver and replayer report progress through."""

    def __init__(self, progress: Progress | None, task_id: Any | None) -> None:
        self._progress = progress
        self._task_id = task_id

    def advance(self, amount: int = 1) -> None:
        if self._progress is not None and amount:
            self._progress.advance(self._task_id, amount)

    def set_total(self, total: int | None) -> None:
        if self._progress is not None:
            self._progress.update(self._task_id, total=total)

    def note(self, text: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task_id, description=text)


@contextmanager
def meter(description: str, *, total: int | None = None, enabled: bool = True, completed: int = 0) -> Iterator[Meter]:
    if not enabled:
        yield Meter(None, None)
        return
    columns = [
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        task_id = progress.add_task(description, total=total, completed=completed)
        yield Meter(progress, task_id)

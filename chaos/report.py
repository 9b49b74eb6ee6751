"""The suite's table (one row per scenario) and its JSON record in chaos/results/ (git-ignored)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.table import Table

from chaos.harness import REPO, Figures
from chaos.profiles import Profile

RESULTS_DIR = REPO / "chaos" / "results"


def summary_line(f: Figures) -> str:
    state = "[green]ok" if f.passed else ("[yellow]skipped" if f.skipped else "[red]FAILED")
    text = (f"{state}[/] {f.scenario}: sent {f.sent}, indexed {f.indexed}, missing {f.missing}, "
            f"duplicates {f.duplicate_docs}, dead letters {f.dead_letters}, recovery {f.recovery_seconds}s")
    if f.problems:
        text += " — " + "; ".join(f.problems)
    return text


def table(results: list[Figures], title: str) -> Table:
    out = Table(title=title)
    for column in ("scenario", "sent", "indexed", "missing", "duplicate docs", "dead letters",
                   "recovery (s)", "events idx/exp", "max RSS MB", "result"):
        out.add_column(column, justify="left" if column in ("scenario", "result") else "right")
    for f in results:
        result = "ok" if f.passed else (f"skipped: {f.skipped}" if f.skipped else "FAILED: " + "; ".join(f.problems))
        events = "" if f.events_indexed is None else f"{f.events_indexed}/{f.events_expected}"
        out.add_row(
            f.scenario, str(f.sent), str(f.indexed), str(f.missing), str(f.duplicate_docs), str(f.dead_letters),
            "" if f.recovery_seconds is None else f"{f.recovery_seconds:.1f}", events,
            str(f.notes.get("max_worker_rss_mb", "")), result,
            style=None if f.passed else "red",
        )
    return out


def write_json(results: list[Figures], profile: Profile, fuzz: dict[str, Any] | None, started: datetime) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"chaos-{started.strftime('%Y%m%dT%H%M%SZ')}.json"
    payload = {
        "profile": profile.name,
        "started": started.isoformat(timespec="seconds"),
        "passed": all(f.passed or f.skipped for f in results) and (fuzz is None or fuzz["passed"]),
        "scenarios": [f.to_dict() for f in results],
        "fuzz": fuzz,
    }
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return path

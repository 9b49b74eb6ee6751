"""Run a profile's scenarios one after another, print the table, write the JSON, set the exit code.

    python -m chaos --short | --full | --cluster [--only NAME…] [--no-fuzz]

`--cluster` expects the local cluster of `make chaos-cluster` (three brokers, three Elasticsearch
nodes, EVENTWIRE_* pointing at all of them: `eventwire stack env`).
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

from rich.console import Console

from chaos.fuzz import run_fuzz
from chaos.harness import Figures, OfflineReference, ScenarioSkipped, Suite
from chaos.profiles import CLUSTER, FULL, SHORT, Profile
from chaos.report import summary_line, table, write_json
from chaos.scenarios import SCENARIOS
from streams.config import Settings


def run_suite(base: Settings, profile: Profile, *, only: list[str] | None = None,
              console: Console | None = None) -> list[Figures]:
    console = console or Console(stderr=True)
    suite = Suite(base, profile, console)
    results = []
    for name in only or profile.scenarios:
        console.rule(f"[bold]{name}")
        began = time.monotonic()
        suite.reference = OfflineReference()
        try:
            figures = SCENARIOS[name](suite)
        except ScenarioSkipped as reason:
            figures = Figures(name, skipped=str(reason))
        except Exception as error:  # noqa: BLE001 - one broken scenario must not hide the others
            figures = Figures(name, problems=[f"{type(error).__name__}: {error}"])
        figures.seconds = round(time.monotonic() - began, 1)
        console.print(summary_line(figures))
        results.append(figures)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m chaos", description="Fault injection on the local stack, with exact loss and duplicate figures."
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--short", action="store_true", help="the few-minute version (CI)")
    size.add_argument("--full", action="store_true", help="every single-node scenario at full size (default)")
    size.add_argument("--cluster", action="store_true", help="the node-loss scenarios on the local three-node cluster")
    parser.add_argument("--only", nargs="+", choices=sorted(SCENARIOS), help="run just these scenarios")
    parser.add_argument("--no-fuzz", action="store_true", help="skip the decoder fuzz run")
    args = parser.parse_args(argv)
    profile = SHORT if args.short else CLUSTER if args.cluster else FULL
    console = Console(stderr=True)
    started = datetime.now(UTC)
    results = run_suite(Settings(), profile, only=args.only, console=console)
    fuzz = None if args.no_fuzz or not profile.fuzz_examples else run_fuzz(profile.fuzz_examples, console)
    out = Console()
    if not out.is_terminal:
        out = Console(width=200)
    out.print(table(results, f"chaos ({profile.name}) {started:%Y-%m-%d %H:%M} UTC"))
    if fuzz is not None:
        out.print(f"decoder fuzz: {fuzz['total']} inputs tried {fuzz['inputs_tried']}, "
                        f"{'passed' if fuzz['passed'] else 'FAILED'} in {fuzz['seconds']}s")
    path = write_json(results, profile, fuzz, started)
    console.print(f"figures written to {path}")
    skipped = [f for f in results if f.skipped]
    failed = [f for f in results if not f.passed and not f.skipped]
    if skipped:
        console.print(f"[yellow]{len(skipped)} scenario(s) skipped")
    ok = not failed and (fuzz is None or fuzz["passed"])
    return 0 if ok else 1

"""The short fault-injection suite (`make chaos-short`) inside `make test`: exact figures or fail.

SIGKILL and SIGTERM mid-batch, Elasticsearch stopped briefly under load, the same articles
published twice and a partition read again. Stopping Elasticsearch is safe here because pytest
runs tests one at a time and the scenario restarts it and waits for health in a `finally`.
"""

from __future__ import annotations

import pytest
from rich.console import Console

from chaos.profiles import SHORT
from chaos.report import table
from chaos.run import run_suite


@pytest.mark.timeout(900)
def test_short_chaos_suite_loses_and_duplicates_nothing(services):
    console = Console(stderr=True, width=200)
    results = run_suite(services, SHORT, console=console)
    console.print(table(results, "chaos (short, in make test)"))

    assert [f.scenario for f in results][:2] == ["sigkill", "sigterm"]
    ran = [f for f in results if f.skipped is None]
    # Only the outage scenario may be skipped, when the services were not started by our stack.
    assert all(f.scenario.startswith("es-down") for f in results if f.skipped), [f.skipped for f in results]
    for figures in ran:
        assert figures.missing == 0, (figures.scenario, figures.notes)
        assert figures.duplicate_docs == 0, figures.scenario
        assert figures.duplicate_events == 0, figures.scenario
        assert figures.indexed == figures.expected > 0, figures.scenario
        assert figures.sent >= figures.expected, figures.scenario
        assert figures.passed, (figures.scenario, figures.problems)
    kills = next(f for f in results if f.scenario == "sigkill")
    assert kills.notes["faults"] == SHORT.sigkill_kills and kills.notes["published_during_faults"]
    assert kills.dead_letters == 0

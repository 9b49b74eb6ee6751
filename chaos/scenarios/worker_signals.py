"""A worker stopped mid-run and restarted at once: SIGKILL (nothing flushed, the group notices after
the session timeout) and SIGTERM (a graceful stop that must finish its batch and commit)."""

from __future__ import annotations

import random
import signal

from chaos.harness import SESSION_TIMEOUT, Arena, Figures, Suite


def kill_during_run(suite: Suite, label: str, articles: int, faults: int, sig: int) -> Figures:
    """Publish `articles` at the profile rate; signal the worker `faults` times, evenly spread over
    the publishing, each time once the restarted worker is writing again; restart it at once.
    Recovery: from the restart until everything published before the signal is indexed."""
    figures = Figures(label)
    rng = random.Random(articles * 31 + faults)
    with Arena(suite.base, label, console=suite.console) as arena:
        publisher = arena.under_load(articles, suite.profile.rate)
        boxes: list[list[float]] = []
        lag_at_signal: list[int] = []
        stop_seconds: list[float] = []
        hard_kills = 0
        for _ in arena.fault_moments(publisher, articles, faults, rng):
            lag_at_signal.append(arena.lag())
            published_before = publisher.published
            seconds, killed = arena.stop("w1", sig=sig)
            stop_seconds.append(round(seconds, 2))
            hard_kills += killed
            arena.start("w1")
            boxes.append(arena.watch.recovery(published_before))
        figures.notes["published_during_faults"] = not publisher.done
        suite.finish(arena, figures, publisher, range(articles), warm_up=1)
        figures.record_recoveries(arena.recoveries(boxes, 10))
        figures.notes.update({
            "signal": signal.Signals(sig).name,
            "faults": faults,
            "lag_at_signal": lag_at_signal,
            "session_timeout_s": SESSION_TIMEOUT,
        })
        if not figures.notes["published_during_faults"]:
            figures.problems.append("the publisher finished before the last fault: not a fault under load")
        if sig == signal.SIGTERM:
            figures.notes["graceful_stop_s"] = stop_seconds
            if hard_kills:
                figures.problems.append(f"{hard_kills} graceful stop(s) had to be finished with SIGKILL")
    return figures


def scenario_sigkill(suite: Suite) -> Figures:
    return kill_during_run(suite, "sigkill", suite.profile.sigkill_articles, suite.profile.sigkill_kills, signal.SIGKILL)


def scenario_sigterm(suite: Suite) -> Figures:
    return kill_during_run(suite, "sigterm", suite.profile.sigterm_articles, suite.profile.sigterm_stops, signal.SIGTERM)

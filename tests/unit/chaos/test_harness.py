"""The harness pieces every scenario leans on: polling through a cluster in flux, the recovery figure
of several faults, and the dead letters a fault forbids."""

from __future__ import annotations

from chaos.harness import Figures, seconds_until


def test_seconds_until_asks_again_through_exceptions_and_gives_up_with_none():
    answers = iter([ConnectionError("electing"), False, True])

    def check() -> bool:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert seconds_until(check, timeout=5, interval=0.01) is not None
    assert seconds_until(lambda: False, timeout=0.05, interval=0.01) is None


def test_the_recovery_of_several_faults_is_the_slowest_that_finished():
    figures = Figures("x")
    figures.record_recoveries([1.5, None, 4.0])
    assert figures.recovery_seconds == 4.0 and figures.notes["recoveries_s"] == [1.5, None, 4.0]
    figures.record_recoveries([None])
    assert figures.recovery_seconds is None


def test_dead_letters_fail_a_fault_that_should_make_none():
    figures = Figures("x")
    figures.forbid_dead_letters("a lost worker")
    assert figures.passed
    figures.dead_letters = 2
    figures.forbid_dead_letters("a lost worker")
    assert figures.problems == ["2 dead letters for a lost worker"] and not figures.passed

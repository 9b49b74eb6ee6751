import asyncio
import random

import pytest

from streams.retry import Backoff, retry_async, retry_sync
from tests.unit.clock import FakeClock


class Flaky:
    def __init__(self, failures: int, exc: type[Exception] = ConnectionError):
        self.failures = failures
        self.calls = 0
        self.exc = exc

    def __call__(self):
        self.calls += 1
        if self.calls <= self.failures:
            raise self.exc(f"failure {self.calls}")
        return "ok"


def test_retries_transient_errors_until_success_with_growing_capped_delays():
    sleeps: list[float] = []
    call = Flaky(5)
    backoff = Backoff(base=1.0, cap=4.0, jitter=False)
    assert retry_sync(call, is_transient=lambda e: True, backoff=backoff, sleep=sleeps.append) == "ok"
    assert call.calls == 6
    assert sleeps == [1.0, 2.0, 4.0, 4.0, 4.0]


def test_permanent_error_is_raised_at_once():
    sleeps: list[float] = []
    call = Flaky(1, ValueError)
    with pytest.raises(ValueError):
        retry_sync(call, is_transient=lambda e: isinstance(e, ConnectionError), sleep=sleeps.append)
    assert call.calls == 1 and sleeps == []


def test_max_attempts_gives_up_with_the_last_error():
    call = Flaky(10)
    with pytest.raises(ConnectionError, match="failure 3"):
        retry_sync(call, is_transient=lambda e: True, backoff=Backoff(max_attempts=3), sleep=lambda s: None)
    assert call.calls == 3


def test_jitter_stays_within_half_to_full_ceiling():
    rng = random.Random(7)
    backoff = Backoff(base=0.5, cap=8.0)
    for attempt in range(1, 12):
        ceiling = min(8.0, 0.5 * 2 ** (attempt - 1))
        for _ in range(50):
            assert ceiling / 2 <= backoff.delay(attempt, rng) <= ceiling


def test_async_retry_uses_the_injected_sleep():
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    state = Flaky(2)

    async def call():
        return state()

    result = asyncio.run(
        retry_async(call, is_transient=lambda e: True, backoff=Backoff(base=0.1, jitter=False), sleep=fake_sleep)
    )
    assert result == "ok" and sleeps == [0.1, 0.2]


def test_max_seconds_stops_retrying_at_the_deadline_with_one_attempt_there():
    clock, call = FakeClock(), Flaky(100)
    with pytest.raises(ConnectionError):
        retry_sync(call, is_transient=lambda e: True, backoff=Backoff(base=1.0, cap=4.0, jitter=False, max_seconds=10),
                   sleep=clock.sleep, clock=clock)
    assert clock.sleeps == [1.0, 2.0, 4.0, 3.0]  # the last pause is cut to land on the deadline
    assert call.calls == 5 and clock.now == 110.0


def test_max_seconds_zero_is_a_single_attempt():
    clock, call = FakeClock(), Flaky(1)
    with pytest.raises(ConnectionError):
        retry_sync(call, is_transient=lambda e: True, backoff=Backoff(max_seconds=0), sleep=clock.sleep, clock=clock)
    assert call.calls == 1 and clock.sleeps == []


def test_async_retry_honours_max_seconds():
    clock, state = FakeClock(), Flaky(100)

    async def fake_sleep(seconds: float) -> None:
        clock.sleep(seconds)

    async def call():
        return state()

    with pytest.raises(ConnectionError):
        asyncio.run(retry_async(call, is_transient=lambda e: True, backoff=Backoff(base=2.0, jitter=False, max_seconds=3),
                                sleep=fake_sleep, clock=clock))
    assert clock.sleeps == [2.0, 1.0]

"""The one retry helper: capped exponential backoff with full jitter and an injectable sleep.

Nothing else in the package loops on failure; callers say which errors are transient.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Backoff:
    base: float = 0.2
    cap: float = 30.0
    max_attempts: int | None = None  # None: retry transient errors until they stop happening
    jitter: bool = True
    # Give up once this many seconds have passed since the first attempt (the last pause is cut short
    # so that one attempt falls at the deadline); None: no time limit. 0: a single attempt.
    max_seconds: float | None = None

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Delay before retry number `attempt` (1-based): full jitter over min(cap, base * 2**(attempt-1))."""
        ceiling = min(self.cap, self.base * (2 ** max(0, attempt - 1)))
        if not self.jitter:
            return ceiling
        return (rng or random).uniform(ceiling / 2, ceiling)

    def gives_up(self, attempt: int) -> bool:
        return self.max_attempts is not None and attempt >= self.max_attempts

    def pause_before_next(self, attempt: int, elapsed: float) -> float | None:
        """The pause before the next attempt, or None when the attempts or the time are used up."""
        if self.gives_up(attempt):
            return None
        pause = self.delay(attempt)
        if self.max_seconds is not None:
            left = self.max_seconds - elapsed
            if left <= 0:
                return None
            pause = min(pause, left)
        return pause


def retry_sync(
    call: Callable[[], T],
    *,
    is_transient: Callable[[BaseException], bool],
    backoff: Backoff = Backoff(),
    sleep: Callable[[float], object] = time.sleep,
    on_retry: Callable[[int, BaseException, float], object] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    attempt = 0
    started = clock()
    while True:
        attempt += 1
        try:
            return call()
        except Exception as exc:  # noqa: BLE001 - classified right below
            pause = backoff.pause_before_next(attempt, clock() - started) if is_transient(exc) else None
            if pause is None:
                raise
            if on_retry:
                on_retry(attempt, exc, pause)
            sleep(pause)


async def retry_async(
    call: Callable[[], Awaitable[T]],
    *,
    is_transient: Callable[[BaseException], bool],
    backoff: Backoff = Backoff(),
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    on_retry: Callable[[int, BaseException, float], object] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    attempt = 0
    started = clock()
    while True:
        attempt += 1
        try:
            return await call()
        except Exception as exc:  # noqa: BLE001 - classified right below
            pause = backoff.pause_before_next(attempt, clock() - started) if is_transient(exc) else None
            if pause is None:
                raise
            if on_retry:
                on_retry(attempt, exc, pause)
            await sleep(pause)

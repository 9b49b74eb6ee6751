"""Pacing for `--rate N/s` (publish, replay into a topic). Clock and sleep are injectable for tests."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:/\s*(s|sec|second|m|min|minute|h|hour))?\s*$", re.IGNORECASE)
_PER = {"s": 1.0, "sec": 1.0, "second": 1.0, "m": 60.0, "min": 60.0, "minute": 60.0, "h": 3600.0, "hour": 3600.0}


def parse_rate(text: str | float | None) -> float | None:
    """"200", "200/s", "6000/min" -> messages per second; None or 0 -> unlimited."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        match = _RATE.match(text)
        if not match:
            raise ValueError(f"rate must look like 200, 200/s or 6000/min, not {text!r}")
        value = float(match.group(1)) / _PER[(match.group(2) or "s").lower()]
    if value < 0:
        raise ValueError("rate must not be negative")
    return value or None


class RateLimiter:
    """Spaces calls to `acquire()` 1/rate seconds apart on average.

    A schedule of due times, not a sleep per call: time spent by the caller between calls counts,
    and after a pause at most `burst` messages go out back to back before pacing resumes.
    """

    def __init__(
        self,
        rate: float,
        *,
        burst: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self.burst = max(1, burst)
        self._clock = clock
        self._sleep = sleep
        self._due: float | None = None

    def acquire(self, count: int = 1) -> float:
        """Wait until `count` more messages may go; returns the seconds slept."""
        now = self._clock()
        earliest = now - (self.burst - 1) * self.interval  # idle time earns at most `burst` credits
        if self._due is None or self._due < earliest:
            self._due = earliest
        wait = self._due - now
        self._due += count * self.interval
        if wait > 0:
            self._sleep(wait)
            return wait
        return 0.0


def maybe_limiter(rate: float | None, **kwargs) -> RateLimiter | None:
    return RateLimiter(rate, **kwargs) if rate else None

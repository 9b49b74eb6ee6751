"""Rate limiting with an injected clock, and the time forms the CLI accepts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from streams.ingest.rate import RateLimiter, parse_rate
from streams.ingest.times import epoch_ms, parse_time, published_epoch_ms
from streams.published import parse_published
from tests.unit.clock import FakeClock


def test_limiter_spaces_messages_at_the_rate():
    clock = FakeClock()
    limiter = RateLimiter(50, clock=clock, sleep=clock.sleep)
    for _ in range(101):
        limiter.acquire()
    assert clock.now - 100.0 == pytest.approx(100 / 50)  # 101 messages: 100 intervals of 20 ms


def test_limiter_counts_the_callers_own_time():
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    limiter.acquire()
    clock.now += 0.06  # the caller worked 60 ms of the 100 ms interval
    limiter.acquire()
    assert clock.sleeps == [pytest.approx(0.04)]


def test_limiter_after_idle_allows_only_the_burst():
    clock = FakeClock()
    limiter = RateLimiter(10, burst=3, clock=clock, sleep=clock.sleep)
    limiter.acquire()
    clock.now += 60  # a long pause must not earn 600 free messages
    for _ in range(3):
        limiter.acquire()
    assert clock.sleeps == []
    limiter.acquire()
    assert clock.sleeps == [pytest.approx(0.1)]


def test_limiter_rejects_a_zero_rate():
    with pytest.raises(ValueError):
        RateLimiter(0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("200", 200.0), ("200/s", 200.0), ("6000/min", 100.0), ("7200/h", 2.0), ("0.5", 0.5), ("0", None), (None, None)],
)
def test_parse_rate(text, expected):
    assert parse_rate(text) == expected


@pytest.mark.parametrize("text", ["fast", "-3", "10/day", ""])
def test_parse_rate_refuses_nonsense(text):
    with pytest.raises(ValueError):
        parse_rate(text)


def test_parse_time_forms():
    assert parse_time("2024-03-11T09:30:00+02:00") == datetime(2024, 3, 11, 7, 30, tzinfo=UTC)
    assert parse_time("2024-03-11") == datetime(2024, 3, 11, tzinfo=UTC)
    assert parse_time("2024-03-11T09:30:00").tzinfo is not None  # naive means UTC
    assert parse_time("1710142200000") == datetime(2024, 3, 11, 7, 30, tzinfo=UTC)
    now = datetime(2024, 3, 11, 12, 0, tzinfo=UTC)
    assert abs(parse_time("2 hours ago", now=now) - (now - timedelta(hours=2))) < timedelta(seconds=1)
    with pytest.raises(ValueError):
        parse_time("not a time at all xyz")


def test_published_keeps_its_offset_and_gives_kafka_milliseconds():
    when = parse_published("Tue, 25 Jun 2024 14:05:00 +0300")
    moment = when.moment
    assert when.offset == "+03:00"
    assert moment == datetime(2024, 6, 25, 11, 5, tzinfo=UTC)
    assert published_epoch_ms({"published": "2024-06-25T14:05:00+03:00"}) == epoch_ms(moment)
    assert published_epoch_ms({"published": None}) is None
    assert published_epoch_ms({}) is None
    assert published_epoch_ms({"published": 1719313500}) == epoch_ms(moment)  # epoch seconds
    assert published_epoch_ms({"published": "2024-06-25"}) == epoch_ms(datetime(2024, 6, 25, tzinfo=UTC))
    assert epoch_ms(datetime(1970, 1, 1, 0, 0, 1, tzinfo=timezone.utc)) == 1000


def test_date_math_as_search_takes_it():
    from datetime import UTC, datetime, timedelta

    from streams.ingest.times import parse_time

    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert parse_time("now", now=now) == now
    assert parse_time("now-7d", now=now) == now - timedelta(days=7)
    assert parse_time("now-12h", now=now) == now - timedelta(hours=12)
    assert parse_time("now+30m", now=now) == now + timedelta(minutes=30)

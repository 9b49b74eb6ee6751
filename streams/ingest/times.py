"""Time values as people write them, turned into aware datetimes and Kafka epoch milliseconds."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from streams.published import InvalidPublished, parse_published

_EPOCH_MS = re.compile(r"^\d{12,14}$")
# Elasticsearch's date math as `search` passes it on (now, now-7d, now+2h), so that every command
# takes the same --since/--until forms.
_DATE_MATH = re.compile(r"^now(?:([+-])(\d+)([smhdw]))?$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_time(text: str, *, now: datetime | None = None) -> datetime:
    """The article time forms (streams.published: ISO 8601, a date alone meaning its midnight UTC,
    RFC 2822), epoch milliseconds (12-14 digits), date math (now, now-7d, now-12h), or a phrase
    such as "2 hours ago" (dateparser, relative to `now`). Naive values are taken as UTC.

    Raises ValueError when nothing understands the text.
    """
    value = text.strip()
    if not value:
        raise ValueError("empty time")
    if _EPOCH_MS.match(value):
        return datetime.fromtimestamp(int(value) / 1000, tz=UTC)
    math = _DATE_MATH.match(value)
    if math:
        base = (now or datetime.now(UTC)).astimezone(UTC)
        if not math[1]:
            return base
        delta = timedelta(**{_UNITS[math[3]]: int(math[2])})
        return base - delta if math[1] == "-" else base + delta
    try:
        parsed = parse_published(value)
    except InvalidPublished:
        parsed = None
    if parsed is not None:
        return parsed.moment
    import dateparser

    settings = {"RETURN_AS_TIMEZONE_AWARE": True, "TIMEZONE": "UTC", "TO_TIMEZONE": "UTC"}
    if now is not None:
        settings["RELATIVE_BASE"] = now.astimezone(UTC).replace(tzinfo=None)
    guessed = dateparser.parse(value, settings=settings)
    if guessed is None:
        raise ValueError(f"not a time: {text!r}")
    return guessed if guessed.tzinfo else guessed.replace(tzinfo=UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 with its offset kept (the article schema's `published` form)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.isoformat()


def epoch_ms(moment: datetime) -> int:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return int(aware.timestamp() * 1000)


def published_epoch_ms(article: dict) -> int | None:
    """Kafka timestamp for `--timestamp published`: the article's published time (the one parser of
    streams.published), if it has a valid one."""
    try:
        parsed = parse_published(article.get("published"))
    except InvalidPublished:
        return None
    return epoch_ms(parsed.moment) if parsed else None

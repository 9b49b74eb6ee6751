"""Time values as people write them, turned into aware datetimes and Kafka epoch milliseconds."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime

_EPOCH_MS = re.compile(r"^\d{12,14}$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_time(text: str, *, now: datetime | None = None) -> datetime:
    """ISO 8601 (a date alone means its midnight UTC), RFC 822, epoch milliseconds, or a phrase
    such as "2 hours ago" (dateparser, relative to `now`). Naive values are taken as UTC.

    Raises ValueError when nothing understands the text.
    """
    value = text.strip()
    if not value:
        raise ValueError("empty time")
    if _EPOCH_MS.match(value):
        return datetime.fromtimestamp(int(value) / 1000, tz=UTC)
    parsed = parse_published(value)
    if parsed is not None:
        return parsed
    import dateparser

    settings = {"RETURN_AS_TIMEZONE_AWARE": True, "TIMEZONE": "UTC", "TO_TIMEZONE": "UTC"}
    if now is not None:
        settings["RELATIVE_BASE"] = now.astimezone(UTC).replace(tzinfo=None)
    guessed = dateparser.parse(value, settings=settings)
    if guessed is None:
        raise ValueError(f"not a time: {text!r}")
    return guessed if guessed.tzinfo else guessed.replace(tzinfo=UTC)


def parse_published(value: str) -> datetime | None:
    """A publication time in the strict forms feeds and pages use (ISO 8601, RFC 822), else None."""
    text = value.strip()
    if not text:
        return None
    if _DATE_ONLY.match(text):
        try:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 with its offset kept (the article schema's `published` form)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.isoformat()


def epoch_ms(moment: datetime) -> int:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return int(aware.timestamp() * 1000)


def published_epoch_ms(article: dict) -> int | None:
    """Kafka timestamp for `--timestamp published`: the article's published time, if it has one."""
    value = article.get("published")
    if not isinstance(value, str):
        return None
    parsed = parse_published(value)
    return epoch_ms(parsed) if parsed else None

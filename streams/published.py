"""An article's publication time, in every form real feeds send it, read by ONE parser.

The worker's decoder (`streams.app.handlers.decode_article`), `eventwire extract` and
`eventwire publish` (which validate through that decoder) and the feed and page readers all call
`parse_published`, so an article is accepted, normalized and dated the same way everywhere.

Accepted (`ACCEPTED_FORMS`): a day (`2024-09-04`), a time without offset (`2024-09-04 10:00`,
`2024-09-04T10:00:00`: taken as UTC and flagged), ISO 8601 with an offset or `Z`, RFC 2822 as
RSS carries it (`Wed, 04 Sep 2024 10:00:00 GMT`; the zone `-0000` means "unknown", so flagged too),
and epoch seconds as a number or a numeric string. The result is UTC ISO 8601 (`...Z`) with its
precision (`day`, `minute`, `second`), the offset the source wrote (its local day is what words
such as "today" in the text refer to) and what was assumed (`utc`, or `ingest-time` when an article
has no published time and the time it entered the pipeline stands in). Anything else is rejected
with a message that names the accepted forms.
"""

from __future__ import annotations

import email.utils
import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

ACCEPTED_FORMS = (
    "2024-09-04",
    "2024-09-04 10:00 (taken as UTC)",
    "2024-09-04T10:00:00+03:00 or ...Z",
    "Wed, 04 Sep 2024 10:00:00 GMT (RFC 2822)",
    "1725444000 (epoch seconds)",
)
PRECISIONS = ("day", "minute", "second")
ASSUMPTIONS = ("utc", "ingest-time")

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# ISO 8601 date and time, extended format; the seconds decide the precision.
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?", re.I)
_EPOCH = re.compile(r"\d{1,11}(?:\.\d+)?")
_RFC2822_SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}")
# Epoch seconds beyond this are no publication time (most likely milliseconds).
_LAST_EPOCH_SECOND = datetime(2200, 1, 1, tzinfo=UTC).timestamp()


class InvalidPublished(ValueError):
    """A `published` value that cannot be a date; the message names the accepted forms."""


@dataclass(frozen=True, slots=True)
class PublishedTime:
    moment: datetime  # aware, in UTC
    precision: str  # one of PRECISIONS
    offset: str | None  # the source's UTC offset ("+03:00"); None when it gave no zone
    assumed: str | None = None  # one of ASSUMPTIONS, or None when nothing was assumed

    @property
    def utc(self) -> str:
        return self.moment.isoformat().replace("+00:00", "Z")

    @property
    def local_day(self) -> date:
        """The calendar day in the source's own zone (the day its "today" means)."""
        if self.offset is None:
            return self.moment.date()
        sign = -1 if self.offset.startswith("-") else 1
        hours, minutes = int(self.offset[1:3]), int(self.offset[4:6])
        return (self.moment + sign * timedelta(hours=hours, minutes=minutes)).date()

    FIELDS = ("published", "published_precision", "published_offset", "published_assumed")

    def fields(self) -> dict[str, Any]:
        """The article fields this time fills (schemas/article.schema.json)."""
        return {
            "published": self.utc,
            "published_precision": self.precision,
            "published_offset": self.offset,
            "published_assumed": self.assumed,
        }


def _rejected(value: Any, why: str) -> InvalidPublished:
    shown = repr(value)[:64]
    return InvalidPublished(f"published {shown} {why}; accepted: {'; '.join(ACCEPTED_FORMS)}; or leave it out")


def _offset_text(moment: datetime) -> str:
    delta = moment.utcoffset() or timedelta(0)
    total = int(delta.total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    return f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


def _aware(moment: datetime, precision: str) -> PublishedTime:
    if moment.tzinfo is None:
        return PublishedTime(moment.replace(tzinfo=UTC), precision, None, "utc")
    return PublishedTime(moment.astimezone(UTC), precision, _offset_text(moment))


def _from_epoch(seconds: float, value: Any) -> PublishedTime:
    if not math.isfinite(seconds) or not 0 <= seconds < _LAST_EPOCH_SECOND:
        raise _rejected(value, "is out of range for epoch seconds (milliseconds? divide by 1000)")
    return PublishedTime(datetime.fromtimestamp(seconds, tz=UTC), "second", None)


def parse_published(value: Any) -> PublishedTime | None:
    """The publication time in UTC with its precision; None when there is none (absent, null,
    blank). Raises InvalidPublished when the value cannot be a date."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _rejected(value, "is not a date")
    if isinstance(value, (int, float)):
        return _from_epoch(float(value), value)
    if not isinstance(value, str):
        raise _rejected(value, f"is a {type(value).__name__}, not a date")
    text = value.strip()
    if not text:
        return None
    if _EPOCH.fullmatch(text):
        return _from_epoch(float(text), value)
    if _DAY.fullmatch(text):
        try:
            day = date.fromisoformat(text)
        except ValueError as exc:
            raise _rejected(value, f"is not a valid day ({exc})") from None
        return PublishedTime(datetime(day.year, day.month, day.day, tzinfo=UTC), "day", None)
    iso = _ISO_TIME.fullmatch(text)
    if iso:
        try:
            moment = datetime.fromisoformat(text.replace(",", "."))
        except ValueError as exc:
            raise _rejected(value, f"is not a valid ISO 8601 time ({exc})") from None
        return _aware(moment, "second" if iso.group(1) else "minute")
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        raise _rejected(value, "is not a date") from None
    precision = "second" if _RFC2822_SECONDS.search(text) else "minute"
    return _aware(moment, precision)


def published_or_ingested(value: Any, *, ingested: datetime) -> PublishedTime:
    """`parse_published`, with the ingest time (flagged) for an article that has none."""
    parsed = parse_published(value)
    if parsed is not None:
        return parsed
    moment = ingested if ingested.tzinfo else ingested.replace(tzinfo=UTC)
    return PublishedTime(moment.astimezone(UTC), "second", None, "ingest-time")



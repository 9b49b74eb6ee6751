"""One parser for an article's `published` time, as real feeds send it (streams/published.py), and
its use by the worker's decoder, which `extract` and `publish` validate through as well."""

from __future__ import annotations

from datetime import UTC, date, datetime

import orjson
import pytest

from streams.app.handlers import Position, decode_article, extract_records
from streams.errors import InvalidMessage
from streams.published import ACCEPTED_FORMS, InvalidPublished, parse_published, published_or_ingested
from tests.topic_records import article_doc_of

INGESTED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def pipeline():
    from streams.extract import load_pipeline

    return load_pipeline()


@pytest.mark.parametrize(
    ("given", "utc", "precision", "offset", "assumed"),
    [
        ("2024-09-04", "2024-09-04T00:00:00Z", "day", None, None),
        ("2024-09-04 10:00", "2024-09-04T10:00:00Z", "minute", None, "utc"),
        ("2024-09-04T10:00:30", "2024-09-04T10:00:30Z", "second", None, "utc"),
        ("Wed, 04 Sep 2024 10:00:00 GMT", "2024-09-04T10:00:00Z", "second", "+00:00", None),
        ("Wed, 04 Sep 2024 13:00:00 +0300", "2024-09-04T10:00:00Z", "second", "+03:00", None),
        ("4 Sep 2024 10:00 -0000", "2024-09-04T10:00:00Z", "minute", None, "utc"),  # RFC 2822: zone unknown
        (1725444000, "2024-09-04T10:00:00Z", "second", None, None),
        (1725444000.5, "2024-09-04T10:00:00.500000Z", "second", None, None),
        ("1725444000", "2024-09-04T10:00:00Z", "second", None, None),
        ("2024-09-04T13:00:00+03:00", "2024-09-04T10:00:00Z", "second", "+03:00", None),
        ("2024-09-04T10:00:00Z", "2024-09-04T10:00:00Z", "second", "+00:00", None),
        ("2024-09-04T08:00-02:00", "2024-09-04T10:00:00Z", "minute", "-02:00", None),
        ("  2024-09-04T10:00:00.250+00:00 ", "2024-09-04T10:00:00.250000Z", "second", "+00:00", None),
    ],
)
def test_every_form_feeds_send_becomes_utc_iso_with_its_precision(given, utc, precision, offset, assumed):
    when = parse_published(given)
    assert (when.utc, when.precision, when.offset, when.assumed) == (utc, precision, offset, assumed)
    assert when.moment.tzinfo is UTC


@pytest.mark.parametrize("missing", [None, "", "   "])
def test_missing_is_none_and_becomes_the_ingest_time_flagged(missing):
    assert parse_published(missing) is None
    when = published_or_ingested(missing, ingested=INGESTED)
    assert (when.utc, when.precision, when.assumed) == ("2026-01-02T03:04:05Z", "second", "ingest-time")


@pytest.mark.parametrize(
    "garbage",
    ["yesterday", "soon", "2024-13-45", "Wed, 45 Foo 2024", "12:00", "2024-09-04T25:00", True, [], {"y": 2024},
     "1e9", "-5", 10**12, float("nan")],
)
def test_what_cannot_be_a_date_is_rejected_naming_the_accepted_forms(garbage):
    with pytest.raises(InvalidPublished) as raised:
        parse_published(garbage)
    message = str(raised.value)
    assert "accepted" in message and all(form in message for form in ACCEPTED_FORMS)


def test_the_local_day_is_the_day_the_source_wrote():
    # 01:00 in Baghdad is the previous day in UTC: "today" in the text means the 5th.
    when = parse_published("2024-09-05T01:00:00+03:00")
    assert when.utc == "2024-09-04T22:00:00Z" and when.local_day == date(2024, 9, 5)


def _message(**fields) -> bytes:
    return orjson.dumps({"id": "a1", "text": "The president met the minister.", **fields})


@pytest.mark.parametrize("given", ["2024-09-04", "2024-09-04 10:00", "Wed, 04 Sep 2024 10:00:00 GMT", 1725444000])
def test_the_worker_accepts_each_form_and_normalizes_it(given):
    article = decode_article(_message(published=given), max_bytes=10**6)
    assert article.published.startswith("2024-09-04T") and article.published.endswith("Z")
    assert article.published_precision in {"day", "minute", "second"}


def test_the_worker_dead_letters_garbage_with_the_accepted_forms():
    with pytest.raises(InvalidMessage) as raised:
        decode_article(_message(published="next tuesday-ish"), max_bytes=10**6)
    assert raised.value.stage == "validate" and "RFC 2822" in raised.value.reason


def test_a_message_without_published_is_stamped_with_its_kafka_time_flagged(pipeline):
    position = Position("articles", 0, 7, timestamp_ms=int(INGESTED.timestamp() * 1000))
    outcome = extract_records(
        _message(), b"a1", position, pipeline=pipeline, created="2026-05-05T00:00:00Z",
        max_bytes=10**6, max_chars=10**5, coder_version="t",
    )
    article_doc = article_doc_of(outcome)
    assert article_doc["published"] == "2026-01-02T03:04:05Z"
    assert article_doc["published_assumed"] == "ingest-time"
    assert article_doc["@timestamp"] == "2026-01-02T03:04:05Z"


def test_without_a_kafka_time_the_extraction_time_stands_in(pipeline):
    outcome = extract_records(
        _message(), None, Position("articles", None, None), pipeline=pipeline, created="2026-05-05T00:00:00Z",
        max_bytes=10**6, max_chars=10**5, coder_version="t",
    )
    article_doc = article_doc_of(outcome)
    assert (article_doc["published"], article_doc["published_assumed"]) == ("2026-05-05T00:00:00Z", "ingest-time")

import orjson
import pytest

from streams.app.handlers import Position, decode_article, extract_records
from streams.errors import InvalidMessage
from streams.sink.documents import decode_index_records
from tests.topic_records import article_doc_of

POS = Position("articles", 1, 17)


def test_valid_article_decodes(seed_article_bytes):
    article = decode_article(seed_article_bytes, max_bytes=10**6)
    assert article.id == "seed-putin-erdogan-call" and article.lang == "ar"


@pytest.mark.parametrize(
    "raw, stage, fragment",
    [
        (b"", "decode", "empty"),
        (b"{not json", "decode", "JSON"),
        (b"\xff\xfe\x00", "decode", "JSON"),
        (b"[1, 2]", "validate", "JSON object"),
        (b'{"text": "no id"}', "validate", "id"),
        (b'{"id": "x"}', "validate", "text"),
        (b'{"id": 5, "text": "x"}', "validate", "id"),
        (b'{"id": "x", "text": "t", "published": "yesterday"}', "validate", "published"),
        (b'{"id": "x", "text": "t", "published": "2024-01-01T10:00:00+25:00"}', "validate", "published"),
    ],
)
def test_bad_messages_say_why(raw, stage, fragment):
    with pytest.raises(InvalidMessage) as info:
        decode_article(raw, max_bytes=10**6)
    assert info.value.stage == stage and fragment in info.value.reason


def test_oversized_message_is_refused_before_parsing():
    with pytest.raises(InvalidMessage, match="exceeds"):
        decode_article(b'{"id": "x", "text": "' + b"a" * 5000 + b'"}', max_bytes=1024)


class ExplodingPipeline:
    def run(self, article, **_):
        raise RuntimeError("boom in stage X")


def test_pipeline_failure_becomes_a_dead_letter_with_position_and_original_bytes(seed_article_bytes):
    outcome = extract_records(
        seed_article_bytes, b"key", POS, pipeline=ExplodingPipeline(), created="2026-01-01T00:00:00+00:00",
        max_bytes=10**6, max_chars=10**5, coder_version="test",
    )
    letter = outcome.dead_letter
    assert outcome.records == [] and letter is not None
    assert letter.stage == "extract" and "boom in stage X" in letter.reason
    assert (letter.topic, letter.partition, letter.offset) == ("articles", 1, 17)
    assert letter.original == seed_article_bytes and letter.key == b"key"


def test_invalid_message_becomes_a_validate_dead_letter():
    outcome = extract_records(
        b'{"id": "x"}', None, POS, pipeline=ExplodingPipeline(), created="t", max_bytes=10**6, max_chars=10**5,
        coder_version="test",
    )
    assert outcome.dead_letter.stage == "validate"


def test_seed_article_gives_event_records_keyed_by_article_id(seed_article_bytes):
    from streams.extract import load_pipeline

    outcome = extract_records(
        seed_article_bytes, None, POS, pipeline=load_pipeline(), created="2026-01-01T00:00:00+00:00",
        max_bytes=10**6, max_chars=10**5, coder_version="test",
    )
    assert outcome.dead_letter is None, outcome.dead_letter
    # One record for the article: its events and its document, the document last.
    assert [dict(r.headers)["kind"] for r in outcome.records] == [b"bundle"]
    assert {r.key for r in outcome.records} == {b"seed-putin-erdogan-call"}
    items = decode_index_records(outcome.records[0].value, outcome.records[0].headers)
    assert [i.kind for i in items] == ["event"] * outcome.events + ["article"] and outcome.events >= 1
    events = [i.doc for i in items if i.kind == "event"]
    assert all(e["article_id"] == "seed-putin-erdogan-call" for e in events)
    # Lineage: every event knows the Kafka position of its article.
    assert all(e["lineage"] == {"topic": "articles", "partition": 1, "offset": 17} for e in events)


def test_the_worker_cuts_a_text_past_the_limit_and_says_so_on_the_article():
    from streams.extract import load_pipeline

    text = "Russia attacked Ukraine on Monday. " + "Words of no consequence. " * 200
    raw = orjson.dumps({"id": "long", "text": text, "published": "2024-09-04"})
    outcome = extract_records(raw, None, POS, pipeline=load_pipeline(), created="2026-01-01T00:00:00Z",
                              max_bytes=10**6, max_chars=1000, coder_version="test")
    article_doc = article_doc_of(outcome)
    assert (article_doc["truncated"], article_doc["original_length"], len(article_doc["text"])) == (True, len(text), 1000)
    # a message that publish already cut keeps the length it had at the source
    cut = orjson.dumps({"id": "long", "text": text[:1000], "truncated": True, "original_length": len(text)})
    outcome = extract_records(cut, None, POS, pipeline=load_pipeline(), created="2026-01-01T00:00:00Z",
                              max_bytes=10**6, max_chars=1000, coder_version="test")
    assert article_doc_of(outcome)["original_length"] == len(text)


def test_an_article_is_one_record_unless_its_bundle_would_not_fit_in_a_message():
    from streams.app.handlers import RECORD_OVERHEAD_BYTES, index_records

    events = [orjson.dumps({"event_id": f"e{n}", "article_id": "a"}) for n in range(3)]
    article = orjson.dumps({"article_id": "a", "text": "x" * 1000})
    [one] = index_records(b"a", events, article, 10**6)
    assert dict(one.headers)["kind"] == b"bundle" and one.key == b"a"
    assert orjson.loads(one.value) == {"events": [orjson.loads(e) for e in events], "article": orjson.loads(article)}
    # without events: the article document alone
    [alone] = index_records(b"a", [], article, 10**6)
    assert (dict(alone.headers)["kind"], alone.value) == (b"article", article)
    # too large for one message: a record per document, the article last
    size = len(one.value) + RECORD_OVERHEAD_BYTES
    assert len(index_records(b"a", events, article, size)) == 1
    split = index_records(b"a", events, article, size - 1)
    assert [dict(r.headers)["kind"] for r in split] == [b"event"] * 3 + [b"article"]
    assert [r.value for r in split] == [*events, article] and {r.key for r in split} == {b"a"}

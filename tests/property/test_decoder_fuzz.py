"""Fuzzing the article decoder and the real extraction pipeline through `extract_records`.

Properties: arbitrary bytes and arbitrary JSON never raise out of `extract_records`; every refusal
is a dead letter with a stage and a reason; and a message that passes validation never makes the
extractor itself fail (no dead letter at stage "extract"), whatever its text.

`FUZZ_MAX_EXAMPLES` sets the inputs per property (default 200 in `make test`; `make chaos` uses
2000). Each property prints `fuzz: <property> <inputs tried>` for the chaos report.
"""

from __future__ import annotations

import json
import os
import string

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.app.handlers import RECORD_OVERHEAD_BYTES, Position, extract_records
from streams.extract import CODER_VERSION, load_pipeline
from tests.topic_records import items_of

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "200"))
MAX_BYTES = 64 * 1024
MAX_CHARS = 20_000
POSITION = Position("fuzz.articles", 0, 7)
TRIED: dict[str, int] = {}

fuzz_settings = settings(
    max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30,
)
arabic = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
diacritics = st.sampled_from("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670")
text_chars = st.one_of(arabic, diacritics, st.sampled_from(string.printable), st.characters())
words = st.sampled_from(["Putin", "Erdogan", "met", "بوتين", "إردوغان", "بحث", "اتصال هاتفي", "in", "Moscow",
                         "on Monday", ".", "،", "<script>", "</p>", "\n\n", "said", "\u200f"])
texts = st.one_of(
    st.text(text_chars, max_size=400),
    st.lists(words, max_size=80).map(" ".join),
    st.tuples(st.sampled_from("aب\u064e."), st.integers(1, 5000)).map(lambda pair: pair[0] * pair[1]),
)
optional_text = st.none() | st.text(max_size=30)
articles = st.fixed_dictionaries(
    {"id": st.text(min_size=1, max_size=40), "text": texts},
    optional={
        "title": optional_text,
        "lang": st.none() | st.sampled_from(["en", "ar", "fr", "xx", ""]),
        "published": st.none() | st.sampled_from(["2024-05-02T09:00:00+00:00", "2024-05-02T09:00:00Z", "yesterday",
                                                  "2024-13-45T99:00:00+00:00", "2024-05-02T09:00:00"]),
        "source": optional_text,
        "url": optional_text,
        "run_id": optional_text,
        "seq": st.none() | st.integers(-5, 10**12),
        "extra": json_values,
    },
)


@pytest.fixture(scope="module")
def pipeline():
    return load_pipeline()


def run(pipeline, raw: bytes | None):
    return extract_records(
        raw, b"fuzz-key", POSITION, pipeline=pipeline, created="2024-05-02T10:00:00.000+00:00",
        max_bytes=MAX_BYTES, max_chars=MAX_CHARS, coder_version=CODER_VERSION,
    )


def check_outcome(outcome) -> None:
    if outcome.dead_letter is not None:
        letter = outcome.dead_letter
        assert outcome.records == []
        assert letter.stage and letter.reason
        assert letter.topic == POSITION.topic and letter.offset == POSITION.offset
    else:
        assert outcome.records, "an accepted article always yields its article document"
        items = items_of(outcome)  # every record decodes as the index agent reads it
        assert [i.kind for i in items] == ["event"] * outcome.events + ["article"]
        # one record per article, unless its bundle would not fit in one message
        assert len(outcome.records) == 1 or sum(len(r.value) for r in outcome.records) + RECORD_OVERHEAD_BYTES > MAX_BYTES
        for record in outcome.records:
            assert isinstance(orjson.loads(record.value), dict)


def count(name: str) -> None:
    TRIED[name] = TRIED.get(name, 0) + 1


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    yield
    for name, tried in sorted(TRIED.items()):
        print(f"\nfuzz: {name} {tried}")


@fuzz_settings
@given(raw=st.binary(max_size=2048))
def test_arbitrary_bytes_never_raise(pipeline, raw):
    count("bytes")
    check_outcome(run(pipeline, raw))


@fuzz_settings
@given(value=json_values)
def test_arbitrary_json_never_raises(pipeline, value):
    count("json")
    outcome = run(pipeline, json.dumps(value).encode())  # stdlib: integers of any size
    check_outcome(outcome)
    if not isinstance(value, dict):
        # Not an object: refused, at "validate", or at "decode" for numbers beyond 64 bits.
        assert outcome.dead_letter is not None and outcome.dead_letter.stage in {"decode", "validate"}


@fuzz_settings
@given(article=articles)
def test_valid_articles_never_break_the_extractor(pipeline, article):
    count("articles")
    outcome = run(pipeline, json.dumps(article).encode())
    check_outcome(outcome)
    if outcome.dead_letter is not None:
        # Refusing a message is the decoder's job; the extractor must cope with any accepted text.
        assert outcome.dead_letter.stage in {"decode", "validate"}, outcome.dead_letter.reason


@fuzz_settings
@given(raw=st.binary(min_size=1, max_size=256), cut=st.integers(0, 400))
def test_corrupted_good_messages_never_raise(pipeline, raw, cut):
    count("corrupted")
    good = orjson.dumps({"id": "fuzz", "lang": "en", "text": "Putin met Erdogan in Moscow on Monday."})
    check_outcome(run(pipeline, good[:cut] + raw + good[cut:]))

"""The compiled front end (streams._engine) against the Python code it replaced
(tests/reference/python_frontend.py, frozen at 7bdb279): the matching form and its offset map, the
sentence spans and every dictionary match, compared byte for byte (as JSON) over more than 5,000
articles, over every code point, and over hypothesis-generated text; and the whole pipeline's
output with either front end over every development article.
"""

from __future__ import annotations

import json
import random
import sys
from functools import lru_cache
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.extract import STAGES, load_pipeline
from streams.extract.normalize import arabic_matching_form, normalize
from streams.extract.pipeline import Pipeline
from streams.extract.resources import build_resources
from streams.extract.sentences import split
from streams.models import Article
from tests.reference import python_frontend as reference

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bench"))
import corpus  # noqa: E402

# Development data only (eval/heldout/ is for measuring, never read here).
DEV_FILES = sorted((ROOT / "tests/fixtures/extract").glob("*.jsonl")) + [
    ROOT / "eval/gold/ar.jsonl", ROOT / "eval/gold/en.jsonl", ROOT / "eval/wire/ar.jsonl", ROOT / "eval/wire/en.jsonl",
    ROOT / "streams/samples/seed.jsonl", ROOT / "streams/samples/english.jsonl",
]
GENERATED_PER_KIND = 1100  # x 2 languages x 2 densities
MIN_ARTICLES = 5000


@lru_cache(maxsize=1)
def compiled():
    return load_pipeline()


@lru_cache(maxsize=1)
def python():
    resources = build_resources(compile_patterns=reference.ReferenceLexicon)
    resources.detector = compiled().resources.detector
    return Pipeline(resources, STAGES)


def dev_articles() -> list[Article]:
    out = []
    for path in DEV_FILES:
        for n, line in enumerate(path.read_bytes().splitlines()):
            if not line.strip():
                continue
            row = orjson.loads(line)
            data = row.get("article", row)
            if not isinstance(data.get("text"), str):
                continue
            out.append(Article(id=data.get("id") or f"{path.stem}-{n}", text=data["text"], title=data.get("title"),
                               lang=data.get("lang"), published=data.get("published")))
    return out


_NOISE = ["\u0651", "\u064e", "\u0640", "  ", "\u00a0", "\r\n", "\u200f", "<b>", "&amp;", "U.S. ", "Mr. ", "«", "»",
          "؟", "...", "\t", "ة", "ـ", "٢٠٢٤", "\u202b", "Σ", "İ", "ǅ", "😀"]


def noisy(text: str, rng: random.Random) -> str:
    """The text with marks, odd spaces, tags, abbreviations and case changes spliced in."""
    chars = list(text)
    for _ in range(max(1, len(chars) // 40)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(_NOISE))
    out = "".join(chars)
    return out.upper() if rng.random() < 0.1 else out


@lru_cache(maxsize=1)
def differential_texts() -> tuple[str, ...]:
    texts = [a.text for a in dev_articles()]
    texts += [a.title for a in dev_articles() if a.title]
    for lang in corpus.LANGS:
        for density in corpus.DENSITIES:
            texts += [corpus.article(n, lang, density=density)["text"] for n in range(GENERATED_PER_KIND)]
    rng = random.Random(12)
    texts += [noisy(t, rng) for t in texts[:1500]]
    return tuple(texts)


def hit_record(m) -> list:  # noqa: ANN001
    e = m.entry
    return [m.kind, m.start, m.end, e.kind, e.script, e.ref, e.stem, e.case, e.article, m.key, m.prefix, m.word_start]


def front_end_bytes(lexicon, text: str) -> bytes:  # noqa: ANN001
    form, breaks, shifts, spans, hits = lexicon.frontend(text)
    # json, not orjson: the text may hold lone surrogates, which JSON escapes but UTF-8 cannot carry
    record = [form, list(breaks), list(shifts), [list(s) for s in spans], [hit_record(m) for m in hits]]
    return json.dumps(record, ensure_ascii=True).encode()


def test_front_end_is_byte_identical_over_more_than_5000_articles():
    texts = differential_texts()
    assert len(texts) >= MIN_ARTICLES
    engine, ref = compiled().resources.lexicon, python().resources.lexicon
    differ = [i for i, text in enumerate(texts) if front_end_bytes(engine, text) != front_end_bytes(ref, text)]
    assert not differ, f"{len(differ)} of {len(texts)} differ, first: {texts[differ[0]][:300]!r}"


def test_pipeline_output_is_byte_identical_over_the_development_articles():
    articles = dev_articles()
    rng = random.Random(5)
    articles += [Article(id=f"noisy-{i}", text=noisy(a.text, rng), lang=a.lang, title=a.title, published=a.published)
                 for i, a in enumerate(articles[:300])]
    assert len(articles) > 1500
    differ = []
    for article in articles:
        ours = orjson.dumps(compiled().run_strict(article, created="2024-06-01T00:00:00+00:00").to_record())
        theirs = orjson.dumps(python().run_strict(article, created="2024-06-01T00:00:00+00:00").to_record())
        if ours != theirs:
            differ.append(article.id)
    assert not differ, differ[:20]


def test_every_code_point_normalizes_and_splits_as_before():
    for block in range(0, 0x110000, 2048):
        text = "".join(chr(c) for c in range(block, block + 2048) if not 0xD800 <= c < 0xE000)
        # Each character alone, beside a capital sigma (final-sigma context), and between spaces.
        for sample in (text, " ".join(text), "Σ".join(text), "AΣ".join(text) + "Σ"):
            ours, theirs = normalize(sample), reference.normalize(sample)
            assert (ours.text, ours._breaks, ours._shifts) == (theirs.text, theirs._breaks, theirs._shifts), hex(block)
            assert split(ours.text) == reference.split(theirs.text), hex(block)
            assert arabic_matching_form(sample) == reference.arabic_matching_form(sample), hex(block)


def test_lone_surrogates_are_text_like_any_other():
    text = "قال \ud800 الرئيس.\udfff Σ"
    assert front_end_bytes(compiled().resources.lexicon, text) == front_end_bytes(python().resources.lexicon, text)


ARABIC = "".join(chr(c) for c in range(0x0621, 0x064B)) + "ًٌٍَُِّْـ"
WORDS = ["بوتين", "وأردوغان", "الرئيس", "الروسي", "نظيره", "التركي", "بحث", "هاتفياً", "وزارة", "وزاره", "للكرملين",
         "والكرملين", "ولم", "فلن", "لا", "الغارات", "بالهجوم", "سيزور", "U.S.", "Mr.", "NATO", "Nato", "nato", "Russia",
         "russia", "attacked", "Gen.", "no.", ". ", "؟", "؛", "\n", "  ", "\u00a0", "«", "»", '"', ")", "\u0651", "ـ",
         "Σ", "İ", "ſt.", "K.", "_", "٢٨"]
texts = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from(list(ARABIC + " .؟\n")), max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=50).map("".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_hypothesis_text_gives_the_same_front_end(text):
    assert front_end_bytes(compiled().resources.lexicon, text) == front_end_bytes(python().resources.lexicon, text)
    assert arabic_matching_form(text) == reference.arabic_matching_form(text)


@pytest.mark.parametrize("text", ["", " ", "\n\n", ".", "Σ", "ΑΣ ΑΣΑ", "İstanbul ΣΑΣ", "a\n.", "U\n.", "x.y", "«قال».",
                                  "وزارة الخارجية", "وزاره", " ً ", "a  ً b"])
def test_edge_cases_give_the_same_front_end(text):
    assert front_end_bytes(compiled().resources.lexicon, text) == front_end_bytes(python().resources.lexicon, text)

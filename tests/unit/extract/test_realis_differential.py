"""The compiled realised-event filter (streams._engine.Realis behind streams/extract/realis.py)
against the Python code it replaced (tests/reference/python_realis.py, frozen at 3c21396): the
whole pipeline's output (events and the trace of dropped candidates, with their `why`) compared
byte for byte over more than 5,000 articles (the development sets, generated bench articles, noisy
variants), the feature strings, indices, probabilities and guard classes of every scored candidate of
those articles, `decide` on random probabilities, and hypothesis-generated text.
"""

from __future__ import annotations

import dataclasses
import random
import sys
from functools import lru_cache
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.extract import STAGES, load_pipeline, realis
from streams.extract.context import has_parties
from streams.extract.pipeline import DEFAULT_MAX_CHARS, Pipeline
from streams.models import Article, Extraction
from tests.reference import python_realis as reference
from tests.unit.extract.test_engine_differential import dev_articles, noisy

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bench"))
import corpus  # noqa: E402

GENERATED_PER_KIND = 1100  # x 2 languages x 2 densities
MIN_ARTICLES = 5000
CREATED = "2024-06-01T00:00:00+00:00"
_NAMES = [name for name, _ in STAGES]
_AT = _NAMES.index("realis")


@lru_cache(maxsize=1)
def pipelines():
    """The shipped pipeline, and the stages before and after the filter with each filter's resources."""
    engine = load_pipeline()
    ref_resources = dataclasses.replace(engine.resources, realis=reference.load_model())
    return engine, ref_resources


def staged_before(article: Article):  # noqa: ANN201
    """The article's Doc after the stages before the filter."""
    return Pipeline(pipelines()[0].resources, STAGES[:_AT])._staged(article, DEFAULT_MAX_CHARS)


def outputs(article: Article) -> tuple[bytes, bytes]:
    """The pipeline's output (events, then the dropped candidates and why) with the engine's filter
    and with the reference's, from one run of the stages before it."""
    engine, ref_resources = pipelines()
    doc = staged_before(article)
    out = []
    for stage, resources in ((realis.run, engine.resources), (reference.run, ref_resources)):
        d = stage(doc, resources)
        for _name, later in STAGES[_AT + 1:]:
            d = later(d, resources)
        extraction = Extraction(engine._article_info(d), engine._events(d, None, CREATED))
        try:
            out.append(orjson.dumps([extraction.to_record(), engine._dropped(d)]))
        except TypeError:  # a lone surrogate (hypothesis text) has no UTF-8: compare the objects' repr
            out.append(repr((extraction, engine._dropped(d))).encode("utf-8", "surrogatepass"))
    return out[0], out[1]


@lru_cache(maxsize=1)
def differential_articles() -> tuple[Article, ...]:
    articles = dev_articles()
    for lang in corpus.LANGS:
        for density in corpus.DENSITIES:
            for n in range(GENERATED_PER_KIND):
                row = corpus.article(n, lang, density=density)
                articles.append(Article(id=row["id"], text=row["text"], title=row.get("title"), lang=row.get("lang"),
                                        published=row.get("published")))
    rng = random.Random(17)
    articles += [Article(id=f"noisy-{i}", text=noisy(a.text, rng), title=a.title, lang=a.lang, published=a.published)
                 for i, a in enumerate(articles[:1200])]
    return tuple(articles)


def test_pipeline_output_is_byte_identical_over_more_than_5000_articles():
    articles = differential_articles()
    assert len(articles) >= MIN_ARTICLES
    differ, events = [], 0
    for article in articles:
        ours, theirs = outputs(article)
        events += ours.count(b'"realis:')
        if ours != theirs:
            differ.append(article.id)
    assert events > 10_000  # the filter did decide things: its tags are in the output
    assert not differ, f"{len(differ)} of {len(articles)} differ: {differ[:20]}"


def _scored_candidates(doc):  # noqa: ANN001, ANN202
    return [c for c in doc.candidates if not c.dropped and has_parties(c)]


def test_features_probabilities_and_guards_are_the_references_for_every_candidate():
    engine, ref_resources = pipelines()
    model, ref_model = engine.resources.realis, ref_resources.realis
    checked = 0
    for article in differential_articles():
        doc = staged_before(article)
        if doc.lang not in ("ar", "en"):
            continue
        cands = _scored_candidates(doc)
        if not cands:
            continue
        answers = realis.features(doc, model, [(c.sentence, c.trigger.start, c.trigger.end) for c in cands])
        for cand, (feats, indices, guard) in zip(cands, answers):
            view = reference.sentence_view(doc, cand.sentence, ref_model)
            theirs = reference.candidate_features(doc, view, cand.sentence, cand.trigger.start, cand.trigger.end, ref_model)
            # Same strings, as many times each; the order of the class features follows Python's
            # salted string hashes in the reference, so it is compared sorted.
            assert sorted(feats) == sorted(theirs), (article.id, cand.trigger)
            assert indices == sorted(reference.hashed(theirs, ref_model.mask))
            assert realis.probabilities(model, set(indices)) == reference.probabilities(ref_model, set(indices))
            local, near = reference._local_features_and_near(doc, view, cand.sentence, cand.trigger.start,
                                                              cand.trigger.end, ref_model)
            assert set(guard) == near | (view.sentence_classes & ref_model.drop_requires_anywhere)
            checked += 1
    assert checked > 20_000


def test_decide_is_the_references_rule():
    rng = random.Random(3)
    model = realis.load_model()
    classes = sorted(model.drop_requires | {"joint", "count", "past"})
    for _ in range(20_000):
        raw = [rng.random() ** 3 for _ in range(4)]
        probs = tuple(x / sum(raw) for x in raw)
        if rng.random() < 0.2:
            probs = (probs[0], probs[0], probs[0], probs[3])  # ties
        guard = set(rng.sample(classes, rng.randrange(4)))
        requires = frozenset(rng.sample(classes, rng.randrange(3)))
        for drop, verbal in ((0.8, 0.6), (0.5, 0.3), (1.0, 1.0)):
            assert realis.decide(probs, guard, drop, verbal, requires) == reference.decide(probs, guard, drop, verbal, requires)


def test_hashing_is_zlibs_crc32_of_the_utf8_string():
    model = realis.load_model()
    feats = ["T:attacked", "u:هاجم", "C:<ha", "en|A<:0", "ar|K:history", "X:sport", "", "😀", "T0:^_x"]
    assert realis.hashed(feats, model.mask) == reference.hashed(feats, model.mask)


_DEV_TEXTS = tuple(a.text for a in dev_articles()[:400])
_SNIPPETS = ["\u0651", "ـ", "«", "»", '"', "2-0", "١٩٩٠", "2019", "_2020", "2020_", "1999-2001", "و", "وال", "foiled",
             "أحبطت", "and", "Σ", "İ", "\u200f", "\n", ". ", "؟", "😀", "\ud800"]


@st.composite
def spliced(draw):  # noqa: ANN001, ANN201
    """A development text with random text and tricky snippets spliced in."""
    text = draw(st.sampled_from(_DEV_TEXTS))
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(st.sampled_from(_SNIPPETS), st.text(max_size=8)))
        text = text[:at] + piece + text[at:]
    return text


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(spliced(), st.text(max_size=400)), lang=st.sampled_from(["ar", "en", None]),
       title=st.one_of(st.none(), st.text(max_size=30)))
def test_any_text_gives_the_references_output(text, lang, title):
    article = Article(id="h", text=text, title=title, lang=lang, published="2024-03-14T10:00:00+00:00")
    ours, theirs = outputs(article)
    assert ours == theirs


@pytest.mark.parametrize("text", [
    "", "Σ", "The army attacked 2-0 in 2020 and 1999.", "«هاجمت» القوات 2019_ الموقع عام ٢٠٢٠.",
    'He said "the troops attacked the village" in 2031.', "أحبطت الشرطة هجوماً وألقت القبض على ثلاثة.",
])
def test_edge_cases_give_the_references_output(text):
    for lang in ("ar", "en"):
        ours, theirs = outputs(Article(id="e", text=text, lang=lang, published="2024-03-14T10:00:00+00:00"))
        assert ours == theirs


def test_training_features_are_the_references():
    """Training reads its features through the engine (training/realis/data.py `Featurizer`): over
    the training corpus they are the features the Python reference computed, so a retrained model
    learns what it did."""
    from bisect import bisect_left

    from training.realis.data import Featurizer, read_corpus, strip_marks

    featurizer = Featurizer()
    ref_model = reference.load_model(reference.MODEL_DIR, weights=False)
    compared = 0
    for item in read_corpus(ROOT / "training/realis/corpus"):
        ours = featurizer.examples(item)
        text, marks = strip_marks(item.text, item.label)
        doc = featurizer.doc(item, text)
        if doc.norm is None or not doc.sentences:
            assert not ours
            continue
        positions = [doc.norm.to_original(i) for i in range(len(doc.norm.text) + 1)]
        theirs = []
        for start, end, label, word in marks:
            n_start = bisect_left(positions, start)
            n_end = max(n_start + 1, bisect_left(positions, end))
            sentence = next((s.index for s in doc.sentences if s.start <= n_start < s.end), None)
            if sentence is None:
                continue
            view = reference.sentence_view(doc, sentence, ref_model)
            feats = reference.candidate_features(doc, view, sentence, n_start, n_end, ref_model)
            theirs.append((label, word, sorted(feats), frozenset(reference.hashed(feats, ref_model.mask))))
        assert [(e.label, e.trigger, sorted(e.features), e.indices) for e in ours] == theirs, item.text
        compared += len(ours)
    assert compared > 1000

"""The realised-event filter never raises, is deterministic and gives the features of the Python it
replaced (tests/reference/python_realis.py), on any text and any trigger position."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.extract import STAGES, load_pipeline, realis
from streams.extract.context import Doc
from streams.extract.pipeline import full_text, published_date
from streams.models import Article
from tests.reference import python_realis as reference

PIPELINE = load_pipeline()
MODEL = PIPELINE.resources.realis
REFERENCE = reference.load_model()
UP_TO_ENTITIES = [stage for name, stage in STAGES[:[n for n, _ in STAGES].index("entities") + 1]]

WORDS = ["هاجم", "المنتخب", "الشوط", "ضربة", "للاقتصاد", "مناورات", "صاروخ", "قد", "كان", "أحبطت", "منذ", "ذكرى",
         "attacked", "match", "blow", "missile", "drills", "foiled", "had", "anniversary", "since", "joint", "the",
         "«", "»", '"', "،", ".", "\n", "2011", "١٩٤٨", "ـ", "\u0651", "😀", "[[", "]]"]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=50).map("".join),
)


def _doc(text: str, lang: str, title: str | None) -> Doc:
    article = Article(id="p", text=text, lang=lang, title=title, published="2024-03-14T10:00:00+00:00")
    doc = Doc(article=article, original=full_text(article), published=published_date(article.published))
    for stage in UP_TO_ENTITIES:
        doc = stage(doc, PIPELINE.resources)
    return doc


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, lang=st.sampled_from(["ar", "en"]), title=st.one_of(st.none(), texts), where=st.floats(0, 1))
def test_filter_features_never_raise_and_repeat_exactly(text, lang, title, where):
    doc = _doc(text, lang, title)
    for index, sentence in enumerate(doc.sentences):
        start = sentence.start + int(where * max(0, sentence.end - sentence.start - 1))
        results = []
        for _ in range(2):
            [(features, indices, guard)] = realis.features(doc, MODEL, [(index, start, start + 1)])
            probs = realis.probabilities(MODEL, set(indices))
            label = realis.decide(probs, realis.guard_classes(features, MODEL.drop_requires_anywhere), MODEL.drop_threshold,
                                  MODEL.verbal_threshold, MODEL.drop_requires)
            results.append((features, indices, guard, probs, label))
        assert results[0] == results[1]
        features, indices, guard, probs, label = results[0]
        assert all(math.isfinite(p) and 0.0 <= p <= 1.0 for p in probs) and abs(sum(probs) - 1.0) < 1e-9
        assert label in realis.LABELS
        view = reference.sentence_view(doc, index, REFERENCE)
        theirs = reference.candidate_features(doc, view, index, start, start + 1, REFERENCE)
        assert sorted(features) == sorted(theirs)
        assert probs == reference.probabilities(REFERENCE, reference.hashed(theirs, REFERENCE.mask))
        assert label == reference.decide(probs, reference.guard_classes(theirs, REFERENCE.drop_requires_anywhere),
                                         REFERENCE.drop_threshold, REFERENCE.verbal_threshold, REFERENCE.drop_requires)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, lang=st.sampled_from(["ar", "en", None]))
def test_the_stage_in_the_pipeline_never_raises_and_is_deterministic(text, lang):
    article = Article(id="p", text=text, lang=lang, published="2024-03-14T10:00:00+00:00")
    first = PIPELINE.run_strict(article).events
    second = PIPELINE.run_strict(article).events
    assert [(e.event_id, e.why) for e in first] == [(e.event_id, e.why) for e in second]

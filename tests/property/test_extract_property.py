"""Arbitrary text never makes the extractor raise, and event ids depend only on the content."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.extract import load_pipeline
from streams.models import Article

PIPELINE = load_pipeline()

# Text biased towards what the coder reacts to: Arabic letters and marks, dictionary words, digits,
# punctuation, bidi marks and emoji, plus anything else Unicode has.
WORDS = ["بوتين", "وأردوغان", "الرئيس", "الروسي", "نظيره", "التركي", "بحث", "هاتفياً", "أمس", "الخميس", "الماضي",
         "كانون", "الأول", "٢٨", "لم", "سوف", "شريطة", "حسبما", "أفاد", "الكرملين", "في", "موسكو", "،", ".", "؟",
         "Russia", "attacked", "Ukraine", "said", "not", "will", "if", "by", "the", "Kremlin", "on", "Thursday",
         "\u200f", "\u0651", "ـ", "😀", "\n", "<p>", "&amp;", "•", "اقرأ أيضاً"]
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=5)), max_size=60).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, lang=st.sampled_from([None, "ar", "en", "xx"]), title=st.one_of(st.none(), texts),
       published=st.sampled_from([None, "2023-01-05T15:00:00+03:00", "garbage", "2024-02-29"]))
def test_arbitrary_text_never_raises(text, lang, title, published):
    extraction = PIPELINE.run_strict(Article(id="p", text=text, lang=lang, title=title, published=published))
    record = extraction.to_record()
    assert record["article"]["id"] == "p"
    for event in extraction.events:
        assert 0.0 <= event.confidence <= 1.0
        assert event.event.modality
        assert 0 <= event.sentence.start <= event.sentence.end


@settings(max_examples=150, deadline=None)
@given(text=texts, article_id=st.text(min_size=1, max_size=20))
def test_event_ids_are_deterministic(text, article_id):
    article = Article(id=article_id, text=text, lang="ar", published="2023-01-05T15:00:00+03:00")
    first = [e.event_id for e in PIPELINE.run_strict(article).events]
    second = [e.event_id for e in PIPELINE.run_strict(article, created="2099-01-01T00:00:00Z").events]
    assert first == second

"""The compiled front end on any text: it returns (no crash), in bounded time (no hang), and every
offset it gives lies inside the text it was given."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.extract import load_pipeline
from streams.extract.normalize import Normalized

LEXICON = load_pipeline().resources.lexicon
PIECES = ["وزارة", "والكرملين", "ولم", "الرئيس", "U.S.", "NATO", "Mr.", "\u0651", "ـ", "  ", "\u200f", "Σ", "İ",
          "\ud800", ".", "؟", "\n", "😀", "x" * 40]
texts = st.one_of(
    st.text(max_size=2000),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=200).map("".join),
    st.lists(st.sampled_from(PIECES), max_size=400).map(" ".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_any_text_gives_offsets_inside_it(text):
    started = time.perf_counter()
    form, breaks, shifts, spans, hits = LEXICON.frontend(text)
    assert time.perf_counter() - started < 5.0
    norm = Normalized(form, len(text), breaks, shifts)
    assert len(form) <= len(text)
    assert list(breaks) == sorted(set(breaks)) and all(0 <= b <= len(form) for b in breaks)
    assert list(shifts) == sorted(shifts) and all(0 <= s <= len(text) for s in shifts)
    for pos in range(len(form)):
        assert 0 <= norm.to_original(pos) < len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(form)
        assert 0 <= norm.to_original(start) < norm.end_to_original(end) <= len(text)
        previous_end = end
    for m in hits:
        assert 0 <= m.word_start <= m.start < m.end <= len(form)
        assert form[m.start:m.end] == m.key and form[m.word_start:m.start] == m.prefix
        assert 0 <= norm.to_original(m.start) < norm.end_to_original(m.end) <= len(text)


def test_a_megabyte_of_one_letter_is_fast():
    for text in ("ا" * 1_000_000, "a" * 1_000_000, ". " * 500_000, "\u0651" * 1_000_000):
        started = time.perf_counter()
        LEXICON.frontend(text)
        assert time.perf_counter() - started < 10.0

"""The entity stage's compiled selection (streams._engine.Entities) on any text: it returns, in
bounded time, with entity matches that are the text's own matches and do not overlap, every offset
(the «ب» verb ends, the index's starts) inside the text, and the same answer twice."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.extract import load_pipeline

RESOURCES = load_pipeline().resources
PIECES = ["عمان", "تونس", "العاصمه", "الاردن", "قصفت", "اعترفت", "بدوله", "فلسطين", "الرئيس", "الروسي", "حلب", "Tunis",
          "capital", "Russian", "President", "Amman", "NATO", "\u0651", "ـ", "  ", "\u00a0", "\u200f", "Σ", "\ud800", ".",
          "\n", "😀"]
texts = st.one_of(
    st.text(max_size=1500),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=150).map("".join),
    st.lists(st.sampled_from(PIECES), max_size=300).map(" ".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_any_text_gives_a_selection_inside_it(text):
    form, _breaks, _shifts, _spans, hits = RESOURCES.lexicon.frontend(text)
    hits = tuple(hits)
    started = time.perf_counter()
    answer = RESOURCES.entities.select(form, hits)
    assert time.perf_counter() - started < 2.0
    chosen, countries, place_choice, trigger_ends, ordered, starts, index = answer
    assert all(any(m is h for h in hits) for m in chosen)
    assert all(a.end <= b.start for a, b in zip(chosen, chosen[1:]))
    assert all(0 <= e <= len(form) for e in trigger_ends)
    assert sorted(ordered, key=lambda m: m.start) == list(ordered) and len(ordered) == len(hits)
    assert list(starts) == [m.start for m in ordered] and all(0 <= s <= len(form) for s in starts)
    assert list(index) == sorted(index) and sum(len(items) for items, _ in index.values()) == len(hits)
    assert all(0 <= place_choice[k] < len(RESOURCES.places) for k in place_choice)
    assert all(isinstance(c, str) for c in countries)
    assert RESOURCES.entities.select(form, hits) == answer

from hypothesis import given
from hypothesis import strategies as st

from streams.ids import event_id, stable_id

codes = st.lists(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=9), max_size=4)


@given(st.text(), st.integers(0, 10**6), st.integers(0, 10**6), codes, codes, st.text(min_size=2, max_size=3))
def test_event_id_is_deterministic(article, start, end, sources, targets, cameo):
    first = event_id(article, start, end, sources, targets, cameo, False)
    assert first == event_id(article, start, end, list(sources), list(targets), cameo, False)
    assert len(first) == 32 and int(first, 16) >= 0


@given(codes, codes)
def test_reciprocal_ids_do_not_depend_on_actor_order(sources, targets):
    assert event_id("a", 0, 10, sources, targets, "040", True) == event_id("a", 0, 10, targets, sources, "040", True)


def test_ids_change_with_content():
    base = event_id("a", 0, 10, ["RUSGOV"], ["TURGOV"], "042", False)
    assert base != event_id("a", 0, 10, ["TURGOV"], ["RUSGOV"], "042", False)
    assert base != event_id("a", 0, 11, ["RUSGOV"], ["TURGOV"], "042", False)
    assert base != event_id("b", 0, 10, ["RUSGOV"], ["TURGOV"], "042", False)
    assert base != event_id("a", 0, 10, ["RUSGOV"], ["TURGOV"], "043", False)


def test_parts_are_separated_unambiguously():
    assert stable_id("ab", "c") != stable_id("a", "bc")
    assert stable_id(["a", "b"]) != stable_id("a", "b")

"""'attacked' is criticism only when a policy word is its object, not one further on in the
sentence ("the ruling junta"); 'blasted' a market or a checkpoint is a bombing, 'blasted' a
decision criticism."""

from __future__ import annotations

import pytest

PUBLISHED = "2025-03-12T10:00:00+00:00"


def _types(run, text):
    return [(e.event.plover, e.event.cameo) for e in run(text, lang="en", published=PUBLISHED).events]


def test_an_attack_on_a_base_is_no_criticism_for_a_policy_word_later_in_the_sentence(run):
    text = ("Islamist rebels have attacked Mali's Kati military base on the outskirts of the capital city Bamako, "
            "the ruling junta confirmed Friday.")
    assert [p for p, _ in _types(run, text)] == ["ASSAULT"]


def test_attacking_a_plan_is_still_criticism(run):
    assert _types(run, "Opposition leader Keir Starmer attacked the government's budget plan on Wednesday.") == [("ACCUSE", "111")]


@pytest.mark.parametrize("text", [
    "A suicide car bomber blasted an outdoor market Saturday in a northern Iraqi city, killing six people, police said.",
    "A bomber blasted a police checkpoint in Quetta on Monday, officials said.",
])
def test_blasting_a_place_is_a_bombing(run, text):
    assert ("ASSAULT", "183") in _types(run, text)
    assert all(p != "ACCUSE" for p, _ in _types(run, text))


def test_blasting_a_decision_is_criticism(run):
    assert _types(run, "Trump blasted the Federal Reserve's decision to keep rates on hold.") == [("ACCUSE", "111")]

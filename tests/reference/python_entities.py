"""The entity stage's selection over the matches, in the Python that the compiled engine replaced
(streams/extract/entities.py at commit 7c31270, with main's own-name bonus of 735fcac), kept as the reference it is tested against
(tests/unit/extract/test_entities_differential.py), never imported by the product.

The functions are verbatim; `select` is the opening of that commit's `run` and the building of its
match index, verbatim but for the returned tuple (what `streams._engine.Entities.select` returns).
`PythonCore(resources)` stands where `resources.entities` (the compiled core) stands, so the live
stage runs this code end to end.
"""
# ---- streams/extract/entities.py @ 7c31270 + 735fcac ------------------------------------------------------------
from __future__ import annotations

import math
from itertools import compress, groupby
from operator import itemgetter, sub
from typing import Any

from streams.extract.context import arabic_word_end, previous_word
from streams.extract.matching import Match
from streams.extract.resources import Resources

ENTITY_KINDS = ("mask", "actor", "country", "region", "cadj", "people", "role", "place")
_PRIORITY = {kind: i for i, kind in enumerate(ENTITY_KINDS)}
_kind_of, _start_of, _end_of = itemgetter(0), itemgetter(1), itemgetter(2)  # Match fields


def _resolve_entities(matches: list[Match]) -> list[Match]:
    # Leftmost, then longest, then by kind priority; the sort keys are built by C-level maps.
    candidates = list(compress(matches, map(_PRIORITY.__contains__, map(_kind_of, matches))))
    starts = list(map(_start_of, candidates))
    keys = list(zip(starts, map(sub, starts, map(_end_of, candidates)), map(_PRIORITY.__getitem__, map(_kind_of, candidates))))
    candidates = list(map(candidates.__getitem__, sorted(range(len(keys)), key=keys.__getitem__)))
    chosen: list[Match] = []
    last_end = -1
    for m in candidates:
        if m.start >= last_end:
            chosen.append(m)
            last_end = m.end
    return chosen


def _place_score(place: Any, article_countries: set[str]) -> float:
    """Places in the article's countries first, then capitals and bigger places: «القنيطرة» in an
    article about Syria is Quneitra, not the larger Kenitra in Morocco; a capital of millions still
    beats a village of the same name in a country the article mentions."""
    return (
        math.log(max(place.population, 1))
        + (5.0 if place.country in article_countries else 0.0)
        + (3.0 if place.capital_of else 0.0)
        + (2.0 if place.population >= 150_000 else 0.0)  # «جنيف»: Geneva, not a US town of that name
    )


# "Salisbury": the English city of that name, not Harare, whose old name GeoNames lists among its
# variants; a place's own English name outranks another place's variant spelling.
_OWN_NAME = 10.0


def _own_name(place: Any, key: str) -> bool:
    return key.isascii() and place.name.lower() == key


_CAPITAL_WORDS = frozenset({"العاصمه", "بالعاصمه", "والعاصمه", "capital"})


def _capitals_named_like_countries(text: str, entities: list[Match], matches: list[Match],
                                   resources: Resources) -> list[Match]:
    """«عمان» is Oman or Amman, «تونس» Tunisia or Tunis: the city when «العاصمة» stands next to the
    name, or when the name is the capital of another country that the article names otherwise
    (Jordan: «الأردن», «الأردني», the king) and its own country is named nowhere else."""
    places = {(m.start, m.end): m for m in matches if m.kind == "place"}
    ambiguous = {}
    for i, m in enumerate(entities):
        if m.kind != "country":
            continue
        p = places.get((m.start, m.end))
        if p is None:
            continue
        place = resources.places[p.entry.ref]
        if place.capital_of is None:
            continue
        ambiguous[i] = (p, place.capital_of)
    if not ambiguous:
        return entities
    named: set[str] = set()
    for i, m in enumerate(entities):
        if i in ambiguous:
            continue
        if m.kind in ("country", "cadj", "people"):
            named.add(m.entry.ref)
        elif m.kind == "actor":
            named.add(resources.actors[m.entry.ref].country or "")
    out = list(entities)
    for i, (p, capital_of) in ambiguous.items():
        m = entities[i]
        following = text[m.end:m.end + 20].split()
        near = {previous_word(text, m.word_start), following[0] if following else ""}
        if near & _CAPITAL_WORDS and capital_of == m.entry.ref:
            out[i] = p  # «تونس العاصمة», «العاصمة عمان» (the capital of that name)
        elif capital_of != m.entry.ref and capital_of in named and m.entry.ref not in named:
            out[i] = p  # «وصل الوزير إلى عمان ... للأردن»: Amman
    return out


def select(text: str, hits: tuple[Match, ...], resources: Resources) -> tuple:
    matches = list(hits)
    entities = _resolve_entities(matches)
    entities = _capitals_named_like_countries(text, entities, matches, resources)

    # Countries mentioned (names and adjectives), for the article and for place disambiguation.
    article_countries: set[str] = set()
    for m in entities:
        if m.kind in ("country", "cadj", "people"):
            article_countries.add(m.entry.ref)
        elif m.kind == "actor":
            country = resources.actors[m.entry.ref].country
            if country and len(country) == 3 and country not in ("IGO", "NGO"):
                article_countries.add(country)

    # Places: several gazetteer entries can share a name; prefer the article's countries, then size.
    place_choice: dict[str, int] = {}
    by_key: dict[str, list[int]] = {}
    for m in matches:
        if m.kind in ("place", "region"):
            by_key.setdefault(m.key, []).append(m.entry.ref)
    for key, refs in by_key.items():
        refs = list(dict.fromkeys(refs))
        best = max(refs, key=lambda r: _place_score(resources.places[r], article_countries)
                   + (_OWN_NAME if _own_name(resources.places[r], key) else 0.0))
        place_choice[key] = best

    object_with_bi, triggers = resources.groups.object_with_bi, resources.triggers
    trigger_ends = {arabic_word_end(text, t.end) for t in matches if t.kind == "trigger" and t.entry.script == "ar"
                    and triggers[t.entry.ref].cameo[:2] in object_with_bi}

    matches.sort(key=_start_of)
    # Grouped by kind with C-level sort (stable: start order within a kind) and groupby.
    match_index = {}
    for kind, group in groupby(sorted(matches, key=_kind_of), _kind_of):
        ms = tuple(group)
        match_index[kind] = (ms, tuple(map(_start_of, ms)))
    return entities, article_countries, place_choice, trigger_ends, tuple(matches), tuple(map(_start_of, matches)), match_index


class PythonCore:
    """`select` over one set of resources, in the compiled core's place."""

    def __init__(self, resources: Resources) -> None:
        self.resources = resources

    def select(self, text: str, hits: tuple[Match, ...]) -> tuple:
        return select(text, hits, self.resources)

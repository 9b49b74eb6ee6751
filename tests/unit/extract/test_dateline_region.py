"""A dateline whose place is a region's longer name ("NEW YORK (Reuters) -") gives the region's
country, not that of a shorter gazetteer town inside the name (York, England)."""

from __future__ import annotations

import pytest

from .event_helpers import only

PUBLISHED = "2025-03-12T10:00:00+00:00"


@pytest.mark.parametrize("text", [
    "NEW YORK (Reuters) - Police arrested more than 40 people on Tuesday.",
    "New York (AP) — Police arrested more than 40 people on Tuesday.",
])
def test_the_dateline_region_wins_over_a_town_inside_its_name(run, text):
    e = only(run(text, lang="en", published=PUBLISHED).events, "COERCE")
    assert [a.code for a in e.source_actor] == ["USACOP"]


def test_a_dateline_town_of_its_own_still_gives_its_country(run):
    e = only(run("YORK, England (Reuters) - Police arrested more than 40 people on Tuesday.", lang="en",
                 published=PUBLISHED).events, "COERCE")
    assert [a.code for a in e.source_actor] == ["GBRCOP"]


def test_a_place_of_its_own_name_outranks_a_bigger_places_old_name(run):
    # GeoNames lists "Salisbury" among Harare's variants; the English city is named so itself.
    text = "Police sealed off a street in Salisbury after two people fell ill, British officials said."
    places = [p for e in run(text, lang="en", published=PUBLISHED).events for p in e.places]
    assert places and {p.country for p in places} == {"GBR"}


def test_a_variant_still_finds_its_place_when_no_place_has_that_name(pipeline):
    from streams.extract.matching import Match
    from streams.extract.resources import PatternEntry

    places = pipeline.resources.places
    harare = next(i for i, p in enumerate(places) if p.name == "Harare")
    salisbury = next(i for i, p in enumerate(places) if p.name == "Salisbury" and p.country == "GBR")

    def chosen(key: str, refs: list[int]) -> int:  # the compiled place choice for one name
        hits = tuple(Match("place", 0, len(key), PatternEntry("place", "en", r), key, "", 0) for r in refs)
        return pipeline.resources.entities.select(key, hits)[2][key]

    assert chosen("salisbury", [harare]) == harare  # no place has that name: the variant's
    assert chosen("salisbury", [harare, salisbury]) == salisbury
    assert chosen("harare", [salisbury, harare]) == harare

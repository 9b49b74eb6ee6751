"""Stage 11: location. The venue is a place introduced by «في»/in/at in the event's clause; calls
and statements are `remote`; the places the event is about are the other places in the clause.
Never simply the first place of the article."""

from __future__ import annotations


from streams.extract.context import Candidate, Doc, has_parties, matches_of, previous_word, replace, within
from streams.extract.entities import to_place
from streams.extract.resources import Resources
from streams.models import Location

_VENUE_PREPS = ("في", "فى", "in", "at", "inside", "near", "قرب", "داخل")
_REMOTE_MODES = ("phone", "video")


def locate(doc: Doc, cand: Candidate, resources: Resources, place_cache: dict | None = None) -> Candidate:
    text = doc.norm.text  # type: ignore[union-attr]
    # A capital standing for its government is not where the event happens (a visit's destination is).
    # (A crowd named after the place it protests in is no such stand-in: the place stays.)
    actor_spans = {(a.start, a.end) for a in cand.source if not a.why or not a.why[0].startswith("crowd-in:")}
    if cand.mode != "visit" and resources.triggers[cand.trigger.entry.ref].cameo[:2] in resources.groups.addressed_not_located:
        # "accused Washington of ...": a capital standing for the government addressed is no place
        # either (a city that is attacked or left is: "withdrew from Kyiv").
        actor_spans.update((a.start, a.end) for a in cand.target if a.kind == "capital")
    if cand.claim_source is not None:
        actor_spans.add((cand.claim_source.start, cand.claim_source.end))
    mentions = [p for p in within(doc.place_mentions, doc.place_starts, cand.clause_start, cand.clause_end)
                if (p.start, p.end) not in actor_spans]
    if place_cache is None:
        place_cache = {}
    places = []
    for p in mentions:
        place = place_cache.get(p)
        if place is None:
            place = place_cache[p] = to_place(doc.original, doc.norm, p, resources)
        places.append(place)
    places = tuple(places)
    why = list(cand.why)
    if cand.mode in _REMOTE_MODES:
        return replace(cand, location=Location(None, None, None, None, "remote"), places=places,
                       why=tuple(why + ["location:remote-mode"]))
    venue = None
    for p, place in zip(mentions, places):
        prefix = text[p.word_start:p.start]
        if prefix in ("ب", "وب", "فب") or previous_word(text, p.word_start) in _VENUE_PREPS:
            venue = place
            break
    if venue is not None:
        loc = Location(venue.name, venue.country, venue.geo, venue.geonameid, "venue")
        why.append("location:venue-preposition")
    else:
        loc = None
        if places:
            first = places[0]
            loc = Location(first.name, first.country, first.geo, first.geonameid, "about")
            why.append("location:about-place")
        else:
            # «في سوريا»: the event happens in that country. A whole country is not a place, so the
            # location keeps only its code (no name, no point) for filtering by country.
            for m in matches_of(doc, "country", cand.clause_start, cand.clause_end):
                if (
                    previous_word(text, m.word_start) in _VENUE_PREPS or text[m.word_start:m.start] in ("ب", "وب", "فب")
                ):
                    loc = Location(None, m.entry.ref, None, None, "about")
                    why.append("location:country-preposition")
                    break
    return replace(cand, location=loc, places=places, why=tuple(why))


def run(doc: Doc, resources: Resources) -> Doc:
    place_cache: dict = {}  # same mention -> same Place, for every candidate of the article
    return replace(doc, candidates=tuple(locate(doc, c, resources, place_cache) if has_parties(c) else c for c in doc.candidates))

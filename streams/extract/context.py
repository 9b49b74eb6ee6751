"""The working state handed from stage to stage (immutable; each stage returns a new one).

NamedTuples rather than frozen dataclasses: `_replace` and construction are several times cheaper,
and these objects are made for every mention and candidate of every article."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any, NamedTuple
from datetime import date

from streams.extract.matching import Match
from streams.extract.normalize import Normalized
from streams.models import Actor, Article, CountryMention, Location, Place


class SentenceSpan(NamedTuple):
    index: int
    start: int  # normalized offsets
    end: int


class ActorMention(NamedTuple):
    """An actor found in the text: a dictionary actor, a role with its country, or a bare country."""

    start: int  # normalized offsets, clitics excluded
    end: int
    word_start: int
    name: str
    code: str
    country: str | None
    sector: str | None
    strong: bool  # dictionary actor or role+country; bare countries and adjectives are weak
    kind: str  # person|organization|group|igo|role|country|capital
    why: tuple[str, ...] = ()
    needs_country: bool = False  # «جيش بلاده»: country comes from the speaker


class PlaceMention(NamedTuple):
    start: int
    end: int
    word_start: int
    place_index: int


class Candidate(NamedTuple):
    """An event under construction: one trigger in one clause of one sentence."""

    sentence: int
    clause_start: int
    clause_end: int
    trigger: Match
    also_triggers: tuple[Match, ...] = ()
    part_start: int = 0  # where the reported content starts (after «أن»/"that"), normalized
    source: tuple[ActorMention, ...] = ()
    target: tuple[ActorMention, ...] = ()
    reciprocal: bool = False
    modality: tuple[str, ...] = ("asserted",)
    mode: str | None = None
    claim_source: ActorMention | None = None
    location: Location | None = None
    places: tuple[Place, ...] = ()
    date: date | None = None
    date_text: str | None = None
    date_precision: str | None = None
    confidence: float = 0.0
    why: tuple[str, ...] = ()
    dropped: str | None = None  # reason the candidate yields no event
    cameo: str | None = None  # a code that replaces the trigger's (a verbal attack told with an attack verb)


class Doc(NamedTuple):
    article: Article
    original: str
    max_chars: int = 200_000
    lang: str = "und"
    published: date | None = None
    cleaned: str = ""
    norm: Normalized | None = None
    sentences: tuple[SentenceSpan, ...] = ()
    hits: tuple[Match, ...] = ()  # the front end's dictionary matches, in scan order
    matches: tuple[Match, ...] = ()  # sorted by start
    match_starts: tuple[int, ...] = ()
    actors: tuple[ActorMention, ...] = ()  # sorted by start
    actor_starts: tuple[int, ...] = ()
    place_mentions: tuple[PlaceMention, ...] = ()
    place_starts: tuple[int, ...] = ()
    countries: tuple[CountryMention, ...] = ()
    places: tuple[Place, ...] = ()
    named_actors: tuple[Actor, ...] = ()
    article_countries: frozenset[str] = frozenset()
    dateline_country: str | None = None  # where a dateline says the story was filed (entities.py)
    main_country: str | None = None  # the country the article names most, when one stands out
    candidates: tuple[Candidate, ...] = ()
    notes: tuple[str, ...] = ()
    # kind -> (matches of that kind sorted by start, their starts): `matches_of` reads it, so that a
    # stage looking for one kind of cue in a span does not filter every match of the span.
    match_index: dict[str, tuple[tuple[Match, ...], tuple[int, ...]]] = {}


def previous_word(text: str, pos: int) -> str:
    """The whitespace-delimited word that ends before `pos` (skipping spaces)."""
    i = pos
    while i > 0 and text[i - 1] == " ":
        i -= 1
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return text[j:i]


def arabic_word_end(text: str, pos: int) -> int:
    """Where the run of Arabic letters that continues at `pos` ends (`pos` itself when none does)."""
    while pos < len(text) and "\u0621" <= text[pos] <= "\u064a":
        pos += 1
    return pos


def within(items: tuple, starts: tuple[int, ...], lo: int, hi: int) -> tuple:
    """The items (sorted by start) whose start lies in [lo, hi)."""
    return items[bisect_left(starts, lo):bisect_left(starts, hi)]


def matches_of(doc: Doc, kind: str, lo: int, hi: int) -> tuple[Match, ...]:
    """The matches of one kind whose start lies in [lo, hi), in start order (as in `doc.matches`)."""
    found = doc.match_index.get(kind)
    if found is None:
        return ()
    items, starts = found
    return items[bisect_left(starts, lo):bisect_left(starts, hi)]


_FIELD_INDEX: dict[type, dict[str, int]] = {}
_new_tuple = tuple.__new__


def replace(obj: Any, **changes: Any) -> Any:
    """A copy of a context tuple with some fields changed (`_replace` without its per-field pops)."""
    cls = type(obj)
    index = _FIELD_INDEX.get(cls)
    if index is None:
        index = _FIELD_INDEX[cls] = {name: i for i, name in enumerate(cls._fields)}
    values = list(obj)
    for name, value in changes.items():
        values[index[name]] = value  # an unknown field raises KeyError, as `_replace` raises ValueError
    return _new_tuple(cls, values)


AGENTLESS = "rule:agentless-passive"
# An attack whose perpetrator the text does not name («انفجرت عبوة ناسفة مستهدفة دورية للشرطة»).
NO_NAMED_ATTACKER = "rule:no-named-attacker"
# Any other act the report tells without its doer ("The ministry condemned ...", «اعتقلت دورية ...»).
UNNAMED_DOER = "rule:unnamed-doer"


def has_parties(cand: Candidate) -> bool:
    """A source, or a target of an act whose doer the text does not name: a passive with no agent
    («اعتُقل ناشط», «تم إطلاق سراح ...») or an attack with no named attacker; or an act the
    `unnamed-doer` rule keeps with no party named at all."""
    if cand.source:
        return True
    why = cand.why
    if UNNAMED_DOER in why:
        return True
    if not cand.target:
        return False
    return AGENTLESS in why or NO_NAMED_ATTACKER in why

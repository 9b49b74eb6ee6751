"""Dictionary matching: one Aho-Corasick scan of the matching form, then boundary checks.

Arabic entries may carry proclitics (و ف ب ل ك ال, combinations, and the future س on verbs) and,
for verbs, the usual suffixes; English entries must be whole words with the right capitalisation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, compress
from typing import NamedTuple

from streams.extract.resources import PatternEntry, Resources

_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")
PREFIXES_PLAIN = frozenset(c + p for c in _CONJ for p in _PREP)
# An entry registered without its article («كرملين» for «الكرملين») only serves «للكرملين»: the other
# article forms («والكرملين», «بالكرملين») already match the full entry after their proclitic.
PREFIXES_ARTICLE = frozenset({c + "لل" for c in _CONJ})
PREFIXES_VERB = frozenset(PREFIXES_PLAIN | {c + "س" for c in _CONJ} | {c + "ل" for c in _CONJ})
_VERB_SUFFIXES = frozenset({"", "ت", "ا", "وا", "ان", "ون", "ين", "تا", "ه", "ها", "هم", "هما", "نا", "تم"})
_NOUN_SUFFIXES = frozenset({"", "ه", "ها", "هم", "هما", "ا"})
_NONE = frozenset({""})
# Noun triggers («الغارات», «بالهجوم», «للاعتقال»): verb proclitics plus the article after them.
PREFIXES_NOUN = frozenset(PREFIXES_VERB | {c + p + "ال" for c in _CONJ for p in _PREP} | PREFIXES_ARTICLE)
ANY_PREFIX = PREFIXES_PLAIN | PREFIXES_ARTICLE | PREFIXES_VERB | PREFIXES_NOUN
# How an automaton key is checked: English (whole word, case), Arabic whose word may go on after
# the key (suffixes), or Arabic whose suffix is always empty (the key ends in, or a single-word key
# contains, a character that is not an Arabic letter, so the word containing its start ends earlier).
SCRIPT_EN, SCRIPT_AR_SUFFIX, SCRIPT_AR_NO_SUFFIX = 0, 1, 2
_ARABIC_LETTERS = re.compile("[\u0621-\u064a]+")


def key_script(key: str) -> int:
    if not "\u0621" <= key[0] <= "\u064a":
        return SCRIPT_EN
    last_is_letter = "\u0621" <= key[-1] <= "\u064a"
    if " " in key:
        return SCRIPT_AR_SUFFIX if last_is_letter else SCRIPT_AR_NO_SUFFIX
    return SCRIPT_AR_SUFFIX if _ARABIC_LETTERS.fullmatch(key) else SCRIPT_AR_NO_SUFFIX
_SUFFIXES_BY_KIND = {
    "trigger": _VERB_SUFFIXES,
    "attr_verb": frozenset({"", "ت", "ا", "وا", "ان"}),
    "role": frozenset({"", "ه", "ها"}),
}
PARTICLE_KEYS = frozenset({"لا", "لم", "لن", "ان", "قد", "لو", "حال", "شرط"})
# A particle is a whole Arabic word, optionally after «و»/«ف»: word -> (proclitic, particle).
PARTICLE_WORDS = {c + p: (c, p) for c in ("", "و", "ف") for p in PARTICLE_KEYS}


def acceptance(entry) -> tuple:  # noqa: ANN001
    """Precomputed per automaton key: (kind, entry, allowed proclitics, allowed suffixes) for Arabic,
    (kind, entry, case rule) for English."""
    if entry.script != "ar":
        return (entry.kind, entry, entry.case)
    if entry.stem:
        prefixes = PREFIXES_ARTICLE
    elif entry.article:
        prefixes = PREFIXES_NOUN
    elif entry.kind in ("trigger", "attr_verb", "mod"):
        prefixes = PREFIXES_VERB  # `scan` tells verbs by this very object (ta marbuta check)
    else:
        prefixes = PREFIXES_PLAIN
    return (entry.kind, entry, prefixes, _SUFFIXES_BY_KIND.get(entry.kind, _NONE))


class Match(NamedTuple):
    kind: str
    start: int  # normalized offsets of the entry itself (clitics excluded)
    end: int
    entry: PatternEntry
    key: str
    prefix: str  # Arabic proclitics in front of the entry
    word_start: int  # normalized start including proclitics


_NON_ARABIC_RUN = re.compile(r"([^\u0621-\u064a]+)")
_new_tuple = tuple.__new__  # builds a Match without the Python-level NamedTuple __new__


def arabic_words(text: str) -> tuple[list[str], list[int], list[int]]:
    """The Arabic letter runs with their starts and ends, from one C-level split (no per-word Python work).

    `re.split` with a capturing group alternates runs and separators; the running sum of their
    lengths gives every boundary. Empty runs (text starting/ending with a separator) are harmless:
    no Arabic key can start inside them."""
    pieces = _NON_ARABIC_RUN.split(text)
    bounds = list(accumulate(map(len, pieces), initial=0))
    return pieces[0::2], bounds[0::2], bounds[1::2]


def scan(text: str, original: str, to_original, resources: Resources) -> list[Match]:
    """All dictionary matches in `text` (matching form) that respect word boundaries.

    `to_original` maps a normalized offset back into `original` (used for English case checks).
    """
    out: list[Match] = []
    append = out.append
    n = len(text)
    runs, starts, ends = arabic_words(text)
    bisect = bisect_right
    new = _new_tuple
    for end_index, (key, specs, script, size) in resources.automaton.iter(text):
        start = end_index + 1 - size
        if script:
            # An Arabic key starts with an Arabic letter: its proclitics are the letters before it in
            # the same word (none when the previous character is not an Arabic letter).
            if start and "\u0621" <= text[start - 1] <= "\u064a":
                ws = starts[bisect(starts, start) - 1]
                prefix = text[ws:start]
                if prefix not in ANY_PREFIX:
                    continue
            else:
                ws = start
                prefix = ""
            end = end_index + 1
            if script == SCRIPT_AR_SUFFIX and end < n and "\u0621" <= text[end] <= "\u064a":
                suffix = text[end:ends[bisect(starts, end) - 1]]
                # The matching form writes ta marbuta as «ه»: «وزارة» reads «و+زار+ه» ("and he
                # visited him"). A verb with an object pronoun never ends in «ة» in the text.
                noun_ending = suffix[-1] == "ه" and original[to_original(end + len(suffix) - 1)] == "ة"
            else:
                suffix = ""
                noun_ending = False
            for kind, entry, prefixes, suffixes in specs:
                if prefix in prefixes and suffix in suffixes and not (noun_ending and prefixes is PREFIXES_VERB):
                    append(new(Match, (kind, start, end, entry, key, prefix, ws)))
        else:
            end = end_index + 1
            if start > 0 and text[start - 1].isalnum():
                continue
            if end < n and text[end].isalnum():
                continue
            for kind, entry, case in specs:
                if case:
                    o_start = to_original(start)
                    ch = original[o_start] if o_start < len(original) else ""
                    if case == "title" and not ch.isupper():
                        continue
                    if case == "upper":
                        o_end = to_original(end - 1) + 1
                        if not original[o_start:o_end].replace(".", "").isupper():
                            continue
                append(new(Match, (kind, start, end, entry, key, "", start)))
    # Two-letter Arabic particles hit inside countless words: they are whole words («لا», «ولم»), so
    # they are picked from the word list (C-level filter) instead of the automaton.
    particles = resources.particles
    for i in compress(range(len(runs)), map(PARTICLE_WORDS.__contains__, runs)):
        prefix, key = PARTICLE_WORDS[runs[i]]
        entries = particles.get(key)
        if not entries:
            continue
        ws = starts[i]
        for entry in entries:
            if entry.kind in ("trigger", "attr_verb", "mod"):
                if prefix not in PREFIXES_VERB:
                    continue
            elif prefix not in PREFIXES_PLAIN:
                continue
            append(new(Match, (entry.kind, ws + len(prefix), ends[i], entry, key, prefix, ws)))
    return out


def resolve_longest(matches: list[Match]) -> list[Match]:
    """Leftmost-longest non-overlapping selection (input any order)."""
    ordered = sorted(matches, key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[Match] = []
    last_end = -1
    for match in ordered:
        if match.start >= last_end:
            chosen.append(match)
            last_end = match.end
        elif chosen and match.end - match.start > chosen[-1].end - chosen[-1].start and match.start == chosen[-1].start:
            chosen[-1] = match
            last_end = match.end
    return chosen

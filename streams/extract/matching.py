"""Dictionary matching: one Aho-Corasick scan of the matching form, then boundary checks.

Arabic entries may carry proclitics (و ف ب ل ك ال, combinations, and the future س on verbs) and,
for verbs, the usual suffixes; English entries must be whole words with the right capitalisation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
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
_SUFFIXES_BY_KIND = {
    "trigger": _VERB_SUFFIXES,
    "attr_verb": frozenset({"", "ت", "ا", "وا", "ان"}),
    "role": frozenset({"", "ه", "ها"}),
}
_PARTICLES = re.compile(r"(?<![\u0621-\u064a])([وف]?)(لا|لم|لن|ان|قد|لو|حال|شرط)(?![\u0621-\u064a])")
PARTICLE_KEYS = frozenset({"لا", "لم", "لن", "ان", "قد", "لو", "حال", "شرط"})
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")


def acceptance(entry) -> tuple:  # noqa: ANN001
    """(entry, allowed proclitics, allowed suffixes), precomputed per automaton key."""
    if entry.script != "ar":
        return (entry, None, None)
    if entry.stem:
        prefixes = PREFIXES_ARTICLE
    elif entry.kind in ("trigger", "attr_verb", "mod"):
        prefixes = PREFIXES_VERB
    else:
        prefixes = PREFIXES_PLAIN
    return (entry, prefixes, _SUFFIXES_BY_KIND.get(entry.kind, _NONE))


class Match(NamedTuple):
    kind: str
    start: int  # normalized offsets of the entry itself (clitics excluded)
    end: int
    entry: PatternEntry
    key: str
    prefix: str  # Arabic proclitics in front of the entry
    word_start: int  # normalized start including proclitics


def scan(text: str, original: str, to_original, resources: Resources) -> list[Match]:
    """All dictionary matches in `text` (matching form) that respect word boundaries.

    `to_original` maps a normalized offset back into `original` (used for English case checks).
    """
    out: list[Match] = []
    n = len(text)
    # Arabic word spans once (C speed); each hit then finds its word by bisection.
    starts: list[int] = []
    ends: list[int] = []
    for word in _ARABIC_WORD.finditer(text):
        starts.append(word.start())
        ends.append(word.end())
    append = out.append
    bisect = bisect_right
    for end_index, (key, specs, arabic, size, multi) in resources.automaton.iter(text):
        end = end_index + 1
        start = end - size
        if arabic:
            i = bisect(starts, start) - 1
            if i < 0 or ends[i] <= start:
                continue
            ws = starts[i]
            we = ends[bisect(starts, end - 1) - 1] if multi else ends[i]  # multi-word keys end later
            prefix = text[ws:start] if ws < start else ""
            suffix = text[end:we] if we > end else ""
            for entry, prefixes, suffixes in specs:
                if prefix in prefixes and suffix in suffixes:
                    append(Match(entry.kind, start, end, entry, key, prefix, ws))
        else:
            if start > 0 and text[start - 1].isalnum():
                continue
            if end < n and text[end].isalnum():
                continue
            for entry, _, _ in specs:
                if entry.case:
                    o_start = to_original(start)
                    ch = original[o_start] if o_start < len(original) else ""
                    if entry.case == "title" and not ch.isupper():
                        continue
                    if entry.case == "upper":
                        o_end = to_original(end - 1) + 1
                        if not original[o_start:o_end].replace(".", "").isupper():
                            continue
                append(Match(entry.kind, start, end, entry, key, "", start))
    # Two-letter Arabic particles hit inside countless words: found by one regex instead.
    for match in _PARTICLES.finditer(text):
        key = match.group(2)
        for entry in resources.particles.get(key, ()):
            prefix = match.group(1)
            if entry.kind in ("trigger", "attr_verb", "mod"):
                if prefix not in PREFIXES_VERB:
                    continue
            elif prefix not in PREFIXES_PLAIN:
                continue
            out.append(Match(entry.kind, match.start(2), match.end(2), entry, key, prefix, match.start()))
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

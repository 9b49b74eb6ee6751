"""Dictionary matches. The scan itself is compiled (`streams._engine.Lexicon`, run once per article
by the front end stage): one Aho-Corasick pass over the matching form, then the word checks.

Arabic entries may carry proclitics (و ف ب ل ك ال, combinations, and the future س on verbs) and,
for verbs, the usual suffixes (dictionaries/script.json); English entries must be whole words with
the right capitalisation.
"""

from __future__ import annotations

from typing import NamedTuple

from streams.extract.normalize import Normalized
from streams.extract.resources import PatternEntry, Resources


class Match(NamedTuple):
    kind: str
    start: int  # normalized offsets of the entry itself (clitics excluded)
    end: int
    entry: PatternEntry
    key: str
    prefix: str  # Arabic proclitics in front of the entry
    word_start: int  # normalized start including proclitics


def scan(norm: Normalized, original: str, resources: Resources) -> list[Match]:
    """All dictionary matches in `norm.text` that respect word boundaries; `original` is the text
    its offsets map back to (English case checks, ta marbuta)."""
    return resources.lexicon.scan(norm.text, norm._breaks, norm._shifts, original)


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

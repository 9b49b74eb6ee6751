"""Arabic/Latin matching form with a map back to offsets in the original text.

The matching form (computed by the compiled engine from dictionaries/script.json): no diacritics,
tatweel or bidi/joiner marks; alef and hamza carriers unified; alef maqsura -> ya; ta marbuta ->
ha; Arabic-Indic digits -> ASCII; lower case; runs of spaces collapsed.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from streams.extract.script import SCRIPT


@dataclass(frozen=True, slots=True)
class Normalized:
    """The matching form and a piecewise-constant shift mapping its offsets to the original."""

    text: str
    original_length: int = 0
    _breaks: tuple[int, ...] = ()  # positions in `text` where the shift changes
    _shifts: tuple[int, ...] = ()  # shift (original - normalized) from that break on

    def to_original(self, pos: int) -> int:
        """Offset in the original text of normalized offset `pos` (start offsets)."""
        breaks = self._breaks
        if not breaks:
            return pos
        i = bisect_right(breaks, pos) - 1
        return pos + (self._shifts[i] if i >= 0 else 0)

    def end_to_original(self, end: int) -> int:
        """Original offset for an exclusive end; marks dropped right after the span stay inside it
        («التركيّ» keeps its shadda)."""
        if end <= 0:
            return 0
        if end >= len(self.text):
            return max(self.original_length, self.to_original(end - 1) + 1)
        breaks = self._breaks  # `to_original(end)`, inlined: this runs for every span mapped back
        if not breaks:
            return end
        i = bisect_right(breaks, end) - 1
        return end + (self._shifts[i] if i >= 0 else 0)


def arabic_matching_form(text: str) -> str:
    """Matching form of a dictionary entry or a short string (no offsets, outer spaces stripped)."""
    return SCRIPT.matching_form(text)


def normalize(text: str) -> Normalized:
    form, breaks, shifts = SCRIPT.normalize(text)
    return Normalized(form, len(text), breaks, shifts)

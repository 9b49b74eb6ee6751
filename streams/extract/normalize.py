"""Arabic/Latin matching form with a map back to offsets in the original text.

The matching form: no diacritics, tatweel or bidi/joiner marks; alef and hamza carriers unified;
alef maqsura -> ya; ta marbuta -> ha; Arabic-Indic digits -> ASCII; Latin lower-cased; runs of
spaces collapsed. Everything is done with `str.translate` and one compiled regex (C speed) because
this runs on every article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# One-to-one replacements (length preserving).
_ONE_TO_ONE: dict[int, str] = {}
for _src, _dst in {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ئ": "ي", "ی": "ي", "ې": "ي",
    "ؤ": "و", "ة": "ه", "ۀ": "ه", "ک": "ك", "ڪ": "ك",
    "\t": " ", "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "\u2002": " ", "\u2003": " ", "\u3000": " ", "\r": "\n", "\u2028": "\n", "\u2029": "\n",
    "\u0130": "i",  # Turkish dotted capital I lowercases to two code points; keep it one.
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "’": "'", "‘": "'",
    "٬": ",", "٫": ".",
}.items():
    _ONE_TO_ONE[ord(_src)] = _dst
for _i in range(10):
    _ONE_TO_ONE[0x0660 + _i] = str(_i)  # Arabic-Indic
    _ONE_TO_ONE[0x06F0 + _i] = str(_i)  # Extended (Persian) digits

# Characters dropped from the matching form (diacritics, tatweel, Quranic marks, bidi and joiners).
_DROPPED = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
    "\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad"
)
# Dropped marks; a mark run standing between spaces takes one space with it; runs of spaces collapse.
# That is `(?<= )[D]+ +|[D]+|(?<= ) +`, written so that every match starts with a character class
# (the regex engine then skips ahead at C speed instead of trying three branches at each position).
_DROP_RE = re.compile(f"[{_DROPPED} ](?:(?<= [{_DROPPED}])[{_DROPPED}]* +|(?<=[{_DROPPED}])[{_DROPPED}]*|(?<=  ) *)")
# The same without the space-run branch, for texts without a double space (most of them).
_DROP_MARKS_RE = re.compile(f"[{_DROPPED}](?:(?<= [{_DROPPED}])[{_DROPPED}]* +|[{_DROPPED}]*)")


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
    """Matching form of a dictionary entry or a short string (no offsets needed): `normalize(text)`
    keeps what the drop pattern does not match, which is what `sub` keeps."""
    return _DROP_RE.sub("", _lower(_fold(text))).strip()


def _lower(folded: str) -> str:
    lowered = folded.lower()
    if len(lowered) != len(folded):
        # A rare character lower-cases to several code points: keep such characters as they are.
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
    return lowered


_REPLACEMENTS = tuple((chr(code), dst) for code, dst in _ONE_TO_ONE.items())
_HAS_NON_ASCII = re.compile(r"[^\x00-\x7f]")


_FOLDED_CHARS = re.compile("[" + re.escape("".join(chr(code) for code in _ONE_TO_ONE)) + "]")
_FOLD_OF = {chr(code): dst for code, dst in _ONE_TO_ONE.items()}


def _fold(text: str) -> str:
    # str.translate with a dict costs ~80 ns a character on non-Latin-1 text; str.replace is C speed.
    if not _HAS_NON_ASCII.search(text):
        return text.replace("\t", " ").replace("\r", "\n")
    if len(text) < 256:
        for src in set(_FOLDED_CHARS.findall(text)):  # short text: only the characters present
            text = text.replace(src, _FOLD_OF[src])
        return text
    for src, dst in _REPLACEMENTS:
        if src in text:
            text = text.replace(src, dst)
    return text


def normalize(text: str) -> Normalized:
    lowered = _lower(_fold(text))
    pattern = _DROP_RE if "  " in lowered else _DROP_MARKS_RE
    first = pattern.search(lowered)
    if first is None:
        return Normalized(lowered, len(text))
    pieces: list[str] = []
    breaks: list[int] = [0]
    shifts: list[int] = [0]
    last = 0
    removed = 0
    out_len = 0
    for match in pattern.finditer(lowered, first.start()):
        start, end = match.span()
        if start > last:
            pieces.append(lowered[last:start])
            out_len += start - last
        removed += end - start
        breaks.append(out_len)
        shifts.append(removed)
        last = end
    pieces.append(lowered[last:])
    # Collapse equal breaks (several deletions at the same normalized position): keep the last.
    b: list[int] = []
    s: list[int] = []
    for pos, shift in zip(breaks, shifts):
        if b and b[-1] == pos:
            s[-1] = shift
        else:
            b.append(pos)
            s.append(shift)
    return Normalized("".join(pieces), len(text), tuple(b), tuple(s))


def run(doc, resources):  # noqa: ANN001 - stage signature (Doc, Resources) -> Doc
    """Stage 3: the matching form of the cleaned text (same offsets as the original)."""
    return doc._replace(norm=normalize(doc.cleaned))

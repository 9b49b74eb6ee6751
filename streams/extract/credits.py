"""Datelines, bylines and agency credits: the parts of a wire story that say where it was filed and
who filed it («دمشق - سانا», «{البصرة:الفرات نيوز}», "KHAN YOUNIS, Gaza Strip (Reuters) -",
"WASHINGTON, Jan 5 (AFP) -", "Reporting by ...; Editing by ...", «المصدر: وكالات»). Nothing named in
them is a party to the reported events or their claimant (an agency is the claimant only where the
text says it reported, and that is not here). Pure functions over the original text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from streams.extract.lang import ar, en

# How far into the story a dateline may stand: the first lines only (a headline may come first).
_DATELINE_LINES = 3
_MAX_PREFIX = 60  # characters of a dateline before its separator

# A line that opens with a brace credit: «{البصرة:الفرات نيوز}».
_BRACES = re.compile(r"[ \t]*\{[^{}\n]{2,60}\}[ \t]*")
# Segments of a dateline: words without sentence punctuation (a month's abbreviation before its day,
# "Sept. 23", keeps its dot), an optional parenthesized credit
# ("(Reuters)", «(محمد وليد جبس)»), then a separator: dashes (ASCII, en, em, Arabic tatweel), a slash or
# a colon. A line may hold several segments («بلدي نيوز - إدلب (محمد وليد جبس)»).
_SEGMENT = re.compile(
    r"[ \t]*(?P<words>(?:[^\n()\[\]{}\-–—ـ/:|.!?؟\"«»]|\.(?=[ \t]\d)){1,%d}?)[ \t]*(?P<paren>\([^()\n]{1,40}\))?[ \t]*"
    r"(?P<sep>[-–—ـ|]+|/|:|(?=\n)|$)" % _MAX_PREFIX
)
# A whole line that only credits: bylines, "Reporting by ...", «المصدر: ...», «حرره: ...».
_CREDIT_LINE = re.compile(
    r"^[ \t]*(?:[-–—(\[ ]*)?(?:%s)\b[^\n]{0,160}$" % "|".join((*en.CREDIT_LINE_STARTS, *ar.CREDIT_LINE_STARTS)),
    re.IGNORECASE | re.MULTILINE,
)
_PHOTO_CREDIT = re.compile(r"\((?:%s)[^()\n]{0,60}\)" % "|".join(en.PHOTO_CREDIT_STARTS), re.IGNORECASE)


def _line_starts(text: str, count: int) -> list[int]:
    """Where the first `count` non-blank lines start."""
    starts = []
    for line in re.finditer(r"^[ \t]*\S", text, re.MULTILINE):
        starts.append(line.start())
        if len(starts) == count:
            break
    return starts


def _is_place_like(words: str, start: int, mentions: Sequence[tuple[int, int, str]]) -> bool:
    """Every word of `words` (starting at `start` in the original) is inside a place, country, region
    or news-outlet mention, or is a credit word («وكالات», «نيوز», "news", "agency")."""
    pos = start
    for word in re.finditer(r"\S+", words):
        s, e = pos + word.start(), pos + word.end()
        token = word.group().strip(",،;'\"")
        if not token:
            continue
        if token.lower() in en.CREDIT_WORDS or token in ar.CREDIT_WORDS or token.strip("0123456789") == "":
            continue
        if any(ms <= s and e <= me and kind in ("place", "region", "country", "cadj", "outlet") for ms, me, kind in mentions):
            continue
        if any(ms < e and s < me and kind in ("place", "region", "country", "outlet") for ms, me, kind in mentions):
            continue  # a multi-word name that this word is part of
        return False
    return True


def _dateline_at(text: str, start: int, mentions: Sequence[tuple[int, int, str]]) -> int | None:
    """The end of a dateline that opens the line at `start`, or None."""
    brace = _BRACES.match(text, start)
    if brace is not None:
        return brace.end()
    end = None
    pos = start
    for _ in range(3):  # up to three segments: outlet - place (byline) -
        seg = _SEGMENT.match(text, pos)
        if seg is None:
            break
        words, paren, sep = seg.group("words").strip(), seg.group("paren"), seg.group("sep")
        if not words:
            break
        at_line_end = not sep
        letters = [c for c in words if c.isalpha()]
        upper = len(letters) >= 4 and all(c.isascii() and c.isupper() for c in letters)  # "KHAN YOUNIS", "BEIRUT"
        place_like = _is_place_like(words, seg.start("words") + seg.group("words").find(words), mentions)
        agency = paren is not None and paren.strip("() ").lower() in en.AGENCIES  # "(Reuters)", "(AP)"
        named_first = words[:1].isupper() and len(words.split()) <= 6  # "WASHINGTON, Jan 5 (AFP)"
        named = any(ms < e and s < me and kind in ("actor", "role") for ms, me, kind in mentions
                    for s, e in [(seg.start("words"), seg.end("words"))])
        outlet = ar.is_short_outlet(words) and not named and (
            (not at_line_end and sep != ":")  # «القيامة - », «شفق نيوز/»
            or ar.is_credit_phrase(words)  # «خاص العالم»
            or (at_line_end and end is not None)  # «صنعاء/ الأناضول»: the outlet after the place
            or (sep == ":" and len(words.split()) <= 2))  # «ديالى: افادت الشرطة ...»
        if not (upper or place_like or outlet or (agency and named_first)):
            break
        if sep == ":" and not (upper or place_like or outlet):
            break
        end = seg.end()
        pos = end
        if at_line_end:
            break
    return end


def credit_spans(original: str, mentions: Sequence[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Spans of `original` that are datelines, bylines and agency credits. `mentions`: (start, end,
    kind) of the entity matches in original offsets (kind: place, region, country, cadj, outlet, ...)."""
    spans: list[tuple[int, int]] = []
    for start in _line_starts(original, _DATELINE_LINES):
        end = _dateline_at(original, start, mentions)
        if end is not None and end > start:
            spans.append((start, end))
    for m in _CREDIT_LINE.finditer(original):
        spans.append((m.start(), m.end()))
    for m in _PHOTO_CREDIT.finditer(original):
        spans.append((m.start(), m.end()))
    for m in en.BYLINE.finditer(original):
        spans.append((m.start(), m.end()))
    for line in re.finditer(r"^[^\n]{1,60}$", original, re.MULTILINE):
        # A line naming only an outlet or agency («رويترز», "(Reuters)", «وكالات»).
        body = line.group().strip(" \t()-–—[]")
        if body and _is_place_like(body, line.start() + line.group().find(body), [m for m in mentions if m[2] == "outlet"]):
            spans.append((line.start(), line.end()))
    return sorted(spans)


def inside(spans: Sequence[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)

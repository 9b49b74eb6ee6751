"""The Python front end that the compiled engine replaced, kept as the reference it is tested
against (tests/unit/extract/test_engine_differential.py), never imported by the product.

Verbatim from streams/extract/normalize.py, sentences.py, matching.py and the automaton build of
resources.py at commit 7bdb279 (before the engine): the matching form with its offset map, sentence
splitting and the pyahocorasick scan with its clitic and word-boundary checks. Only the glue at the
end (`ReferenceLexicon`, with the engine's `frontend` and `scan` methods) is new. Why a frozen copy
rather than the git history: the test must run from a plain checkout or an sdist, and a reference
that changes with the product would compare the engine with itself.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, compress

import ahocorasick

from streams.extract.matching import Match
from streams.extract.normalize import Normalized
from streams.extract.resources import PatternEntry

# ---- streams/extract/normalize.py @ 7bdb279 -------------------------------------------------------

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



# ---- streams/extract/sentences.py @ 7bdb279 ------------------------------------------------------

# `[.!?؟؛]+["')\]]*(?=\s|$)|\n\s*`, led by one character class so the engine skips ahead at C speed.
_END = re.compile(r"[.!?؟؛\n](?:(?<=[.!?؟؛])[.!?؟؛]*[\"')\]]*(?=\s|$)|(?<=\n)\s*)")
_ABBREV = re.compile(r"(?:\b[A-Za-z]|\bmr|\bmrs|\bdr|\bst|\bgen|\bcol|\bsen|\brep|\bgov|\bjr|\bno)$", re.I)
MAX_SENTENCE = 1500


def split(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if match.group(0)[0] == "." and _ABBREV.search(text, max(0, match.start() - 4), match.start()):
            continue
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while e - s > MAX_SENTENCE:  # pathological input: cut at a space, never loop on it
            cut = text.rfind(" ", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
            cut = cut if cut > s else s + MAX_SENTENCE
            out.append((s, cut))
            s = cut
        out.append((s, e))
    # Trim whitespace, drop empty spans.
    result = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            result.append((s, e))
    return result



# ---- streams/extract/matching.py @ 7bdb279 (scan and its tables) --------------------------------------

_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")
PREFIXES_PLAIN = frozenset(c + p for c in _CONJ for p in _PREP)
# An entry registered without its article («كرملين» for «الكرملين») only serves «للكرملين»: the other
# article forms («والكرملين», «بالكرملين») already match the full entry after their proclitic.
PREFIXES_ARTICLE = frozenset({c + "لل" for c in _CONJ})
PREFIXES_VERB = frozenset(PREFIXES_PLAIN | {c + "س" for c in _CONJ} | {c + "ل" for c in _CONJ})
_VERB_SUFFIXES = frozenset({"", "ت", "ا", "وا", "ان", "ون", "ين", "تا", "ه", "ها", "هم", "هما", "نا", "تم",
                            "وه", "وها", "وهم", "وهما"})  # «اعتقلوه»: the plural «وا» drops its alif before a pronoun
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



# ---- the automaton build of streams/extract/resources.py @ 7bdb279 (_Builder.build) ---------------

def build_automaton(keys: dict[str, list[PatternEntry]]):
    automaton = ahocorasick.Automaton()
    particles: dict[str, tuple[PatternEntry, ...]] = {}
    for key, entries in keys.items():
        arabic = "\u0621" <= key[0] <= "\u064a"
        chosen = tuple(e for e in entries if e.script == ("ar" if arabic else "en"))
        if not chosen:
            continue
        if arabic and key in PARTICLE_KEYS:
            particles[key] = chosen
            continue
        specs = tuple(acceptance(e) for e in chosen)
        if arabic and key.endswith("ه"):
            # A noun ending in ta marbuta takes its suffixes after «ت» («مطالبتها»): «مطالبها» is
            # another word.
            specs = tuple(sp[:3] + (frozenset({""}),) if sp[1].article else sp for sp in specs)
        automaton.add_word(key, (key, specs, key_script(key), len(key)))
    automaton.make_automaton()
    return automaton, particles


# ---- new glue: the engine's interface over the reference code ---------------------------------------

class _Resources:
    def __init__(self, automaton, particles) -> None:  # noqa: ANN001
        self.automaton = automaton
        self.particles = particles


class ReferenceLexicon:
    """`streams._engine.Lexicon`'s interface, computed by the reference code above."""

    def __init__(self, patterns: list[tuple[str, list[tuple]]]) -> None:
        keys = {key: [entry for _kind, entry, *_rest in entries] for key, entries in patterns}
        self.resources = _Resources(*build_automaton(keys))

    def frontend(self, cleaned: str):  # noqa: ANN201
        norm = normalize(cleaned)
        spans = split(norm.text)
        return norm.text, norm._breaks, norm._shifts, spans, scan(norm.text, cleaned, norm.to_original, self.resources)

    def scan(self, text: str, breaks: tuple, shifts: tuple, original: str) -> list:
        norm = Normalized(text, len(original), tuple(breaks), tuple(shifts))
        return scan(text, original, norm.to_original, self.resources)

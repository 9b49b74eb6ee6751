"""Stage 4: sentences (Arabic . ؟ ؛ ! and English), on the matching form; quotes stay with their
sentence; one-letter abbreviations (U.S.) do not end a sentence; very long runs are cut."""

from __future__ import annotations

import re
from typing import Any

from streams.extract.context import Doc, SentenceSpan, replace

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


def run(doc: Doc, resources: Any) -> Doc:
    assert doc.norm is not None
    spans = split(doc.norm.text)
    return replace(doc, sentences=tuple(SentenceSpan(i, s, e) for i, (s, e) in enumerate(spans)))

"""Sentences (Arabic . ؟ ؛ ! and English) of the matching form, split by the compiled engine
(dictionaries/script.json): quotes stay with their sentence; one-letter abbreviations (U.S.) and
titles (Mr.) do not end a sentence; very long runs are cut at a space."""

from __future__ import annotations

from streams.extract.script import SCRIPT


def split(text: str) -> list[tuple[int, int]]:
    return SCRIPT.split_sentences(text)

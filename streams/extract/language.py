"""Stage 1: language. A `lang` in the message wins; Arabic script decides quickly; lingua otherwise."""

from __future__ import annotations

import re
from typing import Any

from streams.extract.context import Doc, replace

SUPPORTED = ("ar", "en", "fr", "es", "de", "ru", "tr", "fa", "he")
_ARABIC = re.compile(r"[\u0621-\u064a]+")
_LATIN = re.compile(r"[A-Za-z]+")
_SAMPLE = 1200
_LINGUA_SAMPLE = 400  # enough to tell the languages apart; lingua's time grows with the text


def build_detector() -> Any:
    """A lingua detector restricted to the languages we meet, in low-accuracy mode (small memory)."""
    try:
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        codes = [getattr(IsoCode639_1, code.upper()) for code in SUPPORTED]
        return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()
    except Exception:  # lingua missing or broken: the script heuristic still works
        return None


def detect(text: str, detector: Any) -> str:
    sample = text[:_SAMPLE]
    arabic = len(sample) - len(_ARABIC.sub("", sample))  # counting by deletion avoids building lists
    latin = len(sample) - len(_LATIN.sub("", sample))
    if arabic == 0 and latin == 0:
        return "und"
    if arabic >= latin:
        # Persian shares the script; lingua tells them apart when it is there.
        if detector is not None and ("پ" in sample or "چ" in sample or "گ" in sample or "ی" in sample):
            return _lingua(sample, detector) or "ar"
        return "ar"
    if detector is None:
        return "en"
    return _lingua(sample, detector) or "en"


def _lingua(sample: str, detector: Any) -> str | None:
    try:
        language = detector.detect_language_of(sample[:_LINGUA_SAMPLE])
    except Exception:
        return None
    if language is None:
        return None
    return language.iso_code_639_1.name.lower()


def run(doc: Doc, resources: Any) -> Doc:
    given = (doc.article.lang or "").strip().lower()[:2]
    if given:
        return replace(doc, lang=given)
    return replace(doc, lang=detect(doc.original, getattr(resources, "detector", None)))

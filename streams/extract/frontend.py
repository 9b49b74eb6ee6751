"""Stage 3: the front end, one call into the compiled engine per article, without the GIL: the
matching form of the cleaned text with its offset map, the sentences, and every dictionary match
that respects word boundaries and Arabic clitics (`matching.Match`, in scan order)."""

from __future__ import annotations

from streams.extract.context import Doc, SentenceSpan, replace
from streams.extract.normalize import Normalized
from streams.extract.resources import Resources


def run(doc: Doc, resources: Resources) -> Doc:
    form, breaks, shifts, spans, hits = resources.lexicon.frontend(doc.cleaned)
    return replace(
        doc,
        norm=Normalized(form, len(doc.cleaned), breaks, shifts),
        sentences=tuple(SentenceSpan(i, s, e) for i, (s, e) in enumerate(spans)),
        hits=tuple(hits),
    )

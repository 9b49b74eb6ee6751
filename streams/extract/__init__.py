"""Native Arabic and English event coding (CAMEO and PLOVER).

`load_pipeline()` builds the dictionaries, the Aho-Corasick automaton, the gazetteer and the
language detector once per process; `Pipeline.run(article)` is pure and never raises.
"""

from __future__ import annotations

from streams.extract import (
    attribution,
    clean,
    coding,
    confidence,
    dates,
    entities,
    language,
    location,
    modality,
    normalize,
    participants,
    realis,
    sentences,
)
from streams.extract.pipeline import Pipeline
from streams.extract.version import CODER_VERSION, DICTIONARY_VERSION

# Ordered stage registry: (name, pure function (Doc, Resources) -> Doc).
STAGES = (
    ("language", language.run),
    ("clean", clean.run),
    ("normalize", normalize.run),
    ("sentences", sentences.run),
    ("entities", entities.run),
    ("coding", coding.run),
    ("attribution", attribution.run),
    ("participants", participants.run),
    ("modality", modality.run),
    ("realis", realis.run),
    ("dates", dates.run),
    ("location", location.run),
    ("confidence", confidence.run),
)

_PIPELINE: Pipeline | None = None


def load_pipeline() -> Pipeline:
    """The process-wide pipeline (built on the first call, free afterwards)."""
    global _PIPELINE
    if _PIPELINE is None:
        from streams.extract.resources import build_resources

        resources = build_resources()
        resources.detector = language.build_detector()
        _PIPELINE = Pipeline(resources, STAGES)
    return _PIPELINE


__all__ = ["CODER_VERSION", "DICTIONARY_VERSION", "STAGES", "Pipeline", "load_pipeline"]

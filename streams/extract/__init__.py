"""Native Arabic and English event coding (CAMEO and PLOVER).

`load_pipeline()` builds the dictionaries, the compiled lexicon, the gazetteer and the
language detector once per process; `Pipeline.run(article)` is pure and never raises.
"""

from __future__ import annotations

import os
from pathlib import Path

from streams.extract import (
    attribution,
    clean,
    coding,
    confidence,
    dates,
    entities,
    fallback,
    frontend,
    implied,
    language,
    location,
    modality,
    participants,
    realis,
    threats,
)
from streams.extract.pipeline import Pipeline
from streams.extract.version import CODER_VERSION, DICTIONARY_VERSION

# Ordered stage registry: (name, pure function (Doc, Resources) -> Doc).
STAGES = (
    ("language", language.run),
    ("clean", clean.run),
    ("frontend", frontend.run),  # compiled: matching form, sentences, dictionary scan (no GIL)
    ("entities", entities.run),
    ("coding", coding.run),
    ("attribution", attribution.run),
    ("participants", participants.run),
    ("fallback", fallback.run),
    ("implied", implied.run),
    ("modality", modality.run),
    ("threats", threats.run),  # a coercive act promised on a condition is a threat
    ("realis", realis.run),
    ("prevention", fallback.prevention),
    ("dates", dates.run),
    ("location", location.run),
    ("confidence", confidence.run),
)

_PIPELINES: dict[tuple[str, str] | None, Pipeline] = {}


def load_pipeline(dictionary_dir: str | os.PathLike[str] | None = None) -> Pipeline:
    """The process-wide pipeline for the shipped dictionaries, or for them with a user's directory laid
    over them (streams/extract/overlay.py); built on the first call for each, free afterwards. The
    worker, `extract` and `replay` all load through here."""
    from streams.extract.overlay import LayeredDirectory, load_resources

    key = None
    if dictionary_dir is not None:
        layered = LayeredDirectory(Path(dictionary_dir).expanduser())
        key = (str(layered.user_dir.resolve()), layered.hash)  # edited files: a new pipeline
    if key not in _PIPELINES:
        resources = load_resources(dictionary_dir)
        resources.detector = language.build_detector()
        _PIPELINES[key] = Pipeline(resources, STAGES)
    return _PIPELINES[key]


__all__ = ["CODER_VERSION", "DICTIONARY_VERSION", "STAGES", "Pipeline", "load_pipeline"]

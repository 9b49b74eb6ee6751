"""Corpus reading and featurization for the realised-event filter, shared by training and evaluation.

A corpus line is JSON: `t` the text with the trigger(s) marked `[[word]]` (or `[[word|label]]` to give
one mark its own label), `y` the line's label, `s` its style (w wire, b broadcaster, p paper, h
headline, l long multi-clause, q quote, g background paragraph, s short/sports brief), `h` 1 when
the text is a headline, `lang` (else taken from the file name), `published` (optional).

Features come from the runtime code itself (`streams.extract.realis`): each text is run through the
pipeline's own stages up to entities, so that training sees exactly what the stage sees.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from streams.extract import realis
from streams.extract.context import Doc
from streams.extract.pipeline import full_text, published_date
from streams.models import Article

LABELS = realis.LABELS
_MARK = re.compile(r"\[\[(.+?)\]\]")
DEFAULT_PUBLISHED = "2024-06-12T10:00:00+00:00"


@dataclass(frozen=True)
class Item:
    lang: str
    style: str
    label: str
    text: str  # with marks
    headline: bool = False
    published: str = DEFAULT_PUBLISHED
    source: str = "hand"  # hand | gen


@dataclass(frozen=True)
class Example:
    item: Item
    label: str
    trigger: str
    features: tuple[str, ...]
    indices: frozenset[int]


def read_corpus(directory: Path) -> list[Item]:
    items = []
    for path in sorted(directory.glob("*.jsonl")):
        lang = path.name[:2]
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                items.append(Item(row.get("lang", lang), row["s"], row["y"], row["t"], bool(row.get("h")),
                                  row.get("published", DEFAULT_PUBLISHED)))
            except (ValueError, KeyError) as exc:
                raise ValueError(f"{path}:{number}: {exc}") from exc
            if items[-1].label not in LABELS:
                raise ValueError(f"{path}:{number}: unknown label {items[-1].label!r}")
    return items


def strip_marks(text: str, default: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """The text without marks, and each mark's (start, end, label, word) in it."""
    out, marks, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(text):
        out.append(text[pos:m.start()])
        length += m.start() - pos
        word, _, label = m.group(1).partition("|")
        label = label or default
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r} in {text!r}")
        marks.append((length, length + len(word), label, word))
        out.append(word)
        length += len(word)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), marks


class Featurizer:
    """Runs the pipeline's stages up to entities and the filter's feature functions."""

    def __init__(self, model: realis.RealisModel | None = None) -> None:
        from streams.extract import STAGES
        from streams.extract.resources import build_resources

        self.resources = build_resources()
        self.model = model or realis.load_model(realis.MODEL_DIR, weights=False)
        names = [name for name, _ in STAGES]
        self.stages = STAGES[:names.index("entities") + 1]

    def doc(self, item: Item, text: str) -> Doc:
        article = Article(id="train", text="" if item.headline else text, title=text if item.headline else None,
                          lang=item.lang, published=item.published)
        original = full_text(article)
        doc = Doc(article=article, original=original, published=published_date(article.published))
        for _name, stage in self.stages:
            doc = stage(doc, self.resources)
        return doc

    def examples(self, item: Item) -> list[Example]:
        text, marks = strip_marks(item.text, item.label)
        doc = self.doc(item, text)
        norm = doc.norm
        if norm is None or not doc.sentences:
            return []
        positions = [norm.to_original(i) for i in range(len(norm.text) + 1)]
        marked, triggers = [], []
        for start, end, label, word in marks:
            n_start = bisect_left(positions, start)
            n_end = max(n_start + 1, bisect_left(positions, end))
            sentence = next((s.index for s in doc.sentences if s.start <= n_start < s.end), None)
            if sentence is None:
                continue
            marked.append((label, word))
            triggers.append((sentence, n_start, n_end))
        out = []
        # The runtime's own feature function (the compiled engine's), so training and the stage cannot drift.
        for (label, word), (feats, indices, _guard) in zip(marked, realis.features(doc, self.model, triggers)):
            out.append(Example(item, label, word, tuple(feats), frozenset(indices)))
        return out

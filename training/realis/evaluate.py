"""Score the shipped filter on a file of marked sentences (the corpus line format, see data.py).

    .venv/bin/python -m training.realis.evaluate FILE.jsonl [--by-lang] [--errors]

Each mark is classified exactly as the stage would (features, weights, thresholds, the foiled-act
rule), independently of which triggers the lexicon knows, so the figure measures the filter alone.
Reports accuracy, and precision/recall of dropping (label `nonevent`) and of each other label.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from streams.extract import realis
from training.realis.data import LABELS, Featurizer, Item, strip_marks


def decide_item(featurizer: Featurizer, item: Item) -> list[tuple[str, str, str, tuple[float, ...]]]:
    """(gold, predicted, trigger, probabilities) for each mark of the item."""
    model = featurizer.model
    text, marks = strip_marks(item.text, item.label)
    doc = featurizer.doc(item, text)
    out = []
    for ex in featurizer.examples(item):
        probs = realis.probabilities(model, set(ex.indices))
        label = realis.decide(probs, realis.guard_classes(ex.features, model.drop_requires_anywhere), model.drop_threshold, model.verbal_threshold, model.drop_requires)
        out.append((ex.label, label, ex.trigger, probs))
    del doc, marks
    return out


def prf(pairs: list[tuple[str, str]], label: str) -> dict:
    tp = sum(g == p == label for g, p in pairs)
    fp = sum(p == label != g for g, p in pairs)
    fn = sum(g == label != p for g, p in pairs)
    return {"precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None, "support": tp + fn}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--errors", action="store_true", help="print the misclassified marks")
    args = parser.parse_args()
    featurizer = Featurizer(realis.load_model())
    rows = [json.loads(line) for line in args.file.read_text("utf-8").splitlines() if line.strip()]
    results = []
    for row in rows:
        item = Item(row["lang"], row.get("s", "real"), row["y"], row["t"], bool(row.get("h")),
                    row.get("published", "2024-06-12T10:00:00+00:00"))
        for gold, pred, trigger, probs in decide_item(featurizer, item):
            results.append((row["lang"], gold, pred, trigger, probs, row["t"]))
    for lang in ("all", "en", "ar"):
        pairs = [(g, p) for la, g, p, *_ in results if lang in ("all", la)]
        if not pairs:
            continue
        # "Kept" = any label but nonevent: what the pipeline keeps as an event.
        kept = [("kept" if g != "nonevent" else "dropped", "kept" if p != "nonevent" else "dropped") for g, p in pairs]
        report = {"n": len(pairs), "accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 3),
                  "drop": prf(kept, "dropped"), "keep": prf(kept, "kept"),
                  **{label: prf(pairs, label) for label in LABELS}}
        print(lang, json.dumps(report))
    print("confusions (gold -> predicted):", dict(Counter((g, p) for _, g, p, *_ in results if g != p)))
    if args.errors:
        for lang, gold, pred, trigger, probs, text in results:
            if gold != pred:
                print(f"{lang} {gold:10s} -> {pred:10s} {' '.join(f'{x:.2f}' for x in probs)} [{trigger}] {text[:160]}")


if __name__ == "__main__":
    main()

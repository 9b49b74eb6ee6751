"""Train the realised-event filter and write its weights (streams/dictionaries/realis/).

    .venv/bin/pip install -c constraints.txt -e '.[train]'
    .venv/bin/python -m training.realis.train [--per-frame 45] [--dry-run]

1. The corpus: the hand-written lines in corpus/*.jsonl and, for volume, sentences generated from
   frames_*.json (generate.py; seeded, so the same every run).
2. Validation by style: a model is fitted without any broadcaster (b), long multi-clause (l) or
   quote (q) line and scored on the hand-written lines of those styles, so that the figure reflects
   text unlike its training style (REGULARISATION_C and DROP_THRESHOLD say how those were chosen).
3. The shipped model is then fitted on everything with that C and written as model.json (version,
   labels, bias, thresholds, corpus counts, validation figures) and weights.tsv (one line per
   feature index with a non-negligible weight). scikit-learn is a training dependency only: the
   stage reads the two files and computes a dot product.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from streams.extract import realis
from training.realis.data import LABELS, Example, Featurizer, read_corpus
from training.realis.generate import generate

HERE = Path(__file__).resolve().parent
HELD_OUT_STYLES = frozenset({"b", "l", "q"})
PRUNE = 5e-3  # weights below this in every label change no decision on the real sample; the file is a third smaller
# Word classes that are evidence of "no event": without one of them in the sentence nothing is dropped.
DROP_REQUIRES = ("sport", "disaster", "weapon", "drill", "metaphor", "market", "opinion", "crime", "generic", "history", "hypothetical",
                 "foil", "campaign", "health", "stats")
# ... of which these count anywhere in the sentence (a scoreline at its end still makes a match report).
DROP_REQUIRES_ANYWHERE = ("sport", "drill", "campaign", "opinion")
VERBAL_THRESHOLD = 0.6
# The probability of `nonevent` at which a candidate is dropped. Chosen on a development half of real
# wire sentences (kept outside the repository): 0.8 dropped with precision 0.92 and kept 98% of the
# real events there, 0.7 kept 96%, 0.9 dropped only a third of the non-events.
DROP_THRESHOLD = 0.8
# Regularisation: on the held-out styles C between 1 and 10 scored within a point of accuracy of one
# another, while a large C made the drops of unseen real text more confident and more often wrong.
REGULARISATION_C = 3.0


def matrix(examples: list[Example], dim: int):  # noqa: ANN201 - scipy sparse matrix
    from scipy.sparse import csr_matrix

    rows, cols = [], []
    for r, ex in enumerate(examples):
        for c in sorted(ex.indices):
            rows.append(r)
            cols.append(c)
    return csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(examples), dim))


def fit(examples: list[Example], c: float, dim: int):  # noqa: ANN201 - LogisticRegression
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(matrix(examples, dim), [LABELS.index(e.label) for e in examples])
    return model




def report(examples: list[Example], probabilities, threshold: float) -> dict:  # noqa: ANN001
    """Accuracy, and precision/recall of dropping (`nonevent`) and of each kept label, with the
    stage's own decision rule (realis.decide)."""
    predicted = [realis.decide(list(p), realis.guard_classes(e.features, frozenset(DROP_REQUIRES_ANYWHERE)), threshold, VERBAL_THRESHOLD, frozenset(DROP_REQUIRES))
                 for e, p in zip(examples, probabilities)]
    gold = [e.label for e in examples]
    out: dict = {"n": len(gold), "accuracy": round(sum(g == p for g, p in zip(gold, predicted)) / max(1, len(gold)), 4)}
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        fp = sum(p == label != g for g, p in zip(gold, predicted))
        fn = sum(g == label != p for g, p in zip(gold, predicted))
        out[label] = {"precision": round(tp / (tp + fp), 4) if tp + fp else None,
                      "recall": round(tp / (tp + fn), 4) if tp + fn else None, "support": tp + fn}
    # Kept as an event at all (event, background or verbal) versus dropped.
    kept_gold = [g != "nonevent" for g in gold]
    kept_pred = [p != "nonevent" for p in predicted]
    tp = sum(a and b for a, b in zip(kept_gold, kept_pred))
    out["events_kept"] = {"recall": round(tp / max(1, sum(kept_gold)), 4)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-frame", type=int, default=45, help="generated sentences per frame")
    parser.add_argument("--version", default=None, help="model version (default: from model.json, +1)")
    parser.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
    parser.add_argument("--drop-threshold", type=float, default=DROP_THRESHOLD)
    parser.add_argument("-C", type=float, default=REGULARISATION_C, help="inverse regularisation strength")
    args = parser.parse_args()

    items = read_corpus(HERE / "corpus")
    hand = len(items)
    for lang in ("en", "ar"):
        items += generate(lang, args.per_frame)
    featurizer = Featurizer()
    dim = realis.FEATURE_DIM
    examples = [ex for item in items for ex in featurizer.examples(item)]
    counts = Counter((e.item.lang, e.label) for e in examples)
    print(f"items: {hand} hand-written, {len(items) - hand} generated; examples: {len(examples)}")
    print("by language and label:", dict(sorted(counts.items())))

    train = [e for e in examples if e.item.style not in HELD_OUT_STYLES]
    held = [e for e in examples if e.item.style in HELD_OUT_STYLES and e.item.source == "hand"]
    best = None
    for c in (args.C,):
        model = fit(train, c, dim)
        probs = model.predict_proba(matrix(held, dim))
        for threshold in sorted({0.5, 0.7, 0.9, args.drop_threshold}):
            rep = report(held, probs, threshold)
            ne = rep["nonevent"]
            print(f"C={c:<5} drop>={threshold}: acc {rep['accuracy']:.3f}  nonevent P {ne['precision']} R {ne['recall']}  "
                  f"events kept R {rep['events_kept']['recall']}")
            if threshold == args.drop_threshold:
                best = (None, c, threshold, rep)
    _, c, threshold, validation = best
    print(f"chosen: C={c}, drop threshold {threshold}; held-out styles {sorted(HELD_OUT_STYLES)}: {json.dumps(validation)}")
    if args.dry_run:
        return

    final = fit(examples, c, dim)
    out_dir = Path(str(realis.MODEL_DIR))
    meta_path = out_dir / "model.json"
    previous = json.loads(meta_path.read_text("utf-8"))["version"] if meta_path.exists() else "realis-0"
    version = args.version or f"realis-{int(previous.rsplit('-', 1)[1]) + 1}"
    coef = final.coef_  # (labels, dim)
    used = sorted({i for e in examples for i in e.indices})
    lines = [f"# realised-event filter {version}: feature index (CRC-32 & {dim - 1}) and one weight per label: "
             + " ".join(LABELS)]
    kept = 0
    for idx in used:
        column = [float(coef[k, idx]) for k in range(len(LABELS))]
        if max(abs(w) for w in column) < PRUNE:
            continue
        lines.append(f"{idx}\t" + "\t".join(f"{w:.3f}" for w in column))
        kept += 1
    (out_dir / "weights.tsv").write_text("\n".join(lines) + "\n", "utf-8")
    meta = {
        "version": version,
        "labels": list(LABELS),
        "dim": dim,
        "bias": [round(float(b), 6) for b in final.intercept_],
        "thresholds": {"drop_nonevent": threshold, "verbal": VERBAL_THRESHOLD, "drop_requires": list(DROP_REQUIRES),
                       "drop_requires_anywhere": list(DROP_REQUIRES_ANYWHERE)},
        "trained_on": {"hand_written_items": hand, "generated_items": len(items) - hand, "examples": len(examples),
                       "by_language_and_label": {f"{lang}/{label}": n for (lang, label), n in sorted(counts.items())}},
        "regularisation_C": c,
        "validation_held_out_styles": {"styles": sorted(HELD_OUT_STYLES), **validation},
        "features": "see streams/extract/realis.py and this folder's README.md",
    }
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {meta_path} and weights.tsv ({kept} weighted features), version {version}")


if __name__ == "__main__":
    main()

"""Precision and recall of the near-duplicate rule on pairs built from our own stories.

    .venv/bin/python bench/dedup_pairs.py [--json out.json]

eval/dedup/stories.jsonl holds short news stories we wrote for this (English and Arabic), two
independent wordings ("a" and "b") of each of eight events. Pairs, built deterministically:

- duplicates (must be joined): each story against itself as a syndicated copy with site
  furniture around it, a light edit (a sentence dropped, one added, a few words and figures
  changed), a truncated copy (the first three quarters), and furniture plus a light edit;
- hard negatives (must stay apart): the two wordings of one event (same actors, place and day),
  a light edit of one against the other, and a follow-up story (eval/dedup/followups.jsonl: a new
  lead about a later development) that repeats the second half of the original as background, as
  wire updates do;
- negatives: every pair of stories about different events in the same language.

For shingle sizes 3 to 5 and thresholds 0.20 to 0.90 the table gives precision, recall and F1 of
the MinHash estimate (the worker's comparison) and, for reference, of the exact Jaccard of the
shingle sets; the last line checks the values in streams/incidents/rules.json.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streams.incidents import sketch  # noqa: E402
from streams.incidents.keys import rules  # noqa: E402

STORIES = ROOT / "eval" / "dedup" / "stories.jsonl"
FOLLOWUPS = ROOT / "eval" / "dedup" / "followups.jsonl"
FURNITURE = {
    "en": (["Home | World | Middle East | Politics", "By our staff reporter", "Published 4 March 2025, 10:42"],
           ["Read more: Oil prices climb as supply worries grow", "Subscribe to our newsletter for the latest updates",
            "Follow us on social media", "© 2025 The Daily Courier. All rights reserved."]),
    "ar": (["الرئيسية | أخبار | الشرق الأوسط", "بقلم: محرر الشؤون الدولية", "نشر في 4 مارس 2025"],
           ["اقرأ أيضا: ارتفاع أسعار النفط وسط مخاوف بشأن الإمدادات", "تابعونا على مواقع التواصل الاجتماعي",
            "للمزيد من الأخبار اشترك في نشرتنا", "جميع الحقوق محفوظة 2025"]),
}
ADDED = {"en": "The news agency contributed reporting to this story.", "ar": "وساهمت وكالة الأنباء في إعداد هذا التقرير."}
SWAPS = {
    "en": {"said": "stated", "Tuesday": "Tuesday evening", "at least": "no fewer than", "officials": "sources", "about": "around"},
    "ar": {"قال": "أكد", "يوم": "نهار", "على الأقل": "في أقل تقدير", "بحسب": "وفق", "نحو": "قرابة"},
}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?؟])\s+", text) if s.strip()]


def with_furniture(text: str, lang: str, rng: random.Random) -> str:
    head, foot = FURNITURE[lang]
    return "\n".join(rng.sample(head, 2) + [text] + rng.sample(foot, 3))


def light_edit(text: str, lang: str, rng: random.Random) -> str:
    parts = sentences(text)
    if len(parts) >= 4:
        del parts[rng.randrange(1, len(parts))]
    edited = " ".join(parts) + " " + ADDED[lang]
    for old, new in list(SWAPS[lang].items())[:3]:
        edited = edited.replace(old, new, 1)
    return re.sub(r"\b(seven|three|forty|سبعة|ثلاثة|أربعين)\b", lambda m: {"seven": "eight", "three": "four", "forty": "fifty",
                                                                        "سبعة": "ثمانية", "ثلاثة": "أربعة", "أربعين": "خمسين"}[m[0]],
                  edited, count=1)


def truncated(text: str, lang: str, rng: random.Random) -> str:
    parts = sentences(text)
    return " ".join(parts[: max(2, (3 * len(parts) + 3) // 4)])


TRANSFORMS = {
    "furniture": with_furniture,
    "light edit": light_edit,
    "truncated": truncated,
    "furniture + edit": lambda t, lang, rng: with_furniture(light_edit(t, lang, rng), lang, rng),
}


def pairs() -> list[tuple[str, str, str, bool]]:
    """(kind, text a, text b, duplicate?) for every constructed pair."""
    stories = [orjson.loads(line) for line in STORIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(20250304)
    out: list[tuple[str, str, str, bool]] = []
    for story in stories:
        for name, transform in TRANSFORMS.items():
            out.append((f"duplicate: {name}", story["text"], transform(story["text"], story["lang"], rng), True))
    followups = [orjson.loads(line) for line in FOLLOWUPS.read_text(encoding="utf-8").splitlines() if line.strip()]
    for story in stories:
        for followup in followups:
            if followup["event"] == story["event"] and followup["lang"] == story["lang"]:
                body = sentences(story["text"])
                background = " ".join(body[len(body) // 2 :])
                out.append(("hard negative: follow-up repeating the background", story["text"], followup["lead"] + " " + background, False))
    for first, second in itertools.combinations(stories, 2):
        if first["lang"] != second["lang"]:
            continue
        if first["event"] == second["event"]:
            out.append(("hard negative: other wording of the event", first["text"], second["text"], False))
            out.append(("hard negative: edited wording vs the other", light_edit(first["text"], first["lang"], rng), second["text"], False))
        else:
            out.append(("negative: other event", first["text"], second["text"], False))
    return out


def measure(size: int) -> list[tuple[str, float, float, bool]]:
    """(kind, MinHash estimate, exact Jaccard, duplicate?) with shingles of `size` words."""
    from datasketch import MinHash

    params = rules()["duplicates"]
    rows = []
    for kind, a, b, duplicate in pairs():
        grams_a, grams_b = (sketch.shingles(sketch.words(t), size) for t in (a, b))
        hashes = []
        for grams in (grams_a, grams_b):
            minhash = MinHash(num_perm=params["num_perm"], seed=params["seed"], scheme=params["scheme"])
            minhash.update_batch(list(grams))
            hashes.append(minhash)
        exact = len(grams_a & grams_b) / len(grams_a | grams_b)
        rows.append((kind, float(hashes[0].jaccard(hashes[1])), exact, duplicate))
    return rows


def scores(rows: list[tuple[str, float, float, bool]], threshold: float, column: int) -> tuple[float, float, float]:
    joined = [row for row in rows if row[column] >= threshold]
    true = sum(1 for row in joined if row[3])
    positives = sum(1 for row in rows if row[3])
    precision = true / len(joined) if joined else 1.0
    recall = true / positives if positives else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    params = rules()["duplicates"]
    report: dict = {"pairs": {}, "grid": []}
    for kind, *_ in pairs():
        report["pairs"][kind] = report["pairs"].get(kind, 0) + 1
    print("pairs:", ", ".join(f"{k} {v}" for k, v in report["pairs"].items()))
    print(f"{'shingle':>7} {'threshold':>9}  {'MinHash P':>9} {'R':>6} {'F1':>6}   {'exact P':>8} {'R':>6}")
    for size in (3, 4, 5):
        rows = measure(size)
        for step in range(14, 91, 4):
            threshold = step / 100
            p, r, f = scores(rows, threshold, 1)
            ep, er, _ = scores(rows, threshold, 2)
            report["grid"].append({"shingle_words": size, "threshold": threshold, "precision": p, "recall": r, "f1": f,
                                   "exact_precision": ep, "exact_recall": er})
            print(f"{size:>7} {threshold:>9.2f}  {p:>9.3f} {r:>6.3f} {f:>6.3f}   {ep:>8.3f} {er:>6.3f}")
        highest_negative = max(row[1] for row in rows if not row[3])
        lowest_duplicate = min(row[1] for row in rows if row[3])
        print(f"        shingles of {size}: highest non-duplicate {highest_negative:.3f}, lowest duplicate {lowest_duplicate:.3f}")
    rows = measure(params["shingle_words"])
    p, r, f = scores(rows, params["threshold"], 1)
    by_kind = {}
    for kind, estimate, _, duplicate in rows:
        hit = estimate >= params["threshold"]
        by_kind.setdefault(kind, [0, 0])[0 if hit == duplicate else 1] += 1
    report["chosen"] = {**{k: params[k] for k in ("shingle_words", "threshold", "num_perm")}, "precision": p, "recall": r, "f1": f,
                        "by_kind": {k: {"right": v[0], "wrong": v[1]} for k, v in by_kind.items()}}
    print(f"rules.json: shingles of {params['shingle_words']}, threshold {params['threshold']}, {params['num_perm']} permutations: "
          f"precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}")
    for kind, (right, wrong) in by_kind.items():
        print(f"    {kind}: {right} right, {wrong} wrong")
    if args.json:
        args.json.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main()

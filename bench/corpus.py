"""The benchmark corpus: seeded, realistic ~3 KB wire stories in Arabic and English.

Each article is composed from our own development examples (eval/gold/*.jsonl, the extraction
fixtures in tests/fixtures/extract/ and the seed story's paragraphs), so every article carries
actors, places, dates and speech verbs the extractor really codes. The same seed gives the same
articles, byte for byte, in every run and on every machine (no clock, no hash randomisation).

    .venv/bin/python bench/corpus.py --count 4 --lang ar      # print a few as JSONL
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
SEED = 20240514
TARGET_BYTES = 3000  # UTF-8 bytes of `text` (Arabic letters take two bytes each)
LANGS = ("ar", "en")

# Offsets of the newsrooms the stories are dated in (the extractor resolves "on Thursday" against them).
UTC_OFFSETS = {"ar": ("+03:00", "+02:00", "+04:00", "+03:30"), "en": ("+00:00", "-05:00", "+01:00")}


def _texts(path: Path) -> list[tuple[str, str | None]]:
    """(text, lang or None) of every row of a JSONL file of ours (gold rows nest the article)."""
    out = []
    for line in path.read_bytes().splitlines():
        if not line.strip():
            continue
        row = orjson.loads(line)
        article = row.get("article", row)
        if isinstance(article.get("text"), str):
            out.append((article["text"].strip(), article.get("lang")))
    return out


@lru_cache(maxsize=1)
def sentence_pool() -> dict[str, tuple[str, ...]]:
    """Sentences per language, from the development set only (sorted, so the order never drifts)."""
    pool: dict[str, set[str]] = {lang: set() for lang in LANGS}
    sources = [
        (ROOT / "eval/gold/ar.jsonl", "ar"),
        (ROOT / "eval/gold/en.jsonl", "en"),
        (ROOT / "tests/fixtures/extract/dev_ar.jsonl", "ar"),
        (ROOT / "tests/fixtures/extract/dev_en.jsonl", "en"),
    ]
    for path, lang in sources:
        if path.exists():
            for text, row_lang in _texts(path):
                pool[row_lang or lang].add(text)
    seed = orjson.loads((ROOT / "tests/fixtures/seed_article.json").read_bytes())
    for paragraph in seed["text"].split("\n\n"):
        paragraph = paragraph.strip()
        # Skip the bullet list and the "read also" footer: real text only.
        if len(paragraph.encode()) > 80 and not paragraph.startswith("•"):
            pool["ar"].add(paragraph)
    result = {lang: tuple(sorted(texts)) for lang, texts in pool.items()}
    for lang, texts in result.items():
        if len(texts) < 10:
            raise SystemExit(f"bench corpus: only {len(texts)} {lang} sentences found in the development set")
    return result


def article(n: int, lang: str, *, seed: int = SEED, target_bytes: int = TARGET_BYTES) -> dict[str, Any]:
    """Article number `n` of language `lang`: a headline sentence, then paragraphs of 1-3 sentences."""
    rng = random.Random(f"{seed}:{lang}:{n}")
    sentences = sentence_pool()[lang]
    headline = rng.choice(sentences)
    paragraphs = [headline]
    size = len(headline.encode())
    while size < target_bytes:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3)))
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 2
    published = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=37 * n + rng.randint(0, 36))
    offset = rng.choice(UTC_OFFSETS[lang])
    return {
        "id": f"bench-{lang}-{n:06d}",
        "lang": lang,
        "title": headline[:120],
        "published": published.strftime("%Y-%m-%dT%H:%M:%S") + offset,
        "source": "bench",
        "text": "\n\n".join(paragraphs),
    }


def articles(count: int, *, langs: tuple[str, ...] = LANGS, seed: int = SEED, start: int = 0) -> list[dict[str, Any]]:
    """`count` articles alternating languages, numbered from `start` (disjoint ranges, disjoint ids)."""
    return [article(start + i, langs[i % len(langs)], seed=seed) for i in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=4)
    parser.add_argument("--lang", choices=[*LANGS, "both"], default="both")
    args = parser.parse_args()
    langs = LANGS if args.lang == "both" else (args.lang,)
    for item in articles(args.count, langs=langs):
        sys.stdout.buffer.write(orjson.dumps(item) + b"\n")


if __name__ == "__main__":
    main()

"""Sentences from the frames in frames_en.json / frames_ar.json (seeded, deterministic)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from training.realis.data import Item

HERE = Path(__file__).resolve().parent
_SLOT = re.compile(r"\{(=[^}]*|[A-Z_]+)\}")
_STYLES_PUBLISHED = ("2022-03-15T09:00:00+00:00", "2023-01-20T12:00:00+03:00", "2023-10-25T08:00:00+00:00",
                     "2024-06-12T10:00:00+00:00", "2024-11-05T16:00:00+02:00", "2025-04-02T07:30:00+00:00")


def _render(template: str, slots: dict[str, list[str]], rng: random.Random) -> str:
    picks = []
    gender = None
    for m in _SLOT.finditer(template):
        name = m.group(1)
        if name.startswith("="):
            picks.append(None)
            continue
        value = rng.choice(slots[name])
        if gender is None and value[:2] in ("m:", "f:"):
            gender = value[0]
        picks.append(value)
    feminine = gender == "f"
    it = iter(picks)

    def fill(m: re.Match[str]) -> str:
        value = next(it)
        if value is None:  # {=masculine/feminine}
            masc, _, fem = m.group(1)[1:].partition("/")
            return fem if feminine else masc
        if value[:2] in ("m:", "f:"):
            value = value[2:]
        if "|" in value:
            masc, _, fem = value.partition("|")
            value = fem if feminine else masc
        return value

    return _SLOT.sub(fill, template)


def generate(lang: str, per_frame: int, seed: int = 20250110) -> list[Item]:
    spec = json.loads((HERE / f"frames_{lang}.json").read_text("utf-8"))
    rng = random.Random(f"{seed}-{lang}")
    items = []
    seen: set[str] = set()
    for frame in spec["frames"]:
        made = 0
        for _ in range(per_frame * 3):
            text = _render(frame["t"], spec["slots"], rng)
            text = text[0].upper() + text[1:] if lang == "en" else text
            if text in seen:
                continue
            seen.add(text)
            items.append(Item(lang, frame["s"], frame["y"], text, bool(frame.get("h")), rng.choice(_STYLES_PUBLISHED),
                              source="gen"))
            made += 1
            if made == per_frame:
                break
    return items

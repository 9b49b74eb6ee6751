"""Generated wire-style articles for replay tests and the replay benchmark (not news: templates).

Deterministic for a given seed, varied in actors, verbs and places so the extractor has real work.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

LEADERS = [
    "Egyptian President", "Turkish President", "Russian President", "Iranian Foreign Minister",
    "Jordanian King", "Saudi Crown Prince", "French President", "German Chancellor",
    "Israeli Prime Minister", "Iraqi Prime Minister", "Qatari Emir", "Ukrainian President",
    "Syrian President", "Lebanese Prime Minister", "US Secretary of State", "Chinese Foreign Minister",
]
ACTS = [
    "met", "held talks with", "spoke by telephone with", "criticized", "accused", "threatened",
    "signed an agreement with", "praised", "condemned", "hosted",
]
PLACES = ["Cairo", "Ankara", "Moscow", "Tehran", "Amman", "Riyadh", "Paris", "Berlin", "Baghdad", "Doha", "Kyiv", "Beirut"]
TOPICS = ["regional security", "trade", "energy supplies", "the war in Ukraine", "the situation in Gaza", "refugees", "water sharing"]


def generated_articles(count: int, *, seed: int = 7, start: datetime | None = None, prefix: str = "gen") -> list[dict[str, Any]]:
    rng = random.Random(seed)
    base = start or datetime(2024, 1, 1, tzinfo=UTC)
    out = []
    for n in range(count):
        a, b = rng.sample(LEADERS, 2)
        act, place, topic = rng.choice(ACTS), rng.choice(PLACES), rng.choice(TOPICS)
        title = f"{a} {act} {b}"
        text = (
            f"{title}\n\nThe {a} {act} the {b} in {place} on Monday about {topic}, officials said. "
            f"Item {n}: the talks covered {rng.choice(TOPICS)} and {rng.randint(2, 40)} other issues."
        )
        published = (base + timedelta(minutes=7 * n)).isoformat()
        out.append({"id": f"{prefix}-{n:06d}", "title": title, "text": text, "lang": "en", "published": published, "source": "synthetic"})
    return out

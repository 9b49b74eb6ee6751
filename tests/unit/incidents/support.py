"""Event documents and evidence for the incident tests, built by hand (no pipeline)."""

from __future__ import annotations

from typing import Any

from streams.incident_models import ArticleRef, Evidence
from streams.incidents import sketch
from streams.incidents.evidence import mention
from streams.incidents.keys import incident_id, incident_key, rules_version


def actor(code: str, country: str | None) -> dict[str, Any]:
    return {"text": code, "name": code, "code": code, "country": country, "sector": code[3:] or None, "start": 0, "end": 1}


def event_doc(event_id: str, article_id: str, *, plover: str = "CONSULT", sources=("RUSGOV",), targets=("TURGOV",),
              date: str | None = "2025-03-04", precision: str | None = "day", confidence: float = 0.9,
              modality=("asserted",), reciprocal: bool = True, venue: str | None = None, published: str = "2025-03-04T10:00:00+00:00",
              lang: str = "en") -> dict[str, Any]:
    def country(code: str) -> str | None:
        return code[:3] if len(code) >= 3 and code[:3].isalpha() and code[:3] not in ("IGO", "NGO") else None

    return {
        "event_id": event_id, "article_id": article_id, "lang": lang, "@timestamp": f"{date}T00:00:00+00:00" if date else published,
        "date": date, "date_text": None, "date_precision": precision,
        "event": {"cameo": "041", "cameo_root": "04", "plover": plover, "mode": "phone", "goldstein": 1.0, "quad_class": 1,
                  "modality": list(modality), "text": "spoke", "created": None},
        "source_actor": [actor(c, country(c)) for c in sources], "target_actor": [actor(c, country(c)) for c in targets],
        "reciprocal": reciprocal,
        "location": {"name": venue, "country": None, "geo": None, "geonameid": None, "role": "venue"} if venue else None,
        "places": [], "claim_source": None,
        "sentence": {"index": 0, "text": f"sentence of {event_id}", "start": 0, "end": 10},
        "confidence": confidence, "why": ["test"], "coder_version": "t", "dictionary_version": "t",
        "article_title": f"title of {article_id}", "published": published,
    }


def evidence(article_id: str, events: list[dict[str, Any]], *, source: str | None = None, lang: str = "en",
             text: str | None = None, published: str = "2025-03-04T10:00:00+00:00") -> Evidence:
    tokens = sketch.words(text if text is not None else f"a text of its own about {article_id} " * 3)
    ref = ArticleRef(article_id, source or f"outlet-{article_id}", lang, published, sketch.text_hash(tokens), sketch.sketch(tokens))
    key = incident_key(events[0])
    assert all(incident_key(e) == key for e in events)
    return Evidence(key, incident_id(key), rules_version(), ref, tuple(mention(e) for e in events))

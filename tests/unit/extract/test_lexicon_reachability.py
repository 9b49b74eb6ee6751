"""Every CAMEO three-digit code is reachable in both languages from the lexicon's own entries.

For each code and language a sentence is built from a trigger entry of that code (or of a
four-digit code under it): a subject actor from the actor dictionary, the trigger in one of its
generated forms, the object the entry needs (if any) and an object actor. The pipeline must code it
with that code or a more specific one under it. Every code must pass; none is skipped."""

from __future__ import annotations

import pytest

from streams.extract.resources import load_actor_rows, read_cameo
from streams.models import Article

# Subject and object actors from the dictionary: heads of state whose names every rule knows.
_SUBJECT, _OBJECT = "putin", "erdogan"
_TEMPLATES = {
    # English is subject-verb-object; a noun trigger also stands after its agent ("Putin's ...").
    "en": ("{s} {t} {o} on Tuesday.", "{s} {t} {n} {o} on Tuesday.", "{s} {t} {n} against {o} on Tuesday.",
           "{s} {t} {n} of {o} on Tuesday.", "{s} {t} {n} with {o} on Tuesday.", "{s} {t} {n} to {o} on Tuesday.",
           "{s} {t} {n} in {o}'s country on Tuesday.", "{s} {t} on Tuesday.", "{s} {t} {n} on Tuesday."),
    # Arabic wire copy is verb-subject-object; a verbal noun follows its agent («شنّ بوتين غارات»).
    "ar": ("{t} {s} {n} {o} يوم الثلاثاء.", "{t} {s} {o} يوم الثلاثاء.", "{t} {s} {n} على {o} يوم الثلاثاء.",
           "{t} {s} {n} ضد {o} يوم الثلاثاء.", "{s} {t} {n} {o} يوم الثلاثاء.", "{t} {s} {n} مع {o} يوم الثلاثاء.",
           "{t} {s} {n} إلى {o} يوم الثلاثاء.", "{t} {s} {n} يوم الثلاثاء.", "{t} {s} يوم الثلاثاء."),
}
_FORMS_PER_ENTRY = 6


def _names(lang: str) -> tuple[str, str]:
    rows = {r["id"]: r for r in load_actor_rows()}
    return rows[_SUBJECT][lang][0], rows[_OBJECT][lang][0]


def _sentences(lang: str, entry_rows: list[dict]):
    subject, obj = _names(lang)
    for row in entry_rows:
        needs = row.get("needs") or [""]
        forms = [f for f in row.get("forms", []) + row.get("nominal", [])][:_FORMS_PER_ENTRY]
        for form in forms:
            for need in needs[:3]:
                for template in _TEMPLATES[lang]:
                    if "{n}" not in template and need:
                        continue
                    yield template.format(s=subject, t=form, n=need, o=obj).replace("  ", " ")


def _rows(pipeline, lang: str) -> list[dict]:
    from streams.extract.resources import DICTIONARY_DIR, read_jsonl

    return [r for r in read_jsonl(DICTIONARY_DIR / f"triggers_{lang}.jsonl") if "provenance" not in r]


def _reaches(pipeline, lang: str, code: str, rows: list[dict]) -> str | None:
    for i, text in enumerate(_sentences(lang, rows)):
        article = Article(id=f"reach-{lang}-{code}-{i}", lang=lang, text=text, published="2024-03-14T10:00:00+00:00")
        for event in pipeline.run_strict(article).events:
            if event.event.cameo.startswith(code):
                return text
    return None


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_cameo_three_digit_code_is_reachable(pipeline, lang):
    codes = sorted(c for c in read_cameo() if len(c) == 3)
    rows = _rows(pipeline, lang)
    missing = []
    for code in codes:
        # Entries of the code first, then those of the four-digit codes under it.
        own = [r for r in rows if r["cameo"] == code] + [r for r in rows if r["cameo"].startswith(code) and r["cameo"] != code]
        if not own or _reaches(pipeline, lang, code, own) is None:
            missing.append(code)
    assert not missing, f"{lang}: CAMEO codes no generated sentence is coded with: {missing}"

"""Stage 9: modality. Negated, future/intended, possible and conditional events are marked, never
dropped and never coded as if they had happened ("asserted" alone when no cue applies)."""

from __future__ import annotations


import re

from streams.extract.context import Candidate, Doc, has_parties, matches_of, replace
from streams.extract.resources import Resources

_IMPERFECT = ("ي", "ت", "ن")  # «أ» (first person) is rare in news and collides with perfect verbs (أجرى)
_FUTURE_VERB = re.compile(r"[وف]?(س[يتن][\u0621-\u064a]{2,})")
_FIRST_WORD = re.compile(r"[\s\"'،,]*([وف]?)(س[يتن][\u0621-\u064a]{2,})")
# Words that merely start like «سيـ/ستـ/سنـ» futures.
_NOT_FUTURE = frozenset(
    "سياسه سياسي سياسيه سياسات سيطره سيناء سياره سيارات سته ستين سيد سيده سيول ستار سيف سيدي سياده سيادي "
    "سياق سير سيره سيرت سيروا سيرا ستوكهولم سنه سنوات سنوي سنويا سنغافوره سيريلانكا سيول سيئه سينما".split()
)
_ORDER = ("negated", "future", "possible", "conditional")


def classify(doc: Doc, cand: Candidate, resources: Resources) -> Candidate:
    text = doc.norm.text  # type: ignore[union-attr]
    t = cand.trigger
    found: set[str] = set()
    why = list(cand.why)
    surface = t.prefix + t.key
    if t.entry.script == "ar" and _FUTURE_VERB.match(surface) and _FUTURE_VERB.match(surface).group(1) not in _NOT_FUTURE:
        found.add("future")
        why.append("modality:future-prefix-س")
    elif t.entry.script == "ar" and cand.part_start < t.start:
        # «ستفرض تركيا عقوبات»: the clause's verb carries the future prefix, the trigger is a noun.
        first = _FIRST_WORD.match(text, cand.part_start, t.start)
        if first and first.group(2) not in _NOT_FUTURE:
            found.add("future")
            why.append("modality:future-prefix-س")
    root = resources.triggers[t.entry.ref].cameo[:2]
    # Conditions and futures after a verbal act belong to what is threatened or demanded.
    verbal_act = root in resources.groups.content_after_trigger
    sentence = doc.sentences[cand.sentence]
    for m in matches_of(doc, "mod", sentence.start, cand.clause_end):
        kind = m.entry.ref
        if m.start < cand.clause_start and kind != "denied":
            continue
        before_trigger = cand.part_start <= m.start and m.end <= t.start
        if kind == "denied":
            # «نفى الكرملين أن يكون بوتين قد أجرى اتصالاً»: a denial covers the reported clause.
            ok = m.end <= t.start
            kind = "negated"
        elif kind == "negated_future":
            ok = before_trigger and (t.start - m.end) <= 40
            if ok:
                found.add("future")
            kind = "negated"
        elif kind == "conditional":
            ok = m.start >= cand.part_start and not (verbal_act and m.start > t.end)
        elif kind in ("negated", "possible"):
            ok = before_trigger and (t.start - m.end) <= 40
        elif kind == "future_after":
            ok = not verbal_act and m.start >= t.end and m.start - t.end <= 60
            kind = "future"
        else:
            ok = before_trigger
        if not ok:
            continue
        if m.key == "قد":
            # «قد» + imperfect is "may"; «قد» + perfect is "already" (no modality).
            nxt = text[m.end:m.end + 5].lstrip()
            if not nxt.startswith(_IMPERFECT) or nxt.startswith(("تم", "تحقق")):
                continue
        found.add(kind)
        why.append(f"modality:{kind}:{m.key}")
    modality = tuple(k for k in _ORDER if k in found) or ("asserted",)
    return replace(cand, modality=modality, why=tuple(why))


def run(doc: Doc, resources: Resources) -> Doc:
    return replace(doc, candidates=tuple(classify(doc, c, resources) if has_parties(c) else c for c in doc.candidates))

"""Stage (after modality, before realis): conditional threats.

"Israel will strike Hezbollah across Lebanon if the rocket fire continues", «ستفرض واشنطن عقوبات
إذا ...»: a coercive act (force, sanctions, repression, deployment) that a party says it will do if
something else happens has not happened; what happened is the threat, an asserted THREATEN
(eval/README.md: "X warned it would strike if ...": THREATEN, asserted). The act keeps its doer
and its target; its code becomes the matching threat code (`conditional_threat` in
cameo_rules.json: strike → 138, sanctions → 1312, ...).
«سترد إيران بقوة» carries its future in the threat's own verb: the threat is made now."""

from __future__ import annotations

from streams.extract.context import Candidate, Doc, has_parties, matches_of, replace
from streams.extract.resources import Resources

def _has_conditional_cue(doc: Doc, cand: Candidate) -> bool:
    sentence = doc.sentences[cand.sentence]
    return any(m.entry.ref == "conditional" for m in matches_of(doc, "mod", sentence.start, sentence.end))


def _threat_code(cand: Candidate, resources: Resources) -> str | None:
    base = cand.cameo or resources.triggers[cand.trigger.entry.ref].cameo
    return resources.threat_codes.get(base) or resources.threat_codes.get(base[:2])


def _own_future(cand: Candidate) -> bool:
    surface = cand.trigger.prefix + cand.trigger.key
    return surface.lstrip("وف").startswith("س")


def run(doc: Doc, resources: Resources) -> Doc:
    if not resources.threat_codes or doc.norm is None:
        return doc
    candidates = list(doc.candidates)
    for i, cand in enumerate(candidates):
        if cand.dropped or not has_parties(cand):
            continue
        code = _threat_code(cand, resources)
        if code is not None:
            if "conditional" not in cand.modality or "future" not in cand.modality or "negated" in cand.modality:
                continue
            if not _has_conditional_cue(doc, cand):
                continue
            candidates[i] = replace(cand, cameo=code, modality=("asserted",),
                                    why=cand.why + (f"rule:conditional-threat:{code}",))
        elif (cand.cameo or resources.triggers[cand.trigger.entry.ref].cameo)[:2] == "13":
            if cand.modality == ("future",) and "modality:future-prefix-س" in cand.why and _own_future(cand):
                candidates[i] = replace(cand, modality=("asserted",), why=cand.why + ("rule:threat-in-the-future-verb",))
    return replace(doc, candidates=tuple(candidates))

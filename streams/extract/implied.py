"""After participants: acts that tell of another act done by their target. Police who disperse, tear-gas or
arrest a crowd of protesters report that the crowd protested («فرقت الشرطة المتظاهرين», "fired
tear gas at protesters"): the dispersal is the coercion, and the protest happened too (the issue 11
annotation convention). Which trigger entries imply what, and of whom, is lexicon data
(`implies` in events_*.jsonl: the implied CAMEO code and the role ids whose group in the target did
it); the implied event's parties are the target group of the act, as participants found it."""

from __future__ import annotations

from dataclasses import replace as replace_entry

from streams.extract.context import Candidate, Doc, replace
from streams.extract.resources import Resources

IMPLIED = "rule:implied-by-act"


def implied_event(cand: Candidate, resources: Resources) -> Candidate | None:
    """The act its target did, when the candidate's entry implies one and its target is that crowd."""
    if cand.dropped:
        return None
    entry = resources.triggers[cand.trigger.entry.ref]
    if entry.implies < 0:
        return None
    roles = {f"role:{r}" for r in entry.implied_roles}
    doers = tuple(a for a in cand.target if roles.intersection(a.why))
    if not doers:
        return None
    implied = resources.triggers[entry.implies]
    trigger = cand.trigger._replace(entry=replace_entry(cand.trigger.entry, ref=entry.implies))
    return cand._replace(trigger=trigger, also_triggers=(), source=doers, target=(), reciprocal=False,
                         why=(f"trigger:{implied.id}={implied.cameo}", IMPLIED))


def run(doc: Doc, resources: Resources) -> Doc:
    out: list[Candidate] = []
    for cand in doc.candidates:
        out.append(cand)
        implied = implied_event(cand, resources)
        if implied is not None:
            out.append(implied)  # beside the act that tells of it, in text order
    if len(out) == len(doc.candidates):
        return doc
    return replace(doc, candidates=tuple(out))

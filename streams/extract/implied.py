"""After participants: acts that tell of another act done by their target or their object.

Police who disperse, tear-gas or shoot at a crowd of protesters report that the crowd protested
(«فرقت الشرطة المتظاهرين», "fired tear gas at protesters"): the dispersal is the coercion, and the
protest happened too (the issue 11 annotation convention). Which trigger entries imply what is
lexicon data (events_*.jsonl):
* `implies` (the implied CAMEO code and the role ids whose group in the act's target did it): the
  implied event is added here, its doers the target group that participants found;
* `object_events` (CAMEO roots): coding already made the event named by the act's object («فرقت
  الشرطة تظاهرة», "dispersed a demonstration", «نفى ... اتهامات ...») a candidate of its own. When
  participants could only lend it the act's own doer (the police did not stage the protest they
  broke up), this stage gives a protest the public of the act's country instead, and any other
  object event no doer.
"""

from __future__ import annotations

from dataclasses import replace as replace_entry

from streams.extract.context import AGENTLESS, ActorMention, Candidate, Doc, replace
from streams.extract.resources import Resources

IMPLIED = "rule:implied-by-act"
OBJECT_EVENT = "rule:implied-object"  # coding's label on an object event
_PROTEST = "14"
_ACCUSE_ROOT, _REJECT_ROOT = "11", "12"
ACCUSATION_DENIED = "rule:accusation-of-the-denied"  # modality.py: the denial does not negate it
_CROWD_SECTOR = "CVL"
_DATE_KINDS = ("rel", "weekday", "month")  # what dates.py reads as a day: «أمس», "on Tuesday", «12 أيار»


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


def _public_of(act: Candidate, resources: Resources) -> ActorMention | None:
    """The public of the country whose forces acted: protesters a police force broke up at home."""
    country = next((a.country for a in act.source if a.country), None)
    if country is None:
        return None
    a = act.source[0]
    name = f"{resources.country_names.get(country, country)} protesters"
    return ActorMention(a.start, a.end, a.word_start, name, country + _CROWD_SECTOR, country, _CROWD_SECTOR, True, "role",
                        (f"public-of-the-act:{country}",))


def _dated(doc: Doc, cand: Candidate) -> bool:
    """A day named in the object event's own words («الهجوم الإسرائيلي على الدوحة أمس»)."""
    return any(m.kind in _DATE_KINDS and cand.clause_start <= m.start < cand.clause_end for m in doc.matches)


_ARABIC_BROKEN_PLURALS = frozenset({"صواريخ", "قذائف", "معارك"})


def _plural(key: str) -> bool:
    """"strikes", «الغارات»: a campaign more than the one act a condemnation reports anew."""
    if key[:1].isascii():
        return key.endswith("s")
    return key.endswith("ات") or key in _ARABIC_BROKEN_PLURALS


def object_event_doers(doc: Doc, cand: Candidate, act: Candidate | None, resources: Resources) -> Candidate:
    """An object event whose doer participants took from the act itself gets its own (or none). An
    attack that is only the object of a condemnation is background unless it is one attack its own
    words date ("condemned the Israeli raids on Rafah" reports the condemnation, not a new raid)."""
    if act is None or OBJECT_EVENT not in cand.why or act.sentence != cand.sentence:
        return cand
    root = resources.triggers[cand.trigger.entry.ref].cameo[:2]
    if root in resources.groups.violent_acts and (_plural(cand.trigger.key) or not _dated(doc, cand)):
        return cand._replace(dropped="object-event-without-its-own-date")
    codes = {a.code for a in act.source}
    if root == _ACCUSE_ROOT and resources.triggers[act.trigger.entry.ref].cameo[:2] == _REJECT_ROOT and act.source \
            and cand.source and codes.isdisjoint(a.code for a in cand.source):
        # "The army denied the RSF's accusation that ...": the accusation is aimed at the one denying it.
        return cand._replace(target=act.source, why=cand.why + (ACCUSATION_DENIED,))
    if not cand.source or {a.code for a in cand.source} != codes:
        return cand
    if root in resources.groups.coercion_at_home and cand.target:
        # "Rights groups condemned the arrest of the opposition leader": the arrest happened, its
        # doer unnamed; who was arrested stays its target.
        return cand._replace(source=(), why=cand.why + ("rule:object-event-own-doers", AGENTLESS))
    public = _public_of(act, resources) if root == _PROTEST else None
    source = (public,) if public is not None else ()
    return cand._replace(source=source, target=(), why=cand.why + ("rule:object-event-own-doers",))


def run(doc: Doc, resources: Resources) -> Doc:
    out: list[Candidate] = []
    act: Candidate | None = None  # the last candidate whose object may be an event of its own
    changed = False
    for cand in doc.candidates:
        fixed = object_event_doers(doc, cand, act, resources)
        changed |= fixed is not cand
        out.append(fixed)
        if resources.triggers[cand.trigger.entry.ref].object_events:
            act = cand
        implied = implied_event(cand, resources)
        if implied is not None:
            out.append(implied)  # beside the act that tells of it, in text order
            changed = True
    if not changed:
        return doc
    return replace(doc, candidates=tuple(out))

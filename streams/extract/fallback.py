"""Stage 8: fallback acts (after participants). Coding makes one candidate per clause from its first act, and for
English also candidates from the clause's later acts (`rule:fallback-trigger`). A later act stands
only when the first one found no party at all ("Speaking after talks with his Turkish counterpart in
Ankara, the Iraqi foreign minister said Baghdad had agreed to extend the deal": the talks have no
subject in their clause, the agreement has one); otherwise, or when the first act was dropped as no
event (sports, a foiled plot, history), the later acts are dropped too. At most one fallback per
clause stands: the first that has a party.

A second act that coding split off at "after/before/as/when" + its own named subject ("pulled out of
Homs as rebel fighters advanced on the city") is dropped when participants could only lend it the
previous clause's subject (`pro-drop-previous-clause`): its own subject was not found, and the other
clause's doer is not its doer."""

from __future__ import annotations

from streams.extract.coding import FALLBACK_TRIGGER
from streams.extract.confidence import party_reason
from streams.extract.context import Doc, replace
from streams.extract.resources import Resources

UNNAMED_CROWD = "rule:unnamed-crowd"
SECOND_ACT = "rule:subordinate-second-act"
PRO_DROP = "rule:pro-drop-previous-clause"



def _no_party(cand, resources: Resources) -> bool:  # noqa: ANN001
    """The first act found no party enough for an event (what confidence drops as `no-source`,
    `adjective-only-source`, `weak-trigger-without-actors`, `bare-country-alone`)."""
    return not cand.dropped and party_reason(cand, resources.triggers[cand.trigger.entry.ref]) is not None


def _named_doer(cand) -> bool:  # noqa: ANN001
    """A doer the text names (a country, an actor, a role), not only an adjective or a crowd inferred
    from the act ("called for fresh demonstrations": organisers' unnamed public)."""
    return any(a.kind != "adjective" for a in cand.source) and UNNAMED_CROWD not in cand.why


def run(doc: Doc, resources: Resources) -> Doc:
    doc = _second_acts_own_subject(doc)
    if not any(FALLBACK_TRIGGER in c.why for c in doc.candidates):
        return doc
    primaries = {}
    for c in doc.candidates:
        if FALLBACK_TRIGGER not in c.why and (c.sentence, c.clause_start) not in primaries:
            primaries[(c.sentence, c.clause_start)] = c
    taken: set[tuple[int, int]] = set()
    out = []
    for c in doc.candidates:
        if FALLBACK_TRIGGER not in c.why:
            out.append(c)
            continue
        key = (c.sentence, c.clause_start)
        primary = primaries.get(key)
        if c.dropped:
            out.append(c)
        elif primary is None or not _no_party(primary, resources):
            out.append(replace(c, dropped="fallback-not-needed", confidence=0.0))
        elif key in taken or not _named_doer(c):
            out.append(replace(c, dropped="fallback-not-needed", confidence=0.0))
        else:
            taken.add(key)
            out.append(c)
    return replace(doc, candidates=tuple(out))


def _second_acts_own_subject(doc: Doc) -> Doc:
    if not any(SECOND_ACT in c.why and PRO_DROP in c.why for c in doc.candidates):
        return doc
    return replace(doc, candidates=tuple(
        replace(c, dropped="second-act-without-own-subject", confidence=0.0)
        if SECOND_ACT in c.why and PRO_DROP in c.why and not c.dropped else c for c in doc.candidates))


PREVENTION = "rule:prevention-is-the-act"


def prevention(doc: Doc, resources: Resources) -> Doc:
    """Stage after realis. "Police prevented students from marching", "kept protesters from reaching
    the square": the trigger of a coercion (CAMEO 17) is itself a foil verb of the realised-event
    filter, whose model then reads the sentence as a foiled act and drops it (`realis-nonevent`);
    but the prevention is what happened (the foiled march is dropped on its own). Such a drop is
    undone; no other drop is."""
    model = getattr(resources, "realis", None)
    if model is None or doc.lang != "en":
        return doc
    home = resources.groups.coercion_at_home
    out = []
    changed = False
    for c in doc.candidates:
        if c.dropped == "realis-nonevent" and resources.triggers[c.trigger.entry.ref].cameo[:2] in home \
                and c.trigger.key.split()[0].lower() in model.foil:
            c = replace(c, dropped=None, why=c.why + (PREVENTION,))
            changed = True
        out.append(c)
    return replace(doc, candidates=tuple(out)) if changed else doc

"""Stage 7: attribution. Who reports the event («حسبما أفاد الكرملين», «وفق», «نقلاً عن», according to;
«أعلنت X أنّ ...», "X said that ...") becomes `claim_source`, kept apart from the event's actors."""

from __future__ import annotations


from streams.extract.context import ActorMention, Candidate, Doc, replace, within
from streams.extract.resources import Resources

_CUE_KINDS = frozenset({"attr_before", "attr_verb", "compl"})
_NEAR = 40  # characters between a cue and the actor it introduces


def _first_actor_after(actors: tuple[ActorMention, ...], pos: int, limit: int, text: str = "") -> ActorMention | None:
    """The actor a cue introduces: close after it and before the next comma."""
    comma = min((i for i in (text.find(",", pos, limit), text.find("،", pos, limit)) if i >= 0), default=limit)
    for a in actors:
        if pos <= a.word_start <= pos + _NEAR and a.end <= min(limit, comma):
            return a
    return None


def _last_actor_before(actors: tuple[ActorMention, ...], pos: int, floor: int) -> ActorMention | None:
    best = None
    for a in actors:
        if floor <= a.start and a.end <= pos and pos - a.end <= _NEAR:
            best = a
    return best


def attribute(doc: Doc, cand: Candidate) -> Candidate:
    sentence = doc.sentences[cand.sentence]
    s_start, s_end = sentence.start, sentence.end
    cues = [m for m in within(doc.matches, doc.match_starts, s_start, s_end) if m.kind in _CUE_KINDS]
    actors = tuple(a for a in within(doc.actors, doc.actor_starts, s_start, s_end) if a.strong or a.kind == "capital")
    t = cand.trigger
    why = list(cand.why)
    claim = None
    part_start = cand.part_start
    # 1. "according to X" anywhere in the sentence.
    for cue in cues:
        if cue.kind == "attr_before":
            actor = _first_actor_after(actors, cue.end, s_end, doc.norm.text)
            if actor is not None and not (actor.start <= t.start < actor.end):
                claim = actor
                why.append(f"attribution:{cue.key}")
                break
    # 2. "X announced that <event>" / «أعلنت X أنّ <event>»: the reporting verb and the
    # complementizer precede the trigger; the speaker sits between them (or before the verb).
    verbs_before = [c for c in cues if c.kind == "attr_verb" and c.end <= t.start and c.start >= cand.clause_start]
    compl_before = [c for c in cues if c.kind == "compl" and c.end <= t.start]
    if verbs_before and compl_before:
        verb = verbs_before[-1]
        compl = next((c for c in compl_before if c.start >= verb.end), None)
        if compl is not None:
            part_start = compl.end
            if claim is None:
                claim = next((a for a in actors if verb.end <= a.start and a.end <= compl.start), None)
                if claim is None:
                    claim = _last_actor_before(actors, verb.word_start, s_start)
                if claim is not None:
                    why.append(f"attribution:{verb.key}+{compl.key}")
    # 3. English "..., Ukraine said." after the event.
    if claim is None:
        for cue in cues:
            if cue.kind == "attr_verb" and cue.start > t.end and cue.entry.script == "en":
                actor = _last_actor_before(actors, cue.start, t.end)
                if actor is not None and cue.start - actor.end <= 2:
                    claim = actor
                    why.append(f"attribution:{cue.key}")
                    break
    # 4. «وأكد بوتين على ...» without a complementizer: the speaker is the source; the claim is his.
    if claim is None and verbs_before:
        verb = verbs_before[-1]
        speaker = next((a for a in actors if verb.end <= a.word_start <= verb.end + 2), None) or _last_actor_before(
            actors, verb.word_start, cand.clause_start)
        if speaker is not None and speaker.end <= t.start and speaker.start >= cand.clause_start:
            claim = speaker
            why.append(f"attribution:{verb.key}(speaker)")
    return replace(cand, claim_source=claim, part_start=max(part_start, cand.clause_start) if part_start > cand.clause_start else cand.clause_start, why=tuple(why))


def run(doc: Doc, resources: Resources) -> Doc:
    return replace(doc, candidates=tuple(attribute(doc, c) for c in doc.candidates))

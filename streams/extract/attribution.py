"""Stage 7: attribution. Who reports the event («حسبما أفاد الكرملين», «وفق», «نقلاً عن», according to;
«أعلنت X أنّ ...», "X said that ...") becomes `claim_source`, kept apart from the event's actors."""

from __future__ import annotations


import re

from streams.extract.context import ActorMention, Candidate, Doc, matches_of, previous_word, replace, within
from streams.extract.lang import ar, en
from streams.extract.resources import Resources

_QUOTING = frozenset({"نقل", "نقلت"})  # matching forms of the verbs that quote someone else
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


def _comma(text: str, lo: int, hi: int) -> int:
    """The first comma (Latin or Arabic) in [lo, hi), else `hi`."""
    return min((i for i in (text.find(",", lo, hi), text.find("،", lo, hi)) if i >= 0), default=hi)


_UNNAMED = frozenset({"official"})  # «وفق مصادر دبلوماسية»: unnamed sources of no stated country are no claimant


def _speaker_phrase(doc: Doc, resources: Resources | None, lo: int, hi: int) -> ActorMention | None:
    """A speaker the entity stage left unnamed: «مصدر عسكري لبناني», «القيادة الأمريكية» (a nisba gives the
    country, a role before it the sector), or a bare role («وزارة الداخلية»: the event source's country)."""
    adjective = next((a for a in within(doc.actors, doc.actor_starts, lo, hi)
                      if a.kind == "adjective" and a.country and a.end <= hi), None)
    roles = matches_of(doc, "role", lo, adjective.start if adjective is not None else hi)
    role = roles[0] if roles else None
    entry = resources.roles[role.entry.ref] if role is not None and resources else None
    sector = entry.sector if entry is not None else None
    if adjective is not None:
        start = role.start if role is not None else adjective.start
        return ActorMention(start, adjective.end, start, "speaker", adjective.country + (sector or ""), adjective.country,
                            sector, True, "role", ("claim:adjective",))
    if entry is not None and role.end <= hi and entry.id not in _UNNAMED:
        return ActorMention(role.start, role.end, role.start, "speaker", "", None, sector or "GOV", True, "role",
                            ("claim:own-country",), needs_country=True)
    return None


_SPEAKER_NOUN = re.compile(r"\b(?:office|presidency|ministry|spokesman|spokeswoman|spokesperson|mayor|governor|army|military|government|officials?)\b")


def _carried_by(text: str, pos: int) -> bool:
    word = previous_word(text, pos)
    if word in ar.CARRIER_VERBS:
        return True
    two = text[max(0, pos - 20):pos].split()[-2:]
    return " ".join(two) in en.CARRIER_PHRASES


def _sentence_cues(doc: Doc, s_start: int, s_end: int) -> list:
    return [m for m in within(doc.matches, doc.match_starts, s_start, s_end) if m.kind in _CUE_KINDS]


def attribute(doc: Doc, cand: Candidate, resources: Resources | None = None, cues: list | None = None) -> Candidate:
    sentence = doc.sentences[cand.sentence]
    s_start, s_end = sentence.start, sentence.end
    if cues is None:
        cues = _sentence_cues(doc, s_start, s_end)
    # A country can speak too ("Qatar announced that ...", "Russia said it would ...").
    # (an outlet that only carried someone's statement, «في بيان نقلته وكالة سونا», "quoted by
    # Reuters", is not who said it)
    text = doc.norm.text
    actors = tuple(a for a in within(doc.actors, doc.actor_starts, s_start, s_end)
                   if (a.strong or a.kind in ("capital", "country"))
                   and not (a.sector == "MED" and _carried_by(text, a.word_start)))
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
            # «بحسب ما أعلنت وزارة الداخلية», «وفق ما ذكرت القيادة الأمريكية»: no named actor.
            hi = _comma(doc.norm.text, cue.end, min(s_end, cue.end + _NEAR))
            if not cue.start <= t.start < hi:
                actor = _speaker_phrase(doc, resources, cue.end, hi)
                if actor is not None:
                    claim = actor
                    why.append(f"attribution:{cue.key}(phrase)")
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
                text = doc.norm.text
                # The speaker follows the verb, before any aside («قال مصدر لبناني، في حديث لوكالة ...، إن»);
                # «نقلت الوكالة عن مصدر ... أن»: the one quoted is the source.
                quoted = text.find(" عن ", verb.end, compl.start) if verb.key in _QUOTING else -1
                lo = quoted + 4 if quoted >= 0 else verb.end
                first = _comma(text, lo, compl.start)
                claim = next((a for a in actors if lo <= a.start and a.end <= first), None) \
                    or (_speaker_phrase(doc, resources, lo, first) if doc.lang == "ar" else None) \
                    or next((a for a in actors if verb.end <= a.start and a.end <= compl.start), None)
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
    # 3b. "..., the foreign ministry said." / "his office said": a bare role speaking after the
    # event; its country is the event source's (resolved once the actors are known).
    if claim is None and doc.lang != "ar":
        for cue in cues:
            if cue.kind == "attr_verb" and cue.start > t.end and cue.entry.script == "en":
                text = doc.norm.text
                comma = text.rfind(",", t.end, cue.start)
                if comma < 0 or cue.start - comma > 45:
                    continue
                inside = [a for a in within(doc.actors, doc.actor_starts, comma, cue.start) if a.end <= cue.start]
                if inside:
                    claim = inside[-1]
                    why.append(f"attribution:{cue.key}(trailing)")
                    break
                role = next((m for m in within(doc.matches, doc.match_starts, comma, cue.start) if m.kind == "role"), None)
                if role is not None or _SPEAKER_NOUN.search(text, comma, cue.start):
                    start = role.start if role is not None else comma + 1
                    end = role.end if role is not None else cue.start
                    sector = resources.roles[role.entry.ref].sector if role is not None and resources else "GOV"
                    claim = ActorMention(start, end, start, "speaker", "", None, sector, True, "role",
                                         ("claim:own-country",), needs_country=True)
                    why.append(f"attribution:{cue.key}(trailing-role)")
                    break
    # 3c. «نفى الكرملين أن ...», "X denied that ...": the denier reports (the event is negated).
    if claim is None:
        for m in within(doc.matches, doc.match_starts, max(s_start, cand.clause_start), t.start):
            if m.kind == "mod" and m.entry.ref == "denied":
                denier = (next((a for a in actors if m.end <= a.word_start <= m.end + 2 and a.end <= t.start), None)
                          if m.entry.script == "ar" else _last_actor_before(actors, m.word_start, s_start))
                if denier is not None:
                    claim = denier
                    why.append(f"attribution:{m.key}(denial)")
                    break
    # 4. «وأكد بوتين على ...» without a complementizer: the speaker is the source; the claim is his.
    if claim is None and verbs_before:
        verb = verbs_before[-1]
        named = tuple(a for a in actors if a.kind != "country")  # «أعربت الصين عن دعمها»: the country acts, no reporter
        speaker = next((a for a in named if verb.end <= a.word_start <= verb.end + 2), None) or _last_actor_before(
            named, verb.word_start, cand.clause_start)
        if speaker is not None and speaker.end <= t.start and speaker.start >= cand.clause_start:
            claim = speaker
            why.append(f"attribution:{verb.key}(speaker)")
    return replace(cand, claim_source=claim, part_start=max(part_start, cand.clause_start) if part_start > cand.clause_start else cand.clause_start, why=tuple(why))


def run(doc: Doc, resources: Resources) -> Doc:
    # Several candidates share a sentence: its cues are collected once.
    by_sentence: dict[int, list] = {}
    out = []
    for c in doc.candidates:
        cues = by_sentence.get(c.sentence)
        if cues is None:
            sentence = doc.sentences[c.sentence]
            cues = by_sentence[c.sentence] = _sentence_cues(doc, sentence.start, sentence.end)
        out.append(attribute(doc, c, resources, cues))
    return replace(doc, candidates=tuple(out))

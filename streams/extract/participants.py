"""Stage 8: who did what to whom. Source and target actor groups around the trigger (Arabic verb-
subject-object and subject-verb; English subject-verb-object and the passive "by"), coordinated
actors as lists, reciprocal events («بين X ونظيره Y», "X and his counterpart Y", talks, calls)."""

from __future__ import annotations

import re

from streams.extract.context import (
    AGENTLESS,
    ActorMention,
    Candidate,
    Doc,
    arabic_word_end,
    matches_of,
    previous_word,
    replace,
    within,
)
from streams.extract.resources import Resources

_GROUP_GAP = re.compile(r"^\s*(?:[,،]\s*)?(?:and\s+(?:his\s+|her\s+|its\s+)?|with\s+)$|^\s*[,،]\s*$")
_PASSIVE_AUX_EN = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+)?$")
_OBJECT_PREPOSITIONS = frozenset({"مع", "الى", "الي", "على", "ضد", "عن", "حول", "with", "to", "against", "on", "about", "for", "over"})
_LEAD_FILLER = re.compile(r"^[\s,،\"'\-]*(?:(?:و|ف)?(?:قد|لقد|كما|ثم|امس|اليوم)\s+)*$")


def _groups(actors: list[ActorMention], text: str, cut: tuple[int, int] | None = None) -> list[list[ActorMention]]:
    """Actors joined into groups (coordination, counterparts, one role for several countries); a group
    never spans `cut`, the trigger («عقد وزير الدفاع الأمريكي محادثات مع نظيره الإسرائيلي»: the subject
    and the counterpart are two sides)."""
    groups: list[list[ActorMention]] = []
    for a in actors:
        if groups:
            prev = groups[-1][-1]
            if cut is not None and prev.end <= cut[0] and a.start >= cut[1]:
                groups.append([a])
                continue
            gap = text[prev.end:a.word_start]
            counterpart = "counterpart" in gap or "نظير" in text[a.word_start:a.end]
            conjunction = text[a.word_start:a.start].startswith("و") and not gap.strip()
            adjectives = a.kind == prev.kind == "adjective" and not gap.strip()  # «التركية الروسية»
            same_phrase = adjectives or a.word_start <= prev.end  # «وزراء دفاع روسيا وسوريا وتركيا»: one role, several countries
            if same_phrase or _GROUP_GAP.match(gap) or conjunction or (counterpart and len(gap) < 20):
                groups[-1].append(a)
                continue
        groups.append([a])
    return groups


def _dedupe(group: list[ActorMention]) -> list[ActorMention]:
    seen: set[str] = set()
    out = []
    for a in group:
        if a.code and a.code not in seen:
            seen.add(a.code)
            out.append(a)
    return out


_MILITARY_ROOTS = frozenset({"15", "18", "19", "20"})


def _adjective_on_trigger(actors: list[ActorMention], t, text: str, root: str) -> list[ActorMention] | None:  # noqa: ANN001
    """"Israeli airstrikes", «غارات إسرائيلية»: a country adjective right on the trigger noun is the
    actor; for military actions, its armed forces."""
    for a in actors:
        if a.kind != "adjective":
            continue
        if (a.end <= t.word_start and not text[a.end:t.word_start].strip()) or (
            a.word_start >= t.end and not text[t.end:a.word_start].strip()
        ):
            if root in _MILITARY_ROOTS:
                a = a._replace(code=(a.country or "") + "MIL", sector="MIL", strong=True)
            return [a]
    return None


# Roots whose action lands on a place («قصفت خاركيف», "drones hit Moscow", "withdrew from Khiam"): the
# place's country is the target when no party is named. Verbal acts and protests are not aimed at
# the city they mention ("talks in Jeddah", "protested in Casablanca").
_PLACE_TARGET_ROOTS = frozenset({"07", "08", "15", "17", "18", "19", "20"})


def _country_after(doc: Doc, resources: Resources, start: int, end: int, exclude: set,
                   root: str) -> ActorMention | None:
    best = None
    for m in within(doc.matches, doc.match_starts, start, end):
        if m.kind == "country" and m.entry.ref not in exclude:
            best = (m.start, m.end, m.word_start, m.entry.ref)
            break
    if root in _PLACE_TARGET_ROOTS:
        for p in within(doc.place_mentions, doc.place_starts, start, end):
            # The disambiguated place (not the first gazetteer entry of that name).
            iso3 = resources.places[p.place_index].country
            if iso3 and iso3 not in exclude:
                if best is None or p.start < best[0]:
                    best = (p.start, p.end, p.word_start, iso3)
                break
    if best is None:
        return None
    s, e, ws, iso3 = best
    return ActorMention(s, e, ws, resources.country_names.get(iso3, iso3), iso3, iso3,
                        None, False, "country", (f"where:{iso3}",))


# Verbal acts (appeal, praise, demand, accuse, reject, threaten).
_VERBAL_ROOTS = frozenset({"02", "05", "10", "11", "12", "13"})
# Acts often aimed at the actor's own authorities: a bare "the government", "President X" there is
# of the source's country («احتجاجاً على قرار الحكومة», "detained President Bazoum").
_DOMESTIC_TARGET_ROOTS = frozenset({"10", "11", "14", "17"})


# Roots whose target may be the source's own public («أفرجت السلطات البحرينية عن المعتقلين»,
# "security forces arrested a journalist", "the RSF shelled a camp, killing civilians").
_DOMESTIC_PUBLIC_ROOTS = frozenset({"08", "17", "18", "19", "20"})
_PUBLIC_SECTORS = frozenset({"CVL", "MED", "OPP", "REB"})


def _bare_role_after(doc: Doc, resources: Resources, start: int, end: int,
                     source: list[ActorMention], root: str = "") -> ActorMention | None:
    countries = {a.country for a in source if a.country}
    if len(countries) != 1:
        return None
    country = next(iter(countries))
    taken = [(a.start, a.end) for a in within(doc.actors, doc.actor_starts, max(0, start - 40), end)]
    for m in within(doc.matches, doc.match_starts, start, end):
        if m.kind != "role" or any(s <= m.start < e for s, e in taken):
            continue
        role = resources.roles[m.entry.ref]
        if role.counterpart or role.anaphor:
            continue
        if role.sector not in ("GOV", "MIL", "COP", "JUD", "LEG") and not (
                root in _DOMESTIC_PUBLIC_ROOTS and role.sector in _PUBLIC_SECTORS):
            continue
        if any(a.code == country + role.sector for a in source):
            continue
        return ActorMention(m.start, m.end, m.word_start, f"{resources.country_names.get(country, country)} {role.title}",
                            country + role.sector, country, role.sector, True, "role",
                            (f"role:{role.id}", f"country-of-source:{country}"))
    return None


def _bounds(resources: Resources, other, root: str, needs: tuple[str, ...] = ()) -> bool:  # noqa: ANN001
    """A trigger of another kind starts a new predicate: the target lies before it. The object noun a
    verb needs («رفعت واشنطن العقوبات المفروضة على سوريا») belongs to the verb's predicate."""
    entry = resources.triggers[other.entry.ref]
    if needs and any(other.key.startswith(w) or w.startswith(other.key) for w in needs):
        return False
    return entry.cameo[:2] != root


def _is_object(text: str, first: ActorMention) -> bool:
    """A group introduced by a preposition («مع سلطات دمشق», "with Turkey") is not a subject."""
    if first.word_start < first.start and text[first.word_start:first.start] in ("ل", "ول", "فل", "لل", "ولل", "ب", "وب", "فب", "بال", "وبال"):
        return True
    i = first.word_start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return text[j:i] in _OBJECT_PREPOSITIONS


_PRONOUN_OBJECT = re.compile(r"(?:^|\s)(?:و|ف)?(?:مع|ل|الي|علي|ب|ضد|عن)(?:ه|ها|هم|هما)(?=$|[\s.,،])")


def _pronoun_object(text: str, t, end: int) -> bool:  # noqa: ANN001
    """An object pronoun on the trigger verb («استقبله») or on a preposition after it («معه», «له»)."""
    word_end = arabic_word_end(text, t.end)
    if text[t.end:word_end] in ("ه", "ها", "هم", "هما"):
        return True
    return _PRONOUN_OBJECT.search(text, word_end, max(word_end, end)) is not None


def _adjective_on_object_noun(text: str, t, after: list[list[ActorMention]],  # noqa: ANN001
                              source: list[ActorMention]) -> list[ActorMention] | None:
    """«أشاد ترامب بالدور القطري في الوساطة بين إسرائيل وحماس», «رفضت حماس المقترحَ الإسرائيلي»: the
    country adjective on the one noun right after a verbal act (and its subject) names the party the
    act is about, before any party named later in the sentence."""
    anchor = t.end
    if source and source[0].start >= t.end:
        anchor = source[-1].end
    countries = {a.country for a in source}
    for g in after:
        if g is source or g[0].end <= anchor:
            continue
        if all(a.kind == "adjective" for a in g) and g[0].country not in countries \
                and len(text[anchor:g[0].word_start].split()) == 1:
            return g
        return None
    return None


def _public_of_place(doc: Doc, resources: Resources, cand: Candidate) -> ActorMention | None:
    for p in within(doc.place_mentions, doc.place_starts, cand.clause_start, cand.clause_end):
        iso3 = resources.places[p.place_index].country
        if iso3:
            return ActorMention(p.start, p.end, p.word_start, f"{resources.country_names.get(iso3, iso3)} civilians",
                                iso3 + "CVL", iso3, "CVL", True, "people", (f"crowd-in:{iso3}",))
    return None


_OBJECT_PRONOUNS = ("ها", "هم", "هما")


def _pronoun_on_object_earlier_country(doc: Doc, resources: Resources, cand: Candidate, needs: tuple[str, ...],
                                       exclude: set) -> ActorMention | None:
    """«انتقد الاتحاد الأفريقي الانقلاب في النيجر، وعلق عضويتها»: the pronoun on the object a verb needs
    names the country mentioned last before it in the sentence (other than the source's)."""
    text = doc.norm.text  # type: ignore[union-attr]
    t = cand.trigger
    words = text[t.end:cand.clause_end].split()[:4]
    if not any(w.startswith(n) and w.endswith(_OBJECT_PRONOUNS) and len(w) > len(n) for w in words for n in needs):
        return None
    sentence = doc.sentences[cand.sentence]
    countries = [m for m in within(doc.matches, doc.match_starts, sentence.start, t.word_start)
                 if m.kind == "country" and m.entry.ref not in exclude]
    if not countries:
        return None
    m = countries[-1]
    iso3 = m.entry.ref
    return ActorMention(m.start, m.end, m.word_start, resources.country_names.get(iso3, iso3), iso3, iso3,
                        None, False, "country", (f"pronoun:{iso3}",))


# Material acts a passive may report without their agent.
_AGENTLESS_ROOTS = frozenset({"08", "17", "18", "19", "20"})
_AGENT_RULES = ("rule:passive-agent", "rule:adjective-agent-on-noun", "rule:agent-after-lam-on-attack-noun",
                "rule:adjective-on-trigger", "rule:pro-drop-object-after-coordinated-verb")
_AGENT_VERBS = frozenset({"نفذه", "نفذته", "نفذها", "شنه", "شنته", "شنها", "شنوه", "نفذوه"})


def _after_agent_verb(text: str, pos: int) -> bool:
    """«نفذه مسلحو هيئة ...»: «نفذه»/«شنه» right before, or one word (the construct noun) before."""
    word = previous_word(text, pos)
    if word in _AGENT_VERBS:
        return True
    i = text.rfind(word, 0, pos) if word else -1
    return i > 0 and previous_word(text, i) in _AGENT_VERBS


def _adjective_on_attack_noun(text: str, cand: Candidate, after: list[list[ActorMention]],
                              resources: Resources) -> list[ActorMention] | None:
    """The adjective group right after an attack noun of the clause («غارة إسرائيلية»), as armed forces."""
    noun_ends = [arabic_word_end(text, o.end) for o in cand.also_triggers
                 if o.start > cand.trigger.end and resources.triggers[o.entry.ref].cameo[:2] in _MILITARY_ROOTS]
    for g in after:
        if all(a.kind == "adjective" for a in g) and any(not text[e:g[0].word_start].strip() for e in noun_ends):
            return [a._replace(code=(a.country or "") + "MIL", sector="MIL", strong=True, kind="role") for a in g]
    return None


def _rehome_borrowed_roles(doc: Doc, resources: Resources, cand: Candidate, target: list[ActorMention],
                           agent: list[ActorMention], root: str) -> list[ActorMention]:
    """A bare role («مدنيين») that took its country from what looked like the subject keeps none of it
    once a passive shows that subject to be the attacker: it belongs to the place that was struck
    («... على غزة»), or stays without a country."""
    borrowed = [a for a in target if any(w.startswith("country-of-source:") for w in a.why)]
    if not borrowed:
        return target
    where = _country_after(doc, resources, cand.trigger.end, cand.clause_end, {a.country for a in agent}, root)
    out = []
    for a in target:
        if a in borrowed:
            if where is None:
                continue
            iso3 = where.country
            a = a._replace(country=iso3, code=iso3 + (a.sector or ""), why=a.why + (f"where:{iso3}",),
                           name=f"{resources.country_names.get(iso3, iso3)} {a.name.split(' ', 1)[-1]}")
        out.append(a)
    return out


_TAMMA = frozenset({"تم", "وتم", "يتم", "ويتم", "جري", "وجري", "يجري"})
_DAMMA = "\u064f"


def _passive_without_agent(doc: Doc, t, text: str, part_start: int) -> bool:  # noqa: ANN001
    """Arabic: a masdar after «تم»/«جرى» («تم اعتقال»), or a past verb written with its passive
    damma («اعتُقل», «قُتل», «أُفرج»); English: "was/were arrested" with no "by"."""
    if doc.lang == "ar":
        if previous_word(text, t.word_start) in _TAMMA:
            return True
        norm = doc.norm
        word_end = arabic_word_end(text, t.end)
        original = doc.original[norm.to_original(t.start):norm.end_to_original(word_end)]
        return _DAMMA in original[:5] and original[:1] not in ("ي", "ت", "ن")
    return _PASSIVE_AUX_EN.search(text, max(part_start, t.start - 20), t.start) is not None


def root_of(entry) -> str:  # noqa: ANN001
    return entry.cameo[:2]


# Intransitive acts: the noun after the verb is its subject even in the genitive («تظاهر آلاف
# الإسرائيليين»).
_INTRANSITIVE_ROOTS = frozenset({"14"})


def _accusative_plural(text: str, a: ActorMention) -> bool:
    """A people or role noun in the sound masculine plural or dual -ين (accusative or genitive:
    «فلسطينيين», «مسلحين», «جنديين»), never the nominative -ون/-ان that a subject takes."""
    if a.kind not in ("people", "role"):
        return False
    return text[a.start:a.end].split(" ")[0].endswith("ين")


def _continues_previous_subject(doc: Doc, cand: Candidate, previous: Candidate | None, before: list, subject_candidates: list,
                                text: str, root: str) -> bool:
    """A verb joined by «و» to the previous clause of the same sentence, with no actor of its own before
    it and, right after it, a people noun in the accusative plural: the subject is the previous one."""
    if doc.lang != "ar" or previous is None or previous.sentence != cand.sentence or not previous.source:
        return False
    t = cand.trigger
    if before or not subject_candidates or root in _INTRANSITIVE_ROOTS or not t.prefix.startswith("و"):
        return False
    first = subject_candidates[0][0]
    if first.strong and first.kind != "role":
        return False
    if first.kind == "role" and (first.sector or "") not in _CIVIL_SECTORS | {"REB"}:
        return False
    return _accusative_plural(text, first)


_CIVIL_SECTORS = frozenset({"CVL", "OPP", "MED", "BUS", "LAB", "EDU", "REF", "NGO", "HRI"})


def _pick_target(groups: list[list[ActorMention]], source: list[ActorMention]) -> list[ActorMention]:
    """The first group naming another party: a named actor or country other than the source's,
    or, when the source is the public (citizens, families, protesters), its own government;
    else the first mention of another country; else the first group."""
    if not groups:
        return []
    countries = {a.country for a in source}
    # The first group of each pool (groups are in text order), then the earliest of those.
    firsts = [
        next((g for g in groups if any(a.strong and a.country not in countries for a in g)), None),
        next((g for g in groups if any(a.country not in countries and a.kind != "adjective" for a in g)), None),
    ]
    if all(a.kind in ("people", "adjective") or (a.sector or "") in _CIVIL_SECTORS for a in source):
        # «طالبت عائلات الأسرى الإسرائيليين حكومة نتنياهو ...»
        codes = {a.code for a in source}
        firsts.append(next((g for g in groups if any(a.strong and a.code not in codes and a.kind != "adjective" for a in g)), None))
    first = [g for g in firsts if g is not None]
    if first:
        return min(first, key=lambda g: g[0].start)
    found = next((g for g in groups if any(a.country not in countries for a in g)), None) \
        or next((g for g in groups if any(a.strong for a in g)), None)
    return found if found is not None else groups[0]


def assign(doc: Doc, cand: Candidate, resources: Resources, previous: Candidate | None) -> Candidate:
    text = doc.norm.text  # type: ignore[union-attr]
    t = cand.trigger
    entry = resources.triggers[t.entry.ref]
    claim = cand.claim_source
    why = list(cand.why)
    in_part = [
        a for a in within(doc.actors, doc.actor_starts, cand.part_start, cand.clause_end)
        if cand.part_start <= a.word_start and a.end <= cand.clause_end and not (a.start <= t.start < a.end)
    ]
    speaker_is_source = any(w.endswith(("(speaker)", "(denial)")) for w in why if w.startswith("attribution:"))
    if claim is not None and not speaker_is_source:
        in_part = [a for a in in_part if not (a.start == claim.start and a.end == claim.end)]
    # «جيش بلاده»: the speaker's country.
    resolved = []
    for a in in_part:
        if a.needs_country:
            country = claim.country if claim is not None else None
            if country is None:
                continue
            a = replace(a, country=country, code=country + (a.sector or ""), needs_country=False)
        resolved.append(a)
    in_part = resolved
    # The target of this trigger lies before the next trigger of the clause.
    next_trigger = min(
        (o.start for o in cand.also_triggers if o.start > t.end and _bounds(resources, o, entry.cameo[:2], entry.needs)),
        default=cand.clause_end,
    )
    groups = _groups(in_part, text, (t.start, t.end))
    before = [g for g in groups if g[-1].end <= t.start]
    after = [g for g in groups if g[0].start >= t.end and g[0].start < next_trigger]
    object_flags = [_is_object(text, g[0]) for g in after]
    object_groups = [g for g, obj in zip(after, object_flags) if obj]
    subject_candidates = [g for g, obj in zip(after, object_flags) if not obj]
    lead = text[cand.part_start:t.word_start]
    verb_initial = bool(_LEAD_FILLER.match(lead)) or (doc.lang == "ar" and not before)

    source: list[ActorMention] = []
    target: list[ActorMention] = []
    reciprocal = False
    passive_by = None
    if doc.lang != "ar" and _PASSIVE_AUX_EN.search(text, max(cand.part_start, t.start - 20), t.start):
        passive_by = next((g for g in after if text[t.end:g[0].word_start].strip().endswith("by")), None)
    if passive_by is not None:
        source = passive_by
        target = before[-1] if before else []
        why.append("rule:passive-by")
    else:
        arabic_passive = next((m for m in matches_of(doc, "passive", t.end, cand.clause_end)
                               if m.entry.script == "ar"), None)
        if arabic_passive is not None:
            agent = next((g for g in after if g[0].word_start >= arabic_passive.end), None)
            if agent is not None:
                if root_of(entry) in _MILITARY_ROOTS and all(a.kind == "adjective" for a in agent):
                    # «أصيب صيادون بنيران إسرائيلية»: the adjective after «بنيران» names the armed forces.
                    agent = [a._replace(code=(a.country or "") + "MIL", sector="MIL", strong=True, kind="role") for a in agent]
                source = agent
                target = next((g for g in after if g is not agent), before[-1] if before else [])
                why.append("rule:passive-agent")
        if not source and _continues_previous_subject(doc, cand, previous, before, subject_candidates, text, root_of(entry)):
            # «اقتحمت القوات الإسرائيلية مخيم جنين، واعتقلت عشرة فلسطينيين»: the coordinated verb
            # keeps the first verb's subject; the plural in -ين after it is its object, not a subject.
            source = list(previous.source)  # type: ignore[union-attr]
            target = _pick_target(after, source)
            why.append("rule:pro-drop-object-after-coordinated-verb")
        if not source:
            if before and not (doc.lang == "ar" and verb_initial and subject_candidates):
                free = [g for g in before if not _is_object(text, g[0])]
                source = (free or before)[-1]
                target = _pick_target(after, source)
                why.append("rule:subject-before-trigger")
            elif subject_candidates and (doc.lang == "ar" or not object_groups or subject_candidates[0][0].start < object_groups[0][0].start):
                source = subject_candidates[0]
                rest = [g for g in after if g is not source]
                target = _pick_target(rest, source)
                why.append("rule:subject-after-verb")
    if doc.lang == "ar" and source and entry.cameo[:2] in _VERBAL_ROOTS:
        adjective = _adjective_on_object_noun(text, t, after, source)
        if adjective is not None and (not target or adjective[0].start < target[0].start):
            target = adjective
            why.append("rule:adjective-on-object-noun")
    if not target and source and object_groups and not any(g is source for g in object_groups):
        target = _pick_target(object_groups, source)
    if not target and source:
        # «وصل X إلى بغداد في زيارة»: an object between the subject and a noun trigger.
        between = [g for g in before if g is not source and g[0].start > source[-1].end and _is_object(text, g[0])]
        if between:
            target = _pick_target(between, source)
            why.append("rule:object-before-noun-trigger")
    root = entry.cameo[:2]
    if source and root in _MILITARY_ROOTS and not passive_by:
        # «قُتل قيادي في حزب الله بغارة إسرائيلية», "a Hezbollah commander was killed in an Israeli
        # strike", "the army repelled a Ukrainian attack": the country adjective on the attack noun
        # names the attacker; the party named before it is the one hit.
        attached = _adjective_on_trigger(in_part, t, text, root)
        if attached is None:
            # «اغتيل قيادي ... بغارة إسرائيلية»: the adjective sits on a later attack noun of the clause.
            attached = next((a for o in cand.also_triggers if o.start > t.end
                             and resources.triggers[o.entry.ref].cameo[:2] in _MILITARY_ROOTS
                             for a in [_adjective_on_trigger(in_part, o, text, root)] if a is not None), None)
        if attached is not None:
            agent = attached[0]
            if all(a.country != agent.country for a in source):
                target, source = source, attached
                why.append("rule:adjective-agent-on-noun")
            elif any(a.start == agent.start for a in source):
                hit = [g for g in before if g[-1].end <= agent.start and all(a.country != agent.country for a in g)
                       and not _is_object(text, g[0])]
                if hit:
                    target, source = hit[-1], attached
                    why.append("rule:adjective-agent-on-noun")
    if not source and doc.lang == "ar" and root in _MILITARY_ROOTS:
        # «قُتل مدنيان في قصف لقوات الدعم السريع»: the party after «ل» right on an attack noun is
        # the attacker (the passive verb names only the victims).
        for o in (t, *cand.also_triggers):
            if o.start < t.start or resources.triggers[o.entry.ref].cameo[:2] not in _MILITARY_ROOTS:
                continue
            agent = next((g for g in after if g[0].word_start > o.end and not text[o.end:g[0].word_start].strip()
                          and text[g[0].word_start:g[0].start] in ("ل", "لل") and g[0].strong), None)
            if agent is not None:
                source = agent
                target = _pick_target([g for g in groups if g is not agent], source)
                why.append("rule:agent-after-lam-on-attack-noun")
                break
    if not source or all(a.kind == "adjective" for a in source):
        attached = _adjective_on_trigger(in_part, t, text, entry.cameo[:2])
        if attached is not None:
            if source and source[0].kind == "adjective" and target == [] and source[0] is not attached[0]:
                target = source
            source = attached
            why.append("rule:adjective-on-trigger")
    if not source and speaker_is_source and claim is not None:
        source = [claim]
        why.append("rule:speaker-is-source")
    if not source and claim is not None and t.start >= cand.part_start > cand.clause_start:
        source = [claim]
        why.append("rule:reporter-is-source")
    if not source and previous is not None and previous.sentence == cand.sentence and previous.source:
        source = list(previous.source)
        why.append("rule:pro-drop-previous-clause")
        if not target:
            target = _pick_target(after, source)
        if not target and entry.recip and previous.target:
            # «التقى X نظيره Y، ووقعا مذكرة تفاهم»: a reciprocal act joined to the previous one
            # is between the same two parties.
            target = list(previous.target)
            why.append("rule:reciprocal-previous-parties")
    if (not source and doc.lang == "ar" and previous is not None and previous.sentence == cand.sentence - 1
            and previous.source and verb_initial and not before and claim is None
            and cand.clause_start == doc.sentences[cand.sentence].start):
        # «التقى ميرتس زيلينسكي في برلين. وتعهد بتقديم مساعدات لكييف»: a sentence that opens with a
        # verb and names no one continues the previous sentence's subject (Arabic drops the pronoun).
        source = list(previous.source)
        why.append("rule:pro-drop-previous-sentence")
        if not target:
            target = _pick_target(after, source)
        if not target and previous.target and _pronoun_object(text, t, next_trigger):
            # «... وزير الخارجية السوري. وبحث معه ...»: the pronoun is the previous sentence's other party.
            target = list(previous.target)
            why.append("rule:pronoun-object-previous-target")
    if source and not target and root in _VERBAL_ROOTS:
        # «ندد ... بالغارات الإسرائيلية على سوريا», "condemned Israeli strikes": the adjective on the
        # action noun that the verbal act is about names its target.
        about = next((o for o in cand.also_triggers if o.start >= t.end and o.start == next_trigger), None)
        if about is not None:
            attached = _adjective_on_trigger(in_part, about, text, "")
            if attached is not None and attached[0].country not in {a.country for a in source}:
                target = attached
                why.append("rule:adjective-on-object-noun")
    if source and not target and root in _VERBAL_ROOTS:
        # "refused to take part in the Jeddah talks with the RSF", «هدد باستهداف السفن المرتبطة
        # بإسرائيل»: what a verbal act is about follows its content noun.
        later = [g for g in groups if g[0].start >= next_trigger and g[0].start >= t.end and g is not source]
        if later:
            target = _pick_target(later, source)
            why.append("rule:verbal-act-object")
    if source and not target and (root in _DOMESTIC_TARGET_ROOTS or root in _DOMESTIC_PUBLIC_ROOTS):
        bare = _bare_role_after(doc, resources, t.end, next_trigger, source, root)
        if bare is not None and root in _MILITARY_ROOTS:
            # An attack abroad hits the place's country, not the attacker's own people.
            where = _country_after(doc, resources, t.end, next_trigger, {a.country for a in source}, root)
            if where is not None:
                bare = None
        if bare is not None:
            target = [bare]
            why.append("rule:bare-role-same-country")
    if source and not target and not (entry.recip and len(source) >= 2):
        # The country the action is directed at or happens in: «ستسحب قواتها من النيجر», "missiles at Israel".
        where = _country_after(doc, resources, t.end, next_trigger, {a.country for a in source}, entry.cameo[:2])
        if where is not None:
            target = [where]
            why.append("rule:target-country-after-trigger")
    if not source and root in _INTRANSITIVE_ROOTS and not in_part:
        # «تظاهر مئات الأشخاص في تونس العاصمة», "thousands protested in Tbilisi": an unnamed crowd is
        # the public of the place where it protests.
        crowd = _public_of_place(doc, resources, cand)
        if crowd is not None:
            source = [crowd]
            why.append("rule:crowd-of-the-place")
    if source and not target and entry.needs:
        earlier = _pronoun_on_object_earlier_country(doc, resources, cand, entry.needs, {a.country for a in source})
        if earlier is not None:
            target = [earlier]
            why.append("rule:pronoun-on-object-earlier-country")
    if root in _AGENTLESS_ROOTS and not passive_by and _passive_without_agent(doc, t, text, cand.part_start) \
            and not any(w in why for w in _AGENT_RULES):
        # «اعتُقل ناشط في القاهرة», «تم إطلاق سراح الرهينتين», "were arrested": the noun the verb is
        # about is what is done to, not who does it; an agent the text does not name stays empty.
        if any(w in why for w in ("rule:subject-after-verb", "rule:subject-before-trigger")):
            target, source = _dedupe(source + target), []
            why.append("rule:passive-subject-is-target")
        # «قُتل ثلاثة جنود بقصف نفّذه مسلحو الهيئة»: the party after «نفذه»/«شنه» did it.
        agent = next((g for g in after if _after_agent_verb(text, g[0].word_start)), None)
        if agent is None and not source and root in _MILITARY_ROOTS:
            # «قُتل ثلاثة مدنيين في غارة إسرائيلية على غزة»: the nationality adjective right on the
            # attack noun names the armed forces that struck.
            agent = _adjective_on_attack_noun(text, cand, after, resources)
        if agent is not None and not source:
            source = agent
            target = [a for a in target if all(a.start != b.start for b in agent)] or \
                _pick_target([g for g in after if g is not agent], source)
            target = _rehome_borrowed_roles(doc, resources, cand, target, source, root)
            why.append("rule:agent-of-attack-noun")
        if not source:
            if not target:
                target = _pick_target(after, []) if doc.lang == "ar" else (before[-1] if before else [])
            if target:
                why.append(AGENTLESS)
    source = _dedupe(source)
    target = _dedupe(target)
    if entry.recip:
        if len(source) >= 2 and not any(a.strong for a in target):
            source, target = source[:1], source[1:]
            reciprocal = True
            why.append("rule:reciprocal-compound")
        elif source and target:
            reciprocal = True
            why.append("rule:reciprocal-trigger")
    # A target that merely repeats the source's country (e.g. "the Turkish army ... Turkish-Russian
    # patrols") is not a second party.
    src_codes = {a.code for a in source}
    src_countries = {a.country for a in source}
    # (The subject of a passive is the one the act is done to, whatever its country.)
    patient = "rule:passive-subject-is-target" in why
    trimmed = [a for a in target if a.code not in src_codes
               and not (not a.strong and a.country in src_countries and not patient)]
    if trimmed or not reciprocal:
        target = trimmed
    if claim is not None and claim.needs_country:
        # "..., the foreign ministry said": the speaking body belongs to the source's country.
        country = next((a.country for a in source if a.country and len(a.country) == 3 and a.country not in ("IGO", "NGO")), None)
        claim = replace(claim, country=country, code=country + (claim.sector or ""), needs_country=False,
                        name=f"{resources.country_names.get(country, country)} {claim.sector}") if country else None
        why.append("rule:claim-own-country" if country else "rule:claim-unresolved")
    dropped = cand.dropped
    if "rule:pro-drop-previous-sentence" in why and previous is not None \
            and resources.triggers[previous.trigger.entry.ref].cameo[:2] == root \
            and {a.code for a in source} | {a.code for a in target} == {a.code for a in previous.source} | {a.code for a in previous.target}:
        # «استقبل الملك ... الوزير. وبحث معه ...»: the same meeting told again, not a second one.
        dropped = "repeats-previous-sentence"
    return replace(cand, source=tuple(source), target=tuple(target), reciprocal=reciprocal, claim_source=claim,
                   why=tuple(why), dropped=dropped)


def _nested(doc: Doc, cand: Candidate, resources: Resources, accusation: Candidate | None) -> Candidate:
    """The action inside an accusation («اتهمت دمشق إسرائيل بقصف مواقع ...»): done by the accused,
    reported by the accuser; its target is a party named in the action phrase or the country of the
    place it hits."""
    assigned = assign(doc, cand, resources, None)
    if accusation is None or not accusation.target:
        return replace(assigned, dropped="nested-without-accused")
    source = list(accusation.target)
    countries = {a.country for a in source}
    target = [a for a in (*assigned.source, *assigned.target) if a.country not in countries]
    root = root_of(resources.triggers[cand.trigger.entry.ref])
    if not target:
        where = _country_after(doc, resources, cand.trigger.end, cand.clause_end, countries, root)
        if where is not None:
            target = [where]
    claim = accusation.source[0] if accusation.source else accusation.claim_source
    return replace(assigned, source=tuple(source), target=tuple(_dedupe(target)), reciprocal=False,
                   claim_source=claim, why=assigned.why + ("rule:nested-action-by-the-accused",))


def run(doc: Doc, resources: Resources) -> Doc:
    out = []
    previous = None
    for cand in doc.candidates:
        if "rule:nested-action" in cand.why:
            cand = _nested(doc, cand, resources, previous)
            out.append(cand)
            continue  # the accusation stays the previous clause's event
        cand = assign(doc, cand, resources, previous)
        out.append(cand)
        previous = cand
    return replace(doc, candidates=tuple(out))

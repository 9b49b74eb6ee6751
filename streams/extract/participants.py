"""Stage 8: who did what to whom. Source and target actor groups around the trigger (Arabic verb-
subject-object and subject-verb; English subject-verb-object and the passive "by"), coordinated
actors as lists, reciprocal events («بين X ونظيره Y», "X and his counterpart Y", talks, calls).

The decisions are an ordered registry of named rules (`RULES`, in the manner of spaCy's component
registry): each rule is a small pure function of the clause (`Clause`, what the text says around
the trigger, built once) and of the parties found so far (`Parties`); it returns the new parties
when it applies, or None. A rule is named after the `why` label it adds (`rule:<name>`); the few
that only tidy the result add none. Language-specific grammar lives in `streams/extract/lang/`;
the CAMEO root and sector groupings the rules test against are data (`root_groups.json`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import NamedTuple

from streams.extract.context import (
    AGENTLESS,
    NO_NAMED_ATTACKER,
    ActorMention,
    Candidate,
    Doc,
    arabic_word_end,
    has_parties,
    matches_of,
    previous_word,
    replace,
    within,
)
from streams.extract.groups import RootGroups
from streams.extract.lang import ar, en
from streams.extract.matching import Match, resolve_longest
from streams.extract.resources import Resources, TriggerEntry

Group = list[ActorMention]
_OBJECT_PREPOSITIONS = ar.OBJECT_PREPOSITIONS | en.OBJECT_PREPOSITIONS


class Clause(NamedTuple):
    """What the rules read about one candidate: built once, never changed."""

    doc: Doc
    cand: Candidate
    resources: Resources
    roots: RootGroups
    previous: Candidate | None  # the previous clause's event (same or earlier sentence)
    earlier: tuple[Candidate, ...]  # the article's events so far (assigned, with parties), in text order
    text: str  # the matching form of the article
    trigger: Match
    entry: TriggerEntry
    root: str  # the trigger's CAMEO root
    actors: list[ActorMention]  # in the reported part of the clause, the trigger's own span and the claimant left out
    groups: list[Group]  # those actors joined into groups (coordination, counterparts)
    before: list[Group]  # groups that end before the trigger
    after: list[Group]  # groups after the trigger, before the next predicate
    object_groups: list[Group]  # `after` groups introduced by a preposition
    subject_candidates: list[Group]  # the other `after` groups
    verb_initial: bool  # nothing but fillers before the trigger in its part of the clause
    next_trigger: int  # where the next predicate of the clause starts (the target lies before it)
    passive_by: Group | None  # English passive: the group after "by"
    speaker_is_source: bool  # the attribution stage found the speaker acting («وأكد بوتين على ...»)
    passive_without_agent: bool  # a passive of an act that may have no agent, whose agent is not "by X"


_KEEP = object()  # `Parties.but`: leave the claimant as it is (None is a value there)
_new_tuple = tuple.__new__


class Parties(NamedTuple):
    """The parties found so far. Source and target hold the group lists themselves (rules compare
    groups by identity: "the group that is the source")."""

    source: Group
    target: Group
    reciprocal: bool
    claim: ActorMention | None
    why: tuple[str, ...]
    dropped: str | None

    def but(self, source: Group | None = None, target: Group | None = None, reciprocal: bool | None = None,
            claim: object = _KEEP, why: tuple[str, ...] | None = None, dropped: str | None = None) -> Parties:
        """A copy with some fields changed (built directly: this runs for every rule that applies)."""
        return _new_tuple(Parties, (
            self[0] if source is None else source,
            self[1] if target is None else target,
            self[2] if reciprocal is None else reciprocal,
            self[3] if claim is _KEEP else claim,
            self[4] if why is None else why,
            self[5] if dropped is None else dropped,
        ))

    def fired(self, name: str, source: Group | None = None, target: Group | None = None,
              reciprocal: bool | None = None, claim: object = _KEEP) -> Parties:
        """The parties with these changes and the rule's label added to `why`."""
        return self.but(source, target, reciprocal, claim, self[4] + ("rule:" + name,))


Rule = Callable[[Clause, Parties], "Parties | None"]


# --------------------------------------------------------------------------------------------
# Helpers the rules share


def _groups(actors: list[ActorMention], text: str, cut: tuple[int, int] | None = None) -> list[Group]:
    """Actors joined into groups (coordination, counterparts, one role for several countries); a group
    never spans `cut`, the trigger («عقد وزير الدفاع الأمريكي محادثات مع نظيره الإسرائيلي»: the subject
    and the counterpart are two sides)."""
    groups: list[Group] = []
    for a in actors:
        if groups:
            prev = groups[-1][-1]
            if cut is not None and prev.end <= cut[0] and a.start >= cut[1]:
                groups.append([a])
                continue
            gap = text[prev.end:a.word_start]
            counterpart = en.COUNTERPART in gap or ar.COUNTERPART in text[a.word_start:a.end]
            conjunction = text[a.word_start:a.start].startswith(ar.CONJUNCTION) and not gap.strip()
            adjectives = a.kind == prev.kind == "adjective" and not gap.strip()  # «التركية الروسية»
            same_phrase = adjectives or a.word_start <= prev.end  # «وزراء دفاع روسيا وسوريا وتركيا»: one role, several countries
            if same_phrase or en.GROUP_GAP.match(gap) or conjunction or (counterpart and len(gap) < 20):
                groups[-1].append(a)
                continue
        groups.append([a])
    return groups


def _dedupe(group: Group) -> Group:
    seen: set[str] = set()
    out = []
    for a in group:
        if a.code and a.code not in seen:
            seen.add(a.code)
            out.append(a)
    return out


def _as_armed_forces(a: ActorMention, kind: str | None = None) -> ActorMention:
    """A country adjective on an attack noun («غارة إسرائيلية») names that country's armed forces."""
    if kind is None:
        return a._replace(code=(a.country or "") + "MIL", sector="MIL", strong=True)
    return a._replace(code=(a.country or "") + "MIL", sector="MIL", strong=True, kind=kind)


def _adjective_on_trigger(c: Clause, t: Match, root: str) -> list[ActorMention] | None:
    """"Israeli airstrikes", «غارات إسرائيلية»: a country adjective right on the trigger noun is the
    actor; for military actions, its armed forces. An English adjective after the trigger is the
    next noun's ("condemned Israeli strikes")."""
    text = c.text
    english = t.entry.script == "en"
    for a in c.actors:
        if a.kind != "adjective":
            continue
        # (An Arabic nisba follows its noun: a definite one right before the verb qualifies the subject,
        # «جنود الاحتلال الإسرائيلي اعتقلوه»; an indefinite one is people, «20 فلسطينيا قتلوا».)
        before = english or text.startswith("ال", a.start)
        if (before and a.end <= t.word_start and not text[a.end:t.word_start].strip()) or (
            not english and a.word_start >= t.end and not text[t.end:a.word_start].strip()
        ):
            if root in c.roots.military:
                a = _as_armed_forces(a)
            return [a]
    return None


def _country_after(doc: Doc, resources: Resources, start: int, end: int, exclude: set,
                   root: str) -> ActorMention | None:
    """The first country named in [start, end) (or, for acts that land on a place, the country of
    the first place there), other than those in `exclude`."""
    best = None
    for m in within(doc.matches, doc.match_starts, start, end):
        if m.kind == "country" and m.entry.ref not in exclude:
            best = (m.start, m.end, m.word_start, m.entry.ref)
            break
    if root in resources.groups.place_target:
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


def _bare_role_after(c: Clause, start: int, end: int, source: Group) -> ActorMention | None:
    """A role with no country of its own after the trigger («الحكومة», 'the police'), as a role of the
    source's one country."""
    doc, resources, root = c.doc, c.resources, c.root
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
        if role.sector == "MED" and _after_outlet(c, m):
            continue  # "an AFP photographer": the outlet's staff, a witness
        if _possessed_by_the_subject(c, m):
            continue  # "withdrew its troops from Niger", «سحب قواتها»: the source's own, no target
        if role.sector not in c.roots.state_sectors and not (
                root in c.roots.domestic_public and role.sector in c.roots.public_sectors):
            continue
        if any(a.code == country + role.sector for a in source):
            continue
        return ActorMention(m.start, m.end, m.word_start, f"{resources.country_names.get(country, country)} {role.title}",
                            country + role.sector, country, role.sector, True, "role",
                            (f"role:{role.id}", f"country-of-source:{country}"))
    return None


def _possessed_by_the_subject(c: Clause, m: Match) -> bool:
    """A role with a possessive that points back at the subject: "its troops", «قواتها», «جنوده»."""
    text, doc = c.text, c.doc
    if doc.lang == "ar":
        end = arabic_word_end(text, m.end)
        suffix = text[m.end:end]
        if suffix == "ه":  # the matching form writes ta marbuta as «ه» too: «ناشطة» has no pronoun
            return doc.original[doc.norm.to_original(end - 1)] == "ه"  # type: ignore[union-attr]
        return suffix in ar.POSSESSIVE_SUFFIXES
    return previous_word(text, m.word_start) in en.POSSESSIVES


def _after_outlet(c: Clause, m: Match) -> bool:
    return any(x.kind == "actor" and c.resources.actors[x.entry.ref].sector == "MED" and 0 <= m.word_start - x.end <= 1
               for x in within(c.doc.matches, c.doc.match_starts, max(0, m.word_start - 60), m.word_start))


def _bounds(resources: Resources, other: Match, root: str, needs: tuple[str, ...] = ()) -> bool:
    """A trigger of another kind starts a new predicate: the target lies before it. The object noun a
    verb needs («رفعت واشنطن العقوبات المفروضة على سوريا») belongs to the verb's predicate."""
    entry = resources.triggers[other.entry.ref]
    if needs and any(other.key.startswith(w) or w.startswith(other.key) for w in needs):
        return False
    return entry.cameo[:2] != root


def _is_object(text: str, first: ActorMention) -> bool:
    """A group introduced by a preposition («مع سلطات دمشق», "with Turkey") is not a subject."""
    if first.word_start < first.start and text[first.word_start:first.start] in ar.OBJECT_PROCLITICS:
        return True
    word = previous_word(text, first.word_start)
    if word in en.DETERMINERS:
        word = previous_word(text, text.rfind(word, 0, first.word_start))
    if word[:1] in ar.DETACHED_PROCLITIC_STARTS and word.strip("\"'«»“”") in ar.OBJECT_PROCLITICS:
        return True  # «مقار لـ"حزب الله"»: the lam written apart (the matching form drops the tatweel)
    return word in _OBJECT_PREPOSITIONS


def _adjective_on_object_noun(c: Clause, source: Group) -> list[ActorMention] | None:
    """«أشاد ترامب بالدور القطري في الوساطة بين إسرائيل وحماس», «رفضت حماس المقترحَ الإسرائيلي»: the
    country adjective on the one noun right after a verbal act (and its subject) names the party the
    act is about, before any party named later in the sentence."""
    text = c.text
    anchor = c.trigger.end
    if source and source[0].start >= c.trigger.end:
        anchor = source[-1].end
    countries = {a.country for a in source}
    for g in c.after:
        if g is source or g[0].end <= anchor:
            continue
        if all(a.kind == "adjective" for a in g) and g[0].country not in countries \
                and len(text[anchor:g[0].word_start].split()) == 1:
            return g
        return None
    return None


def _public_of_place(c: Clause) -> ActorMention | None:
    doc, resources, cand = c.doc, c.resources, c.cand
    for p in within(doc.place_mentions, doc.place_starts, cand.clause_start, cand.clause_end):
        iso3 = resources.places[p.place_index].country
        if iso3:
            return ActorMention(p.start, p.end, p.word_start, f"{resources.country_names.get(iso3, iso3)} civilians",
                                iso3 + "CVL", iso3, "CVL", True, "people", (f"crowd-in:{iso3}",))
    return None


def _pronoun_on_object_earlier_country(c: Clause, exclude: set) -> ActorMention | None:
    """«انتقد الاتحاد الأفريقي الانقلاب في النيجر، وعلق عضويتها»: the pronoun on the object a verb needs
    names the country mentioned last before it in the sentence (other than the source's)."""
    doc, cand, needs, t = c.doc, c.cand, c.entry.needs, c.trigger
    words = c.text[t.end:cand.clause_end].split()[:4]
    if not any(w.startswith(n) and w.endswith(ar.NOUN_OBJECT_SUFFIXES) and len(w) > len(n) for w in words for n in needs):
        return None
    sentence = doc.sentences[cand.sentence]
    countries = [m for m in within(doc.matches, doc.match_starts, sentence.start, t.word_start)
                 if m.kind == "country" and m.entry.ref not in exclude]
    if not countries:
        return None
    m = countries[-1]
    iso3 = m.entry.ref
    return ActorMention(m.start, m.end, m.word_start, c.resources.country_names.get(iso3, iso3), iso3, iso3,
                        None, False, "country", (f"pronoun:{iso3}",))


def _subject_of_later_attack(c: Clause) -> Group | None:
    """"Nine pilgrims were killed after suspected militants opened fire on their bus", «قُتل ثلاثة
    جنود عندما هاجم مسلحون الحاجز»: the subject of a later attack verb of the clause struck."""
    text = c.text
    for o in c.cand.also_triggers:
        if o.start <= c.trigger.end or c.resources.triggers[o.entry.ref].cameo[:2] not in c.roots.violent_acts:
            continue
        if c.doc.lang == "ar":
            found = next((g for g in c.after if g[0].word_start >= o.end and len(text[o.end:g[0].word_start].split()) == 0
                          and not _patient(c, g) and not _is_object(text, g[0])), None)
        else:
            found = next((g for g in c.after if g[-1].end <= o.word_start and len(text[g[-1].end:o.word_start].split()) <= 1
                          and not _patient(c, g)), None)
        if found is not None:
            return found
    return None


def _adjective_on_attack_noun(c: Clause) -> list[ActorMention] | None:
    """The adjective group right after an attack noun of the clause («غارة إسرائيلية»), as armed forces."""
    text = c.text
    noun_ends = [arabic_word_end(text, o.end) for o in c.cand.also_triggers
                 if o.start > c.trigger.end and c.resources.triggers[o.entry.ref].cameo[:2] in c.roots.military]
    for g in c.after:
        if all(a.kind == "adjective" for a in g) and any(not text[e:g[0].word_start].strip() for e in noun_ends):
            return [_as_armed_forces(a, "role") for a in g]
    return None


def _rehome_borrowed_roles(c: Clause, target: Group, agent: Group) -> Group:
    """A bare role («مدنيين») that took its country from what looked like the subject keeps none of it
    once a passive shows that subject to be the attacker: it belongs to the place that was struck
    («... على غزة»), or stays without a country."""
    borrowed = [a for a in target if any(w.startswith("country-of-source:") for w in a.why)]
    if not borrowed:
        return target
    where = _country_after(c.doc, c.resources, c.trigger.end, c.cand.clause_end, {a.country for a in agent}, c.root)
    out = []
    for a in target:
        if a in borrowed:
            if where is None:
                continue
            iso3 = where.country
            a = a._replace(country=iso3, code=iso3 + (a.sector or ""), why=a.why + (f"where:{iso3}",),
                           name=f"{c.resources.country_names.get(iso3, iso3)} {a.name.split(' ', 1)[-1]}")
        out.append(a)
    return out


def _passive_without_agent(doc: Doc, t: Match, text: str, part_start: int) -> bool:
    """Arabic: «تم» + masdar or a past verb with its passive damma; English: "was/were arrested"."""
    if doc.lang == "ar":
        norm = doc.norm
        word_end = arabic_word_end(text, t.end)
        original = doc.original[norm.to_original(t.start):norm.end_to_original(word_end)]  # type: ignore[union-attr]
        return ar.passive_without_agent(text, original, t.word_start, text[t.word_start:word_end])
    return en.passive_before(text, part_start, t.start)


def root_of(entry: TriggerEntry) -> str:
    return entry.cameo[:2]


def _continues_previous_subject(c: Clause) -> bool:
    """A verb joined by «و» to the previous clause of the same sentence, with no actor of its own before
    it and, right after it, a people noun in the accusative plural: the subject is the previous one."""
    doc, cand, previous = c.doc, c.cand, c.previous
    if doc.lang != "ar" or previous is None or previous.sentence != cand.sentence or not previous.source:
        return False
    if c.before or not c.subject_candidates or c.root in c.roots.intransitive \
            or not c.trigger.prefix.startswith(ar.CONJUNCTION):
        return False
    first = c.subject_candidates[0][0]
    if first.strong and first.kind != "role":
        return False
    if first.kind == "role" and (first.sector or "") not in c.roots.coordinated_object_sectors:
        return False
    return ar.accusative_plural(c.text, first)


def _pick_target(c: Clause, groups: list[Group], source: Group) -> Group:
    """The first group naming another party: a named actor or country other than the source's,
    or, when the source is the public (citizens, families, protesters), its own government;
    else the first mention of another country; else the first group."""
    if not groups:
        return []
    # Armed men the text does not name are a target only when no named party is there ("struck 20 PKK
    # targets ..., neutralizing a number of terrorists": the PKK).
    named = [g for g in groups if not all(a.sector == "UAF" and a.country is None for a in g)]
    if named and len(named) < len(groups):
        groups = named
    countries = {a.country for a in source}
    # The first group of each pool (groups are in text order), then the earliest of those.
    firsts = [
        next((g for g in groups if any(a.strong and a.country not in countries for a in g)), None),
        next((g for g in groups if any(a.country not in countries and a.kind != "adjective" for a in g)), None),
    ]
    civil = c.roots.civil_sectors
    if all(a.kind in ("people", "adjective") or (a.sector or "") in civil for a in source):
        # «طالبت عائلات الأسرى الإسرائيليين حكومة نتنياهو ...»
        codes = {a.code for a in source}
        firsts.append(next((g for g in groups if any(a.strong and a.code not in codes and a.kind != "adjective" for a in g)), None))
    first = [g for g in firsts if g is not None]
    if first:
        return min(first, key=lambda g: g[0].start)
    found = next((g for g in groups if any(a.country not in countries for a in g)), None) \
        or next((g for g in groups if any(a.strong for a in g)), None)
    return found if found is not None else groups[0]


def _after_casualty_word(c: Clause, word_start: int) -> bool:
    """«أصيب عنصران», «تحييد سبعة مسلحين», «قتل ثلاثة جنود», "killing several militants": a casualty
    word names the ones who were hit, not who struck; right after it when it can only be passive
    («أصيب», «مقتل»), else with a count between («قتل الجيش مسلحين» is active)."""
    doc, text = c.doc, c.text
    for m in matches_of(doc, "casualty", max(0, word_start - 40), word_start):
        between = text[m.end:word_start].split()
        if len(between) > 3 or not all(w.isdigit() or w in _COUNT_WORDS for w in between):
            continue
        word = text[m.word_start:arabic_word_end(text, m.end)] if doc.lang == "ar" else m.key
        if between or word in ar.PATIENT_MARKERS or word in en.PATIENT_MARKERS:
            return True
    return False


_COUNT_WORDS = frozenset(ar.COUNT_WORDS | en.COUNT_WORDS)


def _before_passive_casualty_word(c: Clause, g: Group) -> bool:
    """"two American soldiers were killed when a roadside bomb struck", «إن جنديين أمريكيين قتلا
    بانفجار عبوة»: a group right before a passive casualty word, which comes before the attack, is
    the one hit (English: "were killed", "was wounded"; Arabic: the casualty verb right after the
    group, itself right before the attack noun or passive in form)."""
    doc, text, t = c.doc, c.text, c.trigger
    end = g[-1].end
    for m in matches_of(doc, "casualty", end, t.start + 1):
        between = text[end:m.word_start].split()
        if doc.lang != "ar":
            return m.end <= t.start and len(between) <= 2 and en.passive_before(text, end, m.start)
        if between:
            return False
        word_end = arabic_word_end(text, m.end)
        word = text[m.word_start:word_end]
        if m.start >= t.start:
            # The casualty verb is the trigger: passive when the attack that did it follows
            # («قتلا بانفجار عبوة», «قتلوا في غارة»).
            return any(c.resources.triggers[o.entry.ref].cameo[:2] in c.roots.violent_acts
                       and o.start >= word_end and len(text[word_end:o.word_start].split()) <= 1
                       for o in c.cand.also_triggers)
        return word in ar.PATIENT_MARKERS or word in ar.INHERENT_PASSIVES \
            or len(text[word_end:t.word_start].split()) == 0
    return False


def _reports_an_occurrence(c: Clause, claim: ActorMention) -> bool:
    """«أعلن الجيش الإسرائيلي سقوط ثلاث قذائف», "the military said two soldiers were killed when ...":
    between the speaker and the attack the text tells what happened to someone (a fall, a blast, a
    casualty), not what the speaker did."""
    doc, text, t = c.doc, c.text, c.trigger
    if matches_of(doc, "casualty", claim.end, t.start):
        return True
    words = text[claim.end:t.word_start].split()
    return any(w in ar.OCCURRENCE_WORDS for w in words) if doc.lang == "ar" else False


def claimant_is_no_attacker(c: Clause, p: Parties) -> Parties | None:
    """«أعلن الجيش الإسرائيلي سقوط قذائف على عسقلان», "A U.S. military statement said two American
    soldiers were killed when a roadside bomb struck": the one who reports an attack is not its doer
    unless the report points back at it ("said it carried out", «أعلنت أنها نفذت»); the speaker taken
    for the subject is dropped (the attack keeps its victims, with no named attacker)."""
    claim = p.claim
    if claim is None or c.root not in c.roots.violent_acts or len(p.source) != 1 \
            or (p.source[0].start, p.source[0].end) != (claim.start, claim.end) or claim.end > c.trigger.start:
        return None
    after_speaker = c._replace(cand=replace(c.cand, part_start=max(c.cand.part_start, claim.end)))
    if _points_back_at_reporter(after_speaker, claim) or not _reports_an_occurrence(c, claim):
        return None  # (read after the speaker's own words: "the U.S. military" is no pronoun)
    return p.fired("claimant-is-no-attacker", source=[], target=p.target if p.target is not p.source else [])


def _patient(c: Clause, g: Group) -> bool:
    """The ones hit, never who struck: a group a casualty word names («أصيب عنصران من الشرطة»,
    «تحييد سبعة مسلحين»), or unnamed armed men in the accusative after the verb («قتلت القوات
    مسلحين»)."""
    a = g[0]
    if c.root in c.roots.violent_acts and (_after_casualty_word(c, a.word_start) or _before_passive_casualty_word(c, g)):
        return True
    if a.sector != "UAF" or a.kind != "role":
        return False
    if _after_casualty_word(c, a.word_start):
        return True
    return c.doc.lang == "ar" and a.start >= c.trigger.end and ar.accusative_plural(c.text, a) \
        and not ar.after_complementizer(c.text, a.word_start)


def _sentence_span(c: Clause) -> tuple[int, int]:
    s = c.doc.sentences[c.cand.sentence]
    return s.start, s.end


def _attack_evidence(c: Clause) -> str | None:
    """What makes a casualty report an attack: the trigger itself when it is no mere casualty word
    («انفجار», «هجوم», "opened fire"), else a weapon word in the sentence («عبوة ناسفة», «بالرصاص»,
    "a bomb"). None for «قتل خمسة أشخاص في حادث سير»."""
    doc, t = c.doc, c.trigger
    start, end = _sentence_span(c)
    casualty = matches_of(doc, "casualty", start, end)
    if not any(m.start < t.end and t.start < m.end for m in casualty):
        return "trigger"
    weapon = matches_of(doc, "weapon", start, end)
    for m in weapon:
        if not (m.start < t.end and t.start < m.end):
            return "weapon:" + m.key
    return None


def _country_of_the_place(c: Clause) -> tuple[str, str] | None:
    """The country where the event happened when the text makes it plain: the first place of the
    clause, else of the sentence, with a known country; else a country introduced by «في»/"in"."""
    doc, resources, cand = c.doc, c.resources, c.cand
    start, end = _sentence_span(c)
    for lo, hi in ((cand.clause_start, cand.clause_end), (start, end)):
        known = [(pm, resources.places[pm.place_index]) for pm in within(doc.place_mentions, doc.place_starts, lo, hi)
                 if resources.places[pm.place_index].country]
        if known:
            # «حي العامرية غربي بغداد», «مديرية المنصورة بمدينة عدن»: a namesake abroad yields to the
            # place it is said to lie in.
            first_mention, first = known[0]
            within_city = [pl for pm, pl in known[1:] if pl.country != first.country
                           and ar.places_it_within(c.text, first_mention.end, pm.word_start)]
            return (within_city[0] if within_city else first).country, "place"
    for m in matches_of(doc, "country", start, end):
        following = c.text[m.end:m.end + 12].split()
        if following and following[0] in en.PROVINCE_WORDS:
            continue  # "in Niger state": a Nigerian state
        if previous_word(c.text, m.word_start) in _VENUE_WORDS or m.prefix in ("ب", "وب", "فب"):
            return m.entry.ref, "country"
    # The places the article names lie in one country only: that is where it happened.
    countries = {resources.places[pm.place_index].country for pm in doc.place_mentions} - {None}
    if len(countries) == 1:
        return next(iter(countries)), "article"
    return None


_CAPITAL_WORDS = frozenset({"العاصمة", "عاصمة", "العاصمه", "عاصمه", "capital"})  # (previous_word gives the matching form: ه for ة)
_VENUE_WORDS = frozenset(ar.VENUE_PREPOSITIONS | en.VENUE_PREPOSITIONS | ar.DIRECTION_WORDS | en.DIRECTION_WORDS)


def _victim(c: Clause, m: Match, country: str | None, how: str) -> ActorMention:
    role = c.resources.roles[m.entry.ref]
    name = f"{c.resources.country_names.get(country, country)} {role.title}" if country else role.title
    why = (f"role:{role.id}", f"victim-country:{country}:{how}") if country else (f"role:{role.id}", "victim")
    return ActorMention(m.start, m.end, m.word_start, name, (country or "") + role.sector, country, role.sector,
                        True, "role", why)


def _bare_victims(c: Clause, exclude: Group) -> list[Match]:
    """Role nouns with no country of their own that the attack hit («مدنيين», «شرطيين», 'policemen'):
    named by a casualty word («مقتل جنديين», «شرطيا استشهد», "two policemen were killed") or right
    after the attack («هاجموا مدنيا», «استهدفت دورية للشرطة», "opened fire on policemen"), in the
    reported part of the sentence; after the trigger first, then before it."""
    doc, resources, t = c.doc, c.resources, c.trigger
    start, end = _sentence_span(c)
    start = max(start, c.cand.part_start)
    # "struck militant positions ..., days after the PKK killed two soldiers": the soldiers are the
    # victims of the later clause's act (coding's `subordinate-second-act`), not of this one.
    end = min([end] + [o.clause_start for o in doc.candidates if o.sentence == c.cand.sentence
                       and o.clause_start > c.cand.clause_start and "rule:subordinate-second-act" in o.why])
    spans = [(a.start, a.end) for a in within(doc.actors, doc.actor_starts, max(0, start - 40), end)]
    spans += [(a.start, a.end) for a in exclude]
    attacks = [o for o in (t, *c.cand.also_triggers) if resources.triggers[o.entry.ref].cameo[:2] in c.roots.violent_acts]
    found = []
    for m in resolve_longest(list(matches_of(doc, "role", start, end))):  # «قوات الأمن», not «قوات»
        role = resources.roles[m.entry.ref]
        if not role.victim or role.standalone or role.counterpart or role.anaphor:
            continue
        if any(s <= m.start < e or m.start <= s < m.end for s, e in spans):
            continue
        if _hit(c, m, attacks):
            found.append(m)
    after = [m for m in found if m.start >= t.end]
    before = [m for m in found if m.end <= t.start]
    return after + before[::-1]


_HIT_REACH = 3  # words between an attack or casualty word and the noun it hits


def _hit(c: Clause, m: Match, attacks: list[Match]) -> bool:
    text = c.text
    if _after_casualty_word(c, m.word_start):
        return True
    for o in attacks:
        if o.end > m.word_start:
            continue
        between = text[o.end:m.word_start]
        words = between.split()
        if c.doc.lang == "ar" and o.entry.script == "ar" and len(words) <= _HIT_REACH \
                and c.resources.triggers[o.entry.ref].kind == "verb" and not ar.object_form(text, m, words) \
                and not ar.has_subject_suffix(text[o.word_start:arabic_word_end(text, o.end)]) and not ar.passive_without_agent(
                    text, "", o.word_start, text[o.word_start:arabic_word_end(text, o.end)]) \
                and not any(o.end <= x.start < m.start for x in within(c.doc.matches, c.doc.match_starts, o.end, m.start)
                            if x.kind in ("actor", "role", "country", "cadj", "people")):
            continue  # «هاجم الكاتب الصحفي ...»: the first noun after a verb with no subject of its own is the subject
        if len(words) <= _HIT_REACH and not any(p in between for p in ".،,؛;:") and (
                c.doc.lang == "ar" or all(w in _OBJECT_LINKS for w in words)):
            return True  # «هاجموا مدنيا», «استهدفت دورية للشرطة», "opened fire on two policemen"
        if c.doc.lang == "ar" and o.entry.script == "ar" and c.resources.triggers[o.entry.ref].kind == "verb" \
                and m.start < c.cand.clause_end and ar.object_form(text, m, words):
            return True  # «اغتال مسلحون مجهولون، مساء أمس، مدنيا»: the accusative object of the verb
    for cue in matches_of(c.doc, "casualty", m.end, m.end + 60):
        between = text[m.end:cue.word_start]
        if c.doc.lang == "en" and en.active_casualty_verb(text, m.end, cue.start, cue.end):
            break  # "Security forces killed a protester": the role did the killing
        if len(between.split()) <= _HIT_REACH and not any(p in between for p in ".،,؛;:"):
            return True  # «شرطيا استشهد», "two policemen were killed"
    return False


_OBJECT_LINKS = frozenset(en.OBJECT_LINKS | en.COUNT_WORDS)


def _weak(target: Group) -> bool:
    """Only bare countries, adjectives or capitals: a location phrase more often than a party."""
    return bool(target) and all(not a.strong for a in target)


# --------------------------------------------------------------------------------------------
# The rules, in registry order


def passive_by(c: Clause, p: Parties) -> Parties | None:
    """"three soldiers were killed by RSF shelling": the group after "by" is the source, the one
    before the verb the target."""
    if c.passive_by is None:
        return None
    agent = c.passive_by
    if c.root in c.roots.military and all(a.kind == "adjective" for a in agent):
        agent = [_as_armed_forces(a, "role") for a in agent]  # "killed by Israeli fire": the armed forces
    return p.fired("passive-by", source=agent, target=c.before[-1] if c.before else [])


def _role_source(c: Clause, m: Match, strong: bool = True) -> Group:
    """A role named without a country as a source: the country the evidence gives, else none."""
    role = c.resources.roles[m.entry.ref]
    where = _country_of_the_role(c, m)
    if where is not None:
        return [_own_role(c, m, where[0], "role-country")._replace(why=(f"role:{role.id}", f"role-country:{where[0]}:{where[1]}"))]
    return [ActorMention(m.start, m.end, m.word_start, role.title, role.sector, None, role.sector, strong, "role",
                         (f"role:{role.id}", "no-country"))]


def passive_by_role(c: Clause, p: Parties) -> Parties | None:
    """"have been arrested by the state police command", "was sentenced by a military court": a role
    named without a country after the passive's "by" is the source (its country by the evidence, else
    none), the group before the verb the target."""
    if p.source or c.passive_by is not None or c.doc.lang != "en" or not en.passive_at(c.text, c.cand.part_start, c.trigger.start, c.trigger.end):
        return None
    t, text = c.trigger, c.text
    m = next((m for m in resolve_longest(list(matches_of(c.doc, "role", t.end, min(c.next_trigger, t.end + 60))))
              if en.introduces_agent(text[t.end:m.word_start]) and len(text[t.end:m.word_start].split()) <= 4), None)
    if m is None or c.resources.roles[m.entry.ref].sector == "MED":
        return None
    source = _role_source(c, m)
    target = c.before[-1] if c.before else []
    if not target:
        # "Five opposition leaders were sentenced by ...": a bare role as the passive's subject, of
        # the source's country.
        patient = next((r for r in reversed(resolve_longest(list(matches_of(c.doc, "role", c.cand.part_start, t.start))))
                        if c.resources.roles[r.entry.ref].victim), None)
        if patient is not None:
            iso3 = source[0].country
            role = c.resources.roles[patient.entry.ref]
            target = [_own_role(c, patient, iso3, "passive-subject") if iso3 else
                      ActorMention(patient.start, patient.end, patient.word_start, role.title, role.sector, None, role.sector,
                                   True, "role", (f"role:{role.id}", "no-country"))]
    return p.fired("passive-by-role", source=source, target=target)


def passive_agent(c: Clause, p: Parties) -> Parties | None:
    """«أصيب صيادون بنيران إسرائيلية», «... من قبل X»: the group after an Arabic agent phrase is the
    source (an adjective after «بنيران» names the armed forces)."""
    if c.passive_by is not None:
        return None
    cue = next((m for m in matches_of(c.doc, "passive", c.trigger.end, c.cand.clause_end)
                if m.entry.script == "ar"), None)
    if cue is None:
        return None
    if c.root not in c.roots.agentless_passive and matches_of(c.doc, "weapon", cue.start, cue.end):
        return None  # «احتجاجاً على مقتل مصور برصاص مجهولين»: who fired killed him; the protest is the crowd's
    agent = next((g for g in c.after if g[0].word_start >= cue.end), None)
    if agent is None:
        return None
    if c.verb_initial and c.entry.kind == "verb" and not c.passive_without_agent and any(
            g[-1].end <= cue.start and any(a.strong for a in g) for g in c.subject_candidates):
        return None  # «منعت السلطات التونسية تظاهرتين من قبل أفراد ...»: an active verb with its subject after it
    if c.root in c.roots.military and all(a.kind == "adjective" for a in agent):
        agent = [_as_armed_forces(a, "role") for a in agent]
    target = next((g for g in c.after if g is not agent), c.before[-1] if c.before else [])
    return p.fired("passive-agent", source=agent, target=target)


def pro_drop_object_after_coordinated_verb(c: Clause, p: Parties) -> Parties | None:
    """«اقتحمت القوات الإسرائيلية مخيم جنين، واعتقلت عشرة فلسطينيين»: the coordinated verb keeps the
    first verb's subject; the plural in -ين after it is its object, not a subject."""
    if p.source or not _continues_previous_subject(c):
        return None
    source = list(c.previous.source)  # type: ignore[union-attr]
    return p.fired("pro-drop-object-after-coordinated-verb", source=source, target=_pick_target(c, c.after, source))


def subject_before_trigger(c: Clause, p: Parties) -> Parties | None:
    """Subject-verb order: the last group before the trigger that no preposition introduces (the
    ones a casualty word names were hit: «تحييد سبعة مسلحين في غارات»)."""
    if p.source:
        return None
    before = [g for g in c.before if not _patient(c, g)]
    if not before or (c.doc.lang == "ar" and c.verb_initial and any(not _patient(c, g) for g in c.subject_candidates)):
        return None
    free = [g for g in before if not _is_object(c.text, g[0])]
    if c.doc.lang == "en":
        # "Afghan forces backed by NATO launched ...": the backer is no subject.
        free = [g for g in free if not en.after_backer_cue(c.text, g[0].word_start)] or free
    source = (free or before)[-1]
    return p.fired("subject-before-trigger", source=source, target=_pick_target(c, c.after, source))


# What may stand before an English trigger that opens its clause as a noun ("Clashes between the army
# and ...", "Protests over ... spread to"): nothing, or an article.
_EN_NOUN_LEADS = frozenset({"", "the", "a", "an", "new", "fresh", "heavy", "deadly"})


def _opens_as_noun(c: Clause) -> bool:
    """An English trigger that opens its sentence (after a dateline's dash) is a noun whose subject
    may follow ("Clashes between the army and the RSF"); after any other English trigger, and after
    one that opens a coordinated clause ("... and urged the Taliban"), comes its object."""
    sentence = c.doc.sentences[c.cand.sentence]
    before = c.text[sentence.start:c.cand.clause_start].rstrip()
    if before and not before.endswith(("-", "—", "–", ":")):
        return False
    return c.text[c.cand.clause_start:c.trigger.word_start].strip(" \"'-—–") in _EN_NOUN_LEADS


def _nisba_of_a_place(c: Clause, g: Group) -> bool:
    """«في جازان السعودية», «في المياه المغربية»: country adjectives right after a place name, or on
    the one noun after «في», say where it is; they are no subject."""
    if not all(a.kind in ("adjective", "country") for a in g):
        return False  # («السعودية» is a country's name and its adjective)
    text, start = c.text, g[0].word_start
    if text[start:g[0].start].startswith(ar.CONJUNCTION):
        return False  # «في الأردن والعراق»: a second party
    if any(pm.end <= start and not text[pm.end:start].strip()
           for pm in within(c.doc.place_mentions, c.doc.place_starts, max(0, start - 40), start)):
        return True
    # «في جازان السعودية», «في المياه المغربية»: one noun after «في» and the adjective on it.
    noun = previous_word(text, start)
    at = text.rfind(noun, 0, start)
    if not noun or any(a.start < at + len(noun) and at < a.end for a in c.actors):
        return False  # «في الأردن والعراق»: a party of its own, not a noun qualified by the adjective
    return previous_word(text, at) in _VENUE_WORDS


def subject_after_verb(c: Clause, p: Parties) -> Parties | None:
    """Verb-subject order (Arabic; in English only after a trigger noun that opens its clause,
    "Clashes between the army and ..."); unnamed armed men in the accusative («قتلت القوات مسلحين»)
    are the object."""
    subjects = [g for g in c.subject_candidates if not _patient(c, g) and not _nisba_of_a_place(c, g)]
    if p.source or not subjects:
        return None
    if not (c.doc.lang == "ar" or not c.object_groups or subjects[0][0].start < c.object_groups[0][0].start):
        return None
    if c.doc.lang == "en" and not _opens_as_noun(c):
        return None  # "... and urged the Taliban to": after an English verb comes its object
    if c.doc.lang == "ar" and c.trigger.entry.article and not c.entry.recip \
            and len(c.text[arabic_word_end(c.text, c.trigger.end):subjects[0][0].word_start].split()) > 1:
        return None  # «مذكرة احتجاج على التدخل بشؤون السعودية»: past its genitive, a noun's complements
    source = subjects[0]
    rest = [g for g in c.after if g is not source]
    return p.fired("subject-after-verb", source=source, target=_pick_target(c, rest, source))


def host_of_the_venue(c: Clause, p: Parties) -> Parties | None:
    """«استقبل ولي العهد في قصر اليمامة بالرياض الرئيس الفرنسي», «التقى رئيس الجمهورية في قصر قرطاج
    وزير الخارجية الإيطالي»: a host named only by title right after the verb of a meeting whose venue
    the text places in a country is that country's; the one party found is the guest."""
    if c.doc.lang != "ar" or c.root != "04" or p.target or not p.source \
            or not c.verb_initial or c.entry.kind != "verb":
        return None
    m = _bare_subject_role(c, c.roots.state_sectors)
    if m is None or m.start > p.source[0].start:
        return None
    where = _country_of_the_place(c)
    if where is None or where[1] != "place" or any(a.country == where[0] for a in p.source):
        return None
    return p.fired("host-of-the-venue", source=[_own_role(c, m, where[0], "venue")], target=p.source)
def bare_role_before_the_object(c: Clause, p: Parties) -> Parties | None:
    """«وطالبت الوزارة إسرائيل بوقف ...», «واتهم الجيش قوات الدعم السريع بقصف ...»: right after a
    clause-initial verb, a bare role of the state is its subject, and the named actor after it (which
    `subject-after-verb` took) its object. The role takes the country the article gives it
    (`_country_of_the_role`), else none."""
    if c.doc.lang != "ar" or not c.verb_initial or not p.source or not p.why or p.why[-1] != "rule:subject-after-verb":
        return None
    m = _bare_subject_role(c, c.roots.state_sectors)
    if m is None or m.start < c.trigger.end or m.end > p.source[0].word_start:
        return None
    if any(a.kind == "adjective" for a in p.source):
        return None  # «اعتقلت الشرطة التونسية ...»: the nisba is the role's own (the actor stage joins them)
    return p.fired("bare-role-before-the-object", source=_role_source(c, m), target=p.source)


def _subject_head_is_an_actor(c: Clause, lo: int, hi: int, military: bool) -> bool:
    """The subject's head noun is one that acts: a role of the state («المندوب», «الأجهزة الأمنية»),
    or, for acts of force, an aircraft, weapon or strike noun («الغارات», «طائرة», «المدفعية»)."""
    words = c.text[lo:hi].split()
    head = words[0].strip(".,،\"'«»") if words else ""
    bare = head.removeprefix("ال")
    if military and (bare.startswith(ar.AIRCRAFT_STEMS) or bare in ar.STRIKE_NOUNS):
        return True
    if bare in ar.ACTING_HEADS:
        return True
    state = c.roots.state_sectors
    return any(c.resources.roles[m.entry.ref].sector in state and m.start < lo + len(head) + 1
               for m in matches_of(c.doc, "role", lo, hi))


def adjective_on_the_subject_noun(c: Clause, p: Parties) -> Parties | None:
    """«استهدفت الغارات الجوية الإسرائيلية بلدات ...», «أطلقت طائرة عسكرية إسرائيلية النار»,
    «اتهم المندوب الإيراني لدى الأمم المتحدة واشنطن», «... من قبل الأجهزة الأمنية المصرية»: a source
    that is only a country nisba on the subject's own noun (right after a clause-initial verb or an
    agent cue, with nothing but nisba adjectives between) is that country's actor, not an adjective
    alone: its armed forces for acts of force, else the country."""
    if c.doc.lang != "ar" or not p.source or not all(a.kind == "adjective" for a in p.source):
        return None
    first = p.source[0]
    if "rule:passive-agent" in p.why:
        cue = next((m for m in matches_of(c.doc, "passive", c.trigger.end, first.start) if m.entry.script == "ar"), None)
        if cue is None:
            return None
        lead = cue.end
    elif c.verb_initial and c.entry.kind == "verb" and first.start >= c.trigger.end:
        lead = arabic_word_end(c.text, c.trigger.end)
    else:
        return None
    if not ar.subject_phrase_head(c.text[lead:first.word_start].split()):
        return None
    military = c.root in c.roots.military
    if not _subject_head_is_an_actor(c, lead, first.word_start, military):
        return None
    source = [a._replace(code=(a.country or "") + ("MIL" if military else ""), sector="MIL" if military else None,
                         strong=True, kind="role") for a in p.source]
    return p.fired("adjective-on-the-subject-noun", source=source)


def _venue_body(c: Clause, a: ActorMention) -> bool:
    if not (a.code or "").startswith("IGO"):
        return False
    lang = en if c.doc.lang != "ar" else ar
    return lang.venue_before(c.text, a.word_start) or (c.doc.lang != "ar" and en.title_after(c.text, a.end))


def venue_is_no_party(c: Clause, p: Parties) -> Parties | None:
    """"At an emergency session of the Security Council, Iran accused the United States", «اتهم
    المندوب الإيراني لدى الأمم المتحدة الولايات المتحدة», "Iran's UN envoy slammed the US": an
    international body named as the venue of the act or in an envoy's title is no party; a target so
    taken out gives way to the next group after the trigger, and "Iran's UN envoy" is Iran's."""
    if c.root in c.roots.intransitive:
        return None  # «احتج المزارعون أمام البرلمان الأوروبي»: a protest before a body is aimed at it
    venues = [a for a in (*p.source, *p.target) if _venue_body(c, a)]
    if not venues:
        return None
    source = [a for a in p.source if a not in venues]
    if not source and p.source and c.doc.lang != "ar":
        owner = next((m for m in matches_of(c.doc, "country", max(0, p.source[0].word_start - 12), p.source[0].word_start)), None)
        if owner is not None and c.text[owner.end:p.source[0].word_start].strip() in ("'s", "’s"):
            iso3 = owner.entry.ref
            source = [ActorMention(owner.start, p.source[0].end, owner.word_start, c.resources.country_names.get(iso3, iso3),
                                   iso3 + "GOV", iso3, "GOV", True, "role", (f"envoy-of:{iso3}",))]
    target = [a for a in p.target if a not in venues]
    if p.target and not target:
        rest = [g for g in c.after if not any(_venue_body(c, a) for a in g) and not any(a in source for a in g)]
        target = list(_pick_target(c, rest, source)) if rest else []
    return p.fired("venue-is-no-party", source=source, target=target)


def relative_clause_antecedent(c: Clause, p: Parties) -> Parties | None:
    """"Police arrested two men who attacked a mosque", "killed three members of the Boko Haram
    group, who attacked a checkpoint": the subject of a relative clause is the group (or the role)
    right before its pronoun."""
    if p.source or c.doc.lang != "en":
        return None
    doc, text, t = c.doc, c.text, c.trigger
    pronoun = en.relative_pronoun_before(text, c.cand.clause_start - 40, t.word_start)
    if pronoun is None or pronoun.start() > c.cand.clause_start:
        return None
    lo = doc.sentences[c.cand.sentence].start
    actors = [a for a in within(doc.actors, doc.actor_starts, lo, pronoun.start()) if a.end <= pronoun.start()]
    groups = _groups(actors, text)
    last = groups[-1] if groups else None
    if last is not None and len(text[last[-1].end:pronoun.start()].split()) <= 2:
        source = last
    else:
        role = next((m for m in reversed(resolve_longest(list(matches_of(doc, "role", lo, pronoun.start()))))
                     if len(text[m.end:pronoun.start()].split()) <= 1 and c.resources.roles[m.entry.ref].victim), None)
        if role is None:
            return None
        source = _role_source(c, role)
    rest = [g for g in c.after if g[0].start > t.end]
    return p.fired("relative-clause-antecedent", source=source, target=p.target or _pick_target(c, rest, source))


def adjective_on_object_noun(c: Clause, p: Parties) -> Parties | None:
    """«رفضت حماس المقترحَ الإسرائيلي»: see `_adjective_on_object_noun` (Arabic verbal acts)."""
    if c.doc.lang != "ar" or not p.source or c.root not in c.roots.verbal_act_objects:
        return None
    adjective = _adjective_on_object_noun(c, p.source)
    if adjective is None or (p.target and adjective[0].start >= p.target[0].start):
        return None
    return p.fired("adjective-on-object-noun", target=adjective)


def list_before_the_last_member(c: Clause, p: Parties) -> Parties | None:
    """"Saudi Arabia, the United Arab Emirates, Bahrain, and Egypt severed ties": a clause opened by
    ", and" (the serial comma) after nothing but a list of parties continues that list; the source is
    the whole list."""
    if c.doc.lang != "en" or "rule:subject-before-trigger" not in p.why or not p.source:
        return None
    text, cand = c.text, c.cand
    if text[cand.clause_start:p.source[0].word_start].strip(" ,") not in ("and", "and the"):
        return None
    sentence = c.doc.sentences[cand.sentence]
    listed = [a for a in within(c.doc.actors, c.doc.actor_starts, sentence.start, cand.clause_start) if a.end <= cand.clause_start]
    if not listed:
        return None
    rest, pos = [], sentence.start
    for a in listed:
        rest.append(text[pos:a.word_start])
        pos = a.end
    rest.append(text[pos:cand.clause_start])
    if any(w not in ("the",) for chunk in rest for w in chunk.replace(",", " ").split()):
        return None  # a verb or any other word before: another clause, not a list
    return p.fired("list-before-the-last-member", source=[*listed, *p.source])


def reciprocal_both_before_noun(c: Clause, p: Parties) -> Parties | None:
    """"Indian Prime Minister Narendra Modi told Russian President Vladimir Putin in a phone call",
    "U.S. Secretary of State Rex Tillerson and Chinese Foreign Minister Wang Yi held talks": a
    reciprocal act whose subject was taken from the last party before it, with another party of
    another country right before that one (no preposition, no clause punctuation between), is
    between the two."""
    if c.doc.lang != "en" or not c.entry.recip or p.target or "rule:subject-before-trigger" not in p.why \
            or len(c.before) < 2:
        return None  # (Arabic puts the verb first: two parties before a reciprocal noun are a headline's)
    last, earlier = c.before[-1], c.before[-2]
    if last is not p.source or _is_object(c.text, earlier[0]) or _patient(c, earlier) \
            or not any(a.strong or a.kind == "country" for a in earlier):
        return None
    gap = c.text[earlier[-1].end:last[0].word_start]
    if any(ch in ".;:؛«»\"" for ch in gap) or len(gap.split()) > 4:
        return None
    if {a.country for a in earlier} & {a.country for a in last}:
        return None
    return p.fired("reciprocal-both-before-noun", source=earlier, target=last)


def prepositional_object(c: Clause, p: Parties) -> Parties | None:
    """No target yet: the first party introduced by a preposition after the trigger (no label)."""
    if p.target or not p.source or not c.object_groups or any(g is p.source for g in c.object_groups):
        return None
    return p.but(target=_pick_target(c, c.object_groups, p.source))


def object_before_noun_trigger(c: Clause, p: Parties) -> Parties | None:
    """«وصل X إلى بغداد في زيارة»: an object between the subject and a noun trigger."""
    if p.target or not p.source:
        return None
    source = p.source
    between = [g for g in c.before if g is not source and g[0].start > source[-1].end and _is_object(c.text, g[0])]
    if not between:
        return None
    return p.fired("object-before-noun-trigger", target=_pick_target(c, between, source))


def adjective_agent_on_noun(c: Clause, p: Parties) -> Parties | None:
    """«قُتل قيادي في حزب الله بغارة إسرائيلية», "a Hezbollah commander was killed in an Israeli
    strike", "the army repelled a Ukrainian attack": the country adjective on the attack noun names
    the attacker; the party named before it is the one hit."""
    if not p.source or c.root not in c.roots.military or c.passive_by is not None:
        return None
    attached = _adjective_on_trigger(c, c.trigger, c.root)
    if attached is None:
        # «اغتيل قيادي ... بغارة إسرائيلية»: the adjective sits on a later attack noun of the clause.
        attached = next((a for o in c.cand.also_triggers if o.start > c.trigger.end
                         and c.resources.triggers[o.entry.ref].cameo[:2] in c.roots.military
                         for a in [_adjective_on_trigger(c, o, c.root)] if a is not None), None)
    if attached is None:
        return None
    agent = attached[0]
    if all(a.country != agent.country for a in p.source):
        return p.fired("adjective-agent-on-noun", source=attached, target=p.source)
    if any(a.start == agent.start for a in p.source):
        hit = [g for g in c.before if g[-1].end <= agent.start and all(a.country != agent.country for a in g)
               and not _is_object(c.text, g[0])]
        if hit:
            return p.fired("adjective-agent-on-noun", source=attached, target=hit[-1])
    return None


_AGENT_REACH = 3  # words between an attack noun and the verb or participle that names its doer


def _agent_after_attack_noun(c: Clause) -> Group | None:
    """The group an attack noun of the clause names as its doer: «بهجوم شنّه عناصر من تنظيم داعش»,
    «طائرة مسيّرة أطلقتها جماعة الحوثي», «الهجوم الذي شنته حماس», 'a roadside bomb planted by Islamic
    State militants', 'attacks carried out by the RSF'."""
    text = c.text
    nouns = [o for o in (c.trigger, *c.cand.also_triggers)
             if c.resources.triggers[o.entry.ref].cameo[:2] in c.roots.violent_acts]
    for o in nouns:
        end = arabic_word_end(text, o.end)
        for g in c.groups:
            if g[0].word_start <= end:
                continue
            words = text[end:g[0].word_start].split()
            if len(words) > _AGENT_REACH + 2 or any(ch in _CLAUSE_PUNCTUATION for w in words for ch in w):
                break
            if c.doc.lang == "ar":
                if len(words) >= 2 and words[1] in ar.AGENT_VERBS:
                    words = words[1:]  # «بهجوم مسلح نفذه مجهولون»: an adjective on the noun first
                if words and words[0] in ar.RELATIVES:
                    words = words[1:]  # «الهجوم الذي شنته حماس»
                if words and words[0] in ar.AGENT_VERBS and len(words) <= _AGENT_REACH:
                    return g  # «بهجوم شنّه عناصر من تنظيم داعش»
            elif any(" ".join(w for w in words if w not in en.DETERMINERS).endswith(p) for p in en.AGENT_PARTICIPLES):
                return g  # ("conducted by the Afghan Air Force")
            break
    return None


def agent_named_after_the_attack(c: Clause, p: Parties) -> Parties | None:
    """'Two soldiers were killed ... by a roadside bomb planted by Islamic State militants', «مقتل
    ثلاثة مقاتلين بهجوم شنّه عناصر من تنظيم داعش على نقطة مراقبة»: the doer an attack noun names
    through a relative verb or participle is the source; the party taken for the subject before was
    hit (it becomes the target when no other is named)."""
    if c.root not in c.roots.violent_acts or c.entry.recip:
        return None
    agent = _agent_after_attack_noun(c)
    if agent is None:
        return None
    # (when the agent was already taken for the subject, the label keeps a passive from undoing it)
    target = [a for a in p.target if all(a.start != b.start for b in agent)]
    if not target:
        target = [a for a in p.source if all(a.start != b.start for b in agent)]
    if not target:
        target = [a for g in c.groups if g is not agent and g[-1].end <= agent[0].start for a in g][-1:] or []
    return p.fired("agent-named-after-the-attack", source=agent, target=target)


_LAM_AGENT_REACH = 2  # modifiers between an attack noun and «ل» + its agent («قصف جوي لقوات النظام»)


def _lam_agent_gap(c: Clause, noun: Match, g: Group) -> bool:
    """Only the attack noun's own modifiers stand between it and the group («قصف جوي لقوات النظام»),
    then «ل» on the group or «من» before it: no other word, no other party."""
    words = c.text[arabic_word_end(c.text, noun.end):g[0].word_start].split()
    if words and words[-1] == ar.AGENT_FROM:
        words = words[:-1]  # «بقصف من قوات النظام», «في غارات جوية من قوات النظام»
    if len(words) > _LAM_AGENT_REACH or not all(w in ar.ATTACK_MODIFIERS for w in words):
        return False  # «غارات على مواقع لحزب العمال», «منصة ... تابعة للحوثيين»: the «ل» is the target's owner
    return not any(noun.end <= a.start < g[0].start for a in c.actors)


def agent_after_lam_on_attack_noun(c: Clause, p: Parties) -> Parties | None:
    """«قُتل مدنيان في قصف لقوات الدعم السريع»: the party after «ل» right on an attack noun is the
    attacker (the passive verb names only the victims)."""
    unnamed = bool(p.source) and all(a.sector == "UAF" and a.country is None for a in p.source)
    if (p.source and not unnamed) or c.doc.lang != "ar" or c.root not in c.roots.military:
        return None  # (unnamed gunmen taken for the subject yield to the named attacker: «يسيطر عليها مسلحون»)
    text, t = c.text, c.trigger
    for o in (t, *c.cand.also_triggers):
        if o.start < t.start or c.resources.triggers[o.entry.ref].cameo[:2] not in c.roots.military:
            continue
        agent = next((g for g in c.after if g[0].word_start > o.end and _lam_agent_gap(c, o, g)
                      and (text[g[0].word_start:g[0].start] in ar.AGENT_PROCLITICS
                           or previous_word(text, g[0].word_start) == ar.AGENT_FROM) and g[0].strong), None)
        if agent is not None:
            target = _pick_target(c, [g for g in c.groups if g is not agent], agent)
            return p.fired("agent-after-lam-on-attack-noun", source=agent, target=target)
    return None


_WEAPON_REACH = 4  # words between a weapon or aircraft noun and the nisba that says whose it is


def nisba_on_the_weapon(c: Clause, p: Parties) -> Parties | None:
    """«استهدفت طائرة مسيّرة يُعتقد أنها أمريكية سيارة», 'a drone believed to be American': the
    nationality said of the drone, aircraft or missile that struck names that country's armed forces."""
    if c.root not in c.roots.military or not p.source or not all(a.kind == "adjective" for a in p.source) \
            or any(w in p.why for w in ("rule:adjective-on-trigger", "rule:adjective-agent-on-noun")):
        return None
    first = p.source[0]
    lo = max(c.cand.clause_start, first.word_start - 60)
    if not any(0 <= len(c.text[w.end:first.word_start].split()) <= _WEAPON_REACH and ar.is_aircraft(c.text[w.start:w.end])
               for w in matches_of(c.doc, "weapon", lo, first.word_start) if w.end <= first.word_start):
        return None
    return p.fired("nisba-on-the-weapon", source=[_as_armed_forces(a, "role") for a in p.source])


def adjective_on_trigger(c: Clause, p: Parties) -> Parties | None:
    """"Israeli airstrikes", «غارات إسرائيلية» with no other source: the adjective on the trigger noun
    is the actor (a bare adjective taken for the source before becomes the target)."""
    if p.source and not all(a.kind == "adjective" for a in p.source):
        return None
    attached = _adjective_on_trigger(c, c.trigger, c.root)
    if attached is None:
        return None
    target = p.target
    if p.source and p.source[0].kind == "adjective" and not p.target and p.source[0].start != attached[0].start:
        target = p.source  # (the same adjective, made armed forces, is no target of itself)
    return p.fired("adjective-on-trigger", source=attached, target=target)


def speaker_is_source(c: Clause, p: Parties) -> Parties | None:
    """«وأكد بوتين على ...»: the speaker the attribution stage found acting is the source."""
    if p.source or not c.speaker_is_source or p.claim is None or "rule:claimant-is-no-attacker" in p.why:
        return None
    return p.fired("speaker-is-source", source=[p.claim])


def reporter_is_source(c: Clause, p: Parties) -> Parties | None:
    """«أعلنت السلطات أنها ستعيد فتح المعبر», «قال الجيش إن وحداته قصفت ...», "said that it had
    ...": reported content with no subject of its own whose words point back at the reporter (a
    pronoun, «بلاده», «قوات الأمن» of the reporter's own sector) is the reporter's act. Without such a
    word («أفاد مصدر أمني بأن مدنيين اغتيلا», «ذكرت وكالة سانا أن قذائف سقطت») the reporter only
    reports, and a passive with no agent never has one."""
    cand = c.cand
    if p.source or p.claim is None or not (c.trigger.start >= cand.part_start > cand.clause_start):
        return None
    if c.passive_without_agent or not _points_back_at_reporter(c, p.claim):
        return None
    if p.claim.sector == "MED" and c.root in c.roots.agentless_passive:
        return None  # a news agency reports an attack or an arrest; it does not carry it out
    source = [p.claim]
    return p.fired("reporter-is-source", source=source, target=p.target or _pick_target(c, c.after, source))


def _points_back_at_reporter(c: Clause, claim: ActorMention) -> bool:
    doc, text, t = c.doc, c.text, c.trigger
    lo = c.cand.part_start
    word_end = arabic_word_end(text, t.end)
    if doc.lang == "ar":
        # The complementizer with its pronoun («أنها», «إنه», «بأنهم») or a word with a pronoun
        # suffix up to the trigger («وحداته», «طائراتها», «بلاده», «له»).
        i = lo
        while i > 0 and not text[i - 1].isspace():
            i -= 1
        region_start = i
        casualty = matches_of(doc, "casualty", region_start, word_end)
        for word in re.finditer(r"\S+", text[region_start:word_end]):
            w = word.group().strip(".,،\"'")
            end = region_start + word.start() + len(word.group().rstrip(".,،\"'"))
            if any(m.start < end and region_start + word.start() < m.end for m in casualty):
                continue  # «لقيت حتفها»: the pronoun is the victim's
            if ar.has_pronoun_suffix(w, doc.original[doc.norm.to_original(end - 1)] if end else ""):  # type: ignore[union-attr]
                return True
            if w in ar.SELF_NOUNS:
                return True
    else:
        words = text[lo:t.start].split()
        if any(w in en.BACK_POINTING for w in words):
            return True
    # «بأن قوات الأمن ألقت القبض» (the interior minister reporting): a bare role of the reporter's sector.
    return any(c.resources.roles[m.entry.ref].sector == claim.sector and not c.resources.roles[m.entry.ref].standalone
               and not _hit(c, m, []) for m in matches_of(doc, "role", lo, t.start))  # «بأن شرطيا استشهد»: a victim


def pro_drop_previous_clause(c: Clause, p: Parties) -> Parties | None:
    """A clause with no subject of its own continues the previous clause's subject."""
    previous = c.previous
    if p.source or previous is None or previous.sentence != c.cand.sentence or not previous.source:
        return None
    if c.doc.lang == "en" and (en.relative_pronoun_before(c.text, c.cand.clause_start - 40, c.trigger.word_start)
                               or en.contrast_clause(c.text, c.cand.clause_start)):
        return None  # "arrested two men who attacked ...", "..., while rights groups urged ...": a subject of its own
    sectors = c.roots.public_sectors | c.roots.civil_sectors if c.root in c.roots.intransitive else c.roots.state_sectors
    if _bare_subject_role(c, sectors) is not None:
        return None  # "..., and police detained 300 people": a subject of its own, named by its role
    source = list(previous.source)
    target = p.target or _pick_target(c, c.after, source)
    return p.fired("pro-drop-previous-clause", source=source, target=target)


def reciprocal_previous_parties(c: Clause, p: Parties) -> Parties | None:
    """«التقى X نظيره Y، ووقعا مذكرة تفاهم»: a reciprocal act joined to the previous one is between the
    same two parties."""
    if "rule:pro-drop-previous-clause" not in p.why or p.target or not c.entry.recip or not c.previous.target:  # type: ignore[union-attr]
        return None
    return p.fired("reciprocal-previous-parties", target=list(c.previous.target))  # type: ignore[union-attr]


def pro_drop_previous_sentence(c: Clause, p: Parties) -> Parties | None:
    """«التقى ميرتس زيلينسكي في برلين. وتعهد بتقديم مساعدات لكييف»: a sentence that opens with a verb
    and names no one continues the previous sentence's subject (Arabic drops the pronoun)."""
    previous, cand = c.previous, c.cand
    if (p.source or c.doc.lang != "ar" or previous is None or previous.sentence != cand.sentence - 1
            or not previous.source or not c.verb_initial or c.before or p.claim is not None
            or cand.clause_start != c.doc.sentences[cand.sentence].start):
        return None
    source = list(previous.source)
    target = p.target or _pick_target(c, c.after, source)
    return p.fired("pro-drop-previous-sentence", source=source, target=target)


def pronoun_subject_previous_sentence(c: Clause, p: Parties) -> Parties | None:
    """"Israeli Ambassador Danny Danon addressed the council after the vote. He accused Iran of ...":
    an English sentence whose subject is "he" or "she" takes the person (or the role named like one)
    that opens the previous sentence."""
    cand, doc = c.cand, c.doc
    if p.source or doc.lang != "en" or cand.sentence == 0:
        return None
    sentence = doc.sentences[cand.sentence]
    if not en.PRONOUN_SUBJECT.match(c.text[sentence.start:c.trigger.word_start]):
        return None
    prev = doc.sentences[cand.sentence - 1]
    first = next((a for a in within(doc.actors, doc.actor_starts, prev.start, prev.end)
                  if a.kind in ("person", "role") and a.country and a.start < prev.start + 60), None)
    if first is None:
        return None
    source = [first]
    return p.fired("pronoun-subject-previous-sentence", source=source, target=p.target or _pick_target(c, c.after, source))


def pronoun_object_previous_target(c: Clause, p: Parties) -> Parties | None:
    """«... وزير الخارجية السوري. وبحث معه ...»: the pronoun is the previous sentence's other party;
    "ordered the French ambassador to leave, accusing him of ...": an English verb that continues the
    previous clause's subject and takes a pronoun as its object is aimed at that clause's target."""
    if c.doc.lang == "en" and "rule:pro-drop-previous-clause" in p.why and c.previous.target \
            and en.object_pronoun_after(c.text, c.trigger.end):  # type: ignore[union-attr]
        return p.fired("pronoun-object-previous-target", target=list(c.previous.target))  # type: ignore[union-attr]
    if "rule:pro-drop-previous-sentence" not in p.why or p.target or not c.previous.target:  # type: ignore[union-attr]
        return None
    if not ar.has_object_pronoun(c.text, c.trigger.end, c.next_trigger):
        return None
    return p.fired("pronoun-object-previous-target", target=list(c.previous.target))  # type: ignore[union-attr]


def adjective_on_action_noun_object(c: Clause, p: Parties) -> Parties | None:
    """«ندد ... بالغارات الإسرائيلية على سوريا», "condemned Israeli strikes": the adjective on the
    action noun that the verbal act is about names its target (label: adjective-on-object-noun)."""
    if not p.source or p.target or c.root not in c.roots.verbal_act_objects:
        return None
    about = next((o for o in c.cand.also_triggers if o.start >= c.trigger.end and o.start == c.next_trigger), None)
    if about is None:
        return None
    attached = _adjective_on_trigger(c, about, "")
    if attached is None or attached[0].country in {a.country for a in p.source}:
        return None
    return p.fired("adjective-on-object-noun", target=attached)


_REFERENCE_REACH = 3  # words between a reaction verb (or its subject) and the noun that refers back
_EN_DETERMINERS = frozenset({"the", "this", "these", "that", "those", "such"})
_CLAUSE_PUNCTUATION = frozenset(".،,؛;:«»\"")


def _object_reference(c: Clause, p: Parties) -> tuple[Match, frozenset[str], Match | None] | None:
    """The definite noun that a reaction verb takes as its object and that refers back to an event
    («رفضت إيران الاتهامات», «رحبت الولايات المتحدة بالاتفاق», "condemned the attack"): the match, the
    PLOVER types it may stand for (empty: any) and the trigger it also is (None if none)."""
    doc, text, t = c.doc, c.text, c.trigger
    anchor = t.end
    if p.source and p.source[0].start >= t.end:
        anchor = max(anchor, p.source[-1].end)  # verb-subject-object: the object follows the subject
    for m in matches_of(doc, "reference", anchor, min(c.cand.clause_end, anchor + 60)):
        words = text[anchor:m.word_start].split()
        if len(words) > _REFERENCE_REACH or any(ch in _CLAUSE_PUNCTUATION for w in words for ch in w):
            return None
        if doc.lang == "ar":
            if m.entry.stem and not m.prefix.endswith(("ال", "لل")):
                return None  # «اتفاق» with no article is a new one, not the one told before
        elif not words or words[0] not in _EN_DETERMINERS:
            return None
        if any(a.start < m.start and a.end > anchor for a in c.actors if a.strong or a.kind == "adjective"):
            return None  # "rejected the U.S. accusation": the noun names its own doer
        also = next((o for o in c.cand.also_triggers if o.start <= m.start < o.end or m.start <= o.start < m.end), None)
        return m, c.resources.reference_types.get(m.entry.ref, frozenset()), also
    return None


def _plover_of(resources: Resources, cand: Candidate) -> str:
    return resources.cameo.get(resources.triggers[cand.trigger.entry.ref].cameo, (0.0, "", ""))[1]


def _earlier_event(c: Clause, types: frozenset[str], noun: Match, also: Match | None, source: Group) -> Candidate | None:
    """The latest event told before this one that the reference may stand for: when the noun is itself
    a trigger («الهجوم»), one told with the same trigger entry ('the strike' for 'struck'), else one of
    its type; else one of the types of the noun's class; never one of the reaction's own kind, nor one
    whose only parties are the reacting side. A place named with the noun ('the Jenin operation')
    must be named with the event."""
    own = {a.code for a in source}
    resources = c.resources
    kind = resources.cameo.get(c.entry.cameo, (0.0, "", ""))[1]
    places = _places_named_with(c, noun)
    fitting = []
    for cand in reversed(c.earlier):
        if _plover_of(resources, cand) == kind:
            continue
        parties = {a.code for a in cand.source} | ({a.code for a in cand.target} if cand.reciprocal else set())
        if parties and parties <= own:
            continue
        if places and not places & _places_of_clause(c.doc, resources, cand):
            continue
        fitting.append(cand)
    if also is not None:
        entry = resources.triggers[also.entry.ref]
        same = next((e for e in fitting if resources.triggers[e.trigger.entry.ref].id == entry.id), None)
        if same is not None:
            return same
        plover = resources.cameo.get(entry.cameo, (0.0, "", ""))[1]
        return next((e for e in fitting if _plover_of(resources, e) == plover), None)
    return next((e for e in fitting if not types or _plover_of(resources, e) in types), None)


def _places_named_with(c: Clause, noun: Match) -> set[str]:
    """The places named right before the noun or right after it ('the Jenin operation', «الهجوم على
    مدينة جدة»): their names."""
    doc = c.doc
    lo = max(c.trigger.end, noun.word_start - 30)
    return {c.resources.places[pm.place_index].name for pm in within(doc.place_mentions, doc.place_starts, lo, noun.end + 30)
            if pm.end <= noun.word_start or len(c.text[noun.end:pm.word_start].split()) <= 3}


def _places_of_clause(doc: Doc, resources: Resources, cand: Candidate) -> set[str]:
    sentence = doc.sentences[cand.sentence]
    return {resources.places[pm.place_index].name for pm in within(doc.place_mentions, doc.place_starts, sentence.start, sentence.end)}


def earlier_event_of_the_object(c: Clause, p: Parties) -> Parties | None:
    """"Iran rejected the accusation", «رحبت الولايات المتحدة بالاتفاق», «أدانت الرئاسة الهجوم»: a
    reaction whose object refers back to an event the article told before is aimed at the doers of
    that event (all its parties when it was reciprocal: an agreement); none when its doer was not named
    (the victims of a condemned attack are not its target)."""
    if c.root not in c.roots.reactions or not p.source or p.target:
        return None
    found = _object_reference(c, p)
    if found is None:
        return None
    noun, types, also = found
    event = _earlier_event(c, types, noun, also, p.source)
    if event is None:
        return None
    own = {a.code for a in p.source}
    parties = list(event.source) + (list(event.target) if event.reciprocal else [])
    target = _dedupe([a for a in parties if a.code not in own])
    return p.fired("earlier-event-of-the-object", target=target)


def _target_decided(p: Parties) -> bool:
    """A rule found that the act has no target the text names (the condemned attack's doer is unnamed)."""
    return "rule:earlier-event-of-the-object" in p.why or "rule:condemned-attack-doer" in p.why


_ATTACK_OBJECT_REACH = 4  # words between a reaction verb (or its subject) and the attack noun it is about


def _attack_object(c: Clause, p: Parties) -> Match | None:
    """The attack noun a reaction takes as its object ("condemned Thursday's suicide bombing in Kabul",
    «أدانت مصر التفجيرات التي ضربت بغداد», «إدانة مصر للتفجير»): a violent act's trigger a few words
    after the verb (after its subject in verb-subject order), with no clause punctuation between."""
    text, t = c.text, c.trigger
    anchor = t.end
    if p.source and p.source[0].start >= t.end:
        anchor = max(anchor, p.source[-1].end)
    for o in c.cand.also_triggers:
        if o.start < anchor or c.resources.triggers[o.entry.ref].cameo[:2] not in c.roots.violent_acts:
            continue
        words = text[anchor:o.word_start].split()
        if len(words) > _ATTACK_OBJECT_REACH or any(ch in _CLAUSE_PUNCTUATION for w in words for ch in w):
            return None
        if any(anchor <= a.start < o.word_start for a in c.actors):
            return None  # "condemned Israel for the strike", «اتهامات كييف»: a party named first
        return o
    return None


_FORCE_SECTORS = frozenset({"MIL", "COP", "REB", "UAF"})
_BY_REACH = 6  # words between an English attack noun and "by" + its doer


def _doer_of_attack_noun(c: Clause, noun: Match) -> Group | None:
    """The doer an attack noun names right after it: Arabic forces, or a party that is no public, in
    the genitive of the masdar («اقتحام القوات الإسرائيلية مدينة نابلس», «اقتحام وزير إسرائيلي»;
    after a killing or a targeting the genitive is the victim: «اغتيال هنية», «استهداف المدنيين»), English "by X" ("the storming of Al-Aqsa by Israeli settlers"), or a relative verb or
    participle ("carried out by", «شنته»)."""
    text = c.text
    end = arabic_word_end(text, noun.end)
    for g in c.groups:
        if g[0].word_start < end:
            continue
        words = text[end:g[0].word_start].split()
        if any(ch in _CLAUSE_PUNCTUATION for w in words for ch in w):
            break
        if c.doc.lang == "ar":
            first = g[0]
            if not words and ((first.sector or "") in _FORCE_SECTORS or (
                    text[noun.word_start:end] not in ar.VICTIM_GENITIVE_NOUNS and first.kind != "people"
                    and (first.sector or "") not in c.roots.public_sectors)):
                return g
        elif len(words) <= _BY_REACH and words and words[-1] in ("by", *en.DETERMINERS) \
                and "by" in words[-2:]:
            return g
        break
    return _agent_after_attack_noun(c)


def condemned_attack_doer(c: Clause, p: Parties) -> Parties | None:
    """"Germany condemned the suicide bombing in Kabul", «أدانت مصر التفجيرات التي ضربت بغداد»: a
    reaction to an attack is aimed at the attack's doer when the text names it ("the attack carried out
    by al-Shabaab", «الهجوم الذي شنته حركة الشباب»), else at nobody: the place struck and the victims
    are not its target (the attack is an event of its own)."""
    if c.root not in c.roots.reactions or not p.source or "rule:adjective-on-object-noun" in p.why \
            or "rule:earlier-event-of-the-object" in p.why:
        return None
    noun = _attack_object(c, p)
    if noun is None or (p.target and p.target[0].start < noun.start):
        return None
    agent = _doer_of_attack_noun(c, noun)
    # (attackers the text does not name, «التفجير الانتحاري», 'gunmen', are no target)
    target = [a for a in agent or () if a.country not in {b.country for b in p.source}
              and not (a.sector == "UAF" and a.country is None)]
    return p.fired("condemned-attack-doer", target=target)


def verbal_act_object(c: Clause, p: Parties) -> Parties | None:
    """"refused to take part in the Jeddah talks with the RSF", «هدد باستهداف السفن المرتبطة بإسرائيل»:
    what a verbal act is about follows its content noun."""
    if not p.source or p.target or c.root not in c.roots.verbal_act_objects or _target_decided(p):
        return None
    later = [g for g in c.groups if g[0].start >= c.next_trigger and g[0].start >= c.trigger.end and g is not p.source]
    if not later:
        return None
    return p.fired("verbal-act-object", target=_pick_target(c, later, p.source))


def state_force_of_the_place(c: Clause, p: Parties) -> Parties | None:
    """"Police fired tear gas at protesters in Tbilisi", «فرقت الشرطة المتظاهرين في القاهرة»: a police
    or army role with no country of its own that uses force at home is that country's force (then
    the protesters it hits are the same country's public, not the bare country)."""
    if p.source or c.root not in c.roots.domestic_public:
        return None
    doc, t, text = c.doc, c.trigger, c.text
    taken = [(a.start, a.end) for a in within(doc.actors, doc.actor_starts, max(0, c.cand.part_start - 40), c.cand.clause_end)]
    if p.claim is not None:
        taken.append((p.claim.start, p.claim.end))
    for m in resolve_longest(list(matches_of(doc, "role", c.cand.part_start, c.cand.clause_end))):
        role = c.resources.roles[m.entry.ref]
        if role.sector not in ("COP", "MIL") or role.standalone or role.counterpart or role.anaphor or not role.victim \
                or any(s <= m.start < e for s, e in taken) or _hit(c, m, []):
            continue  # (aircraft and guns, «بطائرات مسيرة», are no force of a known country)
        if m.prefix and m.prefix in ar.OBJECT_PROCLITICS:
            continue  # «على الشرطة», «للجيش»: an object
        before = m.end <= t.start
        after = doc.lang == "ar" and m.start >= t.end and len(text[t.end:m.word_start].split()) <= 1
        if not (before or after):
            continue
        where = _named_before(c, m) or _country_of_the_place(c)
        if where is None:
            return None
        iso3, how = where
        force = ActorMention(m.start, m.end, m.word_start, f"{c.resources.country_names.get(iso3, iso3)} {role.title}",
                             iso3 + role.sector, iso3, role.sector, True, "role", (f"role:{role.id}", f"country-of-place:{iso3}:{how}"))
        source = [force]
        rest = [g for g in c.after if g[0].start > m.end]
        return p.fired("state-force-of-the-place", source=source, target=p.target or _pick_target(c, rest, source))
    return None


def _bare_subject_role(c: Clause, sectors: frozenset[str]) -> Match | None:
    """A role noun with no country of its own in the subject's place ('police', «قوات الأمن», «وزارة
    الخارجية», 'protesters'): the last one before the trigger in its part of the clause, or in Arabic
    the one right after a clause-initial verb; none introduced by a preposition, hit by the act, or
    part of a named actor or the claimant."""
    doc, resources, t, text = c.doc, c.resources, c.trigger, c.text
    lo = c.cand.part_start
    taken = [(a.start, a.end) for a in within(doc.actors, doc.actor_starts, max(0, lo - 40), c.cand.clause_end)]
    if c.cand.claim_source is not None:
        taken.append((c.cand.claim_source.start, c.cand.claim_source.end))
    before, after = [], []
    for m in resolve_longest(list(matches_of(doc, "role", lo, c.cand.clause_end))):
        role = resources.roles[m.entry.ref]
        if role.sector not in sectors or role.standalone or role.counterpart or role.anaphor or not role.victim:
            continue
        if any(s <= m.start < e or m.start <= s < m.end for s, e in taken) or _hit(c, m, []):
            continue
        if (m.prefix and m.prefix in ar.OBJECT_PROCLITICS) or previous_word(text, m.word_start) in _OBJECT_PREPOSITIONS:
            continue
        if m.end <= t.start:
            before.append(m)
        elif doc.lang == "ar" and m.start >= t.end and len(text[t.end:m.word_start].split()) <= 1:
            after.append(m)
        elif m.start <= t.start < m.end and c.root in c.roots.intransitive:
            before.append(m)  # 'Protesters gathered ...': the crowd noun is the trigger
    if doc.lang == "ar" and c.verb_initial and after:
        return after[0]
    return before[-1] if before else None


def _named_before(c: Clause, m: Match) -> tuple[str, str] | None:
    """The article's identity of a bare role: «وقالت الوزارة» after «وزارة الخارجية الأردنية», 'the
    army said soldiers arrested ...' after 'Israeli troops raided ...', «أعلن الجيش الإسرائيلي أن
    قواته ...»: the country of the same role (or one it may stand for, `same_as` in role_nouns.jsonl;
    or a dictionary body of the role's sector: «وزارة الخارجية المصرية», the IDF) named with a country
    before it in the article, when all such mentions name one country; none when they name several
    (two ministries, two armies)."""
    role = c.resources.roles[m.entry.ref]
    ids = {role.id, *role.same_as}
    found: set[str] = set()
    for a in c.doc.actors:
        if a.start >= m.start:
            break
        iso3 = a.country
        if not iso3 or len(iso3) != 3 or iso3 in ("IGO", "NGO") or a.needs_country:
            continue
        if a.kind == "role":
            rid = a.why[0].removeprefix("role:") if a.why and a.why[0].startswith("role:") else None
            if rid in ids:
                found.add(iso3)
        elif a.kind == "organization" and a.sector == role.sector:
            found.add(iso3)
    if len(found) == 1:
        return next(iter(found)), "named-before"
    return None


def _country_of_the_role(c: Clause, m: Match | None = None) -> tuple[str, str] | None:
    """Where a role with no country of its own belongs, by the evidence the text gives: the country
    the article gave the same role before (`_named_before`, when `m` is the role's match); for acts at
    home (arrests, strikes, protests, attacks) the place where they happen, then the dateline's
    country, then the article's main country; for statements and diplomacy the dateline, then the
    main country (a ministry condemning an attack abroad is not of the place attacked)."""
    roots, doc = c.roots, c.doc
    if m is not None:
        named = _named_before(c, m)
        if named is not None:
            return named
    at_home = c.root in roots.domestic_public or c.root in roots.intransitive
    if at_home:
        where = _country_of_the_place(c)
        if where is not None:
            return where
    if doc.dateline_country:
        return doc.dateline_country, "dateline"
    if doc.main_country:
        return doc.main_country, "main-country"
    return None


def _counted(c: Clause, a: ActorMention) -> bool:
    """«12 فلسطينيا», «عشرات السوريين», 'two Palestinians': a nisba counted is people, no qualifier."""
    word = previous_word(c.text, a.word_start)
    return any(ch.isdigit() for ch in word) or word in ar.COUNT_WORDS or word in en.COUNT_WORDS


def _own_nisba(c: Clause, m: Match, a: ActorMention) -> bool:
    """A country nisba after a bare role on the same side of the trigger, not counted: the role's own
    («عمال في قطاع النفط الليبي»); one across the trigger or after a number qualifies the object."""
    t = c.trigger
    return a.start > m.start and (m.end <= t.start) == (a.start < t.start) and not _counted(c, a)


def _nisba_of_the_object(c: Clause, m: Match, a: ActorMention) -> bool:
    """The nisba stands after the trigger, past a role that acts before it or right after a clause-
    initial verb: it names the object («قواته اعتقلت 12 فلسطينيا», «called on Nigerian authorities»)."""
    t = c.trigger
    return a.start >= t.end and a.start > m.end and (m.end <= t.start or _counted(c, a))


def bare_role_of_the_country(c: Clause, p: Parties) -> Parties | None:
    """'Police arrested ...', «أعلنت وزارة الخارجية ...», «قالت الشرطة إن ...», 'protesters marched
    ...': a state body or (for a protest) a crowd named only by its role is the role of the country
    the text places it in (see `_country_of_the_role`; `why` says by which evidence)."""
    adjectives = bool(p.source) and all(a.kind == "adjective" for a in p.source) and len({a.country for a in p.source}) == 1
    if (p.source and not adjectives) or _agentless(c, p):
        return None
    sectors = c.roots.public_sectors | c.roots.civil_sectors if c.root in c.roots.intransitive else c.roots.state_sectors
    m = _bare_subject_role(c, sectors)
    if m is None:
        return None
    # «عمال في قطاع النفط الليبي»: the nisba in the subject's phrase gives the role its country.
    where = (p.source[0].country, "nisba") if adjectives and _own_nisba(c, m, p.source[0]) else None
    if where is None and adjectives:
        if not _nisba_of_the_object(c, m, p.source[0]):
            return None
        # «أعلن الجيش الإسرائيلي أن قواته اعتقلت 12 فلسطينيا», 'The ministry called on Nigerian
        # authorities': the nisba names the people acted on, the role is the one acting.
        source = _role_source(c, m)
        return p.fired("bare-role-of-the-country", source=source, target=p.source)
    where = where or _country_of_the_role(c, m)
    role = c.resources.roles[m.entry.ref]
    if where is None:
        if c.root not in c.roots.coercion_at_home:
            return None
        # «ألقت الشرطة القبض على 152 محتجاً»: police of no country the text gives still arrested them.
        source = [ActorMention(m.start, m.end, m.word_start, role.title, role.sector, None, role.sector, True, "role",
                               (f"role:{role.id}", "role-country:unknown"))]
        rest = [g for g in c.after if g[0].start > m.end]
        return p.fired("bare-role-of-the-country", source=source, target=p.target or _pick_target(c, rest, source))
    iso3, how = where
    source = [ActorMention(m.start, m.end, m.word_start, f"{c.resources.country_names.get(iso3, iso3)} {role.title}",
                           iso3 + role.sector, iso3, role.sector, True, "role",
                           (f"role:{role.id}", f"role-country:{iso3}:{how}"))]
    rest = [g for g in c.after if g[0].start > m.end]
    return p.fired("bare-role-of-the-country", source=source, target=p.target or _pick_target(c, rest, source))


def bare_role_reporter(c: Clause, p: Parties) -> Parties | None:
    """'Police said they had arrested 46 people', 'the army says it killed ...': a role named without a
    country that reports its own act (its pronoun opens the reported clause) is the source, with the
    country the evidence gives or none (as `bare_role_subject`)."""
    if p.source or c.doc.lang != "en" or c.passive_without_agent:
        return None
    doc, text, t = c.doc, c.text, c.trigger
    s = doc.sentences[c.cand.sentence]
    m = next((m for m in reversed(resolve_longest(list(matches_of(doc, "role", s.start, t.start))))
              if en.speaker_is_doer(text, m.end, t.word_start)), None)
    if m is None:
        return None
    role = c.resources.roles[m.entry.ref]
    if role.sector == "MED" or role.standalone or role.anaphor or role.counterpart:
        return None  # an outlet reports, it does not act
    where = _country_of_the_role(c, m)
    if where is not None:
        source = [_own_role(c, m, where[0], "role-country")._replace(why=(f"role:{role.id}", f"role-country:{where[0]}:{where[1]}"))]
    else:
        source = [ActorMention(m.start, m.end, m.word_start, role.title, role.sector, None, role.sector, False, "role",
                               (f"role:{role.id}", "no-country"))]
    return p.fired("bare-role-reporter", source=source, target=p.target or _pick_target(c, c.after, source))


def _sides_told_before(c: Clause) -> tuple[Group, Group] | None:
    """The two sides of the latest event told before with parties of two countries, else the first
    two countries named as actors in the previous sentence ('Russia and Ukraine swapped prisoners.
    Both countries thanked ...')."""
    for ev in reversed(c.earlier):
        source, target = [a for a in ev.source if a.country], [a for a in ev.target if a.country]
        if source and target and {a.country for a in source}.isdisjoint({a.country for a in target}):
            return list(source), list(target)
    if c.cand.sentence == 0:
        return None
    prev = c.doc.sentences[c.cand.sentence - 1]
    firsts: dict[str, ActorMention] = {}
    for a in within(c.doc.actors, c.doc.actor_starts, prev.start, prev.end):
        if a.country and len(a.country) == 3 and a.country not in ("IGO", "NGO") and a.kind != "adjective":
            firsts.setdefault(a.country, a)
    if len(firsts) != 2:
        return None
    a, b = firsts.values()
    return [a], [b]


def both_sides_subject(c: Clause, p: Parties) -> Parties | None:
    """'The two sides agreed to reopen transport links', 'Both countries thanked the UAE', 'both sides
    accused each other': the subject names the sides of what was told just before; a reciprocal act
    (or one done 'each other') is between them, another act is done by both."""
    if p.source or c.doc.lang != "en":
        return None  # (Arabic «الطرفان» stands after its verb: not read here yet)
    t, text = c.trigger, c.text
    cue = next((m for m in reversed(matches_of(c.doc, "both_sides", c.cand.part_start, t.start))
                if en.subject_next_to_verb(text, m.end, t.word_start, t.end)), None)
    if cue is None:
        return None
    sides = _sides_told_before(c)
    if sides is None:
        return None
    one, other = sides
    if c.entry.recip or en.each_other_after(text, t.end):
        return p.fired("both-sides-subject", source=one, target=other, reciprocal=True)
    source = _dedupe(one + other)
    rest = [g for g in c.after if g[0].start > cue.end]
    return p.fired("both-sides-subject", source=source, target=p.target or _pick_target(c, rest, source))


def clash_between_sides(c: Clause, p: Parties) -> Parties | None:
    """"Clashes broke out between police and stone-throwing youths", "fighting between the army and
    the RSF": a reciprocal fight whose sides follow "between" has them as its parties (the first as
    source, no initiator implied), named actors first, else roles named without a country."""
    if p.source or p.dropped or c.doc.lang != "en" or not c.entry.recip or c.root not in c.roots.violent_acts:
        return None
    start = en.between_after(c.text, c.trigger.end, c.cand.clause_end)
    if start is None:
        return None
    sides = [a for g in c.groups if g[0].start >= start for a in g]
    if len(sides) < 2:
        roles = [m for m in resolve_longest(list(matches_of(c.doc, "role", start, min(c.cand.clause_end, start + 80))))
                 if not c.resources.roles[m.entry.ref].standalone or c.resources.roles[m.entry.ref].sector == "UAF"]
        named = {a.start for a in sides}
        sides = sorted(sides + [_role_source(c, m)[0] for m in roles if m.start not in named], key=lambda a: a.start)
    if len(sides) < 2:
        return None
    return p.fired("clash-between-sides", source=[sides[0]], target=_dedupe(sides[1:]), reciprocal=True)


def blamed_on_parties(c: Clause, p: Parties) -> Parties | None:
    """"... was blamed on separatist militants by provincial officials": the accusation is by the
    passive's agent (after "by"; none named, no source) against the party after "blamed on"."""
    if "rule:blamed-on" not in c.cand.why:
        return None
    m = en.blamed_on(c.text, c.cand.part_start, c.cand.clause_end)
    if m is None:
        return None
    by = _by_after(c, m.end())
    accused = _party_starting_in(c, m.end(), by)
    accuser = _party_starting_in(c, by + 4, c.cand.clause_end) if by < c.cand.clause_end else None
    return p.fired("blamed-on-parties", source=accuser if accuser is not None else [],
                   target=accused if accused is not None else [])


def _by_after(c: Clause, start: int) -> int:
    """Where " by " (a passive's agent) starts after `start` in the clause, else the clause's end."""
    by = c.text.find(" by ", start, c.cand.clause_end)
    return c.cand.clause_end if by < 0 else by


def _party_starting_in(c: Clause, start: int, end: int) -> Group | None:
    """The clause's group that starts in [start, end), else a role at most two words after `start`
    (of the country the evidence gives), else None."""
    group = next((g for g in c.groups if start <= g[0].start < end), None)
    if group is not None:
        return group
    role = next(iter(resolve_longest(list(matches_of(c.doc, "role", start, min(end, start + 40))))), None)
    if role is None or len(c.text[start:role.word_start].split()) > 2:
        return None
    return _role_source(c, role)


def attack_blamed_on(c: Clause, p: Parties) -> Parties | None:
    """"The bombing of a bus station in Quetta was blamed on separatist militants": the party an
    attack is blamed on is its doer (the accusation is a candidate of its own, `coding._blamed_on`)."""
    if p.source or p.dropped or c.doc.lang != "en" or c.root not in c.roots.violent_acts or "rule:blamed-on" in c.cand.why:
        return None
    m = en.blamed_on(c.text, c.trigger.end, c.cand.clause_end)
    if m is None:
        return None
    doer = _party_starting_in(c, m.end(), _by_after(c, m.end()))
    if doer is None:
        return None
    target = [a for a in p.target if a.start not in {d.start for d in doer}]
    return p.fired("attack-blamed-on", source=doer, target=target)


def both_sides_object(c: Clause, p: Parties) -> Parties | None:
    """'The UN urged both sides to exercise restraint', 'called on the two countries to ...': the object
    names the sides of what was told before (less the source's own country)."""
    if p.target or not p.source or c.doc.lang != "en":
        return None
    t, text = c.trigger, c.text
    cue = next((m for m in matches_of(c.doc, "both_sides", t.end, min(c.cand.clause_end, t.end + 20))
                if len(text[t.end:m.word_start].split()) <= 1), None)
    if cue is None:
        return None
    sides = _sides_told_before(c)
    if sides is None:
        return None
    own = {a.country for a in p.source}
    target = [a for a in _dedupe(sides[0] + sides[1]) if a.country not in own]
    if not target:
        return None
    return p.fired("both-sides-object", target=target)


def bare_role_subject(c: Clause, p: Parties) -> Parties | None:
    """'Rebels seized the district', 'the villagers urged the state government', 'police said they had
    arrested 46 people', 'a court sentenced ...': a role named without a country as the subject of a
    verb is the source all the same. It takes the country the evidence gives (`_country_of_the_role`),
    else none: the event is kept with a party known only by its sector, which lowers its confidence
    (`confidence.py`). Agentless passives are left alone (no subject to read)."""
    if p.source or _agentless(c, p) or c.doc.lang != "en":
        return None  # (Arabic word order is `bare_role_of_the_country`'s business)
    roots = c.roots
    m = _bare_subject_role(c, roots.state_sectors | roots.public_sectors | roots.civil_sectors)
    if m is None:
        return None
    norm = c.doc.norm
    original_gap = c.doc.original[norm.to_original(m.end):norm.to_original(c.trigger.word_start)]  # type: ignore[union-attr]
    if not en.subject_next_to_verb(c.text, m.end, c.trigger.word_start, c.trigger.end, original_gap) \
            or previous_word(c.text, m.word_start) in ("as", "of", "by"):
        return None
    role = c.resources.roles[m.entry.ref]
    where = _country_of_the_role(c, m)
    if where is not None:
        iso3, how = where
        source = [_own_role(c, m, iso3, "role-country")._replace(why=(f"role:{role.id}", f"role-country:{iso3}:{how}"))]
    else:
        source = [ActorMention(m.start, m.end, m.word_start, role.title, role.sector, None, role.sector, True, "role",
                               (f"role:{role.id}", "no-country"))]
    rest = [g for g in c.after if g[0].start > m.end]
    return p.fired("bare-role-subject", source=source, target=p.target or _pick_target(c, rest, source))


_ADDRESSEE_REACH = 3  # words between «مطالبين»/'urging' and the one addressed


def _own_role(c: Clause, m: Match, iso3: str, how: str) -> ActorMention:
    role = c.resources.roles[m.entry.ref]
    return ActorMention(m.start, m.end, m.word_start, f"{c.resources.country_names.get(iso3, iso3)} {role.title}",
                        iso3 + role.sector, iso3, role.sector, True, "role", (f"role:{role.id}", f"{how}:{iso3}"))


def _addressed(c: Clause, iso3: str) -> list[ActorMention] | None:
    """«مطالبين الحكومة بالكشف عن القتلة», 'demanding that the government resign': the one a protest's
    demand is addressed to (a bare state role is the protesters' own)."""
    doc, text = c.doc, c.text
    for cue in matches_of(doc, "addressee", c.trigger.start, c.cand.clause_end):
        hi = cue.end + 40
        named = next((a for a in within(doc.actors, doc.actor_starts, cue.end, hi) if a.strong
                      and len(text[cue.end:a.word_start].split()) <= _ADDRESSEE_REACH), None)
        role = next((m for m in matches_of(doc, "role", cue.end, hi)
                     if c.resources.roles[m.entry.ref].sector in c.roots.state_sectors
                     and len(text[cue.end:m.word_start].split()) <= _ADDRESSEE_REACH), None)
        if named is not None and (role is None or named.start <= role.start):
            return [named]
        if role is not None:
            return [_own_role(c, role, iso3, "addressed-own")]
    return None


def protest_addressee(c: Clause, p: Parties) -> Parties | None:
    """A protest by a country's public aimed at its own authorities when the text makes it plain: the
    demand names them («مطالبين الحكومة ...», 'demanding that the government resign'; a bare role is the
    protesters' own), or what is protested is an act of authority ('against the pension reform',
    «احتجاجاً على رفع أسعار المحروقات», 'to protest the arrest of ...': that country's government).
    Unnamed gunmen whose killing is protested are not its target."""
    if c.root not in c.roots.intransitive or not p.source:
        return None
    countries = {a.country for a in p.source if a.country}
    if len(countries) != 1 or not all(a.kind in ("people", "country", "adjective") or (a.sector or "") in c.roots.civil_sectors
                                      for a in p.source):
        return None
    iso3 = next(iter(countries))
    # Unnamed gunmen whose killing is protested, or the protesters' own capital or country named as
    # where they march, are no addressee.
    placeholder = bool(p.target) and all((a.sector == "UAF" and a.country is None) or (not a.strong and a.country == iso3)
                                         for a in p.target)
    s = c.doc.sentences[c.cand.sentence]
    acts = matches_of(c.doc, "authority_act", s.start, s.end)
    if p.target and not placeholder:
        # 'against the detention of Mayor Ekrem Imamoglu': the one detained is not who is protested against.
        first = p.target[0]
        if not any(0 <= first.word_start - m.end <= 4 and c.text[m.end:first.word_start].strip() in ("of", "", "على", "عن")
                   for m in acts) and not any(m.start <= first.start < m.end + 12 and first.kind == "person" for m in acts):
            return None
    addressed = _addressed(c, iso3)
    if addressed is not None:
        return p.fired("protest-addressee", target=addressed)
    act = acts[0] if acts else None
    if act is None:
        return p.but(target=[]) if placeholder else None
    government = ActorMention(act.start, act.end, act.word_start, f"{c.resources.country_names.get(iso3, iso3)} government",
                              iso3 + "GOV", iso3, "GOV", True, "role", (f"authority-act:{act.key}", f"own-government:{iso3}"))
    return p.fired("protest-addressee", target=[government])


_NEAR_KM = 1000.0  # a place this close to a state's capital may be where its forces act
_CAPITALS: dict[int, dict[str, tuple[float, float]]] = {}


def _near_the_capital(c: Clause, iso3: str) -> bool:
    """The clause's first place lies within `_NEAR_KM` of the capital of `iso3` (Jenin and Israel;
    not a same-named town in Spain for a Syrian prison)."""
    places = c.resources.places
    capitals = _CAPITALS.get(id(places))
    if capitals is None:
        capitals = _CAPITALS.setdefault(id(places), {p.capital_of: (p.lat, p.lon) for p in places
                                                      if p.capital_of and p.lat is not None and p.lon is not None})
    capital = capitals.get(iso3)
    pm = next(iter(within(c.doc.place_mentions, c.doc.place_starts, c.cand.clause_start, c.cand.clause_end)), None)
    if capital is None or pm is None:
        return False
    place = places[pm.place_index]
    if place.lat is None or place.lon is None:
        return False
    lat1, lon1, lat2, lon2 = map(math.radians, (capital[0], capital[1], place.lat, place.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h)) <= _NEAR_KM


def _never_hit(c: Clause, a: ActorMention) -> bool:
    """A role that is no victim ("rockets", "warplanes": `victim` false in role_nouns.jsonl)."""
    role_id = a.why[0].removeprefix("role:") if a.why else ""
    return any(r.id == role_id and not r.victim for r in c.resources.roles)


def bare_role_of_the_place(c: Clause, p: Parties) -> Parties | None:
    """«اعتقلت قوات الاحتلال عشرة شبان من جنين والخليل», 'Israeli forces detained seven young men in
    Beita': a bare role that a state's arrest, release or attack hits where the text places it, in
    another country than the source's, is of that place's country (the gazetteer: Jenin is in the
    Palestinian territories), not of the source's."""
    roots = c.roots
    if not p.source or p.target or c.root not in roots.domestic_public or _target_decided(p):
        return None
    bare = _bare_role_after(c, c.trigger.end, c.next_trigger, p.source)
    if bare is None:
        return None
    if _never_hit(c, bare):
        return None  # "fired a barrage of rockets at Israel": the rockets are the attacker's, never hit
    where = _country_of_the_place(c)
    if where is None or where[1] == "article" or where[0] == bare.country:
        return None
    iso3, how = where
    if iso3 not in c.doc.article_countries - {bare.country} and not _near_the_capital(c, bare.country or ""):
        return None  # «سجن عدرا» read as Adra in Spain: a far place the article says nothing else of
    role = bare.name.split(" ", 1)[-1]
    victim = bare._replace(country=iso3, code=iso3 + (bare.sector or ""), name=f"{c.resources.country_names.get(iso3, iso3)} {role}",
                           why=(bare.why[0], f"victim-country:{iso3}:{how}"))
    return p.fired("bare-role-of-the-place", target=[victim])


def _at_embassy(c: Clause, a: ActorMention) -> bool:
    """The actor owns the embassy or consulate named right before it («أمام السفارة الأمريكية»,
    «سفارة بورما», 'the Israeli embassy')."""
    for cue in matches_of(c.doc, "embassy", max(0, a.word_start - 30), a.end + 12):
        if a.word_start <= cue.start < a.end:
            return True  # the role «السفارة الفرنسية» itself
        if cue.end <= a.word_start and len(c.text[cue.end:a.word_start].split()) <= 1:
            return True  # «السفارة الأمريكية», «سفارة بورما»
        if a.end <= cue.start and len(c.text[a.end:cue.word_start].split()) == 0:
            return True  # 'the Israeli embassy'
    return False


def protest_at_embassy(c: Clause, p: Parties) -> Parties | None:
    """«نظمت ... وقفة احتجاجية أمام السفارة الأمريكية في نواكشوط», 'rallied outside the Israeli embassy':
    the state whose embassy a protest gathers at is what the protest is aimed at, never the protesters."""
    if c.root not in c.roots.intransitive:
        return None
    owners = [a for a in c.actors if a.country and _at_embassy(c, a)]
    if not owners:
        return None
    spans = {(a.start, a.end) for a in owners}
    countries = {a.country for a in owners}
    source = [a for a in p.source if (a.start, a.end) not in spans and a.country not in countries]
    target = [a for a in p.target if (a.start, a.end) not in spans]
    return p.fired("protest-at-embassy", source=source, target=_dedupe(target + owners[:1]))


def unnamed_crowd(c: Clause, p: Parties) -> Parties | None:
    """«نظم عدد من المواطنين وقفة احتجاجية», «تظاهر نحو مئة شخص في العاصمة التونسية», 'hundreds
    rallied': protesters the text names by no actor are the public of the country the evidence gives
    (the place, a country adjective in the subject's place, the dateline, the article's main country),
    else a public of no known country: the protest happened all the same."""
    if c.root not in c.roots.intransitive:
        return None
    adjectives = bool(p.source) and all(a.kind == "adjective" for a in p.source)
    if p.source and not adjectives:
        return None
    # A nisba in the subject's place («في العاصمة التونسية») before any place, which may be one the
    # protest is about («تضامناً مع سكان غزة»); never the country the protest is aimed at.
    aimed_at = {a.country for a in p.target}
    # «تظاهرت مئات النساء في الخرطوم», «وسط العاصمة الأردنية»: a capital or country named as where
    # they gather comes before the other places (one may be what the protest is about).
    venue = next(((a.country, "venue") for a in c.actors if a.kind in ("capital", "country", "adjective") and a.country
                  and previous_word(c.text, a.word_start) in _VENUE_WORDS | _CAPITAL_WORDS), None)
    evidence = [(p.source[0].country, "adjective") if adjectives else None,
                venue,
                None if adjectives else _country_of_the_place(c),
                (c.doc.dateline_country, "dateline") if c.doc.dateline_country else None,
                (c.doc.main_country, "main-country") if c.doc.main_country else None]
    where = next((w for w in evidence if w is not None and w[0] not in aimed_at), None)
    anchor = p.source[0] if adjectives else c.trigger
    iso3, how = where if where is not None else (None, "unknown")
    name = f"{c.resources.country_names.get(iso3, iso3)} civilians" if iso3 else "civilians"
    crowd = ActorMention(anchor.start, anchor.end, anchor.word_start, name, (iso3 or "") + "CVL", iso3, "CVL", True,
                         "people", (f"crowd:{iso3 or '-'}:{how}",))
    return p.fired("unnamed-crowd", source=[crowd], target=[a for a in p.target if a.country != iso3 or a.strong])


def bare_role_same_country(c: Clause, p: Parties) -> Parties | None:
    """«أفرجت السلطات البحرينية عن المعتقلين», "detained President Bazoum": a bare role after a domestic
    act belongs to the source's country (an attack abroad hits the place's country instead)."""
    roots = c.roots
    if not p.source or p.target or (c.root not in roots.domestic_target and c.root not in roots.domestic_public) \
            or _target_decided(p):
        return None
    bare = _bare_role_after(c, c.trigger.end, c.next_trigger, p.source)
    if bare is None:
        return None
    if c.root in roots.military and _country_after(c.doc, c.resources, c.trigger.end, c.next_trigger,
                                                   {a.country for a in p.source}, c.root) is not None:
        return None
    if c.root in roots.violent_acts and _attacks_abroad(c, bare.country):
        return None  # "a U.S. airstrike killed 17 villagers" (in Afghanistan): the victims are not the attacker's
    return p.fired("bare-role-same-country", target=[bare])


def _attacks_abroad(c: Clause, own: str | None) -> bool:
    """The place of a violent act is known and not in the attacker's country (its place, dateline
    or the article's main country)."""
    where = _country_of_the_place(c)
    if where is not None:
        return where[0] != own
    other = c.doc.dateline_country or c.doc.main_country
    return other is not None and other != own


def attacker_in_the_attack_noun(c: Clause, p: Parties) -> Parties | None:
    """«تفجير انتحاري», «هجوم انتحاري», "a suicide bombing": the attack noun names its (unnamed)
    perpetrator."""
    if p.source or c.root not in c.roots.violent_acts:
        return None
    t = c.trigger
    inside = [a for a in within(c.doc.actors, c.doc.actor_starts, t.start, t.end) if a.sector == "UAF" and a.end <= t.end + 1]
    if not inside:
        return None
    return p.fired("attacker-in-the-attack-noun", source=inside[:1])


def claimed_responsibility(c: Clause, p: Parties) -> Parties | None:
    """"Gunmen attacked a concert hall; the Islamic State group claimed responsibility", «تفجير ...
    تبناه تنظيم الدولة الإسلامية»: an attack whose attacker the report does not name (or names only by
    description) is the act of the group that claimed it, in the same sentence or the next one (not
    "no group has claimed responsibility")."""
    if c.root not in c.roots.violent_acts or any(a.country or a.sector != "UAF" for a in p.source):
        return None
    claimant = _claimant(c)
    if claimant is None:
        return None
    target = [a for a in p.target if a.start != claimant.start]
    return p.fired("claimed-responsibility", source=[claimant], target=target)


def _claimant(c: Clause) -> ActorMention | None:
    doc, text = c.doc, c.text
    index = c.cand.sentence
    for k in (index, index + 1):
        if k >= len(doc.sentences):
            break
        s = doc.sentences[k]
        for cue in matches_of(doc, "responsibility", s.start, s.end):
            if any(w in _NEGATIONS for w in text[max(s.start, cue.word_start - 25):cue.word_start].split()):
                continue  # «لم تعلن أي جهة مسؤوليتها», "no one claimed responsibility"
            if k == index and any(o.start > c.trigger.end and o.end <= cue.start
                                  and c.resources.triggers[o.entry.ref].cameo[:2] in c.roots.violent_acts
                                  for o in matches_of(doc, "trigger", c.trigger.end, cue.start)):
                continue  # «هجوم ... بعد يوم من تفجير ... تبناه تنظيم الدولة»: the claim is the other attack's
            actors = [a for a in within(doc.actors, doc.actor_starts, s.start, s.end)
                      if a.strong and a.kind in ("group", "organization") and a.sector not in ("MED", "GOV")]
            after = [a for a in actors if cue.end <= a.word_start <= cue.end + 30]
            before = [a for a in actors if a.end <= cue.word_start and cue.word_start - a.end <= 30]
            found = (after[:1] or before[-1:]) if doc.lang == "ar" else (before[-1:] or after[:1])
            if found:
                return found[0]
    return None


_NEGATIONS = frozenset(ar.NEGATIONS | en.NEGATIONS)


def victims_of_the_attack(c: Clause, p: Parties) -> Parties | None:
    """«قُتل 32 شخصاً ... في انفجار حافلة مفخخة», "killing three policemen": an attack whose target no
    other rule found hits the people its sentence names by a bare role; they take the country of the
    place struck («... غربي بغداد» -> IRQCVL), or none (CVL)."""
    if c.root not in c.roots.violent_acts or c.entry.recip:
        return None  # a clash («اشتباكات بين ...») has two sides, not an attacker and its victims
    unnamed_target = bool(p.target) and all(a.sector == "UAF" and a.kind == "role" for a in p.target)
    if p.target and not _weak(p.target) and not unnamed_target:
        return None
    # Named parties a casualty word names («أصيب عنصران من الشرطة العراقية في انفجار ...»).
    patients = [a for g in c.groups if g is not p.source and not unnamed_target and _patient(c, g) for a in g]
    if patients:
        return p.fired("victims-of-the-attack", target=_dedupe(patients))
    victims = _bare_victims(c, p.source)
    if unnamed_target:
        # "opened fire at police officers ..., killing ... both assailants": the ones fired at.
        victims = [m for m in victims if c.trigger.end <= m.start < p.target[0].start]
    if not victims:
        return None
    where = _country_of_the_place(c)
    if where is None and p.target and len({a.country for a in p.target}) == 1:
        where = (p.target[0].country, "target")  # «... ثلاثة أشخاص ... شمال غرب سوريا»
    country, how = where if where is not None else (None, "")
    target, seen = [], set()
    for m in victims:
        v = _victim(c, m, country, how)
        if v.code not in seen:
            seen.add(v.code)
            target.append(v)
        if len(target) == 3:
            break
    return p.fired("victims-of-the-attack", target=target)


def _target_reach(c: Clause, p: Parties) -> int:
    """Where a target after the trigger may lie: before the next predicate and before the claimant
    ("fired a missile at a ship in the Red Sea, the U.S. military said": the claimant is no target)."""
    end = c.next_trigger
    claim = p.claim or c.cand.claim_source
    if claim is not None and c.trigger.end <= claim.start < end:
        end = claim.word_start
    return end


_PROTEST_OBJECT_REACH = 4  # words from the attack verb to the protest it was aimed at


def fire_on_a_protest(c: Clause, p: Parties) -> Parties | None:
    """"Security forces opened fire on a demonstration in Saudi Arabia's east", «أطلقت الشرطة النار على
    تظاهرة في البصرة»: a state force of one country whose attack lands on a protest at home hits the
    crowd, that country's public."""
    if c.root not in c.roots.violent_acts or p.target or p.reciprocal or not p.source or _target_decided(p):
        return None
    countries = {a.country for a in p.source}
    if len(countries) != 1 or not all(a.sector in c.roots.state_sectors for a in p.source):
        return None
    iso3 = next(iter(countries))
    if not iso3 or len(iso3) != 3 or _attacks_abroad(c, iso3):
        return None
    triggers, text = c.resources.triggers, c.text
    end = c.cand.clause_end  # (the protest noun is itself the next predicate: `next_trigger` stops at it)
    claim = p.claim or c.cand.claim_source
    if claim is not None and c.trigger.end <= claim.start < end:
        end = claim.word_start
    for o in matches_of(c.doc, "trigger", c.trigger.end, end):
        if len(text[c.trigger.end:o.word_start].split()) > _PROTEST_OBJECT_REACH:
            break
        if triggers[o.entry.ref].cameo[:2] == "14":
            crowd = ActorMention(o.start, o.end, o.word_start, f"{c.resources.country_names.get(iso3, iso3)} civilians",
                                 iso3 + "CVL", iso3, "CVL", True, "people", (f"crowd:{iso3}:protest-hit",))
            return p.fired("fire-on-a-protest", target=[crowd])
    return None


def target_country_after_trigger(c: Clause, p: Parties) -> Parties | None:
    """The country the action is directed at or happens in: «ستسحب قواتها من النيجر», "missiles at Israel"."""
    if not p.source or p.target or (c.entry.recip and len(p.source) >= 2) or _target_decided(p):
        return None
    where = _country_after(c.doc, c.resources, c.trigger.end, _target_reach(c, p), {a.country for a in p.source}, c.root)
    if where is None:
        return None
    return p.fired("target-country-after-trigger", target=[where])


def crowd_of_the_place(c: Clause, p: Parties) -> Parties | None:
    """«تظاهر مئات الأشخاص في تونس العاصمة», "thousands protested in Tbilisi": an unnamed crowd is the
    public of the place where it protests."""
    if p.source or c.root not in c.roots.intransitive or c.actors:
        return None
    crowd = _public_of_place(c)
    if crowd is None:
        return None
    return p.fired("crowd-of-the-place", source=[crowd])


def pronoun_on_object_earlier_country(c: Clause, p: Parties) -> Parties | None:
    """«انتقد الاتحاد الأفريقي الانقلاب في النيجر، وعلق عضويتها»: see `_pronoun_on_object_earlier_country`."""
    if not p.source or p.target or not c.entry.needs or _target_decided(p):
        return None
    earlier = _pronoun_on_object_earlier_country(c, {a.country for a in p.source})
    if earlier is None:
        return None
    return p.fired("pronoun-on-object-earlier-country", target=[earlier])


_AGENT_RULES = ("rule:passive-agent", "rule:adjective-agent-on-noun", "rule:agent-after-lam-on-attack-noun",
                "rule:agent-named-after-the-attack", "rule:passive-by-role",
                "rule:adjective-on-trigger", "rule:pro-drop-object-after-coordinated-verb")


def _agentless(c: Clause, p: Parties) -> bool:
    """«اعتُقل ناشط في القاهرة», «تم إطلاق سراح الرهينتين», "were arrested", and no rule found the agent."""
    return c.passive_without_agent and not any(w in p.why for w in _AGENT_RULES)


def passive_subject_is_target(c: Clause, p: Parties) -> Parties | None:
    """In an agentless passive the noun the verb is about is what is done to, not who does it."""
    if not _agentless(c, p) or not any(w in p.why for w in ("rule:subject-after-verb", "rule:subject-before-trigger")):
        return None
    return p.fired("passive-subject-is-target", source=[], target=_dedupe(p.source + p.target))


def agent_of_attack_noun(c: Clause, p: Parties) -> Parties | None:
    """«قُتل ثلاثة جنود بقصف نفّذه مسلحو الهيئة»: the party after «نفذه»/«شنه» did it; «قُتل ثلاثة
    مدنيين في غارة إسرائيلية على غزة»: the nationality adjective right on the attack noun names the
    armed forces that struck."""
    if not _agentless(c, p) or p.source:
        return None
    agent = next((g for g in c.after if ar.after_agent_verb(c.text, g[0].word_start)), None)
    if agent is None and c.root in c.roots.military:
        agent = _adjective_on_attack_noun(c)
    if agent is None and c.root in c.roots.violent_acts:
        agent = _subject_of_later_attack(c)
    if agent is None:
        return None
    target = [a for a in p.target if all(a.start != b.start for b in agent)] or \
        _pick_target(c, [g for g in c.after if g is not agent], agent)
    target = _rehome_borrowed_roles(c, target, agent)
    return p.fired("agent-of-attack-noun", source=agent, target=target)


def attacker_after_cause_word(c: Clause, p: Parties) -> Parties | None:
    """«استشهد 11 فلسطينياً جراء قصف طائرات الجيش الإسرائيلي», «أصيب صبي بنيران قوات الاحتلال»: in an
    Arabic casualty report the party right after «بنيران»/«برصاص»/«جراء قصف» is the attacker; the ones
    killed or wounded, taken for the subject before, are its target."""
    if c.doc.lang != "ar" or c.root not in c.roots.violent_acts or c.entry.recip:
        return None
    agent = next((g for g in c.groups if g[0].start >= c.trigger.end
                  and (g[0].kind != "adjective" or all(a.kind == "adjective" for a in g))
                  and ar.after_cause_word(c.text, g[0].word_start)), None)
    if agent is None:
        return None
    if agent[0].kind == "adjective":
        # «قتلوا في غارات إسرائيلية», «برصاص إسرائيلي»: the nisba on the cause noun names the armed forces
        agent = [_as_armed_forces(a, "role") for a in agent]
    starts = {a.start for a in agent}
    if p.source and all(a.start in starts for a in p.source):
        return None
    countries = {a.country for a in agent}
    target = [a for a in (*p.source, *p.target) if a.start not in starts and a.country not in countries]
    return p.fired("attacker-after-cause-word", source=agent, target=_dedupe(target) if target else p.target)


def bare_role_passive_subject(c: Clause, p: Parties) -> Parties | None:
    """'Five opposition leaders in Guinea have been sentenced', 'two journalists were detained': the
    role an agentless passive is about is its target, of the country the evidence gives (else none)."""
    if p.source or p.target or c.before or c.doc.lang != "en" or not _agentless(c, p):
        return None
    t, text = c.trigger, c.text
    m = next((m for m in reversed(resolve_longest(list(matches_of(c.doc, "role", c.cand.part_start, t.start))))
              if c.resources.roles[m.entry.ref].victim and not c.resources.roles[m.entry.ref].standalone
              and len(text[m.end:t.word_start].split()) <= 5), None)
    if m is None:
        return None
    return p.fired("bare-role-passive-subject", target=_role_source(c, m))


def agentless_passive(c: Clause, p: Parties) -> Parties | None:
    """No agent named: the act is kept with its target alone (`has_parties` accepts it)."""
    if not _agentless(c, p) or p.source:
        return None
    target = p.target
    if not target:
        target = _pick_target(c, c.after, []) if c.doc.lang == "ar" else (c.before[-1] if c.before else [])
    if not target:
        return p.but(target=target)
    if c.root in c.roots.violent_acts and _attack_evidence(c) is None:
        return p.but(target=target)  # «قُتل ثلاثة أشخاص في حادث سير»: casualties, no attack
    return p.but(target=target, why=p.why + (AGENTLESS,))


def act_noun_without_agent(c: Clause, p: Parties) -> Parties | None:
    """"the unrest has led to more than 150 arrests", "condemned the arrest of the opposition leader",
    "the detentions followed a raid": an arrest or raid named by its noun, with no agent in the
    clause, is the state's act all the same. Its target is who was arrested (the group after the
    noun), else the public of the place where it happened (else unnamed people); the label lets
    `has_parties` keep it without a source."""
    if p.source or p.dropped or c.doc.lang != "en" or c.root not in c.roots.coercion_at_home \
            or not en.act_noun(c.text, c.cand.part_start, c.trigger.word_start, c.trigger.end):
        return None
    target = p.target
    if not target:
        where = _country_of_the_place(c)
        iso3 = where[0] if where else None
        t = c.trigger
        name = f"{c.resources.country_names.get(iso3, iso3)} civilians" if iso3 else "civilians"
        target = [ActorMention(t.start, t.end, t.word_start, name, (iso3 or "") + "CVL", iso3, "CVL", True, "people",
                               (f"public-of-place:{iso3}:{where[1]}",) if where else ("unnamed-people",))]
    return p.but(target=target, why=p.why + ("rule:act-noun-without-agent", AGENTLESS))


def _home_of_the_source(c: Clause, p: Parties) -> tuple[str, str] | None:
    """«قتل الجيش النيجيري عشرة مسلحين في ولاية بورنو» (a place the gazetteer does not know): a state
    force of one country whose sentence names no other country acts at home."""
    countries = {a.country for a in p.source}
    if len(countries) != 1 or not all(a.sector in c.roots.state_sectors for a in p.source):
        return None
    iso3 = next(iter(countries))
    if not iso3 or len(iso3) != 3 or iso3 in ("IGO", "NGO"):
        return None
    start, end = _sentence_span(c)
    if any(a.country and a.country != iso3 for a in within(c.doc.actors, c.doc.actor_starts, start, end)):
        return None
    if any(c.resources.places[pm.place_index].country not in (None, iso3)
           for pm in within(c.doc.place_mentions, c.doc.place_starts, start, end)):
        return None
    return iso3, "source-home"


def victim_country_of_the_place(c: Clause, p: Parties) -> Parties | None:
    """"killed eight militants in a raid in North Waziristan": a target of a violent act that the text
    gives no country takes the country of the place where it was hit (the attacker, unnamed, keeps
    none)."""
    if c.root not in c.roots.violent_acts or not any(a.country is None and a.sector for a in p.target):
        return None
    where = _country_of_the_place(c)
    if where is None and c.doc.dateline_country:
        where = (c.doc.dateline_country, "dateline")
    if where is None:
        where = _home_of_the_source(c, p)
    if where is None:
        return None
    iso3, how = where
    target = [a._replace(country=iso3, code=iso3 + a.sector, name=f"{c.resources.country_names.get(iso3, iso3)} {a.name}",
                         why=a.why + (f"victim-country:{iso3}:{how}",))
              if a.country is None and a.sector and a.kind == "role" else a for a in p.target]
    return p.fired("victim-country-of-the-place", target=target)


def public_of_the_place_coerced(c: Clause, p: Parties) -> Parties | None:
    """"Police detained more than 300 people" in Istanbul, "authorities imposed a curfew in Manipur": a
    state's coercion with no target named is aimed at the public of the place where it happens (else
    of the state's own country), said in why."""
    if not p.source or p.target or c.entry.recip or c.root not in c.roots.coercion_at_home:
        return None
    if matches_of(c.doc, "foreigners", c.trigger.end, c.cand.clause_end):
        return None  # «ترحيل 300 وافد», "intercepted a boat carrying migrants": not the place's public
    countries = {a.country for a in p.source}
    if len(countries) != 1 or None in countries \
            or not all(a.kind == "country" or a.sector in c.roots.state_sectors for a in p.source):
        return None
    iso3, how = _country_of_the_place(c) or (next(iter(countries)), "source")
    t = c.trigger
    public = ActorMention(t.start, t.end, t.word_start, f"{c.resources.country_names.get(iso3, iso3)} civilians",
                          iso3 + "CVL", iso3, "CVL", True, "people", (f"public-of-place:{iso3}:{how}",))
    return p.fired("public-of-the-place-coerced", target=[public])


def victims_of_unaligned_gunmen(c: Clause, p: Parties) -> Parties | None:
    """«اغتال مسلحون مجهولون عضواً في المجلس البلدي لمدينة نوى بريف درعا», 'gunmen shot dead a truck
    driver in North Darfur': the one unaligned gunmen (no country) kill or hurt, named by no actor or
    role, is of the public of the place where it happens."""
    if p.target or not p.source or c.entry.recip or c.root not in c.roots.violent_acts \
            or not all(a.sector == "UAF" and a.country is None for a in p.source):
        return None
    where = _country_of_the_place(c)
    if where is None or where[1] == "article":
        return None
    iso3, how = where
    t = c.trigger
    public = ActorMention(t.start, t.end, t.word_start, f"{c.resources.country_names.get(iso3, iso3)} civilians",
                          iso3 + "CVL", iso3, "CVL", True, "people", (f"victim-country:{iso3}:{how}",))
    return p.fired("victims-of-unaligned-gunmen", target=[public])


def attack_noun_agent_by(c: Clause, p: Parties) -> Parties | None:
    """"six people were killed by shelling by the Sudanese army", "in shelling by RSF fighters on the
    camp": the party "by" names right after an English attack noun is its doer."""
    if c.doc.lang != "en" or p.source or c.root not in c.roots.violent_acts or c.entry.recip:
        return None
    t, text = c.trigger, c.text
    agent = next((g for g in c.after if g[0].word_start - t.end <= 20
                  and en.introduces_agent(text[t.end:g[0].word_start])
                  and len(text[t.end:g[0].word_start].split()) <= 2), None)
    if agent is None:
        return None
    starts = {a.start for a in agent}
    target = [a for a in p.target if a.start not in starts]
    return p.fired("attack-noun-agent-by", source=list(agent), target=target)


def no_named_attacker(c: Clause, p: Parties) -> Parties | None:
    """«انفجرت عبوة ناسفة مستهدفة دورية للشرطة», "a bomb exploded at a checkpoint, killing three
    policemen": an attack whose perpetrator the text does not name is the event all the same, with
    the victims as its target, when the text names the attack or its weapon (a casualty word alone is
    not enough); the casualty words go to `why`."""
    if p.source or not p.target or c.root not in c.roots.violent_acts or c.entry.recip or AGENTLESS in p.why:
        return None
    evidence = _attack_evidence(c)
    if evidence is None:
        return None
    start, end = _sentence_span(c)
    casualties = tuple(dict.fromkeys("casualty:" + m.key for m in matches_of(c.doc, "casualty", start, end)))
    return p.but(why=p.why + (NO_NAMED_ATTACKER, "evidence:" + evidence) + casualties)


def casualty_without_attack(c: Clause, p: Parties) -> Parties | None:
    """«قتل خمسة أشخاص في حادث سير على طريق بغداد»: a casualty word with no attack or weapon word and
    no named attacker reports deaths, not an assault (the candidate is dropped; no label)."""
    if c.root not in c.roots.violent_acts or any(a.strong for a in p.source) or p.dropped:
        return None
    if _attack_evidence(c) is not None:
        return None
    return p.but(dropped="casualty-without-attack")


def crime_or_accident(c: Clause, p: Parties) -> Parties | None:
    """«اختطفت عصابة مسلحة طفلاً وطالبت ذويه بفدية», «... تصفية حسابات بين مروجي مخدرات», «انفجار لغم
    من مخلفات الحرب», 'a school shooting': violence by people the text does not name, or names only by
    description (and what such people demand), is a crime or an accident when its sentence says so
    (the candidate is dropped; no label)."""
    if p.dropped or any(a.country or a.sector != "UAF" for a in p.source):
        return None
    if c.root not in c.roots.violent_acts and not p.source:
        return None  # «اعتُقل ثلاثة من تجار المخدرات»: the police's arrest stays an event
    start, end = _sentence_span(c)
    if not matches_of(c.doc, "not_political", start, end):
        return None
    return p.but(dropped="crime-or-accident")


CROWD_VIOLENCE = "rule:crowd-violence-is-protest"
_VIOLENT_PROTEST = "145"  # CAMEO: protest violently, riot


def crowd_violence_is_protest(c: Clause, p: Parties) -> Parties | None:
    """'Protesters stormed the parliament building', 'demonstrators who set fire to the governor's
    office': violence done by a crowd of protesters is a violent protest (CAMEO 145, `assign` recodes
    it), not an armed attack."""
    if c.doc.lang != "en" or c.root not in c.roots.violent_acts or not p.source \
            or not all("role:protesters" in a.why for a in p.source):
        return None
    return p.fired("crowd-violence-is-protest")


def unnamed_doer(c: Clause, p: Parties) -> Parties | None:
    """"The Ministry of Expatriates Affairs condemned ...", "fierce clashes were reported", «اعتقلت
    دورية من الأمن السياسي ...», «رفضت الحكومة ...»: an act whose doer no rule could name (or whose
    doer's country the text does not give) is still the event the report tells, kept with an empty
    source for the acts that may be told so (`unnamed_doer` in root_groups.json). An attack needs its
    attack or weapon word, not a casualty word alone; in Arabic the trigger must be the verb that opens
    its clause, since a masdar there is often a purpose or a topic («للمطالبة بـ», «هذه العقوبات»)."""
    if p.source or p.dropped or c.root not in c.roots.unnamed_doer:
        return None
    if "rule:blamed-on" in c.cand.why:
        return None  # "was blamed on the BLA" with no one named who blames: the attack, no accusation
    if p.target and (AGENTLESS in p.why or NO_NAMED_ATTACKER in p.why):
        return None  # kept already, with its target
    if c.entry.recip and (c.root not in c.roots.violent_acts or p.target):
        return None  # a clash with one side found is a clash whose other side was missed, not an attack on it
    if c.root in c.roots.violent_acts and _attack_evidence(c) is None:
        return None
    if c.doc.lang == "ar" and (not c.verb_initial or c.trigger.prefix.strip("وف")):
        return None  # «للمطالبة», «بالإفراج»: a masdar after a preposition is a purpose or a topic
    start, end = _sentence_span(c)
    if c.root in c.roots.violent_acts and not p.target and not within(c.doc.place_mentions, c.doc.place_starts, start, end) \
            and not matches_of(c.doc, "casualty", start, end):
        return None  # "the attack", "a new offensive": an attack with no side, no place and no toll is no report
    if not within(c.doc.actors, c.doc.actor_starts, start, end) and not matches_of(c.doc, "role", start, end):
        return None  # no political actor in the sentence: a company, a team, a writer did it
    return p.fired("unnamed-doer")


def distinct_actors(c: Clause, p: Parties) -> Parties | None:
    """Each code once on each side (no label)."""
    return p.but(source=_dedupe(p.source), target=_dedupe(p.target))


def reciprocal_compound(c: Clause, p: Parties) -> Parties | None:
    """"Turkish and Russian forces held a joint patrol": a reciprocal act with a compound subject and no
    named other party is between the members of the subject."""
    if not c.entry.recip or len(p.source) < 2 or any(a.strong for a in p.target):
        return None
    return p.fired("reciprocal-compound", source=p.source[:1], target=p.source[1:], reciprocal=True)


def reciprocal_trigger(c: Clause, p: Parties) -> Parties | None:
    """A reciprocal act (meet, talk, agree) with two sides."""
    if not c.entry.recip or p.reciprocal or not p.source or not p.target:
        return None
    return p.fired("reciprocal-trigger", reciprocal=True)


def target_not_source_country(c: Clause, p: Parties) -> Parties | None:
    """A target that merely repeats the source's country (e.g. "the Turkish army ... Turkish-Russian
    patrols") is not a second party; the subject of a passive stays, whatever its country (no label)."""
    src_codes = {a.code for a in p.source}
    src_countries = {a.country for a in p.source}
    patient = "rule:passive-subject-is-target" in p.why
    trimmed = [a for a in p.target if a.code not in src_codes
               and not (not a.strong and a.country in src_countries and not patient)]
    if trimmed or not p.reciprocal:
        return p.but(target=trimmed)
    return None


def _settlement_after(c: Clause) -> bool:
    """A settlement noun among the first words after the trigger («على بلدة حولا», "into the city")."""
    words = c.text[c.trigger.end:c.next_trigger].split()[:4]
    if c.doc.lang == "ar":
        for w in words:
            w = w.strip(".,،\"'«»")
            for proclitic in ("", "و", "ب", "ل", "وب", "ال", "وال", "بال", "لل"):
                if w.startswith(proclitic) and w[len(proclitic):] in ar.SETTLEMENT_NOUNS:
                    return True
        return False
    return any(w.strip(".,;:'\"").lower() in en.SETTLEMENT_NOUNS for w in words)


def protector_is_no_target(c: Clause, p: Parties) -> Parties | None:
    """«اقتحم مستوطنون باحات المسجد الأقصى تحت حماية شرطة الاحتلال», «... وسط حماية مشددة من قوات
    الاحتلال», "under heavy protection from Israeli forces": the force that protects the doers is on
    their side, not the target (the place struck may then give the target)."""
    lang = ar if c.doc.lang == "ar" else en
    protectors = [a for a in p.target if lang.protection_before(c.text, a.word_start)]
    if not protectors:
        return None
    return p.fired("protector-is-no-target", target=[a for a in p.target if a not in protectors])


def _plausible_country_of_place(c: Clause, where: ActorMention) -> bool:
    """A country named as such, or a place's country the article bears out: named as a country or
    nisba somewhere, the dateline's, or the only country of the article's places («قرية المغيّر
    شمال شرق رام الله» under a Ramallah dateline is not the Algerian namesake)."""
    doc, iso3 = c.doc, where.country
    if any(m.kind == "country" and m.start == where.start for m in within(doc.matches, doc.match_starts, where.start, where.end)):
        return True
    if iso3 == doc.dateline_country or any(m.kind in ("country", "cadj", "people") and m.entry.ref == iso3 for m in doc.matches):
        return True
    places = {c.resources.places[pm.place_index].country for pm in doc.place_mentions} - {None}
    return places <= {iso3} and not doc.dateline_country


def place_struck_country(c: Clause, p: Parties) -> Parties | None:
    """«قصفت طائرات الاحتلال الإسرائيلي مواقع في قطاع غزة», «أغار الطيران الإسرائيلي على بلدة
    حولا», "Russian troops fired shells into the city": an act that lands on a place and is left with no
    target (none found, or only the source's own nisba, cleared) hits the country of the place it
    names after the trigger, or, for a settlement noun the gazetteer cannot place, the country the
    text places the act in. Never the source's own country."""
    if c.root not in c.roots.violent_acts or not any(a.country for a in p.source) or p.target or p.reciprocal or p.dropped:
        return None  # (unnamed attackers' events are told by the casualty rules)
    own = {a.country for a in p.source}
    where = _country_after(c.doc, c.resources, c.trigger.end, _target_reach(c, p), own, c.root)
    if where is not None and not _plausible_country_of_place(c, where):
        where = None
    if where is None and _settlement_after(c):
        found = _country_of_the_place(c)
        if found is None and c.doc.dateline_country:
            found = (c.doc.dateline_country, "dateline")
        # «قصف مدفعي لقوات الأسد استهدف الأحياء السكنية في بلدتي ... في ريف إدلب»: a state's own forces
        # shelling towns of their own country (a civil war) hit that country's people.
        home = len(own) == 1 and all(a.sector in c.roots.state_sectors for a in p.source)
        if found is not None and (found[0] not in own or (home and found[1] == "place")):
            iso3 = found[0]
            t = c.trigger
            where = ActorMention(t.start, t.end, t.word_start, c.resources.country_names.get(iso3, iso3), iso3, iso3,
                                 None, False, "country", (f"where:{iso3}:{found[1]}",))
    if where is None:
        return None
    return p.fired("place-struck-country", target=[where])


def came_under_attack(c: Clause, p: Parties) -> Parties | None:
    """"The administration building in Kharkiv came under Russian shelling", "villages in the Sumy
    region came under Russian artillery fire": the subject of "came under" was hit, so the attack is
    aimed at the country of the place struck; the country adjective before the attack noun is the
    attacker's armed forces (none when the text names none). No role of the sentence is the source."""
    if c.doc.lang != "en" or c.root not in c.roots.violent_acts:
        return None
    under = en.came_under_before(c.text, c.cand.part_start, c.trigger.start)
    if under is None:
        return None
    adjective = next((m for m in within(c.doc.matches, c.doc.match_starts, under, c.trigger.start)
                      if m.kind in ("country", "cadj") and m.end <= c.trigger.start), None)
    source: Group = []
    if adjective is not None:
        iso3 = adjective.entry.ref
        source = [ActorMention(adjective.start, adjective.end, adjective.word_start, c.resources.country_names.get(iso3, iso3),
                               iso3 + "MIL", iso3, "MIL", True, "adjective", (f"cadj:{iso3}",))]
    own = {a.country for a in source}
    where = _country_of_the_place(c)
    target: Group = []
    if where is not None and where[0] not in own:
        iso3 = where[0]
        target = [ActorMention(c.cand.part_start, under, c.cand.part_start, c.resources.country_names.get(iso3, iso3), iso3, iso3,
                               None, False, "country", (f"where:{iso3}:{where[1]}",))]
    return p.fired("came-under-attack", source=source, target=target)


def _place_after(c: Clause, a: ActorMention) -> str | None:
    """"the Health Ministry in Gaza said", «وزارة الصحة في غزة»: the body of the place named with it."""
    doc = c.doc
    for pm in within(doc.place_mentions, doc.place_starts, a.start, a.end + 12):
        if previous_word(c.text, pm.word_start) in _VENUE_WORDS or c.text[pm.word_start:pm.start] in ("ب", "في"):
            return c.resources.places[pm.place_index].country
    return None


def _source_country(source: Group) -> str | None:
    return next((a.country for a in source if a.country and len(a.country) == 3 and a.country not in ("IGO", "NGO")), None)


def claim_own_country(c: Clause, p: Parties) -> Parties | None:
    """"..., the foreign ministry said": the speaking body belongs to the source's country."""
    claim = p.claim
    if claim is None or not claim.needs_country:
        return None
    country = _place_after(c, claim) or _source_country(p.source)
    if country is None:
        return None
    claim = replace(claim, country=country, code=country + (claim.sector or ""), needs_country=False,
                    name=f"{c.resources.country_names.get(country, country)} {claim.sector}")
    return p.fired("claim-own-country", claim=claim)


def claim_unresolved(c: Clause, p: Parties) -> Parties | None:
    """A speaking body whose country the source does not give is no claimant."""
    if p.claim is None or not p.claim.needs_country:
        return None
    return p.fired("claim-unresolved", claim=None)


def repeats_previous_sentence(c: Clause, p: Parties) -> Parties | None:
    """«استقبل الملك ... الوزير. وبحث معه ...»: the same meeting told again, not a second one (the
    candidate is dropped; no label)."""
    previous = c.previous
    if "rule:pro-drop-previous-sentence" not in p.why or previous is None \
            or c.resources.triggers[previous.trigger.entry.ref].cameo[:2] != c.root:
        return None
    if {a.code for a in p.source} | {a.code for a in p.target} != \
            {a.code for a in previous.source} | {a.code for a in previous.target}:
        return None
    return p.but(dropped="repeats-previous-sentence")


# Ordered: finding the source and target first (voice, word order, the previous clause), then what
# else names them (adjectives, roles, places), then the agentless passive, then tidying.
RULES: tuple[tuple[str, Rule], ...] = (
    ("blamed-on-parties", blamed_on_parties),
    ("passive-by", passive_by),
    ("passive-by-role", passive_by_role),
    ("passive-agent", passive_agent),
    ("pro-drop-object-after-coordinated-verb", pro_drop_object_after_coordinated_verb),
    ("subject-before-trigger", subject_before_trigger),
    ("subject-after-verb", subject_after_verb),
    ("host-of-the-venue", host_of_the_venue),
    ("bare-role-before-the-object", bare_role_before_the_object),
    ("adjective-on-the-subject-noun", adjective_on_the_subject_noun),
    ("venue-is-no-party", venue_is_no_party),
    ("relative-clause-antecedent", relative_clause_antecedent),
    ("claimant-is-no-attacker", claimant_is_no_attacker),
    ("adjective-on-object-noun", adjective_on_object_noun),
    ("list-before-the-last-member", list_before_the_last_member),
    ("reciprocal-both-before-noun", reciprocal_both_before_noun),
    ("clash-between-sides", clash_between_sides),
    ("attack-blamed-on", attack_blamed_on),
    ("prepositional-object", prepositional_object),
    ("object-before-noun-trigger", object_before_noun_trigger),
    ("adjective-agent-on-noun", adjective_agent_on_noun),
    ("agent-after-lam-on-attack-noun", agent_after_lam_on_attack_noun),
    ("agent-named-after-the-attack", agent_named_after_the_attack),
    ("adjective-on-trigger", adjective_on_trigger),
    ("nisba-on-the-weapon", nisba_on_the_weapon),
    ("speaker-is-source", speaker_is_source),
    ("reporter-is-source", reporter_is_source),
    ("pro-drop-previous-clause", pro_drop_previous_clause),
    ("reciprocal-previous-parties", reciprocal_previous_parties),
    ("pro-drop-previous-sentence", pro_drop_previous_sentence),
    ("pronoun-subject-previous-sentence", pronoun_subject_previous_sentence),
    ("pronoun-object-previous-target", pronoun_object_previous_target),
    ("adjective-on-action-noun-object", adjective_on_action_noun_object),
    ("earlier-event-of-the-object", earlier_event_of_the_object),
    ("condemned-attack-doer", condemned_attack_doer),
    ("verbal-act-object", verbal_act_object),
    ("attacker-in-the-attack-noun", attacker_in_the_attack_noun),
    ("state-force-of-the-place", state_force_of_the_place),
    ("bare-role-of-the-country", bare_role_of_the_country),
    ("protest-at-embassy", protest_at_embassy),
    ("unnamed-crowd", unnamed_crowd),
    ("protest-addressee", protest_addressee),
    ("bare-role-of-the-place", bare_role_of_the_place),
    ("bare-role-same-country", bare_role_same_country),
    ("both-sides-subject", both_sides_subject),
    ("bare-role-subject", bare_role_subject),
    ("both-sides-object", both_sides_object),
    ("bare-role-reporter", bare_role_reporter),
    ("claimed-responsibility", claimed_responsibility),
    ("victims-of-the-attack", victims_of_the_attack),
    ("fire-on-a-protest", fire_on_a_protest),
    ("target-country-after-trigger", target_country_after_trigger),
    ("crowd-of-the-place", crowd_of_the_place),
    ("pronoun-on-object-earlier-country", pronoun_on_object_earlier_country),
    ("passive-subject-is-target", passive_subject_is_target),
    ("public-of-the-place-coerced", public_of_the_place_coerced),
    ("agent-of-attack-noun", agent_of_attack_noun),
    ("attacker-after-cause-word", attacker_after_cause_word),
    ("bare-role-passive-subject", bare_role_passive_subject),
    ("agentless-passive", agentless_passive),
    ("act-noun-without-agent", act_noun_without_agent),
    ("victim-country-of-the-place", victim_country_of_the_place),
    ("victims-of-unaligned-gunmen", victims_of_unaligned_gunmen),
    ("attack-noun-agent-by", attack_noun_agent_by),
    ("no-named-attacker", no_named_attacker),
    ("casualty-without-attack", casualty_without_attack),
    ("crime-or-accident", crime_or_accident),
    ("crowd-violence-is-protest", crowd_violence_is_protest),
    ("unnamed-doer", unnamed_doer),
    ("distinct-actors", distinct_actors),
    ("reciprocal-compound", reciprocal_compound),
    ("reciprocal-trigger", reciprocal_trigger),
    ("protector-is-no-target", protector_is_no_target),
    ("target-not-source-country", target_not_source_country),
    ("place-struck-country", place_struck_country),
    ("came-under-attack", came_under_attack),
    ("claim-own-country", claim_own_country),
    ("claim-unresolved", claim_unresolved),
    ("repeats-previous-sentence", repeats_previous_sentence),
)


def clause_of(doc: Doc, cand: Candidate, resources: Resources, previous: Candidate | None,
              earlier: tuple[Candidate, ...] = ()) -> Clause:
    text = doc.norm.text  # type: ignore[union-attr]
    t = cand.trigger
    entry = resources.triggers[t.entry.ref]
    root = entry.cameo[:2]
    roots = resources.groups
    claim = cand.claim_source
    actors = [
        a for a in within(doc.actors, doc.actor_starts, cand.part_start, cand.clause_end)
        if cand.part_start <= a.word_start and a.end <= cand.clause_end and not (a.start <= t.start < a.end)
    ]
    speaking = any(w.endswith(("(speaker)", "(denial)")) for w in cand.why if w.startswith("attribution:"))
    if claim is not None and not speaking:
        actors = [a for a in actors if not (a.start == claim.start and a.end == claim.end)]
    # «جيش بلاده»: the speaker's country.
    resolved = []
    for a in actors:
        if a.needs_country:
            country = claim.country if claim is not None else None
            if country is None:
                continue
            a = replace(a, country=country, code=country + (a.sector or ""), needs_country=False)
        resolved.append(a)
    # The target of this trigger lies before the next trigger of the clause.
    next_trigger = min(
        (o.start for o in cand.also_triggers if o.start > t.end and _bounds(resources, o, root, entry.needs)),
        default=cand.clause_end,
    )
    groups = _groups(resolved, text, (t.start, t.end))
    before = [g for g in groups if g[-1].end <= t.start]
    after = [g for g in groups if g[0].start >= t.end and g[0].start < next_trigger]
    object_flags = [_is_object(text, g[0]) for g in after]  # patients are marked once the Clause exists
    lead = text[cand.part_start:t.word_start]
    by = None
    if doc.lang != "ar" and en.passive_at(text, cand.part_start, t.start, t.end):
        by = next((g for g in after if en.introduces_agent(text[t.end:g[0].word_start])), None)
    # Positional, through tuple.__new__: a Clause is built for every candidate (see context.py).
    return _new_tuple(Clause, (
        doc, cand, resources, roots, previous, earlier, text, t, entry, root, resolved, groups, before, after,
        [g for g, obj in zip(after, object_flags) if obj],
        [g for g, obj in zip(after, object_flags) if not obj],
        bool(ar.LEAD_FILLER.match(lead)) or (doc.lang == "ar" and not before),
        next_trigger, by, speaking,
        root in roots.agentless_passive and by is None and _passive_without_agent(doc, t, text, cand.part_start),
    ))


def assign(doc: Doc, cand: Candidate, resources: Resources, previous: Candidate | None,
           earlier: tuple[Candidate, ...] = ()) -> Candidate:
    """Run the rules in order over one candidate; its source, target, reciprocity and claimant."""
    clause = clause_of(doc, cand, resources, previous, earlier)
    parties = _new_tuple(Parties, ([], [], False, cand.claim_source, cand.why, cand.dropped))
    for _name, rule in RULES:  # read at call time: tests run the stage with a rule taken out
        changed = rule(clause, parties)
        if changed is not None:
            parties = changed
    cameo = _VIOLENT_PROTEST if CROWD_VIOLENCE in parties.why else cand.cameo
    return replace(cand, source=tuple(parties.source), target=tuple(parties.target), reciprocal=parties.reciprocal,
                   claim_source=parties.claim, why=parties.why, dropped=parties.dropped, cameo=cameo)


def nested_action_by_the_accused(doc: Doc, cand: Candidate, resources: Resources,
                                 accusation: Candidate | None) -> Candidate:
    """The action inside an accusation («اتهمت دمشق إسرائيل بقصف مواقع ...»): done by the accused,
    reported by the accuser; its target is a party named in the action phrase or the country of the
    place it hits."""
    assigned = assign(doc, cand, resources, None)
    if accusation is None or not accusation.target:
        return replace(assigned, dropped="nested-without-accused")
    source = list(accusation.target)
    countries = {a.country for a in source}
    target = [a for a in (*assigned.source, *assigned.target) if a.country not in countries]
    if not target:
        root = root_of(resources.triggers[cand.trigger.entry.ref])
        where = _country_after(doc, resources, cand.trigger.end, cand.clause_end, countries, root)
        if where is not None:
            target = [where]
    claim = accusation.source[0] if accusation.source else accusation.claim_source
    return replace(assigned, source=tuple(source), target=tuple(_dedupe(target)), reciprocal=False,
                   claim_source=claim, why=assigned.why + ("rule:nested-action-by-the-accused",))


def run(doc: Doc, resources: Resources) -> Doc:
    out = []
    previous = None
    events: list[Candidate] = []  # what a later reaction may refer back to («رفضت إيران الاتهامات»)
    for cand in doc.candidates:
        if "rule:nested-action" in cand.why:
            cand = nested_action_by_the_accused(doc, cand, resources, previous)
            out.append(cand)
            if not cand.dropped and has_parties(cand):
                events.append(cand)
            continue  # the accusation stays the previous clause's event
        cand = assign(doc, cand, resources, previous, tuple(events))
        out.append(cand)
        previous = cand
        if not cand.dropped and has_parties(cand):
            events.append(cand)
    return replace(doc, candidates=tuple(out))

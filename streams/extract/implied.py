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

from streams.extract.context import AGENTLESS, ActorMention, Candidate, Doc, matches_of, replace, within
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


CROWD_RIOT = "rule:crowd-riot"
_RIOT_CODE = "145"  # CAMEO: protest violently, riot
_PROTESTERS_ROLE = "protesters"
_CROWD_GAP_WORDS = 3  # words between the crowd's noun and the act it did («متظاهرون غاضبون اقتحام»)
_RELATIVES = frozenset({"الذين", "اللذين", "التي", "الذي"})
# What follows a passive's subject, never the object of the crowd's act (matching forms).
_AFTER_PASSIVE = frozenset({"في", "على", "من", "خلال", "اثر", "جراء", "عند", "قرب", "امام", "بعد", "وسط", "اليوم", "امس"})


def _crowd_before(doc: Doc, cand: Candidate, resources: Resources):  # noqa: ANN202
    """The protesters' noun that is the act's subject: before it in its clause with at most a few
    words between («حاول متظاهرون غاضبون اقتحام»), or right after the verb
    in the nominative with the act's object named («اقتحم محتجون مبنى», never the object «هاجمت الشرطة
    المتظاهرين»)."""
    text, t = doc.norm.text, cand.trigger  # type: ignore[union-attr]
    # The crowd the act hit is no doer («قُتل متظاهرون»).
    crowd = [m for m in matches_of(doc, "role", cand.clause_start, cand.clause_end)
             if resources.roles[m.entry.ref].id == _PROTESTERS_ROLE
             and not any(a.start < m.end and m.start < a.end for a in cand.target)]
    for m in reversed([m for m in crowd if m.end <= t.word_start]):
        between = text[m.end:t.word_start].split()
        # A subject in the nominative («متظاهرون»), or a genitive right before the act («محاولة المحتجين
        # اقتحام»); «أوقفت الشرطة خمسة محتجين بتهمة الاعتداء» is the object.
        nominative = text[m.start:m.end].split(" ")[0].endswith("ون") or not between
        if nominative and len(between) <= _CROWD_GAP_WORDS and not _RELATIVES.intersection(between) \
                and not any(m.end <= a.start < t.word_start for a in cand.source):
            return m
    # After the verb only with what the crowd hit next («اقتحم محتجون مبنى البرلمان»): undiacritized
    # «قتل متظاهرون في بغداد برصاص الأمن» is the passive.
    after = next((m for m in crowd if m.start >= t.end and len(text[t.end:m.word_start].split()) == 0), None)
    if after is not None and text[after.start:after.end].split(" ")[0].endswith("ون"):
        rest = [w for w in text[after.end:cand.clause_end].split() if not w.endswith("ون")][:1]
        if cand.target or (rest and rest[0] not in _AFTER_PASSIVE and not rest[0].startswith("ب")):
            return after
    return None


def crowd_riot(doc: Doc, cand: Candidate, resources: Resources) -> Candidate:
    """An Arabic attack done by a crowd of protesters is a violent protest (CAMEO 145), not an assault:
    «حاول متظاهرون اقتحام السفارة», «اقتحم محتجون مبنى المحافظة» (English: participants'
    `crowd-violence-is-protest`). Here because the crowd is often no source the party rules found
    (a verb before the act, an unnamed-doer reading).
    Which attack roots: `crowd_riot` in root_groups.json. The crowd is the source (with the country of
    the source the rules found, else of the sentence's place); what they attacked stays the target."""
    if cand.dropped or cand.cameo or doc.norm is None or doc.lang != "ar":
        return cand  # English: participants' `crowd-violence-is-protest`
    entry = resources.triggers[cand.trigger.entry.ref]
    if entry.cameo[:2] not in resources.groups.crowd_riot:
        return cand
    if cand.source and all(f"role:{_PROTESTERS_ROLE}" in a.why for a in cand.source):
        return cand._replace(cameo=_RIOT_CODE, why=cand.why + (CROWD_RIOT,))
    m = _crowd_before(doc, cand, resources)
    if m is None:
        return cand
    country = next((a.country for a in cand.source if a.country), None)
    if country is None:
        s = doc.sentences[cand.sentence]
        country = next((resources.places[pm.place_index].country for pm in within(doc.place_mentions, doc.place_starts, s.start, s.end)
                        if resources.places[pm.place_index].country), None)
    role = resources.roles[m.entry.ref]
    name = f"{resources.country_names.get(country, country)} {role.title}" if country else role.title
    crowd = ActorMention(m.start, m.end, m.word_start, name, (country or "") + role.sector, country, role.sector, True, "role",
                         (f"role:{role.id}", f"crowd-riot:{country or 'no-country'}"))
    target = tuple(a for a in cand.target if a.country != country or a.sector != role.sector)
    return cand._replace(cameo=_RIOT_CODE, source=(crowd,), target=target, why=cand.why + (CROWD_RIOT,))


PROTEST_SLOGAN = "protest-slogan"  # dropped: the demand written on a protest's placards
PURPOSE_ADVERBIAL = "purpose-adverbial"  # dropped: «رفضاً لـ» tells why another act was done
_SLOGAN_GAP_WORDS = 2  # «لافتات تطالب», «شعارات غاضبة تندد»
_PURPOSE_MASDARS = frozenset({"رفضا", "تنديدا", "استنكارا"})  # matching forms (no tanween)


def protest_content(doc: Doc, cand: Candidate, resources: Resources, protest_in_sentence: bool) -> Candidate:
    """What a protest says is no event of its own: a demand, condemnation or rejection right after the
    placards or chants that carry it («رفعوا لافتات تطالب بمحاسبة الفاسدين», «شعارات تندد بالحصار»;
    roots `slogan_content`, markers `slogan_markers` in party_cues.json), and the masdar of purpose
    «رفضاً لـ»/«تنديداً بـ» in a sentence that tells a protest, or with no doer of its own («خرج
    الآلاف ... رفضاً للتطبيع», «انطلق الحراك رفضاً لترشح الرئيس»)."""
    if cand.dropped or doc.norm is None:
        return cand
    root = resources.triggers[cand.trigger.entry.ref].cameo[:2]
    if root not in resources.groups.slogan_content:
        return cand
    text, t = doc.norm.text, cand.trigger
    s = doc.sentences[cand.sentence]
    for m in matches_of(doc, "slogan", s.start, t.word_start):
        if m.end <= t.word_start and len(text[m.end:t.word_start].split()) <= _SLOGAN_GAP_WORDS:
            return cand._replace(dropped=PROTEST_SLOGAN)
    if t.entry.script == "ar" and (protest_in_sentence or not cand.source):
        words = text[t.word_start:s.end].split()
        first = words[0].strip("،,.") if words else ""
        if first[:1] in ("و", "ف") and first[1:] in _PURPOSE_MASDARS:
            first = first[1:]  # «ورفضاً للتطبيع»
        if len(words) >= 2 and first in _PURPOSE_MASDARS and words[1][:1] in ("ل", "ب"):
            return cand._replace(dropped=PURPOSE_ADVERBIAL)
    return cand


def run(doc: Doc, resources: Resources) -> Doc:
    out: list[Candidate] = []
    act: Candidate | None = None  # the last candidate whose object may be an event of its own
    changed = False
    for cand in doc.candidates:
        fixed = crowd_riot(doc, object_event_doers(doc, cand, act, resources), resources)
        changed |= fixed is not cand
        out.append(fixed)
        if resources.triggers[cand.trigger.entry.ref].object_events:
            act = cand
        implied = implied_event(cand, resources)
        if implied is not None:
            out.append(implied)  # beside the act that tells of it, in text order
            changed = True
    protests = {c.sentence for c in out if not c.dropped
                and (c.cameo or resources.triggers[c.trigger.entry.ref].cameo)[:2] == _PROTEST}
    for i, cand in enumerate(out):
        fixed = protest_content(doc, cand, resources, cand.sentence in protests)
        if fixed is not cand:
            out[i], changed = fixed, True
    if not changed:
        return doc
    return replace(doc, candidates=tuple(out))

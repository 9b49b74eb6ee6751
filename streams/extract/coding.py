"""Stage 6: event coding. Trigger patterns (data files) in each clause of each sentence give the
candidate events: CAMEO code, mode and whether the action is reciprocal by nature."""

from __future__ import annotations

import re
from bisect import bisect_left

from streams.extract.context import Candidate, Doc, matches_of, replace, within
from streams.extract.lang import ar, en
from streams.extract.matching import resolve_longest
from streams.extract.resources import Resources

# A new clause starts at «، و» / ", and" / «؛» followed by a new verb-like word.
# «فيما»/«بينما» ("while") join two reports with their own subjects.
# A word whose own first letter is «و» («وزير», «وزارة», «وكالة») after a comma is an apposition or
# a new noun, not the conjunction («، وزير الخارجية،»).
_CLAUSE_BREAK = re.compile(r"[،,]\s*(?=و\S)(?!(?:" + "|".join(sorted(ar.WAW_INITIAL_WORDS, key=len, reverse=True)) + r"))"
                           r"|؛|;|[،,]\s*(?=and\s)|:\s|[،,]?\s(?=(?:و|ف)?(?:فيما|بينما)\s)"
                           r"|,\s*(?=(?:but|while|whereas)\s)")  # "..., but Russia denied its involvement"


# A sentence that opens with a subordinate clause ("After weeks of talks, Israel and Hamas agreed",
# «بعد أن ...، أعلن ...»): its first comma ends that clause.
_LEADING_SUBORDINATE = re.compile(r"\s*(?:after|following|despite|amid|before|since|while|بعد|اثر|عقب|وسط|رغم|قبل)\s[^,،.]{3,150}?[,،]")


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    s = start
    lead = _LEADING_SUBORDINATE.match(text, start, end)
    if lead is not None:
        spans.append((s, lead.end() - 1))
        s = lead.end()
    for m in _CLAUSE_BREAK.finditer(text, s, end):
        spans.append((s, m.start()))
        s = m.end()
    spans.append((s, end))
    return [(a, b) for a, b in spans if b > a]


def _split_coordinated(text: str, spans: list[tuple[int, int]], triggers: list, resources: Resources) -> list[tuple[int, int]]:  # noqa: ANN001
    """«أدان الاتحاد الأفريقي الانقلاب وطالب بالإفراج عن ...», "condemned the coup and demanded ...":
    a second verb of another kind joined by «و»/"and" is a second predicate with the same subject."""
    second_predicates = resources.groups.second_predicates
    out = []
    for c_start, c_end in spans:
        inner = [t for t in triggers if c_start <= t.start < c_end and not resources.triggers[t.entry.ref].weak]
        cut = c_start
        for prev, t in zip(inner, inner[1:]):
            entry, before = resources.triggers[t.entry.ref], resources.triggers[prev.entry.ref]
            if t.entry.script == "en" and en.relative_clause_verb(text, cut, t.start, t.end):
                # "arrested two men who attacked a mosque": the relative clause is an act of its own,
                # whatever its root.
                out.append((cut, t.word_start))
                cut = t.word_start
                continue
            # Only verbal acts: a coordinated action noun («وإعادة فتح سفارتيهما») belongs to the first verb.
            if entry.kind != "verb" or entry.cameo[:2] == before.cameo[:2]:
                continue
            sequenced = t.entry.script == "ar" and ar.sequence_before(text, cut, t.word_start)
            # «اقتحمت قوات الاحتلال مدينة جنين ومخيمها واعتقلت ثلاثة شبان»: the raid's arrests are an act
            # of their own (the fire settlers set in the village they attacked is part of the attack).
            # A foiled act's arrest («أحبطت الشرطة هجوماً ... واعتقلت») stays in its clause: the realis
            # stage makes it the event of those who foiled the act.
            arrest = t.entry.script == "ar" and entry.cameo[:3] == _ARREST and not _foiled(text, cut, prev, resources)
            if entry.cameo[:2] not in second_predicates and not sequenced and not arrest and not (
                    before.kind == "noun" and t.entry.script == "ar") and not (
                    t.entry.script == "en" and en.past_verb_after_and(text, cut, t.start, t.end)):
                # ("deployed tanks around the city and shelled its southern districts": an English
                # past-tense verb after "and" is a predicate of its own whatever its kind.)
                # «أحبطت محاولة تهريب أسلحة وألقت القبض على ...»: a verb joined by «و» after a noun
                # trigger (the object of a verb that is no trigger) is a predicate of its own.
                continue
            if t.entry.script == "ar":
                # «أطلقت النار على شابين قبل أن تعتقلهما», «داهمت المنزل ثم اعتقلته»: a verb after a
                # word of sequence is a second act of the same subject.
                joined = t.prefix.startswith("و") or sequenced
            else:
                # "rejected the report, accusing it of bias", "killed 40 farmers, the governor said,
                # blaming ISWAP": a verbal participle after a comma is a second act (a protest's
                # "demanding ..." stays part of the protest).
                joined = text[max(cut, t.start - 5):t.start] == " and " or (
                    text[max(cut, t.start - 2):t.start] == ", " and text[t.start:t.end].endswith("ing")
                    and before.cameo[:2] != _PROTEST_ROOT)
            if joined:
                out.append((cut, t.word_start))
                cut = t.word_start
        out.append((cut, c_end))
    return [(a, b) for a, b in out if b > a]


def _split_subordinate(doc: Doc, text: str, spans: list[tuple[int, int]], triggers: list, resources: Resources) -> list[tuple[int, int]]:  # noqa: ANN001
    """"A cease-fire held Wednesday hours after Palestinian militants launched around 100 rockets":
    after the clause's first act, "after/hours after/before" + a named subject (an actor or a role)
    + the verb of another act opens a clause of its own (rule `subordinate-second-act`). Narrow: one
    split a clause, a verb trigger, a subject of at most six words with a name or role in it."""
    out = []
    for c_start, c_end in spans:
        inner = [t for t in triggers if c_start <= t.start < c_end and not resources.triggers[t.entry.ref].weak
                 and _has_object(text, t, c_end, resources)]
        cut = None
        # "nine people were killed after Israeli aircraft struck a school": a toll told in the passive
        # is the second act's outcome, one event.
        first = inner[0] if inner else None
        if first is None or en.passive_at(text, c_start, first.start, first.end):
            out.append((c_start, c_end))
            continue
        for t in inner[1:]:
            if resources.triggers[t.entry.ref].kind != "verb" or t.key.endswith("ing") \
                    or en.passive_at(text, c_start, t.start, t.end):
                continue  # "after a soldier was wounded by a landmine": the victim is no doer
            sub = en.subordinate_clause_start(text, inner[0].end, t.word_start)
            if sub is None:
                continue
            named = any(sub[1] <= a.start and a.end <= t.word_start
                        for a in within(doc.actors, doc.actor_starts, sub[1], t.word_start)) \
                or bool(matches_of(doc, "role", sub[1], t.word_start))
            if named:
                cut = sub[0]
                break
        if cut is None:
            out.append((c_start, c_end))
        else:
            out += [(c_start, cut), (cut, c_end)]
    return [(a, b) for a, b in out if b > a]


def _foiled(text: str, start: int, t, resources: Resources) -> bool:  # noqa: ANN001
    """A foil verb (dictionaries/realis foil_verbs) among the six words before trigger `t` in its clause."""
    model = getattr(resources, "realis", None)
    return model is not None and any(w in model.foil for w in text[start:t.word_start].split()[-6:])


def _inside_entity(t, spans: list[tuple[int, int]]) -> bool:  # noqa: ANN001
    for s, e in spans:
        if s > t.start:
            return False  # spans are sorted by start
        if t.end <= e and (e - s) > (t.end - t.start):
            return True
    return False


_PROTEST_ROOT = "14"
_ARREST = "173"  # CAMEO: arrest, detain
_OBJECT_REACH = 80  # characters after the verb in which its required object must appear


_UNLESS_REACH = 30  # characters after a trigger that needs no object in which an `unless` word vetoes it


def _first(window: str, words: tuple[str, ...], arabic: bool, limit: int) -> tuple[int, int]:
    """(start, length) of the earliest of `words` starting in `window` at most at `limit`, the
    longest at the same start («قوات الأمن» before «قوات»); (-1, 0) when none does."""
    best = (-1, 0)
    for w in words:
        at = window.find(w) if arabic else _english_word(window, w, limit)  # Arabic: proclitics may precede («بتعزيزات»)
        if 0 <= at <= limit and (best[0] < 0 or at < best[0] or (at == best[0] and len(w) > best[1])):
            best = (at, len(w))
    return best


# An English object word may take a plural ending ("prisoner" finds "prisoners", "child" "children"),
# never another word's letters ("man" is not "making", "army" not "armyworm").
_PLURAL_TAILS = ("", "s", "es", "ren", "'s", "’s")


def _english_word(window: str, w: str, limit: int) -> int:
    """Where " w" starts in `window` as a word (or the word's plural), at most at `limit`; -1 if nowhere."""
    key = " " + w
    at = window.find(key)
    while 0 <= at <= limit:
        end = at + len(key)
        tail = end
        while tail < len(window) and (window[tail].isalpha() or window[tail] in "'’"):
            tail += 1
        if not w[-1].isalpha() or window[end:tail] in _PLURAL_TAILS:
            return at
        at = window.find(key, at + 1)
    return -1


def _object_at(text: str, t, c_end: int, resources: Resources) -> tuple[int, int]:  # noqa: ANN001
    """(where the nearest of the trigger's required objects starts after it, its length): (0, 0) when
    it needs none, (-1, 0) when none starts within its reach or an `unless` word comes first."""
    entry = resources.triggers[t.entry.ref]
    needs, unless = entry.needs, entry.unless
    if not needs and not unless:
        return (0, 0)
    arabic = t.entry.script == "ar"
    reach = entry.reach or _OBJECT_REACH
    window = text[t.end:min(c_end, t.end + reach + _OBJECT_REACH)]  # an object may end past the reach
    if not arabic:
        window = " " + window
    at, size = _first(window, needs, arabic, reach) if needs else (0, 0)
    if needs and at < 0:
        return (-1, 0)
    if unless and _first(window, unless, arabic, at if needs else _UNLESS_REACH)[0] >= 0:
        return (-1, 0)
    return (1 + at, size) if needs else (0, 0)


def _has_object(text: str, t, c_end: int, resources: Resources) -> bool:  # noqa: ANN001
    return _object_at(text, t, c_end, resources)[0] >= 0


def choose_readings(text: str, triggers: list, sentence_ends: list[tuple[int, int]], resources: Resources) -> list:  # noqa: ANN001
    """One reading per matched span. A form listed by several entries is read by its object («أطلق»
    + «صواريخ» is a missile launch, + «سراح» a release; "attacked the plan" is criticism, "attacked
    the town" an assault): an entry whose required object follows (the nearest object wins) beats
    one that needs none (at the same start the longer object wins: «قوات الأمن» is police, «قوات»
    troops); an entry whose object is missing is no reading at all."""
    by_span: dict[tuple[int, int], list] = {}
    for t in triggers:
        by_span.setdefault((t.start, t.end), []).append(t)
    starts = [a for a, _ in sentence_ends]
    out = []
    for (start, _end), group in by_span.items():
        i = bisect_left(starts, start + 1) - 1
        limit = sentence_ends[i][1] if i >= 0 else len(text)
        best, best_key = None, None
        for t in group:
            at, size = _object_at(text, t, limit, resources)
            if at < 0:
                continue
            key = (0, at, -size) if at > 0 else (1, 0, 0)  # a required object first: nearest, then longest
            if best_key is None or key < best_key:
                best, best_key = t, key
        if best is not None:
            out.append(best)
    return out


# "Iran-backed militia", "Saudi-led coalition", "U.S.-brokered truce", "test-fired": a participle
# hyphenated after a name or noun is an adjective describing someone, not the clause's act. Verb
# prefixes ("re-imposed", "counter-attacked", "self-immolated") still make a verb.
_VERB_PREFIXES = frozenset({"re", "co", "pre", "de", "counter", "over", "under", "self", "cross", "inter", "mis", "out", "anti", "non"})


def compound_modifier(text: str, t) -> bool:  # noqa: ANN001
    """An English trigger that is the participle of a hyphenated adjective ("Iran-backed")."""
    start = t.start
    if t.entry.script == "ar" or start < 2 or text[start - 1] != "-" or " " in t.key or not t.key.endswith("ed"):
        return False
    i = start - 1
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] == "."):
        i -= 1
    head = text[i:start - 1].lower()
    return bool(head) and head not in _VERB_PREFIXES


def _rank(t, resources: Resources) -> int:  # noqa: ANN001
    """Which trigger of a clause is its event: ordinary ones, then those that give way (statements,
    intentions), then weak ones."""
    entry = resources.triggers[t.entry.ref]
    return 2 if entry.weak else (1 if entry.defer else 0)


# A visit's arrival verb whose subject is aid («وصلت إلى غزة قافلة مساعدات», «دخلت عبر المعبر 120 شاحنة
# محملة بالمساعدات»): what arrived is the aid, not a visitor.
_VISIT_ROOTS = ("042", "043")


def _aid_that_arrived(primary, in_clause: list, resources: Resources):  # noqa: ANN001, ANN202
    """The aid trigger of the clause when its first trigger is a visit verb the aid is the subject of."""
    entry = resources.triggers[primary.entry.ref]
    if primary.entry.script != "ar" or entry.cameo not in _VISIT_ROOTS:
        return primary
    aid = next((t for t in in_clause if t.start > primary.start and resources.triggers[t.entry.ref].cameo.startswith("07")), None)
    return primary if aid is None else aid


_MEETING_ROOT = "04"  # visits, meetings, talks and summits: the usual frames of other acts


def _past_the_time_frame(text: str, primary, in_clause: list, resources: Resources):  # noqa: ANN001, ANN202
    """«جرى خلال الزيارة التوقيع على ست اتفاقيات», «وقع الوزيران على هامش القمة مذكرة تفاهم»: a visit,
    meeting or summit noun after a time-frame word («خلال», «أثناء», «على هامش») is when the clause's
    act happened; the next trigger of the clause is the act."""
    if primary.entry.script != "ar" or resources.triggers[primary.entry.ref].cameo[:2] != _MEETING_ROOT \
            or not ar.after_time_frame(text, primary.word_start):
        return primary  # «وخلال الوقفة الاحتجاجية رفع المشاركون شعارات»: a protest is its own event
    rank = _rank(primary, resources)
    return next((t for t in in_clause if t.start > primary.end and _rank(t, resources) <= rank
                 and not ar.after_time_frame(text, t.word_start)), primary)


def run(doc: Doc, resources: Resources) -> Doc:
    assert doc.norm is not None
    text = doc.norm.text
    triggers = list(doc.match_index.get("trigger", ((), ()))[0])
    if doc.lang == "en":
        triggers = [t for t in triggers if not compound_modifier(text, t) and not en.attributive_participle(text, t.start, t.end)]
    if not triggers:
        return replace(doc, candidates=())
    # Entity spans win over triggers inside them («وحدات حماية الشعب», "aid convoy" stays a trigger).
    spans = [(a.start, a.end) for a in doc.actors if a.strong and a.end - a.start > 6]
    if spans:
        triggers = [t for t in triggers if not _inside_entity(t, spans)]
    triggers = resolve_longest(choose_readings(text, triggers, [(s.start, s.end) for s in doc.sentences], resources))
    trigger_starts = [t.start for t in triggers]
    candidates: list[Candidate] = []
    mode_cues = doc.match_index.get("mode", ((), ()))[0]
    mode_roots = resources.groups.mode_roots
    for sentence in doc.sentences:
        in_sentence = triggers[bisect_left(trigger_starts, sentence.start):bisect_left(trigger_starts, sentence.end)]
        if not in_sentence:
            continue
        spans = _split_coordinated(text, clauses(text, sentence.start, sentence.end), in_sentence, resources)
        split = _split_subordinate(doc, text, spans, in_sentence, resources) if doc.lang == "en" else spans
        second_acts = {a for a, _ in split} - {a for a, _ in spans}
        # The act before a subordinate split keeps the reach for its object it had before the split
        # ("pulled out of Homs overnight as rebel fighters advanced on the city").
        reach = {a: next(e for s, e in spans if s <= a < e) for a, _ in split}
        for c_start, c_end in split:
            in_clause = [t for t in in_sentence if c_start <= t.start < c_end and _has_object(text, t, reach[c_start], resources)]
            if not in_clause:
                continue
            primary = min(in_clause, key=lambda t: _rank(t, resources))  # the first of the best rank
            primary = _aid_that_arrived(primary, in_clause, resources)
            primary = _past_the_time_frame(text, primary, in_clause, resources)
            others = tuple(t for t in in_clause if t is not primary)
            entry = resources.triggers[primary.entry.ref]
            nested = _nested_action(text, primary, others, resources) \
                if entry.cameo.startswith(_ACCUSE) and not primary.entry.article else None
            end = c_end if nested is None else nested.word_start
            mode = entry.mode or next((resources.triggers[t.entry.ref].mode for t in others
                                       if t.start < end and resources.triggers[t.entry.ref].mode), None)
            if mode is None:
                root = entry.cameo[:2]
                for cue in mode_cues:
                    if c_start <= cue.start < end and root in mode_roots.get(cue.entry.ref, ()):
                        mode = cue.entry.ref
                        break
            candidates.append(
                Candidate(
                    sentence=sentence.index,
                    clause_start=c_start,
                    clause_end=end,
                    trigger=primary,
                    also_triggers=tuple(t for t in others if t.start < end),
                    part_start=c_start,
                    mode=mode,
                    why=(f"trigger:{entry.id}={entry.cameo}",) + (("rule:subordinate-second-act",) if c_start in second_acts else ()),
                )
            )
            implied_object = _implied_object(primary, others, end, resources)
            if implied_object is not None:
                # «فرقت الشرطة تظاهرة في القاهرة», "dispersed a rally": the noun the act is done to is
                # an event of its own, whose doers are found from the noun on.
                inner = resources.triggers[implied_object.entry.ref]
                # An English noun phrase starts before its noun ("Israel's strike", "the Israeli raid").
                own = primary.end if implied_object.entry.script == "en" else implied_object.word_start
                candidates.append(
                    Candidate(
                        sentence=sentence.index,
                        clause_start=own,
                        clause_end=end,
                        trigger=implied_object,
                        part_start=own,
                        why=(f"trigger:{inner.id}={inner.cameo}", "rule:implied-object"),
                    )
                )
            blame = _blamed_on(text, primary, others, end, resources) if doc.lang == "en" else None
            if blame is not None:
                # "The bombing ... was blamed on separatist militants by provincial officials": the
                # blame is an accusation of its own, and the attack its object, told by it (it
                # stands or falls with the accusation in the realised-event filter).
                attack = candidates.pop()
                inner = resources.triggers[blame.entry.ref]
                candidates.append(
                    Candidate(
                        sentence=sentence.index,
                        clause_start=primary.end,
                        clause_end=end,
                        trigger=blame,
                        part_start=primary.end,
                        why=(f"trigger:{inner.id}={inner.cameo}", "rule:blamed-on"),
                    )
                )
                candidates.append(replace(attack, why=attack.why + ("rule:implied-object",)))
            if nested is not None:
                inner = resources.triggers[nested.entry.ref]
                inner_mode = inner.mode
                if inner_mode is None:
                    inner_mode = next((cue.entry.ref for cue in mode_cues if end <= cue.start < c_end
                                       and inner.cameo[:2] in mode_roots.get(cue.entry.ref, ())), None)
                candidates.append(
                    Candidate(
                        sentence=sentence.index,
                        clause_start=end,
                        clause_end=c_end,
                        trigger=nested,
                        also_triggers=tuple(t for t in others if t.start > nested.start),
                        part_start=end,
                        mode=inner_mode,
                        why=(f"trigger:{inner.id}={inner.cameo}", "rule:nested-action"),
                    )
                )
            if doc.lang == "en":
                # "Speaking after talks with his Turkish counterpart, the minister said Baghdad had
                # agreed ...", "Under the deal, brokered by Qatar, Israel will release ...": when the
                # clause's first act finds no party, a later act of the clause may still have one
                # (rule `fallback-trigger`; the `fallback` stage keeps one only then).
                for alt in _fallback_triggers(text, primary, others, end, resources):
                    alt_entry = resources.triggers[alt.entry.ref]
                    # Its parties are looked for after the first act's phrase: from the last comma
                    # between the two, else from the first act's end.
                    comma = text.rfind(",", primary.end, alt.word_start)
                    own = comma + 1 if comma >= 0 else primary.end
                    while own < alt.word_start and text[own] == " ":
                        own += 1
                    candidates.append(
                        Candidate(
                            sentence=sentence.index,
                            clause_start=c_start,
                            clause_end=end,
                            trigger=alt,
                            also_triggers=tuple(t for t in others if alt.start < t.start < end),
                            part_start=own,
                            mode=alt_entry.mode,
                            why=(f"trigger:{alt_entry.id}={alt_entry.cameo}", FALLBACK_TRIGGER),
                        )
                    )
    return replace(doc, candidates=tuple(candidates))


FALLBACK_TRIGGER = "rule:fallback-trigger"
_FALLBACKS = 2  # later acts of a clause tried when its first act finds no party


_UNREAL_BETWEEN = re.compile(r"\b(?:if|unless|whether|would|could|might)\b", re.IGNORECASE)


def _fallback_triggers(text: str, primary, others: tuple, end: int, resources: Resources) -> list:  # noqa: ANN001
    """The clause's later ordinary verb triggers (not weak, not deferring), in order, at most
    _FALLBACKS; none after a condition or a modal ("would respond if the groups attacked")."""
    out = []
    for t in others:
        if t.start <= primary.end or t.start >= end or _rank(t, resources) != 0:
            continue
        if resources.triggers[t.entry.ref].kind != "verb" or _UNREAL_BETWEEN.search(text, primary.end, t.word_start):
            continue  # a noun after the first act is mostly its object ("called for demonstrations")
        if resources.triggers[t.entry.ref].cameo[:2] == resources.triggers[primary.entry.ref].cameo[:2]:
            continue  # the same kind of act told twice is the primary's, not a second chance
        out.append(t)
        if len(out) == _FALLBACKS:
            break
    return out


def _implied_object(primary, others: tuple, end: int, resources: Resources):  # noqa: ANN001, ANN202
    """The first trigger after an act whose object is an event of its own (`object_events`: «فرّق ...
    التظاهرة», "dispersed the rally", «نفى ... اتهامات ...»), when that trigger is of such a root."""
    roots = resources.triggers[primary.entry.ref].object_events
    if not roots:
        return None
    for t in others:
        if primary.end <= t.start < end and resources.triggers[t.entry.ref].cameo[:2] in roots:
            return t
    return None


def _blamed_on(text: str, primary, others: tuple, end: int, resources: Resources):  # noqa: ANN001, ANN202
    """The accusation trigger of "X was blamed on Y" after an attack noun that is the clause's event."""
    if resources.triggers[primary.entry.ref].cameo[:2] not in resources.groups.violent_acts:
        return None
    m = en.blamed_on(text, primary.end, end)
    if m is None:
        return None
    return next((t for t in others if m.start() <= t.start < m.end()
                 and resources.triggers[t.entry.ref].cameo.startswith(_ACCUSE)), None)


_ACCUSE = "112"
# Light verbs between «ب»/"of" and the action noun («بشن غارات», "of carrying out strikes").
_LIGHT_AR = frozenset({"بشن", "بتنفيذ", "باطلاق", "بارتكاب", "بفرض", "بتزويد", "بارسال"})
_LIGHT_EN = frozenset({"carrying", "launching", "conducting", "staging", "firing", "imposing", "sending", "supplying"})


def _nested_action(text: str, accuse, others: tuple, resources: Resources):  # noqa: ANN001, ANN202
    """«اتهمت دمشق إسرائيل بقصف ...», "accused Israel of shelling ...": the action the accused is said
    to have done is a second event (the accuser is its claim source): the first trigger after the
    verb of accusing, when «ب» or "of" (or a light verb after it) introduces it. A verbal noun
    («اتهامات ... له بقصف») reports an accusation: no second event."""
    for t in others:
        if t.start <= accuse.end:
            continue
        if resources.triggers[t.entry.ref].cameo[:2] not in resources.groups.nested_in_accusation:
            return None
        before = text[accuse.end:t.word_start].split()
        if t.entry.script == "ar":
            ok = "ب" in t.prefix or (bool(before) and before[-1] in _LIGHT_AR)
        else:
            if before and before[-1] == "out":  # "of carrying out strikes"
                before = before[:-1]
            ok = bool(before) and (before[-1] == "of" or (len(before) > 1 and before[-2] == "of" and before[-1] in _LIGHT_EN))
        return t if ok else None
    return None

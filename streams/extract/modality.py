"""Stage 9: modality. Negated, future/intended, possible and conditional events are marked, never
dropped and never coded as if they had happened ("asserted" alone when no cue applies).

Plans in headlines: an English trigger in the infinitive after its subject ("Modi to visit Kyiv",
"EU to impose sanctions") is future; an Arabic noun trigger after a verb with the future prefix
(«سيشارك في اجتماع») is future. "Did not rule out" / «لم يستبعد» makes what follows possible, not
negated. (A date after publication also makes an event a plan: see dates.py.)"""

from __future__ import annotations


import re

from streams.extract.context import Candidate, Doc, has_parties, matches_of, replace, within
from streams.extract.implied import ACCUSATION_DENIED
from streams.extract.lang import en
from streams.extract.resources import Resources

_IMPERFECT = ("ي", "ت", "ن")  # «أ» (first person) is rare in news and collides with perfect verbs (أجرى)
_FUTURE_VERB = re.compile(r"[وف]?(س[يتن][\u0621-\u064a]{2,})")
_FIRST_WORD = re.compile(r"[\s\"'،,]*([وف]?)(س[يتن][\u0621-\u064a]{2,})")
# Words that merely start like «سيـ/ستـ/سنـ» futures.
_NOT_FUTURE = frozenset(
    "سياسه سياسي سياسيه سياسات سيطره سيناء سياره سيارات سته ستين سيد سيده سيول ستار سيف سيدي سياده سيادي "
    "سياق سير سيره سيرت سيروا سيرا ستوكهولم سنه سنوات سنوي سنويا سنغافوره سيريلانكا سيول سيئه سينما سيئون "
    "سيطرت سيطروا سيناريو ستالين".split()
)
_ORDER = ("negated", "future", "possible", "conditional")
_INFINITIVE_GAP = re.compile(r"(?:\s+(?:set|due|expected|poised|scheduled|slated))?\s+to\s+$")
_HEADLINE_WORDS = 14  # a first line of at most this many words with no closing stop reads as a headline


def _headline_line(text: str, start: int, end: int) -> bool:
    line = text[start:end].strip()
    return bool(line) and line[-1] not in ".!?\"”'’" and len(line.split()) <= _HEADLINE_WORDS and "\n" not in line


def _infinitive_plan(doc: Doc, cand: Candidate) -> bool:
    """"Modi to visit Kyiv", "Iran and Saudi Arabia to reopen embassies": the trigger follows "to"
    right after its subject, in a headline or at the start of the sentence (not "agreed to", "asked
    Iran to", which a verb before "to" governs)."""
    t = cand.trigger
    if t.entry.script != "en":
        return False
    text = doc.norm.text  # type: ignore[union-attr]
    sentence = doc.sentences[cand.sentence]
    # A trigger form that holds its own "to" ("to meet") starts after it; "set to", "due to" and
    # "expected to" between the subject and the verb are part of the plan (issue 11).
    at = t.word_start + 3 if text[t.word_start:t.word_start + 3].lower() == "to " else t.word_start
    gap = _INFINITIVE_GAP.search(text, max(sentence.start, at - 18), at)
    if gap is None:
        return False
    subject_end = gap.start()
    title = (doc.article.title or "").strip()
    if cand.sentence == 0 and title and doc.original.startswith(title):
        return True
    if cand.sentence == 0 and _headline_line(text, sentence.start, sentence.end):
        return True  # "Macron to visit Algeria next week" given as the text's first line, no title
    # In the body: the subject is a named party, with no verb before it ("Iran and Saudi Arabia to
    # reopen embassies", not "Washington asked Iran to ...").
    if not any(a.end == subject_end for a in within(doc.actors, doc.actor_starts, sentence.start, subject_end)) \
            and not any(r.end == subject_end for r in matches_of(doc, "role", sentence.start, subject_end)):
        return False
    if len(text[sentence.start:subject_end].split()) > 8:
        return False
    return not (matches_of(doc, "trigger", sentence.start, subject_end) or matches_of(doc, "attr_verb", sentence.start, subject_end))


_PREPOSITIONS = frozenset({"في", "على", "الى", "عن", "مع", "من", "ب", "بين"})


def _future_verb_before_noun(text: str, cand: Candidate) -> bool:
    """«سيجري زيارة رسمية», «حيث سيشارك في اجتماع»: a trigger right after a verb with the future
    prefix (whose object or complement it is), or after such a verb and a preposition."""
    t = cand.trigger
    words = text[max(cand.part_start, t.word_start - 40):t.word_start].split()[-2:]
    if len(words) == 2 and words[1] not in _PREPOSITIONS:
        words = words[1:]
    m = _FUTURE_VERB.fullmatch(words[0]) if words else None
    return m is not None and m.group(1) not in _NOT_FUTURE


# «الرياض (واس) -», «القاهرة - أ ش أ:», «عاجل:»: a dateline or a tag before a lead's first verb.
_LEAD = re.compile(r"^\s*(?:[\u0621-\u064a]+(?:\s+[\u0621-\u064a]+)?\s*(?:\([^)]{0,30}\))?\s*[-–—:]\s*)?$")


def _opens_sentence(doc: Doc, start: int, at: int) -> bool:
    """A present-tense verb that opens its sentence, after a dateline or a named party at most
    («ماكرون يتوجه إلى الرباط»): the lead or headline of a plan."""
    text = doc.norm.text  # type: ignore[union-attr]
    if _LEAD.match(text[start:at]):
        return True
    return any(a.start <= start + 1 and a.end >= at - 1 and a.strong
               for a in within(doc.actors, doc.actor_starts, start, at))


def classify(doc: Doc, cand: Candidate, resources: Resources) -> Candidate:
    text = doc.norm.text  # type: ignore[union-attr]
    t = cand.trigger
    found: set[str] = set()
    why = list(cand.why)
    surface = t.prefix + t.key
    if t.entry.script == "ar" and _FUTURE_VERB.match(surface) and _FUTURE_VERB.match(surface).group(1) not in _NOT_FUTURE:
        found.add("future")
        why.append("modality:future-prefix-س")
    elif t.entry.script == "ar" and cand.part_start < t.start:
        # «ستفرض تركيا عقوبات»: the clause's verb carries the future prefix, the trigger is a noun.
        first = _FIRST_WORD.match(text, cand.part_start, t.start)
        if first and first.group(2) not in _NOT_FUTURE:
            found.add("future")
            why.append("modality:future-prefix-س")
        elif _future_verb_before_noun(text, cand):
            found.add("future")
            why.append("modality:future-verb-before-noun")
    elif _infinitive_plan(doc, cand):
        found.add("future")
        why.append("modality:future-infinitive")
    root = resources.triggers[t.entry.ref].cameo[:2]
    # Conditions and futures after a verbal act belong to what is threatened or demanded.
    verbal_act = root in resources.groups.content_after_trigger
    sentence = doc.sentences[cand.sentence]
    cues = matches_of(doc, "mod", sentence.start, cand.clause_end)
    # "did not rule out" / «لم يستبعد»: its negation belongs to the cue, and what follows is possible.
    unruled = [(m.start, m.end) for m in cues if m.entry.ref == "not_ruled_out" and m.end <= t.start]
    for m in cues:
        kind = m.entry.ref
        if kind == "not_ruled_out":
            if m.end <= t.start and m.start >= cand.part_start - 80:
                found.add("possible")
                why.append(f"modality:possible:{m.key}")
            continue
        if unruled and kind in ("negated", "negated_future", "denied") and any(a <= m.start < b for a, b in unruled):
            continue
        if m.start < cand.clause_start and kind != "denied":
            continue
        before_trigger = cand.part_start <= m.start and m.end <= t.start
        if kind == "denied":
            # «نفى الكرملين أن يكون بوتين قد أجرى اتصالاً»: a denial covers the reported clause (not the
            # accusation it denies: "denied the RSF's accusation").
            ok = m.end <= t.start and ACCUSATION_DENIED not in cand.why
            kind = "negated"
        elif kind == "negated_future":
            ok = before_trigger and (t.start - m.end) <= 40
            if ok:
                found.add("future")
            kind = "negated"
        elif kind == "conditional":
            ok = m.start >= cand.part_start and not (verbal_act and m.start > t.end)
        elif kind in ("negated", "possible"):
            ok = before_trigger and (t.start - m.end) <= 40
        elif kind == "present_plan":
            ok = root in resources.groups.present_plans and m.start <= t.start and _opens_sentence(doc, sentence.start, m.start)
            kind = "future"
        elif kind == "future_after":
            ok = not verbal_act and m.start >= t.end and m.start - t.end <= 60
            kind = "future"
        else:
            ok = before_trigger
        if not ok:
            continue
        if m.key == "may" and en.month_before_day(text, m.end):
            continue  # "NAIROBI, May 2 (Reuters) -": the month, not the modal
        if m.key == "قد":
            # «قد» + imperfect is "may"; «قد» + perfect is "already" (no modality).
            nxt = text[m.end:m.end + 5].lstrip()
            if not nxt.startswith(_IMPERFECT) or nxt.startswith(("تم", "تحقق")):
                continue
        found.add(kind)
        why.append(f"modality:{kind}:{m.key}")
    modality = tuple(k for k in _ORDER if k in found) or ("asserted",)
    return replace(cand, modality=modality, why=tuple(why))


def run(doc: Doc, resources: Resources) -> Doc:
    return replace(doc, candidates=tuple(classify(doc, c, resources) if has_parties(c) else c for c in doc.candidates))

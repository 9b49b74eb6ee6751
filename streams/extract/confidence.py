"""Stage 12: confidence in [0, 1] from the evidence; candidates without a usable source are dropped."""

from __future__ import annotations

import re

from streams.extract.context import Candidate, Doc, has_parties, matches_of, replace, within
from streams.extract.resources import Resources


# "between 2004 and 2010", "in the 1990s", «بين عامي 1980 و1988», «منذ عام 2011»: a span of years
# the clause places the action in is background (a single year, "in 2019", still dates an event).
_PAST_YEARS = re.compile(r"\b(?:between\s+((?:19|20)\d\d)\s+and\s+(?:19|20)\d\d|(?:in|during|since)\s+the\s+((?:19|20)\d0)s)\b"
                         r"|(?:بين\s+عامي|منذ\s+عام|منذ)\s+((?:19|20)\d\d)\b|(?:ثمانينيات|تسعينيات|سبعينيات|ستينيات)")
# "X, who signed ...", «الدبلوماسي الذي توسط ...»: a relative clause describing a person.
_RELATIVE = re.compile(r"(?:,\s*who\s|\bwho\s+had\s|(?:^|\s)(?:الذي|التي|الذين)\s)")


def _past_year(doc: Doc, cand: Candidate) -> bool:
    """The clause spans years that ended at least two years before publication: background."""
    if doc.published is None:
        return False
    text = doc.norm.text  # type: ignore[union-attr]
    for m in _PAST_YEARS.finditer(text, cand.clause_start, cand.clause_end):
        year = next((int(g) for g in m.groups() if g), None)
        if year is None or year <= doc.published.year - 2:
            return True
    return False


def _in_relative_clause(doc: Doc, cand: Candidate) -> bool:
    text = doc.norm.text  # type: ignore[union-attr]
    start = doc.sentences[cand.sentence].start
    return _RELATIVE.search(text[start:cand.trigger.word_start]) is not None


_SIGN = "057"  # sign an agreement: AGREE, not SUPPORT, although under root 05


def _purpose_masdar(doc: Doc, cand: Candidate, trigger, resources: Resources) -> bool:  # noqa: ANN001
    """«بهدف دعم الأسر المتضررة», «في إطار جهود دعم الشعب الفلسطيني», «لتعزيز التعاون»: a support or
    cooperation masdar right after a purpose word, or with the purpose «ل», says what another act is
    for (`purpose_masdar` in root_groups.json)."""
    t = cand.trigger
    if t.entry.script != "ar" or trigger.cameo[:2] not in resources.groups.purpose_masdar or trigger.cameo == _SIGN:
        return False  # 057 is AGREE: «يمهد لاتفاق سلام» names the deal, not a purpose
    if t.prefix.strip("وف").startswith("ل"):
        return True
    text = doc.norm.text  # type: ignore[union-attr]
    return any(cue.entry.ref == "purpose" and not text[cue.end:t.word_start].strip()
               for cue in matches_of(doc, "context", max(0, t.word_start - 20), t.word_start))


def _context_veto(doc: Doc, cand: Candidate, trigger, strong_source: bool) -> str | None:  # noqa: ANN001
    """Sports, opinion and market sentences, weather, obituaries and history asides carry political
    words without events."""
    sentence = doc.sentences[cand.sentence]
    for cue in matches_of(doc, "context", sentence.start, sentence.end):
        if any(a.start <= cue.start < a.end for a in within(doc.actors, doc.actor_starts, sentence.start, cue.end)):
            continue  # a name containing the word: "the Arab League"
        category = cue.entry.ref
        if category in ("sports", "opinion", "statistics"):
            return f"{category}-context"  # statistics: "12,400 arrests last year, down 8 percent from 2023"
        if category == "markets" and not (strong_source and trigger.kind == "verb") \
                and not ((trigger.kind == "verb" or strong_source) and cand.source and cue.start > cand.trigger.end):
            # "imposed sanctions ..., sending oil prices higher": the market move is the consequence;
            # «استخدمت الشرطة العراقية الغاز المسيل للدموع لتفريق متظاهرين غاضبين من انهيار الدينار»:
            # after an act with a named doer, a market word is the crowd's grievance.
            return "markets-context"
        if category == "purpose":
            continue  # read on the trigger itself (_purpose_masdar)
        if category in ("history", "weather", "habit") and cand.clause_start <= cue.start < cand.trigger.start:
            return f"{category}-context"  # "the war began in ...", "a storm hit the coast", «غالباً ما يتبنى»
        if category == "obituary" and _in_relative_clause(doc, cand):
            return "obituary-context"  # "X, who signed the treaty, died on Sunday"
    if _past_year(doc, cand):
        return "history-year"
    return None


# Party rules that read a country adjective as an actor of its own (the adjective on the attack noun,
# on the noun of the subject, in "came under Russian shelling").
_ADJECTIVE_ACTOR_RULES = ("rule:adjective-on-trigger", "rule:adjective-agent-on-noun", "rule:came-under-attack")


def party_reason(cand: Candidate, trigger) -> str | None:  # noqa: ANN001
    """Why the candidate's parties are not enough for an event (None: they are): no party, only
    country adjectives, a weak trigger without named sides, a noun with only a bare country."""
    if not has_parties(cand):
        return "no-source"
    # Adjectives alone are no actor, except as the two sides of a reciprocal act ("Turkish and
    # Russian forces carried out a joint patrol").
    if cand.source and all(a.kind == "adjective" for a in cand.source) \
            and not any(label in cand.why for label in _ADJECTIVE_ACTOR_RULES) \
            and not (cand.reciprocal and cand.target):
        return "adjective-only-source"
    strong_source = any(a.strong for a in cand.source)
    strong_target = any(a.strong for a in cand.target)
    if trigger.weak and not (strong_source and (strong_target or cand.reciprocal)):
        return "weak-trigger-without-actors"
    if not strong_source and not cand.target and trigger.kind != "verb":
        return "bare-country-alone"
    return None


def score(cand: Candidate, resources: Resources, doc: Doc | None = None) -> Candidate:
    trigger = resources.triggers[cand.trigger.entry.ref]
    if cand.dropped:
        return replace(cand, confidence=0.0)  # an earlier stage's reason stays the one `--trace` shows
    if not has_parties(cand):
        return replace(cand, dropped="no-source", confidence=0.0)
    if doc is not None and _purpose_masdar(doc, cand, trigger, resources):
        return replace(cand, dropped="purpose-masdar", confidence=0.0)
    if doc is not None:
        veto = _context_veto(doc, cand, trigger, any(a.strong for a in cand.source))
        if veto is not None:
            return replace(cand, dropped=veto, confidence=0.0)
    reason = party_reason(cand, trigger)
    if reason is not None:
        return replace(cand, dropped=reason, confidence=0.0)
    strong_source = any(a.strong for a in cand.source)
    strong_target = any(a.strong for a in cand.target)
    # A party named only by description ("gunmen", «مسلحون», "Western governments", 'police' with no
    # country the text gives) or not at all («انفجرت عبوة ناسفة ...») makes the event less certain
    # than one with a named actor.
    named_source = any(a.strong and not (a.country is None and a.kind == "role") for a in cand.source)
    value = 0.45
    value += 0.15 if trigger.kind == "verb" else 0.05
    value += 0.15 if named_source else 0.0
    value -= 0.15 if not cand.source else 0.0
    value += 0.1 if cand.target else 0.0
    value += 0.05 if strong_target else 0.0
    value += 0.05 if cand.date_text else 0.0
    value += 0.05 if cand.claim_source is not None else 0.0
    value -= 0.15 if trigger.weak else 0.0
    value -= 0.05 if any(w.startswith("rule:pro-drop") for w in cand.why) else 0.0
    return replace(cand, confidence=round(max(0.0, min(1.0, value)), 3))


def run(doc: Doc, resources: Resources) -> Doc:
    return replace(doc, candidates=tuple(score(c, resources, doc) for c in doc.candidates))

"""Stage: precision guards, after the dates and before the location.

Real wire copy is full of violent and political words that report no act, or another act than the
word names. Each guard is one small pure function named after its `why` label or `dropped` reason;
the words they read are data, categories of `cues.json` `context` (matched by the front end with the
other context cues):

- `verbal-attack-cue`: "launched a scathing attack on the prime minister, accusing him of ..." is
  criticism (CAMEO 111), never an assault: an attack word (a root of `verbal_attack_readings`) right
  after an adjective of speech (`verbal_attack_before`), or the word attack itself (`verbal_attack_words`)
  followed in its clause by a participle of speech (`verbal_attack_after`: "accusing", «متهما») in a
  sentence without casualty or weapon words.
- `conditional-threat`: «متوعدا برد قوي في حال حصول هجمات أخرى»: an attack that is at once conditional
  and promised after a verb of threat (`threat_speech`; a future one the threats stage has already
  recoded) is a threat to use force (CAMEO 138), asserted; when the sentence already has its
  threat (a THREATEN candidate), the attack is only its content and yields nothing. In a question
  it is a hypothetical (`hypothetical-question`), whichever stage read it as a threat.
- `display-context`: parades, exhibitions, drills with mock targets, films and games
  (`display`, `fiction`) in the trigger's clause: a violent, protest or mobilisation trigger there is
  no event (war games staged around a neighbour are a show of force: mobilisation stays), nor is any
  other trigger without a target ("hosted a parade"); a cue after
  "after"/«بعد» ("days after a military parade") dates the act and does not veto it.
- `accident-context`: «لقي ستة أشخاص حتفهم بانفجار أسطوانة غاز في مطعم», "a gas cylinder exploded at a
  restaurant": an explosion or deaths the sentence puts down to an accident (`accident`: a gas cylinder
  or leak, a short circuit, a crash) are no attack unless a doer is named.
- `plotted-act`: a violent act told as the content of a plot or a past plan ("had planned to bomb",
  «كانوا يعتزمون تفجير», «مخططا إرهابيا كان يستهدف») did not happen (`plot`, before the trigger in its
  clause; or a verb of intent, `plot_verb`, at most three words after a past «كان», `past_aux`).
- `foiled-after`: "an attack was foiled", «هجوما إرهابيا ... أُحبط»: the foil verb after the act
  (`foil_after`, within six words in its clause) drops it as the foil verb before it does.
- `named-not-called` (English): "called the Kremlin's statement \"another insult\"" names, it does
  not telephone: a call trigger followed in its clause by a quotation mark or a thing said.
"""

from __future__ import annotations

import re
from typing import Any

from streams.extract.context import Candidate, Doc, matches_of, replace

THREAT_CODE = "138"  # threaten to use military force
VERBAL_CODE = "111"  # criticise or denounce

_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*|[\"“”«»]")
_BEFORE_WORDS = frozenset({"after", "following", "before", "since", "during", "while", "amid", "بعد", "عقب", "قبل", "اثر",
                           "إثر", "منذ", "خلال", "أثناء", "اثناء", "وسط"})
_QUOTES = frozenset('"“”«»')
_CALL_OBJECTS = frozenset({"statement", "statements", "decision", "move", "remarks", "comments", "plan", "proposal",
                           "law", "bill", "policy", "report", "claims", "claim", "accusations", "vote", "offer",
                           "election", "elections", "ruling", "deal", "agreement", "attack", "strike", "strikes"})


def _cues(doc: Doc, category: str, lo: int, hi: int) -> list:
    return [m for m in matches_of(doc, "context", lo, hi) if m.entry.ref == category]


def _root(cand: Candidate, resources: Any) -> str:
    return (cand.cameo or resources.triggers[cand.trigger.entry.ref].cameo)[:2]


def _words(doc: Doc, lo: int, hi: int) -> list[str]:
    return _TOKEN.findall(doc.norm.text[lo:hi])  # type: ignore[union-attr]


def verbal_attack_cue(doc: Doc, cand: Candidate, resources: Any, threats: frozenset[int]) -> Candidate:
    if _root(cand, resources) not in resources.groups.verbal_attack_readings or cand.cameo == VERBAL_CODE:
        return cand
    # The word attack: the trigger itself, or the object of its light verb ("launched a ... attack").
    words = [m for m in _cues(doc, "verbal_attack_words", cand.trigger.word_start, cand.clause_end)
             if m.start < cand.trigger.end or len(_words(doc, cand.trigger.end, m.start)) <= 3]
    if not words:
        return cand
    adjective = any(not _words(doc, m.end, w.start) for w in words
                    for m in _cues(doc, "verbal_attack_before", max(cand.clause_start, w.start - 40), w.start))
    if not adjective:
        # "attacked the court, accusing the judges of ...": a participle of speech after the word
        # attack ("struck ..., calling them terrorist camps" is a strike), unless the sentence counts
        # victims or names weapons.
        sentence = doc.sentences[cand.sentence]
        if not _cues(doc, "verbal_attack_after", words[0].end, cand.clause_end) \
                or matches_of(doc, "casualty", sentence.start, sentence.end) or matches_of(doc, "weapon", sentence.start, sentence.end):
            return cand
    return replace(cand, cameo=VERBAL_CODE, why=cand.why + ("rule:verbal-attack-cue",))


def conditional_threat(doc: Doc, cand: Candidate, resources: Any, threats: frozenset[int]) -> Candidate:
    sentence = doc.sentences[cand.sentence]
    question = "?" in doc.norm.text[sentence.start:sentence.end]  # type: ignore[union-attr]
    if question and any(w.startswith("rule:conditional-threat") for w in cand.why):
        # "What would happen if Russia attacked a NATO member?": a hypothetical, no one's threat (the
        # threats stage read it as one).
        return replace(cand, dropped="hypothetical-question", why=cand.why + ("rule:hypothetical-question",))
    if "conditional" not in cand.modality or "negated" in cand.modality or _root(cand, resources) not in resources.groups.violent_acts \
            or not cand.source:
        return cand  # a threat has its threatener
    if question:
        return replace(cand, dropped="hypothetical-question", why=cand.why + ("rule:hypothetical-question",))
    # A future one is the threats stage's (streams/extract/threats.py); here the promise is the verb of threat.
    if not _cues(doc, "threat_speech", sentence.start, cand.trigger.start):
        return cand
    if cand.sentence in threats:
        return replace(cand, dropped="threat-content", why=cand.why + ("rule:conditional-threat",))
    return replace(cand, cameo=THREAT_CODE, modality=("asserted",), date=doc.published, date_text=None,
                   date_precision="day", why=cand.why + ("rule:conditional-threat",))


def display_context(doc: Doc, cand: Candidate, resources: Any, threats: frozenset[int]) -> Candidate:
    root = _root(cand, resources)
    groups = resources.groups
    if root in groups.display_kept or root not in groups.display_vetoed and cand.target:
        return cand
    # A doer carried over from the clause before ("hosted a parade, ... and parachute demonstrations")
    # brings that clause's display with it.
    lo = doc.sentences[cand.sentence].start if "rule:pro-drop-previous-clause" in cand.why else cand.clause_start
    for category in ("display", "fiction"):
        for cue in _cues(doc, category, lo, cand.clause_end):
            if any(a.start <= cue.start < a.end for a in doc.actors if a.kind != "country" and a.end - a.start > cue.end - cue.start):
                continue  # a name containing the word
            lead = _words(doc, max(lo, cue.word_start - 30), cue.word_start)[-4:]
            if cue.start > cand.trigger.end:
                lead += _words(doc, cand.trigger.end, cue.word_start)
            if _BEFORE_WORDS.intersection(lead):
                continue  # "days after a military parade", «خلال العرض العسكري»: it dates or places the act
            return replace(cand, dropped="display-context", why=cand.why + (f"rule:display-context:{category}",))
    return cand


def accident_context(doc: Doc, cand: Candidate, resources: Any, threats: frozenset[int]) -> Candidate:
    if _root(cand, resources) not in resources.groups.violent_acts or any(a.strong and a.code != "UAF" for a in cand.source):
        return cand
    sentence = doc.sentences[cand.sentence]
    if _cues(doc, "accident", sentence.start, sentence.end):
        return replace(cand, dropped="accident-context", why=cand.why + ("rule:accident-context",))
    return cand


def plotted_act(doc: Doc, cand: Candidate, resources: Any, threats: frozenset[int]) -> Candidate:
    if _root(cand, resources) not in resources.groups.violent_acts:
        return cand
    lo = max(cand.clause_start, cand.trigger.word_start - 60)
    if _cues(doc, "plot", lo, cand.trigger.word_start):
        return replace(cand, dropped="plotted-act", why=cand.why + ("rule:plotted-act",))
    # «وكان المتهمون يعتزمون تفجير ...»: a verb of intent after a past «كان» (its subject between).
    for verb in _cues(doc, "plot_verb", lo, cand.trigger.word_start):
        if any(len(_words(doc, aux.end, verb.start)) <= 3 for aux in _cues(doc, "past_aux", max(lo, verb.start - 40), verb.start)):
            return replace(cand, dropped="plotted-act", why=cand.why + ("rule:plotted-act",))
    return cand


def foiled_after(doc: Doc, cand: Candidate, resources: Any, threats: frozenset[int]) -> Candidate:
    if _root(cand, resources) not in resources.groups.violent_acts:
        return cand
    for cue in _cues(doc, "foil_after", cand.trigger.end, cand.clause_end):
        if len(_words(doc, cand.trigger.end, cue.start)) <= 6:
            return replace(cand, dropped="foiled-act", why=cand.why + ("rule:foiled-after",))
    return cand


def named_not_called(doc: Doc, cand: Candidate, resources: Any, threats: frozenset[int]) -> Candidate:
    if doc.lang != "en" or _root(cand, resources) != "04":
        return cand
    text = doc.norm.text  # type: ignore[union-attr]
    if not text[cand.trigger.start:cand.trigger.end].startswith("call"):
        return cand
    after = _words(doc, cand.trigger.end, cand.clause_end)[:7]
    if _QUOTES.intersection(after) or _CALL_OBJECTS.intersection(after[:4]):
        return replace(cand, dropped="named-not-called", why=cand.why + ("rule:named-not-called",))
    return cand


# Ordered registry (name = the `why` label or `dropped` reason); the first guard that drops a candidate
# ends its checks; the conditional threat comes last, on what the others kept.
GUARDS = (
    ("verbal-attack-cue", verbal_attack_cue),
    ("display-context", display_context),
    ("accident-context", accident_context),
    ("plotted-act", plotted_act),
    ("foiled-after", foiled_after),
    ("named-not-called", named_not_called),
    ("conditional-threat", conditional_threat),
)


def run(doc: Doc, resources: Any) -> Doc:
    if not doc.candidates or doc.lang not in ("ar", "en") or doc.norm is None:
        return doc
    threats = frozenset(c.sentence for c in doc.candidates if not c.dropped
                        and (c.cameo or resources.triggers[c.trigger.entry.ref].cameo)[:2] == "13")
    out = []
    for cand in doc.candidates:
        for _, guard in GUARDS:
            if cand.dropped:
                break
            cand = guard(doc, cand, resources, threats)
        out.append(cand)
    return replace(doc, candidates=tuple(out))

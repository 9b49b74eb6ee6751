"""Arabic grammar for the participant rules (all on the matching form unless said otherwise)."""

from __future__ import annotations

import re

from streams.extract.context import ActorMention, arabic_word_end, previous_word

# A free preposition before a group makes it an object («مع سلطات دمشق», «ضد الحوثيين»).
OBJECT_PREPOSITIONS = frozenset({"مع", "الى", "الي", "على", "ضد", "عن", "حول"})
# The same as proclitics written on the first word of the group («لسوريا», «بالرئيس»).
OBJECT_PROCLITICS = frozenset({"ل", "ول", "فل", "لل", "ولل", "ب", "وب", "فب", "بال", "وبال"})
# What may stand before a clause's verb while it still counts as verb-initial («وقد», «كما», «أمس»).
LEAD_FILLER = re.compile(r"^[\s,،\"'\-]*(?:(?:و|ف)?(?:قد|لقد|كما|ثم|امس|اليوم)\s+)*$")
# The conjunction «و» written on a word: coordination of two actors.
CONJUNCTION = "و"
# «نظيره», «نظيرته»: the counterpart of the subject.
COUNTERPART = "نظير"

_OBJECT_SUFFIXES = ("ه", "ها", "هم", "هما")
# An object pronoun on a preposition after the verb («معه», «له», «عليهم»).
_PRONOUN_ON_PREPOSITION = re.compile(r"(?:^|\s)(?:و|ف)?(?:مع|ل|الي|علي|ب|ضد|عن)(?:ه|ها|هم|هما)(?=$|[\s.,،])")
# The feminine and plural object pronouns that a required object noun may carry («عضويتها»).
NOUN_OBJECT_SUFFIXES = ("ها", "هم", "هما")
# Verbs that introduce the agent of an attack noun («قصف نفّذه مسلحو ...», «غارة شنّها ...»).
AGENT_VERBS = frozenset({"نفذه", "نفذته", "نفذها", "شنه", "شنته", "شنها", "شنوه", "نفذوه"})
# «ل» / «لل» right on an attack noun introduces its agent («قصف لقوات الدعم السريع»).
AGENT_PROCLITICS = ("ل", "لل")
# «تم»/«جرى» + masdar: the impersonal passive («تم اعتقال ...»).
IMPERSONAL_PASSIVE = frozenset({"تم", "وتم", "يتم", "ويتم", "جري", "وجري", "يجري"})
_DAMMA = "\u064f"
_IMPERFECT_PREFIXES = ("ي", "ت", "ن")


def has_object_pronoun(text: str, trigger_end: int, limit: int) -> bool:
    """An object pronoun on the trigger verb («استقبله») or on a preposition after it («معه», «له»)."""
    word_end = arabic_word_end(text, trigger_end)
    if text[trigger_end:word_end] in _OBJECT_SUFFIXES:
        return True
    return _PRONOUN_ON_PREPOSITION.search(text, word_end, max(word_end, limit)) is not None


def after_agent_verb(text: str, pos: int) -> bool:
    """«نفذه مسلحو هيئة ...»: «نفذه»/«شنه» right before, or one word (the construct noun) before."""
    word = previous_word(text, pos)
    if word in AGENT_VERBS:
        return True
    i = text.rfind(word, 0, pos) if word else -1
    return i > 0 and previous_word(text, i) in AGENT_VERBS


def passive_without_agent(text: str, original_word: str, word_start: int) -> bool:
    """A masdar after «تم»/«جرى» («تم اعتقال»), or a past verb written with its passive damma
    («اعتُقل», «قُتل», «أُفرج»; `original_word` is the trigger word as written, with diacritics)."""
    if previous_word(text, word_start) in IMPERSONAL_PASSIVE:
        return True
    return _DAMMA in original_word[:5] and original_word[:1] not in _IMPERFECT_PREFIXES


def accusative_plural(text: str, a: ActorMention) -> bool:
    """A people or role noun in the sound masculine plural or dual -ين (accusative or genitive:
    «فلسطينيين», «مسلحين», «جنديين»), never the nominative -ون/-ان that a subject takes."""
    if a.kind not in ("people", "role"):
        return False
    return text[a.start:a.end].split(" ")[0].endswith("ين")

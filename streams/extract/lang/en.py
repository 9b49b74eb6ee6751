"""English grammar for the participant rules (on the lower-cased matching form)."""

from __future__ import annotations

import re

# A preposition before a group makes it an object ("with Turkey", "against the rebels").
OBJECT_PREPOSITIONS = frozenset({"with", "to", "against", "on", "about", "for", "over", "outside", "near", "at", "into",
                                 "towards", "toward", "from"})
# Determiners that may stand between such a preposition and the group ("outside the French embassy").
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
# What may join two actors into one group: a comma (Latin or Arabic), "and (his/her/its)", "with".
# A determiner may open the next member ("Saudi Arabia, the UAE and the United States"), and a dashed
# aside may stand after one ("Saudi Arabia – the world's biggest oil exporter – the UAE").
GROUP_GAP = re.compile(r"^\s*(?:[,،]\s*)?(?:and\s+(?:his\s+|her\s+|its\s+)?|with\s+)(?:the\s+)?$"
                       r"|^\s*[,،]\s*(?:the\s+)?$"
                       r"|^\s*[-–—]\s[^-–—,.;:]{1,60}\s[-–—]\s*(?:[,،]\s*)?(?:and\s+)?(?:the\s+)?$")
COUNTERPART = "counterpart"
# The passive auxiliary before a participle ("were arrested", "was reportedly killed").
_PASSIVE_AUX = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+)?$")
_PASSIVE_REACH = 20  # characters before the trigger in which the auxiliary must end


def passive_before(text: str, floor: int, trigger_start: int) -> bool:
    """"were arrested", "was killed": a passive auxiliary right before the trigger."""
    return _PASSIVE_AUX.search(text, max(floor, trigger_start - _PASSIVE_REACH), trigger_start) is not None


_AUX_IN_TRIGGER = re.compile(r"(?:was|were|been|being|is|are)\s")


def passive_at(text: str, floor: int, trigger_start: int, trigger_end: int) -> bool:
    """`passive_before`, or a trigger that is itself a passive ("were shot", "was killed")."""
    return passive_before(text, floor, trigger_start) or (
        _AUX_IN_TRIGGER.match(text, trigger_start, trigger_end) is not None)


def introduces_agent(gap: str) -> bool:
    """The words between a passive verb and a group end with "by", a determiner aside ("were killed by
    RSF fighters", "was blamed by the Israeli military")."""
    words = gap.split()
    while words and words[-1] in DETERMINERS:
        words.pop()
    return bool(words) and words[-1] == "by"

# --------------------------------------------------------------------------------------------
# Datelines and credits (credits.py), on the original text

# Words of an outlet's name or a dateline's date that may stand beside places ("Jan 5", "The Gulf Observer").
CREDIT_WORDS = frozenset({
    "news", "agency", "agencies", "observer", "times", "post", "herald", "gazette", "tribune", "daily", "press",
    "wire", "wires", "media", "network", "online", "the", "staff", "correspondent", "desk", "bureau",
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
    "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
    "-", "–", "—",
})
# Wire agencies a dateline credits in parentheses.
AGENCIES = frozenset({
    "reuters", "ap", "afp", "upi", "xinhua", "anadolu", "dpa", "efe", "ians", "pti", "ani", "bernama", "wam",
    "kuna", "sana", "wafa", "yonhap", "kyodo", "tass", "ria", "interfax", "irna", "spa", "mena", "ina", "qna",
    "bna", "petra", "aps", "map", "tap", "the associated press", "associated press", "agencies",
})
# Lines that only credit the story (bylines, "Reporting by ...", "Source: ...").
CREDIT_LINE_STARTS = (r"(?:additional\s+)?reporting\s+by", r"writing\s+by", r"editing\s+by", r"compiled\s+by",
                      r"translated\s+by", r"sources?\s*:", r"photos?\s*:", r"photograph\s*:")
PHOTO_CREDIT_STARTS = (r"photo\s+by", r"photo\s*:", r"image\s*:", r"picture\s*:", r"file\s+photo")
# "By John Shiklam": a byline line (names in capitals, no verb).
BYLINE = re.compile(r"^[ \t]*By (?:[A-Z][\w.'’-]*(?: (?:and|&) | |, ?)?){1,6}[ \t]*$", re.MULTILINE)

# Number words between a casualty word and the ones it counts ("killing at least three soldiers").
COUNT_WORDS = frozenset({"at", "least", "some", "about", "around", "nearly", "more", "than", "several", "dozens",
                         "of", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a", "an",
                         "the", "its", "their", "both"})
VENUE_PREPOSITIONS = frozenset({"in", "at", "near", "inside"})
# A personal pronoun right after a verb is its object ("accusing him of", "thanked them for").
_OBJECT_PRONOUN = re.compile(r"\s+(?:him|her|them)\b")


def object_pronoun_after(text: str, verb_end: int) -> bool:
    return _OBJECT_PRONOUN.match(text, verb_end) is not None


# Words of reported content that point back at the reporter ("said that it had", "said its forces").
BACK_POINTING = frozenset({"it", "its", "they", "their", "he", "his", "she", "her", "we", "our"})
# Casualty words after which the next noun is the one hit ("the killing of", "wounding").
PATIENT_MARKERS = frozenset({"killing", "wounding", "injuring", "death", "deaths"})

# Direction words that make the following country or capital a location ("southwestern Pakistan").
DIRECTION_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "northeastern",
    "northwestern", "southeastern", "southwestern", "north-east", "north-west", "south-east", "south-west",
    "northeast", "northwest", "southeast", "southwest", "central", "outskirts", "suburbs",
})
NEGATIONS = frozenset({"no", "not", "nobody", "none", "yet", "never", "without"})
# Words that may stand between an attack and the ones it hits ("opened fire on a police patrol").
OBJECT_LINKS = frozenset({"on", "at", "against", "upon", "into", "toward", "towards", "a", "an", "the", "local",
                          "two", "three", "several", "unarmed", "off-duty", "group", "of"})
# Words around a news outlet that make it the one spoken to or a witness's employer ("told AFP", "an
# AFP photographer").
ADDRESSEE_WORDS = frozenset({"told", "to", "tells", "telling"})
WITNESS_WORDS = frozenset({"photographer", "photographers", "correspondent", "correspondents", "reporter",
                           "reporters", "journalist", "journalists", "cameraman", "crew", "staff", "tally",
                           "count", "witness"})
# After a country's name these make it a province of another country ("Niger state", "Mexico state").
PROVINCE_WORDS = frozenset({"state", "province", "governorate", "region", "district"})
# Phrases by which an outlet carries someone else's statement ("quoted by Reuters").
CARRIER_PHRASES = frozenset({"carried by", "quoted by", "published by", "broadcast by", "cited by", "relayed by"})
# Participles by which an attack noun names its doer ("a roadside bomb planted by Islamic State
# militants", "the attacks were carried out by ...", "a drone launched by the Houthis").
AGENT_PARTICIPLES = ("carried out by", "launched by", "planted by", "fired by", "conducted by", "staged by",
                     "mounted by", "perpetrated by", "claimed by", "flown by", "dropped by")

# Words that may stand between a subject and its verb ("police have also arrested", "troops on
# Monday reportedly shelled"): auxiliaries, adverbs and the day of the act.
SUBJECT_GAP_WORDS = frozenset({
    "has", "have", "had", "was", "were", "is", "are", "been", "also", "reportedly", "allegedly", "then", "later",
    "again", "earlier", "immediately", "subsequently", "swiftly", "quickly", "jointly", "repeatedly", "already",
    "on", "early", "late", "last", "overnight", "yesterday", "today", "night", "morning", "evening", "afternoon",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "strongly", "sharply", "firmly",
    "publicly", "formally", "officially", "finally", "recently", "previously", "all", "both", "themselves",
    "therefore", "however", "meanwhile", "thus", "in", "turn", "began", "started", "continued", "resumed",
    # modals and negation: the modality stage reads them ("police may arrest", "did not attack")
    "will", "would", "may", "might", "could", "can", "should", "must", "did", "does", "do", "not", "never",
})
_WORD = re.compile(r"[\w'’-]+|[^\w\s]")


_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*$")


def subject_next_to_verb(text: str, subject_end: int, verb_start: int, verb_end: int, original_gap: str | None = None) -> bool:
    """"Rebels seized ...", "the villagers have also urged ...": nothing but auxiliaries, adverbs and
    the day between a subject and its verb, and the verb no participle of a passive ("shoppers hit by
    rising prices"). With the original text of the gap, a title's name may stand there too ("Governor
    Dauda Lawal condemned ...": up to three capitalised words right after the role)."""
    gap = _WORD.findall(text[subject_end:verb_start])
    if original_gap is not None:
        words = _WORD.findall(original_gap)
        names = 0
        while names < min(3, len(words)) and _NAME_WORD.match(words[names]):
            names += 1
        if len(words) == len(gap):
            gap = gap[names:]
    if len(gap) > 4 or any(w not in SUBJECT_GAP_WORDS and w != "," for w in gap):
        return False
    return not re.match(r"\s+by\b", text[verb_end:verb_end + 5])


_DAY_AFTER_MONTH = re.compile(r"\s+\d{1,2}\b")


def month_before_day(text: str, end: int) -> bool:
    """"May 2", "May 14": the month "May" before a day of the month, not the modal verb."""
    return _DAY_AFTER_MONTH.match(text, end) is not None

_EACH_OTHER = re.compile(r"\s+(?:each\s+other|one\s+another)\b")


def each_other_after(text: str, verb_end: int) -> bool:
    """"accused each other of ...": the act goes both ways."""
    return _EACH_OTHER.match(text, verb_end) is not None


def past_verb_after_and(text: str, floor: int, verb_start: int, verb_end: int) -> bool:
    """"... and shelled", "... and arrested 23 men": a past-tense verb right after "and"."""
    return text[max(floor, verb_start - 5):verb_start] == " and " and text[verb_start:verb_end].split()[0].endswith("ed")


# "A cease-fire held Wednesday hours after militants launched rockets ...": a subordinator after the
# clause's first act, then a subject of a few words, then the verb of a second act. "as" is left out:
# "pulled out of Homs as rebel fighters advanced on the city" is one act and its circumstance.
_SUBORDINATOR = re.compile(r"\b(?:(?:hours|days|weeks|minutes|moments|a\s+day|a\s+week|shortly|just|soon|only)\s+)?"
                           r"(?:after|before)\s+(?=\S)"
                           # "thousands marched through Belgrade, as police fired tear gas at them": a
                           # clause of time with its own named subject is a second act (issue 11).
                           r"|(?<![Ss]uch )(?<![Ss]o )(?<!as well )(?<!as soon )(?<!as long )(?<!as far )(?<!as much )(?<!as many )"
                           r"\b(?:as|when)\s+(?!(?:well|soon|long|far|much|many|part|of|if|though|such|to|for|usual|"
                           r"expected|planned|agreed|a\s+result|a\s+sign|an?\s+\w+\s+of)\b)(?=\S)",
                           re.IGNORECASE)
_SUBJECT_WORDS = 6  # at most this many words between the subordinator and the second verb


def subordinate_clause_start(text: str, lo: int, verb_start: int) -> tuple[int, int] | None:
    """(start, end) of the last subordinator in text[lo:verb_start] whose subject (one to six words,
    no punctuation) reaches the verb at verb_start, else None."""
    found = None
    for m in _SUBORDINATOR.finditer(text, lo, verb_start):
        gap = text[m.end():verb_start]
        if not gap.strip() or re.search(r"[,;:.!?()\"“”]|\b(?:was|were|been|being)\b", gap) \
                or len(gap.split()) > _SUBJECT_WORDS:  # "after a soldier was wounded by a landmine": no doer
            continue
        found = (m.start(), m.end())
    return found


# "Police said they had arrested ...", "the army says it killed ...": a speaker whose own pronoun
# opens the reported act (between the speaker's end and the trigger).
_SPEAKER_DOES = re.compile(r"\s*,?\s+(?:said|says|announced|stated|reported|added|confirmed|claimed)\s+(?:on\s+\w+\s+)?"
                           r"(?:that\s+)?(?:it|they|he|she|its|their)\s+(?:[\w'’-]+\s+){0,3}$")


def speaker_is_doer(text: str, speaker_end: int, trigger_start: int) -> bool:
    return _SPEAKER_DOES.fullmatch(text, speaker_end, trigger_start) is not None


# "... two men who attacked", "the rebels, who had shelled": a relative pronoun (and auxiliaries or
# adverbs) right before a past-tense verb.
_RELATIVE_BEFORE = re.compile(r"(?:,\s*)?\b(?:who|which)\s+(?:(?:had|have|has|allegedly|reportedly|then|also|later|"
                              r"previously|earlier|recently)\s+){0,2}$")


def relative_pronoun_before(text: str, floor: int, verb_start: int) -> re.Match | None:
    return _RELATIVE_BEFORE.search(text, max(floor, verb_start - 40), verb_start)


def relative_clause_verb(text: str, floor: int, verb_start: int, verb_end: int) -> bool:
    return relative_pronoun_before(text, floor, verb_start) is not None and text[verb_start:verb_end].split()[0].endswith("ed")


def contrast_clause(text: str, clause_start: int) -> bool:
    """"..., while rights groups urged caution": a clause of contrast brings its own subject."""
    return text.startswith(("while ", "whereas "), clause_start)


# Participles by which a phrase names who backs the subject ("Afghan forces backed by NATO").
BACKER_CUES = ("backed by", "supported by", "assisted by", "aided by", "escorted by", "accompanied by")
_BACKER_CUE = re.compile(r"\b(?:" + "|".join(c.replace(" ", r"\s+") for c in BACKER_CUES) + r")\s+(?:the\s+|a\s+|an\s+)?$")


def after_backer_cue(text: str, word_start: int) -> bool:
    """The group at `word_start` follows "backed by (the)", "supported by" ...: a backer, not the subject."""
    return _BACKER_CUE.search(text, max(0, word_start - 30), word_start) is not None
# Possessives that make a role the subject's own ("withdrew its troops").
POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})


# --------------------------------------------------------------------------------------------
# Acts named by their noun with no agent ("led to 150 arrests", "the arrest of the opposition leader")

# The nouns of the agentless acts (root 17 in `agentless_passive`) a report may name without the one
# who did them; a determiner, a count or "of" after the noun shows it is the noun and not the verb.
_ACT_NOUNS = frozenset({"arrest", "arrests", "detention", "detentions", "raid", "raids", "crackdown"})
_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|his|her|their|its|mass|more|further|new|fresh|of|[\d,]+|dozens|hundreds|"
                          r"thousands|scores|several|many|some|wave\s+of|series\s+of|spate\s+of)\s+(?:\w+\s+)?$")
_OF_AFTER = re.compile(r"\s+of\b")


def act_noun(text: str, floor: int, word_start: int, end: int) -> bool:
    """"more than 150 arrests", "the arrest of", "the detentions followed": the trigger is the act's
    noun (a determiner or a count before it, or "of" after it), not a verb with a subject to find."""
    if text[word_start:end] not in _ACT_NOUNS:
        return False
    return _NOUN_BEFORE.search(text, max(floor, word_start - 30), word_start) is not None \
        or _OF_AFTER.match(text, end) is not None or word_start == floor


# "Clashes broke out between police and youths", "clashes on the border between Armenia and
# Azerbaijan": "between" a few words after a fight names its sides.
_BETWEEN_AFTER = re.compile(r"(?:\s+[\w'’-]+){0,4}?\s+between\s+")


def between_after(text: str, end: int, limit: int) -> int | None:
    """Where the sides after "between" start (within four words after the trigger), else None."""
    m = _BETWEEN_AFTER.match(text, end, limit)
    return m.end() if m else None


# "The bombing ... was blamed on separatist militants (by provincial officials)": the attack's doer
# follows "blamed on"; the blame is an accusation by the passive's agent.
_BLAMED_ON = re.compile(r"\b(?:was|were|is|are|has\s+been|have\s+been|had\s+been|being)\s+(?:\w+\s+)?blamed\s+on\s+")


def blamed_on(text: str, start: int, end: int) -> re.Match | None:
    """The passive "was blamed on " between `start` and `end`, else None."""
    return _BLAMED_ON.search(text, start, end)


# "Security forces killed a protester", "police shot dead three villagers": a casualty verb right after
# a role, in the active voice and followed by its object, is that role's own act (the role is the
# doer); "two policemen were killed", "policemen killed in the blast" are the victims.
_ACTIVE_OBJECT = re.compile(r"\s+(?:dead\s+)?(?:a|an|the|two|three|four|five|six|seven|eight|nine|ten|dozens|scores|"
                            r"several|at\s+least|\d+)\b")
_AUX_GAP = re.compile(r"\b(?:was|were|been|being|is|are)\b")


def active_casualty_verb(text: str, role_end: int, cue_start: int, cue_end: int) -> bool:
    gap = text[role_end:cue_start]
    if _AUX_GAP.search(gap) or len(gap.split()) > 1:
        return False
    return _ACTIVE_OBJECT.match(text, cue_end) is not None


# Settlement nouns an attack lands on ("shelled the town of ...", "fired shells into the city",
# "struck villages near the border").
SETTLEMENT_NOUNS = frozenset({"town", "towns", "village", "villages", "city", "cities", "district", "districts",
                              "neighbourhood", "neighborhood", "neighbourhoods", "neighborhoods", "camp", "suburb",
                              "suburbs", "outskirts", "buildings", "homes", "areas", "area", "region"})


# "X came under Russian shelling": X was attacked; the adjective before the attack noun names the attacker.
_CAME_UNDER = re.compile(r"\b(?:came|come|comes|coming)\s+under\s+")


def came_under_before(text: str, floor: int, trigger_start: int) -> int | None:
    """Where "came under" ends, when it stands at most three words before the trigger."""
    last = None
    for m in _CAME_UNDER.finditer(text, floor, trigger_start):
        last = m
    if last is None or len(text[last.end():trigger_start].split()) > 3:
        return None
    return last.end()


# An international body named as where an act is done or to whom an envoy is accredited, not as a
# party: "At an emergency session of the Security Council, Iran accused ...", "envoy to the UN",
# "Speaking at the General Assembly"; "Iran's UN envoy" (the body is part of the envoy's title).
_VENUE_BEFORE = re.compile(r"(?:\b(?:session|sessions|meeting|meetings|sitting|summit)\s+of|\b(?:speaking|speech)\s+(?:at|to|before)"
                           r"|\bat|\bbefore|\b(?:envoy|ambassador|ambassadors|representative|delegate|mission)\s+to)"
                           r"\s+(?:the\s+)?(?:un\s+|u\.n\.\s+)?$")
_TITLE_AFTER = re.compile(r"\s+(?:envoy|ambassador|representative|delegate|mission|delegation)\b")


def venue_before(text: str, word_start: int) -> bool:
    return _VENUE_BEFORE.search(text[max(0, word_start - 60):word_start].lower()) is not None


def title_after(text: str, end: int) -> bool:
    return _TITLE_AFTER.match(text, end) is not None


# "under heavy protection from", "protected by", "guarded by": the protected act's escort.
_PROTECTION = re.compile(r"\b(?:protection\s+(?:from|of|by)|protected\s+by|guarded\s+by|escort\s+of)\s+(?:the\s+)?$")


def protection_before(text: str, word_start: int) -> bool:
    return _PROTECTION.search(text[max(0, word_start - 40):word_start].lower()) is not None


# A sentence whose subject is "He" or "She" (an adverb or auxiliary aside): the person told before.
PRONOUN_SUBJECT = re.compile(r"^\s*(?:he|she)\s+(?:(?:also|later|then|further|again|has|had|is|was|repeatedly|"
                             r"sharply|strongly|openly)\s+)*$", re.IGNORECASE)


# "Relatives of the detained activists", "the besieged city", "its jailed leader": a participle
# between a determiner and its noun describes someone; it is not the clause's act (issue 11).
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "these", "those", "all", "other"})
_NOT_NOUN_AFTER = frozenset({"by", "in", "at", "on", "for", "from", "with", "to", "and", "or", "as", "after", "before",
                             "during", "since", "over", "under", "into", "near", "the", "a", "an", "of", "were", "was"})


def attributive_participle(text: str, start: int, end: int) -> bool:
    """A one-word -ed trigger right after a determiner and right before a word that can be its noun."""
    key = text[start:end]
    if " " in key or not key.lower().endswith(("ed", "en")):  # "the jailed activists", "the stolen ballots"
        return False
    before = text[max(0, start - 12):start]
    m = re.search(r"([A-Za-z]+)\s+$", before)
    if m is None or m.group(1).lower() not in _DETERMINERS:
        return False
    n = re.match(r"\s+([A-Za-z][\w'’-]*)", text[end:end + 30])
    return n is not None and n.group(1).lower() not in _NOT_NOUN_AFTER

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

# Words of sequence between two acts of one subject («... قبل أن تعتقلهما», «... ثم اعتقلوه»), in the
# matching form; the verb right after one starts a predicate of its own. Not «بعد أن»: what came
# before is often another's act («اعتقلت الشرطة شاباً بعد أن هاجم دورية»).
_SEQUENCE_BEFORE_VERB = re.compile(r"(?:^|\s)(?:و|ف)?(?:ثم|قبل ان|قبلما)\s+$")


def sequence_before(text: str, start: int, verb_start: int) -> bool:
    """A word of sequence («ثم», «قبل أن») right before the verb that starts at `verb_start`."""
    return _SEQUENCE_BEFORE_VERB.search(text, max(start, verb_start - 12), verb_start) is not None
# «نظيره», «نظيرته»: the counterpart of the subject.
COUNTERPART = "نظير"

_OBJECT_SUFFIXES = ("ه", "ها", "هم", "هما")
# An object pronoun on a preposition after the verb («معه», «له», «عليهم»).
_PRONOUN_ON_PREPOSITION = re.compile(r"(?:^|\s)(?:و|ف)?(?:مع|ل|الي|علي|ب|ضد|عن)(?:ه|ها|هم|هما)(?=$|[\s.,،])")
# The feminine and plural object pronouns that a required object noun may carry («عضويتها»).
NOUN_OBJECT_SUFFIXES = ("ها", "هم", "هما")
# Verbs that introduce the agent of an attack noun («قصف نفّذه مسلحو ...», «غارة شنّها ...»).
AGENT_VERBS = frozenset({"نفذه", "نفذته", "نفذها", "شنه", "شنته", "شنها", "شنوه", "نفذوه", "شنوها", "شنتها", "نفذوها",
                         "نفذتها", "اطلقه", "اطلقته", "اطلقها", "اطلقتها", "اطلقوه", "اطلقوها", "زرعه", "زرعها",
                         "زرعته", "زرعتها", "زرعوها", "فجره", "فجرها", "تبناه", "تبنته", "تبناها", "تبنتها"})
# Relative pronouns between a noun and its relative clause («الهجوم الذي شنته حماس»).
RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين"})
# «ل» / «لل» right on an attack noun introduces its agent («قصف لقوات الدعم السريع»).
AGENT_PROCLITICS = ("ل", "لل")
# Adjectives of an attack noun that may stand between it and «ل» + its agent («قصف جوي لقوات النظام»).
ATTACK_MODIFIERS = frozenset({"جوي", "جويه", "مدفعي", "مدفعيه", "صاروخي", "صاروخيه", "عنيف", "عنيفه", "مكثف",
                              "مكثفه", "جديد", "جديده", "متواصل", "متواصله", "بري", "بريه", "بحري", "بحريه"})
# «من» right after an attack noun and its modifiers introduces its agent («بقصف من قوات النظام»).
AGENT_FROM = "من"
# «تم»/«جرى» + masdar: the impersonal passive («تم اعتقال ...»).
IMPERSONAL_PASSIVE = frozenset({"تم", "وتم", "يتم", "ويتم", "جري", "وجري", "يجري"})
_DAMMA = "\u064f"
_IMPERFECT_PREFIXES = ("ي", "ت", "ن")


def perfect_verb(word: str) -> bool:
    """A perfect (past) verb form in the matching form: no imperfect prefix («قصفت», not «تقصف»;
    a perfect of measure V or VI, «تبنى», is missed, which only keeps a rule from applying)."""
    return bool(word) and word[:1] not in _IMPERFECT_PREFIXES


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


def passive_without_agent(text: str, original_word: str, word_start: int, word: str = "") -> bool:
    """A masdar after «تم»/«جرى» («تم اعتقال»), a past verb written with its passive damma («اعتُقل»,
    «قُتل», «أُفرج»; `original_word` is the trigger word as written, with diacritics), or a verb whose
    undotted spelling is passive anyway («اغتيل», «أصيب»: `word`, the matching form)."""
    if previous_word(text, word_start) in IMPERSONAL_PASSIVE:
        return True
    if word in INHERENT_PASSIVES:
        return True
    return _DAMMA in original_word[:5] and original_word[:1] not in _IMPERFECT_PREFIXES


# Passive (or intransitive, victim-subject) verbs whose spelling needs no diacritics to show it: the
# hollow verbs' passives «اغتيل» (active «اغتال»), «أصيب» (active «أصاب»), and «استشهد».
INHERENT_PASSIVES = frozenset({
    "اغتيل", "اغتيلا", "اغتيلوا", "اغتيلت", "واغتيل", "اصيب", "اصيبا", "اصيبوا", "اصيبت", "واصيب", "واصيبا",
    "واصيبوا", "واصيبت", "استشهد", "استشهدا", "استشهدوا", "استشهدت", "واستشهد", "يصاب", "تصاب",
})
# Casualty words after which the next noun is always the one hit («أصيب عنصران», «مقتل جنديين»).
PATIENT_MARKERS = frozenset({
    "اصيب", "اصيبا", "اصيبوا", "اصيبت", "واصيب", "استشهد", "استشهدا", "استشهدوا", "واستشهد", "مقتل", "ومقتل",
    "بمقتل", "اصابه", "واصابه", "باصابه", "استشهاد", "باستشهاد", "واستشهاد", "تحييد", "مصرع", "سقوط", "اغتيال",
    "باغتيال", "اغتيل", "اغتيلا", "اغتيلوا", "تعرض", "تعرضت", "تعرضوا", "تعرضا", "يتعرض", "تتعرض",
})


# Words that tell what happened to someone or somewhere (a fall, a blast, an occurrence), not what a
# speaker did: «أعلن الجيش سقوط قذائف» reports, «أعلن الجيش شن غارات» claims.
OCCURRENCE_WORDS = PATIENT_MARKERS | frozenset({"وقوع", "انفجار", "بانفجار", "سقوط", "وسقوط", "مقتل", "اصابه"})


# Attack nouns whose genitive is the one hit, not the doer («اغتيال هنية», «استهداف المدنيين»).
VICTIM_GENITIVE_NOUNS = PATIENT_MARKERS | frozenset({"استهداف", "باستهداف", "واستهداف", "لاستهداف", "قتل", "بقتل",
                                                     "وقتل", "خطف", "اختطاف", "باختطاف", "اعتقال", "باعتقال"})


def accusative_plural(text: str, a: ActorMention) -> bool:
    """A people or role noun in the sound masculine plural or dual -ين (accusative or genitive:
    «فلسطينيين», «مسلحين», «جنديين»), never the nominative -ون/-ان that a subject takes."""
    if a.kind not in ("people", "role"):
        return False
    return text[a.start:a.end].split(" ")[0].endswith("ين")

# --------------------------------------------------------------------------------------------
# Datelines and credits (credits.py), on the original text

# Words of an outlet's name or a credit that a dateline may hold besides places («وكالات», «نيوز»).
CREDIT_WORDS = frozenset({
    "وكالات", "وكالة", "الوكالات", "الأنباء", "للأنباء", "انباء", "أنباء", "نيوز", "برس", "خاص", "خاص-", "اليوم",
    "تايمز", "بوست", "نت", "أونلاين", "الإخبارية", "الاخبارية", "الإخباري", "مراسل", "مراسلنا", "مراسلة",
    "مكتب", "موقع", "شبكة", "قناة", "صحيفة", "وكالة الأنباء", "-", "–", "—",
})
# Lines that only credit the story («المصدر: وكالات», «حرره: ا.ش»).
CREDIT_LINE_STARTS = (r"المصدر\s*:", r"المصادر\s*:", r"مصدر الخبر\s*:", r"حرره\s*:", r"تحرير\s*:", r"إعداد\s*:",
                      r"اعداد\s*:", r"ترجمة\s*:", r"تصوير\s*:")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669]+")


def is_short_outlet(words: str) -> bool:
    """One to three Arabic words before a dash at the head of a story («القيامة - », «شفق نيوز/»,
    «وكالات - »): the outlet credits itself."""
    tokens = words.split()
    return 1 <= len(tokens) <= 3 and all(_ARABIC_WORD.fullmatch(t) for t in tokens)


def is_credit_phrase(words: str) -> bool:
    """Arabic words among which one is a credit word («بلدي نيوز», «خاص العالم»)."""
    return any(t in CREDIT_WORDS for t in words.split())

# Number words between a casualty word and the ones it counts («مقتل ثلاثة جنود», «تحييد عدد من»).
COUNT_WORDS = frozenset({
    "عدد", "من", "عدد من", "ثلاثه", "اربعه", "خمسه", "سته", "سبعه", "ثمانيه", "تسعه", "عشره", "اثنين", "اثنان",
    "عشرات", "مئات", "نحو", "حوالي", "قرابه", "اكثر", "اقل", "ما", "لا", "يقل", "عن", "عشرين", "ثلاثين",
})
# Prepositions that put a place or a country as the venue («في», «قرب»).
VENUE_PREPOSITIONS = frozenset({"في", "فى", "قرب", "داخل", "بمدينه", "بمحافظه", "بمنطقه", "وسط", "شمال", "جنوب",
                                "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي"})
_COMPLEMENTIZERS = frozenset({"ان", "بان", "وان", "لان", "انه", "انها"})


def after_complementizer(text: str, pos: int) -> bool:
    """«إن مسلحين مجهولين هاجموا ...»: the subject of «أنّ/إنّ» is in the accusative."""
    return previous_word(text, pos) in _COMPLEMENTIZERS

# Definite nouns by which a speaking body refers to itself («قالت الأمم المتحدة إن المنظمة أرسلت»).
SELF_NOUNS = frozenset({"المنظمه", "الوزاره", "الهيئه", "الوكاله", "القياده", "الحركه", "الجماعه", "التنظيم",
                        "الحزب", "الرئاسه", "الحكومه", "البعثه", "الشركه"})
_PRONOUN_SUFFIXES = ("ها", "هم", "هما", "هن")


def has_pronoun_suffix(word: str, last_original_char: str) -> bool:
    """A word with a third-person pronoun suffix («أنها», «وحداته», «بلاده», «له»). In the matching form
    ta marbuta is «ه» too, so a final «ه» counts only when the original letter is «ه» («دورية» is no
    «دوري+ه») and the word has the shape of a noun or particle with the pronoun («اتجاه» has none)."""
    if word.endswith(_PRONOUN_SUFFIXES) and len(word) > 3:
        return True
    if not word.endswith("ه") or last_original_char != "ه":
        return False
    return word in _WITH_PRONOUN or word.endswith(_NOUN_WITH_PRONOUN)


_WITH_PRONOUN = frozenset({"انه", "بانه", "وانه", "له", "لديه", "عليه", "منه", "فيه", "عنه", "معه", "لانه"})
_NOUN_WITH_PRONOUN = ("اته", "وده", "اده", "ائه", "اله", "يته")

# Direction words that make the following country or capital a location («شمال غربي باكستان»).
DIRECTION_WORDS = frozenset({
    "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "جنوبى", "شمالى", "شرقى", "غربى", "وسط",
    "بوسط", "شمالا", "جنوبا", "شرقا", "غربا", "ضواحي", "اطراف", "محيط", "بمحيط", "ريف", "بريف", "جنوب شرقي",
    "شمال شرقي", "جنوب غربي", "شمال غربي",
})
NEGATIONS = frozenset({"لم", "لا", "لن", "ولم", "ولا", "دون", "بدون"})

# Partitives between a casualty word and the ones hit («أصيب عنصران من الشرطة», «مقتل أحد أفراد»).
COUNT_WORDS = COUNT_WORDS | frozenset({"عنصر", "عنصران", "عنصرين", "عناصر", "افراد", "احد", "منهم", "بينهم",
                                       "اثنين", "اثنان", "ثلاثه", "جنديين"})
_COUNTED = frozenset(COUNT_WORDS - {"من", "عن", "ما", "لا", "يقل"})


def object_form(text: str, m, words_between: list[str]) -> bool:  # noqa: ANN001
    """A noun in the accusative after its verb: indefinite with «ا» («مدنيا», «شخصا», «مواطنا»), or
    counted («ثلاثة أشخاص»)."""
    word = text[m.word_start:arabic_word_end(text, m.end)]
    if word.endswith("ا") and len(word) > 3:
        return True
    return bool(words_between) and (words_between[-1] in _COUNTED or words_between[-1].isdigit())

# Nouns whose complement is a place («طريق بغداد», «مطار دمشق», «جامعة بغداد», «ريف حلب»).
PLACE_HEADS = frozenset({
    "طريق", "شارع", "مطار", "ميناء", "جامعه", "محافظه", "ولايه", "مدينه", "بلده", "قريه", "حي", "منطقه", "ساحه",
    "مدخل", "مخرج", "سجن", "مستشفي", "مشفي", "جسر", "معبر", "سوق", "فندق", "ملعب", "نادي", "بطريق", "بمطار",
    "بجامعه", "لجامعه", "ومطار", "وطريق", "قلب", "بقلب", "عاصمه", "سماء", "اجواء", "شوارع", "احياء", "احد",
    "محافظات", "مدن", "مناطق", "منطقتي", "مدينتي", "بمحافظات",
})

# Word beginnings (matching form) whose «و» is the word's own first letter, not the conjunction: after
# a comma they open an apposition («سامح شكري، وزير الخارجية،») or a noun phrase (coding.py).
WAW_INITIAL_WORDS = frozenset({"وزير", "وزراء", "وزار", "وكيل", "وكال", "ولي العهد", "ولاي", "وفد", "واشنطن", "وحد",
                               "وسيط", "وسط", "والي", "وطني", "وطنيه"})
# Possessive suffixes on a role noun that point back at the subject («قواتها», «جنوده»).
POSSESSIVE_SUFFIXES = frozenset({"ها", "هم", "ه", "هما"})
# Square and street words (matching form): a far gazetteer place named by one, or after one, is
# the square's or street's own name («ميدان التحرير», «ساحة الشهداء», «شارع بغداد»; entities.py).
STREET_WORDS = frozenset({
    "ميدان", "بميدان", "وميدان", "لميدان", "الميدان", "ساحه", "بساحه", "وساحه", "لساحه", "شارع", "بشارع", "وشارع",
    "لشارع", "دوار", "بدوار", "ودوار", "جاده", "بجاده", "حي", "بحي", "وحي",
})

# Function words that are no given name («في المصري», «من العراقي»).
FUNCTION_WORDS = frozenset({
    "في", "فى", "من", "الي", "علي", "عن", "مع", "بعد", "قبل", "ان", "انه", "انها", "ما", "لا", "لم", "لن", "قد",
    "هو", "هي", "هذا", "هذه", "ذلك", "تلك", "كل", "بين", "حول", "ضد", "لدي", "عند", "منذ", "حتي", "او", "ثم", "بل",
    "غير", "سوي", "عبر", "نحو", "و", "ف", "ب", "ل", "يا", "اي", "قال", "وقال", "قالت", "وقالت", "اكد", "واكد",
})


def is_arabic_word(word: str) -> bool:
    return bool(_ARABIC_WORD.fullmatch(word))
# Words after which a news outlet is the one spoken to («لـ سانا», «لوكالة»).
ADDRESSEE_WORDS = frozenset({"ل", "لـ", "لوكاله", "لقناه", "لصحيفه", "لموقع"})

# Verb endings that carry a plural or dual subject («هاجموا», «قصفتا», «اغتالا»): the noun after is the object.
_SUBJECT_SUFFIXES = ("وا", "ون", "تا", "نا", "تم", "ا")


def has_subject_suffix(verb: str) -> bool:
    return len(verb) > 3 and verb.endswith(_SUBJECT_SUFFIXES)
# Verbs by which an outlet carries someone else's statement («في بيان نقلته وكالة سونا»).
CARRIER_VERBS = frozenset({"نقلته", "نقلتها", "نقله", "نقلها", "بثته", "بثتها", "نشرته", "نشرتها", "اوردته", "اوردتها"})

# Words that introduce what caused a casualty («استشهد ... بنيران قوات الاحتلال», «جراء قصف طائرات
# الجيش»): the party right after them is the attacker, not the one hit.
CAUSE_WORDS = frozenset({"بنيران", "برصاص", "بقصف", "بغاره", "بغارات", "بقذيفه", "بقذائف", "بصاروخ", "بصواريخ",
                         "بهجوم", "بمسيره", "بطائره"})
_CAUSE_LEADS = frozenset({"جراء", "اثر", "في", "خلال", "بسبب", "نتيجه", "اثناء"})
_CAUSE_NOUNS = frozenset({"قصف", "غاره", "غارات", "نيران", "رصاص", "قذائف", "قذيفه", "هجوم", "هجمات", "استهداف",
                          "اطلاق", "ضربه", "ضربات"})


def after_cause_word(text: str, pos: int) -> bool:
    """The word before `pos` names the cause of a casualty: «بنيران», «برصاص», or an attack noun after
    «جراء»/«إثر»/«في» («جراء قصف», «في غارة»)."""
    word = previous_word(text, pos)
    if word in CAUSE_WORDS:
        return True
    if word not in _CAUSE_NOUNS:
        return False
    i = pos
    while i > 0 and text[i - 1] == " ":
        i -= 1
    lead = previous_word(text, i - len(word))
    return lead in _CAUSE_LEADS or lead in CAUSE_WORDS

# Words that put a place inside the next one («حي العامرية غربي بغداد», «مديرية المنصورة بمدينة عدن»).
_WITHIN_WORDS = DIRECTION_WORDS | frozenset({"بمدينه", "بمحافظه", "بولايه", "بمنطقه", "بريف", "بقضاء", "بمديريه",
                                             "في مدينه", "في محافظه", "في ولايه", "بضواحي", "قرب", "بالقرب من", "في"})
_WITHIN_REACH = 4  # words from the first place's end to the second


def places_it_within(text: str, first_end: int, second_start: int) -> bool:
    """The place starting at `second_start` is said to contain the one ending at `first_end`: a
    direction or place-head word right before it, a few words after the first."""
    between = text[first_end:second_start]
    if len(between.split()) > _WITHIN_REACH or any(ch in between for ch in ".،,؛;:"):
        return False
    word = previous_word(text, second_start)
    return word in _WITHIN_WORDS or " ".join(between.split()[-2:]) in _WITHIN_WORDS

AIRCRAFT_STEMS = _AIRCRAFT_STEMS = ("طائر", "طاير", "مسير", "صاروخ", "صواريخ", "مقاتل", "درون")


def is_aircraft(words: str) -> bool:
    """A weapon phrase that names a drone, an aircraft or a missile («طائرة مسيّرة», «صاروخ»)."""
    return any(stem in words for stem in _AIRCRAFT_STEMS)


# Settlement nouns an attack lands on with a name the gazetteer may not know («على بلدة حولا»,
# «قرى في ريف منبج»), in the matching form; with the object proclitics they may carry.
SETTLEMENT_NOUNS = frozenset({"بلده", "بلدات", "بلدتي", "قريه", "قري", "قريتي", "مدينه", "مدن", "مخيم", "حي",
                              "احياء", "مواقع", "موقع", "منطقه", "مناطق", "اراضي", "منازل", "منزل"})


# The words of a subject noun phrase before its country nisba: a head noun and nisba adjectives
# («الغارات الجوية الإسرائيلية», «طائرة عسكرية إسرائيلية», «المندوب الإيراني»), in the matching form.
_NISBA_ENDINGS = ("ي", "يه", "يين", "يون", "يان", "يتان", "يات")


def subject_phrase_head(words: list[str]) -> bool:
    """`words` (between a verb, or an agent cue, and a country nisba) are one head noun followed by
    nisba adjectives only: the nisba qualifies the subject's own noun."""
    if not words or len(words) > 3:
        return False
    head = words[0].strip(".,،\"'«»")
    if not head or head in OBJECT_PREPOSITIONS or head in VENUE_PREPOSITIONS or head in FUNCTION_WORDS:
        return False
    if any(head.startswith(p) and len(head) > len(p) + 2 for p in ("ب", "ل", "وب", "ول")) and not head.startswith("ال"):
        return False  # «بالغارات», «للقوات»: an object, not the subject
    return all(w.strip(".,،\"'«»").endswith(_NISBA_ENDINGS) for w in words[1:])


# The same in Arabic (matching form): «المندوب الإيراني لدى الأمم المتحدة», «خلال جلسة طارئة لمجلس
# الأمن», «أمام الجمعية العامة».
_VENUE_WORDS_BEFORE = frozenset({"لدي", "لدى", "امام", "جلسه", "اجتماع", "اجتماعات", "قمه", "اروقه", "دورة", "دوره"})


def venue_before(text: str, word_start: int) -> bool:
    words = [w.strip(".,،\"'«»") for w in text[max(0, word_start - 40):word_start].split()][-3:]
    return any(w in _VENUE_WORDS_BEFORE or w.removeprefix("و").removeprefix("ب").removeprefix("ل") in _VENUE_WORDS_BEFORE
               for w in words)


# «تحت حماية», «وسط حماية مشددة من», «بحماية» (matching form): the protected act's escort.
_PROTECTION = re.compile(r"(?:^|\s)(?:و|ب|وب)?(?:حمايه|بحمايه|حراسه)(?:\s+\S+)?(?:\s+من)?\s*$")


def protection_before(text: str, word_start: int) -> bool:
    return _PROTECTION.search(text[max(0, word_start - 30):word_start]) is not None


# Strike and weapon nouns that head an attacking subject («الغارات الجوية الإسرائيلية»), matching form.
STRIKE_NOUNS = frozenset({"غارات", "غاره", "ضربات", "ضربه", "قصف", "مدفعيه", "بوارج", "زوارق", "دبابات", "قوات", "وحدات",
                          "قذائف", "صواريخ", "مقاتلات", "مروحيات", "طيران", "سلاح"})

# Heads of a subject that stand for a state's organ when a nisba follows («المندوب الإيراني», «الأجهزة
# الأمنية المصرية», «السلطات التونسية»), matching form without the article.
ACTING_HEADS = frozenset({"مندوب", "مندوبه", "سفير", "سفيره", "مبعوث", "ممثل", "اجهزه", "سلطات", "حكومه", "رئاسه",
                          "خارجيه", "داخليه", "شرطه", "قوات", "وحدات", "دوريات", "دوريه", "بعثه", "وفد"})

# First letters of an object proclitic written apart from a quoted name («لـ«حزب الله»», «بـ"داعش"»).
DETACHED_PROCLITIC_STARTS = frozenset({"ل", "و", "ف", "ب"})


# «خلال الزيارة», «أثناء اللقاء», «على هامش القمة» (matching form): the noun after them is when an act
# happened, not the act.
_TIME_FRAME = re.compile(r"(?:^|\s)[وف]?(?:خلال|اثناء|على\s+هامش|علي\s+هامش)\s+$")


def after_time_frame(text: str, word_start: int) -> bool:
    """The word at `word_start` follows a time-frame word («خلال», «أثناء», «على هامش»)."""
    return _TIME_FRAME.search(text[max(0, word_start - 16):word_start]) is not None

"""Arabic verb forms from stem tables: a small conjugator for the forms wire copy uses.

An entry names the verb by its perfect and imperfect (third person masculine singular, ordinary
spelling; a doubled verb is written with its shadda: «شنّ», «احتلّ») and its measure (I–X). From
those two stems come the perfect and imperfect of the third persons (singular, dual, plural, both
genders) and the first person plural, the jussive/subjunctive plural («لم يعتقلوا»), the passive
(«قُتل», «هوجم», «قيل», «دُعي»; «يُقتل», «يُقال»), the verbal noun (derived measures by rule; measure I
and weak verbs name theirs) with its plural, and the active and passive participles with their
feminine and plural endings. Diacritics are not written: the matcher compares letters only. The
proclitics (و ف ب ل س ال) and pronoun suffixes are the matcher's business, not this module's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MEASURES = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")
_SHADDA = "\u0651"


class StemError(ValueError):
    """A verb entry whose stems do not fit its measure or class."""


def bare(word: str) -> str:
    return _DIACRITICS.sub("", word)


def verb_class(pf: str, measure: str) -> str:
    """sound | doubled | hollow | defective_w | defective_y, from the written perfect."""
    if pf.endswith(_SHADDA) or (measure == "I" and len(bare(pf)) == 2):
        return "doubled"
    stem = bare(pf)
    if stem.endswith("ى"):
        return "defective_y"
    if stem.endswith("ا"):
        return "defective_w"
    if measure in ("I", "IV", "VII", "VIII", "X") and len(stem) >= 3 and stem[-2] == "ا":
        return "hollow"
    return "sound"


def _with_n(stem: str, suffix: str) -> str:
    """A suffix starting with «ن» after a stem ending in «ن» shares the letter («شننّا», «أدنّ»)."""
    if stem.endswith("ن") and suffix.startswith("ن"):
        return stem + suffix[1:]
    return stem + suffix


def perfect(pf: str, cls: str) -> list[str]:
    """3ms, 3fs, 3md, 3fd, 3mp, 3fp, 1p."""
    s = bare(pf)
    if cls == "doubled":
        undone = s + s[-1]  # «شنّ» + «نا» → «شننّا» written «شننا»; «ردّ» → «رددن»
        return [s, s + "ت", s + "ا", s + "تا", s + "وا", _with_n(undone, "ن"), _with_n(undone, "نا")]
    if cls == "hollow":
        short = s[:-2] + s[-1]
        return [s, s + "ت", s + "ا", s + "تا", s + "وا", _with_n(short, "ن"), _with_n(short, "نا")]
    if cls == "defective_w":
        b = s[:-1]
        return [s, b + "ت", b + "وا", b + "تا", b + "وا", b + "ون", b + "ونا"]
    if cls == "defective_y":
        b = s[:-1]
        return [s, b + "ت", b + "يا", b + "تا", b + "وا", b + "ين", b + "ينا"]
    return [s, s + "ت", s + "ا", s + "تا", s + "وا", _with_n(s, "ن"), _with_n(s, "نا")]


def imperfect(ipf: str, cls: str) -> list[str]:
    """3ms, 3fs, 3md, 3fd, 3mp, 3mp jussive/subjunctive, 3fp, 1p, and the short jussive of weak verbs."""
    s = bare(ipf)
    if not s.startswith("ي"):
        raise StemError(f"imperfect «{ipf}» does not start with «ي»")
    st = s[1:]
    if cls in ("defective_w", "defective_y") and st[-1] in "ويى":
        b = st[:-1]
        long = st[-1]
        if long == "و":
            forms = ["ي" + st, "ت" + st, "ي" + st + "ان", "ت" + st + "ان", "ي" + b + "ون", "ي" + b + "وا",
                     "ي" + b + "ون", "ن" + st]
        else:
            dual = b + "يان"
            forms = ["ي" + st, "ت" + st, "ي" + dual, "ت" + dual, "ي" + b + "ون", "ي" + b + "وا",
                     "ي" + b + "ين", "ن" + st]
        return forms + ["ي" + b, "ت" + b]  # «لم يلتقِ», «لم تدعُ»
    forms = ["ي" + st, "ت" + st, "ي" + st + "ان", "ت" + st + "ان", "ي" + st + "ون", "ي" + st + "وا", "ن" + st]
    if cls == "hollow" and len(st) >= 3 and st[-2] in "اوي":
        short = st[:-2] + st[-1]
        forms += ["ي" + short, "ت" + short]  # «لم يزرْ», «لم تعدْ» (the feminine plural is rare in news)
    else:
        forms.append("ي" + _with_n(st + (st[-1] if cls == "doubled" else ""), "ن"))
    return forms


def passive_perfect(pf: str, measure: str, cls: str) -> str | None:
    """The passive perfect's letters where they differ from the active («هوجم», «قيل», «دعي»)."""
    s = bare(pf)
    if cls == "hollow":
        return s[:-2] + "ي" + s[-1]
    if cls in ("defective_w", "defective_y"):
        return s[:-1] + "ي"
    if measure == "III" and len(s) == 4 and s[1] == "ا":
        return s[0] + "و" + s[2:]
    if measure == "VI" and len(s) == 5 and s[2] == "ا":
        return s[:2] + "و" + s[3:]
    return None


def passive_imperfect(ipf: str, cls: str) -> str | None:
    """«يُقال», «يُدان», «يُدعى»: the passive imperfect where it differs from the active."""
    s = bare(ipf)
    if cls == "hollow" and len(s) >= 4 and s[-2] in "وي":
        return s[:-2] + "ا" + s[-1]
    if cls in ("defective_w", "defective_y") and s[-1] in "وي":
        return s[:-1] + "ى"
    return None


def _passive_paradigm(ppf: str) -> list[str]:
    """3ms, 3fs, 3mp, 3fp of a passive perfect ending in «ي» or a consonant."""
    if ppf.endswith("ي"):
        b = ppf[:-1]
        return [ppf, ppf + "ت", ppf + "ا", b + "وا", ppf + "نا"]
    return [ppf, ppf + "ت", ppf + "ا", ppf + "وا"]


def derived_masdar(pf: str, measure: str, cls: str) -> list[str]:
    """The verbal noun of a derived measure by rule (sound and doubled verbs; weak ones name theirs)."""
    s = bare(pf)
    if cls in ("hollow", "defective_w", "defective_y") or measure == "I":
        return []
    if cls == "doubled":
        if measure in ("IV", "VII", "VIII", "X"):
            head = "إ" + s[1:] if measure == "IV" and s[0] in "أا" else s
            return [head + "ا" + s[-1]]
        return []
    if measure == "II":
        return ["ت" + s[:-1] + "ي" + s[-1]]
    if measure == "III":
        return ["م" + s + "ة"]
    if measure == "IV":
        return ["إ" + s[1:-1] + "ا" + s[-1]]
    if measure in ("V", "VI"):
        return [s]
    if measure in ("VII", "VIII", "X"):
        return [s[:-1] + "ا" + s[-1]]
    return []


def participles(pf: str, ipf: str, measure: str, cls: str) -> tuple[list[str], list[str]]:
    """(active, passive) participle stems, masculine singular."""
    s, i = bare(pf), bare(ipf)
    if measure == "I":
        if cls == "sound" and len(s) == 3:
            return [s[0] + "ا" + s[1:]], ["م" + s[:2] + "و" + s[2]]
        if cls == "hollow":
            return [s[0] + "ائ" + s[2]], []
        if cls == "defective_w":
            return [s[0] + "ا" + s[1]], ["م" + s[:2] + "و"]
        if cls == "defective_y":
            return [s[0] + "ا" + s[1]], ["م" + s[:2] + "ي"]
        if cls == "doubled":
            return [s[0] + "ا" + s[1]], []
        return [], []
    st = i[1:]
    if cls in ("defective_w", "defective_y"):
        return [], []  # «ملتقٍ», «مستدعى»: rare as triggers; an entry lists such nouns itself
    active = ["م" + st]
    passive_stem = passive_imperfect(ipf, cls)
    passive = ["م" + passive_stem[1:]] if passive_stem else ["م" + st]
    return active, passive


def noun_inflections(noun: str) -> list[str]:
    """A participle or verbal noun with its feminine, dual and plural endings (sound plurals)."""
    if noun.endswith("ة"):
        return [noun, noun[:-1] + "ات", noun[:-1] + "تان", noun[:-1] + "تين"]
    if noun.endswith(("ى", "ي")) and len(noun) > 3:
        return [noun]
    return [noun, noun + "ة", noun + "ون", noun + "ين", noun + "ان", noun + "ات"]


def dual_forms(noun: str) -> list[str]:
    """The dual of a one-word noun in «ة» («غارة» → «غارتان», «غارتين»: "two raids" is as much a
    report as "raids"); none for other nouns or phrases."""
    if " " in noun or not noun.endswith("ة") or len(noun) < 3:
        return []
    return [noun[:-1] + "تان", noun[:-1] + "تين"]


def masdar_inflections(masdar: str) -> list[str]:
    """A verbal noun with its sound plural and, in «ة», its dual («اعتقال» → «اعتقالات», «مفاوضة» →
    «مفاوضات», «مفاوضتين»); short verbal nouns of measure I («قتل», «شنّ») have none."""
    if masdar.endswith("ة"):
        return [masdar, masdar[:-1] + "ات", *dual_forms(masdar)]
    if masdar.endswith(("ى", "ا", "ء")) or len(bare(masdar)) < 4:
        return [masdar]
    return [masdar, masdar + "ات"]


def conjugate(spec: dict) -> dict[str, list[str]]:
    """All forms of one verb entry: {"verb": [...], "passive": [...], "nominal": [...]}.

    spec: {"pf": "اعتقل", "ipf": "يعتقل", "measure": "VIII"} plus optional "masdar" (list; required
    for measure I and weak verbs when a noun is wanted), "passive" (default true), "participles"
    ("none" by default; "both", "active" or "passive"),
    "exclude" (generated forms to drop: words that are mostly something else)."""
    pf, ipf = spec["pf"], spec["ipf"]
    measure = spec.get("measure", "I")
    if measure not in MEASURES:
        raise StemError(f"unknown measure {measure!r}")
    cls = spec.get("class") or verb_class(pf, measure)
    verb = perfect(pf, cls) + imperfect(ipf, cls)
    passive: list[str] = []
    if spec.get("passive", True):
        ppf = passive_perfect(pf, measure, cls)
        if ppf:
            passive += _passive_paradigm(ppf)
        pipf = passive_imperfect(ipf, cls)
        if pipf:
            passive += [pipf, "ت" + pipf[1:]]
    nominal: list[str] = []
    # An explicit list (even empty: «احتلال» is mostly the name for an occupying power) wins over the rule.
    masdars = list(spec["masdar"]) if "masdar" in spec else derived_masdar(pf, measure, cls)
    for m in masdars:
        nominal += masdar_inflections(m)
    # Participles are opt-in: many are ordinary nouns too («موقع» site, «مقاتل» fighter, «مطلق» absolute).
    which = spec.get("participles", "none")
    if which != "none":
        active, passive_p = participles(pf, ipf, measure, cls)
        if which in ("both", "active"):
            for p in active:
                nominal += noun_inflections(p)
        if which in ("both", "passive"):
            for p in passive_p:
                nominal += noun_inflections(p)
    exclude = set(spec.get("exclude") or ())
    out = {"verb": _unique(verb, exclude), "passive": _unique(passive, exclude), "nominal": _unique(nominal, exclude)}
    return out


def _unique(forms: Iterable[str], exclude: set[str]) -> list[str]:
    return [f for f in dict.fromkeys(forms) if f and f not in exclude]

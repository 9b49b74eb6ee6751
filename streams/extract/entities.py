"""Stage 5: entities. One dictionary scan, then countries, places (disambiguated by the article's
countries and population), and actors: dictionary actors, role nouns with their country
(«الرئيس الروسي» -> RUSGOV, «وزير الدفاع التركي» -> TURMIL, "the Israeli army" -> ISRMIL),
counterparts («نظيره التركي»), capitals used for their government, bare countries (weak)."""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Any

from streams.extract.context import ActorMention, Doc, PlaceMention, arabic_word_end, previous_word, replace
from streams.extract.credits import credit_spans, inside
from streams.extract.lang import ar, en
from streams.extract.matching import Match
from streams.extract.resources import Resources
from streams.models import Actor, CountryMention, Geo, Place

# Entity kinds, highest priority first: of overlapping matches the leftmost, then longest, then the
# kind first here is the entity (the compiled core applies it, see `load_core`).
ENTITY_KINDS = ("mask", "actor", "country", "region", "cadj", "people", "role", "place")
_ACTOR_KIND = {"cadj": "adjective", "country": "country", "people": "people"}
_JOIN_GAP = re.compile(r"^[\s,،]*$")
_POSSESSIVE_GAP = re.compile(r"^(?:'s)?\s*$")
_EN_LIST_GAP = re.compile(r"^\s*(?:,|and|,\s*and)\s*$")
_OF_GAP = re.compile(r"^\s+of\s+(?:the\s+)?$")
# «في مدينة طرابلس», "the city of Tripoli": a capital named as a place is not its government.
_PLACE_NOUNS = frozenset({"مدينه", "بمدينه", "العاصمه", "بالعاصمه", "بلده", "ومدينه", "city", "town", "capital"})
_RIVER_WORDS = frozenset({"نهر", "لنهر", "ونهر", "بنهر", "river"})
_PREPOSITIONS = frozenset({"في", "فى", "من", "عن", "قرب", "داخل", "in", "at", "from", "near", "inside"})
# Before these a country or a capital is where something happened («شمال غربي باكستان», «جنوبي
# بغداد», «وسط دمشق», "southwestern Pakistan", "north of Baghdad"), not a party.
_LOCATIVE = frozenset(ar.DIRECTION_WORDS | en.DIRECTION_WORDS)
# Nouns whose complement is a place («طريق بغداد», «مطار دمشق», "Kabul airport" is handled by the
# gazetteer's longer names): the capital after them is that place, not its government.
_PLACE_HEADS = frozenset(ar.PLACE_HEADS)


_start_of_mention = itemgetter(0)  # ActorMention.start, PlaceMention.start


# "Salisbury": the English city of that name, not Harare, whose old name GeoNames lists among its
# variants; a place's own English name (an ASCII key equal to the lowercased name) outranks another
# place's variant spelling by this much in the compiled place choice.
_OWN_NAME = 10.0


def _far_street_word(text: str, m: Match, place: Any, article_countries: set[str]) -> bool:
    """«ميدان رمسيس», «ساحة الشهداء», «كمينا»: in Arabic a place of a country the article names nowhere
    else is no place when its name is a square or street word («ميدان» is also Medan in Indonesia),
    when it names the square or street after such a word («ساحة الشهداء» in Beirut is not the Egyptian
    town Ash Shuhada; «شارع بغداد» is no Baghdad), or when it is read through the proclitic «ك»
    («كمينا», an ambush, is not Minna in Nigeria)."""
    if place.country in article_countries:
        return False
    word = text[m.word_start:arabic_word_end(text, m.end)]
    return word in ar.STREET_WORDS or previous_word(text, m.word_start) in ar.STREET_WORDS \
        or text[m.word_start:m.start].startswith("ك")


_BI_OBJECT_REACH = 4  # words back from the «ب» word to the verb (VSO: the subject and an adverb between)


def _governed_by_trigger(text: str, word_start: int, trigger_ends: set[int]) -> bool:
    """«اعترفت إسبانيا رسمياً بدولة فلسطين», «أشاد الوزير بمصر»: a country with «ب» a few words after
    a verbal act, within its clause, is the act's object, not a place («ب» = in)."""
    pos = word_start
    for _ in range(_BI_OBJECT_REACH):
        i = pos
        while i > 0 and text[i - 1] == " ":
            i -= 1
        if i in trigger_ends:
            return True
        word = previous_word(text, pos)
        if not word or word in _PREPOSITIONS or not word[-1].isalpha():
            return False  # punctuation or another preposition: another phrase
        pos = i - len(word)
    return False


# Next to «عمان»/«تونس»: the capital of that name, not the country (the compiled core reads them).
_CAPITAL_WORDS = frozenset({"العاصمه", "بالعاصمه", "والعاصمه", "capital"})


def _unnamed_armed(text: str, entities: list[Match], i: int, j: int, n: int, role: Any, resources: Resources,
                   actors: list[ActorMention], on: str | None) -> tuple[ActorMention | None, int]:
    """A perpetrator named only by description («مسلحون مجهولون», «انتحاري», "gunmen", "a suicide
    bomber"): an actor of its sector with no country, unless its group is named with it («مسلحون من
    تنظيم داعش», "gunmen from al-Shabaab", "Boko Haram militants": the group) or a plural nationality
    follows («مسلحون صوماليون»). Returns the mention (or None) and the next entity index."""
    m = entities[i]
    if i > 0 and entities[i - 1].kind == "actor" and m.entry.script == "en" and not text[entities[i - 1].end:m.word_start].strip() \
            and actors and actors[-1].start == entities[i - 1].start:
        return None, j  # "Boko Haram militants": the group already stands for them
    if j < n:
        nxt = entities[j]
        gap = text[m.end:nxt.word_start]
        if nxt.kind == "actor" and resources.actors[nxt.entry.ref].type != "person" and _MEMBER_OF.match(gap + nxt.prefix):
            entry = resources.actors[nxt.entry.ref]
            code, sector = _actor_code(entry, on)
            return ActorMention(m.start, nxt.end, m.word_start, entry.name, code, entry.country, sector, True, entry.type,
                                (f"role:{role.id}", f"actor:{entry.id}")), j + 1
        if nxt.kind == "people" and not gap.strip():
            iso3 = nxt.entry.ref
            return ActorMention(m.start, nxt.end, m.word_start, f"{resources.country_names.get(iso3, iso3)} {role.title}",
                                iso3 + role.sector, iso3, role.sector, True, "role", (f"role:{role.id}", f"country:{iso3}")), j + 1
    if role.region is not None:  # 'Western governments', 'world leaders': several countries, none named
        return ActorMention(m.start, m.end, m.word_start, role.title, role.region + role.sector, None, role.sector, True,
                            "role", (f"role:{role.id}", "collective")), j
    return ActorMention(m.start, m.end, m.word_start, role.title, role.sector, None, role.sector, True, "role",
                        (f"role:{role.id}", "unnamed")), j


# Between a description of armed men and the group they belong to (the group's own proclitic «ل»
# included): «مسلحون من تنظيم داعش», «مسلحين تابعين لحركة الشباب», "gunmen from al-Shabaab".
_MEMBER_OF = re.compile(r"^\s*(?:(?:من|من عناصر|ينتمون الي|ينتمون ل|تابعين|التابعين|يتبعون|يعتقد انهم ينتمون الي|يعتقد انهم من"
                        r"|يشتبه بانتمايهم الي|يرجح انهم من|from|of|belonging to|linked to|loyal to|believed to belong to"
                        r"|believed to be from|suspected of belonging to|thought to belong to)\s*(?:ل|لل)?|(?:ل|لل))?\s*$")


def _names_a_province(text: str, m: Match) -> bool:
    """"Niger state" (Nigeria), "Mexico state", "Punjab province": a province named after a country."""
    following = text[m.end:m.end + 12].split()
    return m.entry.script == "en" and bool(following) and following[0] in en.PROVINCE_WORDS


# «السلطات الأمنية الأردنية», «قوى الأمن الداخلي اللبناني», «سلاح الجو الملكي الأردني»: up to two
# definite adjectives between a role and its country's nisba qualify the role.
_QUALIFIER = re.compile(r"^ال[\u0621-\u064a]{2,}(?:ي|يه|ين|يون|ه)$")


def _qualifiers(gap: str) -> bool:
    words = gap.split()
    return 0 < len(words) <= 2 and all(_QUALIFIER.match(w) for w in words)


_DATELINE_HEAD = 400  # original characters from the start of the story in which a dateline stands


def _dateline_country(matches: list[Match], credited: list[tuple[int, int]], resources: Resources,
                      place_choice: dict[str, int], to_original: Any) -> str | None:
    """The country of the place a dateline names («دمشق - سانا», "KHAN YOUNIS (Reuters) -"): the
    dateline is no party, but says where the story was filed. A city before a country of the same
    spelling («عمّان», Amman, is «عمان», Oman, in the matching form)."""
    head = [m for m in matches if to_original(m.start) < _DATELINE_HEAD and inside(credited, to_original(m.start))]
    named = {m.start for m in head if m.kind == "actor"}  # "(Xinhua)" is an agency, not the place of that name
    # "NEW YORK (Reuters)": the region's longer name, not the English town "York" inside it.
    spans = [(m.start, m.end) for m in head if m.kind in ("place", "region")]
    head = [m for m in head if m.kind not in ("place", "region")
            or not any(s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in spans)]
    for kinds in (("place", "region"), ("country", "cadj")):
        for m in head:
            if m.kind not in kinds or m.start in named:
                continue
            if m.kind not in ("place", "region"):
                return m.entry.ref
            place = resources.places[place_choice.get(m.key, m.entry.ref)]
            if place.country:
                return place.country
    return None


def _main_country(countries: list[CountryMention], place_mentions: list[PlaceMention], actors: list[ActorMention],
                  resources: Resources) -> str | None:
    """The country the article is about, when one stands out: named (as a country, an adjective or
    through its places and actors) at least twice and more often than any other."""
    counts: dict[str, int] = {}
    for c in countries:
        counts[c.iso3] = counts.get(c.iso3, 0) + 1
    for pm in place_mentions:
        iso3 = resources.places[pm.place_index].country
        if iso3:
            counts[iso3] = counts.get(iso3, 0) + 1
    for a in actors:
        if a.strong and a.country and len(a.country) == 3 and a.country not in ("IGO", "NGO") and a.kind != "people":
            counts[a.country] = counts.get(a.country, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    top, n = ranked[0]
    if n < 2 or (len(ranked) > 1 and ranked[1][1] == n):
        return None
    return top


def _locative(text: str, word_start: int) -> bool:
    """A direction word before the name («شمال غربي باكستان», "north of Baghdad"), or an apposition
    to "the capital" ("in the capital, Islamabad", «العاصمة، بغداد»)."""
    word = previous_word(text, word_start)
    if word in _LOCATIVE or word in _PLACE_HEADS:
        return True
    if word in ("of", "من") and previous_word(text, text.rfind(word, 0, word_start)) in _LOCATIVE:
        return True
    if word.endswith((",", "،")):
        return word.rstrip(",،") in _PLACE_NOUNS
    return False


def _family_name(text: str, m: Match, entities: list[Match], i: int, resources: Resources, named: set[int],
                 on: str | None, doc: Doc) -> ActorMention | None:
    """A definite masculine nisba that is a family name, not a country: after a given name («محمد
    شياع السوداني», «أحمد المصري»: an indefinite noun cannot take a definite adjective), or standing
    for a person the article (or, at the head of a sentence, the dictionary) knows by that surname
    («السوداني يزور واشنطن»). Returns the person's mention (code "" when the person is unknown), or
    None when the word is the adjective it looks like («الرئيس السوداني», «الجانب السوداني»)."""
    if m.key.startswith("ال"):
        word = m.key
    elif m.entry.stem:
        word = "ال" + m.key  # «للسوداني»
    else:
        return None  # indefinite («صحفي سوداني», «وزير إسرائيلي»): an adjective, never a family name
    if not word.endswith("ي"):
        return None  # «السودانية», «السودانيين»: agreement with a noun or a people
    prev = previous_word(text, m.word_start)
    if i > 0 and entities[i - 1].end >= len(text[:m.word_start].rstrip()) and entities[i - 1].kind != "actor":
        return None  # right after a role, country or place: its adjective
    if "ال" in prev[:4] or not prev or not ar.is_arabic_word(prev):
        definite_before = True
    else:
        definite_before = False
    candidates = resources.surnames.get(word, ())
    person = next((k for k in candidates if k in named), None)
    sentence_head = _at_sentence_head(text, m.word_start, doc)
    if person is None and len(candidates) == 1 and (sentence_head or _after_cue(doc, m.word_start)) \
            and _active(resources.actors[candidates[0]], on):
        person = candidates[0]
    if person is not None and (not definite_before or sentence_head or prev in ar.FUNCTION_WORDS):
        entry = resources.actors[person]
        code, sector = _actor_code(entry, on)
        return ActorMention(m.start, m.end, m.word_start, entry.name, code, entry.country, sector, True, "person",
                            (f"actor:{entry.id}", "surname"))
    if not definite_before and prev not in ar.FUNCTION_WORDS and not _after_cue(doc, m.word_start):
        return ActorMention(m.start, m.end, m.word_start, "", "", None, None, False, "person", ("surname",))
    return None


def _agency_aside(text: str, m: Match, doc: Doc) -> bool:
    """A news outlet named as the one a source spoke to ("told AFP", «قال ... لوكالة فرانس برس»,
    «في حديث لـ سانا») or as the employer of a witness ("an AFP photographer saw"): neither a party
    nor the claimant (an outlet that reports, «أفادت وكالة سانا», stays)."""
    if doc.lang == "ar":
        return "ل" in m.prefix or previous_word(text, m.word_start) in ar.ADDRESSEE_WORDS
    if previous_word(text, m.word_start) in en.ADDRESSEE_WORDS:
        return True
    following = text[m.end:m.end + 40].split()
    return bool(following) and following[0].strip(",.") in en.WITNESS_WORDS


def _at_sentence_head(text: str, pos: int, doc: Doc) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?؟\n:\"'"


def _after_cue(doc: Doc, pos: int) -> bool:
    """Right after a reporting verb or a trigger («قال السوداني», «التقى السوداني»): its subject."""
    text = doc.norm.text  # type: ignore[union-attr]
    i = pos
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return any(x.end == i and x.kind in ("attr_verb", "trigger") for x in doc.matches) if doc.matches else False


def _active(entry: Any, on: str | None) -> bool:
    """The person holds one of the dictionary's roles on the day (or has no dated roles)."""
    if not entry.roles or not on:
        return True
    return any((r.get("from") or "0000") <= on <= (r.get("to") or "9999") for r in entry.roles)


def _credit_mentions(entities: list[Match], resources: Resources, to_original: Any, end_to_original: Any) -> list[tuple[int, int, str]]:
    """The entity matches a dateline may consist of (places, countries, outlets) and the ones it may
    not (actors, roles), in original offsets."""
    out = []
    for m in entities:
        kind = m.kind
        if kind in ("country", "cadj", "people"):
            kind = "country"
        elif kind == "actor":
            kind = "outlet" if resources.actors[m.entry.ref].sector == "MED" else "actor"
        elif kind not in ("place", "region", "role"):
            continue
        out.append((to_original(m.start), end_to_original(m.end), kind))
    return out


def _actor_code(entry: Any, on: str | None) -> tuple[str, str | None]:
    """Dictionary code, or the role's code when `on` (ISO date) falls in a role's range."""
    if on:
        for role in entry.roles:
            start, end = role.get("from") or "0000", role.get("to") or "9999"
            if start <= on <= end and role.get("code"):
                return role["code"], role.get("sector")
    return entry.code, entry.sector


def load_core(resources: Resources) -> Any:
    """The compiled selection over the matches (`run` calls its `select` once per article) with this
    module's kind priorities and capital words and the resources' actors, places and triggers."""
    from streams import _engine

    object_with_bi = resources.groups.object_with_bi
    return _engine.Entities(
        list(ENTITY_KINDS),
        [a.country for a in resources.actors],
        [(p.country, p.population, p.capital_of, p.name.lower()) for p in resources.places],
        [t.cameo[:2] in object_with_bi for t in resources.triggers],
        sorted(_CAPITAL_WORDS),
        _OWN_NAME,
    )


def run(doc: Doc, resources: Resources) -> Doc:
    norm = doc.norm
    assert norm is not None
    text = norm.text
    matches = doc.hits  # scan order
    core = resources.entities if resources.entities is not None else load_core(resources)
    # Compiled (streams._engine.Entities, without the GIL): the entity matches (leftmost, longest,
    # then by kind priority; «عمان»/«تونس» as the capital where the text says so), the countries the
    # article names, the gazetteer entry for each place name (the article's countries first, then
    # capitals and size), the ends of the Arabic verbs that take their object with «ب», and the
    # match index.
    entities, article_countries, place_choice, trigger_ends, sorted_matches, match_starts, match_index = \
        core.select(text, matches)
    on = doc.published.isoformat() if doc.published else None

    actors: list[ActorMention] = []
    place_mentions: list[PlaceMention] = []
    countries: list[CountryMention] = []
    n = len(entities)

    to_original, end_to_original = norm.to_original, norm.end_to_original

    def country_run(i: int) -> tuple[list[str], int]:
        """Countries/adjectives directly following entity i, several when joined by و/and/commas
        («القوات التركية والروسية», «وزراء دفاع روسيا وسوريا وتركيا»)."""
        found: list[str] = []
        j = i + 1
        prev_end = entities[i].end
        while j < n:
            m = entities[j]
            gap = text[prev_end:m.word_start]
            if m.kind == "people" and not found and not gap.strip() and m.entry.script == "ar" and not m.prefix:
                # «مستوطنون إسرائيليون», «جنود لبنانيين»: the plural nisba agrees with the plural role
                found.append(m.entry.ref)
                prev_end = m.end
                j += 1
                break
            if m.kind not in ("country", "cadj") or any(c in m.prefix for c in "بلك"):
                break  # «الحكومة الكويتية بمصر», «جنود بمالي»: a country after a preposition is no role's
            qualified = not found and m.kind == "cadj" and m.entry.script == "ar" and _qualifiers(gap)
            if not found and gap.strip() and not qualified:
                break  # "state media, Tehran ...": a comma ends the role phrase
            if not (_JOIN_GAP.match(gap) or qualified or (found and gap.strip() in ("and", ","))):
                break
            if not found and m.kind == "country" and m.entry.script == "ar" and text.startswith("ال", entities[i].start) \
                    and not text.startswith("ال", m.start):
                break  # «وطالبت الوزارة إسرائيل بـ»: a definite noun takes no genitive; the country is the object
            if found and m.kind == "country" and entities[j - 1].kind == "cadj" and not gap.strip() \
                    and not m.prefix.startswith("و"):
                break  # «اتهمت الحكومة العراقية تركيا ...»: a bare country after the adjective is the object
            found.append(m.entry.ref)
            prev_end = m.end
            j += 1
        return found, j

    # Datelines, bylines and agency credits name no party and no place of the events.
    credited = credit_spans(doc.original, _credit_mentions(entities, resources, to_original, end_to_original))
    dateline_country = None
    if credited:
        dateline_country = _dateline_country(matches, credited, resources, place_choice, to_original)
        entities = [m for m in entities if not inside(credited, to_original(m.start))]
        n = len(entities)
    for i, m in enumerate(entities):
        if m.kind in ("country", "cadj", "people"):
            s, e = to_original(m.start), end_to_original(m.end)
            countries.append(CountryMention(doc.original[s:e], m.entry.ref, s, e))
        elif m.kind in ("place", "region"):
            if m.kind == "place" and previous_word(text, m.word_start) in _RIVER_WORDS:
                continue  # «نهر دنيبرو», "the Dnipro river" is no city
            index = place_choice.get(m.key, m.entry.ref)
            if m.kind == "place" and m.entry.script == "ar" and _far_street_word(text, m, resources.places[index], article_countries):
                continue
            place_mentions.append(PlaceMention(m.start, m.end, m.word_start, index))

    named = {m.entry.ref for m in entities if m.kind == "actor"}
    i = 0
    while i < n:
        m = entities[i]
        if m.kind == "actor":
            entry = resources.actors[m.entry.ref]
            if entry.sector == "MED" and _agency_aside(text, m, doc):
                i += 1
                continue  # "told AFP", «لوكالة فرانس برس», "an AFP photographer": no party to the story
            code, sector = _actor_code(entry, on)
            actors.append(ActorMention(m.start, m.end, m.word_start, entry.name, code, entry.country, sector,
                                       True, entry.type, (f"actor:{entry.id}",)))
            i += 1
            continue
        if m.kind == "role":
            role = resources.roles[m.entry.ref]
            found: list[str] = []
            j = i + 1
            start_override = None
            # English: "Russian President", "Turkey's army", "Iranian state media" (country just before)
            if m.entry.script == "en" and i > 0 and entities[i - 1].kind in ("country", "cadj", "people"):
                prev = entities[i - 1]
                if _POSSESSIVE_GAP.match(text[prev.end:m.word_start]) and actors and actors[-1].start == prev.start and not actors[-1].strong:
                    actors.pop()
                    found = [prev.entry.ref]
                    start_override = prev.start
                    k = i - 2
                    while k >= 0 and entities[k].kind in ("country", "cadj") and _EN_LIST_GAP.match(text[entities[k].end:entities[k + 1].word_start]) \
                            and actors and actors[-1].start == entities[k].start and not actors[-1].strong:
                        actors.pop()
                        found.insert(0, entities[k].entry.ref)
                        start_override = entities[k].start
                        k -= 1
            if not found:
                found, j = country_run(i)
            # English "president of Russia"
            # ... or "families of Israeli hostages", "the parents of Kenyan students"
            if not found and j < n and entities[j].kind in ("country", "cadj", "people") and _OF_GAP.match(text[m.end:entities[j].word_start]):
                found, j = [entities[j].entry.ref], j + 1
            # Capital as the seat of government: «سلطات دمشق»
            if not found and j < n and entities[j].kind == "place" and not text[m.end:entities[j].word_start].strip():
                place = resources.places[place_choice.get(entities[j].key, entities[j].entry.ref)]
                if place.capital_of:
                    found, j = [place.capital_of], j + 1
            start = start_override if start_override is not None else m.start
            word_start = start if start_override is not None else m.word_start
            end = entities[j - 1].end if j > i + 1 else m.end
            default = not found and role.country is not None
            if default:
                found = [role.country]  # «مستوطنون»: the role's own country when the text names none
            if role.anaphor and not found:
                i = j
                continue  # «الرئيسان المصري والتركي»: with their countries the dual names both sides
            if role.standalone and not found:
                unnamed, i = _unnamed_armed(text, entities, i, j, n, role, resources, actors, on)
                if unnamed is not None:
                    actors.append(unnamed)
                continue
            # A named person right after the role: «الرئيس الروسي فلاديمير بوتين»
            # A group after a role with its country is the object («حذر وزير الدفاع الإسرائيلي حزب الله»).
            if j < n and entities[j].kind == "actor" and _JOIN_GAP.match(text[end:entities[j].word_start]) and len(text[end:entities[j].word_start]) <= 2 \
                    and not (found and resources.actors[entities[j].entry.ref].type != "person"):
                entry = resources.actors[entities[j].entry.ref]
                code, sector = _actor_code(entry, on)
                if not entry.code or (found and entry.country and entry.country != found[0]):
                    code, sector = found[0] + role.sector, role.sector
                actors.append(ActorMention(start, entities[j].end, word_start, entry.name, code, entry.country or (found[0] if found else None),
                                           sector, True, entry.type, (f"role:{role.id}", f"actor:{entry.id}")))
                i = j + 1
                continue
            if found:
                for iso3 in found:
                    sector = role.sector
                    actors.append(ActorMention(start, end, word_start, f"{resources.country_names.get(iso3, iso3)} {role.title}",
                                               iso3 + sector, iso3, sector, True, "role",
                                               (f"role:{role.id}", f"{'role-country' if default else 'country'}:{iso3}")))
                i = j
                continue
            # «جيش بلاده»: the speaker's country, resolved when the event is assembled.
            after = text[m.end:m.end + 8]
            if after.lstrip().startswith(("بلاده", "بلادها")):
                actors.append(ActorMention(m.start, m.end + after.index("بلاد") + 5, m.word_start, role.title, "", None,
                                           role.sector, True, "role", (f"role:{role.id}", "anaphor:بلاده"), needs_country=True))
            i = j if j > i + 1 else i + 1
            continue
        if m.kind == "mask":
            i += 1  # «ريال مدريد», "Paris Saint-Germain": a club, neither a capital nor a country
            if i < n and entities[i].kind == "cadj" and not text[m.end:entities[i].word_start].strip():
                i += 1  # «الهلال السعودي», «ريال مدريد الإسباني»: the club's nationality
            continue
        if m.kind in ("country", "cadj", "people"):
            iso3 = m.entry.ref
            if m.kind == "country" and (_locative(text, m.word_start) or _names_a_province(text, m)):
                i += 1
                continue
            if m.kind == "cadj" and m.entry.script == "ar":
                person = _family_name(text, m, entities, i, resources, named, on, doc)
                if person is not None:
                    if person.code:
                        actors.append(person)
                    i += 1
                    continue  # «محمد شياع السوداني»/«السوداني يزور واشنطن»: a man's name, not Sudan
            if m.kind in ("cadj", "people") or (m.prefix not in ("ب", "وب", "فب") and previous_word(text, m.word_start) not in _PREPOSITIONS) \
                    or (m.prefix in ("ب", "وب", "فب") and _governed_by_trigger(text, m.word_start, trigger_ends)):
                if m.kind == "people":
                    # «تظاهر آلاف الإسرائيليين», "killing three Palestinians": a people is the country's public.
                    actors.append(ActorMention(m.start, m.end, m.word_start, f"{resources.country_names.get(iso3, iso3)} civilians",
                                               iso3 + "CVL", iso3, "CVL", False, "people", (f"{m.kind}:{iso3}",)))
                else:
                    actors.append(ActorMention(m.start, m.end, m.word_start, resources.country_names.get(iso3, iso3), iso3, iso3,
                                               None, False, _ACTOR_KIND[m.kind], (f"{m.kind}:{iso3}",)))
        elif m.kind == "place":
            place = resources.places[place_choice.get(m.key, m.entry.ref)]
            if place.capital_of and m.prefix not in ("ب", "وب", "فب") and previous_word(text, m.word_start) not in _PREPOSITIONS \
                    and previous_word(text, m.word_start) not in _PLACE_NOUNS and not _locative(text, m.word_start):
                actors.append(ActorMention(m.start, m.end, m.word_start, f"{place.name} (government)", place.capital_of + "GOV",
                                           place.capital_of, "GOV", False, "capital", (f"capital:{place.name}",)))
        i += 1

    # Public entity lists (original offsets).
    named: list[Actor] = []
    seen_named: set[tuple[int, int]] = set()
    original = doc.original
    for a in actors:
        if a.kind in ("person", "organization", "group", "igo"):
            s, e = to_original(a.start), end_to_original(a.end)
            if (s, e) not in seen_named:
                seen_named.add((s, e))
                named.append(Actor(original[s:e], a.name, a.code, a.country, a.sector, s, e))  # `to_actor`
    places: list[Place] = []
    for pm in place_mentions:
        places.append(to_place(doc.original, norm, pm, resources))
    actors.sort(key=_start_of_mention)
    # "Turkish and Russian forces": an adjective listed before a role or body shares its sector.
    for k in range(len(actors) - 2, -1, -1):
        a, b = actors[k], actors[k + 1]
        if a.kind == "adjective" and b.strong and b.sector and b.country and a.country != b.country \
                and _EN_LIST_GAP.match(text[a.end:b.word_start]):
            actors[k] = a._replace(code=(a.country or "") + b.sector, sector=b.sector, strong=True, kind="role",
                                   why=a.why + (f"list-with:{b.code}",))
    # «المستشار الألماني فريدريش ميرتس»: a country adjective right before a named person of that
    # country describes the person; it is not a second actor.
    actors = [a for a, b in zip(actors, actors[1:] + [None])
              if not (b is not None and a.kind == "adjective" and b.kind == "person" and a.country == b.country
                      and not text[a.end:b.word_start].strip())]
    place_mentions.sort(key=_start_of_mention)
    return replace(
        doc,
        dateline_country=dateline_country,
        main_country=_main_country(countries, place_mentions, actors, resources),
        matches=sorted_matches,
        match_starts=match_starts,
        match_index=match_index,
        actors=tuple(actors),
        actor_starts=tuple(map(_start_of_mention, actors)),
        place_mentions=tuple(place_mentions),
        place_starts=tuple(map(_start_of_mention, place_mentions)),
        countries=tuple(countries),
        places=tuple(places),
        named_actors=tuple(named),
        article_countries=frozenset(article_countries),
    )


def to_actor(original: str, norm: Any, a: ActorMention) -> Actor:
    s, e = norm.to_original(a.start), norm.end_to_original(a.end)
    return Actor(original[s:e], a.name, a.code, a.country, a.sector, s, e)


def to_place(original: str, norm: Any, pm: PlaceMention, resources: Resources) -> Place:
    entry = resources.places[pm.place_index]
    s, e = norm.to_original(pm.start), norm.end_to_original(pm.end)
    geo = Geo(entry.lat, entry.lon) if entry.lat is not None and entry.lon is not None else None
    return Place(original[s:e], entry.name, entry.country, geo, entry.geonameid, s, e)

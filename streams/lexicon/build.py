"""Build the trigger tables from the hand-written lexicon (see the package docstring).

    eventwire dictionary build     # rewrite streams/dictionaries/triggers_{ar,en}.jsonl
    eventwire dictionary check     # fail when they are not what a build would write
    eventwire dictionary stats     # entries, generated forms and CAMEO codes per language

Every line of a source file is validated; a malformed one stops the build with its file and line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path

from streams.extract.resources import DICTIONARY_DIR, DictionaryError, read_cameo_codes, read_jsonl
from streams.lexicon import arabic, english

LANGS = ("ar", "en")
SOURCES = {lang: f"events_{lang}.jsonl" for lang in LANGS}
OUTPUTS = {lang: f"triggers_{lang}.jsonl" for lang in LANGS}
CONFIG = "lexicon.json"
ENTRY_SOURCES = frozenset({"cameo-definition", "wire-usage", "legacy"})
_COMMON_KEYS = {"id", "cameo", "source", "kind", "mode", "recip", "weak", "defer", "needs", "unless", "reach", "forms",
                "nominal", "exclude", "note", "implies", "object_events"}
_KEYS = {
    "en": _COMMON_KEYS | {"verbs", "nouns", "light"},
    "ar": _COMMON_KEYS | {"verbs", "nouns", "light"},
}
_AR_VERB_KEYS = {"pf", "ipf", "measure", "masdar", "passive", "participles", "exclude", "class"}
_GENERATOR = "streams.lexicon.build/1"


def _fail(path: Traversable, line: int, reason: str) -> DictionaryError:
    return DictionaryError(path.name, line, reason)


def _strings(value, path: Traversable, line: int, field: str) -> list[str]:  # noqa: ANN001
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, line, f"`{field}` must be a list of non-empty strings")
    return value


def load_config(directory: Traversable = DICTIONARY_DIR) -> dict:
    path = directory / CONFIG
    try:
        config = json.loads(path.read_text("utf-8"))
    except ValueError as exc:
        raise DictionaryError(CONFIG, getattr(exc, "lineno", None), str(exc)) from exc
    for lang in LANGS:
        for name, words in config["objects"][lang].items():
            _strings(words, path, 0, f"objects.{lang}.{name}")
    return config


def _expand_needs(words: list[str], lang: str, config: dict, path: Traversable, line: int) -> list[str]:
    out: list[str] = []
    for word in words:
        if word.startswith("@"):
            group = config["objects"][lang].get(word[1:])
            if group is None:
                raise _fail(path, line, f"unknown object class {word}")
            out += group
        else:
            out.append(word)
    if lang == "en":
        # Needs match at word starts ("prisoner" also finds "prisoners"); irregular plurals are added.
        out += [p for w in list(out) for p in english.plural_of(w) if not p.startswith(w)]
    else:
        out += [d for w in list(out) for d in arabic.dual_forms(w)]  # «شنّ ... غارتين»
    return list(dict.fromkeys(out))


def _arabic_verb(spec, path: Traversable, line: int) -> dict[str, list[str]]:  # noqa: ANN001
    if not isinstance(spec, dict) or not {"pf", "ipf"} <= spec.keys() or not spec.keys() <= _AR_VERB_KEYS:
        raise _fail(path, line, f"an Arabic verb needs `pf` and `ipf` and may have {sorted(_AR_VERB_KEYS - {'pf', 'ipf'})}: {spec!r}")
    try:
        return arabic.conjugate(spec)
    except arabic.StemError as exc:
        raise _fail(path, line, str(exc)) from exc


def _generate(row: dict, lang: str, config: dict, path: Traversable, line: int) -> tuple[list[str], list[str], list[str]]:
    """(verb forms, noun forms that take the article, passive-only verb forms) of an entry's `verbs`
    and `nouns`. Generated forms on the stop list (lexicon.json) or the entry's `exclude` list are
    dropped; literal `forms`/`nominal` stay."""
    literal_forms = list(row.get("forms", ()))
    literal_nominal = list(row.get("nominal", ()))
    if lang == "ar":
        literal_nominal += [d for n in literal_nominal for d in arabic.dual_forms(n)]
    forms: list[str] = []
    nominal: list[str] = []
    passive: list[str] = []
    if lang == "en":
        for lemma in row.get("verbs", ()):
            forms += english.verb_forms(lemma)
        for noun in row.get("nouns", ()):
            forms += english.noun_forms(noun)
    else:
        for spec in row.get("verbs", ()):
            made = _arabic_verb(spec, path, line)
            forms += made["verb"]
            passive += made["passive"]
            nominal += made["nominal"]
        nominal += row.get("nouns", ())
    stop = set(config.get("stop_forms", {}).get(lang, ())) | set(row.get("exclude", ()))
    clean = lambda items: [f for f in items if f not in stop]  # noqa: E731
    unique = lambda items: list(dict.fromkeys(items))  # noqa: E731
    return unique(literal_forms + clean(forms)), unique(literal_nominal + clean(nominal)), unique(clean(passive))


def _light_entries(row: dict, lang: str, config: dict, path: Traversable, line: int) -> list[dict]:
    """A light-verb group («شنّ» + «غارات/هجوماً», "hold" + "rally/protest") is a verb that codes only
    with one of its objects close after it: every form of the verbs, the objects as `needs` within the
    group's reach (VSO Arabic puts the subject in between: «شنّت طائرات إسرائيلية غارات»)."""
    out = []
    for n, group in enumerate(row.get("light", ()), 1):
        if not isinstance(group, dict) or set(group) - {"verbs", "objects", "reach"} or not {"verbs", "objects"} <= set(group):
            raise _fail(path, line, "`light` items are {\"verbs\": [...], \"objects\": [...], \"reach\": characters}")
        objects = _strings(group["objects"], path, line, "light.objects")
        forms: list[str] = []
        nominal: list[str] = []
        for verb in group["verbs"]:
            if lang == "en":
                if not isinstance(verb, str):
                    raise _fail(path, line, "English light verbs are lemmas")
                forms += english.verb_forms(verb)
            else:
                made = _arabic_verb(verb, path, line)
                forms += made["verb"] + made["passive"]
                nominal += made["nominal"]  # «شنّ غارات» read as a verbal noun, «فرض العقوبات»
        reach = group.get("reach", config["light_reach"][lang])
        if not isinstance(reach, int) or reach <= 0:
            raise _fail(path, line, "`reach` is a positive number of characters")
        entry = {"id": f"{row['id']}/{n}", "forms": list(dict.fromkeys(forms)),
                 "needs": _expand_needs(objects, lang, config, path, line), "reach": reach}
        if nominal:
            entry["nominal"] = list(dict.fromkeys(nominal))
        out.append(entry)
    return out


def validate_source_row(row, lang: str, codes: set[str], path: Traversable, line: int) -> None:  # noqa: ANN001
    if not isinstance(row, dict):
        raise _fail(path, line, "an entry is a JSON object")
    unknown = set(row) - _KEYS[lang]
    if unknown:
        raise _fail(path, line, f"unknown field(s) {sorted(unknown)}")
    if not isinstance(row.get("id"), str) or not row["id"].startswith(lang + "."):
        raise _fail(path, line, f"`id` must be a string starting with {lang!r}.")
    if row.get("cameo") not in codes:
        raise _fail(path, line, f"`cameo` {row.get('cameo')!r} is not a code in cameo.tsv")
    if row.get("source") not in ENTRY_SOURCES:
        raise _fail(path, line, f"`source` must be one of {sorted(ENTRY_SOURCES)}")
    if row.get("kind", "verb") not in ("verb", "noun"):
        raise _fail(path, line, "`kind` is verb or noun")
    for field in ("forms", "nominal", "needs", "unless", "exclude"):
        if field in row:
            _strings(row[field], path, line, field)
    if lang == "en":
        for field in ("verbs", "nouns"):
            if field in row:
                _strings(row[field], path, line, field)
    elif "nouns" in row:
        _strings(row["nouns"], path, line, "nouns")
    if "reach" in row and (not isinstance(row["reach"], int) or row["reach"] <= 0 or not row.get("needs")):
        raise _fail(path, line, "`reach` is a positive number of characters for the entry's `needs`")
    for flag in ("recip", "weak", "defer"):
        if flag in row and not isinstance(row[flag], bool):
            raise _fail(path, line, f"`{flag}` is true or false")
    if not any(row.get(f) for f in ("forms", "nominal", "verbs", "nouns", "light")):
        raise _fail(path, line, "an entry needs forms, verbs, nouns or light phrases")
    if "implies" in row:
        implied = row["implies"]
        if not isinstance(implied, dict) or set(implied) != {"cameo", "roles"} or implied["cameo"] not in codes:
            raise _fail(path, line, "`implies` is {\"cameo\": a code in cameo.tsv, \"roles\": [role ids]}")
        _strings(implied["roles"], path, line, "implies.roles")
    if "object_events" in row:
        roots = _strings(row["object_events"], path, line, "object_events")
        if not all(len(r) == 2 and r.isdigit() for r in roots):
            raise _fail(path, line, "`object_events` lists two-digit CAMEO roots")


def build_language(lang: str, directory: Traversable = DICTIONARY_DIR, config: dict | None = None) -> list[dict]:
    """The generated rows of one language, the provenance line first."""
    config = config if config is not None else load_config(directory)
    codes = read_cameo_codes(directory)
    path = directory / SOURCES[lang]
    seen: dict[str, int] = {}
    rows: list[dict] = []
    for line, row in read_jsonl(path, numbered=True):
        validate_source_row(row, lang, codes, path, line)
        if row["id"] in seen:
            raise _fail(path, line, f"duplicate id {row['id']!r} (first on line {seen[row['id']]})")
        seen[row["id"]] = line
        forms, nominal, passive = _generate(row, lang, config, path, line)
        head = {"id": row["id"], "cameo": row["cameo"], "kind": row.get("kind", "verb"), "source": row["source"]}
        for key in ("mode", "recip", "weak", "defer", "implies", "object_events"):
            if row.get(key):
                head[key] = row[key]
        if row.get("unless"):
            head["unless"] = _expand_needs(row["unless"], lang, config, path, line)
        if forms or nominal or passive:
            out = dict(head)
            if row.get("needs"):
                out["needs"] = _expand_needs(row["needs"], lang, config, path, line)
                if row.get("reach"):
                    out["reach"] = row["reach"]
            out["forms"] = forms
            if nominal:
                out["nominal"] = nominal
            if passive:
                out["passive"] = passive
            rows.append(out)
        for light in _light_entries(row, lang, config, path, line):
            rows.append({**head, **light})
    provenance = {
        "generated_by": _GENERATOR,
        "from": [SOURCES[lang], CONFIG],
        "source_sha256": hashlib.sha256(path.read_bytes() + (directory / CONFIG).read_bytes()).hexdigest(),
        "entries": len(rows),
        "forms": count_forms(rows),
        "patterns": count_patterns(rows),
    }
    if lang == "en":
        from importlib.metadata import version

        provenance["lemminflect"] = version("lemminflect")
    return [{"provenance": provenance}, *rows]


def count_forms(rows: Iterable[dict]) -> int:
    """Distinct trigger forms in the matching form (what the matcher can tell apart)."""
    from streams.extract.normalize import arabic_matching_form

    keys = {arabic_matching_form(f) for r in rows for field in ("forms", "nominal", "passive") for f in r.get(field, ())}
    return len(keys)


def count_patterns(rows: Iterable[dict]) -> int:
    """Distinct (form, required object) pairs, a form with no object counting once: what the lexicon
    can code, as PETRARCH counts its verb patterns."""
    from streams.extract.normalize import arabic_matching_form

    pairs = set()
    for r in rows:
        objects = [arabic_matching_form(w) for w in r.get("needs", ())] or [""]
        for field in ("forms", "nominal", "passive"):
            for f in r.get(field, ()):
                key = arabic_matching_form(f)
                pairs.update((key, o) for o in objects)
    return len(pairs)


def render(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, separators=(", ", ": ")) + "\n" for r in rows)


def build(directory: Traversable = DICTIONARY_DIR) -> dict[str, str]:
    """lang -> the text its triggers file must have."""
    config = load_config(directory)
    return {lang: render(build_language(lang, directory, config)) for lang in LANGS}


def write(directory: Traversable = DICTIONARY_DIR) -> dict[str, bool]:
    """Rewrite the generated files; lang -> whether its file changed."""
    changed = {}
    for lang, text in build(directory).items():
        path = Path(str(directory / OUTPUTS[lang]))  # the checkout's folder, not an installed copy
        old = path.read_text("utf-8") if path.exists() else None
        changed[lang] = old != text
        if changed[lang]:
            path.write_text(text, "utf-8")
    return changed


def stale(directory: Traversable = DICTIONARY_DIR) -> list[str]:
    """The generated files that differ from a fresh build."""
    out = []
    for lang, text in build(directory).items():
        path = directory / OUTPUTS[lang]
        if not path.is_file() or path.read_text("utf-8") != text:
            out.append(OUTPUTS[lang])
    return out

"""The standing-query language: Elasticsearch query_string (Lucene) syntax, parsed by luqum and
evaluated here, in the worker, against one event or incident document at a time.

    type:CONSULT AND actor:RUSGOV
    country:(SYR OR IRQ) -type:ASSAULT
    cameo:19* AND place:"Gaza" AND confidence:>=0.8
    "phone call" Erdogan                 (bare words and phrases: the sentence and the title)
    sources:>=5 AND type:ASSAULT         (incident fields; an event has one source)

Operators: AND, OR, NOT, `-x`, `+x`, parentheses; adjacent terms are ANDed (as with
query_string's default_operator AND). A term is a word (case-insensitive; `*` and `?` wildcards),
a "phrase" (consecutive words), a comparison (`>`, `>=`, `<`, `<=`) or a range (`[a TO b]`,
`{a TO b}`, `*` open) on a numeric field. Fuzzy, proximity, boosts and regular expressions are
refused when the query is added. Fields are listed in FIELDS; Arabic words and phrases match the
pipeline's Arabic matching form («اردوغان» finds «أردوغان»).

`explain(query, view)` returns the atoms that made the document match (the alert's `why`), or
None when it does not match.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from luqum import tree
from luqum.parser import parser

# field -> what it matches, for `eventwire alert add --help` and the README
FIELDS: dict[str, str] = {
    "type": "PLOVER type (event.plover)",
    "cameo": "CAMEO code (event.cameo), e.g. 19* for every use of force",
    "root": "CAMEO root (event.cameo_root)",
    "mode": "PLOVER mode (phone, aerial, ...)",
    "quad": "quad class 1..4 (numeric)",
    "goldstein": "Goldstein score (numeric)",
    "confidence": "confidence 0..1 (numeric)",
    "modality": "asserted, negated, future, possible, conditional",
    "actor": "actor code of a source or target (RUSGOV)",
    "source": "actor code of a source",
    "target": "actor code of a target",
    "country": "ISO3 of an actor or of the location (SYR)",
    "place": "place name: the location or a place named in the sentence, either language",
    "lang": "article language(s)",
    "outlet": "the article's source (for incidents: any of its sources)",
    "text": "words of the sentence and the article title (the default field)",
    "sources": "incidents: num_sources (numeric); an event counts 1",
    "articles": "incidents: num_articles (numeric); an event counts 1",
    "mentions": "incidents: num_mentions (numeric); an event counts 1",
}
NUMERIC = frozenset({"quad", "goldstein", "confidence", "sources", "articles", "mentions"})
WORDS = frozenset({"text", "place"})  # matched word by word in normalized text
DEFAULT_FIELD = "text"
_WORD = re.compile(r"\w+", re.UNICODE)
_PATTERN_WORD = re.compile(r"[\w*?]+", re.UNICODE)  # a query word may carry wildcards


class QueryError(ValueError):
    """A query that cannot be used: a syntax error, an unknown field, an unsupported construct."""


@dataclass(frozen=True, slots=True)
class View:
    """What a query sees of a document: field -> values (strings lower-cased; numbers as floats)."""

    values: Mapping[str, tuple[Any, ...]]

    def get(self, field: str) -> tuple[Any, ...]:
        return self.values.get(field, ())


def _norm(text: str) -> str:
    from streams.extract.normalize import arabic_matching_form

    return arabic_matching_form(text).lower()


def _words(text: str | None) -> tuple[str, ...]:
    return tuple(_WORD.findall(_norm(text))) if text else ()


def _codes(actors: Any, key: str) -> list[str]:
    return [a[key] for a in actors or () if isinstance(a, Mapping) and isinstance(a.get(key), str) and a[key]]


def event_view(doc: Mapping[str, Any]) -> View:
    """The view of an event document (as on the `events` topic or indexed)."""
    event = doc.get("event") or {}
    location = doc.get("location") or {}
    sources, targets = _codes(doc.get("source_actor"), "code"), _codes(doc.get("target_actor"), "code")
    countries = _codes(doc.get("source_actor"), "country") + _codes(doc.get("target_actor"), "country")
    if location.get("country"):
        countries.append(location["country"])
    places = [location.get("name")] + [p.get("name") for p in doc.get("places") or ()] + [p.get("text") for p in doc.get("places") or ()]
    text = " ".join(t for t in ((doc.get("sentence") or {}).get("text"), doc.get("article_title")) if t)
    return _view(event, sources, targets, countries, places, text,
                 langs=[doc.get("lang")], outlets=[doc.get("article_source")], confidence=doc.get("confidence"),
                 counts={"sources": 1, "articles": 1, "mentions": 1})


def incident_view(doc: Mapping[str, Any]) -> View:
    """The view of an incident document: its best evidence plus every code, venue, source and language."""
    event = doc.get("event") or {}
    location = doc.get("location") or {}
    sources, targets = _codes(doc.get("source_actor"), "code"), _codes(doc.get("target_actor"), "code")
    countries = list(doc.get("actor_countries") or ()) + ([location["country"]] if location.get("country") else [])
    places = [location.get("name"), *(doc.get("venues") or ())]
    text = " ".join(t for t in ((doc.get("sentence") or {}).get("text"), doc.get("article_title"), *(doc.get("sentences") or ())) if t)
    view = _view(event, sources, targets, countries, places, text, langs=list(doc.get("languages") or ()),
                 outlets=list(doc.get("sources") or ()), confidence=doc.get("confidence"),
                 counts={"sources": doc.get("num_sources"), "articles": doc.get("num_articles"), "mentions": doc.get("num_mentions")})
    values = dict(view.values)
    values["actor"] = tuple(sorted(set(values["actor"]) | {c.lower() for c in doc.get("actor_codes") or ()}))
    return View(values)


def _view(event: Mapping[str, Any], sources: list[str], targets: list[str], countries: list[str], places: list[Any],
          text: str, *, langs: list[Any], outlets: list[Any], confidence: Any, counts: dict[str, Any]) -> View:
    def low(values) -> tuple[str, ...]:
        return tuple(sorted({str(v).lower() for v in values if v not in (None, "")}))

    def num(value) -> tuple[float, ...]:
        return (float(value),) if isinstance(value, (int, float)) and not isinstance(value, bool) else ()

    values: dict[str, tuple[Any, ...]] = {
        "type": low([event.get("plover")]),
        "cameo": low([event.get("cameo")]),
        "root": low([event.get("cameo_root")]),
        "mode": low([event.get("mode")]),
        "modality": low(event.get("modality") or ()),
        "quad": num(event.get("quad_class")),
        "goldstein": num(event.get("goldstein")),
        "confidence": num(confidence),
        "actor": low(sources + targets),
        "source": low(sources),
        "target": low(targets),
        "country": low(countries),
        "lang": low(langs),
        "outlet": low(outlets),
        "place": tuple(" ".join(_words(p)) for p in places if isinstance(p, str) and p),
        "text": (" ".join(_words(text)),),
    }
    for field, value in counts.items():
        values[field] = num(value)
    return View(values)


# ------------------------------------------------------------------------------------------- parsing


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    node: Any


@lru_cache(maxsize=1024)
def parse(text: str) -> Query:
    """Parse and check a query once (cached: every worker evaluates the same few queries)."""
    if not text or not text.strip():
        raise QueryError("empty query")
    try:
        node = parser.parse(text)
    except Exception as exc:  # noqa: BLE001 - luqum's ParseError, and ply raises plain exceptions too
        raise QueryError(f"cannot parse {text!r}: {exc}") from None
    _check(node, DEFAULT_FIELD)
    return Query(text, node)


def _check(node: Any, field: str) -> None:
    if isinstance(node, (tree.Fuzzy, tree.Proximity, tree.Boost, tree.Regex)):
        raise QueryError(f"{type(node).__name__.lower()} is not supported in standing queries: {node}")
    if isinstance(node, tree.SearchField):
        if node.name not in FIELDS:
            raise QueryError(f"unknown field {node.name!r}; fields: {', '.join(FIELDS)}")
        field = node.name
    if isinstance(node, (tree.Range, tree.From, tree.To)):
        if field not in NUMERIC:
            raise QueryError(f"ranges and comparisons apply to the numeric fields {', '.join(sorted(NUMERIC))}, not {field!r}")
        for bound in _bounds(node):
            if bound is not None:
                try:
                    float(bound)
                except ValueError:
                    raise QueryError(f"{bound!r} is not a number") from None
    for child in node.children:
        _check(child, field)


def _bounds(node: Any) -> tuple[str | None, ...]:
    if isinstance(node, tree.Range):
        return tuple(None if b.value == "*" else b.value for b in (node.low, node.high))
    return (None if node.a.value == "*" else node.a.value,)


# ------------------------------------------------------------------------------------------- evaluation


def explain(query: Query | str, view: View) -> list[str] | None:
    """The atoms that made `view` match (`field:value = actual`), or None when it does not."""
    parsed = parse(query) if isinstance(query, str) else query
    return _eval(parsed.node, view, DEFAULT_FIELD)


def matches(query: Query | str, view: View) -> bool:
    return explain(query, view) is not None


def _eval(node: Any, view: View, field: str) -> list[str] | None:
    if isinstance(node, tree.SearchField):
        return _eval(node.expr, view, node.name)
    if isinstance(node, (tree.Group, tree.FieldGroup)):
        return _eval(node.expr, view, field)
    if isinstance(node, (tree.AndOperation, tree.UnknownOperation)):
        why: list[str] = []
        for child in node.children:
            found = _eval(child, view, field)
            if found is None:
                return None
            why.extend(found)
        return why
    if isinstance(node, tree.OrOperation):
        for child in node.children:
            found = _eval(child, view, field)
            if found is not None:
                return found
        return None
    if isinstance(node, (tree.Not, tree.Prohibit)):
        return None if _eval(node.a, view, field) is not None else [f"not {node.a}"]
    if isinstance(node, tree.Plus):
        return _eval(node.a, view, field)
    if isinstance(node, (tree.Range, tree.From, tree.To)):
        return _range(node, view, field)
    if isinstance(node, tree.Phrase):
        return _term(node.value.strip('"'), view, field, phrase=True)
    if isinstance(node, tree.Word):
        return _term(node.value, view, field, phrase=False)
    raise QueryError(f"unsupported query element {type(node).__name__}: {node}")


def _term(value: str, view: View, field: str, *, phrase: bool) -> list[str] | None:
    actual = view.get(field)
    if field in NUMERIC:
        try:
            wanted = float(value)
        except ValueError:
            return None
        return [f"{field}:{value} = {a:g}" for a in actual if a == wanted][:1] or None
    if field in WORDS:
        words = [_norm(w) for w in _PATTERN_WORD.findall(value)]
        if not words:
            return None
        pattern = re.compile(r"(?:^| )" + r" ".join(_glob(w) for w in words) + r"(?: |$)")
        hit = next((text for text in actual if pattern.search(text)), None)
        return [f"{field}:{_quote(value, phrase)} found"] if hit is not None else None
    wanted = _norm(value)
    for candidate in actual:
        if fnmatch.fnmatchcase(candidate, wanted):
            return [f"{field}:{_quote(value, phrase)} = {candidate.upper() if field not in ('lang', 'outlet', 'modality') else candidate}"]
    return None


def _glob(word: str) -> str:
    return "".join(r"\w*" if ch == "*" else r"\w" if ch == "?" else re.escape(ch) for ch in word)


def _quote(value: str, phrase: bool) -> str:
    return f'"{value}"' if phrase else value


def _range(node: Any, view: View, field: str) -> list[str] | None:
    if isinstance(node, tree.Range):
        low, high = _bounds(node)
        include_low, include_high = node.include_low, node.include_high
    elif isinstance(node, tree.From):
        (low,), high, include_low, include_high = _bounds(node), None, node.include, True
    else:
        low, (high,), include_low, include_high = None, _bounds(node), True, node.include
    for actual in view.get(field):
        if low is not None and (actual < float(low) or (actual == float(low) and not include_low)):
            continue
        if high is not None and (actual > float(high) or (actual == float(high) and not include_high)):
            continue
        return [f"{field}:{node} = {actual:g}"]
    return None

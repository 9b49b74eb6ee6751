"""Scoring the extractor against hand-annotated gold files (`make eval`, `python -m evaluation`).

Gold and predictions share one JSONL shape: the `eventwire extract` record
(`{"article": {...}, "events": [EVENT, ...]}`), the gold article also carrying its `text`.
Scoring is a pure function of the two record lists; eval/README.md gives the annotation rules.

Within one article, predicted events are paired one-to-one with gold events of the SAME PLOVER
type (greedily, best agreement first). On the pairs ("matched events") we then score actors,
places, dates, modality and the claim source. Actors compare by country (ISO alpha-3, IGO, NGO;
the code when an actor has no country, e.g. IMGREB); a reciprocal event compares the set of all
its parties, so the order of the two sides does not matter. Predicted CAMEO 01 statements carry no
PLOVER type and are left out of the scoring.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Any, Iterable

import orjson
import typer

DEFAULT_GOLD_DIR = Path(__file__).resolve().parents[1] / "eval" / "gold"


# --------------------------------------------------------------------------------------------
# Figures


@dataclass(frozen=True, slots=True)
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True, slots=True)
class Ratio:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def __add__(self, other: "Ratio") -> "Ratio":
        return Ratio(self.correct + other.correct, self.total + other.total)

    def to_dict(self) -> dict[str, float | int]:
        return {"correct": self.correct, "total": self.total, "value": round(self.value, 4)}


@dataclass(frozen=True, slots=True)
class Disagreement:
    article_id: str
    kind: str  # missed | spurious | false_event | source | target | date | places | modality | claim
    detail: str
    text: str = ""


@dataclass(slots=True)
class LanguageReport:
    lang: str
    articles: int = 0
    gold_events: int = 0
    predicted_events: int = 0
    event_type: PRF = PRF()
    per_type: dict[str, PRF] = field(default_factory=dict)
    source_country: Ratio = Ratio()  # on matched events
    target_country: Ratio = Ratio()
    both_countries: Ratio = Ratio()
    actor_triples: PRF = PRF()  # (type, source countries, target countries)
    places: PRF = PRF()  # on matched events
    date: Ratio = Ratio()  # on matched events whose gold date is known
    modality: Ratio = Ratio()
    claim_source: Ratio = Ratio()
    no_event_articles: int = 0
    false_event_articles: int = 0
    false_events: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return self.event_type.tp

    @property
    def false_event_rate(self) -> float:
        return self.false_event_articles / self.no_event_articles if self.no_event_articles else 0.0

    def merge(self, other: "LanguageReport") -> None:
        self.articles += other.articles
        self.gold_events += other.gold_events
        self.predicted_events += other.predicted_events
        self.event_type += other.event_type
        for plover, prf in other.per_type.items():
            self.per_type[plover] = self.per_type.get(plover, PRF()) + prf
        self.source_country += other.source_country
        self.target_country += other.target_country
        self.both_countries += other.both_countries
        self.actor_triples += other.actor_triples
        self.places += other.places
        self.date += other.date
        self.modality += other.modality
        self.claim_source += other.claim_source
        self.no_event_articles += other.no_event_articles
        self.false_event_articles += other.false_event_articles
        self.false_events += other.false_events
        self.disagreements.extend(other.disagreements)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "articles": self.articles,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "matched_events": self.matched,
            "event_type": self.event_type.to_dict(),
            "per_type": {k: v.to_dict() for k, v in sorted(self.per_type.items())},
            "source_country": self.source_country.to_dict(),
            "target_country": self.target_country.to_dict(),
            "both_countries": self.both_countries.to_dict(),
            "actor_triples": self.actor_triples.to_dict(),
            "places": self.places.to_dict(),
            "date": self.date.to_dict(),
            "modality": self.modality.to_dict(),
            "claim_source": self.claim_source.to_dict(),
            "no_event_articles": self.no_event_articles,
            "false_event_articles": self.false_event_articles,
            "false_event_rate": round(self.false_event_rate, 4),
            "false_events": self.false_events,
        }


@dataclass(slots=True)
class Report:
    languages: dict[str, LanguageReport]
    overall: LanguageReport

    def to_dict(self) -> dict[str, Any]:
        return {"languages": {k: v.to_dict() for k, v in sorted(self.languages.items())},
                "overall": self.overall.to_dict()}

    def disagreements(self) -> list[Disagreement]:
        return [d for lang in sorted(self.languages) for d in self.languages[lang].disagreements]


# --------------------------------------------------------------------------------------------
# Keys


def _code_country(code: str | None) -> str | None:
    """Country part of a CAMEO-style code (RUSGOV -> RUS, IGOUNO -> IGO); None for IMG groups."""
    if not code:
        return None
    prefix = code[:3].upper()
    return None if prefix == "IMG" else prefix


def _actor_key(actor: dict[str, Any]) -> str:
    country = actor.get("country")
    if country:
        return str(country).upper()
    return str(actor.get("code") or "?").upper()


def _side(actors: Iterable[dict[str, Any]] | None) -> frozenset[str]:
    return frozenset(_actor_key(a) for a in actors or ())


def _plover(event: dict[str, Any]) -> str:
    return str((event.get("event") or {}).get("plover") or "").upper()


_ADMIN_SUFFIX = re.compile(r"[\s\-]+(governorate|province|oblast|region|district|muhafazat)$")
_ARTICLE = re.compile(r"^(al|el|ad|an|ar|as|ash|at|az)[\s\-'\u2019]+")


def _fold_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()
    text = text.replace("\u0131", "i")  # Turkish dotless i has no decomposition
    text = _ARTICLE.sub("", text)
    text = _ADMIN_SUFFIX.sub("", text)
    return re.sub(r"[^0-9a-z\u0600-\u06ff]+", "", text)


def _place_keys(event: dict[str, Any]) -> set[tuple[str | None, str]]:
    """(country, folded name) of the event's venue and places; gold places add their aliases."""
    keys: set[tuple[str | None, str]] = set()
    for place in _places_of(event):
        keys.add((place.get("country"), _fold_name(str(place["name"]))))
    return keys


def _places_of(event: dict[str, Any]) -> list[dict[str, Any]]:
    location = event.get("location")
    candidates = ([location] if location else []) + list(event.get("places") or ())
    seen: set[tuple[str | None, str]] = set()
    places = []
    for place in candidates:
        if not place.get("name"):
            continue
        key = (place.get("country"), _fold_name(str(place["name"])))
        if key not in seen:  # the venue may also be listed among the places
            seen.add(key)
            places.append(place)
    return places


def _place_counts(gold: dict[str, Any], pred: dict[str, Any]) -> PRF:
    """One-to-one: a predicted place matches a gold place of the same country by name or alias."""
    remaining = [(p.get("country"), _fold_name(str(p["name"]))) for p in _places_of(pred)]
    tp = 0
    for place in _places_of(gold):
        names = {_fold_name(str(n)) for n in [place["name"], *(place.get("aliases") or ())]}
        hit = next((k for k in remaining if k[0] == place.get("country") and k[1] in names), None)
        if hit is not None:
            remaining.remove(hit)
            tp += 1
    return PRF(tp, len(remaining), len(_places_of(gold)) - tp)


def _effective_date(event: dict[str, Any]) -> str | None:
    """The event's date; a prediction without one falls back to its @timestamp (the indexed time)."""
    if event.get("date"):
        return str(event["date"])[:10]
    stamp = event.get("@timestamp")
    return str(stamp)[:10] if stamp else None


def _modality(event: dict[str, Any]) -> frozenset[str]:
    values = frozenset((event.get("event") or {}).get("modality") or ("asserted",))
    return values or frozenset({"asserted"})


def _claim_key(event: dict[str, Any]) -> str | None:
    claim = event.get("claim_source")
    if not claim:
        return None
    if claim.get("country"):
        return str(claim["country"]).upper()
    return _code_country(claim.get("code")) or (str(claim.get("code")).upper() if claim.get("code") else None)


def _actors_right(gold: dict[str, Any], pred: dict[str, Any]) -> tuple[bool, bool]:
    gs, gt = _side(gold.get("source_actor")), _side(gold.get("target_actor"))
    ps, pt = _side(pred.get("source_actor")), _side(pred.get("target_actor"))
    if gold.get("reciprocal"):
        same = (gs | gt) == (ps | pt)
        return same, same
    return gs == ps, gt == pt


def _triples_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if _plover(gold) != _plover(pred):
        return False
    gs, gt = _side(gold.get("source_actor")), _side(gold.get("target_actor"))
    ps, pt = _side(pred.get("source_actor")), _side(pred.get("target_actor"))
    if (gs, gt) == (ps, pt):
        return True
    if gold.get("reciprocal") or pred.get("reciprocal"):
        return (gs, gt) == (pt, ps) or (gs | gt) == (ps | pt)
    return False


# --------------------------------------------------------------------------------------------
# Matching and scoring


def _agreement(gold: dict[str, Any], pred: dict[str, Any]) -> tuple[int, int, int]:
    src, tgt = _actors_right(gold, pred)
    return (int(src) + int(tgt), int(_effective_date(pred) == gold.get("date")), _place_counts(gold, pred).tp)


def match_events(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) of the same PLOVER type, best agreement first."""
    candidates = [(_agreement(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
                  if _plover(g) and _plover(g) == _plover(p)]
    candidates.sort(key=lambda c: (tuple(-x for x in c[0]), c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def _count_triples(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> PRF:
    used: set[int] = set()
    tp = 0
    for g in gold:
        for pi, p in enumerate(pred):
            if pi not in used and _triples_match(g, p):
                used.add(pi)
                tp += 1
                break
    return PRF(tp, len(pred) - tp, len(gold) - tp)


def _describe(event: dict[str, Any]) -> str:
    def side(actors: Any) -> str:
        return "+".join(sorted(_side(actors))) or "-"

    arrow = "<->" if event.get("reciprocal") else "->"
    mods = ",".join(sorted(_modality(event)))
    return (f"{_plover(event)} {side(event.get('source_actor'))}{arrow}{side(event.get('target_actor'))}"
            f" date={_effective_date(event)} [{mods}]")


def score_article(gold_record: dict[str, Any], pred_record: dict[str, Any] | None) -> LanguageReport:
    article = gold_record["article"]
    lang = str(article.get("lang") or "?")
    gold = list(gold_record.get("events") or ())
    # CAMEO 01 statements (claims of responsibility, condolences, ...) have no PLOVER type: the gold
    # sets annotate PLOVER events only, so statements are neither scored nor counted as false events.
    pred = [p for p in (pred_record or {}).get("events") or () if _plover(p)]
    text = str(article.get("text") or "")[:160]
    aid = str(article.get("id"))
    report = LanguageReport(lang=lang, articles=1, gold_events=len(gold), predicted_events=len(pred))
    errors = report.disagreements

    if not gold:
        report.no_event_articles = 1
        report.false_events = len(pred)
        if pred:
            report.false_event_articles = 1
            errors.append(Disagreement(aid, "false_event", "; ".join(_describe(p) for p in pred), text))

    pairs = match_events(gold, pred)
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    report.event_type = PRF(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))
    per_type: dict[str, PRF] = {}
    for gi, g in enumerate(gold):
        hit = gi in matched_gold
        per_type[_plover(g)] = per_type.get(_plover(g), PRF()) + PRF(int(hit), 0, int(not hit))
        if not hit:
            errors.append(Disagreement(aid, "missed", _describe(g), text))
    for pi, p in enumerate(pred):
        if pi not in matched_pred:
            per_type[_plover(p)] = per_type.get(_plover(p), PRF()) + PRF(0, 1, 0)
            if gold:  # spurious events in no-event articles are already reported as false_event
                errors.append(Disagreement(aid, "spurious", _describe(p), text))
    report.per_type = per_type

    source = target = both = date = modality = claim = Ratio()
    places = PRF()
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        src_ok, tgt_ok = _actors_right(g, p)
        source += Ratio(int(src_ok), 1)
        target += Ratio(int(tgt_ok), 1)
        both += Ratio(int(src_ok and tgt_ok), 1)
        if not src_ok:
            errors.append(Disagreement(aid, "source", f"gold {_describe(g)} | predicted {_describe(p)}", text))
        elif not tgt_ok:
            errors.append(Disagreement(aid, "target", f"gold {_describe(g)} | predicted {_describe(p)}", text))
        counts = _place_counts(g, p)
        places += counts
        if counts.fp or counts.fn:
            gp, pp = _place_keys(g), _place_keys(p)
            errors.append(Disagreement(aid, "places", f"gold {sorted(gp, key=str)} | predicted {sorted(pp, key=str)}", text))
        if g.get("date"):
            ok = _effective_date(p) == g["date"]
            date += Ratio(int(ok), 1)
            if not ok:
                errors.append(Disagreement(aid, "date", f"gold {g['date']} | predicted {_effective_date(p)}", text))
        mod_ok = _modality(g) == _modality(p)
        modality += Ratio(int(mod_ok), 1)
        if not mod_ok:
            errors.append(Disagreement(aid, "modality", f"gold {sorted(_modality(g))} | predicted {sorted(_modality(p))}", text))
        claim_ok = _claim_key(g) == _claim_key(p)
        claim += Ratio(int(claim_ok), 1)
        if not claim_ok:
            errors.append(Disagreement(aid, "claim", f"gold {_claim_key(g)} | predicted {_claim_key(p)}", text))
    report.source_country, report.target_country, report.both_countries = source, target, both
    report.places, report.date, report.modality, report.claim_source = places, date, modality, claim
    report.actor_triples = _count_triples(gold, pred)
    return report


def score(gold_records: Iterable[dict[str, Any]], predicted_records: Iterable[dict[str, Any]]) -> Report:
    """Score predictions against gold. Records pair by article id; a gold article with no
    prediction counts as predicting no event; predictions for unknown articles are ignored."""
    predicted = {str(r["article"]["id"]): r for r in predicted_records}
    languages: dict[str, LanguageReport] = {}
    overall = LanguageReport(lang="all")
    for gold_record in gold_records:
        article_report = score_article(gold_record, predicted.get(str(gold_record["article"]["id"])))
        lang = article_report.lang
        languages.setdefault(lang, LanguageReport(lang=lang)).merge(article_report)
        overall.merge(article_report)
    return Report(languages=languages, overall=overall)


# --------------------------------------------------------------------------------------------
# I/O and the command


def load_gold(paths: Iterable[Path]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for path in paths:
        with Path(path).open("rb") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        records.append(orjson.loads(line))
                    except orjson.JSONDecodeError as exc:
                        raise ValueError(f"{path}:{number}: not JSON ({exc})") from exc
    return records


def default_gold_paths() -> list[Path]:
    return sorted(DEFAULT_GOLD_DIR.glob("*.jsonl"))


def predict(gold_records: Iterable[dict[str, Any]], pipeline: Any) -> list[dict[str, Any]]:
    """Run the extraction pipeline over the gold articles (text, lang and published time only)."""
    from streams.models import Article

    predictions = []
    for record in gold_records:
        article = Article.from_dict({k: v for k, v in record["article"].items()
                                     if k in ("id", "text", "title", "lang", "published", "url", "source")})
        predictions.append(pipeline.run(article).to_record())
    return predictions


def _pct(value: float) -> str:
    return f"{100 * value:5.1f}"


def render(report: Report, show_errors: int = 0, by_type: bool = False) -> Any:
    """Rich renderables for the report (tables per language, the overall line, disagreements)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    rows = [report.languages[k] for k in sorted(report.languages)] + [report.overall]
    table = Table(title="Event extraction vs gold (figures in %, counts as numbers)")
    table.add_column("metric")
    for r in rows:
        table.add_column(r.lang, justify="right")

    def line(label: str, cell: Any) -> None:
        table.add_row(label, *(cell(r) for r in rows))

    line("articles", lambda r: str(r.articles))
    line("gold / predicted events", lambda r: f"{r.gold_events} / {r.predicted_events}")
    line("matched events (same type)", lambda r: str(r.matched))
    line("event type P / R", lambda r: f"{_pct(r.event_type.precision)} / {_pct(r.event_type.recall)}")
    line("event type F1", lambda r: _pct(r.event_type.f1))
    line("source country right", lambda r: _pct(r.source_country.value))
    line("target country right", lambda r: _pct(r.target_country.value))
    line("both countries right", lambda r: _pct(r.both_countries.value))
    line("(type, src, tgt) P / R / F1", lambda r: "/".join(
        _pct(x).strip() for x in (r.actor_triples.precision, r.actor_triples.recall, r.actor_triples.f1)))
    line("places P / R / F1", lambda r: "/".join(
        _pct(x).strip() for x in (r.places.precision, r.places.recall, r.places.f1)))
    line("date accuracy", lambda r: f"{_pct(r.date.value)} (n={r.date.total})")
    line("modality accuracy", lambda r: _pct(r.modality.value))
    line("claim source accuracy", lambda r: _pct(r.claim_source.value))
    line("no-event articles with events", lambda r: f"{r.false_event_articles}/{r.no_event_articles}")
    parts: list[Any] = [table]
    if by_type:
        types = Table(title="Event type F1 by PLOVER type (%)")
        types.add_column("type")
        langs = sorted(report.languages)
        for lang in langs:
            types.add_column(f"{lang} F1 (tp/fp/fn)", justify="right")
        for plover in sorted({t for r in report.languages.values() for t in r.per_type}):
            cells = []
            for lang in langs:
                prf = report.languages[lang].per_type.get(plover, PRF())
                cells.append(f"{_pct(prf.f1)} ({prf.tp}/{prf.fp}/{prf.fn})")
            types.add_row(plover, *cells)
        parts.append(types)
    o = report.overall
    parts.append(Text(
        f"overall: type F1 {o.event_type.f1:.3f} (P {o.event_type.precision:.3f}, R {o.event_type.recall:.3f}); "
        f"both countries right on {o.both_countries.value:.1%} of {o.matched} matched events; "
        f"false events on {o.false_event_articles}/{o.no_event_articles} no-event articles"))
    if show_errors:
        errors = report.disagreements()[:show_errors]
        err = Table(title=f"First {len(errors)} disagreements")
        for column in ("article", "kind", "detail", "text"):
            err.add_column(column, overflow="fold")
        for d in errors:
            err.add_row(d.article_id, d.kind, d.detail, d.text)
        parts.append(err)
    return Group(*parts)


def eval_command(
    gold: Annotated[
        list[Path] | None,
        typer.Argument(help="Gold JSONL files (default: eval/gold/*.jsonl).", show_default=False),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    show_errors: Annotated[int, typer.Option("--show-errors", help="Show the first N disagreements.")] = 0,
    by_type: Annotated[bool, typer.Option("--by-type", help="Add a table of F1 by PLOVER type.")] = False,
) -> None:
    """Run the extraction pipeline over the gold articles and print precision, recall and F1."""
    from rich.console import Console

    from streams.extract import load_pipeline

    paths = gold or default_gold_paths()
    if not paths:
        typer.echo(f"no gold sets: {DEFAULT_GOLD_DIR} has no *.jsonl (give the files as arguments)", err=True)
        raise typer.Exit(2)
    records = load_gold(paths)
    if not records:
        typer.echo(f"no gold articles in {', '.join(map(str, paths))}", err=True)
        raise typer.Exit(2)
    report = score(records, predict(records, load_pipeline()))
    if json_out:
        payload = report.to_dict()
        if show_errors:
            payload["disagreements"] = [asdict(d) for d in report.disagreements()[:show_errors]]
        typer.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
        return
    Console().print(render(report, show_errors=show_errors, by_type=by_type))



"""Incidents as pure functions of their evidence: merge, near-duplicates, the document and back.

`merge(incident, evidence)` is a union of sets (mentions, articles, actor codes) plus a
deterministic choice of the best evidence, so it is commutative, associative and idempotent: a
redelivered article changes nothing, and shuffled or re-batched evidence gives the same incident.
Every count in the document is the size of a set derived from the incident:

- `num_mentions`: distinct event ids (one article may report the incident in several sentences);
- `num_articles`: distinct texts: articles that are no near-duplicate of another one of the incident;
- `num_sources`: distinct outlets, duplicates included (ten sites printing one agency story are ten
  sources repeating it, one article);
- `languages`: distinct article languages.

The document also carries everything the state is made of (the best evidence as its event-like
fields, `state.mentions`, `state.articles`), so an incident that was evicted from the worker's
table can be reopened from Elasticsearch by `incident_from_document` exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from streams.incident_models import ArticleRef, Evidence, Incident, IncidentKey
from streams.incidents import sketch
from streams.incidents.keys import rules

_PRECISION_ORDER = {"day": 0, "month": 1, "year": 2}


class EvidenceMismatch(ValueError):
    """Evidence merged into an incident of another key or rules version (a bug upstream)."""


def best_rank(doc: Mapping[str, Any]) -> tuple:
    """Sort key of candidate best evidence (smallest wins): see rules.json `best_evidence`."""
    event = doc.get("event") or {}
    location = doc.get("location") or {}
    return (
        -float(doc.get("confidence") or 0.0),
        list(event.get("modality") or ()) != ["asserted"],
        _PRECISION_ORDER.get(doc.get("date_precision") or "", 3),
        location.get("role") != "venue",
        str(doc.get("event_id")),
    )


def _codes(doc: Mapping[str, Any]) -> set[str]:
    return {
        actor["code"]
        for side in ("source_actor", "target_actor")
        for actor in doc.get(side) or ()
        if isinstance(actor, Mapping) and isinstance(actor.get("code"), str) and actor["code"]
    }


def _venue(doc: Mapping[str, Any]) -> str | None:
    location = doc.get("location")
    if isinstance(location, Mapping) and location.get("role") == "venue" and isinstance(location.get("name"), str):
        return location["name"] or None
    return None


def _order(article: ArticleRef) -> tuple[str, str]:
    """Earliest first: who published first is the original of a near-duplicate group."""
    return (article.published or "9999", article.article_id)


def _keep_sketches(articles: dict[str, ArticleRef]) -> tuple[ArticleRef, ...]:
    """Articles sorted by id; only the earliest `max_sketched_articles` keep their sketch (bounded
    state). An article pushed out by earlier ones never comes back in, so which ones keep a sketch
    depends on the set alone."""
    limit = int(rules()["duplicates"]["max_sketched_articles"])
    keep = {a.article_id for a in sorted(articles.values(), key=_order)[:limit]}
    out = []
    for article_id in sorted(articles):
        article = articles[article_id]
        if article_id not in keep and article.sketch is not None:
            article = ArticleRef(article.article_id, article.source, article.lang, article.published, article.text_hash, None)
        out.append(article)
    return tuple(out)


def _merge_article(old: ArticleRef | None, new: ArticleRef) -> ArticleRef:
    if old is None:
        return new
    # A republished (edited) article comes again under the same id: keep one of the versions, the
    # same one whatever the order.
    return min(old, new, key=lambda a: tuple("" if v is None else str(v) for v in a.to_dict().values()))


def merge(incident: Incident | None, evidence: Iterable[Evidence]) -> Incident:
    """`incident` (None: a new one) with `evidence` added."""
    items = list(evidence)
    if incident is None:
        if not items:
            raise ValueError("a new incident needs evidence")
        first = items[0]
        incident_id, key, version = first.incident_id, first.key, first.rules_version
        best: dict[str, Any] | None = None
        mentions: set[tuple[str, str]] = set()
        articles: dict[str, ArticleRef] = {}
        codes: set[str] = set()
        places: set[str] = set()
        by_lang: dict[str, tuple[tuple, str]] = {}
    else:
        incident_id, key, version = incident.incident_id, incident.key, incident.rules_version
        best = incident.best
        mentions = set(incident.mentions)
        articles = {a.article_id: a for a in incident.articles}
        codes = set(incident.actor_codes)
        places = set(incident.venues)
        by_lang = {lang: (rank, text) for lang, rank, text in incident.sentences}
    for item in items:
        if item.incident_id != incident_id or item.key != key or item.rules_version != version:
            raise EvidenceMismatch(f"evidence for {item.incident_id} ({item.key.text()}) merged into {incident_id}")
        article_id = item.article.article_id
        articles[article_id] = _merge_article(articles.get(article_id), item.article)
        for doc in item.events:
            mentions.add((doc["event_id"], article_id))
            codes |= _codes(doc)
            if venue := _venue(doc):
                places.add(venue)
            text = (doc.get("sentence") or {}).get("text")
            lang = item.article.lang
            if text and lang and (lang not in by_lang or best_rank(doc) < by_lang[lang][0]):
                by_lang[lang] = (best_rank(doc), text)
            if best is None or best_rank(doc) < best_rank(best):
                best = doc
    assert best is not None
    return Incident(incident_id, key, version, best, tuple(sorted(mentions)), _keep_sketches(articles),
                    tuple(sorted(codes)), tuple(sorted(places)),
                    tuple((lang, rank, text) for lang, (rank, text) in sorted(by_lang.items())))


# --------------------------------------------------------------------------------------------- duplicates


def duplicates(articles: Iterable[ArticleRef]) -> dict[str, tuple[str, float]]:
    """article_id -> (the article it duplicates, similarity) for the near-duplicates among `articles`.

    Pairs with the same text hash, or sketches at or above the threshold, are joined; each
    connected group's original is its earliest article (published time, then id). Connected
    groups depend on the set of articles only, never on the order they came in.
    """
    ordered = sorted(articles, key=_order)
    if len(ordered) < 2:  # most incidents have one article: nothing to compare
        return {}
    parent = list(range(len(ordered)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)  # the root is the earliest member

    by_hash: dict[str, int] = {}
    for index, article in enumerate(ordered):
        if article.text_hash:
            if article.text_hash in by_hash:
                join(by_hash[article.text_hash], index)
            else:
                by_hash[article.text_hash] = index
    sketched = [i for i, a in enumerate(ordered) if a.sketch]
    best_link: dict[int, float] = {}
    if len(sketched) > 1:
        matrix = np.stack([sketch.signature(ordered[i].sketch) for i in sketched])  # type: ignore[arg-type]
        # Every pair at once: the share of equal positions (k/64 exactly); pairs are joined in the
        # order the rows come (i < j), as one comparison per row would.
        agree = (matrix[:, None, :] == matrix[None, :, :]).sum(axis=2)
        limit = sketch.threshold() * matrix.shape[1]
        for row, column in zip(*np.nonzero(np.triu(agree >= limit, k=1))):
            i, j = sketched[int(row)], sketched[int(column)]
            join(i, j)
            best_link[j] = max(best_link.get(j, 0.0), float(agree[row, column]) / matrix.shape[1])
    out: dict[str, tuple[str, float]] = {}
    for index, article in enumerate(ordered):
        root = find(index)
        if root != index:
            same_text = article.text_hash and article.text_hash == ordered[root].text_hash
            out[article.article_id] = (ordered[root].article_id, 1.0 if same_text else round(best_link.get(index, 0.0), 3))
    return out


# --------------------------------------------------------------------------------------------- document


def _pairs(sources: list[str], targets: list[str], reciprocal: bool) -> list[str]:
    from streams.sink.documents import _pairs as pairs

    return pairs(sources, targets, reciprocal)


def _values(actors: Any, field: str) -> list[str]:
    out: list[str] = []
    for actor in actors or ():
        value = actor.get(field) if isinstance(actor, Mapping) else None
        if isinstance(value, str) and value and value not in out:
            out.append(value)
    return out


def _why(incident: Incident, dups: dict[str, tuple[str, float]], sources: list[str], languages: list[str]) -> list[str]:
    key = incident.key
    modality = "" if key.modality == "asserted" else f" ({key.modality})"
    who = " and ".join(key.participants) or "no named actor"
    why = [
        f"joined on the key {key.text()!r}: {key.plover} involving {who} on {key.day or 'an unknown date'}{modality}",
        f"{len(incident.mentions)} mentions in {len(incident.articles)} articles from {len(sources)} sources"
        f" in {', '.join(languages) or 'no known language'}",
    ]
    for article_id, (original, similarity) in sorted(dups.items()):
        why.append(f"article {article_id} is a near-duplicate of {original} (estimated Jaccard {similarity:.2f})")
    why.append(f"best evidence: event {incident.best.get('event_id')} of article {incident.best.get('article_id')}"
               f" (confidence {float(incident.best.get('confidence') or 0):.2f})")
    return why


def incident_document(incident: Incident, dups: dict[str, tuple[str, float]] | None = None) -> dict[str, Any]:
    """The document in the `incidents` index (without the index-time `event.ingested`); `dups` is
    `duplicates(incident.articles)` when the caller has it already."""
    best = incident.best
    dups = duplicates(incident.articles) if dups is None else dups
    sources = sorted({a.source for a in incident.articles if a.source})
    languages = sorted({a.lang for a in incident.articles if a.lang})
    published = sorted(a.published for a in incident.articles if a.published)
    best_event = best.get("event") or {}
    sources_codes = _values(best.get("source_actor"), "code")
    target_codes = _values(best.get("target_actor"), "code")
    reciprocal = best.get("reciprocal") is True
    sentence = best.get("sentence") or {}
    event_ids = list(incident.event_ids)  # a sort of every mention: once
    return {
        "incident_id": incident.incident_id,
        "incident_key": incident.key.text(),
        "rules_version": incident.rules_version,
        "@timestamp": best.get("@timestamp"),
        "date": best.get("date"),
        "date_precision": best.get("date_precision"),
        "day": incident.key.day or None,
        "event": {
            "plover": incident.key.plover,
            "cameo": best_event.get("cameo"),
            "cameo_root": best_event.get("cameo_root"),
            "mode": best_event.get("mode"),
            "goldstein": best_event.get("goldstein"),
            "quad_class": best_event.get("quad_class"),
            "modality": list(best_event.get("modality") or ()),
        },
        "participants": list(incident.key.participants),
        "venues": list(incident.venues),
        "source_actor": best.get("source_actor") or [],
        "target_actor": best.get("target_actor") or [],
        "reciprocal": reciprocal,
        "location": best.get("location"),
        "confidence": best.get("confidence"),
        "sentence": {"text": sentence.get("text")},
        "article_title": best.get("article_title"),
        "sentences": [text for _, _, text in incident.sentences],
        "dyad": _pairs(sources_codes, target_codes, reciprocal),
        "dyad_countries": _pairs(_values(best.get("source_actor"), "country"), _values(best.get("target_actor"), "country"), reciprocal),
        "actor_codes": list(incident.actor_codes),
        "actor_countries": list(incident.key.participants),
        "article_ids": list(incident.article_ids),
        "event_ids": event_ids,
        "sources": sources,
        "languages": languages,
        "duplicate_article_ids": sorted(dups),
        "num_mentions": len(event_ids),
        "num_articles": len(incident.articles) - len(dups),
        "num_sources": len(sources),
        "first_seen": published[0] if published else None,
        "last_seen": published[-1] if published else None,
        "why": _why(incident, dups, sources, languages),
        "best_event_id": best.get("event_id"),
        # The rest of the state (not indexed), so that an evicted incident can be reopened.
        "state": {
            "sentences": [[lang, list(rank), text] for lang, rank, text in incident.sentences],
            "mentions": [list(pair) for pair in incident.mentions],
            "articles": [a.to_dict() for a in incident.articles],
        },
    }


# What the worker's table keeps of an incident document: what `incident_from_document` reads.
STATE_FIELDS = ("incident_id", "incident_key", "rules_version", "best_event_id", "actor_codes", "venues", "state",
                "@timestamp", "date", "date_precision", "event", "source_actor", "target_actor", "reciprocal",
                "location", "confidence", "sentence", "article_title")


def state_document(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The part of an incident document its state is rebuilt from (the table's value: the counts,
    `why` and the other derived fields are derived again)."""
    return {k: doc[k] for k in STATE_FIELDS if k in doc}


def best_from_document(doc: Mapping[str, Any], mentions: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """The best evidence (a mention, streams/incidents/evidence.py) back from an incident document."""
    from streams.incidents.evidence import MENTION_EVENT_FIELDS, MENTION_FIELDS

    best_id = doc["best_event_id"]
    out = {k: doc.get(k) for k in MENTION_FIELDS if k not in ("event_id", "article_id")}
    out["event_id"] = best_id
    out["article_id"] = next(article for event, article in mentions if event == best_id)
    out["event"] = {k: (doc.get("event") or {}).get(k) for k in MENTION_EVENT_FIELDS}
    out["sentence"] = {"text": (doc.get("sentence") or {}).get("text")}
    return out


def incident_from_document(doc: Mapping[str, Any]) -> Incident:
    """Inverse of `incident_document` (reads only what the state is made of)."""
    state = doc["state"]
    mentions = tuple(sorted((str(e), str(a)) for e, a in state["mentions"]))
    return Incident(
        incident_id=doc["incident_id"],
        key=IncidentKey.from_text(doc["incident_key"]),
        rules_version=doc["rules_version"],
        best=best_from_document(doc, mentions),
        mentions=mentions,
        articles=tuple(sorted((ArticleRef.from_dict(a) for a in state["articles"]), key=lambda a: a.article_id)),
        actor_codes=tuple(doc.get("actor_codes") or ()),
        venues=tuple(doc.get("venues") or ()),
        sentences=tuple((lang, tuple(rank), text) for lang, rank, text in state.get("sentences") or ()),
    )


def duplicate_updates(
    before: Incident | None, after: Incident, after_dups: dict[str, tuple[str, float]] | None = None,
) -> dict[str, str | None]:
    """article_id -> duplicate_of for the articles whose near-duplicate status `after` changed
    (`after_dups`: `duplicates(after.articles)` when the caller has it already)."""
    if before is not None and before.articles == after.articles:
        return {}  # the same articles: the same near-duplicates
    # Fewer than two articles before: none was a duplicate (and none is one now with fewer than two).
    old = {k: v[0] for k, v in duplicates(before.articles).items()} if before is not None and len(before.articles) > 1 else {}
    if after_dups is None:
        after_dups = duplicates(after.articles) if len(after.articles) > 1 else {}
    new = {k: v[0] for k, v in after_dups.items()}
    if not old and not new:
        return {}
    changed: dict[str, str | None] = {}
    for article_id in after.article_ids:
        if old.get(article_id) != new.get(article_id) and (article_id in new or article_id in old):
            changed[article_id] = new.get(article_id)
    return changed

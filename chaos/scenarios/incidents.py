"""Incidents under SIGKILL: the worker killed again and again while incidents grow, then every
incident's counts recounted from the events and articles Elasticsearch holds.

The run's articles repeat the verifiable source's 97 texts under new ids and spread over seven
outlets, so each incident keeps gaining articles (exact copies: near-duplicates), sources and
mentions while the worker dies. A kill can land anywhere: between the incident write and the
offset commit, in the middle of a bulk request, with the worker's open incidents only in memory.
Afterwards, for every incident:

    article_ids, event_ids   == those of the events carrying its incident_id
    num_mentions             == len(event_ids)
    num_sources, languages   == distinct sources and languages of those articles
    num_articles             == those articles less the ones whose duplicate_of is one of them

Any difference, an incident no event points to, or an event whose incident is missing counts as
a wrong incident; the scenario fails unless there are none (and the usual missing/duplicate
figures are 0).
"""

from __future__ import annotations

import random
import signal
from typing import Any

from chaos.harness import SESSION_TIMEOUT, Arena, Figures, Suite
from chaos.verify import es_client, make_article
from streams.config import Settings

OUTLETS = 7


def reported_article(run_id: str, seq: int) -> dict[str, Any]:
    """The verifiable article of `seq`, as one of seven outlets prints it."""
    return {**make_article(run_id, seq), "source": f"outlet-{seq % OUTLETS}"}


def scan(settings: Settings, index: str, fields: list[str], query: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    from elasticsearch.helpers import scan as es_scan

    client = es_client(settings)
    try:
        client.indices.refresh(index=index)
        return [hit["_source"] for hit in es_scan(client, index=index, query={"query": query or {"match_all": {}}, "_source": fields},
                                                   size=2000)]
    finally:
        client.close()


def recount(settings: Settings, run_id: str) -> dict[str, Any]:
    """Compare every incident of the run with a recount from its events and their articles."""
    events = scan(settings, settings.events_alias, ["incident_id", "event_id", "article_id"], {"term": {"run_id": run_id}})
    articles = scan(settings, settings.articles_alias, ["article_id", "source", "lang", "duplicate_of"], {"term": {"run_id": run_id}})
    incidents = scan(settings, settings.incidents_alias,
                     ["incident_id", "article_ids", "event_ids", "num_mentions", "num_sources", "num_articles", "languages"])
    return compare(events, articles, incidents)


def compare(events: list[dict[str, Any]], article_docs: list[dict[str, Any]], incident_docs: list[dict[str, Any]]) -> dict[str, Any]:
    """The recount itself (pure): what each incident should say, from the events and articles."""
    articles = {a["article_id"]: a for a in article_docs}
    incidents = {i["incident_id"]: i for i in incident_docs}
    expected: dict[str, dict[str, set]] = {}
    for event in events:
        entry = expected.setdefault(event["incident_id"], {"articles": set(), "events": set()})
        entry["articles"].add(event["article_id"])
        entry["events"].add(event["event_id"])
    wrong: list[str] = []
    for incident_id, entry in expected.items():
        doc = incidents.get(incident_id)
        if doc is None:
            wrong.append(f"{incident_id}: events point to it, no incident document")
            continue
        members = [articles[a] for a in entry["articles"] if a in articles]
        want = {
            "article_ids": sorted(entry["articles"]),
            "event_ids": sorted(entry["events"]),
            "num_mentions": len(entry["events"]),
            "num_sources": len({a.get("source") for a in members if a.get("source")}),
            "languages": sorted({a.get("lang") for a in members if a.get("lang")}),
            "num_articles": len([a for a in members if a.get("duplicate_of") not in entry["articles"]]),
        }
        have = {field: doc.get(field) for field in want}
        if have != want:
            differing = {f: (have[f] if f.startswith("num") else len(have[f] or ()), want[f] if f.startswith("num") else len(want[f]))
                         for f in want if have[f] != want[f]}
            wrong.append(f"{incident_id}: (have, recount) {differing}")
    for incident_id in set(incidents) - set(expected):
        wrong.append(f"{incident_id}: no event points to it")
    sizes = sorted((len(e["articles"]) for e in expected.values()), reverse=True)
    return {"incidents": len(incidents), "events": len(events), "wrong": wrong, "largest": sizes[:5],
            "articles_without_document": sum(1 for e in events if e["article_id"] not in articles)}


def scenario_incidents(suite: Suite) -> Figures:
    """Publish at the profile rate, SIGKILL the worker `incident_kills` times while incidents grow,
    restart it at once; drain; recount every incident."""
    profile = suite.profile
    figures = Figures("incidents-sigkill")
    articles, kills = profile.incident_articles, profile.incident_kills
    rng = random.Random(articles * 17 + kills)
    with Arena(suite.base, "incidents", console=suite.console) as arena:
        publisher = arena.under_load(articles, profile.rate, make=reported_article)
        for _ in arena.fault_moments(publisher, articles, kills, rng):
            arena.stop("w1", sig=signal.SIGKILL)
            arena.start("w1")
        figures.notes["published_during_faults"] = not publisher.done
        suite.finish(arena, figures, publisher, range(articles), warm_up=1)
        counted = recount(arena.settings, arena.run_id)
        figures.notes.update({
            "kills": kills, "session_timeout_s": SESSION_TIMEOUT, "incidents": counted["incidents"],
            "events": counted["events"], "largest_incidents_articles": counted["largest"],
            "wrong_incidents": len(counted["wrong"]),
        })
        if counted["wrong"]:
            figures.problems.append(f"{len(counted['wrong'])} incidents differ from a recount: {counted['wrong'][:5]}")
        if counted["incidents"] == 0:
            figures.problems.append("no incident was written")
        if not figures.notes["published_during_faults"]:
            figures.problems.append("the publisher finished before the last kill: not a fault under load")
    return figures

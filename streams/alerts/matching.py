"""Which standing queries an event or an incident surge raises, as pure functions.

An event alert is raised by a query without `surge` when the event matches; a surge alert by a
query with `surge N` when an incident that matches reaches N sources in this change (it had fewer
before), so it is raised once per incident, whatever the batch sizes. Alert ids are derived from
the query and the event (or incident and threshold): a redelivered batch raises the same ids, and
the dispatcher and any consumer of the alerts topic can drop repeats.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from streams.alerts.query import View, event_view, explain, incident_view
from streams.alerts.standing import StandingQuery
from streams.ids import stable_id


def _incident_summary(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "state"}


def _reasons(query: StandingQuery, doc: Mapping[str, Any], view: Callable[[], View]) -> list[str] | None:
    """Why `query` raises an alert on `doc` (the atoms its expression matched, then its options), or
    None. `view` is asked only once the options accept the document."""
    options = query.accepts(doc.get("confidence"), (doc.get("event") or {}).get("modality"))
    if options is None:
        return None
    why = explain(query.query, view())
    return None if why is None else why + options


def _alert(query: StandingQuery, alert_id: str, kind: str, matched_at: str, why: list[str], *,
           event: dict[str, Any] | None = None, incident: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"alert_id": alert_id, "kind": kind, "query": query.name, "query_text": query.query, "to": query.to,
            "matched_at": matched_at, "why": why, "event": event, "incident": incident}


def event_alerts(doc: Mapping[str, Any], queries: Iterable[StandingQuery], matched_at: str) -> list[dict[str, Any]]:
    view = cache(lambda: event_view(doc))  # built once, for the first query whose options pass
    alerts = []
    for query in queries:
        why = _reasons(query, doc, view) if query.surge is None else None
        if why is not None:
            alert_id = stable_id("alert", query.name, "event", doc.get("event_id"))
            alerts.append(_alert(query, alert_id, "event", matched_at, why, event=dict(doc)))
    return alerts


def surge_alerts(
    before: Mapping[str, Any] | None, after: Mapping[str, Any], queries: Iterable[StandingQuery], matched_at: str,
) -> list[dict[str, Any]]:
    had = int((before or {}).get("num_sources") or 0)
    has = int(after.get("num_sources") or 0)
    view = cache(lambda: incident_view(after))
    alerts = []
    for query in queries:
        if query.surge is None or not had < query.surge <= has:
            continue
        why = _reasons(query, after, view)
        if why is not None:
            alert_id = stable_id("alert", query.name, "surge", after.get("incident_id"), query.surge)
            crossed = f"num_sources {had} -> {has} reached the surge threshold {query.surge}"
            alerts.append(_alert(query, alert_id, "surge", matched_at, [*why, crossed], incident=_incident_summary(after)))
    return alerts

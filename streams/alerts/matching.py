"""Which standing queries an event or an incident surge raises, as pure functions.

An event alert is raised by a query without `surge` when the event matches; a surge alert by a
query with `surge N` when an incident that matches reaches N sources in this change (it had fewer
before), so it is raised once per incident, whatever the batch sizes. Alert ids are derived from
the query and the event (or incident and threshold): a redelivered batch raises the same ids, and
the dispatcher and any consumer of the alerts topic can drop repeats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from streams.alerts.query import event_view, explain, incident_view
from streams.alerts.standing import StandingQuery
from streams.ids import stable_id


def _incident_summary(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "state"}


def event_alerts(doc: Mapping[str, Any], queries: Iterable[StandingQuery], matched_at: str) -> list[dict[str, Any]]:
    alerts = []
    view = None
    for query in queries:
        if query.surge is not None:
            continue
        options = query.accepts(doc.get("confidence"), (doc.get("event") or {}).get("modality"))
        if options is None:
            continue
        view = view or event_view(doc)
        why = explain(query.query, view)
        if why is None:
            continue
        alerts.append({
            "alert_id": stable_id("alert", query.name, "event", doc.get("event_id")),
            "kind": "event", "query": query.name, "query_text": query.query, "to": query.to, "matched_at": matched_at,
            "why": why + options, "event": dict(doc), "incident": None,
        })
    return alerts


def surge_alerts(
    before: Mapping[str, Any] | None, after: Mapping[str, Any], queries: Iterable[StandingQuery], matched_at: str,
) -> list[dict[str, Any]]:
    alerts = []
    had = int((before or {}).get("num_sources") or 0)
    has = int(after.get("num_sources") or 0)
    view = None
    for query in queries:
        if query.surge is None or not had < query.surge <= has:
            continue
        options = query.accepts(after.get("confidence"), (after.get("event") or {}).get("modality"))
        if options is None:
            continue
        view = view or incident_view(after)
        why = explain(query.query, view)
        if why is None:
            continue
        alerts.append({
            "alert_id": stable_id("alert", query.name, "surge", after.get("incident_id"), query.surge),
            "kind": "surge", "query": query.name, "query_text": query.query, "to": query.to, "matched_at": matched_at,
            "why": why + options + [f"num_sources {had} -> {has} reached the surge threshold {query.surge}"],
            "event": None, "incident": _incident_summary(after),
        })
    return alerts

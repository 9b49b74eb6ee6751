"""Which queries raise which alerts: options, surges crossing their threshold once, stable ids."""

from __future__ import annotations

from streams.alerts.matching import event_alerts, surge_alerts
from streams.alerts.standing import StandingQuery
from streams.incidents.merge import incident_document, merge
from tests.unit.incidents.support import event_doc, evidence

CALLS = StandingQuery("calls", "type:CONSULT AND country:TUR", "topic")
STRIKES = StandingQuery("strikes", "type:ASSAULT", "topic")
SURGE = StandingQuery("big calls", "type:CONSULT", "http://127.0.0.1:1/hook", surge=3)


def test_an_event_raises_the_queries_it_matches_with_their_why():
    doc = event_doc("e1", "a1")
    [alert] = event_alerts(doc, [CALLS, STRIKES, SURGE], "now")
    assert alert["query"] == "calls" and alert["kind"] == "event" and alert["event"]["event_id"] == "e1"
    assert alert["why"] == ["type:CONSULT = CONSULT", "country:TUR = TUR"]
    assert event_alerts(doc, [CALLS], "later")[0]["alert_id"] == alert["alert_id"]


def test_min_confidence_and_modality_options():
    strict = StandingQuery("strict", "type:CONSULT", "topic", min_confidence=0.95)
    planned = StandingQuery("planned", "type:CONSULT", "topic", modality="future")
    assert not event_alerts(event_doc("e1", "a1", confidence=0.9), [strict, planned], "now")
    [alert] = event_alerts(event_doc("e2", "a2", confidence=0.97), [strict], "now")
    assert "confidence 0.97 >= 0.95" in alert["why"]
    assert event_alerts(event_doc("e3", "a3", modality=("future",)), [planned], "now")


def test_a_surge_alert_fires_once_when_the_threshold_is_crossed():
    items = [evidence(f"a{n}", [event_doc(f"e{n}", f"a{n}")]) for n in range(5)]
    docs = [None] + [incident_document(merge(None, items[: n + 1])) for n in range(5)]
    fired = [surge_alerts(docs[n], docs[n + 1], [SURGE, CALLS], "now") for n in range(5)]
    assert [len(f) for f in fired] == [0, 0, 1, 0, 0]
    alert = fired[2][0]
    assert alert["kind"] == "surge" and alert["incident"]["num_sources"] == 3 and "state" not in alert["incident"]
    assert alert["why"][-1] == "num_sources 2 -> 3 reached the surge threshold 3"
    # a batch that jumps past the threshold fires too
    assert len(surge_alerts(None, docs[5], [SURGE], "now")) == 1

"""The incidents chaos scenario's recount flags every kind of wrong incident (and nothing else)."""

from __future__ import annotations

from chaos.scenarios.incidents import compare, reported_article


def data():
    events = [{"incident_id": "i1", "event_id": f"e{n}", "article_id": f"a{n}"} for n in range(3)]
    events.append({"incident_id": "i1", "event_id": "e3", "article_id": "a2"})
    articles = [{"article_id": "a0", "source": "s0", "lang": "en"}, {"article_id": "a1", "source": "s1", "lang": "ar"},
                {"article_id": "a2", "source": "s1", "lang": "en", "duplicate_of": "a1"}]
    incident = {"incident_id": "i1", "article_ids": ["a0", "a1", "a2"], "event_ids": ["e0", "e1", "e2", "e3"], "num_mentions": 4,
                "num_sources": 2, "num_articles": 2, "languages": ["ar", "en"]}
    return events, articles, incident


def test_a_right_incident_passes():
    events, articles, incident = data()
    assert compare(events, articles, [incident])["wrong"] == []


def test_wrong_counts_missing_and_orphan_incidents_are_flagged():
    events, articles, incident = data()
    for field, value in (("num_sources", 3), ("num_articles", 3), ("num_mentions", 3), ("event_ids", ["e0"]), ("languages", ["en"])):
        assert len(compare(events, articles, [{**incident, field: value}])["wrong"]) == 1, field
    assert "no incident document" in compare(events, articles, [])["wrong"][0]
    orphan = {**incident, "incident_id": "i9"}
    assert len(compare(events, articles, [incident, orphan])["wrong"]) == 1


def test_the_run_spreads_over_outlets():
    assert {reported_article("r", seq)["source"] for seq in range(14)} == {f"outlet-{n}" for n in range(7)}

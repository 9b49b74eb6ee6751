"""Incidents on the real stack: three reports of one phone call in two languages become ONE
incident; an unrelated report stays apart; re-publishing changes no count; a syndicated copy is a
source and a mention but no new article, and its article document says what it copies."""

from __future__ import annotations

import pytest

from .helpers import (
    docs_where,
    es_client,
    event_docs,
    own_topics_and_indices,
    publish_articles,
    wait_drained,
    wait_until,
    worker_process,
)

CALL_EN_1 = {
    "id": "inc-call-en-1", "lang": "en", "source": "northwire", "published": "2025-03-04T10:00:00+00:00",
    "title": "Putin and Erdogan discuss Syria by phone",
    "text": "Russian President Vladimir Putin spoke by phone with Turkish President Recep Tayyip Erdogan on Tuesday, "
            "discussing the situation in Syria, the Kremlin said.",
}
CALL_EN_2 = {
    "id": "inc-call-en-2", "lang": "en", "source": "harbour-times", "published": "2025-03-04T12:30:00+00:00",
    "title": "Erdogan, Putin hold phone call",
    "text": "Turkish President Recep Tayyip Erdogan held a telephone conversation with Russian President Vladimir Putin "
            "on Tuesday, Ankara said. The two leaders discussed regional issues.",
}
CALL_AR = {
    "id": "inc-call-ar-1", "lang": "ar", "source": "sahil-news", "published": "2025-03-04T13:00:00+00:00",
    "title": "بوتين وأردوغان يبحثان هاتفيا الوضع في سوريا",
    "text": "بحث الرئيس الروسي فلاديمير بوتين مع نظيره التركي رجب طيب أردوغان في اتصال هاتفي يوم الثلاثاء الوضع في سوريا، "
            "بحسب الكرملين.",
}
UNRELATED = {
    "id": "inc-strike-1", "lang": "en", "source": "northwire", "published": "2025-03-04T09:00:00+00:00",
    "title": "Strike in Gaza",
    "text": "Israeli forces carried out an air strike on Gaza on Tuesday, killing five people, health officials said.",
}
SYNDICATED = {
    **CALL_EN_1, "id": "inc-call-en-1-copy", "source": "valley-gazette", "published": "2025-03-04T10:40:00+00:00",
    "text": "Home | World | Markets\n" + CALL_EN_1["text"] + "\nRead more: grain prices fall\nSubscribe to our newsletter",
}
REPORTS = [CALL_EN_1, CALL_EN_2, CALL_AR]


@pytest.fixture(scope="module")
def worker(services):
    from tests.conftest import unique_settings

    settings = unique_settings(services, "incidents")
    with own_topics_and_indices(settings), worker_process(settings, "incidents-" + settings.app_id, web_port=0):
        yield settings


def incidents_of(settings, article_id: str) -> list[dict]:
    return docs_where(settings, settings.incidents_alias, "article_ids", article_id)


def article_doc(settings, article_id: str) -> dict:
    from streams.ids import article_doc_id

    client = es_client(settings)
    try:
        return client.get(index=settings.articles_alias, id=article_doc_id(article_id))["_source"]
    finally:
        client.close()


def the_call(settings) -> dict:
    [call] = [i for i in incidents_of(settings, CALL_AR["id"]) if i["event"]["plover"] == "CONSULT"]
    return call


def test_three_reports_in_two_languages_make_one_incident(worker):
    settings = worker
    publish_articles(settings, REPORTS + [UNRELATED])
    wait_until(lambda: len(the_call(settings)["article_ids"]) == 3 if incidents_of(settings, CALL_AR["id"]) else False,
               120, 0.5, "one incident with the three reports")
    wait_drained(settings, 120)
    call = the_call(settings)
    assert call["article_ids"] == sorted(a["id"] for a in REPORTS)
    assert (call["num_articles"], call["num_sources"]) == (3, 3)
    assert call["languages"] == ["ar", "en"] and call["participants"] == ["RUS", "TUR"]
    assert call["num_mentions"] == len(call["event_ids"]) >= 3
    assert any("joined on the key" in line for line in call["why"])
    unrelated = incidents_of(settings, UNRELATED["id"])
    assert unrelated and all(i["incident_id"] != call["incident_id"] for i in unrelated)
    assert all(set(i["article_ids"]) == {UNRELATED["id"]} for i in unrelated)
    for report in REPORTS:
        stamped = {e["incident_id"] for e in event_docs(settings, report["id"]) if e["event"]["plover"] == "CONSULT"}
        assert stamped == {call["incident_id"]}, report["id"]


def test_republishing_changes_no_count(worker):
    settings = worker
    before = the_call(settings)
    publish_articles(settings, REPORTS + [UNRELATED] + REPORTS)
    wait_drained(settings, 120)
    after = the_call(settings)
    for field in ("article_ids", "event_ids", "sources", "num_articles", "num_sources", "num_mentions", "why"):
        assert after[field] == before[field], field
    assert [i["num_mentions"] for i in incidents_of(settings, UNRELATED["id"])]


def test_a_syndicated_copy_is_a_source_and_a_mention_but_not_an_article(worker):
    settings = worker
    before = the_call(settings)
    publish_articles(settings, [SYNDICATED])
    wait_until(lambda: SYNDICATED["id"] in the_call(settings)["article_ids"], 60, 0.5, "the copy joins the incident")
    wait_drained(settings, 120)
    after = the_call(settings)
    assert after["num_sources"] == before["num_sources"] + 1
    assert after["num_articles"] == before["num_articles"]
    assert after["num_mentions"] > before["num_mentions"]
    assert after["duplicate_article_ids"] == [SYNDICATED["id"]]
    doc = wait_until(lambda: (d := article_doc(settings, SYNDICATED["id"])).get("duplicate_of") and d, 30, 0.5,
                     "duplicate_of on the copy's article document")
    assert doc["duplicate_of"] == CALL_EN_1["id"] and doc["text"] == SYNDICATED["text"]
    assert article_doc(settings, CALL_EN_1["id"]).get("duplicate_of") is None


def test_search_and_aggregate_incidents(worker):
    import orjson
    from typer.testing import CliRunner

    from streams.cli import app

    settings = worker

    def search(*args):
        result = CliRunner().invoke(app, ["search", *args], obj=settings, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    found = orjson.loads(search("--incidents", "--type", "CONSULT", "--json"))
    assert found["total"] == 1 and found["hits"][0]["article_ids"][0].startswith("inc-call")
    assert "state" not in found["hits"][0]
    arabic = orjson.loads(search("--incidents", "اردوغان", "--json"))
    assert [h["event"]["plover"] for h in arabic["hits"]] == ["CONSULT"]
    ranked = orjson.loads(search("--incidents", "--json"))["hits"]
    assert ranked[0]["event"]["plover"] == "CONSULT", "most sources first"
    countries = orjson.loads(search("--incidents", "--agg", "country", "--json"))
    assert {"key": "TUR", "count": 1} in countries["buckets"]
    events = orjson.loads(search("--agg", "country", "--json"))
    assert next(b["count"] for b in events["buckets"] if b["key"] == "TUR") > 1, "events count every report"
    assert "incidents" in search("--incidents", "--agg", "type")
    assert "CONSULT" in search("--incidents")

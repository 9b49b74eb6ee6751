import orjson
import pytest

from streams.ids import article_doc_id
from streams.models import Article
from streams.sink.documents import (
    InvalidIndexMessage,
    article_document,
    decode_index_message,
    decode_index_records,
    prepare_article,
    prepare_event,
)
from tests.synthetic_events import synthetic_event, synthetic_extraction


def test_event_message_with_or_without_kind_header():
    doc = synthetic_event(0).to_doc()
    value = orjson.dumps(doc)
    for headers in ([], None, [("kind", b"event")], {"kind": b"event"}):
        item = decode_index_message(value, headers, origin="pos")
        assert (item.kind, item.doc_id, item.origin) == ("event", doc["event_id"], "pos")
        assert item.doc == doc


def test_article_message_gets_content_derived_id():
    item = decode_index_message(orjson.dumps({"article_id": "a-1", "title": "t"}), [("kind", b"article")])
    assert item.kind == "article" and item.doc_id == article_doc_id("a-1")


@pytest.mark.parametrize(
    "value, headers",
    [
        (b"not json", []),
        (b"", []),
        (None, []),
        (b"[1, 2]", []),
        (b'{"no_event_id": 1}', []),
        (b'{"event_id": 7}', []),
        (b'{"article_id": "x"}', [("kind", b"comment")]),
        (b'{"title": "x"}', [("kind", b"article")]),
    ],
)
def test_junk_is_an_invalid_index_message(value, headers):
    with pytest.raises(InvalidIndexMessage):
        decode_index_message(value, headers)


def test_a_bundle_gives_its_events_then_its_article_all_with_the_message_origin():
    docs = [synthetic_event(n).to_doc() for n in range(3)]
    value = b'{"events":[' + b",".join(orjson.dumps(d) for d in docs) + b'],"article":{"article_id":"a-1"}}'
    items = decode_index_records(value, [("kind", b"bundle")], origin="pos", article_op="merge")
    assert [(i.kind, i.doc_id) for i in items] == [("event", d["event_id"]) for d in docs] + [("article", article_doc_id("a-1"))]
    assert [i.doc for i in items[:-1]] == docs and {i.origin for i in items} == {"pos"}
    assert [i.op for i in items] == ["index"] * 3 + ["merge"]
    # an article record without events, as the worker sends one
    assert [i.kind for i in decode_index_records(orjson.dumps({"article_id": "a-2"}), [("kind", b"article")])] == ["article"]


@pytest.mark.parametrize(
    "value",
    [
        b'{"events": [], "article": null}',
        b'{"events": {}, "article": {"article_id": "a"}}',
        b'{"article": {"article_id": "a"}}',
        b'{"events": [{"event_id": "e"}], "article": {"article_id": "a"}, "more": 1}',
        b'{"events": [{"no_event_id": 1}], "article": {"article_id": "a"}}',
        b'{"events": [7], "article": {"article_id": "a"}}',
        b'{"events": [], "article": {"no_article_id": "a"}}',
        b"[]",
    ],
)
def test_a_broken_bundle_is_refused_whole(value):
    with pytest.raises(InvalidIndexMessage):
        decode_index_records(value, [("kind", b"bundle")])


def test_without_its_kind_header_a_record_is_known_by_its_document():
    """A requeued dead letter goes back with its key and bytes, not its headers."""
    event = synthetic_event(0).to_doc()
    value = b'{"events":[' + orjson.dumps(event) + b'],"article":{"article_id":"a-1"}}'
    assert [i.kind for i in decode_index_records(value, [])] == ["event", "article"]
    assert [i.kind for i in decode_index_records(orjson.dumps({"article_id": "a-1", "title": "t"}), None)] == ["article"]
    assert [(i.kind, i.doc_id) for i in decode_index_records(orjson.dumps(event), [])] == [("event", event["event_id"])]


def test_the_single_document_decoder_refuses_a_bundle():
    with pytest.raises(InvalidIndexMessage, match="decode_index_records"):
        decode_index_message(b'{"events": [], "article": {"article_id": "a"}}', [("kind", b"bundle")])


def test_reciprocal_event_has_both_dyad_directions_and_arabic_search_form():
    event = synthetic_event(0, lang="ar")  # CONSULT: reciprocal
    assert event.reciprocal
    doc = prepare_event(event.to_doc(), "2024-01-01T00:00:00.000Z")
    src, tgt = event.source_actor[0], event.target_actor[0]
    assert doc["dyad"] == sorted([f"{src.code}>{tgt.code}", f"{tgt.code}>{src.code}"])
    assert doc["event"]["ingested"] == "2024-01-01T00:00:00.000Z"
    assert doc["sentence"]["text_norm"] and "أ" not in doc["sentence"]["text_norm"]  # hamza folded
    assert doc["actor_countries"] == sorted({src.country, tgt.country})


def test_one_way_event_and_english_text():
    event = synthetic_event(2, lang="en")  # ACCUSE: one direction
    assert not event.reciprocal
    doc = prepare_event(event.to_doc(), "t")
    assert doc["dyad"] == [f"{event.source_actor[0].code}>{event.target_actor[0].code}"]
    assert doc["dyad_countries"] == [f"{event.source_actor[0].country}>{event.target_actor[0].country}"]
    assert doc["sentence"]["text_norm"] is None and doc["article_title_norm"] is None


def test_prepare_does_not_change_the_topic_document():
    original = synthetic_event(4).to_doc()
    snapshot = orjson.dumps(original)
    prepare_event(original, "t")
    assert orjson.dumps(original) == snapshot


def test_article_document_links_events_and_entities():
    events = tuple(synthetic_event(n, article_id="art-9") for n in range(3))
    article = Article(id="art-9", text="نص الخبر", title="عنوان", lang="ar", published="2023-01-05T12:00:00Z", source="seed")
    doc = article_document(article, synthetic_extraction(article, events), created="2024-01-01T00:00:00Z", lineage=None)
    assert doc["article_id"] == "art-9" and doc["event_count"] == 3
    assert doc["event_ids"] == [e.event_id for e in events]
    assert doc["@timestamp"] == "2023-01-05T12:00:00Z"
    assert set(doc["countries"]) == {p.country for e in events for p in e.places}
    assert len(doc["geo"]) == len(doc["entities"]["places"])
    prepared = prepare_article(doc, "now")
    assert prepared["title_norm"] == "عنوان" and prepared["event"] == {"created": "2024-01-01T00:00:00Z", "ingested": "now"}


def test_an_event_with_no_party_at_all_has_no_dyad():
    event = synthetic_event(0).to_doc()
    event["source_actor"], event["target_actor"] = [], []
    assert prepare_event(event, "2025-01-01T00:00:00Z")["dyad"] == []

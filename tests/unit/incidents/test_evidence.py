"""Evidence on the topic: items bundled per partition, and decoded back in either form."""

from __future__ import annotations

import orjson
import pytest

from streams.incidents.evidence import InvalidEvidence, bundle, decode_all, encode

from .support import event_doc, evidence


def item(article: str, target: str = "TURGOV") -> tuple[bytes, bytes]:
    return encode(evidence(article, [event_doc(f"e-{article}-{target}", article, targets=(target,))]))


def test_items_of_one_partition_travel_in_one_record_in_their_order():
    items = [item("a", "TURGOV"), item("a", "IRNGOV"), item("b", "TURGOV"), item("b", "SYRGOV")]
    partition_of = {items[0][0]: 1, items[1][0]: 0, items[3][0]: 1}.__getitem__
    records = bundle(items, partition_of, max_bytes=1 << 20)
    assert [partition for partition, _, _ in records] == [0, 1]
    by_partition = {partition: decode_all(value) for partition, _, value in records}
    assert [e.article.article_id for e in by_partition[1]] == ["a", "b", "b"]
    assert [e.key.text() for e in by_partition[0]] == [items[1][0].decode()]
    # keyed by an item's own key, so a requeued dead letter lands on the same partition
    assert all(partition_of(key) == partition for partition, key, _ in records)


def test_a_bundle_is_cut_before_it_grows_past_the_limit():
    items = [item(f"a{n}") for n in range(5)]
    limit = 2 * len(items[0][1]) + 3  # two items and the brackets
    records = bundle(items, lambda key: 0, max_bytes=limit)
    assert [len(decode_all(value)) for _, _, value in records] == [2, 2, 1]
    assert all(len(value) <= limit for _, _, value in records)
    assert [e.article.article_id for _, _, v in records for e in decode_all(v)] == [f"a{n}" for n in range(5)]


def test_a_record_of_one_item_as_an_object_still_decodes():
    key, value = item("a")
    assert value.startswith(b"{")
    [single] = decode_all(value)
    [bundled] = decode_all(bundle([(key, value)], lambda k: 0, 1 << 20)[0][2])
    assert single == bundled and single.article.article_id == "a"


@pytest.mark.parametrize("junk", [b"", b"[]", b"not json", b"[{\"key\": 1}]", orjson.dumps([orjson.loads(item("a")[1]), 5])])
def test_junk_is_invalid_evidence(junk):
    with pytest.raises(InvalidEvidence):
        decode_all(junk)

"""Incidents from sets: counts, the best evidence, near-duplicates, order independence, reopening."""

from __future__ import annotations

import random

import pytest

from streams.incidents.merge import EvidenceMismatch, duplicates, incident_document, incident_from_document, merge

from .support import event_doc, evidence

AGENCY_TEXT = ("Russian President Vladimir Putin and Turkish President Recep Tayyip Erdogan discussed the "
               "situation in Syria and grain exports in a telephone call on Tuesday, the Kremlin said in a statement. "
               "The two leaders agreed to keep in contact, according to the statement.")


def three_reports():
    return [
        evidence("en1", [event_doc("e1", "en1", confidence=0.8)], source="wire-a"),
        evidence("en2", [event_doc("e2", "en2", sources=["TURGOV"], targets=["RUSGOV"])], source="wire-b"),
        evidence("ar1", [event_doc("e3", "ar1", confidence=1.0, lang="ar"), event_doc("e4", "ar1", confidence=0.5, lang="ar")],
                 source="wire-c", lang="ar"),
    ]


def test_counts_come_from_sets():
    doc = incident_document(merge(None, three_reports()))
    assert doc["article_ids"] == ["ar1", "en1", "en2"]
    assert doc["event_ids"] == ["e1", "e2", "e3", "e4"]
    assert (doc["num_articles"], doc["num_sources"], doc["num_mentions"]) == (3, 3, 4)
    assert doc["languages"] == ["ar", "en"]
    assert doc["best_event_id"] == "e3" and doc["confidence"] == 1.0


def test_redelivered_evidence_changes_nothing():
    once = merge(None, three_reports())
    assert merge(once, three_reports()) == once
    assert merge(merge(once, three_reports()[:1]), three_reports()[2:]) == once


@pytest.mark.parametrize("seed", range(8))
def test_shuffled_and_rebatched_evidence_gives_the_same_document(seed):
    rng = random.Random(seed)
    items = three_reports() + [evidence(f"x{n}", [event_doc(f"ex{n}", f"x{n}", confidence=rng.random())]) for n in range(6)]
    reference = incident_document(merge(None, items))
    shuffled = items[:]
    rng.shuffle(shuffled)
    state = None
    while shuffled:
        size = rng.randint(1, 3)
        state = merge(state, shuffled[:size])
        shuffled = shuffled[size:]
    assert incident_document(state) == reference


def test_the_best_evidence_prefers_confidence_then_asserted_day_precision_venue_then_the_smallest_id():
    tie = [evidence("a", [event_doc("e9", "a")]), evidence("b", [event_doc("e5", "b")])]
    assert merge(None, tie).best["event_id"] == "e5"
    venue = [evidence("a", [event_doc("e1", "a")]), evidence("b", [event_doc("e7", "b", venue="Moscow")])]
    assert merge(None, venue).best["event_id"] == "e7"
    assert merge(None, venue).venues == ("Moscow",)


def test_evidence_of_another_incident_is_refused():
    incident = merge(None, three_reports())
    other = evidence("z", [event_doc("ez", "z", plover="ASSAULT")])
    with pytest.raises(EvidenceMismatch):
        merge(incident, [other])


def test_a_document_reopens_as_the_same_incident():
    incident = merge(None, three_reports())
    assert incident_from_document(incident_document(incident)) == incident


def test_syndicated_copies_count_as_sources_and_mentions_not_as_articles():
    copies = [
        evidence("orig", [event_doc("e1", "orig")], source="agency", text=AGENCY_TEXT, published="2025-03-04T09:00:00+00:00"),
        evidence("copy1", [event_doc("e2", "copy1")], source="site-1", text="Home | World\n" + AGENCY_TEXT + "\nRead more: markets",
                 published="2025-03-04T09:30:00+00:00"),
        evidence("copy2", [event_doc("e3", "copy2")], source="site-2", text=AGENCY_TEXT, published="2025-03-04T11:00:00+00:00"),
        evidence("own", [event_doc("e4", "own")], source="paper", published="2025-03-04T12:00:00+00:00",
                 text="Erdogan told Putin by phone that Ankara wants the Black Sea grain corridor reopened, officials in Ankara said."),
    ]
    doc = incident_document(merge(None, copies))
    assert (doc["num_articles"], doc["num_sources"], doc["num_mentions"]) == (2, 4, 4)
    assert doc["duplicate_article_ids"] == ["copy1", "copy2"]
    assert any("copy1 is a near-duplicate of orig" in line for line in doc["why"])


def test_the_earliest_article_is_the_original_whatever_the_order():
    texts = [evidence(f"c{n}", [event_doc(f"e{n}", f"c{n}")], text=AGENCY_TEXT, published=f"2025-03-04T1{n}:00:00+00:00")
             for n in range(4)]
    for order in (texts, texts[::-1]):
        assert duplicates(merge(None, order).articles) == {"c1": ("c0", 1.0), "c2": ("c0", 1.0), "c3": ("c0", 1.0)}


def test_the_best_sentence_of_each_language_is_kept_for_free_text_in_either():
    doc = incident_document(merge(None, three_reports()))
    assert doc["sentences"] == ["sentence of e3", "sentence of e2"], "ar: the best Arabic mention, en: the best English one"
    assert doc["sentence"]["text"] == "sentence of e3"
    reopened = incident_document(incident_from_document(doc))
    assert reopened["sentences"] == doc["sentences"]


def _pairwise_duplicates(refs):
    """The definition `duplicates` computes, one pair at a time: same text hash, or a share of equal
    signature positions at or above the threshold, joined transitively; the earliest is the original."""
    from streams.incidents import sketch

    ordered = sorted(refs, key=lambda a: (a.published or "9999", a.article_id))
    group = list(range(len(ordered)))
    link = {}
    for i in range(len(ordered)):
        for j in range(i + 1, len(ordered)):
            a, b = ordered[i], ordered[j]
            share = None
            if a.sketch and b.sketch:
                share = float((sketch.signature(a.sketch) == sketch.signature(b.sketch)).mean())
            if (a.text_hash and a.text_hash == b.text_hash) or (share is not None and share >= sketch.threshold()):
                old, new = max(group[i], group[j]), min(group[i], group[j])
                group = [new if g == old else g for g in group]
                if share is not None and share >= sketch.threshold():
                    link[j] = max(link.get(j, 0.0), share)
    out = {}
    for index, article in enumerate(ordered):
        root = group[index]
        if root != index:
            same = article.text_hash and article.text_hash == ordered[root].text_hash
            out[article.article_id] = (ordered[root].article_id, 1.0 if same else round(link.get(index, 0.0), 3))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_near_duplicates_are_those_of_the_pairwise_definition(seed):
    # `duplicates` compares every pair of sketches in one array operation; on random incidents of
    # copies, light edits, other texts, equal hashes and missing sketches it must find exactly the
    # pairs, groups and similarities that comparing one pair at a time does.
    import base64

    import numpy as np

    from streams.incident_models import ArticleRef

    rng = random.Random(seed)
    bases = [np.array([rng.getrandbits(32) for _ in range(64)], dtype="<u4") for _ in range(3)]
    refs = []
    for n in range(rng.randint(2, 14)):
        signature = rng.choice(bases).copy()
        for position in rng.sample(range(64), rng.choice([0, 10, 30, 32, 34, 60])):
            signature[position] = rng.getrandbits(32)
        encoded = base64.b64encode(signature.tobytes()).decode() if rng.random() > 0.15 else None
        refs.append(ArticleRef(f"a{n}", "s", "en", f"2025-01-0{rng.randint(1, 9)}T00:00:00Z",
                               rng.choice(["h1", "h2", None, f"own{n}"]), encoded))
    assert duplicates(refs) == _pairwise_duplicates(refs)

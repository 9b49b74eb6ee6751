"""Each search filter and aggregation on the real Elasticsearch, checked against the documents themselves."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from tests.integration.sink_support import client_for, index_all, own_indices

from streams.sink.documents import event_item, prepare_event
from streams.sink.search import SearchFilters, run_search
from tests.synthetic_events import synthetic_event

pytestmark = pytest.mark.integration
N = 60


@pytest.fixture(scope="module")
def es_settings():
    yield from own_indices()


@pytest.fixture(scope="module")
def indexed(es_settings):
    docs = [synthetic_event(n).to_doc() for n in range(N)]
    index_all(es_settings, [event_item(d) for d in docs])
    return es_settings, [prepare_event(d, "t") for d in docs]


def search(settings, **filters):
    async def run():
        client = client_for(settings)
        try:
            return await run_search(client, settings, SearchFilters(size=N, **filters))
        finally:
            await client.close()

    return asyncio.run(run())


def ids(result):
    return {hit["event_id"] for hit in result.hits}


def expect(docs, predicate):
    return {d["event_id"] for d in docs if predicate(d)}


def assert_top_buckets(buckets, expected: Counter) -> None:
    """Buckets are the most frequent keys with their exact counts (ties at the cut may differ)."""
    assert buckets and len(buckets) == len(dict(buckets))
    assert all(expected[key] == count for key, count in buckets)
    cut = min(count for _, count in buckets)
    assert all(count <= cut for key, count in expected.items() if key not in dict(buckets))
    assert len(buckets) == len(expected) or len(buckets) >= 20


def test_no_filter_returns_everything_newest_first(indexed):
    settings, docs = indexed
    result = search(settings)
    assert result.total == N and ids(result) == expect(docs, lambda d: True)
    stamps = [hit["@timestamp"] for hit in result.hits]
    assert stamps == sorted(stamps, reverse=True)


def test_actor_country_type_cameo_lang_confidence(indexed):
    settings, docs = indexed
    assert ids(search(settings, actor="RUSGOV")) == expect(docs, lambda d: "RUSGOV" in d["actor_codes"]) != set()
    assert ids(search(settings, country="SYR")) == expect(
        docs, lambda d: "SYR" in d["actor_countries"] or d["location"]["country"] == "SYR") != set()
    assert ids(search(settings, plover="assault")) == expect(docs, lambda d: d["event"]["plover"] == "ASSAULT") != set()
    assert ids(search(settings, cameo="04")) == expect(docs, lambda d: d["event"]["cameo_root"] == "04") != set()
    assert ids(search(settings, cameo="112")) == expect(docs, lambda d: d["event"]["cameo"].startswith("112")) != set()
    assert ids(search(settings, lang="ar")) == expect(docs, lambda d: d["lang"] == "ar") != set()
    assert ids(search(settings, min_confidence=0.8)) == expect(docs, lambda d: d["confidence"] >= 0.8) != set()


def test_date_range_is_inclusive_of_whole_days(indexed):
    settings, docs = indexed
    result = search(settings, since="2023-01-06", until="2023-01-08")
    assert ids(result) == expect(docs, lambda d: "2023-01-06" <= d["@timestamp"][:10] <= "2023-01-08") != set()


def test_place_in_either_language(indexed):
    settings, docs = indexed
    moscow = expect(docs, lambda d: d["location"]["name"] == "Moscow")
    assert ids(search(settings, place="Moscow")) == moscow != set()
    arabic = expect(docs, lambda d: any(p["text"] == "موسكو" for p in d["places"]))
    assert ids(search(settings, place="موسكو")) == arabic != set()


def test_arabic_free_text_matches_regardless_of_hamza_and_diacritics(indexed):
    settings, docs = indexed
    # The documents spell «أردوغان» with a hamza; the analyst types it bare and with a diacritic.
    wanted = expect(docs, lambda d: "أردوغان" in d["sentence"]["text"])
    assert wanted
    assert ids(search(settings, text="اردوغان")) == wanted
    assert ids(search(settings, text="أردوغانَ")) == wanted


def test_english_free_text(indexed):
    settings, docs = indexed
    wanted = expect(docs, lambda d: "accused" in d["sentence"]["text"])
    assert wanted and ids(search(settings, text="accused")) == wanted


def test_filters_combine(indexed):
    settings, docs = indexed
    result = search(settings, actor="TURGOV", lang="en", plover="CONSULT")
    assert ids(result) == expect(
        docs, lambda d: "TURGOV" in d["actor_codes"] and d["lang"] == "en" and d["event"]["plover"] == "CONSULT")


@pytest.mark.parametrize(
    "agg, key",
    [
        ("type", lambda d: [d["event"]["plover"]]),
        ("dyad", lambda d: d["dyad"]),
        ("country", lambda d: d["actor_countries"]),
        ("day", lambda d: [d["@timestamp"][:10] + "T00:00:00.000Z"]),
    ],
)
def test_aggregations_count_what_the_documents_say(indexed, agg, key):
    settings, docs = indexed
    expected = Counter(k for d in docs for k in key(d))
    result = search(settings, agg=agg)
    assert_top_buckets(result.buckets, expected)
    assert result.total == N


def test_aggregation_with_filters(indexed):
    settings, docs = indexed
    result = search(settings, agg="dyad", country="TUR")
    expected = Counter(k for d in docs if "TUR" in d["actor_countries"] or d["location"]["country"] == "TUR" for k in d["dyad"])
    assert_top_buckets(result.buckets, expected)


def test_modality_filter(indexed):
    settings, docs = indexed
    asserted = expect(docs, lambda d: d["event"]["modality"] == ["asserted"])
    future = expect(docs, lambda d: "future" in d["event"]["modality"])
    assert ids(search(settings, modality=("asserted",))) == asserted != set()
    assert ids(search(settings, modality=("future",))) == future != set()
    assert ids(search(settings, modality=("asserted", "future"))) == asserted | future


def test_source_filter(indexed):
    settings, docs = indexed
    assert ids(search(settings, source="synthetic")) == expect(docs, lambda d: True)
    assert ids(search(settings, source="elsewhere")) == set()


def test_paging_with_search_after_reads_every_hit_once_in_order(indexed):
    """Small pages stand for the 10,000-hit window: the same machinery reads any number of hits."""
    from streams.sink.search import HitPager, build_query

    settings, docs = indexed

    async def run(limit):
        client = client_for(settings)
        try:
            pager = HitPager(client, settings.events_alias, build_query(SearchFilters()), limit=limit, page_size=7)
            return [hit async for hit in pager], pager
        finally:
            await client.close()

    hits, pager = asyncio.run(run(None))
    assert pager.total == N and pager.used_point_in_time  # the local distribution has point in time
    assert [h["event_id"] for h in hits] == [h["event_id"] for h in search(settings).hits]
    assert len({h["event_id"] for h in hits}) == N
    hits, _ = asyncio.run(run(N - 3))
    assert len(hits) == N - 3

from streams.sink.search import SearchFilters, build_query, parse_response


def _filters(body):
    return body["query"]["bool"]["filter"]


def test_empty_filters_match_all_newest_first():
    body = build_query(SearchFilters())
    assert body["query"] == {"match_all": {}}
    assert body["sort"][0] == {"@timestamp": "desc"} and body["size"] == 20


def test_arabic_text_is_also_searched_in_its_normalized_form():
    body = build_query(SearchFilters(text="أردوغان"))
    should = body["query"]["bool"]["must"][0]["bool"]["should"]
    assert should[0]["multi_match"]["query"] == "أردوغان"
    assert should[1]["multi_match"]["query"] == "اردوغان"
    assert "sentence.text_norm" in should[1]["multi_match"]["fields"]
    assert body["sort"][0] == "_score"


def test_english_text_has_no_normalized_clause():
    body = build_query(SearchFilters(text="phone call"))
    assert len(body["query"]["bool"]["must"][0]["bool"]["should"]) == 1


def test_each_filter():
    body = build_query(SearchFilters(actor="rusgov", plover="consult", lang="AR", min_confidence=0.6, cameo="04"))
    assert {"term": {"actor_codes": "RUSGOV"}} in _filters(body)
    assert {"term": {"event.plover": "CONSULT"}} in _filters(body)
    assert {"term": {"lang": "ar"}} in _filters(body)
    assert {"range": {"confidence": {"gte": 0.6}}} in _filters(body)
    assert {"term": {"event.cameo_root": "04"}} in _filters(body)
    assert {"prefix": {"event.cameo": "042"}} in _filters(build_query(SearchFilters(cameo="042")))


def test_country_matches_actors_or_location():
    clause = _filters(build_query(SearchFilters(country="syr")))[0]["bool"]["should"]
    assert {"term": {"actor_countries": "SYR"}} in clause and {"term": {"location.country": "SYR"}} in clause


def test_bare_dates_cover_whole_days_and_date_math_passes_through():
    rng = _filters(build_query(SearchFilters(since="2023-01-01", until="2023-01-05")))[0]["range"]["@timestamp"]
    assert rng == {"gte": "2023-01-01||/d", "lte": "2023-01-05||/d"}
    rng = _filters(build_query(SearchFilters(since="now-7d")))[0]["range"]["@timestamp"]
    assert rng == {"gte": "now-7d"}


def test_aggregation_requests_no_hits():
    body = build_query(SearchFilters(agg="dyad", actor="TURGOV"))
    assert body["size"] == 0 and body["aggs"]["dyad"]["terms"]["field"] == "dyad"


def test_parse_response_reads_buckets_and_hits():
    raw = {
        "hits": {"total": {"value": 3}, "hits": [{"_source": {"event_id": "a"}}]},
        "aggregations": {"day": {"buckets": [{"key": 1, "key_as_string": "2023-01-05", "doc_count": 3}]}},
    }
    result = parse_response(raw, "day")
    assert result.total == 3 and result.hits == [{"event_id": "a"}] and result.buckets == [("2023-01-05", 3)]


def test_incidents_use_the_same_filters_sorted_by_sources_without_their_state():
    body = build_query(SearchFilters(incidents=True, plover="consult", country="TUR", lang="ar"))
    assert {"term": {"event.plover": "CONSULT"}} in _filters(body)
    assert {"term": {"languages": "ar"}} in _filters(body)
    assert body["sort"][0] == {"num_sources": "desc"} and body["sort"][-1] == {"incident_id": "asc"}
    assert body["_source"] == {"excludes": ["state"]}


def test_aggregations_over_incidents():
    assert build_query(SearchFilters(incidents=True, agg="dyad"))["aggs"] == {"dyad": {"terms": {"field": "dyad", "size": 20}}}
    assert build_query(SearchFilters(incidents=True, agg="source"))["aggs"]["source"]["terms"]["field"] == "sources"
    assert build_query(SearchFilters(agg="source"))["aggs"]["source"]["terms"]["field"] == "article_source"


def test_free_text_over_incidents_also_searches_the_best_sentence_of_each_language():
    should = build_query(SearchFilters(incidents=True, text="أردوغان"))["query"]["bool"]["must"][0]["bool"]["should"]
    assert "sentences" in should[0]["multi_match"]["fields"] and "sentences_norm" in should[1]["multi_match"]["fields"]
    events = build_query(SearchFilters(text="أردوغان"))["query"]["bool"]["must"][0]["bool"]["should"]
    assert "sentences" not in events[0]["multi_match"]["fields"]


def test_modality_and_source_filters():
    body = build_query(SearchFilters(modality=("asserted",), source="Reuters"))
    assert {"terms": {"event.modality": ["asserted"]}} in _filters(body)
    assert {"term": {"article_source": "Reuters"}} in _filters(body)


def test_the_modality_choices_are_the_event_schemas():
    import json

    from streams.packaged import packaged
    from streams.sink.search import modalities

    schema = json.loads(packaged("schemas", "event.schema.json").read_text("utf-8"))
    assert list(modalities()) == schema["properties"]["event"]["properties"]["modality"]["items"]["enum"]
    assert "asserted" in modalities() and "negated" in modalities()


def test_one_request_never_asks_past_the_result_window():
    assert build_query(SearchFilters(size=50_000))["size"] == 10_000


def test_search_rejects_an_unknown_modality_and_takes_sizes_past_10000():
    from typer.testing import CliRunner

    from streams import cli

    result = CliRunner().invoke(cli.app, ["search", "--modality", "rumoured"])
    assert result.exit_code == 2 and "choose from" in result.stderr
    assert CliRunner().invoke(cli.app, ["search", "--size", "50000", "--help"]).exit_code == 0


class FakeClient:
    """Answers search_after pages from a sorted list; with or without point-in-time support."""

    def __init__(self, docs, *, pit: bool):
        self.docs, self.pit, self.requests, self.closed = docs, pit, [], []

    async def open_point_in_time(self, index, keep_alive):
        import elasticsearch
        from elastic_transport import ApiResponseMeta, HttpHeaders

        if not self.pit:
            meta = ApiResponseMeta(400, "1.1", HttpHeaders(), 0.0, None)
            raise elasticsearch.BadRequestError("no pit", meta, {})
        return type("R", (), {"body": {"id": "pit-1"}})()

    async def close_point_in_time(self, id):
        self.closed.append(id)

    async def search(self, **request):
        self.requests.append(request)
        start = 0 if "search_after" not in request else request["search_after"][0] + 1
        page = self.docs[start:start + request["size"]]
        body = {"hits": {"total": {"value": len(self.docs)}, "hits": [{"_source": d, "sort": [d["n"]]} for d in page]},
                "pit_id": "pit-2"}
        return type("R", (), {"body": body})()


def run_pager(client, **kwargs):
    import asyncio

    from streams.sink.search import HitPager

    async def go():
        pager = HitPager(client, "events", {"query": {"match_all": {}}, "sort": [{"n": "asc"}], "size": 5}, **kwargs)
        return [d["n"] async for d in pager], pager

    return asyncio.run(go())


def test_pages_follow_search_after_over_a_point_in_time_and_close_it():
    client = FakeClient([{"n": n} for n in range(25)], pit=True)
    got, pager = run_pager(client, limit=23, page_size=10)
    assert got == list(range(23)) and pager.total == 25 and pager.used_point_in_time
    assert [r["size"] for r in client.requests] == [10, 10, 3]
    assert [r.get("search_after") for r in client.requests] == [None, [9], [19]]
    assert all("index" not in r and r["pit"]["id"] for r in client.requests)
    assert client.requests[1]["pit"]["id"] == "pit-2"  # the id Elasticsearch answered with
    assert client.closed == ["pit-2"]
    assert [r["track_total_hits"] for r in client.requests] == [True, False, False]


def test_without_point_in_time_the_pages_read_the_index():
    client = FakeClient([{"n": n} for n in range(12)], pit=False)
    got, pager = run_pager(client, page_size=5)
    assert got == list(range(12)) and not pager.used_point_in_time
    assert all(r["index"] == "events" and "pit" not in r for r in client.requests) and client.closed == []

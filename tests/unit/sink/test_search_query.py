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

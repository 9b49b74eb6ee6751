"""The export rows: CSV's flat columns and GDELT 2.0's event table, from one event document."""

from __future__ import annotations

from streams.sink.export import CSV_COLUMNS, GDELT_COLUMNS, csv_row, gdelt_row
from tests.synthetic_events import synthetic_event


def doc(n: int = 3, **changes):
    document = synthetic_event(n).to_doc()
    document["event"]["ingested"] = "2024-02-03T04:05:06Z"
    document.update(changes)
    return document


def as_dict(columns, row):
    assert len(row) == len(columns)
    return dict(zip(columns, row, strict=True))


def test_gdelt_has_the_61_columns_of_the_2_0_event_table_in_order():
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[26:35] == ("EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
                                    "NumMentions", "NumSources", "NumArticles", "AvgTone")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL") and GDELT_COLUMNS[56:58] == ("ActionGeo_Lat", "ActionGeo_Long")


def test_gdelt_row_maps_codes_dates_actors_and_the_venue():
    row = as_dict(GDELT_COLUMNS, gdelt_row(doc(3)))
    assert row["SQLDATE"] == "20230106" and row["MonthYear"] == "202301" and row["Year"] == "2023"
    assert row["FractionDate"] == "2023.0986"  # (month * 30 + day) / 365, as GDELT computes it
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == (
        "SYRGOV", "SYRIAN GOVERNMENT", "SYR", "GOV")
    assert row["Actor2Code"] == "UKRGOV"
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("190", "190", "19")
    assert row["QuadClass"] == "4" and row["GoldsteinScale"] == "-10.0"
    assert (row["ActionGeo_Type"], row["ActionGeo_FullName"], row["ActionGeo_CountryCode"]) == ("4", "Kyiv", "UP")  # FIPS
    assert (row["ActionGeo_Lat"], row["ActionGeo_Long"], row["ActionGeo_FeatureID"]) == ("50.45466", "30.5238", "703448")
    assert row["DATEADDED"] == "20240203040506" and row["SOURCEURL"] == "https://example.org/news/1"
    assert row["IsRootEvent"] == "0"  # the sentence is not the article's first
    assert row["AvgTone"] == "" and row["Actor1Geo_Lat"] == "" and row["Actor1KnownGroupCode"] == ""


def test_gdelt_action_geo_is_the_venue_only():
    for role in ("about", "remote"):
        document = doc(3)
        document["location"]["role"] = role
        row = as_dict(GDELT_COLUMNS, gdelt_row(document))
        assert row["ActionGeo_Lat"] == row["ActionGeo_FullName"] == row["ActionGeo_Type"] == ""


def test_gdelt_rows_never_break_the_tab_format():
    document = doc(3)
    document["article_url"] = "https://example.org/a\tb\nc"
    assert "\t" not in "".join(gdelt_row(document)) and "\n" not in "".join(gdelt_row(document))


def test_csv_row_is_flat_with_lists_joined():
    document = doc(0)
    document["source_actor"].append({"code": "TURGOV", "name": "Turkish government", "country": "TUR", "sector": "GOV"})
    row = as_dict(CSV_COLUMNS, csv_row(document))
    assert row["source_codes"] == "RUSGOV|TURGOV" and row["source_countries"] == "RUS|TUR"
    assert row["plover"] == "CONSULT" and row["modality"] == "asserted" and row["reciprocal"] == "true"
    assert row["location_lat"] == "55.75222" and row["claim_source"] == "MED"
    assert row["sentence"].startswith("الرئيس الروسي") and row["dictionary_version"] == "synthetic-1"


def test_nothing_is_written_when_the_first_page_fails_and_an_empty_export_keeps_its_header():
    import asyncio
    import io

    from streams.config import Settings
    from streams.sink.export import export_events
    from streams.sink.search import SearchFilters

    class Failing:
        async def open_point_in_time(self, **_):
            raise ConnectionError("down")

    class Empty:
        async def open_point_in_time(self, **_):
            return type("R", (), {"body": {"id": "p"}})()

        async def search(self, **_):
            return type("R", (), {"body": {"hits": {"total": {"value": 0}, "hits": []}}})()

        async def close_point_in_time(self, **_):
            pass

    out = io.StringIO()
    try:
        asyncio.run(export_events(Failing(), Settings(), SearchFilters(), "csv", out))
    except ConnectionError:
        pass
    assert out.getvalue() == ""
    out = io.StringIO()
    assert asyncio.run(export_events(Empty(), Settings(), SearchFilters(), "csv", out)) == 0
    assert out.getvalue().splitlines() == [",".join(CSV_COLUMNS)]

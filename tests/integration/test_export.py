"""`eventwire export` against the real Elasticsearch (own indices): every format, the time range, the
query, and paging through more hits than one page."""

from __future__ import annotations

import asyncio
import csv
import io

import orjson
import pytest
from tests.integration.sink_support import client_for, index_all, own_indices
from typer.testing import CliRunner

from streams import cli
from streams.sink.documents import event_item, prepare_event
from streams.sink.export import CSV_COLUMNS, GDELT_COLUMNS, export_events
from streams.sink.search import SearchFilters
from tests.synthetic_events import synthetic_event

pytestmark = pytest.mark.integration
N = 45


@pytest.fixture(scope="module")
def indexed():
    for settings in own_indices():
        docs = [synthetic_event(n).to_doc() for n in range(N)]
        index_all(settings, [event_item(d) for d in docs])
        yield settings, [prepare_event(d, "t") for d in docs]


def export(settings, fmt, **filters):
    out = io.StringIO()

    async def run():
        client = client_for(settings)
        try:
            return await export_events(client, settings, SearchFilters(**filters), fmt, out, page_size=10)
        finally:
            await client.close()

    count = asyncio.run(run())
    return count, out.getvalue()


def test_jsonl_pages_through_every_event_oldest_first(indexed):
    settings, docs = indexed
    count, text = export(settings, "jsonl")
    rows = [orjson.loads(line) for line in text.splitlines()]
    assert count == N == len(rows) == len({r["event_id"] for r in rows})
    stamps = [r["@timestamp"] for r in rows]
    assert stamps == sorted(stamps)


def test_csv_has_a_header_and_one_flat_row_per_event(indexed):
    settings, docs = indexed
    count, text = export(settings, "csv", since="2023-01-06", until="2023-01-08")
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = {d["event_id"] for d in docs if "2023-01-06" <= d["@timestamp"][:10] <= "2023-01-08"}
    assert tuple(rows[0]) == CSV_COLUMNS and {r["event_id"] for r in rows} == expected and count == len(expected) > 0


def test_gdelt_rows_with_a_query(indexed):
    settings, docs = indexed
    count, text = export(settings, "gdelt", query="event.plover:ASSAULT AND lang:ar")
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in text.splitlines()]
    expected = {d["event_id"] for d in docs if d["event"]["plover"] == "ASSAULT" and d["lang"] == "ar"}
    assert {r["GLOBALEVENTID"] for r in rows} == expected != set() and count == len(expected)
    assert all(r["EventRootCode"] == "19" and r["QuadClass"] == "4" and r["ActionGeo_CountryCode"] == "UP" for r in rows)  # Kyiv, FIPS
    assert all(r["SOURCEURL"].startswith("https://example.org/") and len(r["DATEADDED"]) == 14 for r in rows)


def test_the_command_writes_a_file(indexed, tmp_path):
    settings, docs = indexed
    out = tmp_path / "events.tsv"
    env = {"EVENTWIRE_EVENTS_ALIAS": settings.events_alias, "EVENTWIRE_ARTICLES_ALIAS": settings.articles_alias}
    result = CliRunner().invoke(cli.app, ["export", "--format", "gdelt", "--modality", "asserted", "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == sum(1 for d in docs if d["event"]["modality"] == ["asserted"]) > 0
    assert f"exported {len(lines)} events as gdelt" in result.stderr

"""Readers: each input format becomes article messages the worker accepts; bad input becomes errors."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import orjson
import pytest

from streams.app.handlers import decode_article
from streams.published import parse_published
from streams.ingest.readers import ArticleRecord, ReadError, detect_format, html_to_text, iter_articles

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
INGEST = FIXTURES / "ingest"


def read(*paths: Path) -> tuple[list[ArticleRecord], list[ReadError]]:
    items = list(iter_articles(paths))
    return [i for i in items if isinstance(i, ArticleRecord)], [i for i in items if isinstance(i, ReadError)]


def utc(published: str) -> str:
    return parse_published(published).utc


def test_every_article_passes_the_workers_own_validation():
    articles, _ = read(INGEST, FIXTURES / "seed_article.json", FIXTURES / "seed_article.txt")
    assert len(articles) >= 12
    for record in articles:
        decoded = decode_article(orjson.dumps(record.article), max_bytes=10_000_000)
        assert decoded.id == record.article["id"]
        assert decoded.text.strip()


def test_jsonl_keeps_good_lines_and_reports_each_bad_one_with_its_line():
    articles, errors = read(INGEST / "articles.jsonl")
    assert [a.article["id"] for a in articles] == ["fx-jsonl-1", "fx-jsonl-2", "fx-jsonl-naive-time", "fx-jsonl-3"]
    assert articles[0].article["published"] == "2024-02-04T12:00:00+03:00"
    assert articles[0].line == 1 and articles[3].line == 8
    # a time without offset is no longer refused: decoding takes it as UTC and says so
    naive = decode_article(orjson.dumps(articles[2].article), max_bytes=10**6)
    assert (naive.published, naive.published_assumed) == ("2024-02-05T08:30:00Z", "utc")
    reasons = {e.line: e.reason for e in errors}
    assert set(reasons) == {4, 5, 7}
    assert reasons[4].startswith("not JSON")
    assert "text" in reasons[5]
    assert "list" in reasons[7]


def test_seed_json_file_is_one_article_with_its_published_time():
    articles, errors = read(FIXTURES / "seed_article.json")
    assert not errors and len(articles) == 1
    source = orjson.loads((FIXTURES / "seed_article.json").read_bytes())
    assert articles[0].article == source


def test_text_file_is_one_article_with_a_content_derived_id(tmp_path):
    articles, errors = read(FIXTURES / "seed_article.txt")
    assert not errors and len(articles) == 1
    article = articles[0].article
    text = (FIXTURES / "seed_article.txt").read_text("utf-8")
    assert article["text"] == text
    assert article["title"] == text.strip().split("\n", 1)[0].strip()
    assert article["id"].startswith("txt-")
    # Same content elsewhere under another name: same id. Different content: another id.
    moved = tmp_path / "renamed.txt"
    shutil.copy(FIXTURES / "seed_article.txt", moved)
    assert read(moved)[0][0].article["id"] == article["id"]
    moved.write_text(text + "\nOne more line.", "utf-8")
    assert read(moved)[0][0].article["id"] != article["id"]


def test_single_line_text_has_no_title_and_empty_text_is_an_error(tmp_path):
    articles, _ = read(INGEST / "dir" / "nested" / "single.txt")
    assert "title" not in articles[0].article
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", "utf-8")
    articles, errors = read(empty)
    assert not articles and errors[0].reason == "empty text file"


def test_directory_is_read_recursively_in_sorted_order_skipping_hidden_files():
    items = list(iter_articles([INGEST / "dir"]))
    origins = [Path(i.path).name for i in items]
    assert origins == ["b-report.txt", "a.jsonl", "blob.bin", "single.txt"]
    assert isinstance(items[2], ReadError) and "unrecognized format" in items[2].reason
    assert all(".hidden" not in i.path for i in items)


def test_html_page_main_text_title_date_and_canonical_url():
    articles, errors = read(INGEST / "page.html")
    assert not errors
    article = articles[0].article
    assert article["title"] == "Foreign ministers of Egypt and Jordan meet in Amman"
    assert article["url"] == "https://news.example.org/world/2024/03/11/egypt-jordan-ministers-meet"
    assert article["published"] == "2024-03-11T09:30:00+02:00"  # the page's time and offset, not a guessed day
    assert article["lang"] == "en"
    assert article["source"] == "Example Wire"
    assert article["id"].startswith("url-")
    assert article["text"].startswith("Egyptian Foreign Minister Sameh Shoukry met")
    assert "called for an immediate and lasting ceasefire" in article["text"]
    for boilerplate in ("cookies", "Football results", "All rights reserved", "Home"):
        assert boilerplate not in article["text"]
    assert not article["text"].startswith(article["title"])  # the headline is not repeated in the body


def test_html_without_url_gets_a_content_id_and_the_json_ld_date():
    articles, _ = read(INGEST / "page_jsonld.html")
    article = articles[0].article
    assert article["id"].startswith("html-")
    assert "url" not in article
    assert article["published"] == "2024-01-20T16:45:00+02:00"
    assert "Kharkiv" in article["text"] and "Red Cross" in article["text"]


def test_rss_items_link_title_date_with_offset_and_stripped_content():
    articles, errors = read(INGEST / "feed.rss")
    assert not errors and len(articles) == 3
    first, second, third = (a.article for a in articles)
    assert first["url"] == "https://news.example.org/world/2024/06/25/nairobi-protest"
    assert first["title"] == "Protesters rally outside parliament in Nairobi"
    assert utc(first["published"]) == "2024-06-25T11:05:00Z"
    assert parse_published(first["published"]).offset == "+03:00"  # the feed's RFC 2822 time, offset kept
    assert first["source"] == "Example Wire - World" and first["lang"] == "en"
    # content:encoded wins over the shorter description, and its markup is gone
    assert first["text"] == (
        "Thousands of protesters gathered outside the parliament in Nairobi on Tuesday to oppose a proposed "
        "finance bill.\n\nPolice fired tear gas to disperse the crowd, witnesses said."
    )
    assert "<a" not in second["text"] and "World Food Programme" in second["text"]
    assert utc(second["published"]) == "2024-06-24T08:00:00Z"
    assert third["text"] == third["title"] == "Item without a body"
    assert len({a["id"] for a in (first, second, third)}) == 3


def test_atom_entries_prefer_content_and_fall_back_to_updated():
    articles, errors = read(INGEST / "feed.atom")
    assert not errors and len(articles) == 2
    truce, sanctions = (a.article for a in articles)
    assert truce["url"] == "https://gazette.example.net/diplomacy/jeddah-truce"
    assert utc(truce["published"]) == "2024-05-02T06:15:00Z"
    assert truce["text"].startswith("Representatives of the Sudanese army")
    assert "Short summary" not in truce["text"]
    assert utc(sanctions["published"]) == "2024-05-01T16:40:00Z"
    assert sanctions["source"] == "Example Gazette: Diplomacy"


def test_feed_item_and_its_page_share_an_id_when_they_share_a_url(tmp_path):
    page = (INGEST / "page.html").read_text("utf-8")
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Ministers meet</title>'
        "<link>https://news.example.org/world/2024/03/11/egypt-jordan-ministers-meet</link>"
        "<description>Short.</description></item></channel></rss>",
        "utf-8",
    )
    html = tmp_path / "page.htm"
    html.write_text(page, "utf-8")
    (from_feed,), _ = read(feed)
    (from_page,), _ = read(html)
    assert from_feed.article["id"] == from_page.article["id"]


def test_archive_lines_become_articles_with_their_kafka_timestamp_and_key():
    articles, errors = read(INGEST / "archive.ndjson")
    assert [a.article["id"] for a in articles] == ["fx-archive-1", "fx-archive-2"]
    assert articles[0].kafka_timestamp == 1704448800000 and articles[0].kafka_key == b"fx-archive-1"
    assert {e.line for e in errors} == {2, 4}


def test_gzipped_archive_reads_like_the_plain_one(tmp_path):
    packed = tmp_path / "export.ndjson.gz"
    packed.write_bytes(gzip.compress((INGEST / "archive.ndjson").read_bytes()))
    assert detect_format(packed) == "archive"
    plain = [(type(i).__name__, getattr(i, "article", None), i.line) for i in iter_articles([INGEST / "archive.ndjson"])]
    zipped = [(type(i).__name__, getattr(i, "article", None), i.line) for i in iter_articles([packed])]
    assert plain == zipped


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("x.ndjson", b'{"id": "a", "text": "b"}\n', "jsonl"),
        ("x.ndjson", b'{"topic": "t", "partition": 0, "offset": 1, "timestamp": 2, "key": null, "value": {}}\n', "archive"),
        ("noext", b'{"id": "a", "text": "b"}\n', "jsonl"),
        ("noext", b'<?xml version="1.0"?><rss version="2.0"></rss>', "feed"),
        ("noext", b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("noext", "plain words, Arabic too: \u0645\u0631\u062d\u0628\u0627".encode(), "text"),
        ("noext", b"\x00\xff\xfe\x00junk\x00" * 10, None),
        ("feed.xml", b"<feed></feed>", "feed"),
    ],
)
def test_format_detection_by_extension_and_sniffing(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert detect_format(path) == expected


def test_missing_path_is_an_error_not_an_exception(tmp_path):
    items = list(iter_articles([tmp_path / "nope.jsonl", INGEST / "dir" / "nested" / "a.jsonl"]))
    assert isinstance(items[0], ReadError) and "no such file" in items[0].reason
    assert isinstance(items[1], ArticleRecord)


def test_html_to_text_keeps_paragraphs_and_drops_scripts():
    text = html_to_text("<p>One &amp; two.</p><script>alert(1)</script><div>Three<br>four</div>")
    assert text == "One & two.\n\nThree\n\nfour"
    assert html_to_text("no markup &lt;here&gt;") == "no markup <here>"


def test_publish_accepts_every_published_form_and_refuses_garbage_with_the_forms(tmp_path):
    forms = ["2024-09-04", "2024-09-04 10:00", "Wed, 04 Sep 2024 10:00:00 GMT", 1725444000, "1725444000",
             "2024-09-04T13:00:00+03:00", None]
    path = tmp_path / "dated.jsonl"
    lines = [orjson.dumps({"id": f"d{n}", "text": "t", "published": value}) for n, value in enumerate(forms)]
    lines.append(orjson.dumps({"id": "bad", "text": "t", "published": "the other day"}))
    path.write_bytes(b"\n".join(lines) + b"\n")
    articles, errors = read(path)
    assert [a.article["id"] for a in articles] == [f"d{n}" for n in range(len(forms))]
    assert len(errors) == 1 and errors[0].line == len(forms) + 1 and "RFC 2822" in errors[0].reason

"""`eventwire extract` reads every input `eventwire publish` reads, through the same reader:
formats, bundles, stdin, encodings, ids, titles and the text limit."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import zipfile
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from streams.cli import app
from streams.extract.cli import run_extract
from streams.ingest.readers import ArticleRecord, ReadError, iter_articles

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
INGEST = FIXTURES / "ingest"
SEED = json.loads((FIXTURES / "seed_article.json").read_text("utf-8"))
ARABIC = "اتهمت كييف موسكو بقصف منشآت الطاقة في العاصمة."
ENGLISH = {"id": "en-1", "text": "Russia attacked Ukraine on Monday.", "lang": "en"}


def extract(*paths: str | Path, stdin: bytes | None = None, max_text_chars: int = 200_000) -> tuple[list[dict], str, int]:
    out, err = io.BytesIO(), io.StringIO()
    bad = run_extract([str(p) for p in paths], out, err, max_text_chars=max_text_chars,
                      stdin=io.BytesIO(stdin) if stdin is not None else None)
    return [orjson.loads(line) for line in out.getvalue().splitlines()], err.getvalue(), bad


def published_ids(*paths: Path, stdin: bytes | None = None) -> list[str]:
    """The ids `eventwire publish` would send for the same inputs."""
    items = iter_articles([str(p) for p in paths], stdin=io.BytesIO(stdin) if stdin is not None else None)
    return [i.article["id"] for i in items if isinstance(i, ArticleRecord)]


def test_a_pretty_printed_json_array_and_object_are_articles_not_bad_lines(tmp_path):
    array = tmp_path / "many.json"
    array.write_text(json.dumps([ENGLISH, SEED], ensure_ascii=False, indent=2), encoding="utf-8")
    single = tmp_path / "one.jsonl"  # the extension says JSONL, the content is one indented object
    single.write_text(json.dumps(SEED, ensure_ascii=False, indent=2), encoding="utf-8")
    records, err, bad = extract(array, single)
    assert (bad, err) == (0, "")
    assert [r["article"]["id"] for r in records] == ["en-1", SEED["id"], SEED["id"]]


def test_a_directory_is_read_recursively_in_order(tmp_path):
    records, err, bad = extract(INGEST / "dir")
    assert records and bad == sum(isinstance(i, ReadError) for i in iter_articles([INGEST / "dir"])) == 1  # blob.bin
    assert "blob.bin" in err
    assert [r["article"]["id"] for r in records] == published_ids(INGEST / "dir")
    assert len(records) == sum(isinstance(i, ArticleRecord) for i in iter_articles([INGEST / "dir"])) == 3


@pytest.mark.parametrize("name", ["page.html", "feed.rss", "feed.atom", "archive.ndjson"])
def test_html_feeds_and_archives_are_read_as_what_they_are(name):
    records, err, bad = extract(INGEST / name)
    assert records and bad == sum(isinstance(i, ReadError) for i in iter_articles([INGEST / name])), err
    assert [r["article"]["id"] for r in records] == published_ids(INGEST / name)


def test_gzip_zip_and_tar_bundles_are_opened(tmp_path):
    jsonl = orjson.dumps(ENGLISH) + b"\n"
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(jsonl))
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as bundle:
        bundle.writestr("inner/story.txt", ARABIC)
        bundle.writestr("inner/more.jsonl", orjson.dumps({**ENGLISH, "id": "en-2"}) + b"\n")
        bundle.writestr("__MACOSX/._story.txt", b"\x00\x05junk")
    tar_path = tmp_path / "c.tar.gz"
    with tarfile.open(tar_path, "w:gz") as bundle:
        data = orjson.dumps({**ENGLISH, "id": "en-3"}) + b"\n"
        member = tarfile.TarInfo("x/articles.jsonl")
        member.size = len(data)
        bundle.addfile(member, io.BytesIO(data))
    records, err, bad = extract(tmp_path / "a.jsonl.gz", tmp_path / "b.zip", tar_path)
    assert (bad, err) == (0, "")
    ids = [r["article"]["id"] for r in records]
    assert ids[0] == "en-1" and ids[1] == "en-2" and ids[2].startswith("txt-") and ids[3] == "en-3"
    assert ids == published_ids(tmp_path / "a.jsonl.gz", tmp_path / "b.zip", tar_path)


def test_stdin_takes_jsonl_or_plain_text_and_mixes_with_paths(tmp_path):
    records, err, bad = extract("-", stdin=orjson.dumps(ENGLISH) + b"\n" + orjson.dumps({**ENGLISH, "id": "en-2"}))
    assert (bad, [r["article"]["id"] for r in records]) == (0, ["en-1", "en-2"])
    text = ("عنوان الخبر\n" + ARABIC).encode("utf-8")
    records, err, bad = extract("-", stdin=text)
    assert bad == 0 and records[0]["article"]["title"] == "عنوان الخبر"
    (tmp_path / "same.txt").write_bytes(text)
    assert records[0]["article"]["id"] == published_ids(tmp_path / "same.txt")[0]
    file = tmp_path / "x.jsonl"
    file.write_bytes(orjson.dumps({**ENGLISH, "id": "from-file"}) + b"\n")
    records, _, bad = extract(file, "-", stdin=orjson.dumps(ENGLISH))
    assert [r["article"]["id"] for r in records] == ["from-file", "en-1"]


def test_a_utf8_bom_is_fine_in_jsonl_json_and_text(tmp_path):
    bom = b"\xef\xbb\xbf"
    (tmp_path / "a.jsonl").write_bytes(bom + orjson.dumps(ENGLISH) + b"\n")
    (tmp_path / "b.json").write_bytes(bom + orjson.dumps([{**ENGLISH, "id": "en-2"}]))
    (tmp_path / "c.txt").write_bytes(bom + ARABIC.encode("utf-8"))
    records, err, bad = extract(tmp_path / "a.jsonl", tmp_path / "b.json", tmp_path / "c.txt")
    assert (bad, err) == (0, "")
    assert records[2]["article"]["id"] == published_ids(tmp_path / "c.txt")[0]
    assert not records[2]["events"][0]["sentence"]["text"].startswith("\ufeff")


@pytest.mark.parametrize("encoding", ["cp1256", "utf-16", "utf-16-le"])
def test_arabic_text_in_other_encodings_is_detected_and_decoded(tmp_path, encoding):
    text = "كييف تتهم موسكو\n" + ARABIC + " وقالت الوزارة إن الهجوم استهدف محطات الكهرباء في عدة مدن."
    path = tmp_path / f"story-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    records, err, bad = extract(path)
    assert (bad, err) == (0, "")
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text(text, encoding="utf-8")
    assert records[0]["article"]["id"] == published_ids(utf8)[0]  # the same text, the same article
    assert records[0]["article"]["title"] == "كييف تتهم موسكو"
    assert records[0]["events"][0]["event"]["plover"] == "ACCUSE"


def test_a_utf16_jsonl_file_is_decoded(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(("\n".join(json.dumps(a) for a in (ENGLISH, {**ENGLISH, "id": "en-2"})) + "\n").encode("utf-16"))
    records, err, bad = extract(path)
    assert (bad, [r["article"]["id"] for r in records]) == (0, ["en-1", "en-2"])


def test_the_text_limit_cuts_marks_and_reports_in_extract_and_publish(tmp_path):
    long_text = "Russia attacked Ukraine on Monday. " + "Filler words about nothing in particular. " * 100
    path = tmp_path / "long.jsonl"
    path.write_bytes(orjson.dumps({"id": "long", "text": long_text, "lang": "en"}) + b"\n")
    records, err, bad = extract(path, max_text_chars=1000)
    article = records[0]["article"]
    assert bad == 0 and (article["truncated"], article["original_length"]) == (True, len(long_text))
    assert "truncated" in err and f"{len(long_text):,}" in err and "long" in err
    sent = next(iter_articles([path], max_text_chars=1000)).article  # what publish sends
    assert len(sent["text"]) == 1000 and sent["truncated"] is True and sent["original_length"] == len(long_text)
    untouched, err, _ = extract(path)
    assert untouched[0]["article"]["truncated"] is None and err == ""


def test_the_command_honours_the_text_limit_setting_and_writes_to_output(tmp_path, monkeypatch):
    long_text = "Russia attacked Ukraine. " + "x " * 3000
    path = tmp_path / "long.jsonl"
    path.write_bytes(orjson.dumps({"id": "long", "text": long_text}) + b"\n")
    monkeypatch.setenv("EVENTWIRE_MAX_TEXT_CHARS", "1000")
    target = tmp_path / "out" / "coded.jsonl"
    target.parent.mkdir()
    result = CliRunner().invoke(app, ["extract", str(path), "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    record = orjson.loads(target.read_bytes())
    assert record["article"]["truncated"] is True and "truncated" in result.stderr


def test_progress_shows_only_when_asked_or_on_a_terminal(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(orjson.dumps(ENGLISH) + b"\n")
    piped = CliRunner().invoke(app, ["extract", str(path)])
    assert piped.exit_code == 0 and "extract" not in piped.stderr  # stderr is no terminal here
    shown = CliRunner().invoke(app, ["extract", str(path), "--progress"])
    assert shown.exit_code == 0 and "extract" in shown.stderr and "1" in shown.stderr
    assert orjson.loads(shown.stdout)["article"]["id"] == "en-1"


def test_read_errors_keep_their_origin_inside_bundles(tmp_path):
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as bundle:
        bundle.writestr("bad.jsonl", b"{broken\n")
    items = list(iter_articles([tmp_path / "b.zip"]))
    assert isinstance(items[0], ReadError) and items[0].origin == f"{tmp_path / 'b.zip'}:bad.jsonl:1"

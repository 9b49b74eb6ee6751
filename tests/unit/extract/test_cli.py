"""`eventwire extract`: one JSON line per good input line, in order; bad lines on stderr; exit 1."""

from __future__ import annotations

import io
import json
from pathlib import Path

import orjson
from typer.testing import CliRunner

from streams.extract.cli import run_extract

SEED = (Path(__file__).resolve().parents[2] / "fixtures" / "seed_article.json").read_text("utf-8")


def _lines(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_jsonl_in_order_with_bad_lines_reported(tmp_path):
    seed_line = json.dumps(json.loads(SEED), ensure_ascii=False)
    path = _lines(
        tmp_path,
        json.dumps({"id": "a", "text": "Russia attacked Ukraine.", "lang": "en"}),
        "{not json",
        json.dumps({"id": "b"}),
        seed_line,
        json.dumps({"id": "c", "text": "Nothing happened.", "published": "yesterday"}),
    )
    out, err = io.BytesIO(), io.StringIO()
    bad = run_extract([path], out, err)
    records = [orjson.loads(line) for line in out.getvalue().splitlines()]
    assert [r["article"]["id"] for r in records] == ["a", "seed-putin-erdogan-call"]
    assert bad == 3
    assert f"{path}:2:" in err.getvalue() and f"{path}:3:" in err.getvalue() and f"{path}:5:" in err.getvalue()
    assert records[1]["events"] and set(records[1]["article"]["entities"]) == {"persons", "organizations", "countries", "places"}
    event = records[1]["events"][0]
    for key in ("event_id", "article_id", "lang", "@timestamp", "date", "date_text", "date_precision", "event",
                "source_actor", "target_actor", "reciprocal", "location", "places", "claim_source", "sentence",
                "confidence", "why", "coder_version"):
        assert key in event


def test_txt_file_is_one_article_with_the_id_and_title_publish_gives_it(tmp_path):
    from streams.ingest.readers import iter_articles

    path = tmp_path / "story-42.txt"
    path.write_text("كييف تتهم موسكو\nاتهمت كييف موسكو بقصف منشآت الطاقة.", encoding="utf-8")
    out, err = io.BytesIO(), io.StringIO()
    assert run_extract([str(path)], out, err) == 0
    record = orjson.loads(out.getvalue())
    published = next(iter_articles([path])).article  # what `eventwire publish` sends
    assert record["article"]["id"] == published["id"] and published["id"].startswith("txt-")
    assert record["article"]["title"] == published["title"] == "كييف تتهم موسكو"
    assert record["article"]["lang"] == "ar"
    assert record["events"][0]["event"]["plover"] == "ACCUSE"
    assert record["events"][0]["article_id"] == published["id"]  # so the event ids agree too


def test_command_exit_code(tmp_path):
    from streams.cli import app

    good = _lines(tmp_path, json.dumps({"id": "a", "text": "Russia attacked Ukraine."}))
    result = CliRunner().invoke(app, ["extract", good])
    assert result.exit_code == 0, result.output
    assert orjson.loads(result.stdout)["article"]["id"] == "a"
    bad = _lines(tmp_path, "[]")
    assert CliRunner().invoke(app, ["extract", bad]).exit_code == 1
    assert CliRunner().invoke(app, ["extract", str(tmp_path / "absent.jsonl")]).exit_code == 2


PUBLISHED_FORMS = {
    "day": ("2024-09-04", "2024-09-04T00:00:00Z", "day", None),
    "naive": ("2024-09-04 10:00", "2024-09-04T10:00:00Z", "minute", "utc"),
    "rfc2822": ("Wed, 04 Sep 2024 10:00:00 GMT", "2024-09-04T10:00:00Z", "second", None),
    "epoch": (1725444000, "2024-09-04T10:00:00Z", "second", None),
    "epoch-text": ("1725444000", "2024-09-04T10:00:00Z", "second", None),
    "offset": ("2024-09-04T13:00:00+03:00", "2024-09-04T10:00:00Z", "second", None),
}


def test_every_published_form_is_accepted_and_normalized_to_utc(tmp_path):
    lines = [json.dumps({"id": name, "text": "Russia attacked Ukraine.", "lang": "en", "published": given})
             for name, (given, *_ignored) in PUBLISHED_FORMS.items()]
    lines.append(json.dumps({"id": "missing", "text": "Russia attacked Ukraine.", "lang": "en"}))
    out, err = io.BytesIO(), io.StringIO()
    assert run_extract([_lines(tmp_path, *lines)], out, err) == 0, err.getvalue()
    records = {r["article"]["id"]: r for r in map(orjson.loads, out.getvalue().splitlines())}
    for name, (_given, utc, precision, assumed) in PUBLISHED_FORMS.items():
        article = records[name]["article"]
        assert (article["published"], article["published_precision"], article["published_assumed"]) == (utc, precision, assumed)
        assert records[name]["events"][0]["@timestamp"] == utc and records[name]["events"][0]["date"] == "2024-09-04"
    missing = records["missing"]["article"]
    assert missing["published_assumed"] == "ingest-time" and missing["published"].endswith("Z")
    assert not records["missing"]["events"][0]["@timestamp"].startswith("1970")


def test_a_published_value_that_is_no_date_names_the_accepted_forms(tmp_path):
    out, err = io.BytesIO(), io.StringIO()
    line = json.dumps({"id": "x", "text": "Russia attacked Ukraine.", "published": "sometime last week"})
    assert run_extract([_lines(tmp_path, line)], out, err) == 1
    assert "RFC 2822" in err.getvalue() and "epoch seconds" in err.getvalue()

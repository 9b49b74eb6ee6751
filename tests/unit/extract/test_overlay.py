"""The user's own dictionaries: files laid over the shipped ones, validated by the loader itself, and
the overlay's hash in the dictionary version of every event."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from streams import cli
from streams.extract import DICTIONARY_VERSION, load_pipeline
from streams.extract.overlay import REPLACE_MARK, LayeredDirectory, _merge_json, check, overlay_hash
from streams.extract.resources import DictionaryError
from streams.models import Article

MINISTER = {"id": "test_minister_ali", "code": "SYRGOV", "name": "Ali Testminister", "type": "person",
            "country": "SYR", "sector": "GOV", "en": ["Ali Testminister"], "ar": ["علي تستمنستر"]}
ARTICLE = {"id": "t1", "lang": "en", "published": "2026-01-06T10:00:00Z",
           "text": "Ali Testminister met Russian President Vladimir Putin in Moscow on Tuesday, the ministry said. "
                   "Putin also met Turkish President Recep Tayyip Erdogan."}


@pytest.fixture
def overlay(tmp_path) -> Path:
    (tmp_path / "actors.jsonl").write_text(json.dumps(MINISTER, ensure_ascii=False) + "\n", encoding="utf-8")
    return tmp_path


def codes(extraction):
    return [[a.code for a in e.source_actor] for e in extraction.events]


def test_a_new_actor_is_coded_and_the_version_names_the_overlay(overlay):
    shipped = load_pipeline().run(Article.from_dict(ARTICLE))
    mine = load_pipeline(overlay).run(Article.from_dict(ARTICLE))
    assert ["SYRGOV"] not in codes(shipped) and ["SYRGOV"] in codes(mine)
    expected = f"{DICTIONARY_VERSION}+user.{overlay_hash({'actors.jsonl': overlay / 'actors.jsonl'})}"
    assert {e.dictionary_version for e in mine.events} == {expected}
    assert {e.dictionary_version for e in shipped.events} == {DICTIONARY_VERSION}


def test_the_hash_follows_the_content(overlay):
    before = LayeredDirectory(overlay).version
    assert LayeredDirectory(overlay).version == before
    with (overlay / "actors.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({**MINISTER, "id": "another", "en": ["Omar Testofficial"]}) + "\n")
    assert LayeredDirectory(overlay).version != before


def test_an_error_names_the_users_file_and_line(overlay):
    with (overlay / "actors.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"id": "no_code_here", "en": ["Nobody"]}\n')
    with pytest.raises(DictionaryError) as caught:
        check(overlay)
    assert str(caught.value) == f"{overlay / 'actors.jsonl'}:2: missing code"


def test_a_line_that_is_not_json_is_an_error_not_skipped(overlay):
    (overlay / "role_nouns.jsonl").write_text('# a comment\n\n{"id": "x", "sector": "GOV"\n', encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"role_nouns.jsonl:3: not JSON"):
        check(overlay)


def test_a_tsv_line_is_checked_by_the_loader(tmp_path):
    (tmp_path / "gazetteer.tsv").write_text("999999001\tTestville\tSYR\tnorth\t36.0\t1000\t\t\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"gazetteer.tsv:1: geonameid, lat, lon and population are numbers"):
        check(tmp_path)


def test_an_unknown_file_name_is_an_error(tmp_path):
    (tmp_path / "actor.jsonl").write_text(json.dumps(MINISTER) + "\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="not a dictionary file name"):
        check(tmp_path)


def test_json_files_merge_key_by_key_and_extend_lists():
    shipped = {"modality": {"en": {"negated": ["not", "never"]}, "scope_words": 6}, "other": [1]}
    user = {"modality": {"en": {"negated": ["never", "no longer"]}, "scope_words": 8}}
    assert _merge_json(shipped, user) == {
        "modality": {"en": {"negated": ["not", "never", "no longer"]}, "scope_words": 8}, "other": [1]}


def test_a_bad_json_overlay_names_its_line(tmp_path):
    (tmp_path / "cues.json").write_text('{\n  "modality": {\n    "en": oops\n  }\n}\n', encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"cues.json:3: not JSON"):
        check(tmp_path)


def test_the_replace_mark_puts_the_users_file_in_place_of_the_shipped_one(tmp_path):
    (tmp_path / "role_nouns.jsonl").write_text(f"{REPLACE_MARK}\n" + json.dumps({"id": "envoy", "sector": "GOV", "en": ["envoy"]}) + "\n",
                                              encoding="utf-8")
    layered = LayeredDirectory(tmp_path)
    lines = [line for line in (layered / "role_nouns.jsonl").read_text().splitlines() if line.startswith("{")]
    assert len(lines) == 1
    assert check(tmp_path)["actors"] > 100  # still a complete, loadable set


def test_dictionary_check_command(overlay):
    result = CliRunner().invoke(cli.app, ["dictionary", "check", str(overlay), "--json"])
    assert result.exit_code == 0, result.output
    assert orjson.loads(result.stdout)["files"] == ["actors.jsonl"]
    (overlay / "actors.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["dictionary", "check", str(overlay)])
    assert result.exit_code == 1 and f"{overlay / 'actors.jsonl'}:1: missing code" in result.stderr


def test_extract_takes_dictionaries_from_the_option_or_the_setting(overlay, tmp_path_factory):
    article = tmp_path_factory.mktemp("input") / "in.jsonl"
    article.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    for args, env in ((["--dictionaries", str(overlay)], {}), ([], {"EVENTWIRE_DICTIONARY_DIR": str(overlay)})):
        result = CliRunner().invoke(cli.app, ["extract", str(article), *args], env=env)
        assert result.exit_code == 0, result.output
        events = orjson.loads(result.stdout)["events"]
        assert any(e["source_actor"][0]["code"] == "SYRGOV" for e in events)
        assert all("+user." in e["dictionary_version"] for e in events)


def test_the_worker_and_replay_load_through_the_same_path(monkeypatch, overlay):
    from streams.app import faust_app
    from streams.config import Settings
    from streams.replay import runner

    asked = []
    monkeypatch.setattr("streams.extract.load_pipeline", lambda directory=None: asked.append(directory) or load_pipeline(directory))
    settings = Settings(dictionary_dir=overlay)
    faust_app.create_app(settings, writer_factory=lambda: None, sender=object())
    pipeline, _ = runner._load_pipeline(settings.dictionary_dir)
    assert asked == [overlay, overlay]
    assert pipeline.resources.dictionary_version.startswith(DICTIONARY_VERSION + "+user.")


def test_a_file_the_extractor_never_reads_is_refused(tmp_path):
    """events_*.jsonl is the lexicon's source; the extractor reads the generated triggers_*.jsonl."""
    (tmp_path / "events_en.jsonl").write_text(json.dumps({"id": "en.x", "cameo": "042", "verbs": ["confer"]}) + "\n",
                                             encoding="utf-8")
    with pytest.raises(DictionaryError, match="does not read this file"):
        check(tmp_path)


def test_a_trigger_line_is_read_where_the_extractor_reads_triggers(tmp_path):
    line = {"id": "en.user.parley", "cameo": "042", "kind": "verb", "forms": ["parleyed with"]}
    (tmp_path / "triggers_en.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    article = {**ARTICLE, "text": "Vladimir Putin parleyed with Recep Tayyip Erdogan in Moscow on Tuesday."}
    coded = load_pipeline(tmp_path).run(Article.from_dict(article))
    assert any("en.user.parley" in " ".join(e.why) for e in coded.events), [e.why for e in coded.events]


def test_version_names_the_overlay_when_one_is_set(overlay):
    result = CliRunner().invoke(cli.app, ["--version"], env={"EVENTWIRE_DICTIONARY_DIR": str(overlay)})
    assert result.exit_code == 0 and f"dictionaries {LayeredDirectory(overlay).version})" in result.stdout

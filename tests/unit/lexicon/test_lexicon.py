"""The trigger lexicon build: Arabic conjugation, English inflection, validation, and the committed
tables being what a build writes."""

from __future__ import annotations

import json
import shutil

import pytest

from streams.extract.resources import DICTIONARY_DIR, DictionaryError, read_jsonl
from streams.lexicon import arabic, build, english


def test_the_committed_trigger_tables_are_what_a_build_writes():
    assert build.stale() == [], "run `eventwire dictionary build` after editing events_*.jsonl or lexicon.json"


def test_each_language_has_at_least_three_thousand_forms_and_every_three_digit_code():
    from streams.lexicon.cli import stats

    figures = stats()
    for lang in ("ar", "en"):
        assert figures[lang]["forms"] >= 3000, figures[lang]["forms"]
        assert figures[lang]["missing_three_digit"] == []


@pytest.mark.parametrize(("spec", "expected"), [
    # sound measure VIII: perfect and imperfect persons, verbal noun by rule and its plural
    ({"pf": "اعتقل", "ipf": "يعتقل", "measure": "VIII"},
     {"اعتقلت", "اعتقلوا", "اعتقلنا", "يعتقلون", "تعتقل", "نعتقل", "يعتقلوا", "اعتقال", "اعتقالات"}),
    # doubled: «شننّا» is written «شننا»
    ({"pf": "شنّ", "ipf": "يشن", "masdar": ["شن"]}, {"شنت", "شنوا", "شننا", "يشنون", "نشن"}),
    # hollow: short stem before consonant suffixes, passive «قيل»-type, jussive «لم يزرْ»
    ({"pf": "زار", "ipf": "يزور", "masdar": ["زيارة"]}, {"زارت", "زرنا", "يزورون", "يزر", "زيارات", "زير", "يزار"}),
    # defective: «دعت», «دعوا», passive «دُعي», «يُدعى»
    ({"pf": "دعا", "ipf": "يدعو", "masdar": ["دعوة"]}, {"دعت", "دعوا", "دعونا", "يدعون", "دعي", "يدعى", "دعوات"}),
    ({"pf": "التقى", "ipf": "يلتقي", "measure": "VIII", "masdar": ["لقاء"]}, {"التقت", "التقيا", "التقوا", "يلتقون", "يلتق"}),
    # measure III: passive «هوجم», verbal noun «مهاجمة»
    ({"pf": "هاجم", "ipf": "يهاجم", "measure": "III"}, {"هوجم", "هوجمت", "مهاجمة", "يهاجمون"}),
    # measure IV hollow with its named verbal noun and a passive participle
    ({"pf": "أدان", "ipf": "يدين", "measure": "IV", "masdar": ["إدانة"], "participles": "passive"},
     {"أدانت", "أدنا", "يدينون", "أدين", "يدان", "إدانة", "مدان", "مدانين"}),
])
def test_arabic_conjugation(spec, expected):
    made = arabic.conjugate(spec)
    forms = set(made["verb"]) | set(made["passive"]) | set(made["nominal"])
    assert expected <= forms, expected - forms


def test_arabic_participles_are_opt_in_and_exclusions_apply():
    # «مدينة» (city) is the feminine of «مدين»: participles are generated only when asked for.
    assert "مدينة" not in arabic.conjugate({"pf": "أدان", "ipf": "يدين", "measure": "IV", "masdar": ["إدانة"]})["nominal"]
    made = arabic.conjugate({"pf": "احتلّ", "ipf": "يحتل", "measure": "VIII", "masdar": []})
    assert "احتلال" not in made["nominal"]  # an explicit empty list: no verbal noun by rule
    assert "احتل" in made["verb"]


def test_arabic_imperfect_must_start_with_ya():
    with pytest.raises(arabic.StemError):
        arabic.conjugate({"pf": "قتل", "ipf": "تقتل"})


def test_english_inflections_include_irregular_and_multiword_forms():
    assert {"held", "holding", "holds", "hold"} <= set(english.verb_forms("hold"))
    assert {"carried out", "carrying out", "carries out"} <= set(english.verb_forms("carry out"))
    assert {"air strike", "air strikes"} == set(english.noun_forms("air strike"))
    assert english.noun_forms("sanctions") == ("sanctions",)


def _copy_dictionaries(tmp_path):
    target = tmp_path / "dictionaries"
    shutil.copytree(str(DICTIONARY_DIR), target)
    return target


def test_a_malformed_source_line_is_an_error_naming_file_and_line(tmp_path):
    directory = _copy_dictionaries(tmp_path)
    path = directory / "events_en.jsonl"
    lines = path.read_text("utf-8").splitlines()
    lines.insert(2, '{"id": "en.broken", "cameo": "190", "source": "legacy", "forms": ["x"')
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(DictionaryError, match=r"events_en\.jsonl:3"):
        build.build(directory)


@pytest.mark.parametrize(("row", "message"), [
    ({"id": "en.x", "cameo": "999", "source": "legacy", "forms": ["x"]}, "not a code"),
    ({"id": "en.x", "cameo": "190", "source": "guess", "forms": ["x"]}, "source"),
    ({"id": "en.x", "cameo": "190", "source": "legacy", "forms": ["x"], "needz": ["y"]}, "unknown field"),
    ({"id": "en.x", "cameo": "190", "source": "legacy", "verbs": ["hit"], "needs": ["@nonexistent"]}, "object class"),
    ({"id": "en.discuss", "cameo": "040", "source": "legacy", "forms": ["x"]}, "duplicate id"),
    ({"id": "en.x", "cameo": "170", "source": "wire-usage", "forms": ["x"], "implies": {"cameo": "999", "roles": ["protesters"]}}, "implies"),
    ({"id": "en.x", "cameo": "170", "source": "wire-usage", "forms": ["x"], "implies": {"cameo": "141"}}, "implies"),
    ({"id": "en.x", "cameo": "170", "source": "wire-usage", "forms": ["x"], "object_events": ["141"]}, "object_events"),
])
def test_invalid_entries_are_rejected_with_their_line(tmp_path, row, message):
    directory = _copy_dictionaries(tmp_path)
    path = directory / "events_en.jsonl"
    count = len(path.read_text("utf-8").splitlines())
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
    with pytest.raises(DictionaryError, match=rf"events_en\.jsonl:{count + 1}: .*{message}"):
        build.build(directory)


def test_a_malformed_line_in_any_dictionary_file_is_a_load_error(tmp_path):
    directory = _copy_dictionaries(tmp_path)
    path = directory / "role_nouns.jsonl"
    path.write_text(path.read_text("utf-8") + "{not json\n", "utf-8")
    with pytest.raises(DictionaryError, match=r"role_nouns\.jsonl:\d+: not JSON"):
        read_jsonl(path)


def test_the_generated_tables_carry_their_provenance():
    for lang in ("ar", "en"):
        first = read_jsonl(DICTIONARY_DIR / f"triggers_{lang}.jsonl")[0]
        assert first["provenance"]["from"] == [f"events_{lang}.jsonl", "lexicon.json"]
        assert first["provenance"]["forms"] >= 3000
    assert read_jsonl(DICTIONARY_DIR / "triggers_en.jsonl")[0]["provenance"]["lemminflect"]


def test_every_source_entry_records_its_source():
    for lang in ("ar", "en"):
        for row in read_jsonl(DICTIONARY_DIR / f"events_{lang}.jsonl"):
            assert row["source"] in build.ENTRY_SOURCES and row["id"].startswith(lang + ".")


def test_arabic_nouns_in_ta_marbuta_have_their_duals():
    from streams.lexicon import arabic as ar_lexicon

    assert ar_lexicon.dual_forms("غارة") == ["غارتان", "غارتين"]
    assert ar_lexicon.dual_forms("غارة جوية") == [] and ar_lexicon.dual_forms("هجوم") == []
    assert "مفاوضتين" in ar_lexicon.masdar_inflections("مفاوضة")


def test_a_dual_raid_after_a_light_verb_is_an_assault():
    from streams.extract import load_pipeline
    from streams.models import Article

    text = "قالت الجماعة إن طيران التحالف السعودي شن اليوم الأحد غارتين على محيط مطار صنعاء."
    events = load_pipeline().run(Article(id="d1", text=text, lang="ar", published="2024-03-14T10:00:00+00:00")).events
    assert any(e.event.plover == "ASSAULT" for e in events)

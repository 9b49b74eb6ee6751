"""Who did it to whom across an article (issue 11, parties2): a bare role («الوزارة», «الجيش», 'the
army', 'the ministry') takes the country the article gave the same role before, unless the article
gave it several; the people a nisba counts («12 فلسطينيا», «20 فلسطينيا قتلوا») are the target, not
the doer; a definite noun takes no country as its genitive («وطالبت الوزارة إسرائيل»); militants a
state's forces hit at home are of that state; a claimant after the trigger is no target; a state's
forces shelling their own country's towns hit that country. The sentences are written for these
tests; each test names the rule or data it depends on, and fails with it taken out."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from streams.extract import participants
from streams.extract.overlay import check
from streams.extract.resources import DictionaryError
from streams.models import Article
from tests.unit.extract.event_helpers import only, parties


# ------------------------------------------------------------------ the article's identity of a bare role


def test_a_bare_ministry_in_a_later_sentence_is_the_one_named_before(run):
    # role_nouns.jsonl «الوزارة» (ministry, same_as), entities: no genitive after a definite noun,
    # participants.bare_role_before_the_object and _named_before
    events = run("استدعت وزارة الخارجية الأردنية السفير الإسرائيلي في عمّان. "
                 "وطالبت الوزارة إسرائيل بوقف الاعتداءات على المسجد الأقصى.", lang="ar").events
    assert parties(only(events, "REQUEST")) == (["JOR"], ["ISR"])


def test_the_ministry_in_english_takes_the_country_named_before_and_not_the_objects(run):
    # participants._named_before (a dictionary body of the role's sector) and _nisba_of_the_object
    events = run("Egypt's foreign ministry condemned the bombing of a church in northern Nigeria. "
                 "The ministry called on Nigerian authorities to bring the attackers to justice.", lang="en").events
    assert parties(only(events, "REQUEST")) == (["EGY"], ["NGA"])


def test_the_army_in_a_later_sentence_is_the_force_named_before(run):
    # participants._named_before in state_force_of_the_place (without it: the army of no country)
    events = run("Israeli troops raided the town of Qabatiya overnight. "
                 "The army said soldiers arrested four wanted men and seized weapons.", lang="en").events
    assert parties(only(events, "COERCE"))[0] == ["ISR"]


def _named_before_last_role(pipeline, text: str, lang: str):
    """`_named_before` for the last role match of the text (the clause it reads: the doc, the resources)."""
    doc = pipeline._staged(Article(id="t", text=text, lang=lang, published="2024-03-14T10:00:00+00:00"), 200_000)
    m = [m for m in doc.matches if m.kind == "role"][-1]
    return participants._named_before(SimpleNamespace(doc=doc, resources=pipeline.resources), m)


def test_one_army_named_before_gives_a_bare_army_its_country(pipeline):
    assert _named_before_last_role(pipeline, "Israeli troops raided a village. The army said soldiers arrested two men.",
                                   "en") == ("ISR", "named-before")


def test_two_armies_named_before_give_a_bare_army_no_country(pipeline):
    # _named_before's guard: the article names the role with two countries
    assert _named_before_last_role(pipeline, "Israeli troops and Lebanese soldiers exchanged fire overnight. "
                                   "The army said soldiers arrested two men.", "en") is None


def test_a_same_as_that_names_no_role_is_a_load_error(tmp_path):
    # resources.py: `same_as` must name roles of role_nouns.jsonl
    (tmp_path / "role_nouns.jsonl").write_text(
        '{"id": "test_role", "sector": "GOV", "ar": ["الهيئة التجريبية"], "same_as": ["no_such_role"]}\n', encoding="utf-8")
    with pytest.raises(DictionaryError, match="`same_as` names no role: no_such_role"):
        check(tmp_path)


# ------------------------------------------------------------------ people a nisba counts


def test_the_forces_of_the_speaker_arrest_the_counted_palestinians(run):
    # participants._nisba_of_the_object and _named_before («قواته» after «الجيش الإسرائيلي»)
    event = only(run("أعلن الجيش الإسرائيلي أن قواته اعتقلت 12 فلسطينيا في مداهمات بالضفة الغربية.", lang="ar").events,
                 "COERCE")
    assert parties(event) == (["ISR"], ["PSE"])


def test_counted_palestinians_before_a_killing_verb_are_its_victims(run):
    # _adjective_on_trigger: an indefinite nisba before an Arabic verb is no modifier of it;
    # attacker_after_cause_word: the nisba on the cause noun «في غارات إسرائيلية» is the attacker
    event = only(run("قالت وزارة الصحة في غزة إن 20 فلسطينيا قتلوا في غارات إسرائيلية على مدينة خان يونس.",
                     lang="ar").events, "ASSAULT")
    assert parties(event) == (["ISR"], ["PSE"])


def test_a_definite_nisba_before_the_verb_still_qualifies_the_subject(run):
    # _adjective_on_trigger keeps «جنود الاحتلال الإسرائيلي اعتقلوه»
    event = only(run("وقال شهود إن جنود الاحتلال الإسرائيلي اعتقلوه من منزله في الخليل.", lang="ar").events, "COERCE")
    assert parties(event)[0] == ["ISR"]


# ------------------------------------------------------------------ militants at home


def test_militants_a_state_army_kills_at_home_are_of_that_state(run):
    # participants._home_of_the_source in victim_country_of_the_place
    event = only(run("قتل الجيش النيجيري عشرة مسلحين في ولاية بورنو.", lang="ar").events, "ASSAULT")
    assert parties(event) == (["NGA"], ["NGA"])


def test_militants_in_a_sentence_naming_another_country_get_no_home_country(run):
    # _home_of_the_source's guard: another country in the sentence
    event = only(run("قتل الجيش النيجيري عشرة مسلحين قرب الحدود مع الكاميرون.", lang="ar").events, "ASSAULT")
    assert "NGA" not in parties(event)[1]


# ------------------------------------------------------------------ the claimant is no target


def test_the_claimant_after_the_trigger_is_no_target(run):
    # participants._target_reach in target_country_after_trigger and place_struck_country
    event = only(run("Houthi rebels fired a missile at a ship in the Red Sea, the U.S. military said.", lang="en").events,
                 "ASSAULT")
    assert parties(event) == (["YEM"], [])


# ------------------------------------------------------------------ a civil war's shelled towns


def test_a_regime_shelling_towns_of_its_own_country_hits_that_country(run, without):
    # place_struck_country: own-country towns for a state's forces
    text = "قصفت قوات النظام السوري بلدة كنصفرة في ريف إدلب الجنوبي صباح اليوم."
    assert parties(only(run(text, lang="ar").events, "ASSAULT")) == (["SYR"], ["SYR"])


# ------------------------------------------------------------------ fire on a protest


def test_a_force_firing_on_a_protest_at_home_hits_its_own_public(run):
    # participants.fire_on_a_protest
    event = only(run("Kenyan police opened fire on a protest in Nairobi on Tuesday.", lang="en").events, "ASSAULT")
    assert parties(event) == (["KEN"], ["KEN"])


def test_a_force_firing_on_a_protest_abroad_gets_no_home_target(run):
    # fire_on_a_protest's guard: the place is not in the force's country
    event = only(run("Israeli troops opened fire on a protest in Jenin on Tuesday.", lang="en").events, "ASSAULT")
    assert "ISR" not in parties(event)[1]

"""Rules from studying real Arabic wire copy (issue 11, round 8): unnamed protesters, protests at an
embassy, casualty verbs with the attacker after them, suicide bombers, and non-events. Each test runs
on sentences written for it (never taken from the development sets or from real articles) and, where
a rule is named, fails with that rule taken out of the registry."""

from __future__ import annotations

from tests.unit.extract.event_helpers import of_type, only, parties


# --- unnamed-crowd


def test_protesters_named_by_no_actor_are_the_public_of_the_place(run, without):
    text = "خرج المئات في مسيرة احتجاجية جابت شوارع مدينة صفاقس تنديداً بزيارة وزير الداخلية الإيطالي."
    protest = only(run(text, lang="ar").events, "PROTEST")
    assert parties(protest)[0] == ["TUN"]
    without("unnamed-crowd")
    assert not of_type(run(text, lang="ar").events, "PROTEST")


def test_a_country_adjective_on_the_place_gives_the_crowd_its_country(run, without):
    text = "تظاهر نحو مئتي شخص وسط العاصمة الأردنية مساء الجمعة تضامناً مع سكان غزة."
    protest = only(run(text, lang="ar").events, "PROTEST")
    assert parties(protest)[0] == ["JOR"]
    without("unnamed-crowd")
    assert not of_type(run(text, lang="ar").events, "PROTEST")


def test_a_strike_with_no_country_at_all_is_still_a_protest(run, without):
    text = "واصل العشرات من عمال النظافة إضرابهم المفتوح لليوم الخامس على التوالي للمطالبة بزيادة الأجور."
    protest = only(run(text, lang="ar").events, "PROTEST")
    assert [a.sector for a in protest.source_actor] == ["CVL"]
    without("unnamed-crowd")
    assert not of_type(run(text, lang="ar").events, "PROTEST")


# --- protest-at-embassy


def test_a_protest_at_an_embassy_is_aimed_at_its_state_not_by_it(run, without):
    text = "نظم ناشطون وقفة احتجاجية أمام السفارة الفرنسية في نواكشوط تنديداً بتصريحات مسيئة."
    protest = only(run(text, lang="ar").events, "PROTEST")
    assert parties(protest) == (["MRT"], ["FRA"])
    without("protest-at-embassy")
    assert parties(only(run(text, lang="ar").events, "PROTEST"))[0] != ["MRT"]

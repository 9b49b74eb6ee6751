"""Rules of the sixth quality round, each on sentences written for this test (not taken from the gold
or development sets): agentless passives, attacker phrases after «أصيب», places in the article's
countries, «فيما» clauses, reciprocal acts joined to a meeting, dual roles with their countries,
English participial accusations, trade bans, asset freezes and tear gas."""

from __future__ import annotations

from tests.unit.extract.event_helpers import of_type, parties


def test_passive_with_damma_and_no_agent_is_an_event_done_to_its_subject(run):
    events = run("اعتُقل صحفي سوري بارز في مدينة حلب صباح اليوم.", lang="ar").events
    coerce = of_type(events, "COERCE")
    assert coerce, events
    assert coerce[0].source_actor == ()
    assert parties(coerce[0])[1] == ["SYR"]


def test_tamma_masdar_release_without_agent(run):
    events = run("تم الإفراج عن ثلاثة صيادين مصريين في ليبيا.", lang="ar").events
    concede = of_type(events, "CONCEDE")
    assert concede and concede[0].source_actor == ()
    assert "EGY" in parties(concede[0])[1]


def test_wounded_by_fire_of_a_country_is_an_assault_by_its_forces(run):
    events = run("أصيب ثلاثة مزارعين سوريين بنيران تركية قرب الحدود.", lang="ar").events
    assault = of_type(events, "ASSAULT")
    assert assault, events
    assert parties(assault[0]) == (["TUR"], ["SYR"])
    assert assault[0].source_actor[0].code == "TURMIL"


def test_homonym_place_in_the_article_country_wins(run):
    events = run("قصفت القوات الإسرائيلية مواقع للجيش السوري في ريف القنيطرة.", lang="ar").events
    assault = of_type(events, "ASSAULT")[0]
    assert any(p.name == "Quneitra" and p.country == "SYR" for p in assault.places)
    assert not any(p.country == "MAR" for p in assault.places)


def test_fima_clause_is_a_second_report(run):
    events = run("قصفت القوات الروسية مدينة خاركيف، فيما هاجمت مسيرات أوكرانية مصفاة في منطقة بيلغورود.", lang="ar").events
    assert len(of_type(events, "ASSAULT")) == 2


def test_reciprocal_act_joined_to_a_meeting_keeps_both_parties(run):
    events = run("التقى وزير الخارجية الكويتي نظيره العراقي في الكويت، ووقعا اتفاقية لترسيم الحدود.", lang="ar").events
    agree = of_type(events, "AGREE")
    assert agree and agree[0].reciprocal
    assert set(parties(agree[0])[0] + parties(agree[0])[1]) == {"KWT", "IRQ"}


def test_dual_role_with_country_adjectives_names_both_sides(run):
    events = run("اتفق الرئيسان الجزائري والتونسي على فتح معبر حدودي جديد.", lang="ar").events
    agree = of_type(events, "AGREE")
    assert agree, events
    assert set(parties(agree[0])[0] + parties(agree[0])[1]) == {"DZA", "TUN"}


def test_english_participial_accusation_is_a_second_event(run):
    events = run("Serbia's president rejected the European Parliament resolution, accusing it of interference.").events
    assert of_type(events, "REJECT") and of_type(events, "ACCUSE")


def test_protest_demands_stay_part_of_the_protest(run):
    events = run("Farmers blocked roads in Brussels, demanding lower fuel taxes.").events
    assert not of_type(events, "REQUEST")


def test_banned_exports_and_froze_assets_are_sanctions(run):
    assert of_type(run("India banned exports of wheat to Bangladesh on Friday.").events, "SANCTION")
    assert of_type(run("Britain froze the assets of two Iranian generals.").events, "SANCTION")


def test_tear_gas_is_coercion(run):
    events = run("Serbian police fired tear gas at students in Belgrade.").events
    assert of_type(events, "COERCE")

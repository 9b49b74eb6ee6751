"""Coding rules added for accuracy (issue 3, "Quality, measured"), each on sentences written for
this test (not taken from the gold or dev sets), plus a floor on the second development set."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.evaluate import load_gold, predict, score
from tests.unit.extract.event_helpers import only

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "extract"


def test_a_whole_country_is_never_a_place(run):
    events = run("Qatar urged all parties in Libya to return to negotiations.").events
    request = only(events, "REQUEST")
    assert all(p.country != "LBY" or p.name != "Libya" for p in request.places)
    assert request.location is None or request.location.name is None


def test_carrier_strike_group_is_a_deployment_not_an_attack(run):
    events = run("The Pentagon sent a carrier strike group to the Arabian Sea on Tuesday.").events
    assert not any(e.event.plover == "ASSAULT" for e in events)


def test_arabic_pluperfect_is_asserted(run):
    events = run("وكان وزير الخارجية القطري قد زار بغداد الأسبوع الماضي والتقى رئيس الوزراء العراقي.", lang="ar").events
    consult = only(events, "CONSULT")
    assert consult.event.modality == ("asserted",)


def test_conditional_threat_is_an_asserted_threat(run):
    events = run("Iran warned that it would close the Strait of Hormuz if it came under attack.").events
    threat = only(events, "THREATEN")
    assert threat.event.modality == ("asserted",)
    assert any(p.name == "Strait of Hormuz" for p in threat.places)


def test_adjective_on_attack_noun_is_the_attacker_and_the_victim_is_the_target(run):
    events = run("قُتل ثلاثة من عناصر حزب الله بغارة إسرائيلية على بلدة الخيام.", lang="ar").events
    attack = only(events, "ASSAULT")
    assert {a.country for a in attack.source_actor} == {"ISR"}
    assert {a.code for a in attack.target_actor} == {"LBNREB"}


def test_trailing_bare_role_reports_for_the_source_country(run):
    events = run("Egypt reopened the Rafah crossing for aid trucks on Wednesday, the foreign ministry said.").events
    concede = only(events, "CONCEDE")
    assert concede.claim_source is not None and concede.claim_source.country == "EGY"


def test_denier_is_the_claim_source_of_the_negated_event(run):
    events = run("نفت وزارة الدفاع التركية أن تكون طائراتها قد قصفت قرية في شمال العراق.", lang="ar").events
    attack = only(events, "ASSAULT")
    assert "negated" in attack.event.modality
    assert attack.claim_source is not None and attack.claim_source.country == "TUR"


def test_verbal_act_target_follows_its_content_noun(run):
    events = run("The Sudanese army refused to join the talks in Geneva with the Rapid Support Forces.").events
    reject = only(events, "REJECT")
    assert {a.code for a in reject.target_actor} == {"SDNREB"}


def test_coordinated_second_verbal_act_is_its_own_event(run):
    events = run("أدانت الجامعة العربية الهجوم على السفارة وطالبت السلطات الليبية بحماية البعثات.", lang="ar").events
    assert {"ACCUSE", "REQUEST"} <= {e.event.plover for e in events}


def test_citizens_addressing_their_government(run):
    events = run("طالب المتظاهرون الأردنيون الحكومة الأردنية بوقف تصدير الخضار.", lang="ar").events
    request = only(events, "REQUEST")
    assert {a.code for a in request.target_actor} == {"JORGOV"}


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_second_development_set_floor(pipeline, lang):
    """dev2 was written before the rules above were tuned on it; this keeps the gains."""
    records = load_gold([FIXTURES / f"dev2_{lang}.jsonl"])
    report = score(records, predict(records, pipeline)).languages[lang]
    assert report.event_type.f1 >= 0.82
    assert report.both_countries.value >= 0.80
    assert report.false_event_articles == 0

"""Arabic non-conflict types as real wire copy writes them (issue 11, arrec3): aid convoys and aid
that arrives, plural memoranda, written messages, counted deployments, sanctions written as
«إجراءات» and frozen funds, standing by a country, cooperation as a topic or a title, purpose
masdars, and present-tense leads of visits. Each sentence was written for its test."""

from __future__ import annotations

import pytest

from streams.extract import coding, confidence, modality
from tests.unit.extract.event_helpers import of_type, only, parties


def _why(event) -> list[str]:
    return list(event.why)


# --- aid convoys (ar.aid.convoy, ar.aid.convoy_named)


def test_a_relief_convoy_with_its_load_is_aid(run):
    text = "أرسلت الإمارات قافلة مكونة من 30 شاحنة محمّلة بالمواد الغذائية والأدوية إلى النازحين في السودان."
    aid = only(run(text, lang="ar").events, "AID")
    assert parties(aid)[0] == ["ARE"]


def test_a_convoy_named_with_no_aid_is_no_aid(run):
    text = "انطلقت قافلة عسكرية تركية مكونة من 30 شاحنة نحو ريف إدلب."
    assert not of_type(run(text, lang="ar").events, "AID")


def test_a_country_adjective_on_the_aid_plane_is_the_giver(run):
    text = "وصلت إلى مطار الخرطوم طائرة إغاثة قطرية تحمل 30 طناً من الأدوية."
    aid = only(run(text, lang="ar").events, "AID")
    assert parties(aid)[0] == ["QAT"]
    assert "trigger:ar.aid.convoy_named=070" in _why(aid)


def test_aid_that_arrives_is_aid_not_a_visit(run, monkeypatch):
    text = "وصلت إلى مطار الخرطوم طائرة إغاثة قطرية تحمل 30 طناً من الأدوية."
    assert not of_type(run(text, lang="ar").events, "CONSULT")
    monkeypatch.setattr(coding, "_aid_that_arrived", lambda primary, in_clause, resources: primary)
    events = run(text, lang="ar").events
    assert not of_type(events, "AID")


def test_a_visitor_who_arrives_is_still_a_visit(run):
    text = "وصل الرئيس الفرنسي إلى الرياض في زيارة رسمية تستمر يومين."
    assert of_type(run(text, lang="ar").events, "CONSULT")


def test_provided_by_names_the_giver_of_aid(run):
    text = "دخلت إلى قطاع غزة 90 شاحنة محملة بالمساعدات الإنسانية مقدمة من الهلال الأحمر المصري."
    aid = only(run(text, lang="ar").events, "AID")
    assert parties(aid)[0] == ["EGY"]
    assert "rule:passive-agent" in _why(aid)


# --- agreements, messages


@pytest.mark.parametrize("text", [
    "وقعت تونس والجزائر ثلاث مذكرات تفاهم في مجالات الطاقة والنقل.",
    "وقعت تونس والجزائر مذكرتي تفاهم في قطاع الصحة.",
])
def test_plural_and_dual_memoranda_are_agreements(run, text):
    agree = only(run(text, lang="ar").events, "AGREE")
    assert sorted(parties(agree)[0] + parties(agree)[1]) == ["DZA", "TUN"]


def test_a_signing_ceremony_of_memoranda_between_two_governments(run):
    text = "شهدت العاصمة القطرية الدوحة توقيع خمس مذكرات تفاهم بين حكومتي قطر وكينيا."
    agree = only(run(text, lang="ar").events, "AGREE")
    assert set(parties(agree)[0] + parties(agree)[1]) == {"QAT", "KEN"}


def test_a_written_message_received_is_an_exchange(run):
    text = "تلقى أمير قطر الشيخ تميم بن حمد آل ثاني رسالة خطية من الرئيس الرواندي بول كاغامي تتصل بالعلاقات الثنائية."
    consult = only(run(text, lang="ar").events, "CONSULT")
    assert "trigger:ar.consult.message/1=040" in _why(consult)
    assert set(parties(consult)[0] + parties(consult)[1]) == {"QAT", "RWA"}


# --- deployments, sanctions, support


def test_counted_troops_sent_are_a_deployment(run):
    text = "أعلنت وزارة الدفاع البريطانية إرسال 800 جندي إضافي إلى إستونيا."
    mobilize = only(run(text, lang="ar").events, "MOBILIZE")
    assert parties(mobilize)[0] == ["GBR"]


def test_a_force_that_reinforced_its_presence_mobilized(run):
    text = "عزز الجيش الأردني من انتشاره على الحدود الشمالية مع سوريا."
    assert only(run(text, lang="ar").events, "MOBILIZE")


def test_reinforcing_its_presence_as_a_purpose_is_no_deployment(run):
    text = "قال الجيش اللبناني إنه يعمل بالتنسيق مع قوات اليونيفيل على تعزيز انتشاره جنوب الليطاني."
    assert not of_type(run(text, lang="ar").events, "MOBILIZE")


def test_coercive_economic_measures_are_sanctions(run):
    text = "فرضت الولايات المتحدة إجراءات اقتصادية قسرية جديدة على فنزويلا."
    sanction = only(run(text, lang="ar").events, "SANCTION")
    assert parties(sanction) == (["USA"], ["VEN"])


def test_the_us_administration_froze_assets(run):
    text = "جمدت الإدارة الأمريكية أصول البنك المركزي الأفغاني."
    sanction = only(run(text, lang="ar").events, "SANCTION")
    assert parties(sanction)[0] == ["USA"]


def test_standing_by_a_country_is_support(run):
    text = "أكدت الإمارات وقوفها الثابت إلى جانب المملكة المغربية في مواجهة أي تهديد لأمنها."
    support = only(run(text, lang="ar").events, "SUPPORT")
    assert parties(support) == (["ARE"], ["MAR"])


# --- cooperation as a topic or a title, purpose masdars


def test_the_cooperation_in_a_maghrebi_ministers_title_is_no_event(run):
    text = "أجرى وزير الشؤون الخارجية والتعاون الإفريقي ناصر بوريطة مباحثات مع نظيره الكيني في الرباط."
    events = run(text, lang="ar").events
    assert not of_type(events, "COOPERATE")
    assert of_type(events, "CONSULT")


def test_memoranda_to_strengthen_cooperation_are_an_agreement_not_cooperation(run):
    text = "وقعت مصر وأوغندا مذكرات تفاهم لتعزيز التعاون بين البلدين."
    events = run(text, lang="ar").events
    assert of_type(events, "AGREE")
    assert not of_type(events, "COOPERATE")


def test_support_as_the_purpose_of_a_convoy_is_no_support(run, monkeypatch):
    text = "وقالت الوزارة القطرية إن الحملة تأتي بهدف دعم الأسر المتضررة في اليمن."
    assert not of_type(run(text, lang="ar").events, "SUPPORT")
    monkeypatch.setattr(confidence, "_purpose_masdar", lambda doc, cand, trigger, resources: False)
    assert of_type(run(text, lang="ar").events, "SUPPORT")


def test_support_stated_as_an_act_stays(run):
    text = "جددت الكويت دعمها لوحدة اليمن وسيادته."
    assert of_type(run(text, lang="ar").events, "SUPPORT")


# --- present-tense leads of visits


@pytest.mark.parametrize("text", [
    "ماكرون يتوجه إلى الرباط في زيارة دولة تستمر ثلاثة أيام",
    "الرباط (ومع) - يزور الرئيس الموريتاني المغرب في زيارة رسمية.",
    "يصل رئيس الوزراء العراقي إلى أنقرة في زيارة رسمية.",
])
def test_a_visit_told_in_the_present_at_the_start_is_a_plan(run, monkeypatch, text):
    visit = only(run(text, lang="ar").events, "CONSULT")
    assert "future" in visit.event.modality
    monkeypatch.setattr(modality, "_opens_sentence", lambda doc, start, at: False)
    assert "future" not in only(run(text, lang="ar").events, "CONSULT").event.modality


def test_a_present_tense_visit_in_a_relative_clause_is_no_plan(run):
    text = "استقبل وزير الخارجية المصري نظيره المغربي الذي يزور القاهرة حاليا."
    consult = only(run(text, lang="ar").events, "CONSULT")
    assert consult.event.modality == ("asserted",) or list(consult.event.modality) == ["asserted"]


# --- host-of-the-venue


def test_a_host_named_only_by_title_is_of_the_venue_country(run, without):
    text = "استقبل ولي العهد في قصر السلام بجدة رئيس الوزراء الياباني."
    consult = only(run(text, lang="ar").events, "CONSULT")
    assert set(parties(consult)[0] + parties(consult)[1]) == {"SAU", "JPN"}
    without("host-of-the-venue")
    consult = only(run(text, lang="ar").events, "CONSULT")
    assert "SAU" not in parties(consult)[0] + parties(consult)[1]


def test_a_named_host_keeps_its_own_country(run):
    text = "التقى الرئيس الفرنسي في باريس وزير الخارجية الإيطالي."
    consult = only(run(text, lang="ar").events, "CONSULT")
    assert set(parties(consult)[0] + parties(consult)[1]) == {"FRA", "ITA"}
    assert "rule:host-of-the-venue" not in _why(consult)


# --- the time frame of a clause


def test_a_visit_named_as_the_time_of_a_signing_is_no_visit(run, monkeypatch):
    text = "جرى خلال الزيارة التوقيع على أربع اتفاقيات تعاون بين الأردن والعراق."
    agree = only(run(text, lang="ar").events, "AGREE")
    assert set(parties(agree)[0] + parties(agree)[1]) == {"JOR", "IRQ"}
    monkeypatch.setattr(coding, "_past_the_time_frame", lambda text, primary, in_clause, resources: primary)
    assert not of_type(run(text, lang="ar").events, "AGREE")


# --- import bans, pull-outs, curfews lifted, parliaments


def test_stopping_a_countrys_imports_is_a_sanction(run):
    text = "أوقفت السلطات الكويتية استيراد الدواجن من فرنسا."
    sanction = only(run(text, lang="ar").events, "SANCTION")
    assert parties(sanction)[0] == ["KWT"]
    assert "trigger:ar.sanction.imports/1=163" in _why(sanction)


def test_pulling_out_part_of_its_equipment_is_a_retreat(run):
    text = "بدأت القوات الروسية سحب جزء من معداتها من قاعدة القامشلي."
    retreat = only(run(text, lang="ar").events, "RETREAT")
    assert parties(retreat)[0] == ["RUS"]


def test_a_curfew_lifted_spelt_altajwal_is_a_concession(run):
    text = "رفعت السلطات السودانية حظر التجوال المفروض على ولاية الخرطوم."
    events = run(text, lang="ar").events
    assert of_type(events, "CONCEDE")
    assert not of_type(events, "SANCTION")


def test_a_national_council_is_a_legislature(run):
    text = "طالب المجلس الوطني الفلسطيني مجلس الأمن بتوفير حماية دولية للشعب الفلسطيني."
    request = only(run(text, lang="ar").events, "REQUEST")
    assert parties(request)[0] == ["PSE"]

"""Arabic recall on real wire copy (issue 11, arrec): forms, roles and word senses found in real Arabic
news, tested on sentences written for these tests. Each test names the dictionary entry it depends on;
taking that entry (or form) out fails the test."""

from __future__ import annotations

from tests.unit.extract.event_helpers import only, types


def sources(event):
    return [a.code for a in event.source_actor]


# ------------------------------------------------------------------ forms and roles that were missing


def test_the_measure_one_spelling_dan_is_a_condemnation(run):
    # events_ar.jsonl ar.criticize: «دان/دانت/دانوا»
    event = only(run("دان وزير الخارجية المصري الهجوم على قافلة الإغاثة.", lang="ar").events, "ACCUSE")
    assert sources(event) == ["EGYGOV"]
    assert types(run("ودانت الخارجية القطرية قصف المستشفيات في غزة.", lang="ar").events)[:1] == ["ACCUSE"]


def test_maghreb_security_services_are_police(run):
    # role_nouns.jsonl police: «المصالح الأمنية», «الأجهزة الأمنية»
    event = only(run("أوقفت المصالح الأمنية المغربية أربعة أشخاص في مدينة فاس.", lang="ar").events, "COERCE")
    assert sources(event) == ["MARCOP"]
    event = only(run("اعتقلت الأجهزة الأمنية المغربية عشرة متطرفين في مدينة طنجة.", lang="ar").events, "COERCE")
    assert sources(event) == ["MARCOP"]


def test_a_minister_of_any_portfolio_is_government(run):
    # role_nouns.jsonl minister: «وزير»
    event = only(run("قدم وزير المالية الأردني استقالته إلى رئيس الوزراء أمس.", lang="ar").events, "CONCEDE")
    assert sources(event) == ["JORGOV"]


def test_occupation_bulldozers_are_the_subject_of_a_demolition(run):
    # role_nouns.jsonl occupation_forces «جرافات الاحتلال»; ar.seize without the «هدمت جرافات» form
    event = only(run("هدمت جرافات الاحتلال منزلا لعائلة فلسطينية في بلدة سلوان.", lang="ar").events, "COERCE")
    assert [a.country for a in event.source_actor] == ["ISR"]


def test_barring_worshippers_is_coercion(run):
    # events_ar.jsonl ar.coerce.general: «منع» + «المصلين»
    assert "COERCE" in types(run("منعت السلطات الإسرائيلية آلاف المصلين من الوصول إلى المسجد الأقصى.", lang="ar").events)


def test_a_blockade_is_coercion_not_an_assault(run):
    # cameo.tsv 191 -> COERCE (impose blockade, restrict movement)
    event = only(run("فرضت قوات الدعم السريع حصارا خانقا على مدينة الفاشر.", lang="ar").events, "COERCE")
    assert event.event.cameo == "191"


# ------------------------------------------------------------------ words that are no event


def test_threatening_security_as_a_noun_is_no_threat(run):
    # events_ar.jsonl ar.threaten unless «أمن»
    events = run("جددت الوزارة رفضها لكل الأعمال التي تسعى لاستهداف الأبرياء وتهديد أمن مصر.", lang="ar").events
    assert "THREATEN" not in types(events)


def test_supporting_and_strengthening_relations_is_no_support(run):
    # events_ar.jsonl ar.support unless «وتعزيزها», «العلاقات»
    events = run("التقى وزير الخارجية السعودي نظيره المصري في الرياض، وجرى استعراض العلاقات وسبل دعمها وتعزيزها.",
                 lang="ar").events
    assert types(events) == ["CONSULT"]


def test_jeers_let_out_are_no_gunfire(run):
    # events_ar.jsonl ar.fight.small_arms unless «صيحات»
    events = run("أطلقت الشرطة الفرنسية الغاز المسيل للدموع لتفريق محتجين في باريس. "
                 "ورشق محتجون الشرطة ببعض الأشياء وأطلقوا صيحات الاستهجان وأشعلوا النار في صناديق قمامة.", lang="ar").events
    assert not any(e.event.cameo == "193" for e in events)


def test_terrorist_acts_a_suspect_is_linked_to_are_no_attack(run):
    # events_ar.jsonl ar.terror.attack without «أعمال إرهابية» (and role_nouns police «الأجهزة الأمنية»)
    events = run("أوقفت الأجهزة الأمنية خمسة أشخاص، اليوم السبت، قالت إنهم يشتبه في تورطهم في أعمال إرهابية، "
                 "وفق بيان لوزارة الداخلية المغربية.", lang="ar").events
    assert types(events) == ["COERCE"]


def test_a_call_with_its_pronoun_is_a_request_and_the_ceasefire_no_gunfire(run):
    # events_ar.jsonl ar.appeal: «دعوته», «دعوتها»
    events = run("وجدد الاتحاد الأوروبي دعوته إلى وقف فوري لإطلاق النار في السودان.", lang="ar").events
    assert types(events) == ["REQUEST"]


def test_rejecting_accusations_tells_of_the_accusation(run):
    # events_ar.jsonl ar.reject.deny: «رفض» + «الاتهامات» (object_events 11)
    events = run("رفضت الخارجية الإيرانية الاتهامات البريطانية بشأن دعم الحوثيين.", lang="ar").events
    assert sorted(types(events)) == ["ACCUSE", "REJECT"]
    assert sources(only(events, "ACCUSE")) == ["GBR"]

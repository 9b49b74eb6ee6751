"""Arabic source/target rules that generalise beyond the development examples (who did what to
whom): each test uses a sentence written for it, not one taken from a gold or development set."""

from __future__ import annotations

import pytest

from tests.unit.extract.event_helpers import countries, only


def test_counterpart_after_a_noun_trigger_is_the_other_side(run):
    # The subject and «نظيره» must not fuse into one group across «محادثات».
    events = run("أجرى وزير الخارجية المصري محادثات مع نظيره الأردني في عمان حول الأوضاع الإقليمية.", lang="ar").events
    consult = only(events, "CONSULT")
    assert countries(consult.source_actor) | countries(consult.target_actor) == {"EGY", "JOR"}
    assert consult.reciprocal


def test_coordinated_verb_keeps_the_subject_and_takes_the_plural_as_object(run):
    events = run("اقتحمت الشرطة التركية مقرا في ضواحي أنقرة، واحتجزت خمسة سوريين.", lang="ar").events
    coerce = only(events, "COERCE")
    assert countries(coerce.source_actor) == {"TUR"}
    assert countries(coerce.target_actor) == {"SYR"}


def test_nominative_plural_after_a_coordinated_verb_stays_a_subject(run):
    # «محتجون» (-ون) is a subject: the protest is theirs, not the police's.
    events = run("فرقت الشرطة الفرنسية تجمعا في باريس، وتظاهر محتجون جزائريون أمام السفارة.", lang="ar").events
    protest = only(events, "PROTEST")
    assert countries(protest.source_actor) != {"FRA"}


def test_sentence_opening_with_a_verb_continues_the_previous_subject(run):
    text = "استقبل الرئيس الجزائري عبد المجيد تبون وزير الخارجية الإيطالي. وتعهد بتقديم مساعدات إنسانية لتونس."
    aid = only(run(text, lang="ar").events, "AID")
    assert countries(aid.source_actor) == {"DZA"}
    assert countries(aid.target_actor) == {"TUN"}


def test_pronoun_object_in_the_next_sentence_repeats_the_meeting(run):
    text = "استقبل أمير قطر تميم بن حمد الرئيس الفلسطيني محمود عباس في الدوحة. وناقش معه آخر التطورات."
    consults = [e for e in run(text, lang="ar").events if e.event.plover == "CONSULT"]
    assert len(consults) == 1
    assert countries(consults[0].source_actor) | countries(consults[0].target_actor) == {"QAT", "PSE"}


def test_country_adjective_before_a_named_person_is_not_a_second_actor(run):
    events = run("التقى الوزير الفرنسي جان نويل بارو رئيس الوزراء العراقي في بغداد.", lang="ar").events
    consult = only(events, "CONSULT")
    assert countries(consult.source_actor) | countries(consult.target_actor) == {"FRA", "IRQ"}


@pytest.mark.parametrize("text,source,target", [
    ("أشادت الحكومة الكويتية بمصر لدورها في التهدئة.", "KWT", "EGY"),
    ("اعترفت النرويج رسمياً بدولة فلسطين.", "NOR", "PSE"),
])
def test_country_with_bi_after_a_verbal_act_is_its_object(run, text, source, target):
    support = only(run(text, lang="ar").events, "SUPPORT")
    assert countries(support.source_actor) == {source}
    assert countries(support.target_actor) == {target}


def test_country_with_bi_after_an_attack_stays_a_place(run):
    # «ب» after a military action is "in": no actor is made of the country.
    events = run("قتل مسلحون ثلاثة جنود بمالي.", lang="ar").events
    assert all("MLI" not in countries(e.source_actor) for e in events)


def test_adjective_on_the_object_noun_beats_parties_named_later(run):
    events = run("انتقد وزير الخارجية الإيطالي الموقف التركي من المحادثات بين أرمينيا وأذربيجان.", lang="ar").events
    accuse = only(events, "ACCUSE")
    assert countries(accuse.target_actor) == {"TUR"}


def test_agent_after_binayran_is_the_attacker(run):
    events = run("قُتل ثلاثة جنود لبنانيين بنيران الجيش الإسرائيلي قرب الحدود.", lang="ar").events
    attack = only(events, "ASSAULT")
    assert countries(attack.source_actor) == {"ISR"}
    assert countries(attack.target_actor) == {"LBN"}


def test_dual_soldiers_with_their_adjective_are_the_army_hit(run):
    events = run("قُتل جنديان مصريان بنيران مسلحين من تنظيم داعش في شمال سيناء.", lang="ar").events
    attack = only(events, "ASSAULT")
    assert [a.code for a in attack.target_actor] == ["EGYMIL"]


def test_companies_with_a_country_adjective_are_a_business_target(run):
    events = run("فرضت الحكومة البريطانية عقوبات ضد أربع شركات روسية تنقل النفط إلى الهند.", lang="ar").events
    sanction = only(events, "SANCTION")
    assert [a.code for a in sanction.target_actor] == ["RUSBUS"]


def test_lifting_sanctions_across_the_subject_is_a_concession_to_the_country_after_the_object(run):
    events = run("رفعت كندا العقوبات المفروضة على ليبيا منذ سنوات.", lang="ar").events
    concede = only(events, "CONCEDE")
    assert countries(concede.source_actor) == {"CAN"}
    assert countries(concede.target_actor) == {"LBY"}
    assert "SANCTION" not in [e.event.plover for e in events]


def test_expelling_an_ambassador_across_the_subject(run):
    events = run("طردت هولندا السفير الإيراني من أراضيها.", lang="ar").events
    sanction = only(events, "SANCTION")
    assert countries(sanction.target_actor) == {"IRN"}


def test_dawn_is_no_bombing_and_does_not_cut_the_target_off(run):
    events = run("داهمت القوات الإسرائيلية فجر اليوم مدينة طولكرم واعتدت على السكان.", lang="ar").events
    assert "ASSAULT" not in [e.event.cameo[:3] for e in events if e.event.cameo.startswith("183")]
    events = run("اقتحمت القوات الإسرائيلية فجر اليوم مخيم جنين.", lang="ar").events
    attack = only(events, "ASSAULT")
    assert countries(attack.target_actor) == {"PSE"}


def test_kharkiv_in_its_current_arabic_spelling_is_the_place_hit(run):
    events = run("قصفت القوات الروسية مدينة خاركيف بالصواريخ.", lang="ar").events
    attack = only(events, "ASSAULT")
    assert countries(attack.target_actor) == {"UKR"}
    assert "Kharkiv" in {p.name for p in attack.places}

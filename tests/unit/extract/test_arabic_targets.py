"""Arabic source/target rules that generalise beyond the development examples (who did what to
whom): each test uses a sentence written for it, not one taken from a gold or development set."""

from __future__ import annotations

import pytest


def _only(events, plover):
    found = [e for e in events if e.event.plover == plover]
    assert found, [(e.event.plover, [a.code for a in e.source_actor], [a.code for a in e.target_actor]) for e in events]
    return found[0]


def _countries(actors) -> set:
    return {a.country for a in actors}


def test_counterpart_after_a_noun_trigger_is_the_other_side(run):
    # The subject and «نظيره» must not fuse into one group across «محادثات».
    events = run("أجرى وزير الخارجية المصري محادثات مع نظيره الأردني في عمان حول الأوضاع الإقليمية.", lang="ar").events
    consult = _only(events, "CONSULT")
    assert _countries(consult.source_actor) | _countries(consult.target_actor) == {"EGY", "JOR"}
    assert consult.reciprocal


def test_coordinated_verb_keeps_the_subject_and_takes_the_plural_as_object(run):
    events = run("اقتحمت الشرطة التركية مقرا في ضواحي أنقرة، واحتجزت خمسة سوريين.", lang="ar").events
    coerce = _only(events, "COERCE")
    assert _countries(coerce.source_actor) == {"TUR"}
    assert _countries(coerce.target_actor) == {"SYR"}


def test_nominative_plural_after_a_coordinated_verb_stays_a_subject(run):
    # «محتجون» (-ون) is a subject: the protest is theirs, not the police's.
    events = run("فرقت الشرطة الفرنسية تجمعا في باريس، وتظاهر محتجون جزائريون أمام السفارة.", lang="ar").events
    protest = _only(events, "PROTEST")
    assert _countries(protest.source_actor) != {"FRA"}


def test_sentence_opening_with_a_verb_continues_the_previous_subject(run):
    text = "استقبل الرئيس الجزائري عبد المجيد تبون وزير الخارجية الإيطالي. وتعهد بتقديم مساعدات إنسانية لتونس."
    aid = _only(run(text, lang="ar").events, "AID")
    assert _countries(aid.source_actor) == {"DZA"}
    assert _countries(aid.target_actor) == {"TUN"}


def test_pronoun_object_in_the_next_sentence_repeats_the_meeting(run):
    text = "استقبل أمير قطر تميم بن حمد الرئيس الفلسطيني محمود عباس في الدوحة. وناقش معه آخر التطورات."
    consults = [e for e in run(text, lang="ar").events if e.event.plover == "CONSULT"]
    assert len(consults) == 1
    assert _countries(consults[0].source_actor) | _countries(consults[0].target_actor) == {"QAT", "PSE"}


def test_country_adjective_before_a_named_person_is_not_a_second_actor(run):
    events = run("التقى الوزير الفرنسي جان نويل بارو رئيس الوزراء العراقي في بغداد.", lang="ar").events
    consult = _only(events, "CONSULT")
    assert _countries(consult.source_actor) | _countries(consult.target_actor) == {"FRA", "IRQ"}


@pytest.mark.parametrize("text,source,target", [
    ("أشادت الحكومة الكويتية بمصر لدورها في التهدئة.", "KWT", "EGY"),
    ("اعترفت النرويج رسمياً بدولة فلسطين.", "NOR", "PSE"),
])
def test_country_with_bi_after_a_verbal_act_is_its_object(run, text, source, target):
    support = _only(run(text, lang="ar").events, "SUPPORT")
    assert _countries(support.source_actor) == {source}
    assert _countries(support.target_actor) == {target}


def test_country_with_bi_after_an_attack_stays_a_place(run):
    # «ب» after a military action is "in": no actor is made of the country.
    events = run("قتل مسلحون ثلاثة جنود بمالي.", lang="ar").events
    assert all("MLI" not in _countries(e.source_actor) for e in events)

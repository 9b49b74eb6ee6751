"""Arabic protests told by the protesters' acts, violent protests, and what a protest's placards say
(issue 11, the arprotest round). Sentences written for these tests in the styles of real wire copy;
each test names the entry, rule or data it depends on, and fails without it."""

from __future__ import annotations

from streams.extract import load_pipeline
from streams.extract.implied import CROWD_RIOT, PROTEST_SLOGAN, PURPOSE_ADVERBIAL
from tests.unit.extract.event_helpers import only, types


def sources(event):
    return [a.code for a in event.source_actor]


def dropped_reasons(text: str) -> list[str]:
    from streams.models import Article

    _, dropped = load_pipeline().run_traced(Article(id="t", text=text, lang="ar", published="2024-03-14T10:00:00+00:00"))
    return [d["reason"] for d in dropped]


# ------------------------------------------------------------- the protesters' acts (events_ar.jsonl)


def test_chanting_by_a_crowd_is_a_protest(run):
    # ar.protest.chant_verb: «هتف» with the crowd after it, or a slogan's target («ضد», «بسقوط»).
    event = only(run("هتف المحتجون ضد الحكومة أمام مبنى البلدية في صيدا.", lang="ar").events, "PROTEST")
    assert event.event.cameo == "141"
    assert "PROTEST" in types(run("وهتفوا بسقوط النظام في شوارع حماة مساء الجمعة.", lang="ar").events)


def test_fans_chanting_at_a_match_are_no_protest(run):
    assert run("هتف المشجعون طويلا لفريقهم في ملعب القاهرة الدولي.", lang="ar").events == ()


def test_placards_raised_by_a_crowd_are_a_protest(run):
    # ar.protest.placards: «رفع»/«حمل» with the crowd named right after the verb.
    event = only(run("ورفع المعتصمون لافتات أمام وزارة الصحة في بيروت.", lang="ar").events, "PROTEST")
    assert sources(event) == ["LBNCVL"]
    assert run("رفعت المحلات لافتات التخفيضات في شوارع عمّان.", lang="ar").events == ()


def test_a_sit_in_named_with_its_doers_pronoun_is_a_protest(run):
    # ar.protest.sitin_noun: «وقفتهم الاحتجاجية», «وقفة رمزية».
    assert "PROTEST" in types(run("أنهى المعلمون وقفتهم الاحتجاجية أمام مديرية التربية في إربد.", lang="ar").events)


def test_tear_gas_in_the_definite_plural_disperses_a_protest(run):
    # ar.repress.gas_forms: «القنابل المسيلة للدموع» implies the crowd's protest.
    events = run("أطلقت الشرطة التونسية القنابل المسيلة للدموع على المحتجين في القصرين.", lang="ar").events
    assert set(types(events)) == {"COERCE", "PROTEST"}


# ------------------------------------------------------------- violent protest (implied.crowd_riot)


def test_protesters_storming_a_building_is_a_violent_protest_not_an_assault(run):
    events = run("حاول متظاهرون غاضبون اقتحام مبنى المحافظة في البصرة.", lang="ar").events
    event = only(events, "PROTEST")
    assert event.event.cameo == "145" and sources(event) == ["IRQCVL"] and CROWD_RIOT in event.why
    assert "ASSAULT" not in types(events)


def test_a_crowd_after_the_verb_with_what_it_stormed_is_a_violent_protest(run):
    event = only(run("اقتحم محتجون مقر المجلس البلدي في الناصرية.", lang="ar").events, "PROTEST")
    assert event.event.cameo == "145"


def test_protesters_killed_or_arrested_are_not_the_doers(run):
    # Undiacritized «قتل متظاهرون ... برصاص» is the passive; «أوقفت الشرطة محتجين بتهمة الاعتداء» the object.
    assert "PROTEST" not in types(run("قتل متظاهرون في بغداد برصاص قوات الأمن.", lang="ar").events)
    assert "PROTEST" not in types(run("أوقفت الشرطة التونسية خمسة محتجين بتهمة الاعتداء على عون أمن.", lang="ar").events)


def test_the_crowd_riot_roots_are_data():
    groups = load_pipeline().resources.groups
    assert {"18", "19"} <= groups.crowd_riot and "20" not in groups.crowd_riot


# ------------------------------------------------------------- what a protest says (implied.protest_content)


def test_a_demand_on_the_placards_is_no_request_of_its_own(run):
    text = "هتف عشرات المحتجين أمام وزارة المالية في بغداد ضد البطالة، ورفعوا لافتات تطالب بمحاسبة الفاسدين."
    assert types(run(text, lang="ar").events) == ["PROTEST"]
    assert PROTEST_SLOGAN in dropped_reasons(text)


def test_a_demand_without_placards_is_still_a_request(run):
    assert "REQUEST" in types(run("طالب وزير الخارجية المصري إسرائيل بوقف العمليات العسكرية في رفح.", lang="ar").events)


def test_rejection_as_a_protests_purpose_is_no_reject(run):
    text = "خرج آلاف التونسيين في مسيرة بالعاصمة ورفضا للتطبيع مع إسرائيل."
    assert types(run(text, lang="ar").events) == ["PROTEST"]
    assert PURPOSE_ADVERBIAL in dropped_reasons(text)
    assert types(run("وكان الحراك قد انطلق في فبراير 2019 رفضا لترشح الرئيس لولاية خامسة.", lang="ar").events) == []


def test_a_stated_rejection_stays_a_reject(run):
    assert "REJECT" in types(run("أعلنت الحكومة الأردنية رفضها القاطع للمقترح الإسرائيلي.", lang="ar").events)

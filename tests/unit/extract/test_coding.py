"""Event coding, who-did-what, modality, attribution, location and dates on short wire sentences."""

import pytest


def _one(extraction):
    assert len(extraction.events) == 1, [e.to_doc()["event"] for e in extraction.events]
    return extraction.events[0]


def _codes(actors):
    return [a.code for a in actors]


def test_reciprocal_phone_call_between_counterparts(run):
    event = _one(run("اتصال هاتفي بين الرئيس الروسي فلاديمير بوتين ونظيره التركي رجب طيب أردوغان."))
    assert event.event.plover == "CONSULT" and event.event.cameo == "041" and event.event.mode == "phone"
    assert _codes(event.source_actor) == ["RUSGOV"] and _codes(event.target_actor) == ["TURGOV"]
    assert event.reciprocal
    assert event.location is not None and event.location.role == "remote"


def test_english_counterpart_call(run):
    event = _one(run("Russian President Vladimir Putin and his Turkish counterpart Recep Tayyip Erdogan discussed Syria by phone on Thursday, the Kremlin said."))
    assert (event.event.plover, event.event.mode, event.reciprocal) == ("CONSULT", "phone", True)
    assert {*_codes(event.source_actor), *_codes(event.target_actor)} == {"RUSGOV", "TURGOV"}
    assert event.claim_source is not None and event.claim_source.text == "Kremlin"


def test_sentence_without_event_yields_none(run):
    assert run("ارتفعت أسعار النفط في الأسواق العالمية اليوم.").events == ()
    assert run("The weather in Amman was mild on Wednesday.").events == ()
    assert run("اقرأ أيضاً: الرئيس الروسي يهاجم أوكرانيا").events == ()


def test_verb_subject_object_arabic(run):
    event = _one(run("قصفت طائرات حربية إسرائيلية أمس مواقع لحزب الله في جنوب لبنان."))
    assert event.event.plover == "ASSAULT" and event.event.cameo_root in ("18", "19", "20")
    assert _codes(event.source_actor) == ["ISRMIL"]
    assert event.event.quad_class == 4 and event.event.goldstein < -5


def test_english_passive_voice(run):
    event = _one(run("Syrian troops were attacked by Turkish drones near Aleppo."))
    assert _codes(event.source_actor) == ["TURMIL"] and _codes(event.target_actor) == ["SYRMIL"]
    assert "rule:passive-by" in event.why


@pytest.mark.parametrize(
    "text, modality",
    [
        ("لم يلتق وزير الخارجية الروسي نظيره الأوكراني.", "negated"),
        ("Iran denied supplying drones to Russia.", "negated"),
        ("ستفرض تركيا عقوبات على إسرائيل.", "future"),
        ("يعتزم الرئيس الفرنسي زيارة الجزائر.", "future"),
        ("Britain plans to impose sanctions on Russia.", "future"),
        ("قد تفرض بريطانيا عقوبات على روسيا.", "possible"),
        ("Britain may impose sanctions on Russia.", "possible"),
        ("ستنسحب القوات التركية شريطة أن تتعهد سوريا بحماية الحدود.", "conditional"),
    ],
)
def test_modality_is_recorded_not_dropped(run, text, modality):
    event = _one(run(text))
    assert modality in event.event.modality
    assert "asserted" not in event.event.modality


def test_asserted_when_nothing_applies(run):
    assert _one(run("انتقدت فرنسا قرار الحكومة الإسرائيلية.")).event.modality == ("asserted",)


def test_intent_uses_cameo_03_but_keeps_the_action_type(run):
    event = _one(run("يعتزم الرئيس الفرنسي زيارة الجزائر."))
    assert event.event.cameo_root == "03" and event.event.plover == "CONSULT"


@pytest.mark.parametrize(
    "text, claim",
    [
        ("بحث بوتين وأردوغان الوضع في سوريا، حسبما أفاد الكرملين.", "RUSGOV"),
        ("أعلنت وزارة الخارجية التركية أن أنقرة ستفرض عقوبات على إسرائيل.", "TURGOV"),
        ("Russian forces did not withdraw from the town, Ukrainian officials said.", "UKRGOV"),
    ],
)
def test_attribution_is_separate_from_the_actors(run, text, claim):
    event = _one(run(text))
    assert event.claim_source is not None and event.claim_source.code == claim
    claim_span = (event.claim_source.start, event.claim_source.end)
    assert claim_span not in [(a.start, a.end) for a in (*event.source_actor, *event.target_actor)]


@pytest.mark.parametrize(
    "text, date, precision",
    [
        ("اعتقلت الشرطة العراقية متظاهرين اليوم.", "2024-03-14", "day"),
        ("اعتقلت الشرطة العراقية متظاهرين أمس.", "2024-03-13", "day"),
        ("اعتقلت الشرطة العراقية متظاهرين الخميس الماضي.", "2024-03-07", "day"),
        ("اعتقلت الشرطة العراقية متظاهرين يوم الثلاثاء.", "2024-03-12", "day"),
        ("اعتقلت الشرطة العراقية متظاهرين في ٢٨ كانون الثاني ٢٠٢٣.", "2023-01-28", "day"),
        ("اعتقلت الشرطة العراقية متظاهرين في 5 يناير الماضي.", "2024-01-05", "day"),
        ("اعتقلت الشرطة العراقية متظاهرين في الـ28 من كانون الأول/ديسمبر الماضي.", "2023-12-28", "day"),
        ("اعتقلت الشرطة العراقية متظاهرين في شباط الماضي.", "2024-02", "month"),
        ("Iraqi police arrested protesters yesterday.", "2024-03-13", "day"),
        ("Iraqi police arrested protesters on Monday.", "2024-03-11", "day"),
        ("Iraqi police arrested protesters on January 5, 2023.", "2023-01-05", "day"),
        ("Iraqi police arrested protesters in 2019.", "2019", "year"),
    ],
)
def test_dates_relative_and_absolute(run, text, date, precision):
    event = _one(run(text))
    assert (event.date, event.date_precision) == (date, precision)
    assert event.date_text and event.date_text in text


def test_no_date_in_text_falls_back_to_the_published_day(run):
    event = _one(run("انتقدت فرنسا قرار الحكومة الإسرائيلية."))
    assert event.date == "2024-03-14" and event.date_text is None
    assert "date:published" in event.why


def test_venue_is_the_place_in_the_event_sentence_not_the_first_in_the_article(run):
    text = "وصل الوفد إلى بيروت صباحاً.\n\nواستقبل الرئيس المصري في القاهرة وزير الخارجية الأمريكي."
    events = run(text).events
    hosted = [e for e in events if e.event.cameo == "043"]
    assert len(hosted) == 1
    assert hosted[0].location.name == "Cairo" and hosted[0].location.role == "venue"
    assert hosted[0].location.geo is not None and hosted[0].location.geonameid


def test_places_the_event_is_about(run):
    event = _one(run("وأكّد الرئيس التركي على أهمّية تطهير منبج وتل رفعت من وحدات حماية الشعب الكردية."))
    assert {p.country for p in event.places} == {"SYR"} and len(event.places) == 2
    assert _codes(event.target_actor) and _codes(event.target_actor)[0].endswith("REB")


def test_provenance(run):
    text = "مقدمة قصيرة.\n\nاتهمت كييف موسكو بقصف منشآت الطاقة."
    events = run(text).events  # the accusation, and the shelling it reports (eval/README.md)
    assert [e.event.plover for e in events] == ["ACCUSE", "ASSAULT"]
    event = events[0]
    assert text[event.sentence.start:event.sentence.end] == event.sentence.text == "اتهمت كييف موسكو بقصف منشآت الطاقة."
    assert event.sentence.index == 1
    assert any(w.startswith("trigger:ar.accuse") for w in event.why)
    assert 0.0 < event.confidence <= 1.0
    assert event.coder_version and event.dictionary_version
    for actor in (*event.source_actor, *event.target_actor):
        assert text[actor.start:actor.end] == actor.text


def test_role_dates_pick_the_code_in_force():
    from streams.extract.entities import _actor_code
    from streams.extract.resources import ActorEntry

    entry = ActorEntry("x", "person", "X", "USAELI", "USA", "ELI",
                       ({"code": "USAGOV", "sector": "GOV", "from": "2021-01-20", "to": "2025-01-20"},))
    assert _actor_code(entry, "2022-03-01") == ("USAGOV", "GOV")
    assert _actor_code(entry, "2019-03-01") == ("USAELI", "ELI")
    assert _actor_code(entry, None) == ("USAELI", "ELI")

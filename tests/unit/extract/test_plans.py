"""Plans and headlines (modality.py, dates.py): infinitive headlines are plans, a plan takes its
announced day or none, a day after publication makes an asserted act a plan, a headline reporting a
plan as done takes the plan's modality, "did not rule out" is possible; and the dates those rules
read. Sentences written for these tests."""

from __future__ import annotations

from tests.unit.extract.event_helpers import only

TUESDAY = "2024-08-20T10:00:00+00:00"


def test_infinitive_headline_is_a_plan(run):
    events = run("The Turkish president is expected in the Iraqi capital on Wednesday.", title="Erdogan to visit Baghdad",
                 published=TUESDAY).events
    visit = only(events, "CONSULT")
    assert "future" in visit.event.modality and "modality:future-infinitive" in visit.why


def test_infinitive_after_a_named_subject_opens_a_plan(run):
    events = run("Iran and Saudi Arabia to reopen embassies within two months, a joint statement said.").events
    assert events and all("future" in e.event.modality and "modality:future-infinitive" in e.why for e in events)


def test_infinitive_after_a_verb_is_not_this_rule(run):
    # "asked Tehran to release": the request is asserted; its content is not a headline plan.
    event = only(run("Washington asked Tehran to release the detained sailors.").events, "REQUEST")
    assert event.event.modality == ("asserted",) and "modality:future-infinitive" not in event.why


def test_planned_weekday_is_the_next_one(run):
    event = only(run("Prime Minister Narendra Modi will travel to Poland on Wednesday.", published=TUESDAY).events, "CONSULT")
    assert event.date == "2024-08-21"


def test_plan_without_a_day_is_not_dated_on_the_announcement(run):
    event = only(run("Germany will send more air defence systems to Ukraine, the chancellor said.", published=TUESDAY).events, "AID")
    assert event.date is None and event.date_precision is None and "date:none-planned" in event.why


def test_day_word_of_the_report_dates_the_report(run):
    # "said on Tuesday": the weekday belongs to the statement, read as past, not to the plan.
    event = only(run("Russia said on Tuesday it would withdraw its troops from the Kyiv region.",
                     published="2024-08-22T10:00:00+00:00").events, "RETREAT")
    assert event.date == "2024-08-20"


def test_act_dated_after_publication_is_a_plan(run):
    # (a verb of meeting, not of travel: «يزور» leading the sentence is a plan by itself, see
    # test_arabic_nonconflict_wire; here only the date after publication says so.)
    event = only(run("السيسي يلتقي الرئيس الأمريكي في واشنطن مطلع أبريل.", lang="ar",
                     published="2017-03-19T12:00:00+02:00").events, "CONSULT")
    assert event.event.modality == ("future",) and event.date == "2017-04" and "modality:future-date" in event.why


def test_hijri_marker_after_the_year_still_reads_the_year(run):
    event = only(run("أعلن الديوان الملكي أن الرئيس الأمريكي يزور المملكة يومي 15 و16 يوليو 2022م.", lang="ar",
                     published="2022-06-14T12:00:00+03:00").events, "CONSULT")
    assert event.date == "2022-07-15" and event.event.modality == ("future",)


def test_headline_told_as_done_takes_the_plan_of_its_article(run):
    events = run("Indian Prime Minister Narendra Modi will visit Kyiv on Friday, the foreign ministry said.",
                 title="Modi visits Ukraine", published=TUESDAY).events
    visits = [e for e in events if e.event.plover == "CONSULT"]
    # (Without the rule the headline stays a visit that happened, dated the day of publication.)
    assert visits and all(e.date == "2024-08-23" and "future" in e.event.modality for e in visits)


def test_not_ruled_out_is_possible_not_negated(run):
    event = only(run("ولم يستبعد المسؤول أن يلتقي الرئيس التركي نظيره السوري في موسكو.", lang="ar").events, "CONSULT")
    assert "possible" in event.event.modality and "negated" not in event.event.modality


def test_future_verb_before_a_noun_trigger(run):
    event = only(run("ووصل وزير الخارجية المغربي إلى القاهرة حيث سيشارك في اجتماع مع نظيره المصري.", lang="ar").events,
                 "CONSULT")
    assert "future" in event.event.modality


def test_date_after_since_starts_a_span(run):
    event = only(run("قصفت إسرائيل مدينة بعلبك للمرة الثالثة منذ 8 أكتوبر.", lang="ar",
                     published="2024-03-24T08:00:00+03:00").events, "ASSAULT")
    assert event.date == "2024-03-24"


def test_month_named_twice_in_brackets_takes_the_year_after(run):
    event = only(run("وقعت مصر والأردن اتفاقية للتعاون الدفاعي في حزيران (يونيو) 2019.", lang="ar",
                     published="2024-03-24T08:00:00+03:00").events, "AGREE")
    assert event.date == "2019-06"


def test_last_week_is_a_date_vaguer_than_a_day(run):
    event = only(run("التقى وزير الخارجية الأردني نظيره القطري في الدوحة الأسبوع الماضي.", lang="ar").events, "CONSULT")
    assert event.date is None and event.date_text == "الأسبوع الماضي"


def test_the_compiled_lexicon_reads_span_and_vague_cues(pipeline):
    # The two date cue kinds this work added go through the engine like any other: Arabic ones after
    # a proclitic («ومنذ»), English ones as whole words, each with its payload (the offset of a vague date).
    hits = pipeline.resources.lexicon.frontend("وقال إنه ومنذ الأسبوع الماضي لم يغادر. He left last week, since May.")[4]
    found = {(h.kind, h.key, h.prefix, h.entry.ref) for h in hits if h.kind in ("span", "vague")}
    assert found == {("span", "منذ", "و", None), ("vague", "الاسبوع الماضي", "", "week-1"),
                     ("vague", "last week", "", "week-1"), ("span", "since", "", None)}


def test_background_month_without_a_year_is_the_one_before_the_report(run):
    # Told in mid-September as background, "in October" is last October: not a plan for next month.
    event = only(run("Russia had struck the Ukrainian port of Odesa in October.", published="2023-09-15T10:00:00+00:00").events,
                 "ASSAULT")
    assert event.date == "2022-10" and event.event.modality == ("asserted",)
    assert "date:background-year-before" in event.why


def test_background_takes_its_own_date_over_a_nearer_weekday(run):
    # «فجر الأحد 28 كانون الثاني»: the weekday is nearer the trigger, the day and month are the date.
    event = only(run("وكان الهجوم الإسرائيلي على ميناء الحديدة اليمني قد وقع فجر الأحد 28 كانون الثاني/يناير.", lang="ar",
                     published="2024-01-31T10:00:00+03:00").events, "ASSAULT")
    assert event.date == "2024-01-28" and event.date_precision == "day"


def test_background_with_only_a_weekday_is_a_recent_act_on_that_day(run, pipeline):
    # (A weekday is no date of its own for background: without this reading the agreement is dropped.)
    text = "Egypt and Sudan had signed a border agreement on Sunday, years after talks began."
    event = only(run(text, published="2024-04-23T10:00:00+00:00").events, "AGREE")
    assert event.date == "2024-04-21" and any(w.startswith("realis:background") for w in event.why)

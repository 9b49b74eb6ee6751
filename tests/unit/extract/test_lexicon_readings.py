"""How the coder reads lexicon entries: object classes, vetoes, light verbs, generated forms."""

from __future__ import annotations

from tests.unit.extract.event_helpers import only, types


def codes(events):
    return {e.event.cameo for e in events}


def test_released_people_is_a_release_and_a_released_report_is_nothing(run):
    assert "CONCEDE" in types(run("Iran released five detained Americans on Monday.", lang="en").events)
    assert run("The Iranian government released a report on the economy on Monday.", lang="en").events == ()


def test_attacking_a_plan_is_criticism_and_attacking_a_town_an_assault(run):
    assert only(run("Keir Starmer attacked the budget plan of the Conservatives.", lang="en").events, "ACCUSE")
    assert only(run("Russian forces attacked the town of Avdiivka on Monday.", lang="en").events, "ASSAULT")


def test_every_inflection_of_a_generated_verb_codes(run):
    for text in ("Israeli forces shelled Gaza on Monday.", "Houthi fighters kidnapped two Turkish engineers.", "Protesters rioted in Paris on Monday.",
                 "The Iraqi prime minister resigned on Monday."):
        assert run(text, lang="en").events, text


def test_an_english_light_verb_codes_by_its_object(run):
    assert "195" in codes(run("Israel carried out a series of airstrikes on Gaza on Monday.", lang="en").events)
    assert "0871" in codes(run("Hamas declared a unilateral ceasefire on Monday.", lang="en").events)
    assert "143" in codes(run("Kenyan doctors went on a nationwide strike on Monday.", lang="en").events)


def test_an_arabic_light_verb_codes_by_its_object_after_the_subject(run):
    # VSO: the subject stands between the light verb and its object.
    assert "195" in codes(run("شنت الطائرات الإسرائيلية غارات على جنوب لبنان.", lang="ar").events)
    assert "0841" in codes(run("أطلقت حركة حماس سراح ثلاث رهائن.", lang="ar").events)
    assert "193" in codes(run("أطلق الجيش الإسرائيلي النار على متظاهرين في غزة.", lang="ar").events)


def test_an_arabic_light_verb_without_its_object_is_no_event(run):
    assert run("أطلقت الحكومة المصرية حملة لتشجيع السياحة.", lang="ar").events == ()


def test_generated_arabic_persons_and_passive_code(run):
    assert "ASSAULT" in types(run("هاجموا مواقع الجيش السوري في ريف حلب.", lang="ar").events) or \
        "ASSAULT" in types(run("هاجم مسلحون مواقع الجيش السوري في ريف حلب.", lang="ar").events)
    assert "COERCE" in types(run("اعتقلت الشرطة التركية عشرة صحفيين في إسطنبول.", lang="ar").events)


def test_floods_sweeping_villages_are_no_incursion(run):
    assert run("اجتاحت السيول عدة قرى في محافظة حضرموت شرقي اليمن.", lang="ar").events == ()


def test_a_statement_gives_way_to_the_act_in_its_clause(run):
    events = run("The Islamic State group claimed responsibility for the bombing.", lang="en").events
    assert all(e.event.plover == "" for e in events if e.event.cameo.startswith("01"))
    events = run("Vladimir Putin issued a statement condemning Recep Tayyip Erdogan.", lang="en").events
    assert "111" in codes(events)

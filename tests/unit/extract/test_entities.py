"""Countries, places and actors with offsets into the original text."""

import pytest

from streams.extract.context import Doc
from streams.extract.pipeline import full_text, published_date
from streams.models import Article


def _doc(pipeline, text, lang="ar"):
    article = Article(id="e", text=text, lang=lang, published="2024-03-14T10:00:00+00:00")
    doc = Doc(article=article, original=full_text(article), published=published_date(article.published))
    for name, stage in pipeline.stages:
        doc = stage(doc, pipeline.resources)
        if name == "entities":
            return doc
    raise AssertionError("no entities stage")


def _codes(doc):
    return [(doc.original[doc.norm.to_original(a.start):doc.norm.end_to_original(a.end)], a.code) for a in doc.actors]


@pytest.mark.parametrize(
    "text, surface, code",
    [
        ("وبوتين وصل", "بوتين", "RUSGOV"),
        ("وصرح الكرملين", "الكرملين", "RUSGOV"),
        ("نقلت للكرملين رسالة", "كرملين", "RUSGOV"),
        ("والكرملين يرد", "الكرملين", "RUSGOV"),
        ("رسالة لروسيا", "روسيا", "RUS"),
    ],
)
def test_arabic_clitics_do_not_stop_a_match(pipeline, text, surface, code):
    assert (surface, code) in _codes(_doc(pipeline, text))


@pytest.mark.parametrize(
    "text, code",
    [
        ("قال الرئيس الروسي إن", "RUSGOV"),
        ("قال وزير الدفاع التركي إن", "TURMIL"),
        ("واتصل بنظيره التركي", "TURGOV"),
        ("أعلنت وزارة الخارجية المصرية", "EGYGOV"),
        ("قالت الشرطة العراقية", "IRQCOP"),
    ],
)
def test_roles_with_a_country_give_sectors(pipeline, text, code):
    assert code in [c for _, c in _codes(_doc(pipeline, text))]


@pytest.mark.parametrize(
    "text, code",
    [
        ("The Israeli army said", "ISRMIL"),
        ("Russian President Vladimir Putin said", "RUSGOV"),
        ("the foreign minister of Egypt said", "EGYGOV"),
        ("Turkey's defence minister said", "TURMIL"),
    ],
)
def test_english_roles(pipeline, text, code):
    assert code in [c for _, c in _codes(_doc(pipeline, text, "en"))]


def test_plural_role_with_several_countries(pipeline):
    doc = _doc(pipeline, "اجتمع وزراء دفاع روسيا وسوريا وتركيا في موسكو")
    assert {"RUSMIL", "SYRMIL", "TURMIL"} <= {c for _, c in _codes(doc)}


def test_person_after_role_is_one_actor_with_the_person_name(pipeline):
    doc = _doc(pipeline, "بحث الرئيس الروسي فلاديمير بوتين الوضع")
    people = [a for a in doc.actors if a.name == "Vladimir Putin"]
    assert len(people) == 1
    start, end = doc.norm.to_original(people[0].start), doc.norm.end_to_original(people[0].end)
    assert doc.original[start:end] == "الرئيس الروسي فلاديمير بوتين"


def test_countries_and_adjectives_both_languages(pipeline):
    doc = _doc(pipeline, "الدوريات التركية الروسية في سوريا")
    assert {c.iso3 for c in doc.countries} == {"TUR", "RUS", "SYR"}
    doc = _doc(pipeline, "Türkiye and the Russian side, Turkey said", "en")
    assert [c.iso3 for c in doc.countries] == ["TUR", "RUS", "TUR"]
    for mention in doc.countries:
        assert doc.original[mention.start:mention.end] == mention.text


def test_places_have_geonames_ids_coordinates_and_disambiguation(pipeline):
    doc = _doc(pipeline, "عقد الاجتماع في موسكو ثم في دمشق بحضور وفد سوري")
    by_name = {p.name: p for p in doc.places}
    assert by_name["Moscow"].country == "RUS" and by_name["Moscow"].geonameid == 524901
    assert abs(by_name["Moscow"].geo.lat - 55.75) < 0.1
    assert by_name["Damascus"].country == "SYR"  # not Damascus, Maryland
    assert doc.original[by_name["Moscow"].start:by_name["Moscow"].end] == "موسكو"


def test_english_place_names_need_capitals(pipeline):
    doc = _doc(pipeline, "They will march to Aleppo, not march on.", "en")
    assert [p.name for p in doc.places] == ["Aleppo"]

"""The dictionary's people coded in running text, by the office they held on the article's date."""

from __future__ import annotations

import pytest

from streams.models import Article


@pytest.fixture(scope="module")
def pipeline():
    from streams.extract import load_pipeline

    return load_pipeline()


def _coded(pipeline, lang: str, published: str, text: str) -> list[tuple[str, list[str], list[str]]]:
    article = Article.from_dict({"id": "t", "lang": lang, "published": published, "text": text})
    out = []
    for event in pipeline.run_strict(article).events:
        doc = event.to_doc()
        out.append((doc["event"]["plover"], [a["code"] for a in doc["source_actor"]],
                    [a["code"] for a in doc["target_actor"]]))
    return out


@pytest.mark.parametrize(
    ("lang", "published", "text", "expected"),
    [
        # A bare surname, by the role on the day: senator, then secretary of state.
        ("en", "2010-05-10", "Kerry met Lavrov in Geneva on Friday.", ("CONSULT", ["USALEG"], ["RUSGOV"])),
        ("en", "2014-05-10", "Kerry met Lavrov in Geneva on Friday.", ("CONSULT", ["USAGOV"], ["RUSGOV"])),
        ("ar", "2014-05-10", "التقى كيري لافروف في جنيف يوم الجمعة.", ("CONSULT", ["USAGOV"], ["RUSGOV"])),
        # Defence minister in 2013, president from 2014.
        ("ar", "2013-11-20", "استقبل السيسي وزير الخارجية الروسي في القاهرة أمس.", ("CONSULT", ["EGYMIL"], ["RUSGOV"])),
        ("ar", "2015-11-20", "استقبل السيسي وزير الخارجية الروسي في القاهرة أمس.", ("CONSULT", ["EGYGOV"], ["RUSGOV"])),
        # Opposition leader in 2007, facing the prime minister of the day.
        ("en", "2007-03-02", "Netanyahu criticised Olmert over the ceasefire.", ("ACCUSE", ["ISROPP"], ["ISRGOV"])),
        ("ar", "2012-05-01", "انتقد نوري المالكي أحمدي نجاد.", ("ACCUSE", ["IRQGOV"], ["IRNGOV"])),
        ("ar", "2015-03-02", "أدان بان كي مون الهجوم على المدرسة.", ("ACCUSE", ["IGOUNO"], [])),
        ("en", "2016-05-01", "Mr. Ban condemned the attack on the hospital.", ("ACCUSE", ["IGOUNO"], [])),
        ("en", "2011-03-02", "Gaddafi forces shelled Misrata on Monday.", ("ASSAULT", ["LBYMIL"], [])),
    ],
)
def test_people_named_in_text_take_the_office_of_the_day(pipeline, lang, published, text, expected):
    assert expected in _coded(pipeline, lang, published, text)

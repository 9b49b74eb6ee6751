"""Synthetic but well-formed events and articles, for load measurements and the sink's tests.

They are built from the real dataclasses (so `to_doc()` shapes them) with deterministic variety:
actors, PLOVER types, places with coordinates, both languages, a spread of dates.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from streams.ids import event_id
from streams.models import Actor, Article, ArticleInfo, CountryMention, Event, EventCode, Extraction, Geo, Location, Place, Sentence

# (code, country, sector, English name, Arabic mention)
ACTORS = [
    ("RUSGOV", "RUS", "GOV", "Vladimir Putin", "الرئيس الروسي فلاديمير بوتين"),
    ("TURGOV", "TUR", "GOV", "Recep Tayyip Erdogan", "نظيره التركي رجب طيب أردوغان"),
    ("TURMIL", "TUR", "MIL", "Hulusi Akar", "وزير الدفاع التركي خلوصي أكار"),
    ("SYRGOV", "SYR", "GOV", "Syrian government", "الحكومة السورية"),
    ("UKRGOV", "UKR", "GOV", "Ukrainian government", "الحكومة الأوكرانية"),
    ("USAGOV", "USA", "GOV", "US administration", "الإدارة الأمريكية"),
]
# (PLOVER, CAMEO, root, goldstein, quad, English trigger, Arabic trigger)
CODES = [
    ("CONSULT", "042", "04", 1.9, 1, "held talks with", "بحث مع"),
    ("COOPERATE", "061", "06", 6.4, 2, "agreed to cooperate with", "اتفق على التعاون مع"),
    ("ACCUSE", "112", "11", -2.0, 3, "accused", "اتهم"),
    ("ASSAULT", "190", "19", -10.0, 4, "shelled positions of", "قصف مواقع"),
    ("AID", "070", "07", 7.0, 2, "sent aid to", "أرسل مساعدات إلى"),
]
# (English name, Arabic mention, ISO3, lat, lon, geonameid)
PLACES = [
    ("Moscow", "موسكو", "RUS", 55.75222, 37.61556, 524901),
    ("Ankara", "أنقرة", "TUR", 39.91987, 32.85427, 323786),
    ("Damascus", "دمشق", "SYR", 33.5102, 36.29128, 170654),
    ("Kyiv", "كييف", "UKR", 50.45466, 30.5238, 703448),
    ("Manbij", "منبج", "SYR", 36.5281, 37.9549, 166365),
]
EPOCH = datetime(2023, 1, 5, 12, 0, tzinfo=UTC)


def _actor(index: int, lang: str, start: int) -> Actor:
    code, country, sector, name, arabic = ACTORS[index % len(ACTORS)]
    text = arabic if lang == "ar" else name
    return Actor(text=text, name=name, code=code, country=country, sector=sector, start=start, end=start + len(text))


def synthetic_event(n: int, *, article_id: str | None = None, lang: str | None = None, created: str | None = None) -> Event:
    """Event number `n`: deterministic, different from its neighbours in actors, type, place, date and language."""
    lang = lang or ("ar" if n % 2 == 0 else "en")
    plover, cameo, root, goldstein, quad, trigger_en, trigger_ar = CODES[n % len(CODES)]
    place_en, place_ar, iso3, lat, lon, geonameid = PLACES[n % len(PLACES)]
    source = _actor(n, lang, 0)
    target = _actor(n + 1 + n % 3, lang, 40)
    trigger = trigger_ar if lang == "ar" else trigger_en
    place_text = place_ar if lang == "ar" else place_en
    if lang == "ar":
        sentence_text = f"{source.text} {trigger} {target.text} في {place_text}، حسبما أفادت وكالات الأنباء"
    else:
        sentence_text = f"{source.text} {trigger} {target.text} in {place_text}, news agencies reported"
    when = EPOCH + timedelta(hours=7 * n)
    stamp = when.isoformat().replace("+00:00", "Z")  # the event's time and the article's published time
    article_id = article_id or f"synthetic-{n // 3}"
    reciprocal = plover == "CONSULT"
    geo = Geo(lat, lon)
    place = Place(place_text, place_en, iso3, geo, geonameid, 60, 60 + len(place_text))
    sentence = Sentence(index=n % 4, text=sentence_text, start=100 * (n % 4), end=100 * (n % 4) + len(sentence_text))
    return Event(
        event_id=event_id(article_id, sentence.start, sentence.end, [source.code], [target.code], cameo, reciprocal),
        article_id=article_id,
        lang=lang,
        timestamp=stamp,
        date=when.date().isoformat(),
        date_text="اليوم" if lang == "ar" else "today",
        date_precision="day",
        event=EventCode(cameo, root, plover, "phone" if reciprocal and n % 2 else None, goldstein, quad,
                        ("future",) if n % 7 == 3 else ("asserted",), trigger,
                        created or datetime.now(UTC).isoformat().replace("+00:00", "Z")),
        source_actor=(source,),
        target_actor=(target,),
        reciprocal=reciprocal,
        location=Location(place_en, iso3, geo, geonameid, "venue"),
        places=(place,),
        claim_source=None if n % 2 else Actor("وكالات الأنباء", "news agencies", "MED", None, "MED", 70, 84),
        sentence=sentence,
        confidence=round(0.5 + (n % 5) / 10, 2),
        why=(f"verb:{plover.lower()}:{cameo}", f"actor:{source.code}", f"actor:{target.code}"),
        coder_version="synthetic-1",
        dictionary_version="synthetic-1",
        article_title=f"synthetic article {n // 3}",
        article_url=f"https://example.org/news/{n // 3}",
        article_source="synthetic",
        published=stamp,
    )


def synthetic_extraction(article: Article, events: tuple[Event, ...]) -> Extraction:
    """An Extraction for `article` whose entities are the events' actors and places."""
    places = tuple({p.name: p for e in events for p in e.places}.values())
    persons = tuple({a.code: a for e in events for a in e.source_actor + e.target_actor}.values())
    countries = tuple(CountryMention(p.text, p.country, p.start, p.end) for p in places if p.country)
    info = ArticleInfo(article.id, article.lang or "ar", article.title, article.published, persons, (), countries, places)
    return Extraction(info, events)

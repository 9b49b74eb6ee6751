"""The entity stage's compiled selection over the matches (streams._engine.Entities behind
streams/extract/entities.py) against the Python it replaced (tests/reference/python_entities.py,
frozen at 7c31270): `select`'s answer (entity matches, the article's countries, the place chosen for
each name, the «ب» verb ends, the match index with its kinds in order) and the whole pipeline's output
(events and the dropped candidates with their `why`) compared byte for byte over more than 5,000
articles (the development sets, generated bench articles, noisy variants), on hypothesis text and on
made-up matches that exercise the capital rule.
"""

from __future__ import annotations

import dataclasses
import random
from functools import lru_cache

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.extract import STAGES, entities, load_pipeline
from streams.extract.matching import Match
from streams.extract.pipeline import DEFAULT_MAX_CHARS, Pipeline
from streams.models import Article, Extraction
from tests.reference import python_entities as reference
from tests.unit.extract.test_realis_differential import differential_articles

MIN_ARTICLES = 5000
CREATED = "2024-06-01T00:00:00+00:00"
_AT = [name for name, _ in STAGES].index("entities")


@lru_cache(maxsize=1)
def pipelines():
    """The shipped pipeline, and its resources with the Python selection in the compiled one's place."""
    engine = load_pipeline()
    return engine, dataclasses.replace(engine.resources, entities=reference.PythonCore(engine.resources))


def staged_before(article: Article):  # noqa: ANN201
    return Pipeline(pipelines()[0].resources, STAGES[:_AT])._staged(article, DEFAULT_MAX_CHARS)


def comparable(selection: tuple) -> list:
    """`select`'s answer as plain data (dicts with their key order, sets sorted)."""
    chosen, countries, place_choice, trigger_ends, ordered, starts, index = selection
    return [list(chosen), sorted(countries), list(place_choice.items()), sorted(trigger_ends), list(ordered), list(starts),
            [(kind, list(items), list(item_starts)) for kind, (items, item_starts) in index.items()]]


def outputs(article: Article) -> tuple[bytes, bytes, bool]:
    """The pipeline's output with each selection from one run of the stages before the entity
    stage, and whether the two selections (and the Docs after the entity stage) are equal."""
    engine, ref_resources = pipelines()
    doc = staged_before(article)
    same = True
    if doc.norm is not None:
        ours = engine.resources.entities.select(doc.norm.text, doc.hits)
        theirs = ref_resources.entities.select(doc.norm.text, doc.hits)
        same = comparable(ours) == comparable(theirs) and type(ours[4]) is type(theirs[4])
    out, docs = [], []
    for resources in (engine.resources, ref_resources):
        d = STAGES[_AT][1](doc, resources)
        docs.append(d)
        for _name, later in STAGES[_AT + 1:]:
            d = later(d, resources)
        extraction = Extraction(engine._article_info(d), engine._events(d, None, CREATED))
        try:
            out.append(orjson.dumps([extraction.to_record(), engine._dropped(d)]))
        except TypeError:  # a lone surrogate (hypothesis text) has no UTF-8: compare the objects' repr
            out.append(repr((extraction, engine._dropped(d))).encode("utf-8", "surrogatepass"))
    same = same and docs[0] == docs[1] and list(docs[0].match_index) == list(docs[1].match_index)
    return out[0], out[1], same


@pytest.mark.timeout(900)  # two pipelines over 7,700 articles: minutes on a loaded machine
def test_selection_and_pipeline_output_are_byte_identical_over_more_than_5000_articles():
    articles = differential_articles()
    assert len(articles) >= MIN_ARTICLES
    differ, entity_docs = [], 0
    for article in articles:
        ours, theirs, same = outputs(article)
        if ours != theirs or not same:
            differ.append(article.id)
        entity_docs += b'"source_actor":[{' in ours
    assert entity_docs > 3000  # the selection did matter: events with named parties came out
    assert not differ, f"{len(differ)} of {len(articles)} differ: {differ[:20]}"


_WORDS = ["عمان", "تونس", "العاصمه", "بالعاصمه", "الاردن", "الاردني", "الملك", "عبدالله", "وصل", "الي", "في", "الوزير",
          "Tunis", "Tunisia", "Oman", "Amman", "capital", "the", "Jordan", "Jordanian", "king", "in", "حلب", "دمشق",
          "Paris", "Georgia", "Syria", "السوري", "Damascus", "قصفت", "بغداد", "طرابلس", "ليبيا", "لبنان", "اعترفت",
          "بدوله", "فلسطين", "اشاد", "بمصر", "\n", ".", ",", "،", "  ", "\u00a0"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=5)), max_size=40),
       lang=st.sampled_from(["ar", "en", None]))
def test_any_text_gives_the_references_selection_and_output(words, lang):
    article = Article(id="h", text=" ".join(words), lang=lang, published="2024-03-14T10:00:00+00:00")
    ours, theirs, same = outputs(article)
    assert same and ours == theirs


def test_the_capital_rule_and_its_edges_are_the_references():
    """Made-up match lists (shuffled scan order, duplicated spans, a place's match listed twice) over
    texts that put a word for the capital on either side, or Jordan elsewhere in the article."""
    engine, ref_resources = pipelines()
    texts = ["وصل الوزير الي عمان للقاء الملك الاردني", "في العاصمه عمان", "عمان العاصمه", "تونس العاصمه وتونس",
             "بالعاصمه تونس", "the capital Tunis", "Tunis capital Tunisia", "talks in Amman with Jordan", "عمان\nالعاصمه",
             "عمان\u00a0العاصمه", "عمان" + " " * 25 + "العاصمه"]
    rng = random.Random(5)
    compared = 0
    for text in texts:
        _form, _breaks, _shifts, _spans, hits = engine.resources.lexicon.frontend(text)
        form = engine.resources.lexicon.frontend(text)[0]
        for _ in range(30):
            shuffled = list(hits) + [h for h in hits if rng.random() < 0.3]
            rng.shuffle(shuffled)
            shuffled = tuple(shuffled)
            ours = engine.resources.entities.select(form, shuffled)
            theirs = ref_resources.entities.select(form, shuffled)
            assert comparable(ours) == comparable(theirs), text
            compared += 1
    # Some of these texts do turn the country into the city.
    turned = 0
    for text in texts:
        form, _b, _s, _sp, hits = engine.resources.lexicon.frontend(text)
        chosen = engine.resources.entities.select(form, tuple(hits))[0]
        turned += any(m.kind == "place" for m in chosen) and any(h.kind == "country" for h in hits)
    assert compared == 30 * len(texts) and turned >= 3


def test_a_match_pointing_outside_the_tables_raises_as_the_reference_does():
    engine, ref_resources = pipelines()
    entry = next(h.entry for h in engine.resources.lexicon.frontend("قصفت القوات حلب")[4] if h.kind == "place")
    bad = Match("place", 0, 3, dataclasses.replace(entry, ref=10 ** 9), "حلب", "", 0)
    for core in (engine.resources.entities, ref_resources.entities):
        try:
            core.select("حلب", (bad,))
        except IndexError:
            continue
        raise AssertionError(f"{core} accepted a place index outside the gazetteer")


def test_resources_without_a_core_build_one():
    engine, _ = pipelines()
    bare = dataclasses.replace(engine.resources, entities=None)
    doc = staged_before(Article(id="b", text="هاجمت القوات الروسية مدينة حلب السورية.", lang="ar"))
    assert entities.run(doc, bare) == entities.run(doc, engine.resources)


def _synthetic_hits(rng: random.Random, resources, text_len: int) -> tuple:  # noqa: ANN001
    """Random matches of every kind over real table entries: places sharing names (keys), countries
    that are the places' own or others', actors with and without countries, Arabic and English
    triggers, capitals' countries on the same spans as their places."""
    from streams.extract.resources import PatternEntry

    places = resources.places
    capitals = [i for i, p in enumerate(places) if p.capital_of]
    codes = sorted({p.country for p in places if p.country})[:60] + ["IGO", "NGO", ""]
    kinds = ["place", "region", "country", "cadj", "people", "actor", "role", "mask", "trigger", "mod", "attr_verb"]
    out = []
    for _ in range(rng.randrange(0, 40)):
        kind = rng.choice(kinds)
        start = rng.randrange(0, text_len)
        end = min(text_len, start + rng.randrange(1, 12))
        word_start = max(0, start - rng.randrange(0, 3))
        key = rng.choice(["عمان", "تونس", "طرابلس", "georgia", "paris", "x"])
        if kind in ("place", "region"):
            ref = rng.choice(capitals) if rng.random() < 0.4 else rng.randrange(len(places))
        elif kind in ("country", "cadj", "people"):
            ref = rng.choice(codes + [places[rng.choice(capitals)].capital_of])
        elif kind == "actor":
            ref = rng.randrange(len(resources.actors))
        elif kind == "trigger":
            ref = rng.randrange(len(resources.triggers))
        else:
            ref = rng.randrange(100)
        entry = PatternEntry(kind, rng.choice(["ar", "en"]), ref)
        out.append(Match(kind, start, end, entry, key, "", word_start))
        if kind == "country" and rng.random() < 0.5:  # the capital of that name on the same span
            place = PatternEntry("place", entry.script, rng.choice(capitals))
            out.append(Match("place", start, end, place, key, "", word_start))
    return tuple(out)


def test_random_matches_over_the_tables_give_the_references_selection():
    engine, ref_resources = pipelines()
    rng = random.Random(11)
    texts = ["وصل الوزير الي عمان للقاء الملك العاصمه الاردني وقصفت بالعاصمه القوات", "the capital of Tunisia, capital Tunis",
             "عمان\nالعاصمه\u00a0تونس  capital"]
    for n in range(3000):
        text = rng.choice(texts)
        hits = _synthetic_hits(rng, engine.resources, len(text))
        assert comparable(engine.resources.entities.select(text, hits)) == \
            comparable(ref_resources.entities.select(text, hits)), n

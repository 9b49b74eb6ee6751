"""The pipeline is shared by the worker's extraction threads: coding articles on several threads at
once gives exactly what coding them one after the other gives."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson

from streams import _engine
from streams.extract import load_pipeline
from streams.models import Article

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
import corpus  # noqa: E402

CREATED = "2024-06-01T00:00:00+00:00"


def test_threads_code_exactly_as_one_thread():
    pipeline = load_pipeline()
    articles = [Article.from_dict(a) for a in corpus.articles(160, start=900_000)]
    alone = [orjson.dumps(pipeline.run_strict(a, created=CREATED).to_record()) for a in articles]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda a: orjson.dumps(pipeline.run_strict(a, created=CREATED).to_record()), articles))
    assert together == alone


def test_the_front_end_and_the_entity_selection_run_without_the_gil():
    before, calls = _engine.detached_seconds()
    load_pipeline().run_strict(Article(id="g", text="قال الرئيس الروسي إن المحادثات مع تركيا مفيدة. " * 50))
    after, more_calls = _engine.detached_seconds()
    assert more_calls == calls + 2 and after > before  # the front end's call, the entity selection's


def test_the_entity_selection_is_one_call_without_the_gil():
    resources = load_pipeline().resources
    form, _breaks, _shifts, _spans, hits = resources.lexicon.frontend("هاجمت القوات الروسية مدينة حلب السورية. " * 40)
    _, calls = _engine.detached_seconds()
    resources.entities.select(form, tuple(hits))
    assert _engine.detached_seconds()[1] == calls + 1

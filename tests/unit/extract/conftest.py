from __future__ import annotations

import pytest

from streams.extract import Pipeline, load_pipeline, participants
from streams.models import Article


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return load_pipeline()


@pytest.fixture(scope="session")
def run(pipeline: Pipeline):
    """Extract events from one text (published Thursday 2024-03-14)."""

    def _run(text: str, lang: str | None = None, published: str = "2024-03-14T10:00:00+00:00", **kw):
        article = Article(id=kw.pop("id", "t1"), text=text, lang=lang, published=published, title=kw.pop("title", None))
        return pipeline.run_strict(article, **kw)

    return _run


@pytest.fixture
def without(monkeypatch):
    """Take named rules out of the participant registry for the rest of the test."""

    def _without(*names: str) -> None:
        known = {name for name, _ in participants.RULES}
        assert set(names) <= known, set(names) - known
        monkeypatch.setattr(participants, "RULES", tuple((n, r) for n, r in participants.RULES if n not in names))

    return _without

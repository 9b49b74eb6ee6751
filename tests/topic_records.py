"""Reading an extract outcome's records for the `events` topic as the index agent does."""

from __future__ import annotations

from typing import Any

from streams.sink.documents import IndexItem, decode_index_records


def items_of(outcome: Any) -> list[IndexItem]:
    """Every document of the outcome's records, in the order they are indexed."""
    return [item for record in outcome.records for item in decode_index_records(record.value, record.headers)]


def article_doc_of(outcome: Any) -> dict[str, Any]:
    """The article document (the last item of an article's records)."""
    last = items_of(outcome)[-1]
    assert last.kind == "article"
    return last.doc

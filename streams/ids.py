"""Content-derived ids: a replay overwrites the same documents instead of duplicating them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def stable_id(*parts: object, length: int = 32) -> str:
    """Hex digest of the parts joined by an unambiguous separator (order matters)."""
    digest = hashlib.blake2b(digest_size=length // 2)
    for part in parts:
        if isinstance(part, (list, tuple)):
            encoded = "\x1e".join(map(str, part))
        else:
            encoded = "" if part is None else str(part)
        digest.update(encoded.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def event_id(
    article_id: str,
    sentence_start: int,
    sentence_end: int,
    source_codes: Iterable[str],
    target_codes: Iterable[str],
    cameo: str,
    reciprocal: bool,
) -> str:
    """Same article, sentence span, actors and code -> same id. Reciprocal pairs are unordered."""
    sources, targets = sorted(source_codes), sorted(target_codes)
    if reciprocal:
        sources, targets = sorted(sources + targets), []
    return stable_id("event", article_id, sentence_start, sentence_end, sources, targets, cameo)


def article_doc_id(article_id: str) -> str:
    return stable_id("article", article_id)

"""Standing queries as data: what `eventwire alert add` stores (one compacted record per name) and
what the alerts they raise look like. Framework-free; the topic codec is plain bytes <-> dataclass."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import orjson

from streams.alerts.query import QueryError, parse
from streams.models import MODALITIES

TOPIC_TARGET = "topic"


@dataclass(frozen=True, slots=True)
class StandingQuery:
    name: str
    query: str
    to: str  # "topic" (the alerts topic only) or a webhook URL (the alerts topic and a POST)
    min_confidence: float | None = None
    modality: str | None = None  # the event's (incident's) modality must include this flag
    surge: int | None = None  # alert when a matching incident reaches this many sources (not on events)
    created: str | None = None

    @property
    def webhook(self) -> str | None:
        return None if self.to == TOPIC_TARGET else self.to

    def check(self) -> "StandingQuery":
        """Raise QueryError unless the query can be stored and evaluated."""
        if not self.name or "\n" in self.name or len(self.name) > 200:
            raise QueryError("a query name is 1 to 200 characters on one line")
        parse(self.query)
        if self.to != TOPIC_TARGET:
            parts = urlsplit(self.to)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise QueryError(f"--to is 'topic' or an http(s) webhook URL, not {self.to!r}")
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise QueryError("--min-confidence is between 0 and 1")
        if self.modality is not None and self.modality not in MODALITIES:
            raise QueryError(f"--modality is one of {', '.join(MODALITIES)}")
        if self.surge is not None and self.surge < 1:
            raise QueryError("--surge is a number of sources, at least 1")
        return self

    def encode(self) -> tuple[bytes, bytes]:
        return self.name.encode("utf-8"), orjson.dumps(asdict(self))

    def accepts(self, confidence: Any, modality: Any) -> list[str] | None:
        """The option checks (`--min-confidence`, `--modality`): their why, or None when refused."""
        why = []
        if self.min_confidence is not None:
            if not isinstance(confidence, (int, float)) or confidence < self.min_confidence:
                return None
            why.append(f"confidence {confidence:.2f} >= {self.min_confidence:g}")
        if self.modality is not None:
            if self.modality not in (modality or ()):
                return None
            why.append(f"modality {self.modality}")
        return why


@lru_cache(maxsize=4096)
def decode_query(value: bytes) -> StandingQuery:
    """A record value of the queries topic (cached by its bytes: every event is matched against all)."""
    data = orjson.loads(value)
    return StandingQuery(**{k: data.get(k) for k in StandingQuery.__dataclass_fields__}).check()

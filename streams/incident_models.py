"""Incident models, free of Kafka, Faust and Elasticsearch types (a sibling of streams/models.py).

An incident is one thing that happened, however many articles report it: the events of every
article that share an incident key (streams/incidents/keys.py). `schemas/incident.schema.json` is
the contract for its document; tests/unit/test_contract.py keeps these models, that schema and the
`incidents` mapping in step.

Everything an incident says is derived from SETS (of mentions and articles), never from counters,
so a redelivered or replayed article changes nothing, and the document does not depend on the order
in which its evidence arrived (streams/incidents/merge.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class IncidentKey:
    """The language-neutral fields that decide which incident an event belongs to."""

    plover: str
    participants: tuple[str, ...]  # sorted, distinct: actor countries (ISO3), or codes for organisations
    day: str  # the event's date at its precision (YYYY-MM-DD, YYYY-MM, YYYY), "" when undated
    modality: str  # "asserted", or the other flags sorted and joined with "+"

    def text(self) -> str:
        """The key as the Kafka record key of evidence records (and in the incident document)."""
        return "|".join((self.plover, "+".join(self.participants), self.day, self.modality))

    @classmethod
    def from_text(cls, text: str) -> "IncidentKey":
        plover, participants, day, modality = text.split("|")
        return cls(plover, tuple(p for p in participants.split("+") if p), day, modality)


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """What an incident keeps of one reporting article."""

    article_id: str
    source: str | None
    lang: str
    published: str | None
    text_hash: str  # of the normalized text: exact copies share it
    sketch: str | None  # MinHash of the normalized text (base64 of little-endian uint32), None when not kept

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id, "source": self.source, "lang": self.lang, "published": self.published,
            "text_hash": self.text_hash, "sketch": self.sketch,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ArticleRef":
        return cls(
            article_id=data["article_id"], source=data.get("source"), lang=data.get("lang") or "",
            published=data.get("published"), text_hash=data.get("text_hash") or "",
            sketch=data.get("sketch"),
        )


@dataclass(frozen=True, slots=True)
class Evidence:
    """One article's events of one incident: the value of a record on the evidence topic.

    `events` are the article's event documents (as on the `events` topic, less lineage) that fall
    under `key`; the incident keeps the best of them whole and the (event_id, article_id) pair of each.
    """

    key: IncidentKey
    incident_id: str
    rules_version: str
    article: ArticleRef
    events: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Incident:
    """The state of one incident: what the worker's table holds and what the document is made of."""

    incident_id: str
    key: IncidentKey
    rules_version: str
    best: dict[str, Any]  # the best evidence: an event document (streams/incidents/merge.py best_rank)
    mentions: tuple[tuple[str, str], ...]  # sorted distinct (event_id, article_id)
    articles: tuple[ArticleRef, ...]  # sorted by article_id
    actor_codes: tuple[str, ...] = field(default=())  # every actor code any mention named, sorted
    venues: tuple[str, ...] = field(default=())  # every venue any mention named, sorted
    # The best mention's sentence in each language: (lang, its rank, text), sorted by language, so
    # that free text in either language finds the incident whichever report is its best evidence.
    sentences: tuple[tuple[str, tuple, str], ...] = field(default=())

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(a.article_id for a in self.articles)

    @property
    def event_ids(self) -> tuple[str, ...]:
        return tuple(sorted({event_id for event_id, _ in self.mentions}))

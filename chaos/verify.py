"""A verifiable source and sink for the chaos suite (the way Kafka's own system tests count).

Source: every article a run publishes carries the run's id and a sequence number (`run_id`, `seq`;
the article id is derived from both), and its text is a short real news sentence built from a few
templates with varying actors, places and dates, in English and Arabic.

Sink: after a refresh, the `articles` alias must hold exactly one document per published sequence
number. Missing sequence numbers are lost articles; more documents than distinct sequence numbers
are duplicates. The `events` alias must hold no event id twice (ids are content-derived, so a
second copy could only come from a different index behind the alias) and, when an offline
extraction of the same articles is at hand, exactly as many events as it finds. Dead letters are
counted on both dead-letter topics.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from streams.config import Settings

SOURCE_NAME = "eventwire-verify"

# (first name form, Arabic form) pairs the actor dictionary knows, with their role words.
_ACTORS_EN = [
    ("Russian President Vladimir Putin", "Putin"),
    ("Turkish President Recep Tayyip Erdogan", "Erdogan"),
    ("Russian Foreign Minister Sergei Lavrov", "Lavrov"),
    ("Ukrainian President Volodymyr Zelensky", "Zelensky"),
    ("U.S. President Joe Biden", "Biden"),
    ("Ukrainian Foreign Minister Dmytro Kuleba", "Kuleba"),
    ("Kremlin spokesman Dmitry Peskov", "Peskov"),
    ("Donald Trump", "Trump"),
]
_ACTORS_AR = [
    ("الرئيس الروسي فلاديمير بوتين", "بوتين"),
    ("الرئيس التركي رجب طيب إردوغان", "إردوغان"),
    ("وزير الخارجية الروسي سيرغي لافروف", "لافروف"),
    ("الرئيس الأوكراني فولوديمير زيلينسكي", "زيلينسكي"),
    ("الرئيس الأمريكي جو بايدن", "بايدن"),
    ("وزير الخارجية الأوكراني دميترو كوليبا", "كوليبا"),
    ("المتحدث باسم الكرملين دميتري بيسكوف", "بيسكوف"),
    ("دونالد ترامب", "ترامب"),
]
_PLACES_EN = ["Moscow", "Ankara", "Kyiv", "Istanbul", "Geneva", "Doha"]
_PLACES_AR = ["موسكو", "أنقرة", "كييف", "إسطنبول", "جنيف", "الدوحة"]
_DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DAYS_AR = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]

_TEMPLATES_EN = [
    ("{a} spoke by phone with {b} on {day}.",
     "{a} spoke by phone with {b} on {day}, discussing the situation in the region and energy supplies, "
     "according to a statement. {a_short} stressed the need for dialogue."),
    ("{a} held talks with {b} in {place}.",
     "{a} held talks with {b} in {place} on {day}. The two sides discussed a prisoner exchange, "
     "officials said."),
    ("{a} visited {place}.",
     "{a} visited {place} on {day} and met {b}. {b_short} said the meeting was constructive."),
    ("{a} criticized {b}.",
     "{a} criticized {b} on {day} over remarks about the war, the ministry said in {place}."),
    ("{a} and {b} signed an agreement.",
     "{a} and {b} signed an agreement on grain exports in {place} on {day}."),
]
_TEMPLATES_AR = [
    ("{a} و{b} يبحثان هاتفياً الوضع في المنطقة",
     "بحث {a} مع {b} في اتصال هاتفي يوم {day} الوضع في المنطقة وقضايا الطاقة، حسبما أفاد بيان. "
     "وأكد {a_short} ضرورة الحوار."),
    ("{a} يلتقي {b} في {place}",
     "التقى {a} مع {b} في {place} يوم {day}، وبحث الجانبان تبادل الأسرى، بحسب مسؤولين."),
    ("{a} يزور {place}",
     "زار {a} مدينة {place} يوم {day} واجتمع مع {b}. وقال {b_short} إن اللقاء كان بناءً."),
]
# Distinct article texts cycle with this period, so an offline extraction of one period gives the
# expected event count of any run cheaply (article ids still differ).
VARIANTS = 97


def variant_of(seq: int) -> int:
    return seq % VARIANTS


def article_id(run_id: str, seq: int) -> str:
    return f"{run_id}-{seq:07d}"


def make_article(run_id: str, seq: int) -> dict[str, Any]:
    """The article with sequence number `seq` of run `run_id` (deterministic)."""
    variant = variant_of(seq)
    arabic = variant % 3 == 2
    actors = _ACTORS_AR if arabic else _ACTORS_EN
    places = _PLACES_AR if arabic else _PLACES_EN
    days = _DAYS_AR if arabic else _DAYS_EN
    templates = _TEMPLATES_AR if arabic else _TEMPLATES_EN
    first = variant % len(actors)
    second = (first + 1 + variant // len(actors)) % len(actors)
    if second == first:
        second = (first + 1) % len(actors)
    published = datetime(2024, 1, 1, 9, 0, tzinfo=UTC) + timedelta(days=variant * 3, minutes=variant)
    fields = {
        "a": actors[first][0], "a_short": actors[first][1],
        "b": actors[second][0], "b_short": actors[second][1],
        "place": places[variant % len(places)],
        "day": days[published.weekday()],
    }
    title, text = templates[variant % len(templates)]
    return {
        "id": article_id(run_id, seq),
        "lang": "ar" if arabic else "en",
        "published": published.isoformat(),
        "source": SOURCE_NAME,
        "title": title.format(**fields),
        "text": text.format(**fields),
        "run_id": run_id,
        "seq": seq,
    }


def encode(article: dict[str, Any]) -> tuple[bytes, bytes]:
    return article["id"].encode("utf-8"), orjson.dumps(article)


# --- Publisher ---------------------------------------------------------------------------------


@dataclass
class Publisher:
    """Publishes seqs [start, start+count) of a run at `rate` articles/s in a background thread.

    Uses the project's durable producer (acks=all, idempotent): a send is counted as `sent` only
    once the broker acknowledged it; failures are kept with their seq, never resent blindly.
    """

    settings: Settings
    run_id: str
    count: int
    rate: float | None = None  # articles per second; None = as fast as possible
    start_seq: int = 0
    extra: Sequence[tuple[bytes | None, bytes]] = ()  # raw messages published after the articles
    make: Callable[[str, int], dict[str, Any]] | None = None  # the article of a seq (default make_article)
    sent: int = 0
    failed: dict[int, str] = field(default_factory=dict)
    finished_at: float | None = None
    error: str | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> "Publisher":
        self._thread = threading.Thread(target=self._run, name=f"publisher-{self.run_id}", daemon=True)
        self._thread.start()
        return self

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def done(self) -> bool:
        return self.finished_at is not None

    @property
    def published(self) -> int:
        """Articles of the run acknowledged so far: the seqs before `start_seq` (sent before this
        publisher started: the warm-up) and this publisher's."""
        return self.start_seq + self.sent

    def wait_sent(self, count: int, interval: float = 0.1) -> None:
        """Until `count` of this publisher's sends are acknowledged, or it has finished."""
        while self.sent < count and not self.done:
            time.sleep(interval)

    def _acked(self, seq: int) -> Callable[[Any], None]:
        def on_success(_: Any) -> None:
            with self._lock:
                self.sent += 1

        return on_success

    def _failed(self, seq: int) -> Callable[[Exception], None]:
        def on_error(exc: Exception) -> None:
            with self._lock:
                self.failed[seq] = f"{type(exc).__name__}: {exc}"

        return on_error

    def _run(self) -> None:
        from streams.kafka import producer

        sender = producer(self.settings, delivery_timeout_ms=180_000, request_timeout_ms=30_000)
        began = time.monotonic()
        try:
            for index in range(self.count):
                seq = self.start_seq + index
                if self.rate:
                    delay = began + index / self.rate - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                key, value = encode((self.make or make_article)(self.run_id, seq))
                future = sender.send(self.settings.topic_articles, key=key, value=value)
                future.add_callback(self._acked(seq))
                future.add_errback(self._failed(seq))
            for key, value in self.extra:
                sender.send(self.settings.topic_articles, key=key, value=value).get(timeout=180)
            sender.flush(timeout=240)
        except Exception as exc:  # noqa: BLE001 - reported in the figures, not raised in a thread
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            sender.close(timeout=30)
            self.finished_at = time.monotonic()


def publish_now(settings: Settings, run_id: str, seqs: Iterable[int]) -> int:
    """Publish the given seqs synchronously (each acked); returns how many."""
    from streams.kafka import producer

    sender = producer(settings)
    try:
        futures = [
            sender.send(settings.topic_articles, key=k, value=v)
            for k, v in (encode(make_article(run_id, seq)) for seq in seqs)
        ]
        sender.flush(60)
        for future in futures:
            future.get(timeout=60)
        return len(futures)
    finally:
        sender.close()


# --- Sink checks -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verification:
    run_id: str
    expected: int  # distinct seqs published
    article_docs: int  # documents in the articles alias for the run
    distinct_seqs: int
    missing: list[int]  # published seqs without a document
    unexpected: list[int]  # documents for seqs that were never published
    duplicate_docs: int  # documents beyond one per seq
    event_docs: int
    duplicate_events: int  # event ids held by more than one document
    events_expected: int | None  # from an offline extraction, when given
    dead_letters: dict[str, int]

    @property
    def indexed(self) -> int:
        return self.distinct_seqs

    @property
    def dead_letter_total(self) -> int:
        return sum(self.dead_letters.values())

    @property
    def events_match(self) -> bool | None:
        return None if self.events_expected is None else self.events_expected == self.event_docs

    @property
    def exact(self) -> bool:
        return not self.missing and not self.unexpected and self.duplicate_docs == 0 and self.duplicate_events == 0


def es_client(settings: Settings, **options: Any):
    from elasticsearch import Elasticsearch

    return Elasticsearch(**settings.es_client_kwargs(), request_timeout=60, **options)


def indexed_count(settings: Settings, run_id: str, *, refresh: bool = False) -> int:
    """Article documents of the run visible now (cheap; used to watch progress)."""
    client = es_client(settings)
    try:
        if refresh:
            client.indices.refresh(index=settings.articles_alias)
        return int(client.count(index=settings.articles_alias, query={"term": {"run_id": run_id}})["count"])
    finally:
        client.close()


def article_seqs(settings: Settings, run_id: str) -> list[tuple[str, int]]:
    """(document _id, seq) of every article document of the run."""
    from elasticsearch.helpers import scan

    client = es_client(settings)
    try:
        client.indices.refresh(index=settings.articles_alias)
        return [
            (hit["_id"], int(hit["_source"]["seq"]))
            for hit in scan(
                client, index=settings.articles_alias, query={"query": {"term": {"run_id": run_id}}},
                _source=["seq"], size=2000,
            )
        ]
    finally:
        client.close()


def event_census(settings: Settings, run_id: str) -> tuple[int, int]:
    """(event documents of the run, event ids held by more than one document)."""
    client = es_client(settings)
    try:
        client.indices.refresh(index=settings.events_alias)
        total = int(client.count(index=settings.events_alias, query={"term": {"run_id": run_id}})["count"])
        doubled = 0
        after: dict[str, Any] | None = None
        while True:
            composite: dict[str, Any] = {"size": 5000, "sources": [{"id": {"terms": {"field": "event_id"}}}]}
            if after:
                composite["after"] = after
            result = client.search(
                index=settings.events_alias, size=0, query={"term": {"run_id": run_id}},
                aggs={"ids": {"composite": composite}},
            )
            agg = result["aggregations"]["ids"]
            doubled += sum(1 for bucket in agg["buckets"] if bucket["doc_count"] > 1)
            after = agg.get("after_key")
            if not agg["buckets"] or not after:
                break
        return total, doubled
    finally:
        client.close()


def dead_letter_counts(settings: Settings) -> dict[str, int]:
    """Messages on each dead-letter topic (the topics are the run's own)."""
    from kafka import TopicPartition

    from streams.kafka import consumer

    reader = consumer(settings)
    try:
        counts: dict[str, int] = {}
        for topic in (settings.topic_articles_dlq, settings.topic_events_dlq):
            partitions = [TopicPartition(topic, p) for p in sorted(reader.partitions_for_topic(topic) or [])]
            if not partitions:
                counts[topic] = 0
                continue
            ends = reader.end_offsets(partitions)
            starts = reader.beginning_offsets(partitions)
            counts[topic] = sum(ends[tp] - starts[tp] for tp in partitions)
        return counts
    finally:
        reader.close()


def verify_run(
    settings: Settings, run_id: str, published: Iterable[int], *, events_expected: int | None = None
) -> Verification:
    """Compare what the run published (its seqs) with what Elasticsearch and the DLQs hold."""
    expected = set(published)
    pairs = article_seqs(settings, run_id)
    per_seq = Counter(seq for _, seq in pairs)
    seen = set(per_seq)
    events, doubled_events = event_census(settings, run_id)
    return Verification(
        run_id=run_id,
        expected=len(expected),
        article_docs=len(pairs),
        distinct_seqs=len(seen & expected),
        missing=sorted(expected - seen),
        unexpected=sorted(seen - expected),
        duplicate_docs=sum(n - 1 for n in per_seq.values()),
        event_docs=events,
        duplicate_events=doubled_events,
        events_expected=events_expected,
        dead_letters=dead_letter_counts(settings),
    )


@dataclass(frozen=True, slots=True)
class TopicCensus:
    """What the articles topic itself holds for a run: proves the publisher lost and doubled nothing."""

    records: int
    missing: list[int]
    doubled: list[int]


def topic_census(settings: Settings, run_id: str, published: Iterable[int]) -> TopicCensus:
    from kafka import TopicPartition

    from streams.kafka import consumer

    reader = consumer(settings)
    try:
        partitions = [
            TopicPartition(settings.topic_articles, p)
            for p in sorted(reader.partitions_for_topic(settings.topic_articles) or [])
        ]
        reader.assign(partitions)
        reader.seek_to_beginning(*partitions)
        ends = reader.end_offsets(partitions)
        seqs: Counter[int] = Counter()
        records = 0
        while any(reader.position(tp) < ends[tp] for tp in partitions):
            for batch in reader.poll(timeout_ms=1000, max_records=5000).values():
                for record in batch:
                    try:
                        data = orjson.loads(record.value)
                    except orjson.JSONDecodeError:
                        continue
                    if isinstance(data, dict) and data.get("run_id") == run_id:
                        records += 1
                        seqs[int(data["seq"])] += 1
        expected = set(published)
        return TopicCensus(
            records=records,
            missing=sorted(expected - set(seqs)),
            doubled=sorted(seq for seq, n in seqs.items() if n > 1),
        )
    finally:
        reader.close()


# --- Offline reference -------------------------------------------------------------------------


def offline_event_counts(pipeline: Any, run_id: str = "offline") -> dict[int, int]:
    """Distinct events the pipeline finds in each text variant (one run per variant)."""
    from streams.models import Article

    counts: dict[int, int] = {}
    for variant in range(VARIANTS):
        extraction = pipeline.run(Article.from_dict(make_article(run_id, variant)))
        counts[variant] = len({event.event_id for event in extraction.events})
    return counts


def expected_events(counts_by_variant: dict[int, int], seqs: Iterable[int]) -> int:
    return sum(counts_by_variant[variant_of(seq)] for seq in seqs)

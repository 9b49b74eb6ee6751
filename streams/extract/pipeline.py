"""The extraction pipeline: the ordered stages, then events with codes, ids and provenance."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from streams.extract.context import Doc, has_parties
from streams.extract.entities import to_actor
from streams.extract.resources import Resources
from streams.extract.version import CODER_VERSION
from streams.ids import event_id
from streams.models import Article, ArticleInfo, Event, EventCode, Extraction, Lineage, Sentence

Stage = Callable[[Doc, Resources], Doc]
DEFAULT_MAX_CHARS = 200_000


def full_text(article: Article) -> str:
    """The text offsets refer to: the body, with the title in front unless the body starts with it."""
    text = article.text or ""
    title = (article.title or "").strip()
    if title and not text.lstrip().startswith(title):
        return f"{title}\n\n{text}"
    return text


def published_date(value: str | None, offset: str | None = None) -> date | None:
    """The day the article was published in its own zone (`offset`, when the decoder kept one):
    what "today" and "yesterday" in its text refer to."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if offset and moment.tzinfo is not None:
            moment = moment.astimezone(datetime.strptime(offset.replace(":", ""), "%z").tzinfo)
        return moment.date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None


class Pipeline:
    def __init__(self, resources: Resources, stages: Sequence[tuple[str, Stage]]) -> None:
        self.resources = resources
        self.stages = tuple(stages)

    def run(
        self,
        article: Article,
        *,
        lineage: Lineage | None = None,
        created: str | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> Extraction:
        """Never raises: should a stage fail on some input, the article comes back without events."""
        try:
            return self.run_strict(article, lineage=lineage, created=created, max_chars=max_chars)
        except Exception:  # pragma: no cover - a bug must not become a dead letter for the whole article
            return Extraction(ArticleInfo(article.id, article.lang or "und", article.title, article.published,
                                          published_precision=article.published_precision,
                                          published_assumed=article.published_assumed,
                                          truncated=article.truncated, original_length=article.original_length), ())

    def run_strict(
        self,
        article: Article,
        *,
        lineage: Lineage | None = None,
        created: str | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> Extraction:
        """`run` without the safety net (tests use it, so that a bug cannot hide)."""
        doc = self._staged(article, max_chars)
        return Extraction(self._article_info(doc), self._events(doc, lineage, created))

    def run_traced(self, article: Article, *, created: str | None = None,
                   max_chars: int = DEFAULT_MAX_CHARS) -> tuple[Extraction, list[dict]]:
        """The extraction and, for debugging, every candidate that yielded no event, with the reason
        and the rules that fired (`eventwire extract --trace`). Raises like `run_strict`."""
        doc = self._staged(article, max_chars)
        return Extraction(self._article_info(doc), self._events(doc, None, created)), self._dropped(doc)

    def _staged(self, article: Article, max_chars: int) -> Doc:
        original = full_text(article)
        if len(original) > max_chars:
            original = original[:max_chars]
        doc = Doc(article=article, original=original, max_chars=max_chars, published=published_date(article.published, article.published_offset))
        for _name, stage in self.stages:
            doc = stage(doc, self.resources)
        return doc

    def _dropped(self, doc: Doc) -> list[dict]:
        norm = doc.norm
        if norm is None:
            return []
        out = []
        for cand in doc.candidates:
            if not cand.dropped and has_parties(cand):
                continue
            span = doc.sentences[cand.sentence]
            t_start, t_end = norm.to_original(cand.trigger.start), norm.end_to_original(cand.trigger.end)
            out.append({
                "sentence": doc.original[norm.to_original(span.start):norm.end_to_original(span.end)],
                "trigger": doc.original[t_start:t_end],
                "cameo": cand.cameo or self.resources.triggers[cand.trigger.entry.ref].cameo,
                "reason": cand.dropped or "no-parties",
                "why": list(cand.why),
            })
        return out

    def _article_info(self, doc: Doc) -> ArticleInfo:
        kinds = _named_kinds(doc)
        persons = tuple(a for a, m in zip(doc.named_actors, kinds) if m == "person")
        orgs = tuple(a for a, m in zip(doc.named_actors, kinds) if m != "person")
        return ArticleInfo(doc.article.id, doc.lang, doc.article.title, doc.article.published,
                           persons, orgs, doc.countries, doc.places,
                           doc.article.published_precision, doc.article.published_assumed,
                           doc.article.truncated, doc.article.original_length)

    def _events(self, doc: Doc, lineage: Lineage | None, created: str | None) -> tuple[Event, ...]:
        """Candidates are coded and de-duplicated first; `Event` objects (28 frozen fields each) are
        only built for the ones that are kept."""
        norm = doc.norm
        if norm is None:
            return ()
        res = self.resources
        to_original, end_to_original = norm.to_original, norm.end_to_original
        best: dict[tuple, tuple] = {}
        for cand in doc.candidates:
            if cand.dropped or not has_parties(cand):
                continue
            trigger = res.triggers[cand.trigger.entry.ref]
            base = cand.cameo or trigger.cameo
            plover = res.cameo.get(base, (0.0, "", ""))[1]
            root = base[:2]
            cameo = base
            why = list(cand.why)
            if cand.mode and base == root + "0" and f"{root}|{cand.mode}" in res.mode_codes:
                cameo = res.mode_codes[f"{root}|{cand.mode}"]
                why.append(f"rule:mode-code:{cand.mode}")
            if ("future" in cand.modality or "possible" in cand.modality) and "negated" not in cand.modality:
                intent = res.intent.get(base) or res.intent.get(root)
                if intent:
                    cameo = intent
                    why.append("rule:intent-code")
            sentence_span = doc.sentences[cand.sentence]
            s_start, s_end = to_original(sentence_span.start), end_to_original(sentence_span.end)
            day = _format_date(cand.date, cand.date_precision)
            source_codes = [a.code for a in cand.source]
            target_codes = [a.code for a in cand.target]
            key = _dedupe_key(plover, cameo[:2], source_codes, target_codes, cand.reciprocal, day, cand.modality)
            evidence = (cand.claim_source is not None, cand.date_text is not None, cand.confidence, -s_start)
            kept = best.get(key)
            if kept is None or evidence > kept[0]:
                # dict order is first-insertion order: a better duplicate keeps the first one's place
                best[key] = (evidence, cand, cameo, plover, why, s_start, s_end, day, source_codes, target_codes)
        chosen = _drop_covered_repeats(_drop_partial_repeats(list(best.values())))
        actors: dict = {}  # mention -> Actor: the same mention is source or target of several events
        return tuple(self._event(doc, lineage, created, actors, *item[1:]) for item in chosen)

    def _event(self, doc: Doc, lineage: Lineage | None, created: str | None, actors: dict, cand, cameo: str,  # noqa: ANN001
               plover: str,
               why: list[str], s_start: int, s_end: int, day: str | None, source_codes: list[str],
               target_codes: list[str]) -> Event:
        res = self.resources
        norm = doc.norm
        original = doc.original
        t_start, t_end = norm.to_original(cand.trigger.start), norm.end_to_original(cand.trigger.end)
        goldstein = (res.cameo.get(cameo) or res.cameo.get(cameo[:2] + "0") or (0.0, "", ""))[0]
        quad = res.quad_class.get(cameo[:2], 0)
        code = EventCode(
            cameo, cameo[:2], plover, cand.mode, goldstein, quad, cand.modality, original[t_start:t_end], created
        )
        sentence = Sentence(cand.sentence, original[s_start:s_end], s_start, s_end)
        known = actors.get
        source = []
        for a in cand.source:
            actor = known(a)
            if actor is None:
                actor = actors[a] = to_actor(original, norm, a)
            source.append(actor)
        target = []
        for a in cand.target:
            actor = known(a)
            if actor is None:
                actor = actors[a] = to_actor(original, norm, a)
            target.append(actor)
        claim = cand.claim_source
        if claim is not None:
            actor = known(claim)
            if actor is None:
                actor = actors[claim] = to_actor(original, norm, claim)
            claim = actor
        article = doc.article
        return Event(
            event_id=event_id(article.id, s_start, s_end, source_codes, target_codes, cameo, cand.reciprocal),
            article_id=article.id,
            lang=doc.lang,
            timestamp=_timestamp(cand.date, doc.published, article.published, created),
            date=day,
            date_text=cand.date_text,
            date_precision=cand.date_precision,
            event=code,
            source_actor=tuple(source),
            target_actor=tuple(target),
            reciprocal=cand.reciprocal,
            location=cand.location,
            places=cand.places,
            claim_source=claim,
            sentence=sentence,
            confidence=cand.confidence,
            why=tuple(why),
            coder_version=CODER_VERSION,
            dictionary_version=res.dictionary_version,
            article_title=article.title,
            article_url=article.url,
            article_source=article.source,
            published=article.published,
            run_id=article.run_id,
            seq=article.seq,
            lineage=lineage,
        )


def _drop_partial_repeats(items: list[tuple]) -> list[tuple]:
    """«استقبل X ... Y، وبحث الجانبان ...»: a second clause that repeats the same kind of event with a
    subset of the actors adds nothing. (items: the coded candidates, see `Pipeline._events`)"""
    # Only items with the same sentence start and PLOVER type can cover each other: compare within
    # those groups (in item order) instead of all pairs.
    groups: dict[tuple, list[tuple[int, frozenset]]] = {}
    for i, item in enumerate(items):
        groups.setdefault((item[5], item[3]), []).append((i, frozenset(item[8]) | frozenset(item[9])))
    covered: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        for i, mine in members:
            if any(j != i and mine <= theirs and (mine != theirs or j < i) and not _reversed(items[i], items[j])
                   for j, theirs in members):
                covered.add(i)
    if not covered:
        return items
    return [item for i, item in enumerate(items) if i not in covered]


def _reversed(a: tuple, b: tuple) -> bool:
    """"Troops killed four Boko Haram fighters, who had attacked a base": a relative clause's act and
    the main act, one-way each with different doers, are two events, not one told twice."""
    relative = "rule:relative-clause-antecedent"
    return (relative in a[4] or relative in b[4]) and not a[1].reciprocal and not b[1].reciprocal \
        and bool(a[8]) and bool(b[8]) and set(a[8]).isdisjoint(b[8])


def _drop_covered_repeats(items: list[tuple]) -> list[tuple]:
    """A headline, lead and body tell one attack several times, each naming less: an event whose
    parties another event of the same type, day and modality already names («غارة إسرائيلية» with
    no target beside the one that names the victims; a report with no named attacker beside the
    one that names the gunmen) is that event again. (items: see `Pipeline._events`)"""
    if len(items) < 2:
        return items
    # (a day that no date word gave is the publication day: a headline's "kills 8" is yesterday's attack)
    keyed = [(item[3], item[7] if item[1].date_text else None, item[1].modality, frozenset(item[8]), frozenset(item[9]))
             for item in items]
    covered = set()
    for i, (plover, day, modality, source, target) in enumerate(keyed):
        for j, (plover2, day2, modality2, source2, target2) in enumerate(keyed):
            if i == j or j in covered or (plover, modality) != (plover2, modality2) \
                    or (day is not None and day != day2):
                continue
            if source and source == source2 and target != target2 and _within(target, target2):
                covered.add(i)  # the same attacker, fewer (or vaguer: the bare country) targets
                break
            if not source and source2 and target and _within(target, target2):
                covered.add(i)  # the same victims, the attacker unnamed here
                break
    if not covered:
        return items
    return [item for i, item in enumerate(items) if i not in covered]


def _within(target: frozenset, other: frozenset) -> bool:
    """Every code of `target` is in `other`, or is the bare country of one there (LBN beside LBNCVL)."""
    countries = {code[:3] for code in other}
    return all(code in other or (len(code) == 3 and code in countries) for code in target)


def _format_date(value: date | None, precision: str | None) -> str | None:
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def _timestamp(value: date | None, published: date | None, published_raw: str | None, created: str | None) -> str:
    """ECS @timestamp (date-time): the event's day, or the published time when that is the same day."""
    if value is not None and value != published:
        return f"{value.isoformat()}T00:00:00+00:00"
    if published_raw and published is not None:
        return published_raw
    if value is not None:
        return f"{value.isoformat()}T00:00:00+00:00"
    return created or "1970-01-01T00:00:00+00:00"


def _dedupe_key(plover: str, cameo_root: str, source_codes: list[str], target_codes: list[str], reciprocal: bool,
                day: str | None, modality: tuple[str, ...]) -> tuple:
    """The same happening told twice (headline, lead, body) is one event."""
    codes_s = tuple(sorted(source_codes))
    codes_t = tuple(sorted(target_codes))
    if reciprocal:
        codes_s, codes_t = tuple(sorted(codes_s + codes_t)), ()
    return (plover, cameo_root, codes_s, codes_t, day, modality)


def _named_kinds(doc: Doc) -> list[str]:
    kinds = []
    seen: set[tuple[int, int]] = set()
    norm = doc.norm
    for a in doc.actors:
        if a.kind in ("person", "organization", "group", "igo"):
            span = (norm.to_original(a.start), norm.end_to_original(a.end))
            if span not in seen:
                seen.add(span)
                kinds.append(a.kind)
    return kinds

"""Stage 11: dates, and the plans they reveal. Dates are read relative to the article's published date
(«اليوم», «أمس», «الخميس الماضي»; today, yesterday, on Thursday) or absolutely (Levantine and
Egyptian month names, Arabic-Indic digits — already ASCII in the matching form). Common forms come
from data tables; no dateparser on the hot path.

Plans: a future event takes the announced day, a weekday meaning the next such day ("will meet on
Friday"), or no date at all ("next week": vaguer than a day; never the day it was announced). An
asserted event given a day after publication is a plan («السيسي يزور واشنطن مطلع أبريل» published
in March). A headline that reports as done what its article announces as a plan takes the plan's
modality ("Modi visits Ukraine" over "Modi will visit Kyiv on Friday"). A date after «منذ»/"since"
starts a span and is not the event's day. A past act retold as background (`realis:background`)
keeps its own date — a day or month named, or a day marked past ("last Tuesday"), not a bare year
or "earlier this month"; else a weekday, which makes it a recent act — and is otherwise dropped: it
is never stamped with the publication day;
its month or day named without a year that would fall after the report is last year's, never a plan.
A date in a dateline ("MOSCOW, Feb 18 (Reuters) -") is the report's, not the event's."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace as with_changes
from datetime import date, timedelta

from streams.extract.context import Candidate, Doc, has_parties, matches_of, replace, within
from streams.extract.matching import Match
from streams.extract.resources import Resources

_DAY_BEFORE = re.compile(r"(?:ال)?(\d{1,2})\s*(?:و\s*\d{1,2}\s*)?(?:من\s*)?(?:شهر\s*)?$")
_DAY_AFTER_EN = re.compile(r"\s*(\d{1,2})(?:st|nd|rd|th)?\b")
# The year after a month name: «كانون الأول/ديسمبر 2023», «حزيران (يونيو) 1967», «يوليو 2022م», "May 2, 2011".
_YEAR_AFTER = re.compile(r"\s*(?:/\s*\S+\s*|\(\s*[^()\d]{2,12}\)\s*)?(?:,\s*)?(?:عام\s*|سنه\s*)?((?:19|20)\d{2})(?!\d)")
_YEAR_ONLY = re.compile(r"(?:عام|سنه|العام|in)\s+((?:19|20)\d{2})(?!\d)")
_BACKGROUND = "realis:background"
# "MOSCOW, Feb 18 (Reuters) - ...": the dateline's day is the report's, not the event's.
_DATELINE = re.compile(r"[^\n()]{2,60}?\([^()\n]{1,30}\)\s*[-—–]")


@dataclass(frozen=True, slots=True)
class DateHit:
    start: int
    end: int
    value: date | None  # None: a week ("last week"), vaguer than a day
    precision: str | None
    future_value: date | None = None  # the reading for a planned event (a weekday: the next one)
    own: bool = True  # a date of its own for a past act: a day or a month named, or a day marked past
    span: bool = False  # after «منذ»/"since": where a span starts, not the event's day
    relative: bool = False  # a day word or weekday (read against publication), not a calendar date
    year_inferred: bool = False  # a day or month without its year, which was read against publication
    weekday: bool = False  # a weekday name ("on Monday", «الأحد»)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _after_span_marker(text: str, start: int, spans: list[Match]) -> bool:
    """«منذ عام 2011», "since March": one of the three words before the date is a span marker."""
    for m in spans:
        if m.end <= start and len(text[m.end:start].split()) <= 2:
            return True
    return False


def find_dates(text: str, start: int, end: int, matches: list[Match], published: date | None) -> list[DateHit]:
    if published is None:
        return []
    hits: list[DateHit] = []
    cues = [m for m in matches if start <= m.start < end and m.kind in ("rel", "weekday", "month", "past", "futm", "span", "vague")]
    spans = [m for m in cues if m.kind == "span"]
    dateline = _DATELINE.match(text, start, end)
    dateline_end = dateline.end() if dateline is not None else start
    rel_spans = []
    for m in cues:
        if m.kind == "vague":
            hit = _vague(m, published)
            if hit is not None:
                hits.append(hit)
                rel_spans.append((m.start, m.end))
        elif m.kind == "rel":
            value = published + timedelta(days=m.entry.ref)
            hits.append(DateHit(m.word_start, m.end, value, "day", value, own=m.entry.ref < 0, relative=True))
            rel_spans.append((m.start, m.end))
    for m in cues:
        if m.kind == "weekday":
            if any(0 <= m.word_start - e <= 2 for _, e in rel_spans):
                continue  # «اليوم الخميس»: the relative word already says which day
            following = text[m.end:m.end + 12]
            preceding = text[max(start, m.word_start - 6):m.word_start]
            past = any(p.kind == "past" and 0 <= p.start - m.end <= 2 for p in cues) or "last" in preceding
            future = any(p.kind == "futm" and 0 <= p.start - m.end <= 2 for p in cues) or "next" in preceding
            ahead = (m.entry.ref - published.weekday()) % 7
            upcoming = published + timedelta(days=ahead)  # on or after publication: "will meet on Friday"
            if future:
                value = upcoming_value = published + timedelta(days=ahead or 7)
            else:
                delta = (published.weekday() - m.entry.ref) % 7
                if past and delta == 0:
                    delta = 7
                value = published - timedelta(days=delta)
                upcoming_value = value if past else upcoming
            end_pos = m.end + (len(following) - len(following.lstrip()) + 6 if past or future else 0)
            hits.append(DateHit(m.word_start, min(end_pos, end), value, "day", upcoming_value, own=past, relative=True,
                                weekday=True))
        elif m.kind == "month":
            if text[max(0, m.word_start - 2):m.word_start].strip().endswith("/"):
                continue  # «كانون الأول/ديسمبر»: the second name of the same month
            if text[max(0, m.word_start - 2):m.word_start].strip().endswith("(") and text.find(")", m.end, m.end + 3) >= 0:
                continue  # «حزيران (يونيو)»: the same month again, in brackets
            month = m.entry.ref
            day_match = _DAY_BEFORE.search(text, max(start, m.word_start - 14), m.word_start)
            s = day_match.start() if day_match else m.word_start
            e = m.end
            day = int(day_match.group(1)) if day_match else None
            if day is None and m.entry.script == "en":
                after = _DAY_AFTER_EN.match(text, m.end, min(end, m.end + 6))
                if after:
                    day = int(after.group(1))
                    e = after.end()
            year_match = _YEAR_AFTER.match(text, e, min(len(text), e + 30))
            marked_future = any(p.kind == "futm" and 0 <= p.start - e <= 12 for p in cues)
            if year_match:
                year = future_year = int(year_match.group(1))
                e = year_match.end()
            else:
                year = published.year
                candidate = _safe_date(year, month, day or 1)
                past = any(p.kind == "past" and 0 <= p.start - e <= 12 for p in cues)
                if candidate and not marked_future and (candidate > published + timedelta(days=31) or (past and candidate > published)):
                    year -= 1
                future_year = published.year
                ahead = _safe_date(future_year, month, day or 28)
                if ahead is not None and ahead < published:
                    future_year += 1  # «يوليو القادم» / a planned "in March" said in December
                if marked_future:
                    year = future_year
            if m.key == "may" and day is None and not year_match:
                continue  # the English modal verb
            value = _safe_date(year, month, day or 1)
            if value is not None:
                hits.append(DateHit(s, e, value, "day" if day else "month", _safe_date(future_year, month, day or 1) or value,
                                    own=True, span=_after_span_marker(text, s, spans), year_inferred=not year_match))
    for ym in _YEAR_ONLY.finditer(text, start, end):
        if not any(h.start <= ym.start(1) < h.end for h in hits):
            value = date(int(ym.group(1)), 1, 1)
            hits.append(DateHit(ym.start(), ym.end(), value, "year", value, own=False,
                                span=_after_span_marker(text, ym.start(), spans)))
    if dateline_end > start:
        hits = [with_changes(h, span=True) if h.start < dateline_end else h for h in hits]
    return hits


_VAGUE = re.compile(r"(week|month|year)([+-]?\d+)$")


def _vague(m: Match, published: date) -> DateHit | None:
    """"last week" (no day: date null), "last month" (that month), "next year" (that year)."""
    parsed = _VAGUE.match(str(m.entry.ref))
    if parsed is None:
        return None
    unit, offset = parsed.group(1), int(parsed.group(2))
    if unit == "week":
        value, precision = None, None
    elif unit == "month":
        index = published.year * 12 + published.month - 1 + offset
        value, precision = date(index // 12, index % 12 + 1, 1), "month"
    else:
        value, precision = date(published.year + offset, 1, 1), "year"
    # "last week" bounds a past act; "this month", "earlier this year" are too vague to date one.
    return DateHit(m.word_start, m.end, value, precision, value, own=offset < 0)


def _later(value: date | None, precision: str | None, published: date) -> bool:
    """The date lies after the publication day, at its own precision."""
    if value is None:
        return False
    if precision == "year":
        return value.year > published.year
    if precision == "month":
        return (value.year, value.month) > (published.year, published.month)
    return value > published


def _dates_the_report(doc: Doc, cand: Candidate, hit: DateHit) -> bool:
    """"Russia said on Tuesday it would cut back ...", «وأمس، أعلن ... أنه من الممكن أن ...»: a day word
    in the clause that reports a plan is the day of the report (read as past), not the plan's."""
    if not hit.relative:
        return False
    if hit.end <= cand.part_start:
        return True
    return any(0 <= hit.start - m.end <= 12 for m in matches_of(doc, "attr_verb", hit.start - 40, hit.start))


def date_candidate(doc: Doc, cand: Candidate, hits: list[DateHit]) -> Candidate:
    background = any(w.startswith(_BACKGROUND) for w in cand.why)
    future = "future" in cand.modality
    usable = [h for h in hits if not h.span]
    t = cand.trigger
    in_clause = [h for h in usable if cand.clause_start <= h.start < cand.clause_end] or usable
    if background:
        # Its own date, however near a weekday is («فجر الأحد 28 كانون الثاني/يناير»: the 28th of
        # January); else a weekday, which makes it a recent act ("and signed ... on Monday").
        in_clause = [h for h in in_clause if h.own] or [h for h in in_clause if h.weekday]
    best = min(in_clause, key=lambda h: abs(h.start - t.start)) if in_clause else None
    if background and best is None:
        return replace(cand, dropped="background-without-date", why=cand.why + ("date:background-without-own-date",))
    if best is None:
        if doc.published is None:
            return cand
        if future:
            # A plan with no day of its own: not the day it was announced.
            return replace(cand, date=None, date_text=None, date_precision=None, why=cand.why + ("date:none-planned",))
        return replace(cand, date=doc.published, date_text=None, date_precision="day",
                       why=cand.why + ("date:published",))
    value = best.future_value if future and best.future_value is not None and not _dates_the_report(doc, cand, best) \
        else best.value
    if future and doc.published is not None and value is not None and value < doc.published and not best.relative \
            and not _later(value, best.precision, doc.published):
        # "This will be his first visit since the war began on 24 February 2022": a past calendar date
        # is not the plan's. («وأمس، أعلن ... أنه من الممكن أن ...»: a past day word dates the report.)
        return replace(cand, date=None, date_text=None, date_precision=None, why=cand.why + ("date:none-planned",))
    why = cand.why + (f"date:{best.precision or 'vague'}",)
    modality = cand.modality
    if background and best.year_inferred and value is not None and doc.published is not None \
            and _later(value, best.precision, doc.published):
        # A past act retold («انتهاء الهدنة في تشرين الأول/أكتوبر» in a September report): its month
        # without a year is the last one before the report, not a plan.
        value = _safe_date(value.year - 1, value.month, value.day) or value
        return _dated(doc, cand, best, value, modality, why + ("date:background-year-before",))
    if modality == ("asserted",) and doc.published is not None and _later(best.value, best.precision, doc.published):
        modality = ("future",)  # an act dated after publication has not happened yet
        value = best.value
        why += ("modality:future-date",)
    return _dated(doc, cand, best, value, modality, why)


def _dated(doc: Doc, cand: Candidate, best: DateHit, value: date | None, modality: tuple[str, ...],
           why: tuple[str, ...]) -> Candidate:
    s, e = doc.norm.to_original(best.start), doc.norm.end_to_original(best.end)  # type: ignore[union-attr]
    return replace(cand, date=value, date_text=doc.original[s:e].strip(), date_precision=best.precision,
                   modality=modality, why=why)


def _align_headlines(doc: Doc, candidates: list[Candidate], resources: Resources) -> list[Candidate]:
    """A headline's event told as done (or as a plan with no day) while the article announces it as
    a plan is that plan: the headline candidate takes the modality and date of the body's planned
    event of the same CAMEO root that shares one of its parties (then the two are one event)."""
    title = (doc.article.title or "").strip()
    if not title or not doc.original.startswith(title) or len(candidates) < 2:
        return candidates
    body = [c for c in candidates if c.sentence > 0 and not c.dropped and has_parties(c)]
    plans = [c for c in body if "future" in c.modality]
    if not plans:
        return candidates
    out = []
    for cand in candidates:
        if cand.sentence == 0 and not cand.dropped and cand.date_text is None and (
                cand.modality == ("asserted",) or ("future" in cand.modality and cand.date is None)):
            root = resources.triggers[cand.trigger.entry.ref].cameo[:2]
            mine = {a.code for a in cand.source} | {a.code for a in cand.target}

            def same(c: Candidate) -> bool:
                return resources.triggers[c.trigger.entry.ref].cameo[:2] == root and bool(
                    mine & ({a.code for a in c.source} | {a.code for a in c.target}))

            plan = next((p for p in plans if same(p)), None)
            # The body also tells it as done («استقبل ... اليوم»): the headline is that, not the later plan.
            if plan is not None and not any(c.modality == ("asserted",) and same(c) for c in body):
                cand = replace(cand, modality=plan.modality, date=plan.date, date_text=None,
                               date_precision=plan.date_precision, why=cand.why + ("modality:headline-of-a-plan",))
        out.append(cand)
    return out


def run(doc: Doc, resources: Resources) -> Doc:
    if not doc.candidates:
        return doc
    text = doc.norm.text  # type: ignore[union-attr]
    per_sentence: dict[int, list[DateHit]] = {}
    out = []
    for cand in doc.candidates:
        if not has_parties(cand) or cand.dropped:  # yields no event: no date work
            out.append(cand)
            continue
        if cand.sentence not in per_sentence:
            sentence = doc.sentences[cand.sentence]
            local = list(within(doc.matches, doc.match_starts, sentence.start, sentence.end))
            per_sentence[cand.sentence] = find_dates(text, sentence.start, sentence.end, local, doc.published)
        out.append(date_candidate(doc, cand, per_sentence[cand.sentence]))
    return replace(doc, candidates=tuple(_align_headlines(doc, out, resources)))


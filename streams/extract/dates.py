"""Stage 10: dates, relative to the article's published date («اليوم», «أمس», «الخميس الماضي»; today,
yesterday, on Thursday) and absolute (Levantine and Egyptian month names, Arabic-Indic digits —
already ASCII in the matching form). Common forms come from data tables; no dateparser on the hot path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from streams.extract.context import Candidate, Doc, has_parties, replace, within
from streams.extract.matching import Match
from streams.extract.resources import Resources

_DAY_BEFORE = re.compile(r"(?:ال)?(\d{1,2})\s*(?:من\s*)?(?:شهر\s*)?$")
_DAY_AFTER_EN = re.compile(r"\s*(\d{1,2})(?:st|nd|rd|th)?\b")
_YEAR_AFTER = re.compile(r"\s*(?:/\s*\S+\s*)?(?:,\s*)?(?:عام\s*|سنه\s*)?((?:19|20)\d{2})\b")
_YEAR_ONLY = re.compile(r"(?:عام|سنه|العام|in)\s+((?:19|20)\d{2})\b")


@dataclass(frozen=True, slots=True)
class DateHit:
    start: int
    end: int
    value: date
    precision: str


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, start: int, end: int, matches: list[Match], published: date | None) -> list[DateHit]:
    if published is None:
        return []
    hits: list[DateHit] = []
    cues = [m for m in matches if start <= m.start < end and m.kind in ("rel", "weekday", "month", "past", "futm")]
    rel_spans = []
    for m in cues:
        if m.kind == "rel":
            hits.append(DateHit(m.word_start, m.end, published + timedelta(days=m.entry.ref), "day"))
            rel_spans.append((m.start, m.end))
    for m in cues:
        if m.kind == "weekday":
            if any(0 <= m.word_start - e <= 2 for _, e in rel_spans):
                continue  # «اليوم الخميس»: the relative word already says which day
            following = text[m.end:m.end + 12]
            preceding = text[max(start, m.word_start - 6):m.word_start]
            past = any(p.kind == "past" and 0 <= p.start - m.end <= 2 for p in cues) or "last" in preceding
            future = any(p.kind == "futm" and 0 <= p.start - m.end <= 2 for p in cues) or "next" in preceding
            delta = (published.weekday() - m.entry.ref) % 7
            if future:
                value = published + timedelta(days=(m.entry.ref - published.weekday()) % 7 or 7)
            else:
                if past and delta == 0:
                    delta = 7
                value = published - timedelta(days=delta)
            end_pos = m.end + (len(following) - len(following.lstrip()) + 6 if past or future else 0)
            hits.append(DateHit(m.word_start, min(end_pos, end), value, "day"))
        elif m.kind == "month":
            if text[max(0, m.word_start - 2):m.word_start].strip().endswith("/"):
                continue  # «كانون الأول/ديسمبر»: the second name of the same month
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
            if year_match:
                year = int(year_match.group(1))
                e = year_match.end()
            else:
                year = published.year
                candidate = _safe_date(year, month, day or 1)
                past = any(p.kind == "past" and 0 <= p.start - e <= 12 for p in cues)
                if candidate and (candidate > published + timedelta(days=31) or (past and candidate > published)):
                    year -= 1
            if m.key == "may" and day is None and not year_match:
                continue  # the English modal verb
            value = _safe_date(year, month, day or 1)
            if value is not None:
                hits.append(DateHit(s, e, value, "day" if day else "month"))
    for ym in _YEAR_ONLY.finditer(text, start, end):
        if not any(h.start <= ym.start(1) < h.end for h in hits):
            hits.append(DateHit(ym.start(), ym.end(), date(int(ym.group(1)), 1, 1), "year"))
    return hits


def date_candidate(doc: Doc, cand: Candidate, hits: list[DateHit]) -> Candidate:
    norm = doc.norm
    if not hits:
        if doc.published is None:
            return cand
        return replace(cand, date=doc.published, date_text=None, date_precision="day",
                       why=cand.why + ("date:published",))
    t = cand.trigger
    in_clause = [h for h in hits if cand.clause_start <= h.start < cand.clause_end] or hits
    best = min(in_clause, key=lambda h: abs(h.start - t.start))
    s, e = norm.to_original(best.start), norm.end_to_original(best.end)  # type: ignore[union-attr]
    return replace(cand, date=best.value, date_text=doc.original[s:e].strip(), date_precision=best.precision,
                   why=cand.why + (f"date:{best.precision}",))


def run(doc: Doc, resources: Resources) -> Doc:
    if not doc.candidates:
        return doc
    text = doc.norm.text  # type: ignore[union-attr]
    per_sentence: dict[int, list[DateHit]] = {}
    out = []
    for cand in doc.candidates:
        if not has_parties(cand):  # will be dropped: no date work
            out.append(cand)
            continue
        if cand.sentence not in per_sentence:
            sentence = doc.sentences[cand.sentence]
            local = list(within(doc.matches, doc.match_starts, sentence.start, sentence.end))
            per_sentence[cand.sentence] = find_dates(text, sentence.start, sentence.end, local, doc.published)
        out.append(date_candidate(doc, cand, per_sentence[cand.sentence]))
    return replace(doc, candidates=tuple(out))

"""The incidents agent's batch logic with a dict for a table and fakes for Elasticsearch."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import orjson

from streams.incidents.evidence import encode
from streams.incidents.processor import IncidentProcessor, SourceRecord, day_end
from streams.sink.documents import item_for
from streams.sink.elastic import Rejection

from .support import event_doc, evidence


class Archive:
    def __init__(self):
        self.docs = {}
        self.asked = []

    async def load(self, ids):
        self.asked.append(sorted(ids))
        return {i: self.docs[i] for i in ids if i in self.docs}


class Writer:
    def __init__(self, archive, reject=()):
        self.archive = archive
        self.items = []
        self.reject = set(reject)

    async def write(self, items):
        self.items.extend(items)
        refused = [Rejection(i, 400, "mapper_parsing_exception", "bad") for i in items if i.doc_id in self.reject]
        for item in items:
            if item.kind == "incident" and item.doc_id not in self.reject:
                self.archive.docs[item.doc_id] = item.doc
        return refused


def records(*items):
    return [SourceRecord(*encode(item), origin=n) for n, item in enumerate(items)]


def processor(table=None, reject=(), on_changes=None):
    archive = Archive()
    writer = Writer(archive, reject)
    proc = IncidentProcessor({} if table is None else table, archive, writer, window=timedelta(hours=48),
                             item_factory=item_for, on_changes=on_changes, clock=lambda: 1.9e9)
    return proc, archive, writer


def report_of(proc, recs):
    return asyncio.run(proc.process(recs))


def call(article, day="2025-03-04", published=None, source=None, text=None):
    published = published or f"{day}T10:00:00+00:00"
    return evidence(article, [event_doc(f"e-{article}", article, date=day, published=published)], source=source,
                    text=text, published=published)


def test_a_batch_writes_its_incidents_then_fills_the_table_and_a_redelivery_writes_nothing():
    proc, archive, writer = processor()
    report = report_of(proc, records(call("a"), call("b")))
    assert len(report.changed) == 1 and len(proc.table) == 1
    [doc] = [i.doc for i in writer.items if i.kind == "incident"]
    assert doc["article_ids"] == ["a", "b"]
    written = len(writer.items)
    again = report_of(proc, records(call("b"), call("a")))
    assert again.changed == [] and again.unchanged == 1 and len(writer.items) == written


def test_a_miss_is_read_back_so_a_lost_table_entry_never_shrinks_the_counts():
    proc, archive, writer = processor()
    report_of(proc, records(call("a"), call("b")))
    proc.table.clear()  # a rebalance, a lost changelog, an eviction
    report = report_of(proc, records(call("c")))
    assert report.reopened == 1
    assert [i.doc for i in writer.items if i.kind == "incident"][-1]["article_ids"] == ["a", "b", "c"]


def test_closed_incidents_are_evicted_on_the_streams_clock():
    proc, archive, writer = processor()
    report_of(proc, records(call("a", day="2025-03-01")))
    assert len(proc.table) == 1
    report = report_of(proc, records(call("z", day="2025-03-04", published="2025-03-04T01:00:00+00:00")))
    assert report.evicted == 1 and list(proc.table) == [b"CONSULT|RUS+TUR|2025-03-04|asserted"]
    assert proc.is_open("2025-03-03") and not proc.is_open("2025-03-01")


def test_the_clock_ignores_a_published_time_far_in_the_future():
    proc, _, _ = processor()
    report_of(proc, records(call("a", day="2025-03-01"), call("f", day="2099-01-01", published="2099-01-01T00:00:00+00:00")))
    assert proc.watermark.year < 2099


def test_a_rejected_incident_is_a_failure_and_stays_out_of_the_table():
    first = call("a")
    proc, _, writer = processor(reject={first.incident_id})
    report = report_of(proc, records(first))
    assert [(f.origin, f.stage) for f in report.failures] == [(0, "incident-index")]
    assert proc.table == {} and report.changed == []


def test_junk_is_a_failure_and_the_rest_goes_on():
    proc, _, _ = processor()
    recs = [SourceRecord(b"k", b"not json", "junk")] + records(call("a"))
    report = report_of(proc, recs)
    assert [(f.origin, f.stage) for f in report.failures] == [("junk", "incident-decode")]
    assert len(report.changed) == 1


def test_duplicate_of_is_patched_on_the_copy_only_when_it_changes():
    text = "Putin and Erdogan discussed Syria in a phone call on Tuesday, the Kremlin said in a statement today."
    proc, _, writer = processor()
    report_of(proc, records(call("orig", published="2025-03-04T08:00:00+00:00", text=text),
                            call("copy", published="2025-03-04T09:00:00+00:00", text="Home | News\n" + text)))
    patches = [(i.doc["article_id"], i.doc["duplicate_of"], i.op) for i in writer.items if i.kind == "article"]
    assert patches == [("copy", "orig", "patch")]
    # an earlier copy makes itself the original: both others now point at it
    report_of(proc, records(call("first", published="2025-03-04T07:00:00+00:00", text=text)))
    patches = sorted((i.doc["article_id"], i.doc["duplicate_of"]) for i in writer.items if i.kind == "article")
    assert patches == [("copy", "first"), ("copy", "orig"), ("orig", "first")]


def test_changes_reach_the_hook_sync_or_async():
    seen = []

    async def hook(changes):
        seen.extend(c.after.incident_id for c in changes)

    proc, _, _ = processor(on_changes=hook)
    report_of(proc, records(call("a")))
    proc2, _, _ = processor(on_changes=lambda changes: len(changes))
    report_of(proc2, records(call("a")))
    assert len(seen) == 1


def test_day_ends():
    assert day_end("2025-03-04").isoformat() == "2025-03-05T00:00:00+00:00"
    assert day_end("2025-12").isoformat() == "2026-01-01T00:00:00+00:00"
    assert day_end("2025").isoformat() == "2026-01-01T00:00:00+00:00"
    assert day_end("") is None and day_end("junk") is None


def test_table_values_are_incident_documents():
    proc, _, _ = processor()
    report_of(proc, records(call("a")))
    [value] = proc.table.values()
    assert [pair[1] for pair in orjson.loads(value)["state"]["mentions"]] == ["a"]


def test_the_table_never_holds_more_than_its_size_and_an_evicted_incident_keeps_its_counts():
    archive = Archive()
    writer = Writer(archive)
    proc = IncidentProcessor({}, archive, writer, window=timedelta(hours=48), item_factory=item_for, clock=lambda: 1.9e9,
                             max_open=100)
    for n in range(150):
        day = f"2025-03-{1 + n % 3:02d}"
        item = evidence(f"a{n}", [event_doc(f"e{n}", f"a{n}", date=day, published=f"{day}T10:00:00+00:00",
                                            targets=[f"C{n:02d}GOV"])])
        report_of(proc, records(item))
        assert len(proc.table) <= 100
    oldest = evidence("b0", [event_doc("eb0", "b0", date="2025-03-01", published="2025-03-01T11:00:00+00:00", targets=["C00GOV"])])
    report = report_of(proc, records(oldest))
    assert report.reopened == 1, "the evicted incident was read back, not started again"
    assert [i.doc for i in writer.items if i.kind == "incident"][-1]["article_ids"] == ["a0", "b0"]


def test_the_table_keeps_the_state_not_the_derived_fields():
    proc, _, _ = processor()
    report_of(proc, records(call("a"), call("b")))
    [value] = proc.table.values()
    stored = orjson.loads(value)
    assert "why" not in stored and "num_sources" not in stored and stored["state"]["mentions"]


def test_a_bundle_is_merged_item_by_item_and_fails_once_when_its_incidents_are_refused():
    from streams.incidents.evidence import bundle

    kept, refused = call("a"), call("b", day="2025-03-05")
    other_refused = evidence("b", [event_doc("e-b2", "b", date="2025-03-05", targets=("IRNGOV",),
                                            published="2025-03-05T10:00:00+00:00")])
    [(_, _, value)] = bundle([encode(kept), encode(refused), encode(other_refused)], lambda key: 0, 1 << 20)
    proc, _, writer = processor(reject={refused.incident_id, other_refused.incident_id})
    report = report_of(proc, [SourceRecord(None, value, "bundle")])
    assert [(f.origin, f.stage) for f in report.failures] == [("bundle", "incident-index")]
    assert [c.after.incident_id for c in report.changed] == [kept.incident_id]
    assert list(proc.table) == [kept.key.text().encode()]


def many_incidents(count: int = 7):
    """Evidence of `count` incidents (one target country each), two articles per incident."""
    items = []
    for n in range(count):
        for article in (f"a{n}", f"b{n}"):
            items.append(evidence(article, [event_doc(f"e-{article}", article, targets=(f"C{n:02d}GOV",))]))
    return items


def paced(chunk_keys, spread=0.0, sleep=None):
    archive = Archive()
    writer = Writer(archive)
    pauses = []

    async def record_pause(seconds):
        pauses.append(seconds)
        if sleep is not None:
            sleep(proc)

    proc = IncidentProcessor({}, archive, writer, window=timedelta(hours=48), item_factory=item_for,
                             clock=lambda: 1.9e9, chunk_keys=chunk_keys, spread=spread, sleep=record_pause)
    return proc, writer, pauses


def test_a_batch_in_slices_gives_the_documents_and_table_of_the_batch_at_once():
    from streams.incidents.evidence import bundle

    items = many_incidents()
    refused = items[4].incident_id
    value = bundle([encode(item) for item in items], lambda key: 0, 1 << 20)[0][2]
    outcomes = []
    for chunk_keys in (1, 3, 1000):
        proc, writer, _ = paced(chunk_keys, spread=0.5)  # the fake sleep does not wait
        writer.reject = {refused}
        report = report_of(proc, [SourceRecord(None, value, "bundle")] + records(*items))
        docs = {i.doc_id: i.doc for i in writer.items if i.kind == "incident"}
        outcomes.append((docs, dict(proc.table), sorted(c.after.incident_id for c in report.changed),
                         sorted((str(f.origin), f.stage) for f in report.failures)))
    assert outcomes[0] == outcomes[1] == outcomes[2]
    docs, table, changed, failures = outcomes[0]
    assert len(docs) == 7 and len(table) == 6 and len(changed) == 6
    # the bundle and the two single-item records of the refused incident fail once each
    assert failures == [("4", "incident-index"), ("5", "incident-index"), ("bundle", "incident-index")]


def test_a_batchs_writes_are_spread_over_its_pauses():
    proc, writer, pauses = paced(chunk_keys=2, spread=0.9)
    writes = []
    real_write = writer.write

    async def counting(items):
        writes.append(len(items))
        return await real_write(items)

    writer.write = counting
    report_of(proc, records(*many_incidents(7)))
    assert writes == [2, 2, 2, 1], "a bulk request per slice of two incidents"
    assert pauses == [0.3, 0.3, 0.3], "the spread shared out between the slices"


def test_a_processor_told_to_hurry_writes_the_rest_of_its_batch_without_pausing():
    proc, writer, pauses = paced(chunk_keys=2, spread=0.9, sleep=lambda p: p.hurry())
    report = report_of(proc, records(*many_incidents(7)))
    assert pauses == [0.3] and len(report.changed) == 7
    proc.calm()  # the next batch: two slices, one pause of the whole spread
    report_of(proc, records(call("z", day="2025-03-06"), call("y", day="2025-03-07"), call("x", day="2025-03-08")))
    assert pauses == [0.3, 0.9]


def test_without_a_spread_a_batch_is_one_slice():
    proc, writer, pauses = paced(chunk_keys=2, spread=0.0)
    report_of(proc, records(*many_incidents(7)))
    assert pauses == [] and len({id(i) for i in writer.items}) == 7

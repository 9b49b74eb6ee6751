"""What incidents cost a worker per article, step by step, in one process (no Kafka, no
Elasticsearch, no Faust): the functions the extract and incidents agents call, on the bench corpus.

    .venv/bin/python bench/incident_cost.py [--count 600] [--batch 100] [--json out.json]

Each step is timed as thread CPU time (a busy machine shows less in it than in wall time), best of
`--rounds` passes, per article:
- extract:   `Pipeline.run` and the event and article records (for scale: the cost with incidents off);
- evidence:  what `extract_records` adds with incidents on (sketch, keys, evidence records);
- agent:     the incidents agent's batch (`IncidentProcessor.process` with a dict for a table, over
             batches of `--batch` evidence records in arrival order), including the bulk encoding of
             what it writes (`streams.sink.elastic.encode`) and the table's values;
and the bytes per article that incidents add: evidence records on Kafka, incident documents and
article patches in the bulk requests, table values (the changelog).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402
from worker_budget import CREATED, timed  # noqa: E402 - the same step timer and clock



class EncodingWriter:
    """Confirms every item after encoding it as BulkWriter does (the bytes are counted)."""

    def __init__(self) -> None:
        self.bytes = {"incident": 0, "article": 0}
        self.items = {"incident": 0, "article": 0}

    async def write(self, items: list[Any]) -> list[Any]:
        from streams.sink.elastic import encode

        for item in items:
            self.bytes[item.kind] += len(encode(item, item.kind, CREATED).payload)
            self.items[item.kind] += 1
        return []


class NoArchive:
    async def load(self, incident_ids: list[str]) -> dict[str, Any]:
        return {}


class CountingTable(dict):
    def __init__(self) -> None:
        super().__init__()
        self.bytes = 0
        self.writes = 0

    def __setitem__(self, key: bytes, value: bytes) -> None:
        self.bytes += len(key) + len(value)
        self.writes += 1
        super().__setitem__(key, value)


def run(count: int, batch: int, rounds: int) -> dict[str, Any]:
    from streams.app.handlers import Position, extract_records
    from streams.extract import CODER_VERSION, load_pipeline
    from streams.incidents.processor import IncidentProcessor, SourceRecord
    from streams.sink.documents import item_for

    pipeline = load_pipeline()
    raw = [(orjson.dumps(a), a["id"].encode()) for a in corpus.articles(count, start=700_000)]

    def code(incidents: bool) -> list[Any]:
        return [
            extract_records(value, key, Position("articles", 0, n), pipeline=pipeline, created=CREATED,
                            max_bytes=10 << 20, max_chars=200_000, coder_version=CODER_VERSION, incidents=incidents)
            for n, (value, key) in enumerate(raw)
        ]

    outcomes = code(True)
    evidence = [record for outcome in outcomes for record in outcome.evidence]

    def agent(table: CountingTable, writer: EncodingWriter) -> None:
        processor = IncidentProcessor(table, NoArchive(), writer, window=timedelta(hours=48), item_factory=item_for,
                                      clock=lambda: 1.9e9)
        records = [SourceRecord(r.key, r.value, None) for r in evidence]

        async def all_batches() -> None:
            for start in range(0, len(records), batch):
                await processor.process(records[start:start + batch])

        asyncio.run(all_batches())

    off = timed(rounds, lambda: code(False))
    on = timed(rounds, lambda: code(True))
    table, writer = CountingTable(), EncodingWriter()
    agent(table, writer)
    agent_seconds = timed(rounds, lambda: agent(CountingTable(), EncodingWriter()))
    ms = {"extract": off * 1000 / count, "evidence": max(0.0, on - off) * 1000 / count,
          "agent": agent_seconds * 1000 / count}
    return {
        "articles": count, "batch": batch, "ms_per_article": ms,
        "incidents_share_of_extract": (ms["evidence"] + ms["agent"]) / ms["extract"],
        "per_article": {
            "evidence_records": len(evidence) / count,
            "evidence_bytes": sum(len(r.key or b"") + len(r.value) for r in evidence) / count,
            "incident_documents": writer.items["incident"] / count,
            "incident_bulk_bytes": writer.bytes["incident"] / count,
            "article_patches": writer.items["article"] / count,
            "article_patch_bytes": writer.bytes["article"] / count,
            "table_writes": table.writes / count,
            "table_bytes": table.bytes / count,
        },
        "incidents": len(table),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--batch", type=int, default=100, help="evidence records per incidents batch")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    r = run(args.count, args.batch, args.rounds)
    for step, ms in r["ms_per_article"].items():
        print(f"{step:10s} {ms:.3f} ms CPU/article")
    print(f"incidents (evidence + agent) = {r['incidents_share_of_extract']:.0%} of extraction; {r['incidents']} incidents")
    for name, value in r["per_article"].items():
        print(f"  {name:20s} {value:,.1f} per article")
    if args.json:
        args.json.write_bytes(orjson.dumps(r, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    main()

"""Replay checkpoints and resumption, with an in-memory index sink (the real one is tested in integration)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from streams.config import Settings
from streams.ingest.archive import encode_record
from streams.ingest.ranges import PartitionRange
from streams.models import ArticleInfo, Extraction
from streams.replay.checkpoints import CheckpointMismatch, CheckpointStore, remaining_ranges
from streams.replay.runner import ReplayStopped, default_name, replay_archive_to_index


def test_remaining_ranges_start_at_the_confirmed_position_and_never_leave_the_range():
    ranges = [PartitionRange("a", 0, 10, 20), PartitionRange("a", 1, 0, 5), PartitionRange("a", 2, 7, 9)]
    left = remaining_ranges(ranges, {"0": 15, "1": 99, "2": 3})
    assert [(r.partition, r.start, r.end) for r in left] == [(0, 15, 20), (1, 5, 5), (2, 7, 9)]
    assert [r.count for r in left] == [5, 0, 2]


def test_store_round_trip_and_atomic_file(tmp_path):
    store = CheckpointStore(tmp_path)
    checkpoint, resumed = store.open_or_create("r1", {"source": "x"}, "2024-01-01T00:00:00+00:00")
    assert not resumed
    checkpoint.ranges = [PartitionRange("a", 0, 0, 10).to_dict()]
    checkpoint.advance({0: 4})
    checkpoint.advance({0: 3})  # positions never move back
    checkpoint.add(read=4)
    store.save(checkpoint)
    assert not list(tmp_path.glob("*.tmp"))
    again, resumed = store.open_or_create("r1", {"source": "x"}, "later")
    assert resumed and again.positions == {"0": 4} and again.created == "2024-01-01T00:00:00+00:00"
    assert [r.start for r in again.remaining()] == [4]
    with pytest.raises(CheckpointMismatch):
        store.open_or_create("r1", {"source": "y"}, "later")
    fresh, resumed = store.open_or_create("r1", {"source": "y"}, "later", restart=True)
    assert not resumed and fresh.positions == {}


@pytest.mark.parametrize("bad", ["", "../escape", "a/b", "x" * 200])
def test_names_cannot_escape_the_state_dir(tmp_path, bad):
    with pytest.raises(ValueError):
        CheckpointStore(tmp_path).path(bad)


def test_default_name_is_stable_and_safe():
    spec = {"source": "archive", "path": "/tmp/dump.ndjson.gz", "size": 3, "target": "index", "version": 2, "coder_version": "c1"}
    assert default_name(spec) == default_name(dict(spec))
    assert default_name(spec).startswith("archive-dump-v2-")
    assert default_name({**spec, "version": 3}) != default_name(spec)
    CheckpointStore(Path("/tmp")).path(default_name(spec))  # a valid name


class HeadlinePipeline:
    """Minimal stand-in for the extractor: no events, only the article info (enough to index an article)."""

    def run(self, article, *, lineage=None, created=None, max_chars=None):
        return Extraction(ArticleInfo(id=article.id, lang=article.lang or "en", title=article.title, published=article.published))


class MemorySink:
    def __init__(self, log: list) -> None:
        self.log = log

    def write(self, items):
        self.log.extend(items)
        return []

    def close(self) -> None:
        pass


def write_archive(path: Path, count: int, bad_at: set[int] = frozenset()) -> None:
    with path.open("wb") as handle:
        for n in range(count):
            value = b"\x00not json" if n in bad_at else orjson.dumps({"id": f"a{n}", "text": f"Article {n}."})
            handle.write(encode_record("articles", n % 3, n // 3, 1_700_000_000_000 + n, f"a{n}".encode(), value))


def test_stopped_archive_replay_resumes_without_gaps_or_repeats(tmp_path):
    settings = Settings().with_overrides(state_dir=tmp_path / "state")
    archive = tmp_path / "dump.ndjson"
    write_archive(archive, 23, bad_at={5})
    written: list = []

    def run(**kw):
        return replay_archive_to_index(
            settings, archive, 2, progress=False, batch_size=4,
            sink_factory=lambda s, v: MemorySink(written), pipeline_loader=lambda: (HeadlinePipeline(), "test-coder"),
            **kw,
        )

    with pytest.raises(ReplayStopped):
        run(stop_after_batches=2)
    assert [i.doc["article_id"] for i in written] == [f"a{n}" for n in range(8) if n != 5]
    report = run()
    assert report.resumed and report.done and report.read == 23 - 8
    ids = [i.doc["article_id"] for i in written]
    assert ids == [f"a{n}" for n in range(23) if n != 5]  # every article once, in order
    assert report.totals == {"read": 23, "articles": 22, "events": 0, "dead_letters": 1, "rejected": 0}
    lineage = written[-1].doc["lineage"]
    assert lineage == {"topic": "articles", "partition": 22 % 3, "offset": 22 // 3}
    assert len({i.doc["event"]["created"] for i in written}) == 1  # one stamp for the whole replay
    errors = [orjson.loads(line) for line in Path(report.errors_file).read_bytes().splitlines()]
    assert [(e["stage"], e["offset"]) for e in errors] == [("decode", 5 // 3)]
    again = run()
    assert again.already_done and again.read == 0 and len(written) == 22

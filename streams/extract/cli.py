"""`eventwire extract [FILE|-]`: the worker's pipeline, offline. One JSON line per input article, in
input order; a malformed line is reported on stderr (with its line number) and the run goes on;
the exit code is 1 at the end if any line was bad."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Annotated, Any

import orjson
import typer



def _articles_from_text_file(path: Path) -> list[tuple[int, dict[str, Any] | None, str | None]]:
    text = path.read_text("utf-8", errors="replace")
    return [(1, {"id": path.stem, "text": text}, None)]


def _articles_from_lines(stream: IO[bytes]) -> Any:
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            message = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            yield number, None, f"not JSON ({exc})"
            continue
        if not isinstance(message, dict):
            yield number, None, "not a JSON object"
            continue
        yield number, message, None


def run_extract(path: str, out: IO[bytes], err: IO[str]) -> int:
    """Returns the number of bad lines (testable without typer)."""
    from datetime import UTC, datetime

    from streams.app.handlers import article_from_dict
    from streams.errors import InvalidMessage
    from streams.extract import load_pipeline

    pipeline = load_pipeline()
    # Articles without a published time get the run's time, flagged (the worker uses the Kafka time).
    ingested = datetime.now(UTC)
    bad = 0
    if path != "-" and path.endswith(".txt"):
        items = _articles_from_text_file(Path(path))
        source = None
    else:
        source = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115 - closed below
        items = _articles_from_lines(source)
    try:
        for number, message, problem in items:
            article = None
            if message is not None and problem is None:
                try:
                    article = article_from_dict(message, ingested=ingested)
                except InvalidMessage as exc:
                    problem = exc.reason
            if article is None:
                bad += 1
                err.write(f"line {number}: invalid article: {problem}\n")
                continue
            extraction = pipeline.run(article)
            out.write(orjson.dumps(extraction.to_record()) + b"\n")
    finally:
        if source is not None and source is not sys.stdin.buffer:
            source.close()
    out.flush()
    return bad


def extract_command(
    path: Annotated[str, typer.Argument(help="JSONL file of article messages, a .txt article, or - for stdin.")] = "-",
) -> None:
    """Extract events from articles without Kafka or Elasticsearch (one JSON line per article)."""
    if path != "-" and not Path(path).exists():
        sys.stderr.write(f"no such file: {path}\n")
        raise typer.Exit(code=2)
    bad = run_extract(path, sys.stdout.buffer, sys.stderr)
    if bad:
        sys.stderr.write(f"{bad} bad line(s)\n")
        raise typer.Exit(code=1)

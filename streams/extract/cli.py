"""`eventwire extract [FILE|-]`: the worker's pipeline, offline. One JSON line per input article, in
input order; a malformed line is reported on stderr (with its line number) and the run goes on;
the exit code is 1 at the end if any line was bad."""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import IO, Annotated, Any

import orjson
import typer

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "article.schema.json"


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _problem(message: dict[str, Any]) -> str | None:
    errors = sorted(_validator().iter_errors(message), key=lambda e: list(e.path))
    if not errors:
        published = message.get("published")
        if isinstance(published, str) and not _is_datetime(published):
            return f"published: {published!r} is not an ISO 8601 date-time"
        return None
    first = errors[0]
    where = "/".join(str(p) for p in first.path) or "(message)"
    return f"{where}: {first.message}"


def _is_datetime(value: str) -> bool:
    # jsonschema checks "format": "date-time" only when rfc3339-validator is installed; check it here.
    from datetime import datetime

    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return "T" in value or " " in value


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


def run_extract(path: str, out: IO[bytes], err: IO[str], trace: bool = False) -> int:
    """Returns the number of bad lines (testable without typer). `trace`: each line also lists the
    candidates that yielded no event (`dropped`: sentence, trigger, reason, rules)."""
    from streams.extract import load_pipeline
    from streams.models import Article

    pipeline = load_pipeline()
    bad = 0
    if path != "-" and path.endswith(".txt"):
        items = _articles_from_text_file(Path(path))
        source = None
    else:
        source = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115 - closed below
        items = _articles_from_lines(source)
    try:
        for number, message, problem in items:
            if message is not None and problem is None:
                problem = _problem(message)
            if problem is not None or message is None:
                bad += 1
                err.write(f"line {number}: invalid article: {problem}\n")
                continue
            if trace:
                article = Article.from_dict(message)
                try:
                    extraction, dropped = pipeline.run_traced(article)
                except Exception as exc:  # noqa: BLE001 - the same safety net as `run`, but said
                    extraction, dropped = pipeline.run(article), [{"reason": f"pipeline error: {exc!r}"}]
                record = extraction.to_record()
                record["dropped"] = dropped
            else:
                record = pipeline.run(Article.from_dict(message)).to_record()
            out.write(orjson.dumps(record) + b"\n")
    finally:
        if source is not None and source is not sys.stdin.buffer:
            source.close()
    out.flush()
    return bad


def extract_command(
    path: Annotated[str, typer.Argument(help="JSONL file of article messages, a .txt article, or - for stdin.")] = "-",
    trace: Annotated[bool, typer.Option("--trace", help="Also list the candidates that yielded no event, and why.")] = False,
) -> None:
    """Extract events from articles without Kafka or Elasticsearch (one JSON line per article)."""
    if path != "-" and not Path(path).exists():
        sys.stderr.write(f"no such file: {path}\n")
        raise typer.Exit(code=2)
    bad = run_extract(path, sys.stdout.buffer, sys.stderr, trace=trace)
    if bad:
        sys.stderr.write(f"{bad} bad line(s)\n")
        raise typer.Exit(code=1)

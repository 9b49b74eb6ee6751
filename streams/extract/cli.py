"""`eventwire extract [PATH...|-]`: the worker's pipeline, offline. The inputs are read by the same
reader as `eventwire publish` (streams/ingest/readers.py: JSONL, JSON, directories, .txt, HTML,
RSS/Atom, archives, bundles, stdin) and decoded by the worker's own decoder, so ids, titles, dates and
limits agree with the worker's. One JSON line per article, in input order, on stdout or `--output`;
a bad input is reported on stderr (with its file and line) and the run goes on; the exit code is 1
at the end if any input was bad."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Annotated

import orjson
import typer

from streams.config import Settings


def run_extract(
    paths: list[str],
    out: IO[bytes],
    err: IO[str] | None = None,
    *,
    max_text_chars: int = Settings.model_fields["max_text_chars"].default,
    progress: bool = False,
    stdin: IO[bytes] | None = None,
    dictionary_dir: Path | None = None,
    trace: bool = False,
) -> int:
    """Returns the number of bad inputs (testable without typer). `trace`: each line also lists the
    candidates that yielded no event (`dropped`: sentence, trigger, CAMEO code, reason, rules)."""
    from streams.app.handlers import article_from_dict
    from streams.errors import InvalidMessage
    from streams.extract import load_pipeline
    from streams.ingest.progress import meter
    from streams.ingest.readers import ReadError, iter_articles, truncation_message, truncations

    # Looked up at each write: the progress bar redirects sys.stderr while it runs.
    def report(text: str) -> None:
        (err or sys.stderr).write(text + "\n")

    pipeline = load_pipeline(dictionary_dir)
    # Articles without a published time get the run's time, flagged (the worker uses the Kafka time).
    ingested = datetime.now(UTC)
    items = truncations(iter_articles(paths, max_text_chars=max_text_chars, stdin=stdin),
                        lambda record: report(truncation_message(record)))
    bad = 0
    with meter("extract", enabled=progress) as bar:
        for item in items:
            bar.advance()
            if isinstance(item, ReadError):
                bad += 1
                report(f"{item.origin}: {item.reason}")
                continue
            try:
                article = article_from_dict(item.article, ingested=ingested, max_chars=max_text_chars)
            except InvalidMessage as exc:  # the reader validated it already; kept for safety
                bad += 1
                report(f"{item.origin}: {exc.reason}")
                continue
            if trace:
                try:
                    extraction, dropped = pipeline.run_traced(article, max_chars=max_text_chars)
                except Exception as exc:  # noqa: BLE001 - the safety net of `run`, but said
                    extraction, dropped = pipeline.run(article, max_chars=max_text_chars), [{"reason": f"pipeline error: {exc!r}"}]
                record = extraction.to_record()
                record["dropped"] = dropped
            else:
                record = pipeline.run(article, max_chars=max_text_chars).to_record()
            out.write(orjson.dumps(record) + b"\n")
    out.flush()
    return bad


def extract_command(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files, directories or - (stdin: JSONL or plain text), in any format `publish` reads.",
                       show_default=False),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSON lines to FILE instead of stdout.",
                                  show_default=False)
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal).",
                     show_default=False),
    ] = None,
    dictionaries: Annotated[
        Path | None,
        typer.Option("--dictionaries", help="Your own dictionary files laid over the shipped ones (default: EVENTWIRE_DICTIONARY_DIR).",
                     show_default=False),
    ] = None,
    trace: Annotated[bool, typer.Option("--trace", help="Also list the candidates that yielded no event, and why.")] = False,
) -> None:
    """Extract events from articles without Kafka or Elasticsearch (one JSON line per article)."""
    obj = ctx.find_root().obj if ctx is not None else None
    settings = obj if isinstance(obj, Settings) else Settings()
    dictionary_dir = dictionaries or settings.dictionary_dir
    given = paths or ["-"]
    missing = [p for p in given if p != "-" and not Path(p).exists()]
    if missing:
        sys.stderr.write(f"no such file or directory: {', '.join(missing)}\n")
        raise typer.Exit(code=2)
    show = sys.stderr.isatty() if progress is None else progress
    if output is not None:
        with output.open("wb") as sink:
            bad = run_extract(given, sink, max_text_chars=settings.max_text_chars, progress=show, dictionary_dir=dictionary_dir,
                              trace=trace)
    else:
        bad = run_extract(given, sys.stdout.buffer, max_text_chars=settings.max_text_chars, progress=show,
                          dictionary_dir=dictionary_dir, trace=trace)
    if bad:
        sys.stderr.write(f"{bad} bad input(s)\n")
        raise typer.Exit(code=1)

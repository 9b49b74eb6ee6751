"""`eventwire dlq tail | stats | requeue` against real topics."""

from __future__ import annotations

from typer.testing import CliRunner

from streams.errors import dead_letter_record
from streams.models import DeadLetter
from streams.ops.dlq import LetterFilter, read_letters, requeue, stats, tail

from .helpers import read_topic


def letter(n: int, stage: str, reason: str, topic: str) -> DeadLetter:
    return DeadLetter(stage=stage, reason=reason, original=f'{{"id": "a{n}"'.encode(), topic=topic,
                      partition=0, offset=n, key=f"a{n}".encode(), failed_at="2026-01-01T00:00:00+00:00")


def seed_letters(settings) -> list[DeadLetter]:
    letters = [
        letter(1, "decode", "not valid UTF-8 JSON: unexpected end", settings.topic_articles),
        letter(2, "validate", "schema violation at text: 'text' is a required property", settings.topic_articles),
        letter(3, "decode", "not valid UTF-8 JSON: unexpected character", settings.topic_articles),
    ]
    from streams.kafka import producer

    sender = producer(settings)
    try:
        for item in letters:
            key, value, headers = dead_letter_record(item)
            sender.send(settings.topic_articles_dlq, key=key, value=value, headers=headers).get(timeout=30)
    finally:
        sender.close()
    return letters


def test_tail_and_stats_read_back_every_letter(isolated):
    letters = seed_letters(isolated)
    newest = tail(isolated, isolated.topic_articles_dlq, last=2)
    assert [s.letter for s in newest] == letters[1:]
    counts = stats(list(read_letters(isolated, isolated.topic_articles_dlq)))
    assert counts["stage"] == {"decode": 2, "validate": 1}
    assert counts["reason"]["decode: not valid UTF-8 JSON"] == 2


def test_requeue_sends_matching_letters_back_once(isolated):
    letters = seed_letters(isolated)
    keep = LetterFilter(stage="decode")
    assert requeue(isolated, isolated.topic_articles_dlq, keep, dry_run=True) == (2, 1)
    assert requeue(isolated, isolated.topic_articles_dlq, keep) == (2, 1)
    back = read_topic(isolated, isolated.topic_articles, expected=2)
    assert sorted((r.key, r.value) for r in back) == sorted((l.key, l.original) for l in letters if l.stage == "decode")
    # The same requeue again resends nothing; another filter still sees every letter.
    assert requeue(isolated, isolated.topic_articles_dlq, keep) == (0, 0)
    assert requeue(isolated, isolated.topic_articles_dlq, LetterFilter(reason_contains="schema"), dry_run=True) == (1, 2)


def test_cli_tail_prints_a_table(isolated):
    from streams import cli

    seed_letters(isolated)
    result = CliRunner().invoke(cli.app, ["dlq", "tail", "--topic", isolated.topic_articles_dlq], obj=isolated)
    assert result.exit_code == 0, result.output
    assert "3 dead letters" in result.output and "validate" in result.output

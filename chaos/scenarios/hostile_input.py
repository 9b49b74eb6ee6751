"""Hostile and broken messages between good ones: the hostile corpus (each message with what the
pipeline must do with it), where each one ended up, and the scenario."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chaos.harness import Arena, Figures, Suite
from chaos.verify import encode, es_client, make_article
from streams.config import Settings
from streams.ops.workers import is_alive


def scenario_hostile_input(suite: Suite) -> Figures:
    """Hostile and broken messages between good ones: each good one indexed, each bad one a dead
    letter or a graceful result, the worker never stops."""
    figures = Figures("hostile-input")
    good = suite.profile.hostile_good_articles
    hostile = hostile_messages(suite.base.max_message_bytes)
    with Arena(suite.base, "hostile", partitions=2, console=suite.console) as arena:
        worker = arena.start("w1")
        messages = interleave(arena.run_id, good, hostile)
        arena.publish_raw(messages)
        suite.finish(arena, figures, None, range(good))
        figures.sent = len(messages)
        figures.notes["hostile_messages"] = len(hostile)
        outcomes = hostile_outcomes(arena.settings, hostile)
        figures.notes["outcomes"] = {h.label: outcomes[h.label].describe() for h in hostile}
        wrong = [h.label for h in hostile if outcomes[h.label].kind != h.expect]
        if wrong:
            figures.problems.append(f"unexpected outcome for: {', '.join(wrong)}")
        if not is_alive(worker.pid) or arena.unplanned_exits:
            figures.problems.append("the worker stopped on hostile input")
    return figures


@dataclass(frozen=True)
class Hostile:
    label: str
    key: bytes
    value: bytes
    # "dead letter" when the message must be refused, "indexed" when it must be handled gracefully
    expect: str


def hostile_messages(max_message_bytes: int) -> list[Hostile]:
    """Broken and hostile article messages, each with what the pipeline must do with it."""
    import orjson

    def article(ident: str, text: str, **extra: Any) -> bytes:
        return orjson.dumps({"id": ident, "lang": extra.pop("lang", "en"), "text": text, **extra})

    # Deeper than any JSON parser's nesting limit; built by hand since no encoder would write it.
    deep = b'{"id": "hostile-deep", "text": "Putin met Erdogan.", "extra": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}"
    def sized(ident: str, size: int) -> bytes:
        """An article message of exactly `size` bytes: one real sentence, then filler prose."""
        head = orjson.dumps({"id": ident, "lang": "en", "text": "Putin met Erdogan in Moscow on Monday. "})
        filler = "The weather was mild and markets were calm. "
        room = size - len(head)
        text = "Putin met Erdogan in Moscow on Monday. " + filler * (room // len(filler)) + "x" * (room % len(filler))
        message = orjson.dumps({"id": ident, "lang": "en", "text": text})
        assert len(message) == size
        return message

    return [
        Hostile("invalid JSON", b"hostile-json", b'{"id": "hostile-json", "text": "unterminated', "dead letter"),
        Hostile("wrong schema", b"hostile-schema", orjson.dumps({"id": 42, "body": "no text field"}), "dead letter"),
        Hostile("JSON array", b"hostile-array", b'[1, 2, 3]', "dead letter"),
        Hostile("binary junk", b"hostile-binary", bytes(range(256)) * 8, "dead letter"),
        Hostile("invalid UTF-8", b"hostile-utf8", b'{"id": "hostile-utf8", "text": "caf\xc3\x28 \xff\xfe"}', "dead letter"),
        Hostile("empty value", b"hostile-empty", b"", "dead letter"),
        Hostile("10 MB article (at the size limit)", b"hostile-10mb", sized("hostile-10mb", max_message_bytes),
                "indexed"),
        Hostile("over the size limit", b"hostile-oversize", sized("hostile-oversize", max_message_bytes + 1024),
                "dead letter"),
        Hostile("deeply nested JSON", b"hostile-deep", deep, "dead letter"),
        Hostile("empty text", b"hostile-empty-text", article("hostile-empty-text", ""), "indexed"),
        Hostile("whitespace text", b"hostile-blank", article("hostile-blank", " \n\t " * 100), "indexed"),
        Hostile("one letter repeated", b"hostile-aaaa", article("hostile-aaaa", "a" * 150_000), "indexed"),
        Hostile("diacritics run", b"hostile-diacritics",
                article("hostile-diacritics", "ب" + "\u064e\u0651\u064b\u0652" * 40_000, lang="ar"), "indexed"),
        Hostile("HTML with scripts", b"hostile-html",
                article("hostile-html", "<html><script>alert('x')</script><style>p{}</style><p>Putin met "
                        "<b>Erdogan</b> in Ankara.</p><img src=x onerror=alert(1)></html>"), "indexed"),
        Hostile("null bytes and controls", b"hostile-controls",
                article("hostile-controls", "Putin\x00 met\x07 Erdogan\x1b[31m in Moscow.\u202e"), "indexed"),
        Hostile("lone surrogate escape", b"hostile-surrogate",
                b'{"id": "hostile-surrogate", "text": "Putin \\ud800 met Erdogan."}', "dead letter"),
    ]


@dataclass(frozen=True)
class Outcome:
    kind: str  # "dead letter", "indexed" or "lost"
    stage: str | None = None
    reason: str | None = None

    def describe(self) -> str:
        return self.kind if self.stage is None else f"{self.kind} ({self.stage}: {(self.reason or '')[:120]})"


def hostile_outcomes(settings: Settings, hostile: list[Hostile]) -> dict[str, Outcome]:
    """What became of each hostile message: its dead letter (by key), its article document, or nothing."""
    from streams.ids import article_doc_id
    from streams.ops.dlq import read_letters

    letters = {s.letter.key: s.letter for s in read_letters(settings, settings.topic_articles_dlq)}
    client = es_client(settings)
    try:
        client.indices.refresh(index=settings.articles_alias)
        outcomes = {}
        for message in hostile:
            letter = letters.get(message.key)
            if letter is not None:
                outcomes[message.label] = Outcome("dead letter", letter.stage, letter.reason)
                continue
            found = client.options(ignore_status=404).get(
                index=settings.articles_alias, id=article_doc_id(message.key.decode()), source_includes=["article_id"]
            )
            outcomes[message.label] = Outcome("indexed" if found.get("found") else "lost")
        return outcomes
    finally:
        client.close()


def interleave(run_id: str, good: int, hostile: list[Hostile]) -> list[tuple[bytes | None, bytes]]:
    """Good articles with the hostile messages spread between them."""
    goods = [encode(make_article(run_id, seq)) for seq in range(good)]
    out: list[tuple[bytes | None, bytes]] = []
    step = max(1, good // (len(hostile) + 1))
    for index, message in enumerate(goods):
        out.append(message)
        slot = index // step
        if index % step == step - 1 and slot < len(hostile):
            out.append((hostile[slot].key, hostile[slot].value))
    placed = min(len(hostile), good // step)
    out += [(h.key, h.value) for h in hostile[placed:]]
    return out

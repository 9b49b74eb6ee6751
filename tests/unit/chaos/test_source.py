"""The chaos suite's verifiable source and hostile messages, without any service."""

from __future__ import annotations

import orjson

from chaos.scenarios.hostile_input import hostile_messages, interleave
from chaos.verify import VARIANTS, article_id, encode, expected_events, make_article, variant_of
from streams.app.handlers import decode_article

LIMIT = 10 * 1024 * 1024


def test_every_generated_article_passes_the_decoder_and_carries_its_stamp():
    for seq in range(2 * VARIANTS + 3):
        key, value = encode(make_article("run-a", seq))
        article = decode_article(value, max_bytes=LIMIT)
        assert article.run_id == "run-a" and article.seq == seq
        assert key.decode() == article.id == article_id("run-a", seq)
        assert article.text.strip() and article.lang in {"en", "ar"}


def test_articles_are_deterministic_and_texts_cycle_with_the_variant():
    assert make_article("r", 5) == make_article("r", 5)
    first, later = make_article("r", 5), make_article("r", 5 + VARIANTS)
    assert first["text"] == later["text"] and first["id"] != later["id"]
    assert len({make_article("r", seq)["text"] for seq in range(VARIANTS)}) > VARIANTS // 2
    assert {make_article("r", seq)["lang"] for seq in range(VARIANTS)} == {"en", "ar"}


def test_expected_events_sums_the_offline_count_of_each_variant():
    counts = {variant: variant % 3 for variant in range(VARIANTS)}
    seqs = [0, 1, 2, VARIANTS + 2]
    assert expected_events(counts, seqs) == sum(variant_of(s) % 3 for s in seqs) == 0 + 1 + 2 + 2


def test_every_hostile_message_is_placed_between_good_ones():
    hostile = hostile_messages(LIMIT)
    messages = interleave("run-h", 40, hostile)
    keys = [key for key, _ in messages]
    assert len(messages) == 40 + len(hostile)
    for message in hostile:
        position = keys.index(message.key)
        assert 0 < position < len(keys) - 1 or message is hostile[-1]
    good = [orjson.loads(value) for key, value in messages if key.startswith(b"run-h")]
    assert [a["seq"] for a in good] == list(range(40))


def test_the_size_limit_pair_straddles_the_limit():
    by_label = {h.label: h for h in hostile_messages(LIMIT)}
    assert len(by_label["10 MB article (at the size limit)"].value) == LIMIT
    assert len(by_label["over the size limit"].value) == LIMIT + 1024

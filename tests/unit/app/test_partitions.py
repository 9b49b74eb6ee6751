"""Where the evidence bundles place an incident key (as the producer would), and how the incidents agent cuts a batch."""

from __future__ import annotations

import random

from aiokafka.partitioner import DefaultPartitioner

from streams.app.faust_app import key_partition


def test_key_partition_is_the_default_partitioners():
    rng = random.Random(7)
    for _ in range(500):
        key = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 60)))
        partitions = rng.randrange(1, 13)
        assert key_partition(key, partitions) == DefaultPartitioner()(key, list(range(partitions)), list(range(partitions)))


def test_byte_slices_keep_the_order_and_the_bound():
    from streams.app.faust_app import byte_slices

    sizes = [3, 4, 2, 9, 1, 1, 5]
    slices = byte_slices(sizes, lambda n: n, 7)
    assert [list(s) for s in slices] == [[3, 4], [2], [9], [1, 1, 5]]
    assert byte_slices([], len, 7) == []
    assert [list(s) for s in byte_slices([1, 1], lambda n: n, 100)] == [[1, 1]]

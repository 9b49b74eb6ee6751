"""The incidents table and the evidence bundles place a key where the producer's partitioner would."""

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

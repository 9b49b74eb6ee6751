"""The cluster scenarios refuse to run anywhere but on a three-broker, three-node cluster of ours."""

from __future__ import annotations

import pytest

from chaos.cluster import require_cluster
from chaos.harness import ScenarioSkipped
from chaos.profiles import CLUSTER
from streams.config import Settings
from streams.stack import layout


def test_a_one_node_stack_is_no_cluster(tmp_path):
    with pytest.raises(ScenarioSkipped, match="--brokers 3 --es-nodes 3"):
        require_cluster(Settings(state_dir=tmp_path, replication_factor=3))


def test_a_recorded_cluster_whose_nodes_are_not_ours_is_skipped(tmp_path):
    settings = Settings(state_dir=tmp_path, replication_factor=3)
    layout.write(settings, layout.Layout(brokers=3, es_nodes=3))
    with pytest.raises(ScenarioSkipped, match="kafka-1, kafka-2, kafka-3, elasticsearch-1"):
        require_cluster(settings)


def test_the_cluster_profile_runs_every_node_loss_scenario_at_a_low_rate():
    assert set(CLUSTER.scenarios) == {"broker-kill", "es-node-kill", "worker-lost-in-rebalance", "rolling-restart"}
    assert CLUSTER.cluster_partitions >= 3  # three workers get partitions each
    # ~20 minutes on a 2-core machine: the publishing alone stays under ten.
    published = CLUSTER.broker_kill_articles + CLUSTER.es_node_kill_articles + CLUSTER.worker_loss_articles \
        + CLUSTER.rolling_restart_articles
    assert published / CLUSTER.rate < 600

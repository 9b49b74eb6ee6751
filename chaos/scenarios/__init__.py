"""Every scenario by the name the profiles and `--only` use; one module each. The single-node ones
run on the local stack (`make chaos`), the cluster ones on a three-broker, three-node local
cluster (`make chaos-cluster`)."""

from __future__ import annotations

from collections.abc import Callable

from chaos.harness import Figures, Suite
from chaos.scenarios.broker_kill import scenario_broker_kill
from chaos.scenarios.duplicate_reread import scenario_duplicate_reread
from chaos.scenarios.es_down import scenario_es_down
from chaos.scenarios.es_node_kill import scenario_es_node_kill
from chaos.scenarios.es_rejections import scenario_es_429
from chaos.scenarios.hostile_input import scenario_hostile_input
from chaos.scenarios.incidents import scenario_incidents
from chaos.scenarios.kafka_restart import scenario_kafka_restart
from chaos.scenarios.rebalance import scenario_rebalance
from chaos.scenarios.rolling_restart import scenario_rolling_restart
from chaos.scenarios.worker_lost_in_rebalance import scenario_worker_lost_in_rebalance
from chaos.scenarios.worker_signals import scenario_sigkill, scenario_sigterm

SCENARIOS: dict[str, Callable[[Suite], Figures]] = {
    "sigkill": scenario_sigkill,
    "sigterm": scenario_sigterm,
    "es-down": scenario_es_down,
    "es-429": scenario_es_429,
    "kafka-restart": scenario_kafka_restart,
    "rebalance": scenario_rebalance,
    "duplicate-reread": scenario_duplicate_reread,
    "hostile-input": scenario_hostile_input,
    "incidents": scenario_incidents,
    # cluster
    "broker-kill": scenario_broker_kill,
    "es-node-kill": scenario_es_node_kill,
    "worker-lost-in-rebalance": scenario_worker_lost_in_rebalance,
    "rolling-restart": scenario_rolling_restart,
}

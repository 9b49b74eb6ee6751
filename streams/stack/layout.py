"""How many Kafka brokers and Elasticsearch nodes the local stack in a state directory runs.

`eventwire stack up --brokers 3 --es-nodes 3` records the layout in `<state>/stack.json`, so
`status`, `down` and a later `up` address the same nodes without being told again. Ports follow
from the first address of `EVENTWIRE_KAFKA_BOOTSTRAP` and `EVENTWIRE_ES_URL`: broker i (from 1)
listens on port+i-1 and its controller on port+brokers+i-1 (one broker: 9092 and 9093, as
before); Elasticsearch node i on http port+i-1 and transport port+100+i-1.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from streams.config import Settings

LAYOUT_FILE = "stack.json"
MAX_NODES = 9


@dataclass(frozen=True)
class Layout:
    brokers: int = 1
    es_nodes: int = 1

    def __post_init__(self) -> None:
        for name, count in (("brokers", self.brokers), ("es_nodes", self.es_nodes)):
            if not 1 <= count <= MAX_NODES:
                raise ValueError(f"{name} must be between 1 and {MAX_NODES}, got {count}")


def read(settings: Settings) -> Layout:
    try:
        data = json.loads((settings.state_path / LAYOUT_FILE).read_text())
    except (OSError, ValueError):
        return Layout()
    return Layout(brokers=int(data.get("brokers", 1)), es_nodes=int(data.get("es_nodes", 1)))


def write(settings: Settings, layout: Layout) -> None:
    settings.state_path.mkdir(parents=True, exist_ok=True)
    (settings.state_path / LAYOUT_FILE).write_text(json.dumps(asdict(layout)) + "\n")


def choose(recorded: Layout, *, brokers: int | None, es_nodes: int | None) -> Layout:
    """The layout to bring up: what was asked for, else what the state directory recorded."""
    return Layout(
        brokers=brokers if brokers is not None else recorded.brokers,
        es_nodes=es_nodes if es_nodes is not None else recorded.es_nodes,
    )

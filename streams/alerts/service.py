"""Alerting in the worker: the current standing queries, matched on confirmed events and on
incident changes, handed to the dispatcher. Called by the agents after their writes are confirmed;
never raises into them and never waits for a delivery."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from streams.alerts.matching import event_alerts, surge_alerts
from streams.alerts.standing import StandingQuery, decode_query

log = logging.getLogger(__name__)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Alerting:
    def __init__(
        self, records: Callable[[], Iterable[bytes | None]], dispatcher: Any,
        wait_loaded: Callable[[float], bool] | None = None,
    ) -> None:
        self.records = records  # the values of the queries topic as the worker holds them now
        self.dispatcher = dispatcher
        self.wait_loaded = wait_loaded  # blocks until the queries are loaded (or the timeout)
        self._refused: set[bytes] = set()

    async def ready(self, timeout: float = 30.0) -> None:
        """Until the standing queries are loaded, so that the first events of a worker are matched
        too; after `timeout` the agents go on (and match the queries as they arrive)."""
        if self.wait_loaded is not None and not await asyncio.to_thread(self.wait_loaded, timeout):
            log.warning("standing queries not loaded after %.0fs: coding goes on, alerts follow once they are", timeout)

    def queries(self) -> list[StandingQuery]:
        out = []
        for value in self.records():
            if not value:
                continue
            try:
                out.append(decode_query(value))
            except Exception as exc:  # noqa: BLE001 - one bad record must not silence the others
                if value not in self._refused:
                    self._refused.add(value)
                    log.warning("standing query record ignored: %s", exc)
        return out

    def on_events(self, docs: Sequence[Mapping[str, Any]]) -> int:
        queries = self.queries()
        if not queries or not docs:
            return 0
        now = utc_now()
        try:
            alerts = [alert for doc in docs for alert in event_alerts(doc, queries, now)]
            return self.dispatcher.offer(alerts)
        except Exception:  # noqa: BLE001 - alerting is never allowed to fail the coding
            log.exception("matching events against standing queries failed")
            return 0

    def on_incident_changes(self, changes: Sequence[Any]) -> int:
        queries = [q for q in self.queries() if q.surge is not None]
        if not queries or not changes:
            return 0
        now = utc_now()
        try:
            alerts = [a for c in changes for a in surge_alerts(c.before_document, c.document, queries, now)]
            return self.dispatcher.offer(alerts)
        except Exception:  # noqa: BLE001
            log.exception("matching incidents against standing queries failed")
            return 0

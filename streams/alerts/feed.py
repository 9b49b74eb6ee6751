"""The standing queries as every worker holds them: a reader of the compacted queries topic.

A thread of its own with a kafka-python consumer outside any group: it reads every partition of
the topic from the start, then follows it, so each worker holds all queries and sees `eventwire
alert add/remove` within a poll. (Faust's GlobalTable was tried first: with it, 0.15.3's
partition assignment never completed in our app, and the worker never consumed.)
"""

from __future__ import annotations

import logging
import threading

from streams.config import Settings
from streams.errors import is_transient_kafka_error
from streams.retry import Backoff, retry_sync

log = logging.getLogger(__name__)


class QueryFeed:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._values: dict[bytes, bytes] = {}
        self._stop = threading.Event()
        self.caught_up = threading.Event()  # set once the topic was read to its end
        self._thread = threading.Thread(target=self._run, name="eventwire-alert-queries", daemon=True)

    def start(self) -> "QueryFeed":
        if not self._thread.is_alive() and not self._stop.is_set():
            self._thread.start()
        return self

    def wait_loaded(self, timeout: float) -> bool:
        """Start reading (if not yet) and block until the topic was read to its end."""
        self.start()
        return self.caught_up.wait(timeout)

    def stop(self) -> None:
        self._stop.set()

    def values(self) -> list[bytes]:
        return list(self._values.values())

    def _connect(self):
        from kafka import TopicPartition

        from streams.kafka import consumer

        def attempt():
            reader = consumer(self.settings, group_id=None, client_id=f"{self.settings.app_id}-alert-queries")
            partitions = reader.partitions_for_topic(self.settings.topic_alert_queries)
            if not partitions:
                reader.close()
                raise ConnectionError(f"topic {self.settings.topic_alert_queries} not there yet")
            assigned = [TopicPartition(self.settings.topic_alert_queries, p) for p in sorted(partitions)]
            reader.assign(assigned)
            reader.seek_to_beginning(*assigned)
            return reader, assigned

        backoff = Backoff(base=self.settings.retry_base_seconds, cap=self.settings.retry_cap_seconds)
        return retry_sync(attempt, is_transient=is_transient_kafka_error, backoff=backoff,
                          sleep=lambda pause: self._stop.wait(pause),
                          on_retry=lambda n, exc, pause: log.warning("standing queries: %s, retry %d in %.1fs", exc, n, pause))

    def _run(self) -> None:
        try:
            reader, assigned = self._connect()
        except Exception:  # noqa: BLE001 - the worker codes on without alerts rather than stop
            log.exception("standing queries cannot be read: no alerts from this worker")
            return
        try:
            ends = reader.end_offsets(assigned)
            while not self._stop.is_set():
                for records in reader.poll(timeout_ms=500).values():
                    values = dict(self._values)
                    for record in records:
                        if record.value is None:
                            values.pop(record.key, None)
                        else:
                            values[record.key] = record.value
                    self._values = values  # replaced whole: readers on the event loop never see it half done
                if not self.caught_up.is_set() and all(reader.position(tp) >= ends[tp] for tp in assigned):
                    self.caught_up.set()
                    log.info("standing queries: %d loaded", len(self._values))
        except Exception:  # noqa: BLE001
            log.exception("standing queries reader stopped: no new alerts from this worker")
        finally:
            reader.close()

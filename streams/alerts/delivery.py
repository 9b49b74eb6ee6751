"""Alert delivery off the coding path: bounded queues, one delivery task per target.

The agents only `offer` alerts (never awaited, never blocking). Every alert goes to the alerts
topic (`eventwire alert tail` reads it: the durable record); an alert of a query with a webhook is
also POSTed to it as JSON. Each target has its own queue of `alert_queue_size` alerts and its own
task, so a slow or dead webhook delays only its own alerts. Decided and documented:

- a full queue DROPS the new alert (metric `eventwire_alerts_dropped_total{target,reason="queue
  full"}`, a warning): coding never waits for an alert;
- a webhook is retried with the one retry helper (transient: connection errors, timeouts, 429,
  5xx) up to `alert_webhook_attempts`; after that, or on another 4xx, the alert is dropped for that
  webhook (`reason="failed"`). It is still on the alerts topic.
- a redelivered batch raises alerts with the ids it raised before: ids delivered recently (an LRU
  of 10,000 per worker) are not delivered again.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import orjson
from prometheus_client import Counter

from streams.config import Settings
from streams.retry import Backoff, retry_async

log = logging.getLogger(__name__)

ALERTS_RAISED = Counter("eventwire_alerts_raised_total", "Alerts raised by standing queries", ["kind"])
ALERTS_DELIVERED = Counter("eventwire_alerts_delivered_total", "Alerts delivered", ["target"])
ALERTS_DROPPED = Counter("eventwire_alerts_dropped_total", "Alerts not delivered", ["target", "reason"])
TOPIC = "topic"
RECENT_IDS = 10_000


class WebhookError(Exception):
    def __init__(self, status: int | None, reason: str) -> None:
        super().__init__(f"{status} {reason}" if status else reason)
        self.status = status


def webhook_is_transient(exc: BaseException) -> bool:
    import aiohttp

    if isinstance(exc, WebhookError):
        return exc.status is None or exc.status == 429 or exc.status >= 500
    return isinstance(exc, (aiohttp.ClientConnectionError, aiohttp.ServerTimeoutError, asyncio.TimeoutError, ConnectionError))


class AiohttpPoster:
    """POSTs one alert as JSON; raises WebhookError for any answer but 2xx."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._session = None

    async def __call__(self, url: str, body: bytes) -> None:
        import aiohttp

        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        async with self._session.post(url, data=body, headers={"Content-Type": "application/json"}) as response:
            if not 200 <= response.status < 300:
                raise WebhookError(response.status, (await response.text())[:200])

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class AlertDispatcher:
    def __init__(
        self,
        settings: Settings,
        send_to_topic: Callable[[Sequence[tuple[bytes, bytes]]], Awaitable[None]],
        *,
        post: Callable[[str, bytes], Awaitable[None]] | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.send_to_topic = send_to_topic
        self.post = post or AiohttpPoster(settings.alert_webhook_timeout_seconds)
        self.sleep = sleep
        self.backoff = Backoff(base=settings.retry_base_seconds, cap=settings.retry_cap_seconds,
                               max_attempts=settings.alert_webhook_attempts)
        self.queues: dict[str, asyncio.Queue] = {}
        self.tasks: dict[str, asyncio.Task] = {}
        self.recent: OrderedDict[str, None] = OrderedDict()

    def offer(self, alerts: Sequence[dict[str, Any]]) -> int:
        """Queue alerts for delivery without waiting; returns how many were queued for the topic.

        The topic's queue holds batches (one per call: the alerts of one agent batch), a webhook's
        queue single alerts."""
        fresh = []
        for alert in alerts:
            if alert["alert_id"] in self.recent:
                continue
            self.recent[alert["alert_id"]] = None
            if len(self.recent) > RECENT_IDS:
                self.recent.popitem(last=False)
            ALERTS_RAISED.labels(alert["kind"]).inc()
            fresh.append(alert)
        if not fresh:
            return 0
        queued = len(fresh) if self._put(TOPIC, fresh, len(fresh)) else 0
        for alert in fresh:
            if alert["to"] != TOPIC:
                self._put(alert["to"], alert, 1)
        return queued

    def _put(self, target: str, item: Any, count: int) -> bool:
        queue = self.queues.get(target)
        if queue is None:
            queue = self.queues[target] = asyncio.Queue(maxsize=self.settings.alert_queue_size)
            worker = self._topic_worker(queue) if target == TOPIC else self._webhook_worker(target, queue)
            self.tasks[target] = asyncio.get_running_loop().create_task(worker, name=f"alerts:{_label(target)}")
        try:
            queue.put_nowait(item)
            return True
        except asyncio.QueueFull:
            ALERTS_DROPPED.labels(TOPIC if target == TOPIC else "webhook", "queue full").inc(count)
            log.warning("alert queue for %s is full: %d alert(s) dropped", _label(target), count)
            return False

    async def _topic_worker(self, queue: asyncio.Queue) -> None:
        while True:
            batch = await queue.get()
            try:
                await self.send_to_topic([(a["alert_id"].encode(), orjson.dumps(a)) for a in batch])
                ALERTS_DELIVERED.labels(TOPIC).inc(len(batch))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - a delivery task must outlive any failure
                ALERTS_DROPPED.labels(TOPIC, "failed").inc(len(batch))
                log.warning("%d alerts not written to the alerts topic: %s", len(batch), exc)
            finally:
                queue.task_done()

    async def _webhook_worker(self, url: str, queue: asyncio.Queue) -> None:
        while True:
            alert = await queue.get()
            body = orjson.dumps(alert)
            try:
                await retry_async(
                    lambda: self.post(url, body), is_transient=webhook_is_transient, backoff=self.backoff, sleep=self.sleep,
                    on_retry=lambda n, exc, pause: log.info("webhook %s: %s, retry %d in %.1fs", _label(url), exc, n, pause),
                )
                ALERTS_DELIVERED.labels("webhook").inc()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - a dead webhook must not stop the others
                ALERTS_DROPPED.labels("webhook", "failed").inc()
                log.warning("webhook %s: alert %s dropped after %s", _label(url), alert["alert_id"], exc)
            finally:
                queue.task_done()

    async def drain(self) -> None:
        """Until every queued alert was delivered or dropped (tests, a graceful stop)."""
        for queue in list(self.queues.values()):
            await queue.join()

    async def close(self) -> None:
        for task in self.tasks.values():
            task.cancel()
        await asyncio.gather(*self.tasks.values(), return_exceptions=True)
        closer = getattr(self.post, "close", None)
        if closer is not None:
            await closer()


def _label(target: str) -> str:
    """A webhook URL without its query string (which may hold a token) for logs and metrics."""
    return target.split("?", 1)[0]

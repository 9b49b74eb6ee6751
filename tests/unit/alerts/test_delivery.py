"""Alert delivery against a real HTTP receiver on 127.0.0.1: retries with the retry helper, drops
that never block, one queue per target, repeats suppressed."""

from __future__ import annotations

import asyncio

from streams.alerts.delivery import ALERTS_DROPPED, AlertDispatcher
from streams.config import Settings
from tests.receiver import Receiver

SETTINGS = Settings().with_overrides(retry_base_seconds=0.01, retry_cap_seconds=0.05, alert_webhook_attempts=3,
                                     alert_queue_size=5, alert_webhook_timeout_seconds=2.0)


def alert(n: int, to: str) -> dict:
    return {"alert_id": f"id{n}", "kind": "event", "query": "q", "query_text": "type:CONSULT", "to": to,
            "matched_at": "t", "why": ["type:CONSULT = CONSULT"], "event": {"event_id": f"e{n}"}, "incident": None}


def run(scenario):
    return asyncio.run(scenario())


def delivered(*batches: list[dict]) -> list[tuple[bytes, bytes]]:
    """Offer each batch to one dispatcher, wait until every alert was delivered or dropped, close it;
    what reached the alerts topic."""
    topic: list[tuple[bytes, bytes]] = []

    async def send(records):
        topic.extend(records)

    async def scenario():
        dispatcher = AlertDispatcher(SETTINGS, send)
        for batch in batches:
            dispatcher.offer(batch)
        await dispatcher.drain()
        await dispatcher.close()

    run(scenario)
    return topic


def test_alerts_reach_the_topic_and_the_webhook():
    with Receiver() as hook:
        topic = delivered([alert(1, hook.url), alert(2, "topic")])
    assert [key for key, _ in topic] == [b"id1", b"id2"]
    assert [b["alert_id"] for b in hook.bodies] == ["id1"] and hook.bodies[0]["why"] == ["type:CONSULT = CONSULT"]


def test_transient_webhook_failures_are_retried():
    with Receiver(statuses=(503, 500, 200)) as hook:
        delivered([alert(1, hook.url)])
    assert hook.attempts == 3 and [b["alert_id"] for b in hook.bodies] == ["id1"]


def test_a_dead_webhook_gives_up_after_its_attempts_and_a_client_error_at_once():
    failed = ALERTS_DROPPED.labels("webhook", "failed")
    before = failed._value.get()
    with Receiver(statuses=(500,)) as dead, Receiver(statuses=(404,)) as wrong:
        delivered([alert(1, dead.url), alert(2, wrong.url)])
    assert dead.attempts == SETTINGS.alert_webhook_attempts and wrong.attempts == 1
    assert failed._value.get() - before == 2


def test_a_slow_webhook_never_blocks_the_caller_nor_the_other_targets():
    topic: list = []

    async def send(records):
        topic.extend(records)

    full = ALERTS_DROPPED.labels("webhook", "queue full")
    before = full._value.get()
    with Receiver(delay=0.5) as slow, Receiver() as fast:
        async def scenario():
            dispatcher = AlertDispatcher(SETTINGS, send)
            loop = asyncio.get_running_loop()
            began = loop.time()
            dispatcher.offer([alert(n, slow.url) for n in range(20)])
            dispatcher.offer([alert(100, fast.url)])
            offered_in = loop.time() - began
            await asyncio.sleep(0.3)
            fast_done = [b["alert_id"] for b in fast.bodies]
            await dispatcher.close()
            return offered_in, fast_done

        offered_in, fast_done = run(scenario)
    assert offered_in < 0.05, "offering alerts must not wait for any delivery"
    assert fast_done == ["id100"], "the fast webhook is served while the slow one is still busy"
    # the slow webhook's queue holds 5 alerts: 15 of the 20 offered at once are dropped
    assert full._value.get() - before == 15
    assert len(topic) == 21, "every alert is on the alerts topic"


def test_a_repeated_alert_id_is_delivered_once():
    topic = delivered([alert(1, "topic")], [alert(1, "topic"), alert(2, "topic")])
    assert [key for key, _ in topic] == [b"id1", b"id2"]

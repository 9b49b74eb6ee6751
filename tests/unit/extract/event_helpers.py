"""Small readers over extracted events, shared by the rule tests."""

from __future__ import annotations


def types(events) -> list[str]:
    return [e.event.plover for e in events]


def of_type(events, plover) -> list:
    return [e for e in events if e.event.plover == plover]


def only(events, plover):
    """The first event of a PLOVER type; fails with what was found instead."""
    found = of_type(events, plover)
    assert found, [(e.event.plover, [a.code for a in e.source_actor], [a.code for a in e.target_actor]) for e in events]
    return found[0]


def countries(actors) -> set:
    return {a.country for a in actors}


def parties(event) -> tuple[list, list]:
    return [a.country for a in event.source_actor], [a.country for a in event.target_actor]

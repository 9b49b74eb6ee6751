"""deploy/grafana/eventwire.json is its generator's output, and every metric and label its panels
query is one the worker exports (the exposition of the worker's own modules)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from prometheus_client import REGISTRY, generate_latest

import streams.app.faust_app  # noqa: F401 - registers every metric the worker exports
from streams.app import metrics
from streams.sink import elastic
from tests.unit.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "deploy" / "grafana" / "eventwire.json"
METRIC = re.compile(r"\beventwire_[a-z0-9_]+")
BY = re.compile(r"\bby \(([^)]*)\)")
MATCHER = re.compile(r"([a-z_]+)=~?\"")
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")


def exported() -> dict[str, str]:
    """Family name -> type, from the worker process's exposition."""
    families = {}
    for line in generate_latest(REGISTRY).decode().splitlines():
        if line.startswith("# TYPE eventwire_"):
            _, _, name, kind = line.split()
            families[name] = kind
    return families


def labels_of() -> dict[str, set[str]]:
    objects = [value for module in (metrics, elastic) for value in vars(module).values()
               if hasattr(value, "_labelnames") and hasattr(value, "_name")]
    names: dict[str, set[str]] = {}
    for metric in objects:
        base = metric._name
        for name in (base, f"{base}_total", *(base + s for s in HISTOGRAM_SUFFIXES)):
            names[name] = set(metric._labelnames) | ({"le"} if metric._type == "histogram" else set())
    return names


def dashboard() -> dict:
    return json.loads(DASHBOARD.read_text(encoding="utf-8"))


def expressions() -> list[tuple[str, str]]:
    return [(panel["title"], target["expr"]) for panel in dashboard()["panels"] for target in panel["targets"]]


def test_the_json_is_what_the_generator_writes():
    assert DASHBOARD.read_text(encoding="utf-8") == load_script("deploy/grafana/generate.py").render()


def test_the_dashboard_covers_what_the_issue_asks_for():
    queried = {name for _, expr in expressions() for name in METRIC.findall(expr)}
    for wanted in ("eventwire_articles_total", "eventwire_events_extracted_total", "eventwire_dead_letters_total",
                   "eventwire_events_per_article_sum", "eventwire_events_by_type_total",
                   "eventwire_coding_seconds_bucket", "eventwire_sink_bulk_seconds_bucket", "eventwire_consumer_lag"):
        assert wanted in queried, wanted
    panels = dashboard()["panels"]
    assert len({panel["id"] for panel in panels}) == len(panels)
    assert all(panel["datasource"]["uid"] == "${datasource}" for panel in panels)


@pytest.mark.parametrize(("title", "expr"), expressions())
def test_every_queried_metric_and_label_is_exported(title, expr):
    families = exported()
    known = labels_of()
    names = METRIC.findall(expr)
    assert names, f"{title}: no eventwire metric in {expr}"
    for name in names:
        family = name
        for suffix in HISTOGRAM_SUFFIXES:
            if name.endswith(suffix) and name[: -len(suffix)] in families:
                family = name[: -len(suffix)]
        assert family in families, f"{title}: {name} is not in the worker's exposition"
    available = set().union(*(known[name] for name in names))
    used = {label.strip() for group in BY.findall(expr) for label in group.split(",")} | set(MATCHER.findall(expr))
    assert used <= available, f"{title}: labels {sorted(used - available)} not on {names}"

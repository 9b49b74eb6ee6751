"""Writes deploy/grafana/eventwire.json, the Grafana dashboard (JSON model) over the worker's
/metrics (streams/app/metrics.py, streams/sink/elastic.py).

    python deploy/grafana/generate.py        # rewrite the JSON after changing a panel here

Import it in Grafana (Dashboards > New > Import) and pick the Prometheus data source that scrapes
the workers (the Kubernetes overlays' ServiceMonitor, or any scrape of port 6066 /metrics).
tests/unit/test_grafana_dashboard.py checks that the JSON is this file's output and that every
metric a panel queries is one the worker exports.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).with_name("eventwire.json")
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
FILTER = 'source=~"$source", lang=~"$lang"'

# (title, unit, [(PromQL, legend)], description)
PANELS = [
    ("Articles in per second, by source and language", "reqps",
     [(f"sum by (source, lang) (rate(eventwire_articles_total{{{FILTER}}}[5m]))", "{{source}} {{lang}}")],
     "Article messages the extract agent handled (coded or dead-lettered)."),
    ("Events out per second, by language", "reqps",
     [(f"sum by (lang) (rate(eventwire_events_extracted_total{{{FILTER}}}[5m]))", "{{lang}}")],
     "Event documents sent to the events topic."),
    ("Yield: events per article", "short",
     [(f"sum by (source, lang) (rate(eventwire_events_per_article_sum{{{FILTER}}}[15m]))"
       f" / sum by (source, lang) (rate(eventwire_events_per_article_count{{{FILTER}}}[15m]))",
       "{{source}} {{lang}}")],
     "A falling yield for one source is a changed page layout or a language the dictionaries miss."),
    ("Dead letters per second, by stage", "reqps",
     [(f"sum by (topic, stage) (rate(eventwire_dead_letters_total{{{FILTER}}}[5m]))", "{{topic}} {{stage}}")],
     "decode/validate: bad input; extract/serialize: a bug; index: Elasticsearch refused a document."),
    ("PLOVER type mix (share of events, last hour)", "percentunit",
     [(f"sum by (plover) (rate(eventwire_events_by_type_total{{{FILTER}}}[1h]))"
       f" / scalar(sum(rate(eventwire_events_by_type_total{{{FILTER}}}[1h])))", "{{plover}}")],
     "Drift shows as a change in the shares: a new dictionary, a new source, or the news itself."),
    ("Coding time per article (p50, p99)", "s",
     [(f"histogram_quantile(0.5, sum by (le, lang) (rate(eventwire_coding_seconds_bucket{{{FILTER}}}[5m])))",
       "p50 {{lang}}"),
      (f"histogram_quantile(0.99, sum by (le, lang) (rate(eventwire_coding_seconds_bucket{{{FILTER}}}[5m])))",
       "p99 {{lang}}")],
     "The extraction pipeline's time for one article, in the worker's extraction thread."),
    ("Elasticsearch bulk latency (p50, p99)", "s",
     [("histogram_quantile(0.5, sum by (le) (rate(eventwire_sink_bulk_seconds_bucket[5m])))", "p50"),
      ("histogram_quantile(0.99, sum by (le) (rate(eventwire_sink_bulk_seconds_bucket[5m])))", "p99")],
     "One bulk request, each attempt; retries after 429s or failed nodes show as a long tail."),
    ("Consumer lag, by topic", "short",
     [("sum by (topic) (max by (topic, partition) (eventwire_consumer_lag))", "{{topic}}")],
     "Messages the worker group has not committed yet (every worker reports the group's view: max per partition)."),
    ("Documents per second: indexed, resent, rejected", "reqps",
     [("sum by (kind) (rate(eventwire_sink_indexed_total[5m]))", "indexed {{kind}}"),
      ("sum by (kind) (rate(eventwire_sink_retried_total[5m]))", "resent {{kind}}"),
      ("sum by (kind) (rate(eventwire_sink_rejected_total[5m]))", "rejected {{kind}}")],
     "Confirmed by Elasticsearch, resent after a transient failure, dead-lettered for good."),
]


def label_variable(name: str) -> dict:
    query = f"label_values(eventwire_articles_total, {name})"
    return {
        "name": name, "label": name, "type": "query", "datasource": DATASOURCE,
        "query": {"query": query, "refId": name}, "definition": query,
        "includeAll": True, "multi": True, "allValue": ".*", "refresh": 2, "sort": 1,
        "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
    }


def panel(number: int, title: str, unit: str, queries: list[tuple[str, str]], description: str) -> dict:
    stacked = unit == "percentunit"
    return {
        "id": number + 1,
        "type": "timeseries",
        "title": title,
        "description": description,
        "datasource": DATASOURCE,
        "gridPos": {"h": 8, "w": 12, "x": 12 * (number % 2), "y": 8 * (number // 2)},
        "fieldConfig": {
            "defaults": {
                "unit": unit,
                "custom": {"stacking": {"mode": "percent" if stacked else "none"}, "fillOpacity": 30 if stacked else 10},
            },
            "overrides": [],
        },
        "options": {"legend": {"displayMode": "list", "placement": "bottom"}, "tooltip": {"mode": "multi"}},
        "targets": [
            {"refId": chr(ord("A") + index), "datasource": DATASOURCE, "expr": expr, "legendFormat": legend}
            for index, (expr, legend) in enumerate(queries)
        ],
    }


def render() -> str:
    dashboard = {
        "uid": "eventwire-worker",
        "title": "eventwire: workers",
        "tags": ["eventwire"],
        "schemaVersion": 39,
        "version": 1,
        "editable": True,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "templating": {"list": [
            {"name": "datasource", "label": "Prometheus", "type": "datasource", "query": "prometheus"},
            label_variable("source"),
            label_variable("lang"),
        ]},
        "panels": [panel(number, *spec) for number, spec in enumerate(PANELS)],
    }
    return json.dumps(dashboard, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")

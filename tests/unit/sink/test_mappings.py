"""The mappings rendered for a cluster without analysis-common (the local integ-test zip)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from streams.sink.admin import LANGUAGE_ANALYZERS, render_mappings


def _paths(node: Any, prefix: str = "") -> dict[str, Any]:
    """Every field and sub-field path with its spec."""
    out: dict[str, Any] = {}
    for name, spec in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        out[path] = spec
        out.update(_paths(spec, f"{path}."))
        for sub, sub_spec in (spec.get("fields") or {}).items():
            out[f"{path}.{sub}"] = sub_spec
    return out


@pytest.mark.parametrize("kind", ["events", "articles"])
def test_without_analysis_common_only_the_language_subfields_go(kind: str) -> None:
    full, lean = _paths(render_mappings(kind)), _paths(render_mappings(kind, analysis_common=False))
    dropped = set(full) - set(lean)
    assert dropped, "the full mapping has language sub-fields"
    assert all(full[path].get("analyzer") in LANGUAGE_ANALYZERS for path in dropped)
    assert not set(lean) - set(full)
    assert "ew_arabic" not in json.dumps(render_mappings(kind, analysis_common=False))
    # every searchable text keeps its ew_norm field: nothing becomes unsearchable
    assert {p for p, s in lean.items() if s.get("type") == "text"} >= {
        p.rsplit(".", 1)[0] for p in dropped if p.rsplit(".", 1)[0] in full and full[p.rsplit(".", 1)[0]].get("type") == "text"
    }


def test_rendering_does_not_change_the_source_files() -> None:
    before = json.dumps(render_mappings("events"), sort_keys=True)
    render_mappings("events", analysis_common=False)
    assert json.dumps(render_mappings("events"), sort_keys=True) == before

"""The participant rules as a registry, and the root groupings as checked data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from streams.extract import participants
from streams.extract.groups import GroupingError, RootGroups, load_root_groups
from streams.extract.resources import DICTIONARY_DIR

EXTRACT_DIR = Path(participants.__file__).resolve().parent
GROUPS_FILE = DICTIONARY_DIR / "root_groups.json"


def test_rules_are_uniquely_named_functions_of_the_same_name():
    names = [name for name, _ in participants.RULES]
    assert len(names) == len(set(names))
    for name, rule in participants.RULES:
        assert rule.__name__ == name.replace("-", "_"), name
        assert rule.__doc__, f"{name} says what it decides"


def test_every_label_the_stage_writes_names_a_rule_or_the_agentless_passive():
    source = (EXTRACT_DIR / "participants.py").read_text("utf-8")
    written = set(re.findall(r'fired\("([a-z-]+)"', source))
    names = {name for name, _ in participants.RULES}
    assert written - names <= {"adjective-on-object-noun"}
    assert "agentless-passive" in names


def test_the_registry_is_read_when_the_stage_runs(run, monkeypatch):
    """Tests of single rules rely on this: the stage runs without a rule taken out of `RULES`."""
    text = "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan in Sochi."
    assert run(text, lang="en").events
    monkeypatch.setattr(participants, "RULES", ())
    assert run(text, lang="en").events == ()


def test_no_module_hard_codes_a_set_of_cameo_roots():
    pattern = re.compile(r'frozenset\(\{\s*"\d\d"|\(\s*"\d\d",\s*"\d\d"')
    offenders = [p.name for p in EXTRACT_DIR.rglob("*.py") if pattern.search(p.read_text("utf-8"))]
    assert offenders == []


def test_the_shipped_groupings_load_with_a_reason_for_each():
    groups = load_root_groups(GROUPS_FILE)
    assert "18" in groups.military and "04" not in groups.military
    assert groups.mode_roots["phone"] == frozenset({"02", "03", "04", "05"})
    data = json.loads(GROUPS_FILE.read_text("utf-8"))
    for section in ("roots", "sectors"):
        for name, entry in data[section].items():
            assert entry["about"].strip() and entry["used_by"], name


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "root_groups.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


@pytest.fixture
def shipped() -> dict:
    return json.loads(GROUPS_FILE.read_text("utf-8"))


def test_a_grouping_missing_from_the_file_is_a_load_error(tmp_path, shipped):
    del shipped["roots"]["military"]
    with pytest.raises(GroupingError, match="missing.*military"):
        load_root_groups(_write(tmp_path, shipped))


def test_a_grouping_the_code_does_not_know_is_a_load_error(tmp_path, shipped):
    shipped["roots"]["militray"] = shipped["roots"]["military"]
    with pytest.raises(GroupingError, match="unknown.*militray"):
        load_root_groups(_write(tmp_path, shipped))


@pytest.mark.parametrize("codes", [["18", "21"], ["18", 19], [], ["1"], ["18", "18"]])
def test_malformed_root_codes_are_a_load_error(tmp_path, shipped, codes):
    shipped["roots"]["military"]["codes"] = codes
    with pytest.raises(GroupingError):
        load_root_groups(_write(tmp_path, shipped))


def test_a_grouping_without_its_reason_is_a_load_error(tmp_path, shipped):
    shipped["sectors"]["civil"]["about"] = " "
    with pytest.raises(GroupingError, match="about"):
        load_root_groups(_write(tmp_path, shipped))


def test_a_malformed_sector_is_a_load_error(tmp_path, shipped):
    shipped["sectors"]["state"]["codes"] = ["GOV", "gov"]
    with pytest.raises(GroupingError, match="malformed"):
        load_root_groups(_write(tmp_path, shipped))


def test_a_file_that_is_not_json_is_a_load_error(tmp_path):
    path = tmp_path / "root_groups.json"
    path.write_text('{"roots": ', "utf-8")
    with pytest.raises(GroupingError, match="JSON"):
        load_root_groups(path)


def test_every_field_of_the_groupings_is_filled():
    groups = load_root_groups(GROUPS_FILE)
    for field in RootGroups.__dataclass_fields__:
        assert getattr(groups, field), field

"""The CAMEO root and sector groupings the rules test against (`dictionaries/root_groups.json`).

Each grouping is a named field here and a named, commented entry in the data file; loading checks
that the two agree exactly, so a grouping cannot be misspelt, dropped or added on one side only,
and a malformed entry is a load error instead of a silently empty set."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from pathlib import Path

_ROOT = re.compile(r"^(?:0[1-9]|1[0-9]|20)$")
_SECTOR = re.compile(r"^[A-Z]{3}$")


class GroupingError(ValueError):
    """root_groups.json does not match what the rules expect."""


@dataclass(frozen=True, slots=True)
class RootGroups:
    # CAMEO roots (the file's "roots")
    military: frozenset[str]
    place_target: frozenset[str]
    verbal_act_objects: frozenset[str]
    domestic_target: frozenset[str]
    domestic_public: frozenset[str]
    agentless_passive: frozenset[str]
    intransitive: frozenset[str]
    violent_acts: frozenset[str]
    second_predicates: frozenset[str]
    nested_in_accusation: frozenset[str]
    content_after_trigger: frozenset[str]
    object_with_bi: frozenset[str]
    addressed_not_located: frozenset[str]
    reactions: frozenset[str]
    coercion_at_home: frozenset[str]
    verbal_attack_readings: frozenset[str]
    arrests: frozenset[str]
    unnamed_doer: frozenset[str]
    present_plans: frozenset[str]
    purpose_masdar: frozenset[str]
    crowd_riot: frozenset[str]
    slogan_content: frozenset[str]
    # actor sectors (the file's "sectors")
    state_sectors: frozenset[str]
    public_sectors: frozenset[str]
    civil_sectors: frozenset[str]
    coordinated_object_sectors: frozenset[str]
    # mode word -> the roots it may qualify (the file's "mode_roots")
    mode_roots: dict[str, frozenset[str]]


_SECTOR_FIELDS = ("state_sectors", "public_sectors", "civil_sectors", "coordinated_object_sectors")


def _codes(path: Path, where: str, entry: object, pattern: re.Pattern[str]) -> frozenset[str]:
    if not isinstance(entry, dict) or not isinstance(entry.get("about"), str) or not entry["about"].strip():
        raise GroupingError(f"{path.name}: {where} needs an 'about' that says why it exists")
    codes = entry.get("codes")
    if not isinstance(codes, list) or not codes:
        raise GroupingError(f"{path.name}: {where}: 'codes' must be a non-empty list")
    bad = [c for c in codes if not isinstance(c, str) or not pattern.match(c)]
    if bad:
        raise GroupingError(f"{path.name}: {where}: malformed codes {bad}")
    if len(set(codes)) != len(codes):
        raise GroupingError(f"{path.name}: {where}: a code is listed twice")
    return frozenset(codes)


def _same_names(path: Path, section: str, found: object, expected: list[str]) -> dict:
    if not isinstance(found, dict):
        raise GroupingError(f"{path.name}: '{section}' must be an object")
    missing = sorted(set(expected) - set(found))
    unknown = sorted(set(found) - set(expected))
    if missing or unknown:
        raise GroupingError(f"{path.name}: '{section}': missing {missing}, unknown {unknown}")
    return found


def load_root_groups(path: Path) -> RootGroups:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise GroupingError(f"{path}: cannot be read as JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise GroupingError(f"{path.name}: not a JSON object")
    root_fields = [f.name for f in fields(RootGroups) if f.name not in _SECTOR_FIELDS and f.name != "mode_roots"]
    values: dict[str, object] = {}
    roots = _same_names(path, "roots", data.get("roots"), root_fields)
    for name in root_fields:
        values[name] = _codes(path, f"roots.{name}", roots[name], _ROOT)
    sector_names = [name.removesuffix("_sectors") for name in _SECTOR_FIELDS]
    sectors = _same_names(path, "sectors", data.get("sectors"), sector_names)
    for name in sector_names:
        values[f"{name}_sectors"] = _codes(path, f"sectors.{name}", sectors[name], _SECTOR)
    modes = data.get("mode_roots")
    if not isinstance(modes, dict) or not isinstance(modes.get("modes"), dict) or not modes["modes"]:
        raise GroupingError(f"{path.name}: 'mode_roots' needs a non-empty 'modes' object")
    values["mode_roots"] = {
        mode: _codes(path, f"mode_roots.{mode}", {"about": modes.get("about"), "codes": codes}, _ROOT)
        for mode, codes in modes["modes"].items()
    }
    return RootGroups(**values)  # type: ignore[arg-type]

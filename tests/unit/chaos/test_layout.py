"""The chaos suite is test tooling beside the product: the runtime package never imports it, and
every scenario a profile names is registered."""

from __future__ import annotations

import ast
from pathlib import Path

import streams
from chaos.profiles import PROFILES
from chaos.scenarios import SCENARIOS


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_runtime_package_never_imports_the_chaos_suite():
    package = Path(streams.__file__).parent
    offenders = {
        str(path.relative_to(package)): sorted(name for name in imported_modules(path) if name.split(".")[0] == "chaos")
        for path in package.rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_every_profile_scenario_is_registered():
    for profile in PROFILES.values():
        assert set(profile.scenarios) <= set(SCENARIOS), profile.name
    run = {name for profile in PROFILES.values() for name in profile.scenarios}
    assert run == set(SCENARIOS), "a registered scenario no profile runs"

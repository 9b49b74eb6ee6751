"""What the runtime reads ships inside the package, the checkout's `schemas/` and `samples/` are links
to it (one copy), and the image installs the built wheel. The wheel itself is built, installed and
run outside the tree by tests/integration/test_installed_wheel.py."""

from __future__ import annotations

import re
from pathlib import Path

import streams

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(streams.__file__).resolve().parent
# `Path(__file__)` followed by `.parent` steps or `parents[N]`: how many folders up it goes.
_UP = re.compile(r"__file__\)(?:\.resolve\(\))?((?:\.parent\b)+|\.parents\[(\d+)\])")


def test_no_module_finds_files_by_climbing_out_of_the_package():
    offenders = []
    for module in sorted(PACKAGE.rglob("*.py")):
        relative = module.relative_to(PACKAGE)
        for number, line in enumerate(module.read_text("utf-8").splitlines(), 1):
            for match in _UP.finditer(line):
                steps = int(match.group(2)) + 1 if match.group(2) else match.group(1).count(".parent")
                if steps > len(relative.parts):  # streams/x/y.py: two steps reach streams/, three leave it
                    offenders.append(f"streams/{relative.as_posix()}:{number}: {line.strip()}")
    assert not offenders, "read shipped files with streams.packaged (importlib.resources):\n" + "\n".join(offenders)


def test_schemas_and_samples_in_the_checkout_are_links_to_the_packaged_copies():
    for name in ("schemas", "samples"):
        link = ROOT / name
        assert link.is_symlink(), f"{name}/ must stay a link to streams/{name}/ (one copy, the one that ships)"
        assert link.resolve() == (PACKAGE / name).resolve()
    assert (ROOT / "schemas" / "article.schema.json").read_bytes() == (PACKAGE / "schemas" / "article.schema.json").read_bytes()


def test_dev_tooling_lives_outside_the_runtime_package():
    assert not (PACKAGE / "evaluate.py").exists()
    assert not list(PACKAGE.rglob("synthetic.py")) and not (PACKAGE / "ops" / "chaos.py").exists()
    assert (ROOT / "evaluation" / "evaluate.py").is_file()


def test_the_image_installs_the_built_wheel_on_a_pinned_base_with_a_readiness_healthcheck():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\w+))?", dockerfile, re.M)
    assert len(stages) >= 2, "a build stage and a runtime stage"
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)", dockerfile, re.M)
    images = [base.group(1) if base and image == "${PYTHON_IMAGE}" else image for image, _ in stages]
    for image in images:
        assert re.search(r":\d+\.\d+\.\d+-|@sha256:", image), f"base image not pinned: {image}"
    assert re.search(r"python -m build --wheel", dockerfile)
    install = [line for line in dockerfile.splitlines() if "pip install" in line and "build==" not in line]
    assert install and all(".whl" in line and " -e " not in line for line in install), install
    assert re.search(r"^COPY --from=build\b", dockerfile, re.M)
    assert re.search(r"^HEALTHCHECK\b.*\n?.*?/ready", dockerfile, re.M)


def test_the_engine_is_compiled_in_the_build_stage_only():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    build, runtime = dockerfile.split("\nFROM ${PYTHON_IMAGE} AS runtime")
    assert "cargo-web" in build and "COPY engine ./engine" in build
    assert "cargo" not in runtime and "rustc" not in runtime  # the slim image ships the wheel only
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert "engine/target/" in ignored and "streams/_engine*.so" in ignored  # no stale build in the context


def test_the_rust_toolchain_comes_from_the_project_scripts():
    prereqs = (ROOT / "scripts" / "stack-prereqs.sh").read_text()
    assert "rustc-web cargo-web" in prereqs
    makefile = (ROOT / "Makefile").read_text()
    assert "stack-prereqs.sh rust" in makefile
    lock = (ROOT / "engine" / "Cargo.lock").read_text()
    assert 'name = "pyo3"' in lock and 'name = "aho-corasick"' in lock
    assert all(line.startswith('source = "registry+') for line in lock.splitlines() if line.startswith("source"))
    assert "git+" not in lock  # crates from crates.io only


def test_the_compiled_engine_is_the_one_in_the_package():
    from streams import _engine

    assert Path(_engine.__file__).resolve().parent == PACKAGE

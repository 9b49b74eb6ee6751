"""The built package works outside the source tree: the wheel is built (sdist, then the wheel from
it), installed with the pinned constraints into a fresh virtual environment, and run from an
unrelated folder with nothing of the checkout on its path.

Needs no Kafka or Elasticsearch, only PyPI or pip's cache (the second run installs from the cache).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from streams.extract import CODER_VERSION, DICTIONARY_VERSION, load_pipeline
from streams.app.handlers import article_from_dict

REPO = Path(__file__).resolve().parents[2]
SEED = json.loads((REPO / "tests" / "fixtures" / "seed_article.json").read_text("utf-8"))


def _run(command: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 900,
         stdin: bytes | None = None) -> str:
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, timeout=timeout,
                            check=False, input=stdin if stdin is not None else b"")
    stdout, stderr = result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")
    assert result.returncode == 0, f"{' '.join(map(str, command))}\n{stdout[-3000:]}\n{stderr[-3000:]}"
    return stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """(bin folder of the fresh venv, an unrelated working folder, the environment to run in)."""
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    _run([sys.executable, "-m", "build", "--outdir", dist, REPO], cwd=work)
    wheels = list(dist.glob("eventwire-*.whl"))
    assert len(wheels) == 1, wheels
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=work)
    _run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "-c", REPO / "constraints.txt", wheels[0]], cwd=work)
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    # No PYTHONPATH, no EVENTWIRE_* settings, no virtualenv of the checkout: only the fresh venv.
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": os.environ.get("HOME", str(work)), "LANG": "C.UTF-8"}
    return venv / "bin", elsewhere, env


def test_the_installed_package_is_imported_from_the_venv_not_the_checkout(installed):
    bin_dir, elsewhere, env = installed
    location = _run([bin_dir / "python", "-c", "import streams; print(streams.__file__)"], cwd=elsewhere, env=env)
    assert Path(location.strip()).is_relative_to(bin_dir.parent), location
    assert not Path(location.strip()).resolve().is_relative_to(REPO)


def test_version_prints_package_coder_and_dictionary_versions(installed):
    bin_dir, elsewhere, env = installed
    out = _run([bin_dir / "eventwire", "--version"], cwd=elsewhere, env=env)
    assert out.strip() == f"eventwire 0.1.0 (coder {CODER_VERSION}, dictionaries {DICTIONARY_VERSION})"


def test_extract_codes_the_seed_story_as_the_source_tree_does(installed):
    bin_dir, elsewhere, env = installed
    (elsewhere / "seed.jsonl").write_text(json.dumps(SEED, ensure_ascii=False) + "\n", encoding="utf-8")
    out = _run([bin_dir / "eventwire", "extract", "seed.jsonl"], cwd=elsewhere, env=env)
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert len(lines) == 1
    expected = load_pipeline().run(article_from_dict(SEED)).to_record()  # decoded as the worker decodes
    assert len(expected["events"]) >= 5
    assert lines[0] == expected
    assert any(e["event"]["plover"] == "CONSULT" and "TURGOV" in {a["code"] for a in e["source_actor"] + e["target_actor"]}
               for e in lines[0]["events"])


def test_extract_reads_a_text_file_and_stdin_as_publish_does(installed):
    from streams.ingest.readers import iter_articles

    bin_dir, elsewhere, env = installed
    seed_text = REPO / "tests" / "fixtures" / "seed_article.txt"
    (elsewhere / "seed.txt").write_bytes(seed_text.read_bytes())
    expected_id = next(iter_articles([seed_text])).article["id"]
    out = _run([bin_dir / "eventwire", "extract", "seed.txt", "-"], cwd=elsewhere, env=env, stdin=seed_text.read_bytes())
    records = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert [r["article"]["id"] for r in records] == [expected_id, expected_id]
    assert records[0]["events"] and records[0] == records[1]  # one run: the same ingest time for both


def test_every_shipped_resource_is_readable_from_the_installed_package(installed):
    bin_dir, elsewhere, env = installed
    check = """
from importlib.resources import as_file
from streams.app.handlers import article_validator
from streams.ingest.readers import ArticleRecord, iter_articles
from streams.packaged import packaged
from streams.sink.admin import render_mappings
from streams.sink.kibana import load_saved_objects, saved_object_files
from streams.stack import elastic, kafka

article_validator()
assert render_mappings("events")["properties"] and render_mappings("articles")["properties"]
assert len(load_saved_objects(saved_object_files())) > 10
with as_file(packaged("samples")) as samples:
    assert sum(isinstance(i, ArticleRecord) for i in iter_articles([samples])) >= 2
assert kafka.POM.is_file() and elastic.PINNED_CHECKSUMS.is_file()
assert packaged("schemas", "event.schema.json").is_file()
print("ok")
"""
    assert _run([bin_dir / "python", "-c", check], cwd=elsewhere, env=env).strip() == "ok"


def test_dev_tooling_is_not_in_the_installed_package(installed):
    bin_dir, elsewhere, env = installed
    listing = _run([bin_dir / "python", "-c",
                    "import importlib.metadata as m; print('\\n'.join(str(f) for f in m.files('eventwire')))"],
                   cwd=elsewhere, env=env).split()
    assert not [f for f in listing if "evaluat" in f or "synthetic" in f or f.startswith(("tests/", "bench/"))]
    help_text = _run([bin_dir / "eventwire", "--help"], cwd=elsewhere, env=env)
    assert " eval " not in help_text

"""Finding the `eventwire` commands that docker-compose.yml and the README run, as the container or the
shell would run them, and loading the compose file with the Compose Specification's own loader."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from streams import cli
from streams.config import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
ENV_FILE = ROOT / "deploy" / "env.example"
HELPER = ROOT / "scripts" / "compose-config"
SHELL_ENTRYPOINTS = (["/bin/sh", "-c"], ["sh", "-c"], ["/bin/bash", "-c"], ["bash", "-c"])
# Set per deployment: where the services are, who we are and where the worker listens (a container's
# /ready and /metrics must be reachable from its network); every other value must be the default.
DEPLOYMENT_FIELDS = {"kafka_bootstrap", "es_url", "es_username", "es_password", "kibana_url", "worker_web_bind"}
_SEPARATORS = {"&&", "||", ";", "|", "&"}


def dockerfile_entrypoint(path: Path) -> list[str]:
    """The exec-form ENTRYPOINT of a Dockerfile (the last one wins, as in docker)."""
    found = re.findall(r"^ENTRYPOINT\s+(\[.*\])\s*$", path.read_text(), re.M)
    assert found, f"{path} has no exec-form ENTRYPOINT"
    return json.loads(found[-1])


def _built_from_our_dockerfile(service: dict) -> bool:
    build = service.get("build")
    return isinstance(build, dict) and build.get("dockerfile") == "deploy/Dockerfile"


def shell_commands(text: str) -> list[list[str]]:
    """The simple commands of a shell line (split at &&, ||, ;, | and &), comments dropped."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    commands, current = [], []
    for token in lexer:
        if token in _SEPARATORS:
            commands.append(current)
            current = []
        else:
            current.append(token)
    commands.append(current)
    return [c for c in commands if c]


def _eventwire_argv(commands: list[list[str]]) -> list[list[str]]:
    return [c[1:] for c in commands if c and Path(c[0]).name == "eventwire"]


def container_argv(entrypoint: list[str] | None, command: list[str] | str | None, image_entrypoint: list[str]) -> list[list[str]] | None:
    """The eventwire argument lists a container runs; None when a shell entrypoint gets more than one
    string (`sh -c` would run only the first and drop the rest)."""
    entry = entrypoint if entrypoint is not None else image_entrypoint
    args = shlex.split(command) if isinstance(command, str) else list(command or [])
    if entry in SHELL_ENTRYPOINTS:
        if len(args) != 1:
            return None
        return _eventwire_argv(shell_commands(args[0]))
    return _eventwire_argv([[*entry, *args]])


IMAGE_ENTRYPOINT = dockerfile_entrypoint(ROOT / "deploy" / "Dockerfile")


def compose_commands() -> list[list[str]]:
    found = []
    for name, service in COMPOSE["services"].items():
        if not _built_from_our_dockerfile(service):
            continue
        argvs = container_argv(service.get("entrypoint"), service.get("command"), IMAGE_ENTRYPOINT)
        found.extend(argvs if argvs is not None else [[f"(service {name}: sh -c takes one string)"]])
    return found


def resolve_run(args: list[str]) -> list[list[str]] | None:
    """`docker compose run [OPTIONS] SERVICE [COMMAND...]` -> the eventwire argv it runs (None: it would not)."""
    assert args and args[0] == "run", args
    rest = args[1:]
    entrypoint = None
    with_value = {"-e", "--env", "-v", "--volume", "-w", "--workdir", "-u", "--user", "--name", "-p", "--publish", "-l", "--label"}
    while rest and rest[0].startswith("-"):
        option = rest.pop(0)
        if option == "--entrypoint":
            entrypoint = shlex.split(rest.pop(0))
        elif option in with_value:
            rest.pop(0)
    service = COMPOSE["services"][rest[0]]
    if not _built_from_our_dockerfile(service):
        return []
    command = rest[1:] or service.get("command")
    return container_argv(entrypoint if entrypoint is not None else service.get("entrypoint"), command, IMAGE_ENTRYPOINT)


def readme_commands(path: Path = ROOT / "README.md") -> list[list[str]]:
    """Every eventwire command of the README's ```bash blocks, the docker compose ones resolved."""
    found = []
    for block in re.findall(r"^```bash\n(.*?)^```", path.read_text(), re.M | re.S):
        for line in block.replace("\\\n", " ").splitlines():  # a trailing backslash continues the line
            for command in shell_commands(line):
                if command[:3] == ["docker", "compose", "run"]:
                    argvs = resolve_run(command[2:])
                    found.extend(argvs if argvs is not None else [[f"(sh -c takes one string: {line.strip()})"]])
                elif Path(command[0]).name == "eventwire":
                    found.append(command[1:])
    return found


def assert_command_parses(argv: list[str]) -> None:
    """The command exists and takes these options: `--help` after them exits 0 (an unknown option, a
    missing command or a wrong choice exits 2 first)."""
    result = CliRunner().invoke(cli.app, [*argv, "--help"], env={"EVENTWIRE_STATE_DIR": os.devnull})
    assert result.exit_code == 0, f"eventwire {' '.join(argv)} --help: {result.output}"


def _go() -> str | None:
    return shutil.which("go") or next((p for p in ("/usr/local/go/bin/go",) if os.access(p, os.X_OK)), None)


def _helper_binary() -> Path | None:
    """scripts/compose-config built with Go (modules from the Go module proxy), cached by its sources."""
    go = _go()
    if go is None:
        return None
    digest = hashlib.sha256(b"".join((HELPER / n).read_bytes() for n in ("go.mod", "go.sum", "main.go"))).hexdigest()[:16]
    binary = Settings().cache_path / "tools" / f"compose-config-{digest}"
    if not binary.exists():
        binary.parent.mkdir(parents=True, exist_ok=True)
        built = subprocess.run([go, "build", "-o", str(binary), "."], cwd=HELPER, capture_output=True, text=True,
                               env={**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=readonly"}, timeout=600)
        assert built.returncode == 0, f"building scripts/compose-config failed: {built.stderr}"
    return binary


@cache
def compose_config() -> dict:
    """The resolved project: `docker compose config --format json` where the plugin is installed,
    else the same loader (compose-go) through scripts/compose-config."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        argv = [docker, "compose", "-f", str(ROOT / "docker-compose.yml"), "--env-file", str(ENV_FILE), "--profile", "*", "config", "--format", "json"]
    else:
        binary = _helper_binary()
        if binary is None:
            message = "neither the docker compose plugin nor a Go toolchain (for scripts/compose-config) is installed"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        argv = [str(binary), str(ROOT / "docker-compose.yml"), str(ENV_FILE)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300, env={"PATH": os.environ.get("PATH", "")})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)

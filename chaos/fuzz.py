"""The decoder fuzz test (tests/property/test_decoder_fuzz.py) at the suite's size, in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

from rich.console import Console

from chaos.harness import REPO


def run_fuzz(examples: int, console: Console) -> dict[str, Any]:
    """The decoder fuzz test with `examples` inputs per property; returns the counts it printed."""
    command = [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
               str(REPO / "tests" / "property" / "test_decoder_fuzz.py")]
    env = {**os.environ, "FUZZ_MAX_EXAMPLES": str(examples)}
    began = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, check=False)
    tried = {}
    for line in result.stdout.splitlines():
        if line.startswith("fuzz:"):
            _, name, count = line.split()
            tried[name] = int(count)
    if result.returncode != 0:
        console.print(result.stdout[-3000:])
    return {"passed": result.returncode == 0, "inputs_tried": tried, "total": sum(tried.values()),
            "seconds": round(time.monotonic() - began, 1)}

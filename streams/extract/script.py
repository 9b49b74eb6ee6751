"""The script tables (dictionaries/script.json) in the compiled engine, built once per process.

`SCRIPT` normalizes text to the matching form and splits sentences; a `Lexicon` built on it
(resources.py) scans the dictionaries. Both are `streams._engine` objects (engine/, Rust).
"""

from __future__ import annotations

import json
from typing import Any

from streams import _engine
from streams.packaged import packaged


def load_script_tables() -> dict[str, Any]:
    return json.loads(packaged("dictionaries", "script.json").read_text("utf-8"))


SCRIPT = _engine.Script(load_script_tables())

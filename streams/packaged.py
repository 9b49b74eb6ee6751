"""The files the package ships beside its code: JSON Schemas and index templates (`schemas/`), Kibana
saved objects (`kibana/`), dictionaries, demo samples and the local stack's pins.

Read through importlib.resources, so they are found wherever the package is installed (a wheel in
site-packages, a Docker image, an editable checkout), never by paths that climb out of the package.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def packaged(*parts: str) -> Traversable:
    """A shipped file or folder, e.g. `packaged("schemas", "article.schema.json")`."""
    return files("streams").joinpath(*parts)

"""The user's own dictionaries: a directory whose files overlay the shipped ones of the same name.

An analyst adds a new minister or a local militia to `actors.jsonl`, a trigger to `events_en.jsonl`,
a town to `gazetteer.tsv`: a file of that name in their directory, in the same format. The overlay
works on files, not on what is in them, so it holds whatever the formats become:

- line files (`.jsonl`, `.tsv`): the user's lines come after the shipped ones; the loader's own rules
  then apply (an actor with an id already shipped replaces it, its aliases merged). A first line
  `# eventwire: replace` puts the user's file in place of the shipped one instead.
- JSON files (`.json`): merged into the shipped object key by key; lists are extended (repeats
  dropped), other values replaced.
- `manifest.json` and the documentation are not overlaid; an unknown file name is an error.

The result is a directory (`LayeredDirectory`, an importlib Traversable) that `build_resources` reads
exactly as it reads the shipped one: validation is the loader's own parsing, and its errors name the
user's file and line. Its manifest's version becomes `<shipped>+user.<hash>`, the hash over the
overlay's files, so every event coded with it says so (`dictionary_version`).
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from functools import cached_property
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from streams.extract.resources import DICTIONARY_DIR, DictionaryError, read_dictionary_version

LINE_SUFFIXES = (".jsonl", ".tsv")
JSON_SUFFIX = ".json"
NOT_OVERLAID = frozenset({"manifest.json"})
REPLACE_MARK = "# eventwire: replace"


def shipped_names(shipped: Traversable = DICTIONARY_DIR) -> list[str]:
    return sorted(
        entry.name for entry in shipped.iterdir()
        if entry.is_file() and entry.name.endswith((*LINE_SUFFIXES, JSON_SUFFIX)) and entry.name not in NOT_OVERLAID
    )


def user_files(directory: Path, shipped: Traversable = DICTIONARY_DIR) -> dict[str, Path]:
    """The overlay's dictionary files by name; a file the shipped dictionaries do not have is an error
    (a misspelt name would otherwise change nothing, silently)."""
    if not directory.is_dir():
        raise DictionaryError(str(directory), None, "not a directory", check="--dictionaries DIR or EVENTWIRE_DICTIONARY_DIR")
    known = set(shipped_names(shipped))
    found: dict[str, Path] = {}
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or not path.is_file() or path.suffix.lower() in (".md", ".txt"):
            continue
        if path.name not in known:
            raise DictionaryError(str(path), None, f"not a dictionary file name; these can be overlaid: {', '.join(sorted(known))}",
                                  check="name each file as the shipped file it adds to (streams/dictionaries/)")
        found[path.name] = path
    return found


def overlay_hash(files: dict[str, Path]) -> str:
    """12 hex digits over the overlay's file names and bytes: the same files, the same version."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _merge_json(shipped: Any, user: Any) -> Any:
    if isinstance(shipped, dict) and isinstance(user, dict):
        merged = dict(shipped)
        for key, value in user.items():
            merged[key] = _merge_json(shipped[key], value) if key in shipped else value
        return merged
    if isinstance(shipped, list) and isinstance(user, list):
        return shipped + [item for item in user if item not in shipped]
    return user


class LayeredFile(Traversable):
    """One shipped dictionary file with the user's file of the same name laid over it."""

    def __init__(self, shipped: Traversable, user: Path) -> None:
        self.shipped, self.user = shipped, user

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.shipped.name

    @cached_property
    def _layout(self) -> tuple[str, int]:
        """(merged text, number of shipped lines before the user's first line)."""
        try:
            mine = self.user.read_text("utf-8")
        except UnicodeDecodeError as exc:
            raise DictionaryError(str(self.user), None, f"not UTF-8 ({exc})") from None
        if self.name.endswith(JSON_SUFFIX):
            try:
                user = json.loads(mine)
            except json.JSONDecodeError as exc:
                raise DictionaryError(str(self.user), exc.lineno, f"not JSON ({exc.msg})") from None
            shipped = json.loads(self.shipped.read_text("utf-8"))
            return json.dumps(_merge_json(shipped, user), ensure_ascii=False, indent=1) + "\n", 0
        if mine.lstrip().startswith(REPLACE_MARK):
            return mine, 0
        base = self.shipped.read_text("utf-8") if self.shipped.is_file() else ""
        if base and not base.endswith("\n"):
            base += "\n"
        return base + mine, base.count("\n")

    def user_line(self, line: int) -> int | None:
        """The user's line for a line of the merged file (None: a shipped line, or a merged JSON)."""
        if self.name.endswith(JSON_SUFFIX):
            return None
        offset = self._layout[1]
        return line - offset if line > offset else None

    def read_text(self, encoding: str | None = "utf-8") -> str:  # type: ignore[override]
        return self._layout[0]

    def read_bytes(self) -> bytes:
        return self._layout[0].encode("utf-8")

    def open(self, mode: str = "r", *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return io.BytesIO(self.read_bytes()) if "b" in mode else io.StringIO(self.read_text())

    def is_file(self) -> bool:
        return True

    def is_dir(self) -> bool:
        return False

    def iterdir(self) -> Iterator[Traversable]:
        raise NotADirectoryError(self.name)

    def joinpath(self, *descendants: str) -> Traversable:
        raise NotADirectoryError(self.name)

    __truediv__ = joinpath  # type: ignore[assignment]


class _Manifest(LayeredFile):
    def __init__(self, shipped: Traversable, version: str, overlay: Path) -> None:
        self.shipped, self.user = shipped, overlay
        manifest = json.loads(shipped.read_text("utf-8"))
        manifest.update(version=version, overlay=str(overlay))
        self._text = json.dumps(manifest, ensure_ascii=False) + "\n"

    @property
    def _layout(self) -> tuple[str, int]:  # type: ignore[override]
        return self._text, 0


class LayeredDirectory(Traversable):
    """The shipped dictionaries with a user's directory laid over them (see the module docstring)."""

    def __init__(self, user: Path, shipped: Traversable = DICTIONARY_DIR) -> None:
        self.user_dir = Path(user)
        self.shipped = shipped
        self.files = user_files(self.user_dir, shipped)
        self.hash = overlay_hash(self.files)
        self.version = f"{read_dictionary_version(shipped)}+user.{self.hash}"
        self._layers = {name: LayeredFile(shipped / name, path) for name, path in self.files.items()}

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.shipped.name

    def joinpath(self, *descendants: str) -> Traversable:
        if len(descendants) == 1 and "/" not in descendants[0]:
            name = descendants[0]
            if name == "manifest.json":
                return _Manifest(self.shipped / name, self.version, self.user_dir)
            if name in self._layers:
                return self._layers[name]
        return self.shipped.joinpath(*descendants)

    __truediv__ = joinpath  # type: ignore[assignment]

    def iterdir(self) -> Iterator[Traversable]:
        for entry in self.shipped.iterdir():
            yield self.joinpath(entry.name)

    def is_dir(self) -> bool:
        return True

    def is_file(self) -> bool:
        return False

    def open(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        raise IsADirectoryError(self.name)

    def read_bytes(self) -> bytes:
        raise IsADirectoryError(self.name)

    def read_text(self, encoding: str | None = None) -> str:  # type: ignore[override]
        raise IsADirectoryError(self.name)

    def unread(self) -> list[Path]:
        """The user's files that loading never read."""
        return [layer.user for layer in self._layers.values() if "_layout" not in layer.__dict__]

    def in_user_terms(self, error: DictionaryError) -> DictionaryError:
        """The loader's error about a merged file, pointed at the user's file and line where it is theirs."""
        layer = self._layers.get(Path(error.file).name)
        if layer is None or error.line is None:
            return error
        line = layer.user_line(error.line)
        return error if line is None else DictionaryError(str(layer.user), line, error.reason)


def dictionary_directory(user: Path | str | None) -> Traversable:
    """What the loader reads: the shipped dictionaries, or those with `user` laid over them."""
    return DICTIONARY_DIR if user is None else LayeredDirectory(Path(user).expanduser())


def load_resources(user: Path | str | None = None) -> Any:
    """`build_resources` over the shipped dictionaries or, with `user`, the overlay; a loader error
    about the user's lines names their file and line."""
    from streams.extract.resources import build_resources

    directory = dictionary_directory(user)
    try:
        resources = build_resources(directory)
    except DictionaryError as exc:
        if isinstance(directory, LayeredDirectory):
            raise directory.in_user_terms(exc) from None
        raise
    if isinstance(directory, LayeredDirectory):
        unread = directory.unread()
        if unread:  # a shipped name the extractor never reads (the source of a generated file): it would change nothing
            raise DictionaryError(str(unread[0]), None, "the extractor does not read this file, so it would change nothing",
                                  check="lay your lines over the file the extractor reads (streams/dictionaries/README.md)")
    return resources


def check(user: Path | str) -> dict[str, Any]:
    """`eventwire dictionary check DIR`: load as the worker would, report what was loaded (or raise)."""
    resources = load_resources(user)
    directory = Path(user).expanduser()
    return {"directory": str(directory), "files": sorted(user_files(directory)), "version": resources.dictionary_version,
            **resources.stats}

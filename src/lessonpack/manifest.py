"""Remember what each output was made from, so an unchanged document is not made again.

The manifest lives in the output folder. For every output file it keeps the
hashes of the files it was made from (lesson, course, essays, templates, images),
the build settings, the lessonpack version and the output's own hash; a document
is made again when any of them changed, or when its file was deleted or edited.

The output folder may be shared, so the manifest is data anyone could have
written: it is read with a size limit, entries of the wrong shape are dropped,
and an input it names is hashed only when it is a regular file inside the
course (or the default templates). Anything else, `/dev/zero`, a FIFO, a file
elsewhere, simply counts as changed, so the document is made again.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import LessonpackError
from .files import write_atomic
from .inputs import open_input, read_input

MANIFEST_NAME = ".lessonpack-manifest.json"


UNREADABLE = "unreadable"
"""Recorded for an input that could not be hashed; never equal to a file_hash, so never unchanged."""
MAX_MANIFEST_BYTES = 50 * 1024 * 1024
MAX_HASHED_BYTES = 1024 * 1024 * 1024
"""Larger inputs or outputs are never taken as unchanged: they are made again."""


def file_hash(path: Path, within: tuple[Path, ...]) -> str | None:
    """SHA-256 of a regular file inside one of the `within` folders, or "missing" when there is no file.

    None for what must not or cannot be read (outside, a FIFO, a device, too large): never unchanged."""
    folder = next((f for f in within if _inside(path, f)), None)
    if folder is None:
        return None
    if not os.path.lexists(path):
        return "missing"
    try:
        with open_input(path, within=folder, limit=MAX_HASHED_BYTES) as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except (LessonpackError, OSError):
        return None


def _inside(path: Path, folder: Path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):
        return False


def bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    """What every output in one folder was made from."""

    folder: Path
    sources: tuple[Path, ...] = ()
    """The folders inputs may come from (the course, the default templates); others are never read."""
    entries: dict[str, dict] = field(default_factory=dict)
    _checked: dict[str, str | None] = field(default_factory=dict, repr=False)
    """Inputs hashed by is_fresh, each once per build: every document of a lesson names the same
    course file, essay and templates (a no-op rebuild of a course hashed each about fifteen times)."""

    @classmethod
    def load(cls, folder: Path, sources: tuple[Path, ...] = ()) -> Manifest:
        """The folder's manifest; an unreadable, malformed or old one counts as empty (everything is made)."""
        try:
            raw = read_input(folder / MANIFEST_NAME, within=folder, limit=MAX_MANIFEST_BYTES)
            data = json.loads(raw.decode("utf-8"))
        except (LessonpackError, ValueError, RecursionError):
            return cls(folder, sources)
        if not isinstance(data, dict) or data.get("lessonpack") != __version__ \
                or not isinstance(data.get("outputs"), dict):
            return cls(folder, sources)
        return cls(folder, sources, {k: v for k, v in data["outputs"].items() if _well_formed(k, v)})

    def _key(self, path: Path) -> str:
        return path.resolve().relative_to(self.folder.resolve()).as_posix() \
            if path.resolve().is_relative_to(self.folder.resolve()) else str(path.resolve())

    def is_fresh(self, outputs: list[Path], settings: str) -> bool:
        """True when every output exists unchanged and was made from today's inputs."""
        for path in outputs:
            entry = self.entries.get(self._key(path))
            if not entry or entry.get("settings") != settings:
                return False
            if file_hash(path, (self.folder,)) != entry["output"]:
                return False
            if not all(self._input_hash(p) == h for p, h in entry["inputs"].items()):
                return False
        return True

    def _input_hash(self, path: str) -> str | None:
        if path not in self._checked:
            self._checked[path] = file_hash(Path(path), self.sources)
        return self._checked[path]

    def record(self, path: Path, settings: str, inputs: list[Path], output_hash: str) -> None:
        self.entries[self._key(path)] = {
            "settings": settings,
            "inputs": {str(p.resolve()): file_hash(p, self.sources) or UNREADABLE for p in sorted(set(inputs))},
            "output": output_hash,
        }

    def save(self) -> None:
        data = {"lessonpack": __version__, "outputs": dict(sorted(self.entries.items()))}
        write_atomic(self.folder / MANIFEST_NAME, (json.dumps(data, indent=1) + "\n").encode("utf-8"))


def _well_formed(key, entry) -> bool:
    """An entry as record() writes it; any other shape is dropped (its document is made again)."""
    return (isinstance(key, str) and isinstance(entry, dict) and isinstance(entry.get("settings"), str)
            and isinstance(entry.get("output"), str) and isinstance(entry.get("inputs"), dict)
            and all(isinstance(p, str) and isinstance(h, str) and "\x00" not in p
                    for p, h in entry["inputs"].items()))

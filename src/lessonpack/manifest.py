"""Remember what each output was made from, so an unchanged document is not made again.

The manifest lives in the output folder. For every output file it keeps the
hashes of the files it was made from (lesson, course, essays, templates, images),
the build settings, the lessonpack version and the output's own hash; a document
is made again when any of them changed, or when its file was deleted or edited.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .files import write_atomic

MANIFEST_NAME = ".lessonpack-manifest.json"


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, or "missing" when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    """What every output in one folder was made from."""

    folder: Path
    entries: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The folder's manifest; an unreadable or old one counts as empty (everything is made)."""
        try:
            data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(folder)
        if not isinstance(data, dict) or data.get("lessonpack") != __version__:
            return cls(folder)
        return cls(folder, dict(data.get("outputs", {})))

    def _key(self, path: Path) -> str:
        return path.resolve().relative_to(self.folder.resolve()).as_posix() \
            if path.resolve().is_relative_to(self.folder.resolve()) else str(path.resolve())

    def is_fresh(self, outputs: list[Path], settings: str) -> bool:
        """True when every output exists unchanged and was made from today's inputs."""
        for path in outputs:
            entry = self.entries.get(self._key(path))
            if not entry or entry.get("settings") != settings:
                return False
            if file_hash(path) != entry.get("output"):
                return False
            if any(file_hash(Path(p)) != h for p, h in entry.get("inputs", {}).items()):
                return False
        return True

    def record(self, path: Path, settings: str, inputs: list[Path], output_hash: str) -> None:
        self.entries[self._key(path)] = {
            "settings": settings,
            "inputs": {str(p.resolve()): file_hash(p) for p in sorted(set(inputs))},
            "output": output_hash,
        }

    def save(self) -> None:
        data = {"lessonpack": __version__, "outputs": dict(sorted(self.entries.items()))}
        write_atomic(self.folder / MANIFEST_NAME, (json.dumps(data, indent=1) + "\n").encode("utf-8"))

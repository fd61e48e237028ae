"""One YAML file read into plain data, with where each value was typed: kept apart from the parser
(`yamlload.py`, `yamltree.py`) so that a course read back from the cache (`yaml_kept.py`) never imports
PyYAML."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from .errors import LessonpackError, Location


@dataclass(frozen=True)
class YamlDocument:
    """Plain data from one YAML file, plus where every value came from, for located errors."""

    data: Any
    file: Path
    positions: Mapping[tuple, tuple[int, int]]
    warnings: tuple[LessonpackError, ...] = ()
    key_positions: Mapping[tuple, tuple[int, int]] = field(default_factory=dict, repr=False)

    def location(self, path: Sequence[str | int]) -> Location:
        """Where the value at `path` was typed, or its nearest known parent."""
        path = tuple(path)
        while path not in self.positions:
            if not path:
                return Location(self.file)
            path = path[:-1]
        return Location(self.file, *self.positions[path])

    def key_location(self, path: Sequence[str | int]) -> Location:
        """Where the key itself was typed, for "unknown key" errors."""
        pos = self.key_positions.get(tuple(path))
        return Location(self.file, *pos) if pos else self.location(path)

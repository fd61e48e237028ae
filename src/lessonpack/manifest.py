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

It also remembers each whole build that ended with every document made or up to
date: what was asked (formats, paper, lessons), the files it planned and the
warnings the course gave. The same build asked again, with every one of those
files still fresh, has nothing to do, and says so without loading the course
(a no-op rebuild then costs hashing, not importing the schema and the templates).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import LessonpackError, well_formed_record
from .files import write_atomic
from .inputs import file_hash, read_input

MANIFEST_NAME = ".lessonpack-manifest.json"


UNREADABLE = "unreadable"
"""Recorded for an input that could not be hashed; never equal to a file_hash, so never unchanged."""
MAX_MANIFEST_BYTES = 50 * 1024 * 1024
def bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    """What every output in one folder was made from."""

    folder: Path
    sources: tuple[Path, ...] = ()
    """The folders inputs may come from (the course, the default templates); others are never read."""
    entries: dict[str, dict] = field(default_factory=dict)
    builds: dict[str, dict] = field(default_factory=dict)
    """Whole builds that ended cleanly, by what was asked (see `remember_build`)."""
    _checked: dict[str, str | None] = field(default_factory=dict, repr=False)
    """Inputs hashed by is_fresh and record, each once per build: every document of a lesson names the
    same course file, essay and templates (a no-op rebuild of a course hashed each about fifteen times).
    A file changed while the build runs keeps its first hash, so the next build makes its documents again."""

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
        builds = data.get("builds") if isinstance(data.get("builds"), dict) else {}
        return cls(folder, sources, {k: v for k, v in data["outputs"].items() if _well_formed(k, v)},
                   {k: v for k, v in builds.items() if _well_formed_build(k, v)})

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
            "inputs": {str(p.resolve()): self._input_hash(str(p.resolve())) or UNREADABLE for p in sorted(set(inputs))},
            "output": output_hash,
        }

    def remember_build(self, asked: str, lessons: list[Path], inputs: list[Path], outputs: list[Path],
                       warnings: list[LessonpackError]) -> None:
        """A build that made or found fresh every planned output: what was asked (`asked`, from the
        options), of which lesson files, the files loading the course read, its outputs and the
        warnings its course gave."""
        self.builds[asked] = {
            "lessons": sorted(str(p) for p in lessons),
            "inputs": {str(p.resolve()): self._input_hash(str(p.resolve())) or UNREADABLE for p in sorted(set(inputs))},
            "outputs": [self._key(p) for p in outputs],
            "warnings": [w.record() for w in warnings],
        }

    def forget_build(self, asked: str) -> None:
        self.builds.pop(asked, None)

    def nothing_to_do(self, asked: str, lessons: list[Path], settings: str) -> \
            tuple[list[Path], list[LessonpackError]] | None:
        """The outputs and warnings of the same build remembered, when the files loading the course read
        are unchanged (they decide the plan and the warnings) and every output is still fresh: made from
        today's files with today's `settings` (all but the document kind). None when anything may need
        making."""
        build = self.builds.get(asked)
        if build is None or build["lessons"] != sorted(str(p) for p in lessons) or not build["outputs"] \
                or not all(self._input_hash(p) == h for p, h in build["inputs"].items()):
            return None
        outputs = [self.folder / key for key in build["outputs"]]
        for key, path in zip(build["outputs"], outputs):
            entry = self.entries.get(key)
            if not entry or entry["settings"].partition("|")[2] != settings \
                    or not self.is_fresh([path], entry["settings"]):
                return None
        return outputs, [LessonpackError.from_record(w) for w in build["warnings"]]

    def save(self) -> None:
        data = {"lessonpack": __version__, "outputs": dict(sorted(self.entries.items())),
                "builds": dict(sorted(self.builds.items()))}
        write_atomic(self.folder / MANIFEST_NAME, (json.dumps(data, indent=1) + "\n").encode("utf-8"))


def _well_formed(key, entry) -> bool:
    """An entry as record() writes it; any other shape is dropped (its document is made again)."""
    return (isinstance(key, str) and isinstance(entry, dict) and isinstance(entry.get("settings"), str)
            and isinstance(entry.get("output"), str) and isinstance(entry.get("inputs"), dict)
            and all(isinstance(p, str) and isinstance(h, str) and "\x00" not in p
                    for p, h in entry["inputs"].items()))


def _well_formed_build(key, build) -> bool:
    """A build as remember_build writes it; any other shape is dropped (the course is loaded)."""
    if not (isinstance(key, str) and isinstance(build, dict) and isinstance(build.get("lessons"), list)
            and isinstance(build.get("outputs"), list) and isinstance(build.get("warnings"), list)
            and isinstance(build.get("inputs"), dict)
            and all(isinstance(h, str) for h in build["inputs"].values())):
        return False
    names = [*build["lessons"], *build["inputs"], *build["outputs"]]
    return (all(isinstance(n, str) and "\x00" not in n for n in names)
            and all(not Path(n).is_absolute() and ".." not in Path(n).parts for n in build["outputs"])
            and all(well_formed_record(w) for w in build["warnings"]))

"""A clean `lessonpack validate` remembered, so checking an unchanged course again costs hashing its
files, not importing the schema, loading the lessons and rendering every document.

An entry is kept only for a check that found no errors, under a key made from the course folder, the
lessons asked for and what decides the verdict besides the course: lessonpack's own code and the
libraries that read and render lessons, so a changed or upgraded lessonpack never answers from an old
entry. The entry holds every file the check read (course.yaml, the lessons and what they name) and
every file under the course's lessons/ and templates/ folders and the default templates, each with its
hash: any of them changed, removed or added (a new lesson, a new template) and the course is checked
again. Entries live in the cache folder (`fonts/cache.py`) with its checks: a torn or corrupt entry,
or one in a folder others could write, is passed over and the course checked as before.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from functools import cache
from pathlib import Path

from .check_report import Report
from .errors import LessonpackError, well_formed_record
from .fonts.cache import recall, store
from .inputs import file_hash
from .targets import default_templates_dir

NAMESPACE = "validate"
LIBRARIES = ("pydantic", "yaml", "jinja2", "markdown_it")
"""Whose versions decide what loads and renders."""
MAX_LISTED = 5000
"""More files than this in the folders listed and the check is not remembered (it is run every time)."""


def recalled(root: Path, lessons: list[Path] | None) -> Report | None:
    """The report of the same clean check, when nothing it read or could read has changed since."""
    found = recall(NAMESPACE, _key(root, lessons))
    if found is None:
        return None
    try:
        entry = json.loads(found)
    except ValueError:
        return None
    if not _well_formed(entry):
        return None
    listed = _listed(root)
    hashes = entry["inputs"]
    if listed is None or not set(map(str, listed)) <= hashes.keys():
        return None  # a file appeared where the course looks for lessons, essays or templates
    within = _within(root)
    if any(file_hash(Path(path), within) != digest for path, digest in hashes.items()):
        return None
    return Report(warnings=[LessonpackError.from_record(w) for w in entry["warnings"]], lessons=entry["lessons"])


def remember(root: Path, lessons: list[Path] | None, report: Report) -> None:
    """Keep a check that found no errors (one that found some is run again, to report them afresh)."""
    listed = _listed(root)
    if report.errors or listed is None:
        return
    within = _within(root)
    hashes = {str(path): file_hash(path, within) for path in sorted({*(p.resolve() for p in report.inputs), *listed})}
    if None in hashes.values():
        return  # a file that cannot be hashed (outside the course, too large) can never be taken as unchanged
    entry = {"inputs": hashes, "lessons": report.lessons, "warnings": [w.record() for w in report.warnings]}
    store(NAMESPACE, _key(root, lessons), json.dumps(entry, sort_keys=True).encode("utf-8"))


def _key(root: Path, lessons: list[Path] | None) -> str:
    asked = sorted(str(p.resolve()) for p in lessons) if lessons else ["every lesson"]
    return "|".join([str(root.resolve()), *asked, _checker()])


@cache
def _checker() -> str:
    """What decides the verdict besides the course: lessonpack's modules and the libraries' first files
    (where each keeps its version), each by size and modification time (reading them would cost more
    than it saves, and an installed or edited file never keeps both), and Python's version."""
    files = sorted(Path(__file__).parent.rglob("*.py"))
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)  # found, not imported (that is what the cache saves)
        if spec and spec.origin:
            files += [Path(spec.origin), Path(spec.origin).with_name("version.py")]
    stamps = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        stamps.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("|".join([*stamps, sys.version]).encode()).hexdigest()


def _within(root: Path) -> tuple[Path, ...]:
    return (root.resolve(), default_templates_dir().resolve())


def _listed(root: Path) -> list[Path] | None:
    """Every file under the course's lessons/ and templates/ folders and the default templates (symbolic
    links not followed), or None when there are too many to hash each time."""
    found: list[Path] = []
    for folder in (root / "lessons", root / "templates", default_templates_dir()):
        for top, _dirs, files in os.walk(folder.resolve()):
            found += (Path(top) / name for name in files)
            if len(found) > MAX_LISTED:
                return None
    return sorted(found)


def _well_formed(entry) -> bool:
    """An entry as `remember` writes it; anything else is passed over."""
    return (isinstance(entry, dict) and isinstance(entry.get("inputs"), dict) and type(entry.get("lessons")) is int
            and all(isinstance(p, str) and isinstance(h, str) and "\x00" not in p for p, h in entry["inputs"].items())
            and isinstance(entry.get("warnings"), list) and all(well_formed_record(w) for w in entry["warnings"]))

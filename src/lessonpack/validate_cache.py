"""A clean `lessonpack validate` remembered, so checking an unchanged course again costs hashing its
files, not importing the schema, loading the lessons and rendering every document.

An entry is kept only for a check that found no errors, under a key made from the course folder, the
lessons asked for and what decides the verdict besides the course: lessonpack's own code and the
libraries that read and render lessons, so a changed or upgraded lessonpack never answers from an old
entry. The entry holds every file the check read (course.yaml, the lessons and what they name) and
every file under the course's lessons/ and templates/ folders and the default templates, each with its
hash: any of them changed, removed or added (a new lesson, a new template) and the course is checked
again. Within a check, a lesson whose files, the templates and lessonpack are as when its documents last
rendered without a problem is not rendered again (`rendered_clean`): an edit to one lesson renders only
that lesson. Entries live in the cache folder (`fonts/cache.py`) with its checks: a torn or corrupt entry,
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
from typing import TYPE_CHECKING

from .check_report import Report
from .errors import LessonpackError, well_formed_record
from .fonts.cache import recall, store
from .inputs import file_hash
from .made_from import lesson_inputs
from .targets import default_templates_dir

if TYPE_CHECKING:
    from .course import LoadedCourse, LoadedLesson

NAMESPACE = "validate"
LESSON_NAMESPACE = "validate-lesson"
CLEAN = b"rendered without a problem"
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
    if any(_hash(Path(path), within) != digest for path, digest in hashes.items()):
        return None
    return Report(warnings=[LessonpackError.from_record(w) for w in entry["warnings"]], lessons=entry["lessons"])


def remember(root: Path, lessons: list[Path] | None, report: Report) -> None:
    """Keep a check that found no errors (one that found some is run again, to report them afresh)."""
    listed = _listed(root)
    if report.errors or listed is None:
        return
    within = _within(root)
    hashes = {str(path): _hash(path, within) for path in sorted({*(p.resolve() for p in report.inputs), *listed})}
    if None in hashes.values():
        return  # a file that cannot be hashed (outside the course, too large) can never be taken as unchanged
    entry = {"inputs": hashes, "lessons": report.lessons, "warnings": [w.record() for w in report.warnings]}
    store(NAMESPACE, _key(root, lessons), json.dumps(entry, sort_keys=True).encode("utf-8"))


def rendered_clean(course: LoadedCourse, lesson: LoadedLesson) -> bool:
    """Whether this lesson's documents, as today's files make them, rendered without a problem before:
    then a check of the course need not render them again (a teacher edits one lesson at a time)."""
    key = _lesson_key(course, lesson)
    return key is not None and recall(LESSON_NAMESPACE, key) == CLEAN


def remember_rendered(course: LoadedCourse, lesson: LoadedLesson) -> None:
    """Keep that this lesson's documents rendered without a problem."""
    key = _lesson_key(course, lesson)
    if key is not None:
        store(LESSON_NAMESPACE, key, CLEAN)


def _lesson_key(course: LoadedCourse, lesson: LoadedLesson) -> str | None:
    """What decides whether a lesson's documents render: its files (course.yaml, the lesson, its essays
    and pictures), every template and lessonpack itself; None when one of them cannot be hashed."""
    templates = _templates(course.root)
    if templates is None:
        return None
    within = _within(course.root)
    settings = course.course
    extra = [course.root / name for name in (settings.reference_docx, settings.logo and settings.logo.file) if name]
    files = [*(p.resolve() for p in [*lesson_inputs(course, lesson), *extra]), *templates]
    hashes = [f"{path}={_hash(path, within)}" for path in files]
    return None if any(h.endswith("=None") for h in hashes) else "|".join([*hashes, _checker()])


def _key(root: Path, lessons: list[Path] | None) -> str:
    asked = sorted(str(p.resolve()) for p in lessons) if lessons else ["every lesson"]
    return "|".join([str(root.resolve()), *asked, _checker()])


@cache
def _checker() -> str:
    """What decides the verdict besides the course: lessonpack's files (modules, fonts) and the libraries'
    first files (where each keeps its version), each by size and modification time (reading them would
    cost more than it saves, and an installed or edited file never keeps both), and Python's version."""
    files = sorted(p for p in Path(__file__).parent.rglob("*") if "__pycache__" not in p.parts)  # code, fonts
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


@cache
def _hash(path: Path, within: tuple[Path, ...]) -> str | None:
    """An input's hash, worked out once a run: every lesson's key holds every template."""
    return file_hash(path, within)


@cache
def _within(root: Path) -> tuple[Path, ...]:
    return (root.resolve(), default_templates_dir().resolve())


def _listed(root: Path) -> list[Path] | None:
    """Every file under the course's lessons/ and templates/ folders and the default templates (symbolic
    links not followed), or None when there are too many to hash each time."""
    return _files_under((root / "lessons", root / "templates", default_templates_dir()))


def _templates(root: Path) -> list[Path] | None:
    """Every file of the course's templates/ folder and of the default templates."""
    return _files_under((root / "templates", default_templates_dir()))


def _files_under(folders: tuple[Path, ...]) -> list[Path] | None:
    found: list[Path] = []
    for folder in folders:
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

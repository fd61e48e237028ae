"""`lessonpack clean`: remove what earlier builds wrote for lessons, kinds or settings that no longer exist.

A renamed or deleted lesson, a kind taken out of `documents:` or a print profile the
course no longer has would leave its old files in `out/` to be handed out by mistake; so
would a class set or version masters of such a lesson or paper, and the copy of a student
a later class set of the same class no longer has.
Only files the manifest says a build wrote, still unchanged since, are removed: a file
a teacher put there or edited is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .build import Options, plan
from .set_records import CLASS_SET, STALE, VERSIONS
from .context import TIERS
from .course import LoadedCourse
from .errors import LessonpackError
from .inputs import file_hash
from .manifest import Manifest
from .pipeline import course_theme
from .writers import FORMATS


@dataclass
class CleanReport:
    """What `clean` removed, and what it left because it changed since it was written."""

    removed: list[Path] = field(default_factory=list)
    kept_changed: list[Path] = field(default_factory=list)


def _still_made(course: LoadedCourse, out: Path, settings: str, key: str) -> set[str]:
    """The outputs a build with these recorded settings would make today, as manifest keys."""
    kind, profile, tier, fillable, *_ = settings.split("|") + ["", "", "", ""]
    if kind == STALE:  # a class-set copy its class's later set no longer makes (a student who left)
        return set()
    try:
        course_theme(course, profile)
    except LessonpackError:  # a profile the course no longer has
        return set()
    if kind in (CLASS_SET, VERSIONS):  # made while its lesson and tier exist (its roster is not the course's)
        lesson = settings.split("|")[-1]
        return {key} if tier in ("", *TIERS) and any(loaded.id == lesson for loaded in course.lessons) else set()
    options = Options(tuple(FORMATS), profile, tier, fillable == "True")
    return {p.path.resolve().relative_to(out.resolve()).as_posix()
            for p in plan(course, out, tuple(FORMATS), options) if p.kind == kind}


def clean(course: LoadedCourse, out: Path, *, dry_run: bool = False) -> CleanReport:
    """Remove every output the manifest records that a build of the course would no longer make."""
    report = CleanReport()
    manifest = Manifest.load(out)
    for key, entry in sorted(manifest.entries.items()):
        if key in _still_made(course, out, entry["settings"], key):
            continue
        path = out / key
        if not path.resolve().is_relative_to(out.resolve()) or path.is_symlink():
            continue  # never outside the output folder, never through a link
        if path.exists() and file_hash(path, (out,)) != entry["output"]:
            report.kept_changed.append(path)
            continue
        if not dry_run:
            path.unlink(missing_ok=True)
            del manifest.entries[key]
        report.removed.append(path)
    if report.removed and not dry_run:
        manifest.save()
        for folder in sorted({p.parent for p in report.removed}, key=lambda p: len(p.parts), reverse=True):
            while folder != out and folder.is_relative_to(out) and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
    return report

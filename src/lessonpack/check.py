"""Check a course end to end without writing anything: what `lessonpack validate` runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import glyphs
from .course import LoadedCourse, inspect_course
from .errors import ErrorGroup, LessonpackError, Location, flatten
from .expand import TemplateSet
from .pipeline import check_kinds, make_document

SEVERITIES = ("error", "warning")


@dataclass
class Report:
    """What a check found: errors stop a build, warnings are probably mistakes but do not."""

    errors: list[LessonpackError] = field(default_factory=list)
    warnings: list[LessonpackError] = field(default_factory=list)
    lessons: int = 0
    """How many lessons were checked and found clean."""

    def diagnostics(self) -> list[dict]:
        """`--format json`: each problem as `LessonpackError.as_dict()` plus its severity."""
        return [{**problem.as_dict(), "severity": severity}
                for severity, problems in zip(SEVERITIES, (self.errors, self.warnings)) for problem in problems]


def check(root: Path, only: list[Path] | None = None) -> Report:
    """Load and check a course (or some of its lessons), then render each clean lesson's documents."""
    found = inspect_course(root, only)
    report = Report(list(found.errors), list(found.warnings))
    course = found.loaded()
    if course is not None:
        report.errors.extend(render_errors(course))
        report.lessons = len(course.lessons)
    report.errors = _unique(report.errors)
    report.warnings = _unique(report.warnings)
    return report


def render_errors(course: LoadedCourse) -> list[LessonpackError]:
    """Expand every document of every lesson through its template, in memory; collect what fails."""
    templates = TemplateSet(course.templates_dir)
    errors: list[LessonpackError] = []
    try:
        check_kinds(course, templates)
    except ErrorGroup as group:
        errors.extend(group.errors)
    kinds = set(templates.kinds())
    for lesson in course.lessons:
        for kind in dict.fromkeys(lesson.lesson.documents):
            if kind not in kinds:
                continue
            try:
                document = make_document(course, lesson, kind, templates)
            except LessonpackError as exc:
                for problem in flatten([exc]):
                    if problem.location is None:
                        problem.location = Location(lesson.file)
                    errors.append(problem)
                continue
            # Characters the PDF could not print, reported as the build would report them.
            errors.extend(glyphs.located([p for p in glyphs.check(document) if p.severe], course, lesson))
    return errors


def _unique(problems: list[LessonpackError]) -> list[LessonpackError]:
    """One report per problem: a broken template fails every lesson the same way."""
    seen: set[tuple] = set()
    out = []
    for problem in problems:
        key = (problem.message, str(problem.location), problem.hint)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out

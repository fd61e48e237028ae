"""Plan and make a course's documents: lessons × document kinds × formats.

Everything is loaded, checked and rendered in memory first; files are written only
when every document rendered, each atomically, so a mistake never leaves a
half-written pack behind.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .context import Student, build_context, kind_label
from .course import LoadedCourse, LoadedLesson
from .document import Document, DocumentInfo, TimelineEvent
from .errors import ErrorGroup, LessonpackError, Location
from .expand import TemplateSet, render
from .files import safe_name, write_atomic
from .images import load_image
from .markup import MarkupError, Parser
from .theme import Theme, theme_for


@dataclass(frozen=True, slots=True)
class Planned:
    """One file to make: which lesson, which document kind, which format, where."""

    lesson: LoadedLesson
    kind: str
    fmt: str
    path: Path


def is_teacher_only(kind: str) -> bool:
    """Documents whose kind starts with "teacher-" hold answers: they go to a teacher folder."""
    return kind.startswith("teacher-")


def output_path(out: Path, lesson_id: str, kind: str, fmt: str) -> Path:
    """Where a document goes; the name says which lesson and what it is."""
    folder = out / safe_name(lesson_id)
    if is_teacher_only(kind):
        folder = folder / "teacher"
    return folder / f"{safe_name(lesson_id)}_{safe_name(kind_label(kind).lower())}.{fmt}"


def plan(course: LoadedCourse, out: Path, formats: tuple[str, ...]) -> list[Planned]:
    """Every file a build makes, in a stable order."""
    return [Planned(lesson, kind, fmt, output_path(out, lesson.id, kind, fmt))
            for lesson in course.lessons for kind in lesson.lesson.documents for fmt in formats]


def make_document(course: LoadedCourse, lesson: LoadedLesson, kind: str,
                  templates: TemplateSet, student: Student | None = None) -> Document:
    """Expand one lesson through one template and parse the result into the document model."""
    expansion = build_context(course, lesson, kind, student)
    text = render(templates, kind, expansion.context)
    try:
        timeline = tuple(TimelineEvent(e.date, e.year, e.event) for e in course.course.timeline)
        blocks = Parser(expansion.sources, expansion.adapted, timeline,
                        functools.partial(load_image, course.root)).parse(text)
    except MarkupError as exc:
        raise LessonpackError(f"{kind} template made bad markup: {exc.message} (line {exc.line} of its output)",
                              Location(templates.origin(kind + ".md.j2")), exc.hint) from None
    c = course.course
    info = DocumentInfo(title=lesson.lesson.title, kind=kind_label(kind), course=c.title,
                        author=c.author, subject=c.subject, keywords=tuple(lesson.lesson.keywords),
                        language=c.language, page_size=c.page_size)
    return Document(info, blocks)


def check_kinds(course: LoadedCourse, templates: TemplateSet) -> None:
    """Every document a lesson asks for has a template."""
    kinds = templates.kinds()
    errors = [
        LessonpackError(f'documents[{i}]: no template for document kind "{kind}"',
                        lesson.doc.location(("documents", i)),
                        hint="document kinds available: " + ", ".join(kinds))
        for lesson in course.lessons for i, kind in enumerate(lesson.lesson.documents) if kind not in kinds
    ]
    if errors:
        raise ErrorGroup(errors)


def render_all(course: LoadedCourse, jobs: list[Planned], theme: Theme | None = None) -> dict[Path, bytes]:
    """Render every planned file in memory; collect every failure, naming its lesson."""
    from .writers import write

    templates = TemplateSet(course.templates_dir)
    check_kinds(course, templates)
    theme = theme or theme_for(course.course.page_size)
    documents: dict[tuple[str, str], Document] = {}
    results: dict[Path, bytes] = {}
    errors: list[LessonpackError] = []
    failed: set[tuple[str, str]] = set()
    for job in jobs:
        key = (job.lesson.id, job.kind)
        if key in failed:
            continue
        try:
            if key not in documents:
                documents[key] = make_document(course, job.lesson, job.kind, templates)
            results[job.path] = write(documents[key], theme, job.fmt)
        except LessonpackError as exc:
            if exc.location is None:
                exc.location = Location(job.lesson.file)
            errors.append(exc)
            failed.add(key)
    if errors:
        raise ErrorGroup(errors)
    return results


def build(course: LoadedCourse, out: Path, formats: tuple[str, ...]) -> list[Path]:
    """Render the whole plan, then write every file atomically; return the paths written."""
    files = render_all(course, plan(course, out, formats))
    for path, data in files.items():
        write_atomic(path, data)
    return list(files)

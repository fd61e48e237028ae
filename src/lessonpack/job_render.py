"""Render one document of a build: first its model (template expanded, markup parsed, glyphs
checked), then its files, one format at a time.

The two steps are apart so that a small build can make every document's model once and hand
the formats to two processes (`format_split.py`); `render_job` does both for one document, as a
build in one process or a pool worker does. A mistake in either step is reported at its place,
with the lesson whose document it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ErrorGroup, LessonpackError, Location, display_path, flatten
from .made_from import document_inputs

if TYPE_CHECKING:
    from .build import Job
    from .course import LoadedCourse, LoadedLesson
    from .document import Document
    from .expand import TemplateSet
    from .theme import Theme


@dataclass(frozen=True, slots=True)
class Prepared:
    """A job's document model, ready to be written in each of its formats."""

    job: Job
    document: Document
    theme: Theme
    templates: TemplateSet
    images: list[Path]
    reference: bytes | None


@contextmanager
def located(job: Job) -> Iterator[None]:
    """A mistake found making the job's document said to be in its lesson, or, found elsewhere (a
    template line), said to be while making that lesson's document."""
    try:
        yield
    except LessonpackError as exc:
        for problem in flatten([exc]):
            if problem.location is None:
                problem.location = Location(job.lesson.file)
            elif problem.location.file != job.lesson.file:  # e.g. a template line: say whose document
                problem.message += f" (while making the {job.kind} of {display_path(job.lesson.file)})"
        raise


def prepare(course: LoadedCourse, job: Job, theme: Theme | None = None) -> Prepared:
    """The job's document model; a PDF asked for whose text would print empty boxes stops here."""
    from . import glyphs
    from .pipeline import course_theme, make_document, reference_docx, template_set

    templates = template_set(course.templates_dir)
    images: list[Path] = []
    options = job.options
    with located(job):
        theme = theme or course_theme(course, options.profile)
        document = make_document(course, job.lesson, job.kind, templates, images=images, tier=options.tier,
                                 theme=theme, shared=_lesson_context(course, job.lesson, options.tier, theme))
        if any(fmt == "pdf" for fmt, _ in job.outputs):
            unprintable = [p for p in glyphs.check(document, theme) if p.severe]
            if unprintable:  # the PDF would print empty boxes or reversed text: say where, write nothing
                raise ErrorGroup(glyphs.located(unprintable, course, job.lesson))
        return Prepared(job, document, theme, templates, images, reference_docx(course))


def write_formats(prepared: Prepared, formats: tuple[str, ...]) -> dict[Path, bytes]:
    """The job's files in those of its formats named, in the job's order of formats."""
    from .writers import write

    job = prepared.job
    with located(job):
        return {path: write(prepared.document, prepared.theme, fmt, fillable=job.options.fillable,
                            reference_docx=prepared.reference)
                for fmt, path in job.outputs if fmt in formats}


def inputs_of(course: LoadedCourse, prepared: Prepared) -> list[Path]:
    """Every file the job's document was made from, for the manifest."""
    job = prepared.job
    inputs = document_inputs(course, job.lesson, prepared.templates, job.kind, prepared.images)
    if prepared.reference:
        inputs.append(course.root / course.course.reference_docx)
    return inputs


def render_job(course: LoadedCourse, job: Job, theme: Theme | None = None) -> tuple[dict[Path, bytes], list[Path]]:
    """Render one document in every format it is asked for; also return the files it read."""
    prepared = prepare(course, job, theme)
    files = write_formats(prepared, tuple(fmt for fmt, _ in job.outputs))
    return files, inputs_of(course, prepared)


_CONTEXTS: dict[tuple, tuple] = {}
"""The current course's lesson contexts, by lesson, tier and paper (one course at a time)."""


def _lesson_context(course: LoadedCourse, lesson: LoadedLesson, tier: str, theme: Theme):
    """The lesson's template context, made once for all its documents in this process, as `validate`
    shares it (`context.lesson_context`: only the document kind differs; the values are read-only)."""
    from .context import lesson_context

    key = (id(course), id(lesson), tier, theme)
    found = _CONTEXTS.get(key)
    if found is None or found[0] is not course or found[1] is not lesson:
        if any(held[0] is not course for held in _CONTEXTS.values()):
            _CONTEXTS.clear()  # another course (`watch`, `serve`): the last one's are let go
        found = _CONTEXTS[key] = (course, lesson, lesson_context(course, lesson, tier=tier, theme=theme))
    return found[2]

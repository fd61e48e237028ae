"""From a loaded course to one document in the model: what every command that renders shares.

`build` (files on disk), `classset` (a copy per student), `check` (validate),
`access` (accessibility warnings) and `watch` all make documents the same way,
through these functions; how many, in which processes and where they are written
is decided by the callers.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .context import TIER_MARKS, Expansion, Student, Version, for_kind, kind_label, lesson_context
from .course import LoadedCourse, LoadedLesson
from .directives import MarkupError
from .document import Document, DocumentInfo, TimelineEvent
from .timeline import lesson_events, when
from .errors import ErrorGroup, LessonpackError, Location
from .expand import TEMPLATE_SUFFIX, TemplateSet, render
from .filenames import safe_name
from .images import load_image
from .markup import Parser
from .theme import Theme, profile_names, theme_for


@functools.lru_cache(maxsize=8)
def template_set(folder: Path) -> TemplateSet:
    """One template set per course folder and process, so templates compile once."""
    return TemplateSet(folder)


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


def make_document(course: LoadedCourse, lesson: LoadedLesson, kind: str,
                  templates: TemplateSet, student: Student | None = None,
                  images: list[Path] | None = None, version: Version | None = None,
                  versions: int = 0, seed: int = 0, tier: str = "",
                  key_tiers: tuple[str, ...] = ("",), theme: Theme | None = None,
                  shared: Expansion | None = None) -> Document:
    """Expand one lesson through one template and parse the result into the document model.

    `theme` is the paper the document is printed on: its extracts are numbered for it.
    `shared` is the lesson's context (`context.lesson_context`) made with these same arguments,
    for a caller making several of its documents: made once, not once a document.
    """
    if shared is None:
        shared = lesson_context(course, lesson, student, version, versions, seed, tier, key_tiers, theme)
    expansion = for_kind(shared, kind)
    text = render(templates, kind, expansion.context)

    def image(name: str) -> bytes:
        data = load_image(course.root, name)
        if images is not None:
            images.append(course.root / name)
        return data

    try:
        blocks = Parser(expansion.sources, expansion.adapted, timeline_events(course, lesson), image,
                        expansion.pictures, timeline_to_scale=timeline_to_scale(lesson)).parse(text)
    except MarkupError as exc:
        from .template_origin import locate  # only for a mistake: it brings Jinja2's extensions

        where = locate(templates, kind, expansion.context, exc.line)
        location = Location(*where) if where else Location(templates.origin(kind + TEMPLATE_SUFFIX))
        raise LessonpackError(f"{kind} template made bad markup: {exc.message}", location, exc.hint) from None
    c = course.course
    label = kind_label(kind) + (f" · version {version.letter}" if version else "")
    info = DocumentInfo(title=lesson.lesson.title, kind=label, course=c.title,
                        author=c.author, subject=c.subject, keywords=tuple(lesson.lesson.keywords),
                        language=c.language, page_size=c.page_size, mark=TIER_MARKS.get(tier, ""),
                        student=student.name if student else "", group=student.group if student else "",
                        school=c.school, logo=course.logo, for_teacher=is_teacher_only(kind))
    return Document(info, blocks)


def course_theme(course: LoadedCourse, profile: str) -> Theme:
    """The theme for a print profile: built-in or the course's own, on the course's paper."""
    extra = {name: profile.changes() for name, profile in course.course.profiles.items()}
    try:
        return theme_for(course.course.page_size, profile, extra)
    except KeyError:
        raise LessonpackError(f'unknown print profile "{profile}"',
                              hint="profiles: " + ", ".join(profile_names(extra))) from None


def reference_docx(course: LoadedCourse) -> bytes | None:
    """The course's reference DOCX (for its styles), as read and checked when the course was loaded."""
    return course.reference_docx


TEACHER_KINDS = frozenset({"mark-scheme"})
"""Teacher-only kinds whose names do not start with "teacher-"."""


FILLED_IN_KINDS = frozenset({"worksheet", "homework"})
"""The kinds a student writes answers on and may hand in as a file: the only ones made fillable
(extracts and teacher's documents have nothing to fill; exit tickets are cut out on paper)."""


def is_teacher_only(kind: str) -> bool:
    """Documents that hold answers (a kind starting with "teacher-", or the mark scheme) go to a teacher folder."""
    return kind.startswith("teacher-") or kind in TEACHER_KINDS


def output_path(out: Path, lesson_id: str, kind: str, fmt: str, suffix: str = "") -> Path:
    """Where a document goes; the name says which lesson and what it is."""
    folder = out / safe_name(lesson_id)
    if is_teacher_only(kind):
        folder = folder / "teacher"
    return folder / f"{safe_name(lesson_id)}_{safe_name(kind_label(kind).lower())}{suffix}.{fmt}"



def timeline_events(course: LoadedCourse, lesson: LoadedLesson) -> tuple[TimelineEvent, ...]:
    """The lesson's timeline events as the model holds them, each placed in time."""
    return tuple(TimelineEvent(e.date, e.year, e.event, when(e.date, e.year))
                 for e in lesson_events(course.course.timeline, lesson.lesson.timeline))


def timeline_to_scale(lesson: LoadedLesson) -> bool:
    """A chosen timeline says whether it is drawn to scale; `timeline: true` is spaced evenly."""
    return getattr(lesson.lesson.timeline, "scale", False)

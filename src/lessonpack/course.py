"""Load a course folder: course.yaml, its essays and lessons, with every reference checked.

Everything a teacher can get wrong is found here, before anything is printed, and
reported together with its file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .branding import load_logo
from .document import Logo
from .errors import ErrorGroup, LessonpackError, Location
from .essay import Essay
from .course_model import Course
from .lesson import Lesson, Source
from .references import Essays, Parts, Piece, check_lesson
from .source_media import LessonMedia, load_media
from .targets import COURSE_FILE, lesson_files
from .validation import pydantic_errors
from .yaml_kept import load_yaml
from .yaml_document import YamlDocument

__all__ = ["Piece", "ResolvedSource", "LoadedLesson", "LoadedCourse", "Inspection", "inspect_course", "load_course",
           "load_course_file"]


@dataclass(frozen=True, slots=True)
class ResolvedSource:
    """A lesson's source with its essay passages looked up."""

    source: Source
    essay: Essay
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces)


@dataclass(frozen=True, slots=True)
class LoadedLesson:
    """A checked lesson, its file, and what it refers to."""

    file: Path
    doc: YamlDocument
    lesson: Lesson
    essay: Essay
    sources: tuple[ResolvedSource, ...]
    media: LessonMedia = LessonMedia()
    """The checked pictures and tables of figures its sources and questions print (`source_media.py`)."""

    @property
    def id(self) -> str:
        return self.lesson.id or self.file.stem

    def source(self, letter: str) -> ResolvedSource | None:
        return next((s for s in self.sources if s.source.letter == letter), None)


@dataclass(frozen=True, slots=True)
class LoadedCourse:
    """A checked course: its settings, essays and lessons."""

    root: Path
    course: Course
    essays: dict[str, Essay]
    lessons: tuple[LoadedLesson, ...]
    warnings: tuple[LessonpackError, ...] = ()
    """Things that are probably mistakes but do not stop a build (e.g. invisible characters)."""
    reference_docx: bytes | None = None
    """The checked bytes of course.yaml's `reference_docx`, read once so the build uses what was checked."""
    logo: Logo | None = None
    """course.yaml's `logo`, checked and sized (`branding.py`)."""

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"


@dataclass
class Inspection:
    """Everything one check of a course found: what loaded cleanly, the errors and the warnings."""

    root: Path
    course: Course | None = None
    essays: Essays | None = None
    lessons: list[LoadedLesson] = field(default_factory=list)
    """The lessons with no mistakes, ready to render."""
    errors: list[LessonpackError] = field(default_factory=list)
    warnings: list[LessonpackError] = field(default_factory=list)
    reference_docx: bytes | None = None
    logo: Logo | None = None

    def loaded(self) -> LoadedCourse | None:
        """The course with its clean lessons, or None if course.yaml itself is broken."""
        if self.course is None or self.essays is None:
            return None
        return LoadedCourse(self.root, self.course, dict(self.essays.loaded), tuple(self.lessons),
                            tuple(self.warnings), self.reference_docx, self.logo)


def inspect_course(root: Path, only: list[Path] | None = None) -> Inspection:
    """Check a course (or only some of its lessons), collecting every problem instead of stopping."""
    found = Inspection(root, essays=Essays(root))
    course_where = Location(root / "lessons" / COURSE_FILE)
    try:
        course_doc = load_yaml(course_where.file, within=root)
        found.warnings.extend(course_doc.warnings)
        found.course = _validate(Course, course_doc, found.errors)
        course_where = course_doc.location(("essay",))
        if found.course is not None and found.course.reference_docx:
            from .reference_doc import load_reference_docx  # here: most courses name no Word style file

            found.reference_docx = load_reference_docx(root, found.course.reference_docx,
                                                       course_doc.location(("reference_docx",)))
        if found.course is not None and found.course.logo:
            logo = found.course.logo
            found.logo = load_logo(root, logo.file, logo.height_mm, course_doc.location(("logo", "file")))
    except LessonpackError as exc:
        found.errors.append(exc)
    for file in only or lesson_files(root):
        try:  # a lesson named on the command line may be anywhere; the course's own stay inside it
            doc = load_yaml(file, within=None if only else root)
        except LessonpackError as exc:
            found.errors.append(exc)
            continue
        found.warnings.extend(doc.warnings)
        loaded = _lesson(file, doc, found, course_where)
        if loaded is not None:
            found.lessons.append(loaded)
    _check_ids(found)
    for essay in found.essays.loaded.values():  # invisible characters cleaned out of essays
        found.warnings.extend(essay.warnings)
    unique = {(e.message, str(e.location)): e for e in reversed(found.errors)}  # e.g. one course essay missing
    found.errors = [e for e in found.errors if unique[(e.message, str(e.location))] is e]
    return found


def load_course(root: Path, only: list[Path] | None = None) -> LoadedCourse:
    """Load and check a course (or only some of its lessons); raise every problem at once."""
    found = inspect_course(root, only)
    if found.errors:
        raise ErrorGroup(found.errors)
    loaded = found.loaded()
    assert loaded is not None
    return loaded


def load_course_file(root: Path) -> Course:
    """Only lessons/course.yaml, read and checked as a build checks it; raise every problem at once.

    For commands that need the course's settings but not its lessons (`lessonpack sections`).
    """
    errors: list[LessonpackError] = []
    course = _validate(Course, load_yaml(root / "lessons" / COURSE_FILE, within=root), errors)
    if errors:
        raise ErrorGroup(errors)
    return course


def _validate(model, doc: YamlDocument, errors: list[LessonpackError]):
    if not isinstance(doc.data, dict):
        errors.append(LessonpackError(
            f"expected a mapping of keys to values, but the file holds {_kind(doc.data)}",
            doc.location(()), hint="each line at the top level should be `key: value`, starting in the first column"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        errors.extend(pydantic_errors(exc, doc, model))
        return None


def _kind(data) -> str:
    return "a list" if isinstance(data, list) else "nothing" if data is None else "a single value"


def _lesson(file: Path, doc: YamlDocument, found: Inspection, course_where: Location) -> LoadedLesson | None:
    """Validate one lesson and check its references; the lesson if it has no mistakes."""
    errors: list[LessonpackError] = []
    lesson = _validate(Lesson, doc, errors)
    course, essays = found.course, found.essays
    if course is not None and essays is not None and isinstance(doc.data, dict):
        parts = Parts.of(lesson) if lesson else Parts.salvage(doc.data)
        essay = None
        if "essay" in parts.complete:
            name, where = (parts.essay, doc.location(("essay",))) if parts.essay else (course.essay, course_where)
            if name:
                essay = essays.get(name, where, errors)
            else:
                errors.append(LessonpackError("the lesson names no essay", doc.location(()),
                                              hint="add `essay: NAME` to the lesson or to lessons/course.yaml "
                                                   "(NAME is a file in lessons/essays/, without .md)"))
        pieces = check_lesson(parts, course, essay, essays, doc, errors)
        media = load_media(found.root, lesson, doc, course.page_size, errors, found.warnings) if lesson else None
        if lesson is not None and essay is not None and not errors:
            sources = tuple(ResolvedSource(s, essays.get(s.essay, Location(file), errors) if s.essay else essay,
                                           tuple(pieces.get(s.letter, ()))) for s in lesson.sources)
            found.errors.extend(errors)
            return LoadedLesson(file, doc, lesson, essay, sources, media)
    found.errors.extend(_in_file_order(errors, file))
    return None


def _in_file_order(errors: list[LessonpackError], file: Path) -> list[LessonpackError]:
    """The lesson's own problems by line and column; problems in other files (essays) after them."""
    def key(error: LessonpackError) -> tuple:
        loc = error.location
        return (0, loc.line, loc.column) if loc and loc.file == file else (1, 0, 0)
    return sorted(errors, key=key)


def _check_ids(found: Inspection) -> None:
    """Two lessons with one id would write over each other's files."""
    seen: dict[str, LoadedLesson] = {}
    for loaded in found.lessons:
        first = seen.setdefault(loaded.id.lower(), loaded)
        if first is not loaded:
            where = loaded.doc.location(("id",)) if loaded.lesson.id else Location(loaded.file)
            found.errors.append(LessonpackError(
                f'lesson id "{loaded.id}" is also the id of {first.file.name}', where,
                "give each lesson its own `id:` (or file name); their documents would overwrite each other"))

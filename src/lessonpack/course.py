"""Load a course folder: course.yaml, its essays and lessons, with every reference checked.

Everything a teacher can get wrong is found here, before anything is printed, and
reported together with its file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

from pydantic import ValidationError

from .errors import ErrorGroup, LessonpackError, Location
from .essay import Essay, load_essay
from .lesson import Course, Lesson, Passage, Source
from .validation import pydantic_errors
from .yamlload import YamlDocument, load_yaml

COURSE_FILE = "course.yaml"


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of essay text in an extract: whole paragraph or a quoted part of one."""

    paragraph: int
    text: str
    cut_before: bool = False
    """True when the piece starts after the paragraph's first words."""
    cut_after: bool = False
    """True when the piece stops before the paragraph's last words."""


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

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"


def find_root(start: Path) -> Path:
    """The course folder: the nearest folder at or above start that has lessons/course.yaml."""
    start = start.resolve()
    for folder in (start if start.is_dir() else start.parent, *start.parents):
        if (folder / "lessons" / COURSE_FILE).is_file():
            return folder
        if folder.name == "lessons" and (folder / COURSE_FILE).is_file():
            return folder.parent
    raise LessonpackError(f"no course found at {start}", Location(start),
                          hint="run lessonpack inside a course folder (one with lessons/course.yaml), "
                               "or name one: lessonpack build path/to/course")


def lesson_files(root: Path) -> list[Path]:
    """Every lesson file of a course, in name order."""
    folder = root / "lessons"
    return sorted(p for p in folder.glob("*.yaml") if p.name != COURSE_FILE)


def load_course(root: Path, only: list[Path] | None = None) -> LoadedCourse:
    """Load and check a course (or only some of its lessons); raise every problem at once."""
    errors: list[LessonpackError] = []
    course_doc = load_yaml(root / "lessons" / COURSE_FILE)
    course = _validate(Course, course_doc, errors)
    essays: dict[str, Essay] = {}
    lessons: list[LoadedLesson] = []
    for file in only or lesson_files(root):
        try:
            doc = load_yaml(file)
            lesson = _validate(Lesson, doc, errors)
            if lesson is None or course is None:
                continue
            lessons.append(_resolve(root, file, doc, lesson, course, essays, errors))
        except LessonpackError as exc:
            errors.append(exc)
    if errors:
        raise ErrorGroup(errors)
    assert course is not None
    return LoadedCourse(root, course, essays, tuple(lessons))


def _validate(model, doc: YamlDocument, errors: list[LessonpackError]):
    if not isinstance(doc.data, dict):
        errors.append(LessonpackError(
            f"expected a mapping of keys to values, but the file holds {_kind(doc.data)}",
            doc.location(()), hint="each line at the top level should be `key: value`"))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        errors.extend(pydantic_errors(exc, doc, model))
        return None


def _kind(data) -> str:
    return "a list" if isinstance(data, list) else "nothing" if data is None else "a single value"


def _essay(root: Path, name: str, essays: dict[str, Essay], where: Location) -> Essay:
    if name not in essays:
        file = root / "lessons" / "essays" / f"{name}.md"
        if not file.is_file():
            known = sorted(p.stem for p in (root / "lessons" / "essays").glob("*.md"))
            raise LessonpackError(f'essay "{name}" not found', where,
                                  hint=f"essays in lessons/essays/: {', '.join(known) or 'none'}")
        essays[name] = load_essay(file)
    return essays[name]


def _resolve(root: Path, file: Path, doc: YamlDocument, lesson: Lesson, course: Course,
             essays: dict[str, Essay], errors: list[LessonpackError]) -> LoadedLesson:
    """Look up every reference a lesson makes; collect what does not resolve."""
    found: list[LessonpackError] = []
    essay_name = lesson.essay or course.essay
    if not essay_name:
        raise LessonpackError("the lesson names no essay", doc.location(()),
                              hint="add `essay: NAME` to the lesson or to lessons/course.yaml")
    essay = _essay(root, essay_name, essays, doc.location(("essay",)))

    sources: list[ResolvedSource] = []
    for i, source in enumerate(lesson.sources):
        source_essay = _essay(root, source.essay, essays, doc.location(("sources", i, "essay"))) \
            if source.essay else essay
        pieces: list[Piece] = []
        for j, passage in enumerate(source.extract):
            at = doc.location(("sources", i, "extract", j))
            pieces.extend(_passage(source_essay, passage, at, found))
        sources.append(ResolvedSource(source, source_essay, tuple(pieces)))
    letters = [s.letter for s in lesson.sources]
    for i, letter in enumerate(letters):
        if letters.index(letter) != i:
            found.append(LessonpackError(f'sources[{i}].letter: source "{letter}" is defined twice',
                                         doc.location(("sources", i, "letter")),
                                         hint="give each source its own letter"))

    for i, q in enumerate(lesson.questions):
        if q.source is None:
            if q.quote:
                found.append(LessonpackError(f"questions[{i}].quote: a quote needs a source",
                                             doc.location(("questions", i, "quote")),
                                             hint="add `source: A` naming the source the words come from"))
            continue
        resolved = next((s for s in sources if s.source.letter == q.source), None)
        if resolved is None:
            found.append(LessonpackError(
                f'questions[{i}].source: there is no source "{q.source}" in this lesson',
                doc.location(("questions", i, "source")),
                hint=f"sources defined: {', '.join(letters) or 'none'}"))
        elif q.quote and not _contains(resolved, q.quote):
            found.append(LessonpackError(
                f'questions[{i}].quote: these words are not in source {q.source}',
                doc.location(("questions", i, "quote")),
                hint="copy the words exactly from the extract (quote marks and spacing may differ)"))

    for i, word in enumerate(lesson.keywords):
        if word not in course.glossary:
            close = get_close_matches(word, list(course.glossary), n=1)
            found.append(LessonpackError(
                f'keywords[{i}]: "{word}" is not in the course glossary',
                doc.location(("keywords", i)),
                hint=f'did you mean "{close[0]}"?' if close else
                f'define it in lessons/course.yaml under glossary: ({word}: "…")'))

    minutes = sum(a.minutes for a in lesson.activities)
    if minutes > lesson.duration:
        found.append(LessonpackError(
            f"activities: the activities take {minutes} minutes, longer than the lesson's {lesson.duration}",
            doc.location(("activities",)), hint="shorten some activities or raise `duration`"))
    marks = sum(q.marks for q in lesson.questions)
    if lesson.total_marks is not None and marks != lesson.total_marks:
        found.append(LessonpackError(
            f"total_marks: the questions add up to {marks} marks, not {lesson.total_marks}",
            doc.location(("total_marks",)), hint="fix a question's marks or the total"))

    for i, check in enumerate(lesson.teacher_notes.fact_checks):
        target = _essay(root, check.essay, essays, doc.location(("teacher_notes", "fact_checks", i))) \
            if check.essay else essay
        if target.find_quote(check.quote) is None:
            found.append(_quote_error(target, check.quote,
                                      f"teacher_notes.fact_checks[{i}].quote",
                                      doc.location(("teacher_notes", "fact_checks", i, "quote"))))
    errors.extend(found)
    return LoadedLesson(file, doc, lesson, essay, tuple(sources))


def _contains(source: ResolvedSource, quote: str) -> bool:
    from .essay import fold

    return fold(quote)[0] in fold(source.text)[0] or (
        source.source.adapted is not None and fold(quote)[0] in fold(source.source.adapted)[0])


def _quote_error(essay: Essay, quote: str, field: str, where: Location) -> LessonpackError:
    number, passage = essay.closest_passage(quote)
    return LessonpackError(
        f"{field}: these words are not in the essay “{essay.meta.title}”", where,
        hint=f"the closest passage is in ¶{number}: “{passage}” — copy the essay's words exactly")


def _passage(essay: Essay, passage: Passage, where: Location,
             found: list[LessonpackError]) -> list[Piece]:
    if passage.section is not None:
        section = essay.section(passage.section)
        if section is None:
            found.append(LessonpackError(
                f'unknown section "{passage.section}" in essay "{essay.name}"', where,
                hint="valid sections: " + ", ".join(s.id for s in essay.sections)))
            return []
        return [Piece(n, essay.paragraph(n).text) for n in range(section.first, section.last + 1)]
    if passage.paragraphs is not None:
        span = essay.parse_range(passage.paragraphs)
        if span is None:
            found.append(LessonpackError(
                f'paragraphs "{passage.paragraphs}" is not a range in essay "{essay.name}"', where,
                hint=f'write a number or range between 1 and {len(essay.paragraphs)}, e.g. "4-7"'))
            return []
        return [Piece(n, essay.paragraph(n).text) for n in range(span[0], span[1] + 1)]
    match = essay.find_quote(passage.quote or "")
    if match is None:
        found.append(_quote_error(essay, passage.quote or "", "quote", where))
        return []
    text = essay.paragraph(match.paragraph).text
    return [Piece(match.paragraph, text[match.start:match.end],
                  cut_before=match.start > 0, cut_after=match.end < len(text))]

"""What a template receives: the course, the lesson, its sources and numbered questions.

Sources are broken into numbered lines here, before any template runs, so a
question can cite "lines 12–14" and both formats print those same lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .course import LoadedCourse, LoadedLesson
from .document import SourceBox
from .extract import adapted_box, quote_lines, source_box
from .questions import question_view

KIND_LABELS = {
    "worksheet": "Student worksheet",
    "extract": "Source extracts",
    "teacher-notes": "Teacher notes",
}


def kind_label(kind: str) -> str:
    """How a document kind is named on the page and in its file name."""
    return KIND_LABELS.get(kind, kind.replace("-", " ").capitalize())


@dataclass(frozen=True)
class Student:
    """One student of a class set, printed in the student-details line."""

    name: str = ""
    group: str = ""


@dataclass(frozen=True)
class Expansion:
    """A template's context plus the source boxes the `source` directive prints."""

    context: dict[str, Any]
    sources: dict[str, SourceBox] = field(default_factory=dict)
    adapted: dict[str, SourceBox] = field(default_factory=dict)


def line_ref(span: tuple[int, int] | None) -> str:
    """`(12, 14)` as "lines 12–14"; one line as "line 12"."""
    if span is None:
        return ""
    first, last = span
    return f"line {first}" if first == last else f"lines {first}–{last}"


def build_context(course: LoadedCourse, loaded: LoadedLesson, kind: str,
                  student: Student | None = None) -> Expansion:
    """The full context for one document of one lesson."""
    lesson = loaded.lesson
    boxes = {s.source.letter: source_box(s) for s in loaded.sources}
    adapted = {s.source.letter: box for s in loaded.sources if (box := adapted_box(s)) is not None}

    questions = []
    for number, q in enumerate(lesson.questions, start=1):
        span = quote_lines(boxes[q.source], q.quote) if q.source and q.quote else None
        questions.append(question_view(q, number, line_ref(span)))
    sources = [{
        "letter": s.source.letter,
        "title": s.source.title,
        "caption": boxes[s.source.letter].caption,
        "headnote": s.source.headnote,
        "has_adapted": s.source.letter in adapted,
        "line_count": len(boxes[s.source.letter].lines),
        "paragraphs": sorted({p.paragraph for p in s.pieces}),
    } for s in loaded.sources]
    context = {
        "course": course.course,
        "lesson": lesson,
        "lesson_id": loaded.id,
        "essay": loaded.essay.meta,
        "sources": sources,
        "questions": questions,
        "total_marks": sum(q.marks for q in lesson.questions),
        "glossary": [(word, course.course.glossary[word]) for word in lesson.keywords],
        "timeline": course.course.timeline,
        "document": {"kind": kind, "label": kind_label(kind)},
        "student": {"name": student.name if student else "", "group": student.group if student else ""},
    }
    return Expansion(context, boxes, adapted)

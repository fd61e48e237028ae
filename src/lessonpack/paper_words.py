"""The teacher's own words in a lesson (the plan, the teacher notes) worded for the paper they are
printed with, so a teacher never has to translate them in class.

On a paper whose sources and timeline are printed only in the source booklet (large print), a note
that sends students to "the timeline on the worksheet" or has them work "with the worksheet open at
Source A" names the source booklet instead, and the extract sheet is called the source booklet, as
that paper's worksheet calls it. Words that mean the worksheet itself ("Question 3 done in pairs on
the worksheet") are left as written. On a tier's paper the Differentiation notes name questions as
that paper numbers them (`questions.renumber`). The essay's words (a fact check's quote) are never
touched: only the teacher's.
"""

from __future__ import annotations

import re

from .lesson import Lesson
from .questions import renumber

_ON_WORKSHEET = re.compile(r"\b(timeline|introduction|sources?|Source [A-Z])( on the worksheet)\b")
"""Where the standard paper's worksheet prints a source or the timeline ("the timeline on the worksheet")."""
_OPEN_AT = re.compile(r"\bthe worksheet open at\b")
"""A worksheet opened at a source or the timeline: on a large-print paper it is the booklet that is open."""
_EXTRACT_SHEET = re.compile(r"\b(on |in )?the extract sheet(s?)\b")
"""The standard paper's extract sheet: on a large-print paper, the source booklet."""


def in_booklet(text: str) -> str:
    """A note worded for a paper that prints its sources and timeline only in the source booklet."""
    text = _ON_WORKSHEET.sub(r"\1 in the source booklet", text)
    text = _OPEN_AT.sub("the source booklet open at", text)
    return _EXTRACT_SHEET.sub(lambda m: ("in " if m.group(1) else "") + "the source booklet" + m.group(2), text)


def lesson_for_paper(lesson: Lesson, booklet: bool, numbers: dict[int, int] | None = None) -> Lesson:
    """The lesson with its plan and teacher notes worded for this paper: the source booklet named where
    the paper keeps its sources there (`booklet`), and the Differentiation notes' question numbers as a
    tier's paper prints them (`numbers`: full paper's number → this paper's; None on the full paper)."""
    if not booklet and numbers is None:
        return lesson

    def worded(text: str) -> str:
        return in_booklet(text) if booklet else text

    def tiered(text: str) -> str:
        text = worded(text)
        return renumber(text, numbers, {}) if numbers is not None else text

    notes = lesson.teacher_notes
    differentiation = notes.differentiation.model_copy(update={
        "support": [tiered(t) for t in notes.differentiation.support],
        "extension": [tiered(t) for t in notes.differentiation.extension]})
    teacher_notes = notes.model_copy(update={
        "background": worded(notes.background),
        "misconceptions": [worded(t) for t in notes.misconceptions],
        "fact_checks": [c.model_copy(update={"note": worded(c.note)}) for c in notes.fact_checks],
        "differentiation": differentiation})
    activities = [a.model_copy(update={"description": worded(a.description)}) for a in lesson.activities]
    return lesson.model_copy(update={"activities": activities, "teacher_notes": teacher_notes})

"""A lesson file's schema: what a teacher may write in `lessons/*.yaml`.

Every field has a docstring; the JSON Schema and docs/lesson-format.md are made
from them, so the editor's completion, the docs and the checks say the same thing.
The course file's models are in `course_model.py`, a question's in `question_model.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from .course_model import TimelineChoice
from .model_base import TITLE_CHARS, Strict
from .question_model import LessonQuestion
from .source_kinds import SOURCE_KINDS_SCHEMA, Picture, Statistics, check_source_kind
from .values import Bool, ParagraphRange, rule


class Passage(Strict):
    """A piece of the essay: exactly one of section, paragraphs or quote."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1, "maxProperties": 1})

    section: str | None = None
    """A section id from the essay, e.g. "soviet-1905" (see `lessonpack sections`)."""
    paragraphs: ParagraphRange | None = None
    """A paragraph number or range, e.g. "4" or "4-7": the ¶ numbers `lessonpack sections` shows."""
    quote: str | None = None
    """Words copied from the essay; checked against it, quote marks and spacing ignored."""

    @model_validator(mode="after")
    def _one_kind(self) -> Passage:
        given = [k for k in ("section", "paragraphs", "quote") if getattr(self, k) is not None]
        if len(given) != 1:
            raise rule("give exactly one of section, paragraphs or quote" + (f", not {' and '.join(given)}" if given else ""),
                       'each "- " item of an extract is one passage; for more, add another item, e.g.\n'
                       '      - section: soviet-1905\n      - quote: "…"')
        return self


class Source(Strict):
    """A lettered source with its provenance: an extract of the essay in a box, a picture, or a table of figures."""

    model_config = ConfigDict(json_schema_extra=SOURCE_KINDS_SCHEMA)

    letter: str = Field(pattern=r"^[A-Z]$")
    """The source's letter, "A" to "Z", as questions refer to it."""
    title: str = Field(max_length=TITLE_CHARS)
    """A short title for the extract."""
    essay: str | None = None
    """The essay the extract comes from; defaults to the lesson's essay."""
    extract: list[Passage] = []
    """The passages that make up the extract, in order; gaps print as "[…]". A source has an extract, a picture or statistics."""
    picture: Picture | None = None
    """A picture source (poster, cartoon, photograph, map) instead of an extract; it needs a caption."""
    statistics: Statistics | None = None
    """A table of figures (printed as a table, a bar chart or a line chart) instead of an extract; it needs a caption."""
    caption: str | None = None
    """The provenance caption (who, what kind of text, when, for whom); made from the essay's front matter if left out of an extract."""
    headnote: str = ""
    """One or two sentences of context printed above the extract."""
    adapted: str | None = None
    """A simplified version of the extract, printed as a separate, clearly marked text."""
    glossary: dict[str, str] = {}
    """Difficult words in the extract -> short definitions, printed under the source (under its adapted version, only the words that version uses)."""

    @model_validator(mode="after")
    def _one_kind(self) -> Source:
        check_source_kind(self)
        return self

    @model_validator(mode="after")
    def _adapted_has_text(self) -> Source:
        if self.adapted is not None and not self.adapted.strip():
            raise rule("the adapted text is empty", "write the simplified text, or remove the line", "adapted")
        return self


class Activity(Strict):
    """One step of the lesson plan."""

    phase: Literal["starter", "main", "plenary"]
    """Where it falls in the lesson."""
    minutes: int = Field(ge=1, le=240)
    """How long it takes."""
    title: str = Field(max_length=TITLE_CHARS)
    """A short name for the activity."""
    description: str = ""
    """What the teacher and students do."""


class FactCheck(Strict):
    """A claim in the essay a historian would query, and what the evidence says."""

    quote: str
    """The essay's words, verbatim (checked against the essay)."""
    note: str
    """What the evidence says, phrased carefully where historians disagree."""
    essay: str | None = None
    """The essay quoted; defaults to the lesson's essay."""


class Differentiation(Strict):
    """How the lesson adapts for different students."""

    support: list[str] = []
    """What students who need support get."""
    extension: list[str] = []
    """What students ready for more get."""


class TeacherNotes(Strict):
    """What only the teacher sees."""

    background: str = ""
    """Historical background for the teacher."""
    misconceptions: list[str] = []
    """Likely misconceptions, and how to address them."""
    fact_checks: list[FactCheck] = []
    """Claims in the essay to query, with the evidence."""
    differentiation: Differentiation = Differentiation()
    """Support and extension."""


class Lesson(Strict):
    """A lesson file in `lessons/`: the plan, the sources and the questions."""

    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
    """Short name used in file names; defaults to the file name without .yaml."""
    title: str = Field(max_length=TITLE_CHARS)
    """The lesson title, printed at the top of every document."""
    audience: str = ""
    """Year group or age range, e.g. "Year 10 (ages 14–15)"."""
    duration: int = Field(default=60, ge=1, le=600)
    """Length of the lesson in minutes; activities must fit in it."""
    enquiry: str
    """The central historical question the lesson answers."""
    objectives: list[str] = []
    """What students will be able to do by the end."""
    essay: str | None = None
    """The essay this lesson cites (a file in lessons/essays/, without .md); defaults to the course's."""
    keywords: list[str] = []
    """Glossary terms used in the lesson; each must be defined in course.yaml."""
    sources: list[Source] = []
    """The lettered sources: extracts of the essay that students read and questions cite."""
    activities: list[Activity] = []
    """The lesson plan: starter, main activities and plenary."""
    questions: list[LessonQuestion] = []
    """The worksheet questions, in order."""
    shuffle_questions: Bool = False
    """true lets class-set versions (--variants) put the questions in a different order; a question with `shuffle: false` keeps its place."""
    timeline: Bool | TimelineChoice = False
    """true prints the course timeline on the worksheet and in the teacher notes; a mapping prints only some of its events: `{from: 1922, to: 1926}` (years), `{events: [lenin-dies]}` (course event ids), or both, with `scale: true` to draw them to scale."""
    grade_table: Bool = False
    """true prints a marks table (question, marks available, marks awarded) at the end of the worksheet."""
    total_marks: int | None = None
    """If given, the questions' marks must add up to it, so a mark lost while editing is caught."""
    teacher_notes: TeacherNotes = TeacherNotes()
    """Background, misconceptions, fact checks and differentiation."""
    homework: list[Annotated[int, Field(ge=1)]] = []
    """The questions set for homework, by their numbers on the full worksheet; the homework sheet reprints them numbered from 1. Default: every question worth 4 marks or more."""
    exit_ticket: list[Annotated[int, Field(ge=1)]] = Field(default=[], max_length=4)
    """The questions on the exit ticket, by their numbers on the full worksheet (at most 4). Default: the three worth fewest marks."""
    documents: list[str] = ["worksheet", "extract", "teacher-notes"]
    """Which documents to make; each is a template name (worksheet, extract, teacher-notes, …)."""

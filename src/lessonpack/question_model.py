"""A worksheet question's schema: its type, answer space, options, parts and mark scheme.

Every field has a docstring; the JSON Schema and docs/lesson-format.md are made from them.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from .model_base import Strict
from .source_kinds import Picture
from .values import Bool, rule

QUESTION_TYPES = (
    "short-answer", "extended-answer", "source-analysis", "multiple-choice", "true-false",
    "gap-fill", "matching", "ordering", "table",
)

# What each question type needs besides prompt and marks (also written into the JSON Schema).
QUESTION_NEEDS = {
    "multiple-choice": ("options", "answer"),
    "ordering": ("options",),
    "true-false": ("statements",),
    "matching": ("pairs",),
    "gap-fill": ("text",),
    "table": ("columns", "rows"),
}

# Limits: what a worksheet can print, checked where the teacher typed it, so that
# anything `lessonpack validate` accepts also builds, in every format and profile.
CELL_CHARS = 500
"""A table question's column heading: the heading row repeats on every page, so it must fit on one."""
TABLE_COLUMNS = 12
"""Columns of a table question: more would not fit across a page even in small print."""
TABLE_ROWS = 100
"""Rows of a table question."""
CHOICES = 26
"""Options and matching pairs are lettered A to Z."""
GAPS = 100
"""Gaps in one gap-fill text."""
GAP = re.compile(r"\{([^{}]+)\}")
"""A gap in a gap-fill text: its word in braces."""


class Level(Strict):
    """One level of a levels-of-response mark scheme."""

    level: int = Field(ge=1, le=6)
    """The level number, 1 the lowest."""
    marks: str
    """The mark band, e.g. "1-2"."""
    descriptor: str
    """What an answer at this level does."""


class MarkScheme(Strict):
    """How answers earn marks: points, or levels of response with indicative content."""

    points: list[str] = []
    """Creditworthy points, one mark each unless the note says otherwise."""
    levels: list[Level] = []
    """Levels of response, lowest first."""
    indicative: list[str] = []
    """Indicative content: what good answers may include."""


class Option(Strict):
    """A multiple-choice option that must not move when versions are shuffled."""

    text: str
    """The option's text."""
    shuffle: Bool = True
    """false keeps it in place, e.g. "All of the above"."""


class Statement(Strict):
    """A statement to mark true or false."""

    text: str
    """The statement."""
    answer: Bool
    """Whether it is true: true or false."""


class Pair(Strict):
    """A matching pair: students draw a line from left to right."""

    left: str
    """The item in the left column."""
    right: str
    """The item it matches in the right column."""


def _question_schema(schema: dict[str, Any]) -> None:
    """Tell the editor which keys each question type needs, as the checks do."""
    schema["allOf"] = [{"if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
                        "then": {"required": list(needs)}} for kind, needs in QUESTION_NEEDS.items()]


class Part(Strict):
    """A lettered part of a question, (a), (b), …, with its own marks and answer space."""

    prompt: str
    """The part's question, as students read it."""
    marks: int = Field(ge=0, le=100)
    """Marks for this part, shown in the margin."""
    space: Literal["lines", "box", "none"] = "lines"
    """Answer space: ruled lines, a blank box, or none."""
    lines: int | None = Field(default=None, ge=0, le=200)
    """How many ruled lines. Default: two per mark, at least two."""
    model_answer: str = ""
    """A model answer, printed only in the teacher notes."""

    @property
    def answer_lines(self) -> int:
        return self.lines if self.lines is not None else max(2, 2 * self.marks)


class LessonQuestion(Strict):
    """A question on the worksheet; `type` says which other keys it uses."""

    # "Question" is the name teachers read in the docs and their editor.
    model_config = ConfigDict(title="Question", json_schema_extra=_question_schema)

    type: Literal[QUESTION_TYPES] = "short-answer"  # type: ignore[valid-type]
    """What kind of question; it decides the answer space and which other keys it needs (see Question types)."""
    prompt: str
    """The question as students read it."""
    marks: int = Field(ge=0, le=100)
    """Marks available, shown in the margin as "[4 marks]"."""
    minutes: int | None = Field(default=None, ge=1, le=240)
    """Advised minutes, shown beside the marks."""
    source: str | None = None
    """The letter of the source the question is about."""
    quote: str | None = None
    """Words of that source the question points at; the worksheet gives their line numbers."""
    skill: Literal["inference", "usefulness", "comparison", "how-far", "sourcing",
                   "contextualisation", "corroboration", "close-reading"] | None = None
    """For source-analysis questions: the historical skill assessed."""
    space: Literal["lines", "box", "none"] | None = None
    """Answer space: ruled lines, a blank box, or none. Default: lines (none for choice questions)."""
    lines: int | None = Field(default=None, ge=0, le=200)
    """How many ruled lines (or the box height in lines). Default: two per mark, at least two."""
    options: list[str | Option] = Field(default=[], max_length=CHOICES)
    """multiple-choice: the options; ordering: the items in the right order."""
    answer: str | None = None
    """multiple-choice: the correct option's text."""
    statements: list[Statement] = []
    """true-false: the statements."""
    pairs: list[Pair] = Field(default=[], max_length=CHOICES)
    """matching: the pairs, in matching order (the right column is printed shuffled)."""
    text: str | None = None
    """gap-fill: the passage with each gap's word in braces, e.g. "The {soviet} met in …"."""
    distractors: list[str] = []
    """gap-fill: extra words for the word bank that fill no gap."""
    columns: list[Annotated[str, Field(max_length=CELL_CHARS)]] = Field(default=[], max_length=TABLE_COLUMNS)
    """table: the column headings."""
    rows: list[str] = Field(default=[], max_length=TABLE_ROWS)
    """table: the row labels (first column); the other cells are left to fill in."""
    column_widths: list[Annotated[int, Field(ge=1, le=1000)]] = []
    """table: the columns' widths relative to one another, one a column, e.g. [43, 48, 48, 19] (on a standard page, where a question is 158 mm wide, those are millimetres: 43 mm for the row labels, 48 mm for each column to write in, 19 mm for one to write a letter in). Default: shared out by the length of their text. A large-print page too narrow for the table prints a box per row."""
    model_answer: str = ""
    """A model answer, printed only in the teacher notes."""
    mark_scheme: MarkScheme | None = None
    """How marks are awarded, printed only in the teacher notes."""
    scaffold: list[str] = []
    """Sentence starters printed under the question for support."""
    extension: str = ""
    """An extension task for students who finish early."""
    shuffle: Bool = True
    """false keeps this question in place when versions are shuffled, and a multiple-choice question's options in the order written (ordering and matching items are always shuffled: their order is the answer)."""
    parts: list[Part] = []
    """Lettered parts (a), (b), … each with its own marks and answer space; their marks add up to `marks`."""
    tier: Literal["all", "support", "extension"] = "all"
    """Who gets this question: all students, only the support version (--tier support), or only the extension version."""
    picture: Picture | None = None
    """A picture printed under the question ("Study the poster…"), with the same rules as a picture source."""

    @model_validator(mode="after")
    def _fits_type(self) -> LessonQuestion:
        missing = [k for k in QUESTION_NEEDS.get(self.type, ()) if not getattr(self, k)]
        if missing:
            example = {"options": 'options:\n  - "…"', "answer": 'answer: "…"', "statements": (
                "statements:\n  - text: \"…\"\n    answer: true"), "pairs": 'pairs:\n  - left: "…"\n    right: "…"',
                "text": 'text: "The {soviet} met in …"', "columns": 'columns: ["…", "…"]', "rows": 'rows: ["…", "…"]'}
            raise rule(f"a {self.type} question needs {' and '.join(missing)}",
                       "add " + "\n".join(example[k] for k in missing))
        if self.column_widths and len(self.column_widths) != len(self.columns):
            raise rule(f"column_widths gives {len(self.column_widths)} widths for {len(self.columns)} columns",
                       "give one width a column, e.g. column_widths: [62, 32, 32, 32]", field="column_widths")
        if self.column_widths and self.type != "table":
            raise rule(f"column_widths is for a table question, not a {self.type} question",
                       "remove column_widths", field="column_widths")
        if self.type == "multiple-choice" and self.answer not in self.option_texts:
            raise rule(f'answer "{self.answer}" is not one of the options',
                       "copy the right option's text exactly: " + ", ".join(f'"{o}"' for o in self.option_texts),
                       field="answer")
        if self.parts and sum(p.marks for p in self.parts) != self.marks:
            raise rule(f"the parts' marks add up to {sum(p.marks for p in self.parts)}, not {self.marks}",
                       "make `marks` the total of the parts' marks", field="marks")
        if self.type == "gap-fill" and self.text and "{" not in self.text:
            raise rule("a gap-fill text needs at least one gap", 'put each gap\'s word in braces, e.g. "The {soviet} met"',
                       field="text")
        if self.type == "gap-fill" and (gaps := len(GAP.findall(self.text or ""))) > GAPS:
            raise rule(f"a gap-fill text may have at most {GAPS} gaps, but this one has {gaps}",
                       "split the text into two gap-fill questions", field="text")
        items = _scored_items(self)
        if items and self.marks != items[0] and self.mark_scheme is None:
            unit = "mark" if self.marks == 1 else "marks"
            raise rule(f"this {self.type} question has {items[0]} {items[1]} but {self.marks} {unit}",
                       f"give {items[0]} marks (one for each of its {items[1]}), or add a "
                       "mark_scheme that says how its marks are awarded", field="marks")
        return self

    @property
    def option_texts(self) -> list[str]:
        return [o if isinstance(o, str) else o.text for o in self.options]

    @property
    def answer_space(self) -> str:
        if self.parts:
            return "none"  # each part has its own
        if self.space:
            return self.space
        return "none" if self.type in ("multiple-choice", "true-false", "matching",
                                       "gap-fill", "ordering", "table") else "lines"

    @property
    def answer_lines(self) -> int:
        return self.lines if self.lines is not None else max(2, 2 * self.marks)


def _scored_items(q: LessonQuestion) -> tuple[int, str] | None:
    """(count, what) for question types marked one per item unless a mark scheme says otherwise."""
    if q.type == "gap-fill" and q.text:
        return len(GAP.findall(q.text)), "gaps"
    if q.type == "true-false" and q.statements:
        return len(q.statements), "statements"
    if q.type == "matching" and q.pairs:
        return len(q.pairs), "pairs"
    return None

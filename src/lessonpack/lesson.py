"""The course and lesson schema: what a teacher may write in `lessons/*.yaml`.

Every field has a docstring; the JSON Schema and docs/lesson-format.md are made
from them, so the editor's completion, the docs and the checks say the same thing.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .source_kinds import SOURCE_KINDS_SCHEMA, Picture, Statistics, check_source_kind
from .theme import PROFILES, theme_for
from .timeline import year_of
from .values import Bool, ParagraphRange, rule

PHASES = ("starter", "main", "plenary")
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
TEXT_CHARS = 200_000
"""Any one text in a lesson or course.yaml: about 30,000 words, far more than a worksheet prints."""
TITLE_CHARS = 200
"""A title: printed in page headers and stored in the files' metadata, so a line, not a page."""
CELL_CHARS = 500
"""A table question's column heading: the heading row repeats on every page, so it must fit on one."""
TABLE_COLUMNS = 12
"""Columns of a table question: more would not fit across a page even in small print."""
TABLE_ROWS = 100
"""Rows of a table question."""
PRINT_SIZE = 48
"""The largest text size a school profile may set, in points (large-print-36 prints at 36 on A3)."""
PRINT_LEADING = 72
"""The tallest line a school profile may make (text size × line_spacing), in points: a page must
still hold a question with its answer lines, and a box, whole."""
DATE_CHARS = 40
"""A timeline date: it prints in a column two fifths of the width, and an entry cannot break across pages."""
EVENT_CHARS = 120
"""A timeline event: a few words beside its date; an entry cannot break across pages."""
TIMELINE_EVENTS = 200
"""Events on the course timeline: five or more pages of them at the standard size."""
PROFILE_CHAIN = 10
"""School profiles based on one another, before a built-in one."""
CHOICES = 26
"""Options and matching pairs are lettered A to Z."""
GAPS = 100
"""Gaps in one gap-fill text."""
GAP = re.compile(r"\{([^{}]+)\}")
"""A gap in a gap-fill text: its word in braces."""


class Strict(BaseModel):
    """Base for every schema model: unknown keys are mistakes, docstrings are docs."""

    model_config = ConfigDict(extra="forbid", frozen=True,
                              str_max_length=TEXT_CHARS)


class TimelineEntry(Strict):
    """One dated event on the course timeline."""

    model_config = ConfigDict(title="TimelineEvent")  # the name teachers read in the docs and their editor

    date: str = Field(max_length=DATE_CHARS)
    """When it happened, as it should print: "1905", "Oct 1917", "20 Aug 1940", "Mid-Oct 1905", "1926–27". The drawing to scale reads the first four-digit year, a month named before it and a day before the month; a range stands at its start."""
    year: int | None = Field(default=None, ge=1, le=9999)
    """The year, if the date names none (else it is read from the date, and must agree with it)."""
    event: str = Field(max_length=EVENT_CHARS)
    """What happened, in a few words."""
    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)
    """A short name (lower-case letters, digits and hyphens, e.g. lenin-dies) by which a lesson's `timeline: {events: [...]}` chooses this event."""

    @model_validator(mode="before")
    @classmethod
    def _year_from_date(cls, data: Any) -> Any:
        """The year is the date's own: given only where the date has none, never against it."""
        if not isinstance(data, dict) or not isinstance(data.get("date"), str):
            return data
        date = data["date"]
        found = year_of(date)
        given = data.get("year")
        if given is None:
            if found is None:
                raise rule(f'the date "{date}" names no year', 'add the year to the date, e.g. "Oct 1905", '
                           "or give it as year: 1905", field="date")
            return {**data, "year": found}
        if found is not None and isinstance(given, int) and given != found:
            raise rule(f'year: {given} does not agree with the date "{date}" ({found})',
                       "remove year: (it is read from the date), or correct one of them", field="year")
        return data


class TimelineChoice(Strict):
    """Which course timeline events a lesson prints: those in a range of years, those named by id, or both."""

    model_config = ConfigDict(title="TimelineChoice", populate_by_name=True)

    start: int | None = Field(default=None, alias="from", ge=1, le=9999)
    """The first year printed (events whose year is this or later)."""
    end: int | None = Field(default=None, alias="to", ge=1, le=9999)
    """The last year printed (events whose year is this or earlier)."""
    events: list[str] = []
    """Events printed by their `id` in course.yaml, besides any in the range."""
    scale: Bool = False
    """true draws the events to scale: the distance between them follows time, and a long gap is cut short with a break mark; false (the default) spaces them evenly, each date beside its dot."""
    @model_validator(mode="after")
    def _chooses_something(self) -> TimelineChoice:
        if self.start is None and self.end is None and not self.events and not self.scale:
            raise rule("the timeline chooses no events", "give a range of years (from: 1905, to: 1917), "
                       "events by id (events: [lenin-dies]), or write timeline: true for all "
                       "(timeline: {scale: true} for all, to scale)", field=())
        if self.start is not None and self.end is not None and self.start > self.end:
            raise rule(f"the timeline runs from {self.start} back to {self.end}",
                       "from: is the first year, to: the last", field="to")
        return self


class Profile(Strict):
    """A school's own print profile: a built-in one with some sizes or colours changed."""

    base: str = "standard"
    """The profile it starts from: a built-in one (standard, large-print-18, large-print-24, large-print-36, dyslexia or high-contrast) or another of the school's own."""
    page_size: Literal["A4", "Letter", "A3"] | None = None
    """Paper size."""
    body_font: Literal["DejaVu Serif", "DejaVu Sans"] | None = None
    """Font for running text."""
    body_size: float | None = Field(default=None, ge=6, le=PRINT_SIZE)
    """Body text size in points."""
    extract_size: float | None = Field(default=None, ge=6, le=PRINT_SIZE)
    """Source extract text size in points."""
    small_size: float | None = Field(default=None, ge=6, le=PRINT_SIZE)
    """Captions, line numbers, header and footer, in points."""
    line_spacing: float | None = Field(default=None, ge=1, le=3)
    """Line height as a multiple of the text size."""
    paragraph_space: float | None = Field(default=None, ge=0, le=72)
    """Space after each paragraph, in points."""
    answer_line_height: float | None = Field(default=None, ge=12, le=120)
    """Distance between ruled answer lines, in points."""
    page_colour: str | None = Field(default=None, pattern=r"^(#[0-9A-Fa-f]{6})?$")
    """Page background, e.g. "#FFF8E7" (cream); "" for white."""
    text_colour: str | None = Field(default=None, pattern=r"^#[0-9A-Fa-f]{6}$")
    """Colour of the text."""
    accent_colour: str | None = Field(default=None, pattern=r"^#[0-9A-Fa-f]{6}$")
    """Colour of headings, rules and line numbers."""
    italics: Bool | None = None
    """false prints emphasis in bold instead of italics."""
    source_booklet: Bool | None = None
    """true (the large-print profiles) prints the sources and timeline only in the source booklet (the extracts), which the student keeps beside the worksheet; false prints them in the worksheet too."""
    marks_below: Bool | None = None
    """true (every built-in profile) prints a question's marks on a line of their own under its first paragraph, which then uses the full width, so they are read after the question; false keeps them in a column beside it."""

    def changes(self) -> dict:
        """The Theme fields this profile sets, plus its base."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


class Logo(Strict):
    """The school's logo or crest, printed with its name at the top of every page of every PDF and DOCX."""

    file: str = Field(max_length=255)
    """A PNG or JPEG image in the course folder, e.g. images/crest.png (at most 2 MB)."""
    height_mm: float = Field(default=12, ge=5, le=25)
    """Its printed height in millimetres (5 to 25); its width follows from its proportions, at most 60 mm."""


class Course(Strict):
    """`lessons/course.yaml`: what the whole course shares."""

    title: str = Field(max_length=TITLE_CHARS)
    """The course title, printed in every page header."""
    subject: str = "History"
    """The school subject, stored in the files' metadata."""
    audience: str = ""
    """Who the course is for, e.g. "Ages 14–18 (GCSE, A-level)"."""
    school: str = Field(default="", max_length=120)
    """The school's name, printed at the top of every page (beside the logo, if any) and where templates print it."""
    logo: Logo | None = None
    """The school's logo, printed beside its name at the top of every page."""
    author: str = ""
    """Who wrote the lessons; stored in the files' metadata."""
    page_size: Literal["A4", "Letter"] = "A4"
    """Paper size for every document."""
    profile: str = "standard"
    """The default print profile."""
    language: str = "en-GB"
    """The language of the text, stored in the files for screen readers."""
    essay: str | None = None
    """The essay lessons use when they do not name one (a file in lessons/essays/, without .md)."""
    glossary: dict[str, str] = {}
    """Term -> definition; lessons list the terms they use under `keywords`."""
    timeline: list[TimelineEntry] = Field(default=[], max_length=TIMELINE_EVENTS)
    """Dated events, drawn as a timeline figure where a template asks for one; a lesson chooses which it prints."""
    profiles: dict[str, Profile] = {}
    """The school's own print profiles by name, used with --profile NAME or a roster's profile column."""

    @model_validator(mode="after")
    def _timeline_ids_unique(self) -> Course:
        """A lesson names events by id, so each id names one event."""
        seen: set[str] = set()
        for i, entry in enumerate(self.timeline):
            if entry.id is not None and entry.id in seen:
                raise rule(f'timeline event id "{entry.id}" is used twice', "give each event its own id",
                           field=("timeline", i, "id"))
            seen.add(entry.id)
        return self

    @model_validator(mode="after")
    def _profiles_have_bases(self) -> Course:
        """Each school profile leads, through its bases, to a built-in one."""
        for name, profile in self.profiles.items():
            where = ("profiles", name, "base")
            if profile.base not in PROFILES and profile.base not in self.profiles:
                raise rule(f'profile "{name}" starts from "{profile.base}", which is not a profile',
                           "base must be one of: " + ", ".join(sorted({*PROFILES, *self.profiles})),
                           field=where)
            chain = [name]
            while chain[-1] in self.profiles and chain[-1] not in PROFILES and len(chain) <= PROFILE_CHAIN:
                base = self.profiles[chain[-1]].base
                if base in chain:
                    raise rule(f'profile "{name}" starts from itself: {" → ".join([*chain, base])}',
                               "make one of them start from a built-in profile, e.g. base: standard", field=where)
                chain.append(base)
            if len(chain) > PROFILE_CHAIN:
                raise rule(f'profile "{name}" starts from a chain of more than {PROFILE_CHAIN} profiles',
                           f"the limit is {PROFILE_CHAIN}: start it from a built-in profile or a shorter chain",
                           field=where)
        return self

    @model_validator(mode="after")
    def _profiles_can_print(self) -> Course:
        """Lines so tall that a page holds only a few would leave questions and boxes no page to fit on."""
        extra = {name: profile.changes() for name, profile in self.profiles.items()}
        for name, profile in self.profiles.items():
            theme = theme_for(self.page_size, name, extra)
            size = max(theme.body_size, theme.extract_size, theme.small_size)
            if size * theme.line_spacing > PRINT_LEADING:
                given = next((k for k in ("line_spacing", "body_size", "extract_size", "small_size")
                              if getattr(profile, k) is not None), "base")
                raise rule(f'profile "{name}" makes lines {size:g} pt × {theme.line_spacing:g} = '
                           f"{size * theme.line_spacing:g} pt tall, more than a page can print with its boxes whole",
                           f"keep text size × line_spacing at most {PRINT_LEADING} pt, e.g. body_size: {size:g} "
                           f"with line_spacing: {PRINT_LEADING / size:.2g}", field=("profiles", name, given))
        return self

    reference_docx: str | None = None
    """A Word file in the course folder whose styles (fonts, colours, headings), header and footer the DOCX files take, as pandoc's --reference-doc; not its margins (see docs/branding.md)."""


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
    """Difficult words in the extract -> short definitions, printed under the source."""

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

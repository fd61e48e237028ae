"""`lessons/course.yaml`'s schema: the course, its timeline and the school's print profiles.

Every field has a docstring; the JSON Schema and docs/lesson-format.md are made from them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from .model_base import TITLE_CHARS, Strict
from .theme import PROFILES, theme_for
from .timeline import year_of
from .values import Bool, rule

# Limits: what a worksheet can print, checked where the teacher typed it, so that
# anything `lessonpack validate` accepts also builds, in every format and profile.
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

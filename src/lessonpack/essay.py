"""Load a source essay, number its paragraphs, and resolve sections, ranges and quotes.

An essay file is front matter between `---` lines, then body paragraphs (one per
line, blank lines between) and section headings `## Title {#id}`. Paragraphs are
numbered 1..N in order; headings never change the numbers, so the ¶ citations
students see stay put when a teacher adds or renames a section.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import ErrorGroup, LessonpackError, Location
from .inputs import decode_text, read_input
from .text import INVISIBLE_HINT, clean_text
from .validation import pydantic_errors
from .yaml_kept import load_yaml

HEADING = re.compile(r"^##\s+(?P<title>.*?)\s*\{#(?P<id>[^}\s]*)\}\s*$")
SECTION_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$")

# Quotes are matched ignoring the difference between curly and straight quotes and
# all white space, so a teacher can type a quote from the essay on any keyboard.
_QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
                             "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})


class EssayMeta(BaseModel):
    """The essay's front matter: who wrote it, what it is, where it comes from."""

    model_config = ConfigDict(extra="forbid")

    title: str
    """The essay's own title, as published."""
    author: str = "Unknown author"
    """The author's name as published (a pen name is fine)."""
    author_description: str = ""
    """The author's own description of themselves, as published."""
    form: str = "essay"
    """What kind of text it is, e.g. "blog post"; printed in provenance captions."""
    date: str = ""
    """When it was published, as precisely as known; empty when undated."""
    url: str = ""
    """Where it was published."""
    note: str = ""
    """How this copy was made (e.g. imported from a blog, furniture removed)."""


@dataclass(frozen=True, slots=True)
class EssayParagraph:
    """A numbered body paragraph and the file line it is on."""

    number: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Section:
    """A named range of paragraphs, from a `## Title {#id}` heading to the next."""

    id: str
    title: str
    first: int
    last: int
    line: int


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """Where a quote stands in the essay: paragraph and character span in its text."""

    paragraph: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Essay:
    """A loaded essay: metadata, numbered paragraphs and sections."""

    file: Path
    name: str
    meta: EssayMeta
    paragraphs: tuple[EssayParagraph, ...]
    sections: tuple[Section, ...]
    warnings: tuple[LessonpackError, ...] = ()
    """Invisible characters removed from the body, each at its line (like a lesson's)."""

    def paragraph(self, number: int) -> EssayParagraph:
        return self.paragraphs[number - 1]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def section_of(self, paragraph: int) -> Section | None:
        return next((s for s in self.sections if s.first <= paragraph <= s.last), None)

    def parse_range(self, text: str) -> tuple[int, int] | None:
        """`"4-7"` or `"4"` as a paragraph range inside the essay, else None."""
        m = RANGE.match(str(text))
        if not m:
            return None
        first, last = int(m[1]), int(m[2] or m[1])
        if not 1 <= first <= last <= len(self.paragraphs):
            return None
        return first, last

    def find_quote(self, quote: str) -> QuoteMatch | None:
        """Find a quote, ignoring curly/straight quote and white-space differences."""
        return next(self.find_quotes(quote), None)

    def find_quotes(self, quote: str) -> Iterator[QuoteMatch]:
        """Every place the quote stands, in essay order (more than one means the quote is ambiguous)."""
        needle = fold(quote)[0]
        if not needle:
            return
        for para in self.paragraphs:
            folded, index = fold(para.text)
            at = folded.find(needle)
            while at >= 0:
                yield QuoteMatch(para.number, index[at], index[at + len(needle) - 1] + 1)
                at = folded.find(needle, at + 1)


@lru_cache(maxsize=4096)
def fold(text: str) -> tuple[str, tuple[int, ...]]:
    """Text with quotes folded and white space dropped, and each kept char's index.

    Remembered: every quote of a course is looked for in the same essay paragraphs."""
    kept: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text.translate(_QUOTE_FOLD)):
        if not ch.isspace():
            kept.append(ch)
            index.append(i)
    return "".join(kept), tuple(index)


def load_essay(file: Path, within: Path | None = None) -> Essay:
    """Read and check an essay file; every problem in it is reported together.

    With `within` (the course folder), an essay that leads outside it is refused unread."""
    if not os.path.lexists(file):
        raise LessonpackError("essay file not found", Location(file),
                              hint="check the essay name; essays live in lessons/essays/")
    text = decode_text(read_input(file, within=within, what="the essay"), file,
                       "an essay must be a plain-text .md file, not a Word document or PDF",
                       allow_nul=True)  # a stray NUL pasted into a paragraph is cleaned below, with a note
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or lines[0].strip() != "---" or "---" not in (l.strip() for l in lines[1:]):
        raise LessonpackError("the essay has no front matter", Location(file, 1, 1),
                              hint='start the file with a block like:\n---\ntitle: "…"\nauthor: "…"\n---')
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    # Pad with one blank line so YAML's line numbers are the file's line numbers.
    front = load_yaml(file, "\n" + "\n".join(lines[1:end]) + "\n")
    errors: list[LessonpackError] = []
    try:
        meta = EssayMeta.model_validate(front.data if isinstance(front.data, dict) else {})
    except ValidationError as exc:
        raise ErrorGroup(pydantic_errors(exc, front)) from None

    paragraphs: list[EssayParagraph] = []
    sections: list[tuple[str, str, int, int]] = []  # id, title, first paragraph, line
    warnings: list[LessonpackError] = []
    for lineno, raw in enumerate(lines[end + 1:], start=end + 2):
        # Text pasted from Word or the web: NUL, Shift-Enter, zero-width spaces… would crash
        # python-docx or print as boxes. A line break inside a paragraph is a space here.
        raw, notes = clean_text(raw)
        warnings.extend(LessonpackError(note, Location(file, lineno), INVISIBLE_HINT) for note in notes)
        line = " ".join(raw.split("\n")).strip()
        if not line:
            continue
        if line.startswith("## "):
            m = HEADING.match(line)
            if not m or not SECTION_ID.match(m["id"]):
                errors.append(LessonpackError(
                    "a section heading needs an id", Location(file, lineno, 1),
                    hint="write headings as `## 1905: the first soviet {#soviet-1905}` "
                         "(id: lower-case letters, digits and hyphens)"))
                continue
            if any(s[0] == m["id"] for s in sections):
                errors.append(LessonpackError(f'section id "{m["id"]}" is used twice',
                                              Location(file, lineno, 1), hint="give each section its own id"))
                continue
            sections.append((m["id"], m["title"], len(paragraphs) + 1, lineno))
            continue
        if line.startswith("\\## "):  # an escaped body line that starts like a heading
            line = line[1:]
        paragraphs.append(EssayParagraph(len(paragraphs) + 1, line, lineno))
    if not paragraphs:
        errors.append(LessonpackError("the essay has no paragraphs", Location(file),
                                      hint="put the essay text after the front matter, one paragraph per line"))
    resolved: list[Section] = []
    for i, (sid, title, first, lineno) in enumerate(sections):
        last = sections[i + 1][2] - 1 if i + 1 < len(sections) else len(paragraphs)
        if last < first:
            errors.append(LessonpackError(f'section "{sid}" has no paragraphs', Location(file, lineno, 1),
                                          hint="remove the heading or move it before its paragraphs"))
            continue
        resolved.append(Section(sid, title, first, last, lineno))
    if errors:
        raise ErrorGroup(errors)
    return Essay(file, file.stem, meta, tuple(paragraphs), tuple(resolved), tuple(warnings))

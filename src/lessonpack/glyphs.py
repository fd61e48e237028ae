"""Find characters the PDF cannot print, before it is written, and say where they came from.

reportlab draws a character its font lacks as an empty box (or nothing), sets
right-to-left scripts in reverse without a bidi library, chokes on control
characters (python-docx refuses them outright), and writes a broken text map for
characters beyond U+FFFF, so search, copy-paste and screen readers get them wrong. None of that should reach a
classroom silently. `check` walks a Document with the font face each piece of
text is set in (as the PDF writer does) and lists every such character;
`located` turns the list into errors at the lesson, essay or course line the
character was typed on.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import document as d
from .errors import LessonpackError, Location
from .fonts import missing_glyphs
from .theme import STANDARD, Theme
from .yaml_kept import load_yaml

NO_GLYPH, CONTROL, RIGHT_TO_LEFT, UNSEARCHABLE = "no glyph", "control", "right-to-left", "unsearchable"
_HINTS = {
    NO_GLYPH: "replace it with a similar character or a word (emoji and some scripts are not in the PDF fonts)",
    CONTROL: "delete it: it is an invisible control character, usually copied from Word or a web page",
    RIGHT_TO_LEFT: "the PDF writer cannot set right-to-left scripts (Hebrew, Arabic) yet: its letters would "
                   "print in reverse order; use the DOCX, or a transliteration",
    UNSEARCHABLE: "replace it with an ordinary character if there is one (e.g. a plain letter for a "
                  "mathematical one); the DOCX is not affected",
}


@dataclass(frozen=True)
class GlyphProblem:
    """One character that would not print correctly, the first place it appears and its font."""

    char: str
    reason: str
    """NO_GLYPH, CONTROL, RIGHT_TO_LEFT or UNSEARCHABLE."""
    where: str
    """Where in the document, e.g. "question 2" or "Source A, line 12"."""
    font: str
    count: int = 1

    @property
    def severe(self) -> bool:
        """False for UNSEARCHABLE: the page itself looks right, so a warning is enough."""
        return self.reason != UNSEARCHABLE

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        return unicodedata.name(self.char, "") or ("control character" if self.reason == CONTROL
                                                  else "unnamed character")

    def describe(self) -> str:
        shown = "" if self.reason == CONTROL else f'"{self.char}" '
        return f"{shown}({self.code} {self.name})"

    def message(self) -> str:
        return _message([self])


def _message(problems: list[GlyphProblem]) -> str:
    """One sentence for problems of one kind, font and place: which characters and why."""
    first, many = problems[0], len(problems) > 1
    listed = ", ".join(p.describe() for p in problems[:6]) + (", …" if len(problems) > 6 else "")
    what, it = (f"{len(problems)} characters", "them") if many else (listed, "it")
    count = sum(p.count for p in problems)
    where = f" (in {first.where}{f', {count} times' if count > len(problems) else ''})"
    listed = f": {listed}" if many else ""
    if first.reason == UNSEARCHABLE:
        return (f"{what} will print but cannot be searched in the PDF{listed}: search, copy-paste and screen "
                f"readers get {it} wrong (reportlab maps characters beyond U+FFFF incorrectly){where}")
    why = {
        NO_GLYPH: f"the font {first.font} has no glyph for {it}, so {'they' if many else 'it'} would print as "
                  f"{'empty boxes' if many else 'an empty box'}",
        CONTROL: "they are invisible control characters" if many else "it is an invisible control character",
        RIGHT_TO_LEFT: "right-to-left text would print with its letters in reverse order",
    }[first.reason]
    return f"cannot print {what} in the PDF{listed}: {why}{where}"


def _reportlab_has_bidi() -> bool:
    """Whether reportlab can set right-to-left text; asked only when there is some, so
    `lessonpack validate` does not import reportlab for ordinary lessons."""
    from reportlab.pdfgen.textobject import rtlSupport

    return bool(rtlSupport)


_PRINTS: dict[tuple[str, str], set[str]] = {}
"""(font family, face) -> characters found to print in it. Whether a character prints depends only on
the character and the face (files shipped with lessonpack), so each is looked at once a process."""


def check(document: d.Document, theme: Theme = STANDARD) -> list[GlyphProblem]:
    """Every character of the document the PDF cannot print, once each, in order of first use."""
    found: dict[tuple[str, str], GlyphProblem] = {}
    for text, family, face, where in _runs(document, theme):
        prints = _PRINTS.setdefault((family, face), set())
        chars = set(text) - prints
        if not chars:
            continue
        bad = {ch: CONTROL for ch in chars if _is_control(ch)}
        bad.update((ch, NO_GLYPH) for ch in missing_glyphs("".join(chars), family, face) if ch not in bad)
        rtl = [ch for ch in chars if ch not in bad and unicodedata.bidirectional(ch) in ("R", "AL")]
        if rtl and not _reportlab_has_bidi():
            bad.update((ch, RIGHT_TO_LEFT) for ch in rtl)
        bad.update((ch, UNSEARCHABLE) for ch in chars if ch not in bad and ord(ch) > 0xFFFF)
        prints.update(chars - bad.keys())
        for ch, reason in sorted(bad.items(), key=lambda item: text.index(item[0])):
            key = (ch, reason)
            if key in found:
                found[key] = dataclasses.replace(found[key], count=found[key].count + text.count(ch))
            else:
                font = f"{family}{'' if face == 'regular' else ' ' + face.capitalize()}"
                found[key] = GlyphProblem(ch, reason, where, font, text.count(ch))
    return list(found.values())


def _is_control(ch: str) -> bool:
    """Characters XML (so DOCX) cannot hold and no font draws: C0/C1 controls, surrogates, U+FFFE/F."""
    return (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n\r") or ch in "\ufffe\uffff"


Run = tuple[str, str, str, str]
"""(text, font family, face, where)."""


def _runs(document: d.Document, theme: Theme) -> Iterator[Run]:
    """The document's text with the face each piece is set in, as the PDF writer sets it."""
    info = document.info
    for text in (info.title, info.course, info.kind, info.mark):
        yield text, theme.heading_font, "regular", "the page header"
    yield from _blocks(document.blocks, theme, "the document")


def _blocks(blocks: tuple, theme: Theme, where: str) -> Iterator[Run]:
    body, sans = theme.body_font, theme.heading_font
    for block in blocks:
        if isinstance(block, d.Heading):
            yield from _inlines(block.children, sans, "bold", f'the heading "{d.plain_text(block.children)[:40]}"')
        elif isinstance(block, d.Paragraph):
            yield from _inlines(block.children, body, "regular", where)
        elif isinstance(block, d.ListBlock):
            for item in block.items:
                yield from _blocks(item, theme, where)
        elif isinstance(block, d.Box):
            yield block.title, body, "bold", f'the box "{block.title[:40]}"'
            yield from _blocks(block.blocks, theme, f'the box "{block.title[:40]}"' if block.title else where)
        elif isinstance(block, d.Grid):
            yield from _blocks(block.cells, theme, where)
        elif isinstance(block, d.SourceBox):
            yield from _source(block, theme)
        elif isinstance(block, d.Question):
            yield block.number, sans, "bold", f"question {block.number}"
            yield from _blocks(block.blocks, theme, f"question {block.number}")
        elif isinstance(block, (d.Choices, d.TrueFalse)):
            for item in getattr(block, "options", None) or getattr(block, "statements", ()):
                yield from _inlines(item, body, "regular", where)
        elif isinstance(block, d.WordBank):
            yield " ".join(block.words), body, "regular", f"the word bank of {where}"
        elif isinstance(block, d.Timeline):
            yield block.title, sans, "bold", "the timeline"
            for event in block.events:
                yield event.date, sans, "bold", "the timeline"
                yield event.event, body, "regular", "the timeline"
        elif isinstance(block, d.Figure):
            yield block.caption, body, "italic", f"the caption of {block.path}"
        elif isinstance(block, d.SourceItem):
            name = f"Source {block.letter}"
            yield block.title, sans, "bold", f"the title of {name}"
            yield block.caption, body, "italic", f"the caption of {name}"
            yield block.headnote, body, "regular", f"the headnote of {name}"
            yield from _blocks((block.body,), theme, name)
        elif isinstance(block, d.Statistics):  # a chart's labels are in the sans face, a table's in the body's
            for text in (*block.columns, *(label for label, _ in block.rows), block.units, block.source):
                yield text, sans, "regular", f"the figures of {where}"
                yield text, body, "regular", f"the figures of {where}"
        elif isinstance(block, d.Picture):
            continue
        elif isinstance(block, d.StudentDetails):
            for label, value in block.fields:
                yield label, body, "bold", "the name line"
                yield value, body, "regular", "the name line"
            yield block.note, body, "bold", "the name line"
        elif isinstance(block, d.Table):
            for cell in block.header:
                yield from _inlines(cell, body, "bold", f"a table heading in {where}")
            for row in block.rows:
                for cell in row:
                    yield from _inlines(cell, body, "regular", f"a table in {where}")
        elif not isinstance(block, d.PageBreak):
            yield from _any(block, body, where)


def _source(block: d.SourceBox, theme: Theme) -> Iterator[Run]:
    body = theme.body_font
    name = f"Source {block.letter}"
    yield block.title, theme.heading_font, "bold", f"the title of {name}"
    yield block.caption, body, "italic", f"the caption of {name}"
    yield block.headnote, body, "regular", f"the headnote of {name}"
    for line in block.lines:
        yield line.text, body, "regular", f"{name}, line {line.number}"
    for word, meaning in block.glossary:
        yield word, body, "bold", f"the glossary of {name}"
        yield meaning, body, "regular", f"the glossary of {name}"


def _inlines(inlines: tuple, family: str, face: str, where: str) -> Iterator[Run]:
    for node in inlines:
        if isinstance(node, d.Text):
            yield node.text, family, face, where
        elif isinstance(node, d.Strong):
            yield from _inlines(node.children, family, "bolditalic" if "italic" in face else "bold", where)
        elif isinstance(node, d.Emph):
            yield from _inlines(node.children, family, "bolditalic" if "bold" in face else "italic", where)
        elif isinstance(node, d.Link):
            yield from _inlines(node.children, family, face, where)
        elif not isinstance(node, d.LineBreak):  # as in the writers: a new inline must not go unchecked
            raise TypeError(f"the glyph check has no rule for the inline {type(node).__name__}")


def _any(node: object, family: str, where: str) -> Iterator[Run]:
    """Every string inside a block this module does not know yet, checked in the body font."""
    if isinstance(node, str):
        yield node, family, "regular", where
    elif isinstance(node, (tuple, list)):
        for item in node:
            yield from _any(item, family, where)
    elif dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            if f.name not in ("data", "path"):
                yield from _any(getattr(node, f.name), family, where)


# ------------------------------------------------------------------ where the character was typed


def located(problems: list[GlyphProblem], course, lesson) -> list[LessonpackError]:
    """Each problem as an error at the first lesson, essay or course.yaml line holding the character.

    `course` is a LoadedCourse and `lesson` a LoadedLesson; a character found in
    none of them came from the template, and is reported at the lesson file.
    """
    if not problems:  # the usual case: no need to gather every text and read course.yaml again
        return []
    places = list(_places(course, lesson))
    groups: dict[tuple, list[GlyphProblem]] = {}
    for problem in problems:
        where = next((loc for text, loc in places if problem.char in text), None)
        groups.setdefault((where, problem.reason, problem.font, problem.where), []).append(problem)
    errors = []
    for (where, reason, _, _), group in groups.items():
        hint = _HINTS[reason]
        if where is None:
            where = Location(lesson.file)
            hint += "; it is not in the lesson or its essay, so look in the template"
        errors.append(LessonpackError(_message(group), where, hint))
    return errors


def _places(course, lesson) -> Iterator[tuple[str, Location]]:
    """Every piece of text a lesson's documents are made from, with where it was typed."""
    yield from _yaml_strings(lesson.doc)
    essays = {lesson.essay.file: lesson.essay, **{s.essay.file: s.essay for s in lesson.sources}}
    for essay in essays.values():
        for para in essay.paragraphs:
            yield para.text, Location(essay.file, para.line)
        yield " ".join(str(v) for v in essay.meta.model_dump().values()), Location(essay.file, 1)
    course_file = Path(course.root) / "lessons" / "course.yaml"
    try:
        yield from _yaml_strings(load_yaml(course_file, within=Path(course.root)))
    except LessonpackError:
        return


def _yaml_strings(doc) -> Iterator[tuple[str, Location]]:
    """Every key and string value of a YamlDocument with its location, in file order."""
    stack: list[tuple[tuple, object, bool]] = [((), doc.data, False)]
    while stack:
        path, value, is_key = stack.pop()
        if is_key:
            yield str(value), doc.key_location(path)
        elif isinstance(value, str):
            yield value, doc.location(path)
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                stack += [(path + (key,), item, False), (path + (key,), key, True)]
        elif isinstance(value, list):
            stack.extend((path + (i,), item, False) for i, item in reversed(list(enumerate(value))))

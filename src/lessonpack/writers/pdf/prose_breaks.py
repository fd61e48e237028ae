"""Whether a teacher's prose (a "Background" paragraph) turns over at a sentence end, decided per document.

Turning over at a sentence end leaves the last lines of a page empty; over a long document those lines
can add up to a page (at 18 and 36 pt they did). So a teacher's document is laid out with sentence-end
breaks, and where that used any and came out longer, again without them: the sentence ends are kept
wherever they cost no page (`sections.TextBlock._prose_cut`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar

from ...page_rules import BLANK_SHARE_MAX
from .flowables import Paragraph
from .sentence_breaks import BOUNDARY, CLAUSE, WORD, at_sentence

_USED: ContextVar[list | None] = ContextVar("prose_breaks", default=None)
"""While a teacher's document is laid out with sentence-end breaks: the breaks made so (else None)."""


def allowed() -> bool:
    """Whether the document being laid out may turn its prose over at a sentence end."""
    return _USED.get() is not None


def used() -> None:
    """Note that a paragraph turned over at a sentence end it would not have otherwise."""
    marks = _USED.get()
    if marks is not None:
        marks.append(1)


def sentence_cut(f, canvas, width: float, room: float, leading: float, page: float) -> list[Paragraph]:
    """A paragraph of a teacher's section other than a question's answers in two at the last sentence
    end that fits `room` (inside a line: the first piece's last line short) and leaves no more than
    `BLANK_SHARE_MAX` of the page blank; [] where none does, or where not `allowed`. Cut where its
    lines break, 9 of lessons 02 and 03's 24 pt Background pages ended mid-sentence."""
    if not isinstance(f, Paragraph) or not allowed():
        return []
    for boundary in (BOUNDARY, CLAUSE):  # a sentence's end, else a clause's (";")
        parts = at_sentence(f, width, room, leading, boundary)
        if parts and room - parts[0].wrapOn(canvas, width, room)[1] <= page * BLANK_SHARE_MAX:
            used()
            return parts
    return []


def moves_whole(f, blank: float, page: float) -> bool:
    """Whether such a paragraph with no sentence end in reach starts the next page instead of breaking
    mid-sentence here: where that leaves `blank` (what moving leaves empty, its heading's room too) no
    more than `BLANK_SHARE_MAX` of the page, and only where `allowed`."""
    if isinstance(f, Paragraph) and allowed() and blank <= page * BLANK_SHARE_MAX:
        used()
        return True
    return False


def word_cut(f, width: float, lines: int, leading: float) -> list[Paragraph]:
    """Such a paragraph that must break mid-sentence cut after its first `lines` lines between two words
    of its markup (`sentence_breaks.WORD`), so that the piece overleaf can still break at a sentence end
    inside a line (`sentence_cut`); [] where that cut would not print those lines, or where not `allowed`."""
    if not isinstance(getattr(f, "text", None), str) or not allowed():
        return []
    parts = at_sentence(f, width, lines * leading + 0.01, leading, WORD)
    return parts if parts and round(parts[0].wrap(width, 1e6)[1] / leading) == lines else []


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


def fewest_pages(make: Callable[[], bytes], for_teacher: bool) -> bytes:
    """The document `make` lays out: a teacher's with sentence-end breaks where they cost no page."""
    if not for_teacher:
        return make()
    marks: list = []
    token = _USED.set(marks)
    try:
        pdf = make()
    finally:
        _USED.reset(token)
    if not marks:
        return pdf
    plain = make()
    return pdf if _pages(pdf) <= _pages(plain) else plain

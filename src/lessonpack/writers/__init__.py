"""Writers turn the document model into files; each knows one format and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import document as d
from ..document import Document, plain_text
from ..fonts import string_width
from ..page_furniture import document_theme
from ..theme import Theme

FORMATS = ("pdf", "docx", "html")

BLOCK_METHODS: dict[type, str] = {
    d.Heading: "heading", d.Paragraph: "paragraph", d.ListBlock: "list_block", d.Box: "box", d.Grid: "grid",
    d.SourceBox: "source_box", d.Question: "question", d.StudentDetails: "student_details", d.Table: "table",
    d.PageBreak: "page_break", d.Choices: "choices", d.TrueFalse: "true_false", d.WordBank: "word_bank",
    d.Timeline: "timeline", d.Figure: "figure", d.Picture: "picture", d.Statistics: "statistics",
    d.SourceItem: "source_item", d.RuledLines: "ruled_lines",
}
"""The method that writes each kind of block, the same name in every writer: a new kind of block is
added here, and each writer gets a method of that name."""


def block_handlers(writer: Any, **instead: Callable) -> dict[type, Callable]:
    """Each block type's method of `writer`; `instead` names a writer's own choice for one."""
    return {kind: instead.get(name) or getattr(writer, name) for kind, name in BLOCK_METHODS.items()}


def write(document: Document, theme: Theme, fmt: str, fillable: bool = False,
          reference_docx: bytes | None = None) -> bytes:
    """The file for a document in one format, as bytes.

    fillable adds PDF form fields, or HTML form controls; reference_docx gives DOCX files a school's own styles.
    """
    theme = document_theme(document.info, theme)  # its top margin holds its own running header
    # Each writer is imported when first asked for: a DOCX-only build never loads reportlab,
    # and a PDF-only one never loads python-docx.
    if fmt == "pdf":
        from .pdf import write_pdf

        return write_pdf(document, theme, fillable)
    if fmt == "docx":
        from .docx import write_docx

        return write_docx(document, theme, reference_docx)
    if fmt == "html":
        from .html import write_html

        return write_html(document, theme, fillable)
    raise ValueError(f"unknown format {fmt!r}")


def starts_numbered_item(block: d.Block) -> bool:
    """Whether a block opens a numbered item of a slip ("**2.** Put these in order."): where a slip
    too tall for one page may be cut into slips, never inside a question."""
    if not isinstance(block, d.Paragraph) or not block.children or not isinstance(block.children[0], d.Strong):
        return False
    number = plain_text(block.children[0].children).strip()
    return number.endswith(".") and number[:-1].isdigit()


def column_shares(header, rows, weights: tuple[int, ...] = ()) -> list[float]:
    """Each column's share of the table width, from its longest cell, so both formats agree; or from
    `weights`, the widths a lesson gave its columns (`d.Table.widths`)."""
    if weights:
        return [w / sum(weights) for w in weights]
    columns = max([len(header), *(len(r) for r in rows)])
    weights = []
    for i in range(columns):
        cells = [r[i] for r in (header, *rows) if i < len(r)]
        longest = max((len(plain_text(c)) for c in cells), default=0)
        empty = all(not plain_text(c).strip() for c in cells[1:]) if len(cells) > 1 else False
        weights.append(18 if empty else min(max(longest, 4), 45))
    total = sum(weights) or 1
    return [w / total for w in weights]


def column_floors(header, rows, minimum: float, theme: Theme | None = None) -> list[float]:
    """The narrowest each column may be: minimum, and (given the theme) its longest word in
    bold at the table's text size plus the cell's padding, so no word is broken in two."""
    columns = max([len(header), *(len(r) for r in rows)])
    floors = [minimum] * columns
    if theme is not None:
        for i in range(columns):
            words = [w for r in (header, *rows) if i < len(r) for w in plain_text(r[i]).split()]
            longest = max((string_width(w, theme.body_font, theme.note, "bold") for w in words), default=0)
            floors[i] = max(minimum, longest + theme.cell_padding)
    return floors


READABLE_COLUMN_SIZES = 12
"""A column of running text narrower than this many text sizes (about twenty-four letters a line)..."""
LONG_CELL_CHARACTERS = 80
"""...holding a cell this long: the table is printed another way. A large-print lesson plan's
activities ran three words a line, five rows over eight pages."""


def columns_fit(header, rows, total: float, minimum: float, theme: Theme, weights: tuple[int, ...] = ()) -> bool:
    """Whether every column can be at least its floor in total, and no column of long text is
    squeezed to a strip: if not, a writer that can should print the table another way (PDF:
    stacked), as column_widths would break words or lines."""
    if sum(column_floors(header, rows, minimum, theme)) > total:
        return False
    widths = column_widths(header, rows, total, minimum, theme, weights)
    for i, width in enumerate(widths):
        longest = max((len(plain_text(r[i])) for r in (header, *rows) if i < len(r)), default=0)
        if longest >= LONG_CELL_CHARACTERS and width < READABLE_COLUMN_SIZES * theme.note:
            return False
    return True


def column_widths(header, rows, total: float, minimum: float, theme: Theme | None = None,
                  weights: tuple[int, ...] = ()) -> list[float]:
    """Column widths that fill total (in proportion to `weights`, where the lesson gave them): none
    narrower than minimum, nor (given the theme) than its longest word, so no word is broken in two
    where the page has room to avoid it."""
    widths = [total * share for share in column_shares(header, rows, weights)]
    return fit_widths(widths, column_floors(header, rows, minimum, theme), total)


def fit_widths(widths: list[float], floors: list[float], total: float) -> list[float]:
    """Widths scaled to fill total in their proportions, none below its floor: the wider
    columns give way. If the floors alone need more than total, in their proportions."""
    if sum(floors) >= total:
        return [total * f / sum(floors) for f in floors]
    # Columns below their floor are raised to it and the others share what is left; that
    # can push another column below its floor, so repeat until none is.
    narrow = [False] * len(widths)
    while True:
        spare = total - sum(f for f, n in zip(floors, narrow) if n)
        wide_total = sum(w for w, n in zip(widths, narrow) if not n)
        fitted = [f if n else w * spare / wide_total for w, f, n in zip(widths, floors, narrow)]
        below = [x < f for x, f in zip(fitted, floors)]
        if not any(below):
            return fitted
        narrow = [n or b for n, b in zip(narrow, below)]

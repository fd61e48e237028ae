"""The class-set print file: every student's copy in one PDF, each version laid out once."""

from __future__ import annotations

import dataclasses

from reportlab.platypus import Flowable

from ... import document as d
from ...page_furniture import document_theme
from ...theme import Theme
from .copy_canvas import CopyPlan
from .pages import assemble
from .writer import PdfWriter


def write_pdf_copies(documents: list[d.Document], theme: Theme, bookmarks: list[str] | None = None) -> bytes:
    """One print file holding several copies (a class set), each starting on an odd page
    and bookmarked (`bookmarks`: e.g. each student's name; default: the details line).

    Copies that differ only in their student-details line share one layout, laid out
    once; each copy prints its own details into it. A copy whose details would not
    fit on one line (a very long name) is laid out on its own.
    """
    # The copies are laid out in the frame `assemble` makes: under the tallest running header of
    # them all. Keep rules measure against that frame's height, not the plain paper's.
    theme = max((document_theme(document.info, theme) for document in documents), key=lambda t: t.margin_top)
    writer = PdfWriter(theme, details_slots=True)
    layouts: dict[tuple[d.Block, ...], int] = {}  # by blocks: the header is printed per copy
    stories: list[list[Flowable]] = []
    roots = []  # each story's structure tree
    copies: list[CopyPlan] = []
    for number, document in enumerate(documents):
        shared, values = _without_details(document)
        if shared is None or not all(writer.details_fit_one_line(b) for b in document.blocks
                                     if isinstance(b, d.StudentDetails)):
            shared, values = document, ()
        if shared.blocks not in layouts:
            layouts[shared.blocks] = len(stories)
            roots.append(writer.structure.start())
            stories.append(writer.flowables(shared.blocks))
        outline = bookmarks[number] if bookmarks else " · ".join(v for v in values if v)
        copies.append(CopyPlan(layouts[shared.blocks], document.info, values, outline))
    return assemble(documents[0].info, stories, theme, copies, roots)


def _without_details(document: d.Document) -> tuple[d.Document | None, tuple[str, ...]]:
    """The document with its student-details values emptied, and those values.

    None when the details are not a single top-level line (a template may put them
    elsewhere, or twice): such a copy is laid out with its details in place."""
    found = [i for i, block in enumerate(document.blocks) if isinstance(block, d.StudentDetails)]
    if len(found) != 1:
        return None, ()
    block = document.blocks[found[0]]
    empty = d.StudentDetails(tuple((label, "") for label, _ in block.fields))
    blocks = (*document.blocks[:found[0]], empty, *document.blocks[found[0] + 1:])
    return dataclasses.replace(document, blocks=blocks), tuple(value for _, value in block.fields)

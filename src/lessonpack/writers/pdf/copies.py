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


def write_pdf_copies(documents: list[d.Document], theme: Theme, bookmarks: list[str] | None = None,
                     fillable: bool = False) -> bytes:
    """One print file holding several copies (a class set), each starting on an odd page
    and bookmarked (`bookmarks`: e.g. each student's name; default: the details line).
    `fillable` (one student's own file of several parts) puts form fields over the answer spaces
    and lays each copy out with its details in place, its empty ones fields to type in.

    Copies that differ only in their student-details line share one layout, laid out
    once; each copy prints its own details into it. A copy whose details would not
    fit on one line (a very long name) is laid out on its own.
    """
    # Each layout is set in the frame under its own running header (the tallest of the copies that
    # print it), as its document is on its own: keep rules measure against that frame's height.
    writers: dict[float, PdfWriter] = {}

    def writer_for(own: Theme) -> PdfWriter:
        if own.margin_top not in writers:
            writers[own.margin_top] = PdfWriter(own, fillable, details_slots=not fillable)
        return writers[own.margin_top]

    plans = []
    frames: dict[tuple[d.Block, ...], Theme] = {}
    for document in documents:
        own = document_theme(document.info, theme)
        shared, values = _without_details(document)
        if fillable or shared is None or not all(writer_for(own).details_fit_one_line(b) for b in document.blocks
                                                 if isinstance(b, d.StudentDetails)):
            shared, values = document, ()
        plans.append((document, shared, values))
        if shared.blocks not in frames or own.margin_top > frames[shared.blocks].margin_top:
            frames[shared.blocks] = own
    layouts: dict[tuple[d.Block, ...], int] = {}  # by blocks: the header is printed per copy
    stories: list[list[Flowable]] = []
    story_themes: list[Theme] = []
    roots = []  # each story's structure tree
    copies: list[CopyPlan] = []
    for number, (document, shared, values) in enumerate(plans):
        if shared.blocks not in layouts:
            own = frames[shared.blocks]
            writer = writer_for(own)
            writer.for_teacher = document.info.for_teacher
            layouts[shared.blocks] = len(stories)
            roots.append(writer.structure.start())
            stories.append(writer.flowables(shared.blocks))
            story_themes.append(own)
        outline = bookmarks[number] if bookmarks else " · ".join(v for v in values if v)
        copies.append(CopyPlan(layouts[shared.blocks], document.info, values, outline))
    return assemble(documents[0].info, stories, theme, copies, roots, story_themes)


def _without_details(document: d.Document) -> tuple[d.Document | None, tuple[str, ...]]:
    """The document with its student-details values emptied, and those values.

    None when the details are not a single top-level line (a template may put them
    elsewhere, or twice): such a copy is laid out with its details in place."""
    found = [i for i, block in enumerate(document.blocks) if isinstance(block, d.StudentDetails)]
    if len(found) != 1:
        return None, ()
    block = document.blocks[found[0]]
    empty = dataclasses.replace(block, fields=tuple((label, "") for label, _ in block.fields))
    blocks = (*document.blocks[:found[0]], empty, *document.blocks[found[0] + 1:])
    return dataclasses.replace(document, blocks=blocks), tuple(value for _, value in block.fields)

"""The class-set print file: every student's copy in one PDF, each version laid out once."""

from __future__ import annotations

import dataclasses

from reportlab.platypus import Flowable

from ... import document as d
from ...page_furniture import details_fit, document_theme
from ...theme import Theme
from .copy_canvas import CopyPlan, print_copies
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
    stories, roots, themes, copies = _layouts(documents, theme, bookmarks, fillable)
    return assemble(documents[0].info, stories, theme, copies, roots, themes)


def write_pdf_each(handouts: list[list[d.Document]], theme: Theme, bookmarks: list[list[str] | None]) -> list[bytes]:
    """Each student's own file (their worksheet, and its source booklet where the paper has one):
    what `write_pdf_copies(documents, theme, bookmarks)` writes for each, byte for byte.

    Handouts whose documents differ only in their student-details lines (the students of one
    version and tier) are laid out once, as in a print file; each file prints its own student's
    details and header into those pages. A handout whose details would not fit on one line is laid out on its own."""
    return _each(handouts, theme, bookmarks)[0]


def write_pdf_class(handouts: list[list[d.Document]], theme: Theme, bookmarks: list[list[str] | None],
                    print_bookmarks: list[str]) -> tuple[list[bytes], bytes]:
    """A class's PDFs: each student's own file (`write_pdf_each`) and the print file of all their
    handouts (`write_pdf_copies(every document, theme, print_bookmarks)`), each byte for byte.

    When every handout shares one layout (one version and tier: the usual class), the print file
    is printed from that layout too, not laid out again. Several layouts are laid out once more
    for the print file, in one document (its font subsets span them all)."""
    files, held = _each(handouts, theme, bookmarks)
    documents = [document for handout in handouts for document in handout]
    copies = _layouts(documents, theme, print_bookmarks, False, lay_out=False)[3]
    if not held or any(copy.layout >= held[0][2] for copy in copies):  # a story the held layout lacks
        return files, write_pdf_copies(documents, theme, print_bookmarks)
    canvas, shared, _ = held[0]
    return files, print_copies(canvas, copies, shared)


def _each(handouts: list[list[d.Document]], theme: Theme,
          bookmarks: list[list[str] | None]) -> tuple[list[bytes], list[tuple[object, list[object], int]]]:
    """write_pdf_each's files, and the held canvas, what it shares and how many stories it holds when
    all share one layout (several are not kept: memory holds one layout at a time)."""
    files: list[bytes] = [b""] * len(handouts)
    groups: dict[object, list[int]] = {}
    for number, documents in enumerate(handouts):
        groups.setdefault(_layout_key(documents, theme) or number, []).append(number)
    held = []
    for members in groups.values():
        first = handouts[members[0]]
        stories, roots, themes, copies = _layouts(first, theme, bookmarks[members[0]], False)
        canvas, shared = assemble(first[0].info, stories, roots=roots, story_themes=themes, copies=copies,
                                  theme=theme, hold=True)
        if len(groups) == 1:
            held.append((canvas, shared, len(stories)))
        for number in members:
            own = _layouts(handouts[number], theme, bookmarks[number], False, lay_out=False)[3]
            files[number] = print_copies(canvas, own, shared)
    return files, held


def _layout_key(documents: list[d.Document], theme: Theme) -> tuple | None:
    """What a handout's layout depends on (each document's blocks without the details values, and
    its running header's height); None when its details are laid out in place (see write_pdf_copies)."""
    key = []
    for document in documents:
        own = document_theme(document.info, theme)
        shared, _ = _without_details(document)
        if shared is None or not all(details_fit(b.fields, own) for b in document.blocks
                                     if isinstance(b, d.StudentDetails)):
            return None
        key.append((shared.blocks, own.margin_top, document.info.for_teacher))
    return tuple(key)


def _layouts(documents: list[d.Document], theme: Theme, bookmarks: list[str] | None, fillable: bool,
             lay_out: bool = True) -> tuple[list[list[Flowable]], list, list[Theme], list[CopyPlan]]:
    """The stories (each distinct layout's flowables), their structure roots and themes, and each
    copy's plan; `lay_out=False` makes only the copies' plans."""
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
            if lay_out:
                roots.append(writer.structure.start())
                stories.append(writer.flowables(shared.blocks))
            else:
                stories.append([])
            story_themes.append(own)
        outline = bookmarks[number] if bookmarks else " · ".join(v for v in values if v)
        copies.append(CopyPlan(layouts[shared.blocks], document.info, values, outline))
    return stories, roots, story_themes, copies


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

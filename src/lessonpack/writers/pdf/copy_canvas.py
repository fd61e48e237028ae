"""A canvas that holds laid-out pages back, then writes them once for every copy that prints them.

Pages are laid out first and written out at the end, so each page can be numbered
within its copy. That also lets a print file lay a version out once and print it
for every student who gets it: copies differ only in the student-details line,
which is filled in per copy (`DetailsSlot`). Each copy starts on an odd page, so
double-sided printing never puts two students on one sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from itertools import count

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from ... import document as d
from ...theme import Theme
from .escaping import xml_escape
from .furniture import background, draw_header_and_footer
from .rl_compat import (captured_drawing, clone_canvas, next_page_entries, next_page_reference, page_content,
                        page_state, restore_page_state, start_next_page, watch_annotations)
from .tagging import HEADER_ARTIFACT, Node, PageMarks, write_structure


@dataclass(frozen=True, slots=True)
class CopyPlan:
    """One copy in a file: which laid-out story it prints, its header, and its details line."""

    layout: int
    info: d.DocumentInfo
    details: tuple[str, ...] = ()
    """Values printed into the layout's student-details slots, in order (Name, Class, ...)."""
    outline: str = ""
    """Its bookmark in a file of several copies (the student's name)."""


class LayoutStart(Flowable):
    """Marks where one story's layout begins; takes no room on the page."""

    def __init__(self, index: int):
        super().__init__()
        self.index = index

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.layout_index = self.index


class DetailsSlot(Flowable):
    """One line of room for a student-details value that each copy prints in for itself."""

    def __init__(self, index: int, style: ParagraphStyle):
        super().__init__()
        self.index, self.style = index, style

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        # Where in the page's content the value goes: text extracts in reading order.
        canvas = self.canv
        canvas.detail_slots.append((len(canvas.saved_pages), self.index, len(page_content(canvas)), self))


def copies_canvas(copies: list[CopyPlan], theme: Theme, roots: list[Node], file_title: str,
                  language: str, story_themes: list[Theme] | None = None, hold: bool = False) -> type[Canvas]:
    """The canvas class for a file of these copies, to give to reportlab's build; `roots` are
    the structure trees of the stories, by layout, and `story_themes` the theme each was laid out
    with (its header is drawn over its own frame; by default `theme` for all). With `hold` the
    build writes nothing: `print_copies` writes files of other copies from its pages."""
    paint = background(theme)
    themes = story_themes or [theme] * len(roots)

    class CopiesCanvas(Canvas):
        """Its public attributes are lessonpack's own, set by LayoutStart, DetailsSlot and the
        document template as the pages are laid out."""

        printed = copies  # the copies save() writes

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.saved_pages: list[tuple[int, dict]] = []  # (layout, page state), in the order laid out
            self.layout_index = 0  # the story being laid out
            self.detail_slots: list[tuple] = []  # (page, value index, place in the page's content, slot)
            self.heading_marks: list[tuple] = []  # (page, title, level, top)
            self.bookmark_names = count(1)  # shared by the saved page states, so never reset
            self.page_marks = PageMarks()  # the marked content of each laid-out page
            self.page_marks.start_page(page_content(self))
            watch_annotations(self, self.page_marks.widget)

        def showPage(self):
            self.page_marks.end_page(page_content(self))
            self.saved_pages.append((self.layout_index, page_state(self)))
            start_next_page(self)
            self.page_marks.start_page(page_content(self))

        def save(self):
            if hold and "printed" not in self.__dict__:  # laid out only, for print_copies
                return
            copies = self.printed
            pages: dict[int, list[int]] = {}
            for index, (layout, _) in enumerate(self.saved_pages):
                pages.setdefault(layout, []).append(index)
            several = len(copies) > 1
            written = 0
            tagged: list[tuple[Node, str, list]] = []  # each copy's structure and written pages
            for copy in copies:
                if written % 2:  # the padding page belongs to no copy and stays blank
                    page_content(self).append("/Artifact BMC")
                    paint(self, None)
                    page_content(self).append("EMC")
                    super().showPage()
                    written += 1
                tagged.append((roots[copy.layout], copy.outline or copy.info.title, []))
                if several:
                    self.add_bookmark(copy.outline or copy.info.title, 0, None)
                mine = pages.get(copy.layout, [])
                for page, index in enumerate(mine, 1):
                    restore_page_state(self, self.saved_pages[index][1])  # other copies may print this page too
                    self.fill_details(index, copy.details)
                    if not several:
                        for _, title, level, top in (m for m in self.heading_marks if m[0] == index):
                            self.add_bookmark(title, level, top)
                    page_content(self).append(HEADER_ARTIFACT)
                    draw_header_and_footer(self, themes[copy.layout], page, len(mine), copy.info)
                    page_content(self).append("EMC")
                    key = sum(len(pages) for _, _, pages in tagged)
                    tagged[-1][2].append((index, next_page_reference(self), key))
                    next_page_entries(self, lambda annotations, key=key: {
                        "StructParents": key, **({"Tabs": PDFName("S")} if annotations else {})})
                    super().showPage()
                    written += 1
            write_structure(self, self.page_marks, tagged, file_title, language)
            super().save()

        def add_bookmark(self, title: str, level: int, top: float | None) -> None:
            key = f"mark-{next(self.bookmark_names)}"
            if top is None:
                self.bookmarkPage(key)
            else:
                self.bookmarkPage(key, fit="XYZ", left=0, top=top)
            self.addOutlineEntry(title, key, level=level, closed=False)

        def fill_details(self, index: int, values: tuple[str, ...]) -> None:
            """Draw each value where its slot was drawn, in the slot's own coordinates."""
            content = page_content(self)
            for _, which, place, slot in sorted((s for s in self.detail_slots if s[0] == index), key=lambda s: -s[2]):
                value = values[which] if which < len(values) else ""
                if value:
                    with captured_drawing(self) as drawn:
                        para = Paragraph(xml_escape(value), slot.style)
                        _, height = para.wrapOn(self, slot.width, slot.height * 50)
                        self.saveState()
                        para.drawOn(self, 0, slot.height - height)
                        self.restoreState()
                    content[place:place] = drawn

    return CopiesCanvas


def print_copies(canvas: Canvas, copies: list[CopyPlan], shared: list[object]) -> bytes:
    """One file of `copies` from a held canvas's laid-out pages (`copies_canvas(hold=True)`),
    without laying them out again: a student's own file printed from their version's layout.
    The canvas is left as it was, to print the next file from."""
    buffer = BytesIO()
    # The flowables drawn (page_marks.drawn) are only read while laying out: shared, not copied
    # with the whole story they hold (most of a copy's cost).
    clone = clone_canvas(canvas, [*shared, canvas.page_marks.drawn, *(slot for *_, slot in canvas.detail_slots)],
                         buffer)
    watch_annotations(clone, clone.page_marks.widget)
    clone.printed = copies
    clone.save()
    return buffer.getvalue()

"""A canvas that holds laid-out pages back, then writes them once for every copy that prints them.

Pages are laid out first and written out at the end, so each page can be numbered
within its copy. That also lets a print file lay a version out once and print it
for every student who gets it: copies differ only in the student-details line,
which is filled in per copy (`DetailsSlot`). Each copy starts on an odd page, so
double-sided printing never puts two students on one sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from ... import document as d
from ...theme import Theme
from .furniture import background, draw_header_and_footer


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
        self.canv._layout = self.index


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
        self.canv._slots.append((len(self.canv._saved), self.index, len(self.canv._code), self))


def copies_canvas(copies: list[CopyPlan], theme: Theme) -> type[Canvas]:
    """The canvas class for a file of these copies, to give to reportlab's build."""
    paint = background(theme)

    class CopiesCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []
            self._layout = 0
            self._slots: list[tuple] = []  # (page, value index, place in the page's code, slot)
            self._marks: list[tuple] = []  # (page, title, level, top)
            self._keys = count(1)  # bookmark names; shared by the saved page states, so never reset

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            pages: dict[int, list[int]] = {}
            for index, state in enumerate(self._saved):
                pages.setdefault(state["_layout"], []).append(index)
            several = len(copies) > 1
            written = 0
            for copy in copies:
                if written % 2:  # the padding page belongs to no copy and stays blank
                    paint(self, None)
                    super().showPage()
                    written += 1
                if several:
                    self._bookmark(copy.outline or copy.info.title, 0, None)
                mine = pages.get(copy.layout, [])
                for page, index in enumerate(mine, 1):
                    state = self._saved[index]
                    self.__dict__.update(state)
                    self._code = list(state["_code"])  # the layout's page, shared by every copy using it
                    self._fill_slots(index, copy.details)
                    if not several:
                        for _, title, level, top in (m for m in self._marks if m[0] == index):
                            self._bookmark(title, level, top)
                    draw_header_and_footer(self, theme, page, len(mine), copy.info)
                    super().showPage()
                    written += 1
            super().save()

        def _bookmark(self, title: str, level: int, top: float | None) -> None:
            key = f"mark-{next(self._keys)}"
            if top is None:
                self.bookmarkPage(key)
            else:
                self.bookmarkPage(key, fit="XYZ", left=0, top=top)
            self.addOutlineEntry(title, key, level=level, closed=False)

        def _fill_slots(self, index: int, values: tuple[str, ...]) -> None:
            """Draw each value where its slot was drawn, in the slot's own coordinates."""
            page_code = self._code
            for _, which, place, slot in sorted((s for s in self._slots if s[0] == index), key=lambda s: -s[2]):
                value = values[which] if which < len(values) else ""
                if value:
                    self._code = []
                    para = Paragraph(xml_escape(value), slot.style)
                    _, height = para.wrapOn(self, slot.width, slot.height * 50)
                    self.saveState()
                    para.drawOn(self, 0, slot.height - height)
                    self.restoreState()
                    page_code[place:place] = self._code
            self._code = page_code

    return CopiesCanvas

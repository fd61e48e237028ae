"""PDF page furniture and assembly: header, "Page x of y", bookmarks, and class-set copies.

Pages are laid out first and written out at the end, so each page can be numbered
within its copy. That also lets a print file lay a version out once and print it
for every student who gets it: copies differ only in the student-details line,
which is filled in per copy (`DetailsSlot`). Each copy starts on an odd page, so
double-sided printing never puts two students on one sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count
from io import BytesIO
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Paragraph, Spacer
from reportlab.platypus.doctemplate import LayoutError

from .. import document as d
from ..errors import LessonpackError
from ..fonts import fit, register, string_width
from ..theme import Theme


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


class _DocTemplate(BaseDocTemplate):
    """Notes a bookmark for every heading as it is placed; the canvas adds it with its page."""

    _outline_level = -1

    def afterFlowable(self, flowable: Flowable) -> None:
        mark = getattr(flowable, "_bookmark", None)
        if mark:
            title, level = mark
            # Outlines may not skip a level: a source box (level 3) right under the title nests one deeper.
            level = min(level - 1, self._outline_level + 1)
            self._outline_level = level
            top = self.frame._y + flowable.height + flowable.getSpaceAfter()
            self.canv._marks.append((len(self.canv._saved), title, level, top))


def _canvas_class(copies: list[CopyPlan], theme: Theme) -> type[Canvas]:
    """A canvas that holds the laid-out pages back, then writes every copy's pages, numbered."""
    sans = register(theme.heading_font)
    paint = _background(theme)

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
                    self._furniture(page, len(mine), copy.info)
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

        def _furniture(self, page: int, total: int, info: d.DocumentInfo) -> None:
            self.saveState()
            self.setFillColor(HexColor(theme.accent_colour))
            self.setFont(sans["regular"], theme.small_size)
            top = theme.page_height - theme.margin_top + 14
            kind_width = string_width(info.kind, theme.heading_font, theme.small_size)
            room = theme.text_width - kind_width - 18
            self.drawString(theme.margin_left, top,
                            fit(f"{info.course} — {info.title}", room, theme.heading_font, theme.small_size))
            self.drawRightString(theme.page_width - theme.margin_right, top, info.kind)
            self.setStrokeColor(HexColor(theme.rule_colour))
            self.setLineWidth(0.5)
            self.line(theme.margin_left, top - 4, theme.page_width - theme.margin_right, top - 4)
            self.drawCentredString(theme.page_width / 2, theme.margin_bottom - 18, f"Page {page} of {total}")
            if info.mark:
                self.drawRightString(theme.page_width - theme.margin_right, theme.margin_bottom - 18, info.mark)
            self.restoreState()

    return CopiesCanvas


def _background(theme: Theme):
    """Paint the page colour (e.g. cream) before anything else is drawn on the page."""

    def paint(canvas: Canvas, doc: BaseDocTemplate | None) -> None:
        if theme.page_colour:
            canvas.saveState()
            canvas.setFillColor(HexColor(theme.page_colour))
            canvas.rect(0, 0, theme.page_width, theme.page_height, stroke=0, fill=1)
            canvas.restoreState()

    return paint


def assemble(info: d.DocumentInfo, stories: list[list[Flowable]], theme: Theme,
             copies: list[CopyPlan] | None = None) -> bytes:
    """One PDF: each story laid out once, then printed for each copy that uses it.

    By default each story is one copy with `info`'s header. A file of several copies
    bookmarks each copy (not its headings) and starts each on an odd page."""
    buffer = BytesIO()
    doc = _DocTemplate(
        buffer, pagesize=(theme.page_width, theme.page_height),
        leftMargin=theme.margin_left, rightMargin=theme.margin_right,
        topMargin=theme.margin_top, bottomMargin=theme.margin_bottom,
        title=f"{info.title} — {info.kind}", author=info.author, subject=info.subject,
        keywords=list(info.keywords), creator="lessonpack", producer="lessonpack",
        invariant=1, lang=info.language, displayDocTitle=1,
        # Start every page in our own font, so no unembedded Helvetica is listed.
        initialFontName=register(theme.body_font)["regular"], initialFontSize=theme.body_size,
        initialLeading=theme.leading(theme.body_size),
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_background(theme))])
    story: list[Flowable] = []
    for index, flowables in enumerate(stories):
        if index:
            story.append(PageBreak())
        story += [LayoutStart(index), *(flowables or [Spacer(0, 0)])]
    copies = copies or [CopyPlan(index, info) for index in range(len(stories))]
    try:
        doc.build(story, canvasmaker=_canvas_class(copies, theme))
    except LayoutError as exc:
        what = "a table or box" if "Table" in str(exc) else "a block"
        raise LessonpackError(
            f"{info.kind}: {what} is too large to fit on one page",
            hint="shorten the text of that block or split it; in large print, use fewer words per box") from None
    return buffer.getvalue()

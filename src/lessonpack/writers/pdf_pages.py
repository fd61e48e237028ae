"""PDF page furniture and assembly: header, "Page x of y", bookmarks, and class-set copies.

Several copies (one per student) can share one file: each starts on an odd page,
so double-sided printing never puts two students on one sheet, and "Page x of y"
counts within each copy.
"""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ActionFlowable, BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Spacer
from reportlab.platypus.doctemplate import LayoutError

from .. import document as d
from ..errors import LessonpackError
from ..fonts import fit, register, string_width
from ..theme import Theme


class CopyStart(Flowable):
    """Marks where one student's copy begins; takes no room on the page."""

    def __init__(self, index: int):
        super().__init__()
        self.index = index

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._copy = self.index


class StartOnOddPage(ActionFlowable):
    """After a page break: add a blank page if the next copy would start on an even page."""

    def apply(self, doc: BaseDocTemplate) -> None:
        if doc.page % 2 == 0:
            doc.canv._copy = None  # the padding page belongs to no copy and stays blank
            doc.handle_pageBreak()


class _DocTemplate(BaseDocTemplate):
    """Adds a PDF bookmark for every heading as it is placed."""

    _outline_level = -1
    _bookmarks = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        mark = getattr(flowable, "_bookmark", None)
        if mark:
            title, level = mark
            # Outlines may not skip a level: a source box (level 3) right under the title nests one deeper.
            level = min(level - 1, self._outline_level + 1)
            self._outline_level = level
            self._bookmarks += 1
            key = f"heading-{self._bookmarks}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)


def _canvas_class(infos: list[d.DocumentInfo], theme: Theme) -> type[Canvas]:
    """A canvas that holds pages back until the end, to number them within each copy."""
    sans = register(theme.heading_font)

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []
            self._copy: int | None = 0

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            copies = [state["_copy"] for state in self._saved]
            totals = {c: copies.count(c) for c in set(copies)}
            seen: dict[int | None, int] = {}
            for state in self._saved:
                self.__dict__.update(state)
                copy = state["_copy"]
                seen[copy] = seen.get(copy, 0) + 1
                if copy is not None:
                    self._furniture(seen[copy], totals[copy], infos[copy])
                super().showPage()
            super().save()

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

    return NumberedCanvas


def _background(theme: Theme):
    """Paint the page colour (e.g. cream) before anything else is drawn on the page."""

    def paint(canvas: Canvas, doc: BaseDocTemplate) -> None:
        if theme.page_colour:
            canvas.saveState()
            canvas.setFillColor(HexColor(theme.page_colour))
            canvas.rect(0, 0, theme.page_width, theme.page_height, stroke=0, fill=1)
            canvas.restoreState()

    return paint


def assemble(info: d.DocumentInfo, stories: list[list[Flowable]], theme: Theme,
             infos: list[d.DocumentInfo] | None = None) -> bytes:
    """One PDF from one or more copies' flowables; copies after the first start on odd pages.

    `infos` gives each copy its own header (version letter, tier mark); default: `info` for all."""
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
            story += [PageBreak(), StartOnOddPage()]
        story += [CopyStart(index), *(flowables or [Spacer(0, 0)])]
    try:
        doc.build(story, canvasmaker=_canvas_class(infos or [info] * len(stories), theme))
    except LayoutError as exc:
        raise LessonpackError(
            f"{info.kind}: something is too large to fit on one page ({str(exc).split(' with ')[0]})",
            hint="shorten the text of that block or split it; in large print, use fewer words per box") from None
    return buffer.getvalue()

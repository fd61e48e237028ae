"""Page furniture: the page colour, the header (course, title, kind) and the footer ("Page x of y", a mark)."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate

from ... import document as d
from ...fonts import fit, register, string_width
from ...theme import Theme
from ...wording import page_of, running_title


def background(theme: Theme):
    """Paint the page colour (e.g. cream) before anything else is drawn on the page."""

    def paint(canvas: Canvas, doc: BaseDocTemplate | None) -> None:
        if theme.page_colour:
            canvas.saveState()
            canvas.setFillColor(HexColor(theme.page_colour))
            canvas.rect(0, 0, theme.page_width, theme.page_height, stroke=0, fill=1)
            canvas.restoreState()

    return paint


def draw_header_and_footer(canvas: Canvas, theme: Theme, page: int, total: int, info: d.DocumentInfo) -> None:
    """Drawn when the copy is written out, so the page can be numbered within its copy."""
    sans = register(theme.heading_font)
    canvas.saveState()
    canvas.setFillColor(HexColor(theme.accent_colour))
    canvas.setFont(sans["regular"], theme.small_size)
    top = theme.page_height - theme.margin_top + 14
    kind_width = string_width(info.kind, theme.heading_font, theme.small_size)
    room = theme.text_width - kind_width - theme.header_title_gap
    canvas.drawString(theme.margin_left, top,
                      fit(running_title(info.course, info.title), room, theme.heading_font, theme.small_size))
    canvas.drawRightString(theme.page_width - theme.margin_right, top, info.kind)
    canvas.setStrokeColor(HexColor(theme.rule_colour))
    canvas.setLineWidth(0.5)
    canvas.line(theme.margin_left, top - 4, theme.page_width - theme.margin_right, top - 4)
    canvas.drawCentredString(theme.page_width / 2, theme.margin_bottom - 18, page_of(page, total))
    if info.mark:
        canvas.drawRightString(theme.page_width - theme.margin_right, theme.margin_bottom - 18, info.mark)
    canvas.restoreState()

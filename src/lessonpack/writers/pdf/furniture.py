"""Page furniture: the page colour, the header (the school's logo and name, course, title, kind) and
the footer ("Page x of y", a mark, on a class-set copy whose copy it is, and the kind where a large
print's header has no room for it)."""

from __future__ import annotations

import functools
from io import BytesIO

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate

from ... import document as d
from ...fonts import register, string_width
from ...page_furniture import Masthead, footer_numbers, masthead, masthead_gap, owner_label, running_header, \
    top_margin
from ...theme import Theme


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
    # The last line's baseline, just above the rule; the document's top margin holds every line.
    top = theme.page_height - top_margin(info, theme) + theme.header_rise
    lines = running_header(info, theme).lines
    for above, (left, right) in enumerate(reversed(lines)):
        y = top + above * theme.leading(theme.small_size)
        canvas.drawString(theme.margin_left, y, left)
        canvas.drawRightString(theme.page_width - theme.margin_right, y, right)
    school = masthead(info, theme)
    if school:
        first_top = top + (len(lines) - 1) * theme.leading(theme.small_size) + 0.8 * theme.small_size
        draw_masthead(canvas, theme, school, first_top + masthead_gap(theme))
    canvas.setStrokeColor(HexColor(theme.rule_colour))
    canvas.setLineWidth(0.5)
    rule = top - theme.header_rule_drop
    canvas.line(theme.margin_left, rule, theme.page_width - theme.margin_right, rule)
    draw_footer(canvas, theme, footer_numbers(info, theme, page, total), info)
    canvas.restoreState()


def draw_masthead(canvas: Canvas, theme: Theme, school: Masthead, bottom: float) -> None:
    """The logo at the left margin and the school's name in bold beside it, each centred on the
    masthead, whose foot is at `bottom`."""
    if school.logo:
        canvas.drawImage(logo_reader(school.logo.data), theme.margin_left,
                         bottom + (school.height - school.logo.height) / 2, school.logo.width, school.logo.height,
                         mask="auto")
    size, leading = theme.small_size, theme.leading(theme.small_size)
    canvas.setFont(register(theme.heading_font)["bold"], size)
    first = bottom + (school.height + len(school.lines) * leading) / 2 - leading + 0.2 * size  # centred block
    for index, line in enumerate(school.lines):
        canvas.drawString(theme.margin_left + school.text_left, first - index * leading, line)
    canvas.setFont(register(theme.heading_font)["regular"], size)


@functools.lru_cache(maxsize=4)
def logo_reader(data: bytes) -> ImageReader:
    """The logo decoded once per process, not once a page (reportlab stores it once a file either way)."""
    return ImageReader(BytesIO(data))


def draw_footer(canvas: Canvas, theme: Theme, numbers: str, info: d.DocumentInfo) -> None:
    """"Page x of y" centred, the version mark on the right; on a student's copy their name and
    class on the left and the page number moved right, so a long name has room beside it."""
    t = theme
    base, right = t.margin_bottom - t.footer_drop, t.page_width - t.margin_right
    mark_width = string_width(info.mark, t.heading_font, t.small_size) + t.header_title_gap if info.mark else 0
    if info.mark:
        canvas.drawRightString(right, base, info.mark)
    if not info.student:
        if string_width(numbers, t.heading_font, t.small_size) + 2 * mark_width <= t.text_width:
            canvas.drawCentredString(t.page_width / 2, base, numbers)
        else:  # too wide to centre clear of the mark (the kind beside the numbers, in large print)
            canvas.drawString(t.margin_left, base, numbers)
        return
    canvas.drawRightString(right - mark_width, base, numbers)
    room = t.text_width - mark_width - string_width(numbers, t.heading_font, t.small_size) - t.header_title_gap
    canvas.drawString(t.margin_left, base, owner_label(info.student, info.group, room, t.heading_font, t.small_size))


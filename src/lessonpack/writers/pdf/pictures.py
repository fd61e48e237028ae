"""Picture and statistics sources, and a question's picture, in the PDF.

A picture prints at `picture_size.printed_size` (the DOCX uses the same), narrowed only where the
place it stands in is narrower (a question's stem). A chart is drawn as vector graphics from the
shapes `writers/chart.py` lays out, the same shapes the DOCX and HTML get as a PNG. In the tagged
PDF a picture or chart is a Figure with its alt text (a chart's: its figures in words), a source
made of one a section like a text source.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from reportlab.graphics.shapes import Drawing, PolyLine, Rect, String
from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, FrameBreak, Image, Spacer, Table, TableStyle

from ... import document as d
from ...fonts import register
from ...picture_size import printed_size
from ...wording import figure_text, figures_source, figures_units, source_continued, source_title
from ..chart import FACE, ROW, ROW_TIGHT, Chart, Label, Line, flattening, layout, on_its_side, tightened_row
from .escaping import xml_escape
from .flowables import Paragraph
from .chart_split import SplitChart
from .keep import KeepTail, KeepWithNext, as_heading
from .sentence_breaks import BOUNDARY


class HeadEnd(KeepTail):
    """A chart source's head's last sentence with its chart (`KeepTail`): where none of it fits the
    page it stands on, it goes overleaf whole under "Source C (continued)", as a piece of it would."""

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = super().split(avail_width, avail_height)
        if parts and isinstance(parts[0], type(FrameBreak)) and self.continued:  # reportlab's FrameBreak: an instance
            return [parts[0], self.continued(), *parts[1:]]
        return parts


def _holder(cells: list[Flowable], width: float) -> Table:
    """One cell that keeps a source's head with its picture or chart (KeepTogether misreports in tables)."""
    holder = Table([[cells]], colWidths=[width], hAlign="LEFT")
    holder.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                                ("NOSPLIT", (0, 0), (-1, -1))]))
    return holder


class FlattenedToFit(Flowable):
    """A chart source's head and upright chart, kept whole: where the room left on a page is short
    of it by no more than its plot can give up (`chart.FLATTEST`), drawn there with a flatter plot
    (its labels keep their size) instead of moving to the next page and leaving 40 % of this one
    blank. `flatter(points)` makes the block with its plot that many points less high."""

    def __init__(self, whole: Table, flatter: Callable[[float], Table]):
        super().__init__()
        self.whole, self.flatter = whole, flatter

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.whole.wrap(avail_width, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        self.whole.drawOn(self.canv, 0, 0)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        _, height = self.whole.wrap(avail_width, avail_height)
        fitted = self.flatter(height - avail_height + 1)
        return [fitted] if fitted.wrap(avail_width, avail_height)[1] <= avail_height else []


class PictureBlocks:
    """PdfWriter's methods for pictures, statistics and the sources made of them."""

    def picture(self, block: d.Picture) -> list[Flowable]:
        return [_holder([self._image(block)], self.width), Spacer(0, self.theme.box_gap)]

    def _image(self, block: d.Picture) -> Image:
        width, height = printed_size(block.pixels, block.width_share, block.width_mm, self.theme)
        if width > self.width:
            width, height = self.width, height * self.width / width
        image = Image(BytesIO(block.data), width, height)
        image.hAlign = "LEFT"
        return self.structure.tag(image, "Figure", Alt=block.alt)

    def _chart(self, block: d.Statistics) -> Table:
        drawing = self._drawing(block)
        # A Drawing takes no attributes of ours: the cell that holds it carries the Figure tag.
        return self.structure.tag(_holder([drawing], drawing.width), "Figure", Alt=block.alt)

    def _redrawn(self, chart: Table, block: d.Statistics, row: float = ROW, flatter: float = 0) -> Table:
        """The chart laid out again (tighter rows, a flatter plot), read as the same Figure."""
        drawing = self._drawing(block, row, flatter)
        holder = _holder([drawing], drawing.width)
        holder.structure = chart.structure
        return holder

    def _drawing(self, block: d.Statistics, row: float = ROW, flatter: float = 0) -> Drawing:
        t = self.theme
        return self._drawn(layout(block, min(self.width, t.text_width), t, row, flatter))

    def _drawn(self, chart: Chart) -> Drawing:
        t = self.theme
        font = register(FACE)["regular"]
        drawing = Drawing(chart.width, chart.height)
        drawing.initialFontName = font  # else the renderer sets Helvetica first, a font no page then uses
        for shape in chart.shapes:
            if isinstance(shape, Label):
                drawing.add(String(shape.x, shape.y, shape.text, fontName=font, fontSize=shape.size,
                                   fillColor=HexColor(t.text_colour), textAnchor=shape.anchor))
            elif isinstance(shape, Line):
                drawing.add(PolyLine([c for p in shape.points for c in p], strokeColor=HexColor(shape.colour),
                                     strokeWidth=shape.width))
            else:
                drawing.add(Rect(shape.x, shape.y, shape.w, shape.h, fillColor=HexColor(shape.fill),
                                 strokeColor=None))
        return drawing

    def statistics(self, block: d.Statistics) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = []
        if block.chart == "table":
            if block.units:
                out.append(self.structure.tag(Paragraph(xml_escape(figures_units(block.units)), s.small), "P"))
            header = tuple((d.Text(c),) for c in block.columns)
            rows = tuple(((d.Text(label),), *((d.Text(figure_text(v)),) for v in figures))
                         for label, figures in block.rows)
            out.extend(self.handlers[d.Table](d.Table(header, rows)))
        else:
            out.append(self._chart(block))
        out.append(self.structure.tag(Paragraph(xml_escape(figures_source(block.source)), s.caption), "P"))
        return [*out, Spacer(0, self.theme.box_gap)]

    def source_item(self, block: d.SourceItem) -> list[Flowable]:
        with self.structure.group("Sect"):
            return self._source_item(block)

    def _source_item(self, block: d.SourceItem) -> list[Flowable]:
        s, tags = self.styles, self.structure
        title = source_title(block.letter, block.title, False)
        heading = as_heading(tags.heading(Paragraph(xml_escape(title), s.headings[2]), 3))
        heading.outline_entry = (title, 3)
        head: list[Flowable] = [tags.tag(Paragraph(xml_escape(block.caption), s.caption), "P")]
        if block.headnote:
            head.append(tags.tag(Paragraph(xml_escape(block.headnote), s.small), "P"))
        head.append(Spacer(0, 3))
        if isinstance(block.body, d.Statistics) and block.body.chart == "table":  # a long table breaks across pages
            return [heading, *head, *self.statistics(block.body)]
        body = [self._image(block.body)] if isinstance(block.body, d.Picture) else self.statistics(block.body)[:-1]
        whole = _holder([*head, *body], self.width)
        page = self.theme.text_height
        if _holder(body, self.width).wrap(self.width, page)[1] > page:
            # A chart and a long source line under it, together taller than a page: held in one
            # cell they could never be placed; the line goes on under the chart, overleaf if it must.
            return [heading, *head, *body, Spacer(0, 10)]
        if heading.wrap(self.width, page)[1] + whole.wrap(self.width, page)[1] <= page:
            if isinstance(block.body, d.Statistics) and flattening(block.body, min(self.width, self.theme.text_width),
                                                                   self.theme) > 0:
                whole = FlattenedToFit(whole, lambda by: _holder([*head, self._redrawn(body[0], block.body, flatter=by),
                                                                 *body[1:]], self.width))
            return [heading, whole, Spacer(0, 10)]
        # In large print a long headnote and its chart may not share a page: the head starts where
        # it stands and runs on like text, its last lines kept with the chart (moved whole to a page
        # of its own, the head left the page before it and its own page each over 40 % blank).
        # A chart on its side is set with tight rows there, so that it shares its page with the head's end.
        continued = lambda: Paragraph(xml_escape(source_continued(block.letter)), s.headings[2])  # noqa: E731
        width = min(self.width, self.theme.text_width)
        if (isinstance(block.body, d.Statistics) and on_its_side(block.body, width, self.theme, ROW_TIGHT)
                and continued().wrap(self.width, page)[1] + _holder([self._redrawn(body[0], block.body, ROW_TIGHT),
                                                                      *body[1:]], self.width).wrap(self.width, page)[1] > page):
            # A chart taller than a page: the head whole with the chart's top, the chart split between its
            # rows. One that fits a page stays whole (split, lesson 03's Source C at 24 pt read 1917–22 on
            # one page and 1923–26 on the next): the head runs on to it, as below.
            figure = body[0]

            def drawn(chart: Chart) -> Table:  # each piece read as the same Figure
                holder = _holder([self._drawn(chart)], chart.width)
                holder.structure = figure.structure
                return holder
            chart = SplitChart(block.body, self.theme, ROW_TIGHT, drawn, continued)
            return [KeepWithNext([heading, *head], chart, page), *body[1:], Spacer(0, 10)]
        if isinstance(block.body, d.Statistics):
            body = [self._redrawn(body[0], block.body, ROW_TIGHT), *body[1:]]
            # Under its "(continued)" title and the head's last lines the tight chart may still be a
            # little taller than the room left (24 and 36 pt): its rows tighten further to fit there.
            statistics = block.body
            tail: Flowable = FlattenedToFit(_holder(body, self.width), lambda by: _holder(
                [self._redrawn(body[0], statistics, tightened_row(statistics, self.theme, by)), *body[1:]], self.width))
        else:
            tail = _holder(body, self.width)
        # Overleaf, its title says whose the lines and chart are ("Source C (continued)"), as a box's does.
        *lead, text, gap = head
        ends = list(BOUNDARY.finditer(block.headnote)) if isinstance(block.body, d.Statistics) else []
        if ends:  # a chart's headnote runs on between its sentences: its last goes with the chart
            cut = ends[-1]
            lead.append(tags.tag(Paragraph(xml_escape(block.headnote[:cut.end(1)]), s.small), "P"))
            text = tags.tag(Paragraph(xml_escape(block.headnote[cut.end():]), s.small), "P")
        kept = HeadEnd if ends else KeepTail
        return [heading, *lead, kept(text, [gap, tail], self.theme.text_height, continued), Spacer(0, 10)]

"""Picture and statistics sources, and a question's picture, in the DOCX.

A picture prints at the size `picture_size.printed_size` gives the PDF; a chart is the PNG
painted from the shapes the PDF draws (`writers/chart.py`), at the PDF chart's size. Each picture
carries its alt text in the drawing's description (docPr descr), which Word and screen readers read.
"""

from __future__ import annotations

from io import BytesIO

from docx.shared import Pt

from ... import document as d
from ...picture_size import printed_size
from ...wording import figure_text, figures_source, figures_units, source_title
from ..chart import ROW, ROW_TIGHT, chart_png, layout
from .compat import no_picture_spacing, set_picture_description
from .keep import keep_with_next, text_height


class PictureLayout:
    """DocxWriter's methods for pictures, statistics and the sources made of them."""

    def _image(self, data: bytes, width: float, alt: str):
        """A paragraph holding the picture `width` points wide, described by `alt`."""
        paragraph = self.para()
        shape = paragraph.add_run().add_picture(BytesIO(data), width=Pt(width))
        set_picture_description(shape, alt)  # alt text, read by screen readers
        no_picture_spacing(shape)  # else LibreOffice indents it 9 pt
        return paragraph

    def picture(self, block: d.Picture) -> list:
        width, _ = printed_size(block.pixels, block.width_share, block.width_mm, self.theme)
        return [self._image(block.data, min(width, self.width), block.alt)]

    def statistics(self, block: d.Statistics, row: float = ROW) -> list:
        t = self.theme
        made = []
        if block.chart == "table":
            if block.units:
                made.append(self.para(figures_units(block.units), "Small Print"))
            header = tuple((d.Text(c),) for c in block.columns)
            rows = tuple(((d.Text(label),), *((d.Text(figure_text(v)),) for v in figures))
                         for label, figures in block.rows)
            self.table(d.Table(header, rows))
        else:
            width = min(self.width, t.text_width)
            made.append(self._image(chart_png(block, width, t, row), width, block.alt))
        made.append(self.para(figures_source(block.source), "Caption"))
        return made

    def source_item(self, block: d.SourceItem) -> None:
        furniture = [self.para(source_title(block.letter, block.title, False), "Heading 3"),
                     self.para(block.caption, "Source Caption")]
        if block.headnote:
            furniture.append(self.para(block.headnote, "Small Print"))
        # As the PDF sets it, where the whole cannot share a page: the head runs on like text, the
        # chart (with tight rows, if on its side) or picture after it, overleaf if it must. Kept
        # whole, it went to a page of its own and left half the page before it blank (lesson 03's
        # homework at 24 pt).
        runs_on = bool(block.headnote) and self._taller_than_a_page(block)
        if isinstance(block.body, d.Picture):
            body = self.picture(block.body)
        else:
            body = self.statistics(block.body, ROW_TIGHT if runs_on else ROW)
        if isinstance(block.body, d.Statistics) and block.body.chart == "table":
            keep_with_next(furniture)
        elif runs_on:
            keep_with_next(furniture[:-1] + body[:-1])
        else:
            keep_with_next(furniture + body[:-1])
        self._gap()

    def _taller_than_a_page(self, block: d.SourceItem) -> bool:
        """Whether a source's title, caption, headnote and picture (or chart) together are taller than a page."""
        t = self.theme
        width = min(self.width, t.text_width)
        if isinstance(block.body, d.Picture):
            shown, high = printed_size(block.body.pixels, block.body.width_share, block.body.width_mm, t)
            picture = high * min(1.0, width / shown)
        else:
            picture = layout(block.body, width, t).height
        head = (text_height(t, source_title(block.letter, block.title, False), width, t.heading_sizes[2], "bold")
                + sum(text_height(t, text, width, t.note, space_after=t.note_space_after)
                      for text in (block.caption, block.headnote)))
        return head + picture > t.text_height

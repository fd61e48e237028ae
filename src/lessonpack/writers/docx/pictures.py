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
from ..chart import chart_png
from .compat import no_picture_spacing, set_picture_description
from .keep import keep_with_next


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

    def statistics(self, block: d.Statistics) -> list:
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
            made.append(self._image(chart_png(block, width, t), width, block.alt))
        made.append(self.para(figures_source(block.source), "Caption"))
        return made

    def source_item(self, block: d.SourceItem) -> None:
        furniture = [self.para(source_title(block.letter, block.title, False), "Heading 3"),
                     self.para(block.caption, "Source Caption")]
        if block.headnote:
            furniture.append(self.para(block.headnote, "Small Print"))
        if isinstance(block.body, d.Picture):
            body = self.picture(block.body)
        else:
            body = self.statistics(block.body)
        keep_with_next(furniture + body[:-1] if not isinstance(block.body, d.Statistics)
                       or block.body.chart != "table" else furniture)
        self._gap()

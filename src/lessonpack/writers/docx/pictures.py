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
from ..chart import ROW, ROW_TIGHT, ROW_TIGHTEST, chart_png, layout, tightened_row
from .answer_keep import SENTENCE_BOUNDARY
from .compat import no_picture_spacing, remove_paragraph, set_picture_description
from .keep import keep_with_next, text_height
from .ooxml import mark_row

SOURCE_STYLES = {"title": "Heading 3", "caption": "Source Caption", "headnote": "Small Print"}
"""The paragraph style of each row of a picture source's head."""


def is_titled_table(block: d.Block) -> bool:
    """Whether a block is a picture source written as a table headed by its title (`source_item`), as a
    source box is; a table of figures is not (its title a heading over the figures' own table)."""
    return isinstance(block, d.SourceItem) and not (isinstance(block.body, d.Statistics)
                                                    and block.body.chart == "table")


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
        if not is_titled_table(block):  # a table of figures: it breaks across pages
            head = [("title", source_title(block.letter, block.title, False)), ("caption", block.caption)]
            furniture = [self.para(text, SOURCE_STYLES[kind])
                         for kind, text in head + [("headnote", block.headnote)] * bool(block.headnote)]
            self.statistics(block.body)
            keep_with_next(furniture)
            self._gap()
            return
        # As the PDF sets it, where the whole cannot share a page: the head runs on, its last sentence
        # (a picture's whole headnote) kept with the chart (with tight rows, if on its side) or picture,
        # overleaf if it must; kept whole, it went to a page of its own and left half the page before it
        # blank (lesson 03's homework at 24 pt). A one-column table whose header row is the title, so
        # that the title is printed again over what runs on, as a source box's is (the PDF's "Source C
        # (continued)"). As paragraphs, lesson 03's 24 pt headnote broke mid-sentence at a page's foot
        # and the chart went overleaf under no title.
        runs_on = bool(block.headnote) and self._taller_than_a_page(block)
        tail = ""  # the head's end that goes overleaf with the picture where the head runs on
        if runs_on:
            ends = list(SENTENCE_BOUNDARY.finditer(block.headnote)) if isinstance(block.body, d.Statistics) else []
            tail = block.headnote[ends[-1].end():] if ends else block.headnote
            if not self._fits_under_title(block, tail):  # at 36 pt lesson 03's chart and source line ran into the footer
                tail = ""
        lead = block.headnote[:len(block.headnote) - len(tail)].rstrip()
        # Rows: the title; the head (what goes before the break); the head's end with the picture. Each
        # row whole on a page (LibreOffice did not keep a row of the head's last sentence with the
        # chart's), so the page breaks only between sentences, where the PDF's does.
        rows = [[("title", source_title(block.letter, block.title, False))],
                [("caption", block.caption)] + [("headnote", lead)] * bool(lead),
                [("headnote", tail)] * bool(tail) + [("body", "")]]
        table = self._titled_table(len(rows), 0.0)
        made = []
        saved = self.doc, self.indent
        try:
            for row, pieces in zip(table.rows, rows):
                mark_row(row, "cantSplit")
                self.doc, self.indent = row.cells[0], 0.0
                for kind, text in pieces:
                    if kind != "body":
                        made.append(self.para(text, SOURCE_STYLES[kind]))
                    elif isinstance(block.body, d.Picture):
                        made += self.picture(block.body)
                    else:
                        made += self.statistics(block.body, self._run_on_row(block, tail) if runs_on else ROW)
                remove_paragraph(row.cells[0].paragraphs[0])
        finally:
            self.doc, self.indent = saved
        mark_row(table.rows[0], "tblHeader")
        made[0].paragraph_format.space_before = Pt(0)
        keep_with_next(made[:-1])
        if runs_on:  # the page may break before the head's last row, which goes with the picture
            table.rows[-2].cells[0].paragraphs[-1].paragraph_format.keep_with_next = False
        self._gap()

    def _under_title(self, block: d.SourceItem, tail: str) -> float:
        """The estimated room for a picture (and its source line) on a page under the source's title,
        printed again there, and the head's `tail`."""
        t = self.theme
        width = min(self.width, t.text_width)
        source = figures_source(block.body.source) if isinstance(block.body, d.Statistics) else ""
        return t.text_height - (text_height(t, source_title(block.letter, block.title, False), width,
                                            t.heading_sizes[2], "bold")
                                + sum(text_height(t, text, width, t.note, space_after=t.note_space_after)
                                      for text in (tail, source) if text))

    def _fits_under_title(self, block: d.SourceItem, tail: str) -> bool:
        """Whether the picture (a chart at its tightest) fits a page under the title and `tail`."""
        t = self.theme
        width = min(self.width, t.text_width)
        if isinstance(block.body, d.Picture):
            return self._picture_height(block.body, width) <= self._under_title(block, tail)
        return layout(block.body, width, t, ROW_TIGHTEST).height <= self._under_title(block, tail)

    def _run_on_row(self, block: d.SourceItem, tail: str) -> float:
        """The row depth of a chart on its side that runs on from its head: tight (`ROW_TIGHT`), and
        tighter where it would not fit a page under its repeated title and the head's `tail` (at
        `ROW_TIGHT` lesson 03's 24 pt Source C went on to a page of its own, its last sentence alone
        on the page before)."""
        chart, t = block.body, self.theme
        height = layout(chart, min(self.width, t.text_width), t, ROW_TIGHT).height
        return tightened_row(chart, t, max(0.0, height - self._under_title(block, tail)))

    def _picture_height(self, picture: d.Picture, width: float) -> float:
        shown, high = printed_size(picture.pixels, picture.width_share, picture.width_mm, self.theme)
        return high * min(1.0, width / shown)

    def _taller_than_a_page(self, block: d.SourceItem) -> bool:
        """Whether a source's title, caption, headnote and picture (or chart) together are taller than a page."""
        t = self.theme
        width = min(self.width, t.text_width)
        if isinstance(block.body, d.Picture):
            picture = self._picture_height(block.body, width)
        else:
            picture = layout(block.body, width, t).height
        head = (text_height(t, source_title(block.letter, block.title, False), width, t.heading_sizes[2], "bold")
                + sum(text_height(t, text, width, t.note, space_after=t.note_space_after)
                      for text in (block.caption, block.headnote)))
        return head + picture > t.text_height

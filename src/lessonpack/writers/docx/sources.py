"""A source in DOCX: a borderless table whose header row is the source's title, so Word and
LibreOffice print the title again over the rest of the box on each page it runs onto (the PDF's
"Source A (continued)"; neither can print a row only where a page breaks, so the first page shows
the title once, as its heading). Each extract line is a row of its own, ruled at the sides (the
first at its top, the last at its foot), so the box breaks between lines and its rules stay whole;
a paragraph border inside a table cell lost its sides in LibreOffice."""

from __future__ import annotations

from docx.shared import Pt

from ... import document as d
from ...wording import printed_words, source_title
from .compat import ends_with_table, remove_paragraph
from .keep import BOX_EDGE_LINES, keep_source_box, text_height
from .ooxml import cell_border, mark_row, no_cell_margins, shade

BORDER_SPACE = 4.0
"""Points between a box's side rules and its text: the cells' margins, which Word (in the
compatibility mode of the writer's files) and LibreOffice set outside the text column, as the
body's paragraph borders stood."""


HEAD_SHARE = 0.9
"""A source's head (title, caption, headnote) with its box's first lines taller than this share of a page
(the estimate errs high) is not kept with the box; shorter, it moves whole to the next page with them.
A head taller than this by itself may break in its headnote."""


class SourceLayout:
    """The DocxWriter's source boxes; it supplies styled text (para, run), _table and _gap."""

    def source_box(self, block: d.SourceBox) -> None:
        t = self.theme
        rows: list[tuple[str, object]] = [("title", None), ("caption", None)]
        rows += [("headnote", None)] * bool(block.headnote)
        rows += [("line", line) for line in block.lines]
        rows += [("glossary", None)] * bool(block.glossary)
        margin = BORDER_SPACE + t.box_rule_width / 2  # the rule's middle as far out as a paragraph border's
        table = self._titled_table(len(rows), margin)
        frame = ("single", t.box_rule_width, t.accent_colour)
        first_line = next(i for i, (kind, _) in enumerate(rows) if kind == "line")
        last_line = max(i for i, (kind, _) in enumerate(rows) if kind == "line")
        paragraphs = {}
        runs_on = bool(block.headnote) and self._head_height(block, BOX_EDGE_LINES) > t.text_height * HEAD_SHARE
        # a head that runs on still moves whole to the next page where it fits one by itself: left to
        # run on from where it stood, lesson 03's 24 pt Source A printed its title, caption and half a
        # sentence of headnote at a page's foot, the box overleaf
        head_splits = runs_on and self._head_height(block, 0) > t.text_height * HEAD_SHARE
        saved = self.doc, self.indent
        try:
            for i, (row, (kind, line)) in enumerate(zip(table.rows, rows)):
                cell = row.cells[0]
                self.doc, self.indent = cell, 0.0
                if not (head_splits and kind == "headnote"):
                    mark_row(row, "cantSplit")
                paragraphs[i] = self._source_row(block, kind, line)
                remove_paragraph(cell.paragraphs[0])
                if kind == "line":
                    cell_border(cell, {edge: frame for edge in ["top"] * (i == first_line) + ["left"]
                                       + ["bottom"] * (i == last_line) + ["right"]})
                elif kind == "glossary":
                    cell_border(cell, {edge: ("single", t.rule_width, t.rule_colour)
                                       for edge in ("top", "left", "bottom", "right")})
                    shade(cell, t.box_colour)
        finally:
            self.doc, self.indent = saved
        mark_row(table.rows[0], "tblHeader")
        furniture = [paragraphs[i] for i in range(first_line)]
        lines = [paragraphs[i] for i in range(first_line, last_line + 1)]
        # the box's text BORDER_SPACE from its top and foot rules, as from its sides
        lines[0].paragraph_format.space_before = lines[-1].paragraph_format.space_after = Pt(BORDER_SPACE)
        keep_source_box(furniture, lines, bool(block.glossary))
        if runs_on:  # the headnote runs on like text from where it stands, as in the PDF: kept whole with the
            # box's first lines, the head did not fit a page and LibreOffice left lesson 01's 24 pt title
            # and caption alone on one, its first page blank under the lesson's title
            paragraphs[first_line - 1].paragraph_format.keep_with_next = False
        self._gap()

    def _titled_table(self, rows: int, margin: float):
        """A one-column table of `rows` rows at the text's measure, its text `margin` in from its edges,
        whose first row (a source's title) the caller makes the header row."""
        t = self.theme
        # The title's space above it in a hairline paragraph before the table: in the header row it
        # stood that much lower than the text area's top on each page it was repeated on. The hairline
        # takes the place of the empty paragraph that ends the block before, and its room: that one
        # at a page's top, then the hairline's space, stood a source's title 49 pt low at 24 pt.
        space = t.heading_sizes[2] * t.heading_space_above - 1
        if self.written and self.written[-1] is self._last_gap and not ends_with_table(self.doc):
            remove_paragraph(self.written.pop())
            space += t.leading(t.body_size) + t.paragraph_space
        above = self._hairline()
        above.space_before, above.keep_with_next = Pt(space), True
        # its text at the margin, any rules `margin` outside it: Word 2013's mode (compatibilityMode 15)
        # measures a table's indent to its left edge, not to its first cell's text
        table = self._table([self.width + 2 * margin], indent=self.indent - margin)
        no_cell_margins(table, margin)
        for _ in range(rows - 1):
            table.add_row()
        return table

    def _head_height(self, block: d.SourceBox, lines: int) -> float:
        """The estimated height of a source's title, caption and headnote with `lines` lines of its box."""
        t = self.theme
        return (text_height(t, source_title(block.letter, block.title, block.adapted), self.width,
                            t.heading_sizes[2], "bold") + text_height(t, block.caption, self.width)
                + text_height(t, block.headnote, self.width) + lines * t.leading(t.extract_size))

    def _source_row(self, block: d.SourceBox, kind: str, line):
        """The paragraph of one row of a source's table: its title, caption, headnote, a line or its glossary."""
        if kind == "title":
            para = self.para(source_title(block.letter, block.title, block.adapted), "Heading 3")
            para.paragraph_format.space_before = Pt(0)
            return para
        if kind == "caption":
            return self.para(block.caption, "Source Caption")
        if kind == "headnote":
            return self.para(block.headnote, "Small Print")
        if kind == "line":
            para = self.para(style="Extract Line")
            self.run(para, f"\t{line.number}" if line.number % 5 == 0 else "\t", "Line Number")
            para.add_run("\t" + line.text)
            if line.paragraph:
                self.run(para, f"\t¶{line.paragraph}", "Line Number")
            return para
        para = self.para(style="Glossary")
        para.add_run(printed_words().glossary_run_on)
        for i, (word, meaning) in enumerate(block.glossary):
            self.run(para, word, "Strong")
            para.add_run(f": {meaning}" + ("; " if i < len(block.glossary) - 1 else ""))
        return para

"""A short table under a question's stem (a matching grid, a word bank) nested in a row of the
question's table: LibreOffice keeps no table with what follows it, not even one whose rows all
keep with the next, so a table of its own after the question's was left overleaf, away from its stem."""

from __future__ import annotations

from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt

from ... import document as d
from .. import column_widths, columns_fit
from .compat import ends_with_table, remove_paragraph
from .keep import keep_with_next, slip_height
from .ooxml import mark_row

NESTED_SHARE = 0.5
"""A table under a stem no taller than this share of a page is nested, and moves with its stem: the PDF
moves a matching question that fits a page whole (lesson 04's dyslexia grid, about 0.4 of a page).
Nested, it never splits, so not much more: a row taller than what is left of a page leaves that blank."""
NESTED_END = 1.0
"""Points high: the paragraph a cell must end with after its table (Word requires one), a hairline, as
the one that kept the two tables apart was; the question's own gap follows the question's table."""


class NestedRows:
    """The DocxWriter's nested tables; it supplies _cell_under_stem, _in, _handler and the grids."""

    def _nests(self, block: d.Block) -> bool:
        """Whether a table block under a stem goes in a row of the question's table: a word bank, or a
        table whose columns fit the stem's width, by its estimate no taller than NESTED_SHARE of a page."""
        t = self.theme
        if isinstance(block, d.WordBank):
            return slip_height(t, block, self.width) <= t.text_height * NESTED_SHARE
        if not isinstance(block, d.Table) or not columns_fit(block.header, block.rows, self.width, t.min_column_width, t):
            return False
        header = list(block.header)
        rows = [list(row) + [()] * (len(header) - len(row)) for row in block.rows]
        if sum(self._word_widths([header, *rows])) > self.width:  # it would start at the margin
            return False
        widths = column_widths(block.header, block.rows, self.width, t.min_column_width, t)
        height = self._row_height(header, widths) + sum(
            max(self._row_height(row, widths, t.note), block.row_lines * t.answer_line_height) for row in rows)
        return height <= t.text_height * NESTED_SHARE

    def _nested_row(self, table, block: d.Block):
        """The block in a row of the question's table spanning the stem's columns, never split and kept
        with the row above, as Word and LibreOffice both keep rows: lesson 03's word bank and lesson 04's
        dyslexia matching grid, each a table after the question's, went overleaf from their stems."""
        above = table.rows[-1]
        row, cell = self._cell_under_stem(table)
        self._in(cell, self._handler(block), block)
        remove_paragraph(cell.paragraphs[0])  # the cell's own empty paragraph, above the table
        while len(cell.paragraphs) > 1 and not ends_with_table(cell) and not cell.paragraphs[-1].text:
            remove_paragraph(cell.paragraphs[-1])  # the block's gap: the question's follows its table
        if ends_with_table(cell):
            cell.add_paragraph()
        end_cell(cell)
        mark_row(row, "cantSplit")
        for other in above.cells:
            keep_with_next(other.paragraphs)
        return row.table


def end_cell(cell) -> None:
    """The paragraph a cell must end with after a table nested in it (Word requires one) a hairline,
    NESTED_END high (LibreOffice drops it)."""
    fmt = cell.paragraphs[-1].paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing, fmt.line_spacing_rule = Pt(NESTED_END), WD_LINE_SPACING.EXACTLY

"""Stacked tables in DOCX: a table whose columns cannot hold their longest words, one boxed
single-column table per row, each cell under its column's label, as the PDF prints it."""

from __future__ import annotations

from docx.shared import Pt

from ... import document as d
from ...linebreak import Measure, wrap
from ...page_rules import stacked_cell_lines, unsplit_height
from .. import column_widths
from .ooxml import cell_border, mark_row, shade


class StackedTables:
    """The DocxWriter's stacked tables; it supplies styled text, _table and _hairline."""

    def stacked_table(self, block: d.Table) -> None:
        """A table whose columns cannot hold their longest words, stacked as in the PDF: one
        single-column table per row, each cell under its column's header (bold on a shaded
        line), each empty cell ruled for writing with its share of its table row's lines
        (page_rules.stacked_cell_lines, as in the PDF: each blank cell given the whole row's lines
        made lesson 05's worksheet two pages longer than the PDF at 24 pt)."""
        columns = max([len(block.header), *(len(r) for r in block.rows)])
        header = list(block.header) + [()] * (columns - len(block.header))
        grid = column_widths(block.header, block.rows, self.width, self.theme.min_column_width, self.theme)
        for row in block.rows or ((),):  # a table with no rows still shows its headers
            cells = list(row) + [()] * (columns - len(row))
            lines = stacked_cell_lines(block.row_lines, [w for w, c in zip(grid, cells) if not d.plain_text(c).strip()])
            box_rows = []  # top to bottom: (whether a column's label, its inlines, its ruled lines if blank)
            for label, cell in zip(header, cells):
                if d.plain_text(label).strip():
                    box_rows.append((True, label, 0))
                box_rows.append((False, cell, 0 if d.plain_text(cell).strip() else lines.pop(0)))
            table = self._table([self.width])
            for _ in box_rows[1:]:
                table.add_row()
            for table_row, (is_label, inlines, count) in zip(table.rows, box_rows):
                self._stacked_row(table_row, is_label, inlines, count)
            label_rows = [is_label for is_label, _, _ in box_rows]
            self._rule_box(table, label_rows)
            # The row's name (its first cell, under its label) is the box's header: read as
            # one, and repeated at the top of the next page if the box runs onto it, as in the PDF.
            name = label_rows.index(False)
            if d.plain_text(box_rows[name][1]).strip():
                for table_row in table.rows[:name + 1]:
                    mark_row(table_row, "tblHeader")
            whole = self._is_short(box_rows)
            self._keep_box(table, [whole or is_label or i <= name for i, is_label in enumerate(label_rows)])
            self._hairline(space_after=self.theme.box_gap - 1)  # not kept with the next box: no gap tops a page

    def _rule_box(self, table, label_rows: list[bool]) -> None:
        """Rules as in the PDF's boxes: the theme's grey line around the box and above each label,
        none between a label and what it heads."""
        rule = ("single", self.theme.table_rule_width, self.theme.rule_colour)
        last = len(label_rows) - 1
        for i, (table_row, is_label) in enumerate(zip(table.rows, label_rows)):
            edges = ["left", "right"] + ["top"] * (i == 0 or is_label) + ["bottom"] * (i == last)
            cell_border(table_row.cells[0], {edge: rule for edge in edges})

    @staticmethod
    def _keep_box(table, kept: list[bool]) -> None:
        """Keep each row marked kept on the page of the row after it, as Word and LibreOffice do
        for a row whose paragraphs keep with the next (they break a chain taller than a page
        anywhere, even under a label: a box that does not fit keeps only its labels and name)."""
        for table_row, keep in zip(table.rows[:-1], kept):
            if keep:
                for paragraph in table_row.cells[0].paragraphs:
                    paragraph.paragraph_format.keep_with_next = True

    def _text_height(self, inlines, bold: bool = False) -> float:
        """A cell's text's height as LibreOffice sets it in a stacked box (its lines at the note size)."""
        t = self.theme
        measure = Measure(t.body_font, t.note, self.width - t.cell_padding, "bold" if bold else "regular")
        return len(wrap(d.plain_text(inlines), (measure,))) * t.leading(t.note) + t.note_space_after + t.table_rule_width

    def _is_short(self, box_rows: list) -> bool:
        """Whether a stacked box is short enough to move to the next page whole (up to half a
        page, as in the PDF), its height reckoned as LibreOffice lays it out, with half a
        writing line to spare: Word differs a little. A taller box starts under its question."""
        t = self.theme
        height = 0.0
        for is_label, inlines, count in box_rows:
            if is_label or d.plain_text(inlines).strip():
                height += self._text_height(inlines, is_label)
            else:  # each answer line is taller by its rule and the 4 pt above it
                height += count * (t.answer_line_height + 4 + t.rule_width) + t.answer_last_line_room
        return height <= t.text_height / 2 - t.answer_line_height / 2

    def _stacked_row(self, table_row, is_label: bool, inlines, lines: int) -> None:
        """A row of a stacked table: a column's label, a cell's text, or (an empty cell) its ruled
        lines to write on, at least one, as a label over nothing would look like a misprint. Kept on
        one page, as in the PDF: split, the space to write lost its lines. A cell's text taller than
        `UNSPLIT_SHARE` of a page may break between its lines: LibreOffice printed the end of a long
        lesson-plan activity kept whole, and taller than the page under its repeated head, over the
        footer and off the page."""
        if is_label or not d.plain_text(inlines).strip() or self._text_height(inlines) < unsplit_height(self.theme):
            mark_row(table_row, "cantSplit")
        cell = table_row.cells[0]
        paragraph = cell.paragraphs[0]
        if is_label:
            shade(cell, self.theme.box_colour)
        if is_label or d.plain_text(inlines).strip():
            self.set_style(paragraph, "Table Text")
            self._inlines(paragraph, inlines, "Strong" if is_label else None)
            return
        ruled = [paragraph, *(cell.add_paragraph() for _ in range(max(lines, 1) - 1))]
        for line in ruled:
            self.set_style(line, "Answer Line")
        # The last ruled line stands clear of the cell's border, not hidden in it.
        ruled[-1].paragraph_format.space_after = Pt(self.theme.answer_last_line_room)

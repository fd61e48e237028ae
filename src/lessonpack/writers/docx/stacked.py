"""Stacked tables in DOCX: a table whose columns cannot hold their longest words, one boxed
single-column table per row, each cell under its column's label, as the PDF prints it."""

from __future__ import annotations

from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt

from ... import document as d
from ...fonts import string_width
from ...linebreak import Measure, wrap
from ...page_rules import stacked_cell_lines, unsplit_height
from .. import column_widths
from .compat import add_spanning_row, remove_paragraph
from .nested import NESTED_END, end_cell
from .ooxml import cell_border, cell_margins, mark_row, no_cell_margins, shade

LABEL, TEXT, LINES, LABELLED = "label", "text", "lines", "labelled"
"""What a row of a stacked box holds: a column's label, a cell's text, a blank cell's ruled lines, or
those lines with the column's label written on the first ("P or S? ______")."""
LABELLED_SHARE = 0.62
"""The most of a box's width a label written on its cell's first line may take (the PDF's `LabelledLines.fits`)."""
CELL_MARGIN = 5.4
"""Points: a box cell's left and right margins, Word's default, in a box's rows written in the
question's table (which has none)."""


class StackedTables:
    """The DocxWriter's stacked tables; it supplies styled text, _table, _in and _hairline."""

    def stacked_table(self, block: d.Table) -> None:
        """A table whose columns cannot hold their longest words, stacked as in the PDF: one
        single-column table per row, each cell under its column's header (bold on a shaded
        line; a short one over a blank cell written on the cell's first ruled line instead), each
        empty cell ruled for writing with its share of its table row's lines
        (page_rules.stacked_cell_lines, as in the PDF: each blank cell given the whole row's lines
        made lesson 05's worksheet two pages longer than the PDF at 24 pt)."""
        boxes = self._stacked_boxes(block)
        if self.label:
            return self._boxes_under_label(boxes)
        for rows in boxes:
            self._box(rows, self._is_short(rows))
            self._hairline(space_after=self.theme.box_gap - 1)  # not kept with the next box: no gap tops a page

    def _stacked_boxes(self, block: d.Table) -> list[list[tuple[str, tuple, int]]]:
        """Each table row as a box's rows, top to bottom: (what it holds, its inlines, its ruled lines)."""
        columns = max([len(block.header), *(len(r) for r in block.rows)])
        header = list(block.header) + [()] * (columns - len(block.header))
        grid = column_widths(block.header, block.rows, self.width, self.theme.min_column_width, self.theme)
        boxes = []
        for row in block.rows or ((),):  # a table with no rows still shows its headers
            cells = list(row) + [()] * (columns - len(row))
            lines = stacked_cell_lines(block.row_lines, [w for w, c in zip(grid, cells) if not d.plain_text(c).strip()])
            rows = []
            for label, cell in zip(header, cells):
                labelled = bool(d.plain_text(label).strip())
                if d.plain_text(cell).strip():
                    rows += [(LABEL, label, 0)] * labelled + [(TEXT, cell, 0)]
                elif labelled and self._writes_on_its_line(label):
                    rows.append((LABELLED, label, lines.pop(0)))
                else:
                    rows += [(LABEL, label, 0)] * labelled + [(LINES, (), lines.pop(0))]
            boxes.append(rows)
        return boxes

    def _writes_on_its_line(self, label) -> bool:
        """Whether a blank cell's label is written on its first ruled line, as the PDF's
        `LabelledLines.fits`: on one line in at most LABELLED_SHARE of the box's width, the rest
        room to write (the PDF's fillable form keeps the label over its field; a DOCX has none)."""
        t = self.theme
        return (string_width(d.plain_text(label), t.body_font, t.note, "bold")
                <= (self.width - t.cell_padding) * LABELLED_SHARE)

    def _boxes_under_label(self, boxes: list) -> None:
        """A question's boxes, each short, in the rows of a table headed by the question's label
        ("Question 6"), a header row Word and LibreOffice print again over the boxes on each page
        they reach, as the PDF heads them "Question 6 (continued)": each box a table in a row that
        never splits, so it is whole on one page, as in the PDF. Boxes standing alone, lesson 03's
        24 pt Question 6 left a box's "P or S?" overleaf and two pages of boxes under no question."""
        t = self.theme
        self._apart()
        outer = self._table([self.width])
        no_cell_margins(outer)
        self._label_row(outer, outer.rows[0])  # questions.py
        mark_row(outer.rows[0], "tblHeader")
        for number, rows in enumerate(boxes, 1):
            gap = t.box_gap if number < len(boxes) else None  # to the next box
            if not self._is_short(rows):  # its rows in the question's table: they may break between
                self._box(rows, whole=False, into=outer)  # its sections (Word repeats no nested header)
                if gap:  # under the box's border, in a row of its own
                    space = outer.add_row()
                    mark_row(space, "cantSplit")
                    fmt = space.cells[0].paragraphs[0].paragraph_format
                    fmt.space_before, fmt.space_after = Pt(0), Pt(gap - NESTED_END)
                    fmt.line_spacing, fmt.line_spacing_rule = Pt(NESTED_END), WD_LINE_SPACING.EXACTLY
                continue
            row = outer.add_row()
            mark_row(row, "cantSplit")
            cell = row.cells[0]
            self._in(cell, lambda rows: self._box(rows, whole=True), rows)
            remove_paragraph(cell.paragraphs[0])  # the cell's own empty paragraph, above the box
            end_cell(cell)
            if gap:  # (LibreOffice drops the cell's end)
                cell_margins(cell, 0.0, bottom=gap)

    def _box(self, rows: list, whole: bool, into=None) -> list:
        """One box, ruled as the PDF's: a single-column table of its rows, or its rows added to
        `into` (the question's table: no header of its own is repeated there); its table rows."""
        if into is None:
            table = self._table([self.width])
            table_rows = [table.rows[0], *(table.add_row() for _ in rows[1:])]
        else:
            table_rows = [into.add_row() for _ in rows]
        for table_row, (kind, inlines, count) in zip(table_rows, rows):
            self._stacked_row(table_row, kind, inlines, count)
        self._rule_box(table_rows, [kind in (LABEL, LABELLED) for kind, _, _ in rows])
        name = next(i for i, (kind, _, _) in enumerate(rows) if kind != LABEL)
        if into is None and rows[name][0] == TEXT:
            # The row's name (its first cell, under its label) is the box's header: read as one,
            # and repeated at the top of the next page if the box runs onto it, as in the PDF.
            for table_row in table_rows[:name + 1]:
                mark_row(table_row, "tblHeader")
        self._keep_box(table_rows, [whole or kind == LABEL or i <= name for i, (kind, _, _) in enumerate(rows)])
        for table_row in table_rows if into is not None else ():
            cell_margins(table_row.cells[0], CELL_MARGIN)
        return table_rows

    def _rule_box(self, table_rows: list, label_rows: list[bool]) -> None:
        """Rules as in the PDF's boxes: the theme's grey line around the box and above each label,
        none between a label and what it heads."""
        rule = ("single", self.theme.table_rule_width, self.theme.rule_colour)
        last = len(label_rows) - 1
        for i, (table_row, is_label) in enumerate(zip(table_rows, label_rows)):
            edges = ["left", "right"] + ["top"] * (i == 0 or is_label) + ["bottom"] * (i == last)
            cell_border(table_row.cells[0], {edge: rule for edge in edges})

    @staticmethod
    def _keep_box(table_rows: list, kept: list[bool]) -> None:
        """Keep each row marked kept on the page of the row after it, as Word and LibreOffice do
        for a row whose paragraphs keep with the next (they break a chain taller than a page
        anywhere, even under a label: a box that does not fit keeps only its labels and name)."""
        for table_row, keep in zip(table_rows[:-1], kept):
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
        writing line to spare: Word differs a little. A taller box starts under its question.
        A labelled cell is its lines (the label on the first): lesson 03's 24 pt boxes, reckoned
        265 and 298 pt, print 248 and 280."""
        t = self.theme
        height = 0.0
        for kind, inlines, count in box_rows:
            if kind in (LABEL, TEXT):
                height += self._text_height(inlines, kind == LABEL)
            else:  # each answer line is taller by its rule and the 4 pt above it
                height += count * (t.answer_line_height + 4 + t.rule_width) + t.answer_last_line_room
        return height <= t.text_height / 2 - t.answer_line_height / 2

    def _stacked_row(self, table_row, kind: str, inlines, lines: int) -> None:
        """A row of a stacked table: a column's label, a cell's text, or (an empty cell) its ruled
        lines to write on, at least one, as a label over nothing would look like a misprint. Kept on
        one page, as in the PDF: split, the space to write lost its lines. A cell's text taller than
        `UNSPLIT_SHARE` of a page may break between its lines: LibreOffice printed the end of a long
        lesson-plan activity kept whole, and taller than the page under its repeated head, over the
        footer and off the page."""
        if kind != TEXT or self._text_height(inlines) < unsplit_height(self.theme):
            mark_row(table_row, "cantSplit")
        cell = table_row.cells[0]
        paragraph = cell.paragraphs[0]
        if kind == LABEL:
            shade(cell, self.theme.box_colour)
        if kind in (LABEL, TEXT):
            self.set_style(paragraph, "Table Text")
            self._inlines(paragraph, inlines, "Strong" if kind == LABEL else None)
            return
        if kind == LABELLED:
            return self._label_on_line(cell, inlines, lines)
        ruled = [paragraph, *(cell.add_paragraph() for _ in range(max(lines, 1) - 1))]
        for line in ruled:
            self.set_style(line, "Answer Line")
        # The last ruled line stands clear of the cell's border, not hidden in it.
        ruled[-1].paragraph_format.space_after = Pt(self.theme.answer_last_line_room)

    def _label_on_line(self, cell, label, lines: int) -> None:
        """A blank cell's ruled lines, its label written on the first, the rule from the label's end
        to the right edge, as the PDF's `LabelledLines` draws it ("P or S? ______"): a borderless
        table, its first row two cells, the label's and one ruled at its foot as the lines under it
        are (as the Name, Class and Date rows are made, `student_details`), the other lines in a row
        under both. Not a tab's underline, which LibreOffice does not draw; nor the label on a line
        ruled under it too, which reads as an underlined heading, not a place to write. The lines
        are rows of the table, not paragraphs after it: LibreOffice drops a cell's last empty
        paragraph after a nested table, and a cell's second line with it."""
        t = self.theme
        width = self.width - t.cell_padding  # inside the box's cell margins
        label_width = string_width(d.plain_text(label), t.body_font, t.note, "bold") + t.details_label_gap
        saved = self.doc
        self.doc = cell
        try:
            table = self._table([label_width, width - label_width], indent=0.0)
        finally:
            self.doc = saved
        remove_paragraph(cell.paragraphs[0])  # the cell's own empty paragraph, above the table
        end_cell(cell)
        no_cell_margins(table)
        written, line = (c.paragraphs[0] for c in table.rows[0].cells)
        self.set_style(written, "Table Text")
        self.set_style(line, "Answer Line")
        fmt = written.paragraph_format
        fmt.space_before, fmt.space_after = Pt(0), Pt(0)
        fmt.line_spacing, fmt.line_spacing_rule = Pt(t.answer_line_height), WD_LINE_SPACING.EXACTLY
        self._inlines(written, label, "Strong")
        last = [written, line]
        if lines > 1:
            _, [under] = add_spanning_row(table)
            last = [under.paragraphs[0], *(under.add_paragraph() for _ in range(lines - 2))]
            for paragraph in last:
                self.set_style(paragraph, "Answer Line")
        for paragraph in last if lines <= 1 else last[-1:]:
            # The last ruled line stands clear of the box's border, not hidden in it.
            paragraph.paragraph_format.space_after = Pt(t.answer_last_line_room)
        for row in table.rows:
            mark_row(row, "cantSplit")

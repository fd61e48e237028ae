"""The student's details in the DOCX: Name, Class and Date on thin ruled cells, as the PDF draws them."""

from __future__ import annotations

from docx.shared import Pt

from ... import document as d
from ...page_furniture import details_note_width, details_rows, details_space_after
from ...wording import details_field
from .ooxml import cell_border, mark_row, no_cell_margins

DETAILS_PADDING = 3.0
"""Points above and below a Name, Class or Date cell's text: a reportlab table cell's padding, as the PDF sets them."""


class DetailsLayout:
    """The DocxWriter's student details; it supplies theme, _table, _hairline, set_style and run."""

    def student_details(self, block: d.StudentDetails) -> None:
        """The rows `details_rows` decides (as in the PDF), each a borderless table of label and value
        cells, each value cell ruled at its foot in the answer lines' rule: a tab's underscore leader,
        as before, printed a row of heavy black underscores in LibreOffice (and at 24 pt), where the
        PDF draws thin grey rules. A value typed into the cell in Word stays on its rule. Laid out for
        the measure it stands in (a slip's), a note (the slip's total marks) in a cell after the last."""
        t = self.theme
        rule = ("single", t.rule_width, t.rule_colour)
        note = details_note_width(block.note, t)
        rows = details_rows(block.fields, t, self.width, note)
        for number, row in enumerate(rows):
            if number:  # rows as far apart as answer lines, as in the PDF
                self._hairline(max(0.0, t.answer_line_height - t.leading(t.body_size) - 1)).keep_with_next = True
            widths = [w for cell in row for w in (cell.label_width, cell.value_width)]
            noted = bool(note) and number == len(rows) - 1
            table = self._table(widths + [note] * noted)
            no_cell_margins(table)
            mark_row(table.rows[0], "cantSplit")
            for cell, (label_cell, value_cell) in zip(row, zip(*[iter(table.rows[0].cells)] * 2)):
                label, value = block.fields[cell.field]
                for paragraph in (label_cell.paragraphs[0], value_cell.paragraphs[0]):
                    self.set_style(paragraph, "Student Details")
                    fmt = paragraph.paragraph_format
                    fmt.keep_with_next = True
                    # the PDF's cell padding: its rule stands DETAILS_PADDING under the text (on a slip, none)
                    fmt.space_before, fmt.space_after = (Pt(0 if self.in_grid else DETAILS_PADDING),) * 2
                self.run(label_cell.paragraphs[0], details_field(label), "Strong")
                if value:
                    value_cell.paragraphs[0].add_run(value)
                cell_border(value_cell, {"bottom": rule})
            if noted:
                paragraph = table.rows[0].cells[-1].paragraphs[0]
                self.set_style(paragraph, "Student Details")
                fmt = paragraph.paragraph_format
                fmt.space_before, fmt.space_after = (Pt(0 if self.in_grid else DETAILS_PADDING),) * 2
                fmt.left_indent = Pt(t.details_label_gap)
                self.run(paragraph, block.note, "Strong")
        self._hairline(max(0.0, details_space_after(t, self.in_grid) - 1))

"""The student-details line (Name, Class, Date): the rows `page_furniture.details_rows` decides for
the measure it stands in (the page's, or a slip's), each value on a ruled write-on space, a note (a
slip's total marks) after the last; a class set leaves the values as slots each copy fills in."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ... import document as d
from ...page_furniture import details_fit, details_note_width, details_rows, details_space_after
from ...wording import details_field
from .copy_canvas import DetailsSlot
from .escaping import xml_escape
from .fields import DetailsField, details_name
from .flowables import Paragraph


class DetailsBlocks:
    """PdfWriter's methods for the student-details line (it provides theme, styles and details_slots)."""

    def details_fit_one_line(self, block: d.StudentDetails) -> bool:
        """Whether every value fits its write-on space on one line in the layout shared by a class set."""
        return details_fit(block.fields, self.theme)

    def student_details(self, block: d.StudentDetails) -> list[Flowable]:
        t, s = self.theme, self.styles
        body = ParagraphStyle("details", parent=s.body, spaceAfter=0) if self.in_grid else s.body  # slip
        out: list[Flowable] = []
        note = details_note_width(block.note, t)
        rows = details_rows(block.fields, t, self.width, note)
        for number, row in enumerate(rows):
            cells: list[Flowable] = []
            widths: list[float] = []
            node = self.structure.node("P")  # a row reads "Name: Ana Class: 9B"; write-on rules are artifacts
            for cell in row:
                label, value = block.fields[cell.field]
                slot = self.details_slots and not value
                if slot:
                    space: Flowable = DetailsSlot(cell.field, body)
                elif self.fillable and not value:  # typed in: who submitted the file
                    space = DetailsField(details_name(cell.field), label, body.leading, t.body_size)
                else:
                    space = Paragraph(xml_escape(value), body)
                cells += [Paragraph(f"<b>{details_field(label)}</b>", body), space]
                for printed in cells[-2:]:
                    printed.structure = node
                widths += [cell.label_width, cell.value_width]
            if note and number == len(rows) - 1:
                cells.append(Paragraph(f"<b>{xml_escape(block.note)}</b>", body))
                cells[-1].structure = node
                widths.append(note)
            table = Table([cells], colWidths=widths, hAlign="LEFT")
            table.setStyle(TableStyle([
                *[("LINEBELOW", (i, 0), (i, 0), 0.6, HexColor(t.rule_colour)) for i in range(1, len(widths), 2)],
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                *([("LEFTPADDING", (-1, 0), (-1, 0), t.details_label_gap)] if len(widths) % 2 else []),
                ("RIGHTPADDING", (1, 0), (-1, -1), t.details_value_padding),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),  # a name too long for a whole row wraps under its label
                # on a slip the rule stands at the foot of the line, as its underscores did: four slips fit a page
                *([("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
                  if self.in_grid else []),
            ]))
            if number:  # rows as far apart as answer lines: room to write on each
                out.append(Spacer(0, max(0.0, t.answer_line_height - t.leading(t.body_size))))
            out.append(table)
        space = details_space_after(t, self.in_grid)
        return [*out, Spacer(0, space)] if space else out

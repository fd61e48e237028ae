"""The student-details line (Name, Class, Date): the rows `page_furniture.details_rows` decides, each
value on a ruled write-on space; a class set leaves the values as slots each copy fills in."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ... import document as d
from ...page_furniture import details_fit, details_rows
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
        out: list[Flowable] = []
        for number, row in enumerate(details_rows(block.fields, t)):
            cells: list[Flowable] = []
            widths: list[float] = []
            node = self.structure.node("P")  # a row reads "Name: Ana Class: 9B"; write-on rules are artifacts
            for cell in row:
                label, value = block.fields[cell.field]
                slot = self.details_slots and not value
                if slot:
                    space: Flowable = DetailsSlot(cell.field, s.body)
                elif self.fillable and not value:  # typed in: who submitted the file
                    space = DetailsField(details_name(cell.field), label, s.body.leading, t.body_size)
                else:
                    space = Paragraph(xml_escape(value), s.body)
                cells += [Paragraph(f"<b>{details_field(label)}</b>", s.body), space]
                for printed in cells[-2:]:
                    printed.structure = node
                widths += [cell.label_width, cell.value_width]
            table = Table([cells], colWidths=widths, hAlign="LEFT")
            table.setStyle(TableStyle([
                *[("LINEBELOW", (i, 0), (i, 0), 0.6, HexColor(t.rule_colour)) for i in range(1, len(cells), 2)],
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (1, 0), (-1, -1), t.details_value_padding),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),  # a name too long for a whole row wraps under its label
            ]))
            if number:  # rows as far apart as answer lines: room to write on each
                out.append(Spacer(0, max(0.0, t.answer_line_height - t.leading(t.body_size))))
            out.append(table)
        return [*out, Spacer(0, t.details_space_after)]

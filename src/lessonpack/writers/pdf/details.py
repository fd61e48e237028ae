"""The student-details line (Name, Class, Date): one line when the values fit, else one field under another."""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ... import document as d
from ...fonts import string_width
from ...wording import details_field
from .copy_canvas import DetailsSlot
from .flowables import Paragraph


class DetailsBlocks:
    """PdfWriter's methods for the student-details line (it provides theme, styles and details_slots)."""

    def _details_widths(self, block: d.StudentDetails) -> list[float] | None:
        """Label and value column widths of the details line: Name gets half the line.

        None when a value would get next to no room (a school profile with a very large body
        size on A4): the fields then stand one under another."""
        t = self.theme
        count = len(block.fields)
        shares = t.details_shares if count == 3 else [1 / count] * count
        widths = []
        for (label, _), share in zip(block.fields, shares):
            label_width = self._label_width(label)
            widths += [label_width, share * t.text_width - label_width]
        return widths if min(widths[1::2], default=0) >= t.details_value_padding + t.body_size / 2 else None

    def _label_width(self, label: str) -> float:
        t = self.theme
        return string_width(details_field(label), t.body_font, t.body_size, "bold") + 14

    def details_fit_one_line(self, block: d.StudentDetails) -> bool:
        """Whether every value fits its cell on one line (so a shared layout has room for it)."""
        t = self.theme
        widths = self._details_widths(block)
        return widths is not None and all(
            string_width(value, t.body_font, t.body_size) < width - t.details_value_padding - 1
            for (_, value), width in zip(block.fields, widths[1::2]))

    def student_details(self, block: d.StudentDetails) -> list[Flowable]:
        t, s = self.theme, self.styles
        cells: list[Flowable] = []
        for index, (label, value) in enumerate(block.fields):
            slot = self.details_slots and not value
            cells += [Paragraph(f"<b>{details_field(label)}</b>", s.body),
                      DetailsSlot(index, s.body) if slot else Paragraph(xml_escape(value), s.body)]
        widths = self._details_widths(block)
        if widths is None:  # one field under another, the labels in a column of their own
            label = min(max(self._label_width(label) for label, _ in block.fields), t.text_width / 2)
            rows, widths = [cells[i:i + 2] for i in range(0, len(cells), 2)], [label, t.text_width - label]
        else:
            rows = [cells]
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle([
            *[("LINEBELOW", (i, row), (i, row), 0.6, HexColor(t.rule_colour))
              for row, cells in enumerate(rows) for i in range(1, len(cells), 2)],
            ("RIGHTPADDING", (1, 0), (-1, -1), t.details_value_padding), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),  # in large print a line may wrap: its number stays on top
        ]))
        return [table, Spacer(0, t.details_space_after)]

"""A teacher's table that its columns cannot hold (a large-print lesson plan) as one card per row,
as the PDF prints it (writers/pdf/cards.py): its short cells on one shaded line at the head
("Starter · 7 minutes"), then the rest. A card never breaks across pages while it fits one.

Stacked as a student's organiser is (a label over each cell, stacked.py), a 24 pt lesson plan
took a page per activity in LibreOffice, or broke them between "Minutes" and "Activity".
"""

from __future__ import annotations

from ... import document as d
from ...linebreak import Measure, wrap
from ..card_layout import card_cells, head_text
from .ooxml import cell_border, mark_row, shade

CARD_WHOLE_SHARE = 0.9
"""A card shorter than this share of a page (by the estimate) never breaks; a taller one may break
between its rows, its head repeated over the rest."""


class CardTables:
    """The DocxWriter's cards; it supplies styled text (set_style, _inlines), _table and _hairline."""

    def cards(self, block: d.Table) -> None:
        for row in block.rows or ((),):
            self._card(block.header, row)
            self._hairline(space_after=self.theme.box_gap - 1)  # not kept with the next card

    def _card(self, header: tuple, row: tuple) -> None:
        t = self.theme
        cells, short = card_cells(header, row)
        rest = [(label, cell) for label, cell in cells[short:] if d.plain_text(cell).strip()]
        pieces: list[tuple[bool, tuple]] = []  # (whether the head, its inlines)
        if short:
            head = " · ".join(head_text(label, d.plain_text(cell).strip(), i == 0)
                              for i, (label, cell) in enumerate(cells[:short]))
            pieces.append((True, (d.Strong((d.Text(head),)),)))
        for label, cell in rest:
            pieces.append((False, ((d.Strong((d.Text(f"{label}: "),)),) if len(rest) > 1 and label else ())
                           + tuple(cell)))
        table = self._table([self.width])
        for _ in pieces[1:]:
            table.add_row()
        rule = ("single", t.table_rule_width, t.rule_colour)
        height = 0.0
        for i, (table_row, (is_head, inlines)) in enumerate(zip(table.rows, pieces)):
            cell = table_row.cells[0]
            paragraph = cell.paragraphs[0]
            self.set_style(paragraph, "Table Text")
            self._inlines(paragraph, inlines)
            edges = {"left": rule, "right": rule}
            edges.update({"top": rule} if i == 0 or pieces[i - 1][0] else {})
            edges.update({"bottom": rule} if i == len(pieces) - 1 or is_head else {})
            cell_border(cell, edges)
            if is_head:
                shade(cell, t.box_colour)
                mark_row(table_row, "tblHeader")  # repeated over the rest of a card that breaks
            measure = Measure(t.body_font, t.note, self.width - t.cell_padding, "bold" if is_head else "regular")
            row_height = len(wrap(d.plain_text(inlines), (measure,))) * t.leading(t.note) + t.note_space_after
            height += row_height
            if row_height < t.text_height * CARD_WHOLE_SHARE:
                mark_row(table_row, "cantSplit")
        if height < t.text_height * CARD_WHOLE_SHARE:  # the card whole on one page
            for table_row in table.rows[:-1]:
                for paragraph in table_row.cells[0].paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        elif short:  # its head with the start of the rest
            for paragraph in table.rows[0].cells[0].paragraphs:
                paragraph.paragraph_format.keep_with_next = True

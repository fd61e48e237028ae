"""A teacher's table re-set for large print (a lesson plan) as one card per row: its short cells on
one line at the head ("Starter · 7 minutes"), then the rest. A card never breaks across pages
(one taller than a page breaks between its pieces, its head repeated), and the next page of
cards says whose they are ("Lesson plan (continued)").

Stacked as a student's organiser is (a label over each cell), a 24 pt lesson plan ran to six
pages with every card broken mid-sentence (issue 16).
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Spacer, TableStyle

from ... import document as d
from ..card_layout import card_cells, head_text
from .flowables import Paragraph
from .keep import LabelOverleaf
from .rl_compat import row_heights
from .tables import FillingTable, joined_rows


class CardBlocks:
    """PdfWriter's method for a teacher's table whose columns do not fit (it provides theme, styles,
    width, structure, section, inline and pieces)."""

    def cards(self, block: d.Table) -> list[Flowable]:
        t = self.theme
        out: list[Flowable] = []
        for row in block.rows or ((),):
            card = self._card(block.header, row)
            if out and self.section:  # overleaf, the cards say whose they are
                out.append(LabelOverleaf(self.section, t, card))
            out += [card, Spacer(0, t.box_gap)]
        return out

    def _card(self, header: tuple, row: tuple) -> FillingTable:
        t, s = self.theme, self.styles
        cells, short = card_cells(header, row)
        inner = self.width - 12  # inside the cells' padding
        with self.structure.group("Div"):
            rows: list[Flowable] = []
            if short:
                head = " · ".join(head_text(label, self.inline(cell), i == 0)
                                  for i, (label, cell) in enumerate(cells[:short]))
                rows.append(self.structure.tag(Paragraph(f"<b>{head}</b>", s.small), "P"))
            rest = [(label, cell) for label, cell in cells[short:] if d.plain_text(cell).strip()]
            for label, cell in rest:
                labelled = ((d.Strong((d.Text(f"{label}: "),)),) if len(rest) > 1 and label else ()) + tuple(cell)
                rows += self.pieces(labelled, s.small, self.structure.node("P"), inner, t.text_height / 6)
        # A card taller than a page breaks between its pieces, its head repeated under the label.
        table = FillingTable([[r] for r in rows], colWidths=[self.width], hAlign="LEFT", repeatRows=1 if short else 0)
        styles = [("BOX", (0, 0), (-1, -1), t.table_rule_width, HexColor(t.rule_colour)),
                  ("VALIGN", (0, 0), (-1, -1), "TOP"), *joined_rows(rows)]
        if short:
            styles += [("BACKGROUND", (0, 0), (0, 0), HexColor(t.box_colour)),
                       ("LINEBELOW", (0, 0), (0, 0), t.table_rule_width, HexColor(t.rule_colour))]
        table.wrap(self.width, t.text_height)
        whole = sum(row_heights(table)) <= t.text_height  # a card is read whole: it never breaks
        styles.append(("NOSPLIT", (0, 0), (-1, -1) if whole else (0, 1)))
        table.continued = self._continued_label()
        table.setStyle(TableStyle(styles))
        return table

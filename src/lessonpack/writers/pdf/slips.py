"""Exit-ticket slips in the PDF: their ruled write-on lines, how many rows of slips a page holds, each
row grown to its share of the sheet, and a slip taller than a page cut between its questions."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ... import document as d
from ...slips import extra_lines, lines_height, row_share, stretched
from ...theme import Theme
from .. import starts_numbered_item
from .escaping import xml_escape
from .flowables import Paragraph, draw_rules
from .keep import stacked_height


class SlipLines(Flowable):
    """Ruled lines across a slip's measure, an answer line apart as on the worksheet, with the
    space of `slips.clearance` under the last (it sat on the cut line as underscores). A slip
    never splits, so neither do they."""

    def __init__(self, block: d.RuledLines, theme: Theme):
        super().__init__()
        self.block, self.count, self.theme = block, block.count, theme

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, lines_height(self.theme, self.block)
        return self.width, self.height

    def draw(self) -> None:
        draw_rules(self.canv, self.theme, self.count, self.height, self.width)


class SlipBlocks:
    """The PdfWriter's slips; it supplies theme, width, structure and flowables()."""

    def ruled_lines(self, block: d.RuledLines) -> list[Flowable]:
        return [SlipLines(block, self.theme)] if block.count else []  # untagged: an artifact

    def _rows_on_a_page(self, rows: list[list[list[Flowable]]], width: float) -> list[list[list[Flowable]]]:
        """As many whole rows of slips as fit one page, at least one: copies are cut out of one sheet."""
        room, kept = self.theme.text_height, []
        for row in rows:
            height = max(stacked_height(cell, width, self.theme.text_height) for cell in row)
            if kept and height > room:
                break
            kept.append(row)
            room -= height
        return kept

    def _filling_rows(self, block: d.Grid, rows: list[list[list[Flowable]]],
                      width: float) -> list[list[list[Flowable]]]:
        """Each slip of these rows made again with as many more ruled lines as its row's equal share
        of the page holds, so the sheet is cut into equal slips with room to write, not slips atop
        a blank (`slips.stretched`)."""
        t = self.theme
        share = row_share(t, len(rows))
        grown = []
        outer, self.width, self.in_grid = self.width, width, True
        try:
            for r, row in enumerate(rows):
                cells = []
                for c, cell in enumerate(row):
                    slip = block.cells[r * block.columns + c]
                    extra = extra_lines(t, stacked_height(cell, width, t.text_height), share)
                    cells.append(self.flowables((stretched(slip, extra),)) if extra else cell)
                grown.append(cells)
        finally:
            self.width, self.in_grid = outer, False
        return grown

    def _slip_pieces(self, block: d.Box) -> list[list[Flowable]]:
        """A slip taller than a page as rows that break only between its questions (a paragraph that
        opens with a bold number, "**2.**"), its title and first line (Name) repeated over each
        piece, so every page is a whole slip with a name on it and no question is cut in two."""
        outer, self.width = self.width, self.width - 16
        try:
            title = [self.structure.tag(Paragraph(f"<b>{xml_escape(block.title)}</b>", self.styles.body), "P")]
            rows: list[list[Flowable]] = [title, self.flowables(block.blocks[:1])]
            for item in block.blocks[1:]:
                if not rows[2:] or starts_numbered_item(item):
                    rows.append([])
                rows[-1].extend(self.flowables((item,)))
            return rows
        finally:
            self.width = outer

"""Exit-ticket slips in the DOCX, the PDF's twin: ruled write-on lines across the slip (the worksheet's
Answer Line paragraphs) clear of the cut line, and each slip grown to its share of the sheet."""

from __future__ import annotations

from docx.shared import Pt

from ... import document as d
from ...slips import clearance, extra_lines, row_share, stretched
from .keep import slip_height
from .questions import ESTIMATE_SPARE

ANSWER_LINE = "Answer Line"
ROWS_SPARE = 0.98
"""The share of a page the rows of slips may fill by `keep.slip_height`'s estimate: lesson 01's
high-contrast slips, estimated at 362 pt of a 367 pt half page, took more in LibreOffice (two rows
need over 0.987), and the all-types course's quick-choices slips, at 356 pt of 367, fit four to a
page as in the PDF (0.970 or more)."""


class SlipLayout:
    """The DocxWriter's slips; it supplies theme, para() and the grid (tables.py)."""

    def ruled_lines(self, block: d.RuledLines) -> None:
        """Answer lines a slip's measure wide, the space under the last (`slips.clearance`: over the cut
        line, the clearance) as its space after, which Word and LibreOffice set outside its rule."""
        lines = [self.para(style=ANSWER_LINE) for _ in range(block.count)]
        if lines:
            lines[-1].paragraph_format.space_after = Pt(clearance(self.theme, block.foot))

    def _filling(self, slip: d.Block, width: float, rows: int) -> d.Block:
        """The slip with as many more ruled lines as its row's equal share of the page holds, as in the
        PDF, by `keep.slip_height`'s estimate, less `ESTIMATE_SPARE` and a line: LibreOffice set a
        36 pt slip's text 60 pt taller than the PDF's, and one that filled the page by the estimate
        went on to a second page."""
        t = self.theme
        share = row_share(t, rows) * ESTIMATE_SPARE - t.answer_line_height
        return stretched(slip, extra_lines(t, slip_height(t, slip, width), share))


def is_answer_line(paragraph) -> bool:
    """Whether an empty paragraph is a ruled line to write on (its rule is its bottom border)."""
    return paragraph.style is not None and paragraph.style.name == ANSWER_LINE

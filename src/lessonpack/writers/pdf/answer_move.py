"""A paper's last question, whose answer space would split, moves whole to the next page where the
answer space above grows to fill the page it leaves.

Kept with its stem and first lines, standard lesson 03's homework printed Question 2's stem and three
lines at the foot of page 4 and thirteen lines overleaf, though the question whole fits page 5. Moved
whole, a question that is not the last pushes all that follows it down by the part it took from the
page: tried for every question, that cost a page in five worksheets (dyslexia lessons 02 and 03,
standard and high-contrast 03, 18 pt 01). The last question splits onto the next page anyway, so
moving it whole there costs no paper.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, FrameBreak

from ...theme import Theme
from .keep import FUZZ, KeepShort, stacked_height


class MovesWhole(KeepShort):
    """`short` (a question kept with its first answer lines, the rest free to go overleaf), moved to
    the next page whole (`whole`: its stem and all its lines) rather than split where `moves` says so."""

    def __init__(self, short: KeepShort, whole: list[Flowable], theme: Theme):
        super().__init__(short.section, short.longer, theme, short.limit, short.after, short.starts_in_room)
        self.whole = whole
        self.fill: Flowable | None = None
        """The question's answer fill (`keep.AnswerFill`), whose follower is what comes after the question."""
        self.lines_above = False
        """The question before it ends in an answer fill that draws lines (not a grid's blank page foot:
        a high-contrast tier paper's last question moved so left a page half blank under a grid)."""

    def moves(self, avail_width: float, avail_height: float) -> bool:
        """Whether the question splits here but fits the next page whole, is the story's last, and the
        answer space above it grows into the room it leaves."""
        page = self.theme.text_height
        if (avail_height >= page - FUZZ or not (self.filled_above and self.lines_above) or self.fill is None
                or self.fill.follower):
            return False
        start = stacked_height(self.section, avail_width, page, self.canv)
        whole = stacked_height(self.whole, avail_width, page, self.canv)
        # It starts here, does not fit here, and fits a page.
        return start <= avail_height + FUZZ < whole <= page + FUZZ

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self.moves(avail_width, avail_height):
            return [FrameBreak(), KeepShort(self.section, self.longer, self.theme, self.limit, self.after)]
        return super().split(avail_width, avail_height)

"""A chart on its side split between its rows, when it cannot share a page with its source's head
(large print): the head stays with the chart's top, as a source's head stays with three lines of its
box (issue 16), and the rest goes overleaf under "Source C (continued)".

Lesson 03's Source C at 24 pt: its heading, caption and six-line headnote with the chart are taller
than a page even with the chart's rows at their tightest. The head ran on from the foot of one page,
broken mid-sentence, and the chart was all on the next. Each piece has the units over it and the
value axis under it, on the scale of the whole chart (`chart.sideways_part`).
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, FrameBreak

from ... import document as d
from ...theme import Theme
from ..chart import Chart, sideways_part

ROWS_MIN = 3
"""The fewest of a chart's rows on either side of a break, as a box leaves three lines."""


class SplitChart(Flowable):
    """Rows `start` to `end` of a chart on its side; split between rows under `continued()`."""

    def __init__(self, block: d.Statistics, theme: Theme, row: float, drawn: Callable[[Chart], Flowable],
                 continued: Callable[[], Flowable], start: int = 0, end: int | None = None):
        super().__init__()
        self.block, self.theme, self.row, self.drawn, self.continued = block, theme, row, drawn, continued
        self.start, self.end = start, len(block.rows) if end is None else end
        self.part: Flowable | None = None

    def rows_drawn(self, width: float, start: int, end: int) -> Flowable:
        """Rows `start` to `end` drawn at `width`, on the whole chart's scale."""
        return self.drawn(sideways_part(self.block, slice(start, end), width, self.theme, self.row))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.part = self.rows_drawn(avail_width, self.start, self.end)
        self.width, self.height = self.part.wrap(avail_width, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        self.part.drawOn(self.canv, 0, 0)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        for cut in range(self.end - ROWS_MIN, self.start + ROWS_MIN - 1, -1):
            if self.rows_drawn(avail_width, self.start, cut).wrap(avail_width, avail_height)[1] <= avail_height:
                make = lambda start, end: SplitChart(self.block, self.theme, self.row, self.drawn,  # noqa: E731
                                                     self.continued, start, end)
                return [make(self.start, cut), FrameBreak(), self.continued(), make(cut, self.end)]
        return []

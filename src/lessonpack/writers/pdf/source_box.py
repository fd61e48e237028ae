"""A source box as one flowable that splits between its numbered rows (the keep rules of
`keep.py` and `page_rules` applied to a box of extract lines)."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, Table

from ...page_rules import BOX_LINES_MIN
from .keep import FUZZ, KeepTail, placeable, stacked_height
from .rl_compat import row_heights


def _starts_paragraph(row: list) -> bool:
    """Whether a row of the box starts an essay paragraph: its margin cell holds the "¶12" mark."""
    return bool(row[-1].getPlainText().strip())


class SourceBoxFlow(Flowable):
    """A source box as one flowable: its head (title, caption, headnote), its numbered rows in
    a ruled frame, and its glossary.

    It splits only between rows, with at least `BOX_LINES_MIN` rows on each side, the head
    with the first of them and the glossary with the last; the piece on the next page starts
    with the box's title and "(continued)". Row heights are measured once per width.
    """

    def __init__(self, head: list[Flowable], rows: list[list], make_table: Callable[[list, bool, bool], Table],
                 tail: list[Flowable], continued: Callable[[], Flowable], page_height: float,
                 first: bool = True, heights: dict | None = None):
        super().__init__()
        self.head, self.rows, self.make_table, self.tail = head, rows, make_table, tail
        self.continued, self.page_height, self.first = continued, page_height, first
        self._heights = heights if heights is not None else {}
        """Row heights by width, shared with the pieces this box splits into."""
        self.outline_entry = getattr(head[0], "outline_entry", None) if head and first else None

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's name)
        return self.head[0].getSpaceBefore() if self.head else 0

    def _row_heights(self, width: float) -> list[float]:
        if width not in self._heights:
            table = self.make_table(self.rows, self.first, True)
            table.wrap(width, self.page_height)
            self._heights[width] = list(row_heights(table))
        return self._heights[width]

    def _head_height(self, width: float) -> float:
        """The head's height and the space between it and the first row."""
        return stacked_height(self.head, width, self.page_height) + self.head[-1].getSpaceAfter() if self.head else 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = (self._head_height(avail_width) + sum(self._row_heights(avail_width))
                       + stacked_height(self.tail, avail_width, self.page_height))
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        heights = self._row_heights(avail_width)
        room = avail_height - self._head_height(avail_width) - FUZZ
        used, fit = 0.0, 0
        for h in heights:
            if used + h > room:
                break
            used, fit = used + h, fit + 1
        fit = min(fit, len(self.rows) - BOX_LINES_MIN)  # the glossary goes with the last lines
        if fit > BOX_LINES_MIN and _starts_paragraph(self.rows[fit - 1]) and not _starts_paragraph(self.rows[fit]):
            fit -= 1  # a paragraph's first line goes overleaf with the rest, not alone at the page foot
        if fit < BOX_LINES_MIN:
            longer = len(self.head) > 2 and (self._head_height(avail_width) + sum(heights[:BOX_LINES_MIN])
                                    > self.page_height - FUZZ)  # a head too long for any page with its lines
            if longer and self._head_starts(avail_width, avail_height):
                return self._head_run_on()
            if avail_height < self.page_height - FUZZ:
                return []  # to the next page whole, or split there
            if longer:
                return self._head_run_on()
            if len(self.rows) < 2:
                return []
            fit = max(1, min(len(self.rows) - 1, int(room // max(heights[0], 1))))  # no better page
        piece = SourceBoxFlow(self.head, self.rows[:fit], self._piece_table(self.first), [], self.continued,
                              self.page_height, self.first, {avail_width: heights[:fit]})
        piece.outline_entry = self.outline_entry
        rest = SourceBoxFlow([self.continued()], self.rows[fit:], self.make_table, self.tail, self.continued,
                             self.page_height, False, {avail_width: heights[fit:]})
        return [piece, rest]

    def _head_starts(self, width: float, room: float) -> bool:
        """Whether the head's title, caption and two lines of its headnote fit in `room`."""
        *lead, text, _gap = self.head
        leading = getattr(getattr(text, "style", None), "leading", 0)
        return stacked_height(lead, width, self.page_height) + text.getSpaceBefore() + 2 * leading <= room

    def _head_run_on(self) -> list[Flowable]:
        """A head too long to share a page with three lines of its box (a long headnote at large print)
        starts where it stands and runs on like text, its last lines kept with the box's first: moved
        whole to a page of its own, it left the page before it 60 % blank and its own page boxless."""
        *lead, text, gap = self.head
        rest = SourceBoxFlow([], self.rows, self.make_table, self.tail, self.continued, self.page_height,
                             self.first, self._heights)
        return placeable([*lead, KeepTail(text, [gap, rest], self.page_height)])

    def _piece_table(self, first: bool) -> Callable[[list, bool, bool], Table]:
        """Tables for a piece that the box continues after: no rule under its last row."""
        make = self.make_table
        return lambda rows, _first, _last: make(rows, first, False)

    def draw(self) -> None:
        parts = [*self.head, self.make_table(self.rows, self.first, True), *self.tail]
        y, after = self.height, 0.0
        for i, f in enumerate(parts):
            _, h = f.wrap(self.width, self.page_height)
            y -= (after + f.getSpaceBefore() if i else 0) + h
            f.drawOn(self.canv, 0, y)
            after = f.getSpaceAfter()

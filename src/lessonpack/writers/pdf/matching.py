"""A large-print matching question's items split across pages, its lettered answers printed again
overleaf: a student writes each letter with the answers in sight, on either side of the sheet.

At 24 pt the answers, the items and their boxes may not fit one page with the stem (lesson 02's
Question 4). The answers come first (template `question.md.j2`); the stem and the answers stay with
the first items (their boxes are the stem's answer space), and where the items run on overleaf the
piece there is headed "Question N (continued)" and the answers again: printed only once, they stood
on the other side of the sheet from the boxes.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, FrameBreak

from .flowables import TickList

ANSWERS_GAP = 6.0
"""Points between the answers printed again and the items under them."""
ANSWERS_SHARE_MOST = 1.0
"""Answers taller than a page are printed once, before the items, and split as any box does: printed
again over each page of items, 26 answers at 24 pt left no room for an item and the build failed."""


def _answers_height(answers: Flowable, canvas, width: float, page: float) -> float:
    return answers.wrapOn(canvas, width, page)[1] + ANSWERS_GAP


class MatchingItems(TickList):
    """The items of a matching question, each with its write-in box; the piece continued overleaf
    carries the lettered `answers` under its "(continued)" label."""

    def __init__(self, ticks: TickList, answers: Flowable, continued: bool = False):
        super().__init__(ticks.table, ticks.items, ticks.label, ticks.theme, ticks.continued or continued,
                         ticks.glued)
        self.answers = answers
        self.whole_with_stem = getattr(ticks, "whole_with_stem", False)

    @property
    def least(self) -> int:
        """One item on a side will do: each side's items have the answers over them."""
        return 1

    def _label_height(self) -> float:
        return super()._label_height() + getattr(self, "_answers", 0.0) if self.continued else 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.continued:
            self._answers = _answers_height(self.answers, self.canv, avail_width, self.theme.text_height)
        return super().wrap(avail_width, avail_height)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = super().split(avail_width, avail_height)
        if not parts and not self.continued and avail_height < self.theme.text_height - 0.5:
            # No item fits under the answers: all of them overleaf, under the label and the answers.
            return [FrameBreak(), MatchingItems(self, self.answers, continued=True)]
        if len(parts) == 3:  # this page's items, a page break, the rest overleaf under the answers
            first, rest = parts[0], parts[2]
            parts = [MatchingItems(first, self.answers), parts[1], MatchingItems(rest, self.answers)]
        return parts

    def draw(self) -> None:
        self.table.drawOn(self.canv, 0, 0)
        if not self.continued:
            return
        label = self.theme.note * 1.6
        answers = self.answers.wrapOn(self.canv, self.width, self.theme.text_height)[1]
        self.answers.drawOn(self.canv, 0, self.height - label - answers)
        self.draw_label(self.label, self.height)

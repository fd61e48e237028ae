"""A model answer with its mark points (or a list's first or last items) printed as one block.

A teacher marking reads an answer with its marks without turning over, so `sections` joins them
into a `Stack` that never splits; where moving the whole would leave a page too blank, `answer_apart`
parts the answer from its marks (`sections.TextBlock`).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, ListFlowable

from ...page_rules import TEXT_LINES_WHOLE
from .flowables import Paragraph
from .keep import stacked_height

ITEMS_SIDE = 2  # a teacher's list that splits leaves at least this many of its items on each side


def answer_apart(f: Flowable, canvas, width: float, room: float, line: float) -> tuple[list[Flowable], list[Flowable]] | list:
    """A model answer joined to its marks (`sections._answers_with_marks`) in two where the answer fits `room`
    and the two do not: the answer here, its marks (whole) overleaf; a list of three or more joined
    (`sections._paired`), its last item long, before that item; [] for any other block. Moved whole, a mark
    scheme's question 9 left a page 40 % blank, lesson 01's 18 pt indicative content one 51 %."""
    if not isinstance(f, Stack) or not f.apart:
        return []
    g = f.flowables
    levels = len(g) == 1 and getattr(g[0], "items_apart", None)  # a list of levels: its items
    if levels:
        return _levels_apart(levels, canvas, width, room, line)
    long_end = len(g) > ITEMS_SIDE and g[-1].wrapOn(canvas, width, 1e6)[1] > (TEXT_LINES_WHOLE + 0.5) * line
    k = (len(g) - 1 if all(isinstance(h, ListFlowable) for h in g) and long_end else
         next((i for i, h in enumerate(g) if isinstance(h, ListFlowable)), 0) if isinstance(g[0], Paragraph) else 0)
    here = Stack(g[:k])
    if not k or here.wrapOn(canvas, width, room)[1] + here.getSpaceBefore() > room:
        return []
    return [here], [Stack(g[k:])]


def _levels_apart(levels: list[Flowable], canvas, width: float, room: float,
                  line: float) -> tuple[list[Flowable], list[Flowable]] | list:
    """A mark scheme's levels in two between two levels, as many here as fit `room`, with at least
    `ITEMS_SIDE` levels on each side (one of a list of two or three) or one long level (more than
    `TEXT_LINES_WHOLE` lines) alone; [] where no such break fits. One rule for every list of levels: lesson 03's 24 pt question 10 kept
    its four levels whole (its page 44 % blank) where question 9's and lesson 02's question 10's parted."""
    def long(h: Flowable) -> bool:
        return h.wrapOn(canvas, width, 1e6)[1] > (TEXT_LINES_WHOLE + 0.5) * line

    side = ITEMS_SIDE if len(levels) >= 2 * ITEMS_SIDE else 1  # two levels part one and one
    for k in range(len(levels) - 1, 0, -1):
        if (k < side and not long(levels[0])) or (len(levels) - k < side and not long(levels[-1])):
            continue
        here = Stack(levels[:k])
        if here.wrapOn(canvas, width, room)[1] + here.getSpaceBefore() <= room:
            return [here], [Stack(levels[k:])]
    return []


class Stack(Flowable):
    """Flowables printed one under another as one block that never splits (it is only made of
    blocks shorter together than `unsplit_height`)."""

    def __init__(self, flowables: list[Flowable], apart: bool = False):
        super().__init__()
        self.flowables, self.apart = flowables, apart
        """`apart`: a model answer and its marks, or a list's items, that may part to fill a page (`answer_apart`)."""

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's name)
        return self.flowables[0].getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802 (reportlab's name)
        return self.flowables[-1].getSpaceAfter()

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, stacked_height(self.flowables, avail_width, avail_height, self.canv)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        y, after = self.height, 0.0
        for i, f in enumerate(self.flowables):
            _, h = f.wrapOn(self.canv, self.width, self.height)
            y -= (after + f.getSpaceBefore() if i else 0) + h
            f.drawOn(self.canv, 0, y)
            after = f.getSpaceAfter()

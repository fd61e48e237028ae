"""A short list outside a question (a worksheet's objectives) moves whole rather than split.

Split one item and three, lesson 03's 24 pt worksheet printed "By the end of this lesson you will
be able to:" and one objective at the foot of page 1 and the other three overleaf. A list of up to
`2 * page_rules.TICK_ITEMS_MIN` items is read as one, as a list of tick boxes is: it splits only at
the top of a page (taller than the page), and the line that leads into it goes with it.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, FrameBreak, ListFlowable, Spacer

from ...page_rules import BLANK_SHARE_MAX, TICK_ITEMS_MIN
from .keep import FUZZ


def is_short(items: int) -> bool:
    """Whether a list of this many items is kept to `TICK_ITEMS_MIN` items on each side of a break."""
    return items <= 2 * TICK_ITEMS_MIN


class ShortList(ListFlowable):
    """A ListFlowable that splits with at least `TICK_ITEMS_MIN` items on each side, else moves to the next
    page whole (`page_height`: the frame's height; at the top of a page it splits as a list does)."""

    page_height = 0.0

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = super().split(avail_width, avail_height)
        if avail_height >= self.page_height - FUZZ:
            return parts
        items = [k for k, f in enumerate(parts) if not isinstance(f, Spacer)]
        used, fit = 0.0, 0
        for k in items:
            f = parts[k]
            used += f.wrap(avail_width, avail_height)[1] + (f.getSpaceBefore() if fit else 0)
            if used > avail_height + FUZZ:
                break
            used += f.getSpaceAfter()
            fit += 1
        if fit < TICK_ITEMS_MIN:  # not two items here: whole overleaf, with the line that leads into it,
            # where that leaves a quarter of the page blank at most (else lesson 03's 24 pt page 1 was 40 %)
            return [] if avail_height <= self.page_height * BLANK_SHARE_MAX else parts
        if len(items) - fit >= TICK_ITEMS_MIN:
            return parts
        cut = items[len(items) - TICK_ITEMS_MIN]  # the last two go overleaf together
        return [*parts[:cut], FrameBreak(), *parts[cut:]]

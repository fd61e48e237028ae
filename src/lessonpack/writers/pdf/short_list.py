"""A short list outside a question (a worksheet's objectives) never leaves its last item alone overleaf.

Lesson 01's 24 and 36 pt worksheets printed three objectives at the foot of page 1 and the fourth alone
on page 2. A list of up to `2 * page_rules.TICK_ITEMS_MIN` items that would split so sends its last two
overleaf together, where that leaves at most a quarter of the page blank. (Moving a list whole where its
first item alone fits was tried: lesson 03's 24 pt page 1 was left 40 % blank, its questions still on
page 3, so a first item alone, "1 + 3", is left as it is.)
"""

from __future__ import annotations

from reportlab.platypus import Flowable, FrameBreak, ListFlowable, Spacer

from ...page_rules import BLANK_SHARE_MAX, TICK_ITEMS_MIN
from .keep import FUZZ


def is_short(items: int) -> bool:
    """Whether a list of this many items is kept to `TICK_ITEMS_MIN` items on each side of a break."""
    return items <= 2 * TICK_ITEMS_MIN


class ShortList(ListFlowable):
    """A ListFlowable whose last item would go overleaf alone: its last `TICK_ITEMS_MIN` go together, where
    that leaves at most `BLANK_SHARE_MAX` of the page blank (`page_height`: the frame's height; at the top
    of a page it splits as a list does)."""

    page_height = 0.0

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = super().split(avail_width, avail_height)
        if avail_height >= self.page_height - FUZZ:
            return parts
        items = [k for k, f in enumerate(parts) if not isinstance(f, Spacer)]
        used, fit, heights = 0.0, 0, []
        for k in items:
            f = parts[k]
            used += f.wrap(avail_width, avail_height)[1] + (f.getSpaceBefore() if fit else 0)
            if used > avail_height + FUZZ:
                break
            used += f.getSpaceAfter()
            heights.append(used)
            fit += 1
        if fit < TICK_ITEMS_MIN or len(items) - fit >= TICK_ITEMS_MIN:
            return parts  # an item that does not fit whole breaks as in any list
        keep = len(items) - TICK_ITEMS_MIN  # the last two go overleaf together...
        if avail_height - heights[keep - 1] > self.page_height * BLANK_SHARE_MAX:
            return parts  # ...where that leaves at most a quarter of the page blank
        cut = items[keep]
        return [*parts[:cut], FrameBreak(), *parts[cut:]]

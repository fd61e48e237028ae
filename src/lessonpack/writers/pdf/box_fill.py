"""A stacked box's last space to write in, grown to the page foot when what follows the box cannot
start under it: answer space is a minimum (issue 16). Lesson 05's large-print class-set copies left
38–45 % of a page blank under a box of question 5 whose next box, kept with its first space to
write in, did not fit there."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable

from ...theme import Theme
from .flowables import AnswerLines, LabelledLines
from .keep import FUZZ, starts_within
from .rl_compat import cell_rows, measure_last_row_again


def last_space(table) -> Flowable | None:
    """The ruled lines in the table's last row (a stacked box's last cell to write in), if any."""
    rows = cell_rows(table)
    cell = rows[-1][0] if rows and rows[-1] else None
    first = cell[0] if isinstance(cell, (list, tuple)) and cell else cell  # reportlab keeps a list as a tuple
    return first if isinstance(first, (AnswerLines, LabelledLines)) else None


def filled_wrap(table, wrap: Callable[[float, float], tuple[float, float]], avail_width: float,
                avail_height: float, theme: Theme) -> tuple[float, float]:
    """`wrap` (the table's own), with its last space grown by as many lines as fill the room under
    it where `table.follower` (set by `keep._link_fills`) cannot start there; at the top of a page,
    or with nothing after it, as it is."""
    space = last_space(table)
    if space is None:
        return wrap(avail_width, avail_height)
    space.count = space.base_count = getattr(space, "base_count", space.count)  # each wrap starts afresh
    width, height = wrap(avail_width, avail_height)
    follower = getattr(table, "follower", None)
    if follower is None or avail_height >= theme.text_height - FUZZ or height > avail_height:
        return width, height
    room = avail_height - height - table.gap - follower.getSpaceBefore()
    if starts_within(follower, table.canv, avail_width, room):
        return width, height
    extra = int((avail_height - height - FUZZ) // theme.answer_line_height)
    if extra <= 0:
        return width, height
    space.count += extra
    measure_last_row_again(table)  # a piece of a split box has its rows' heights fixed
    grown = wrap(avail_width, avail_height)
    if grown[1] > avail_height + FUZZ:  # the row's padding came out larger: as it was
        space.count = space.base_count
        return wrap(avail_width, avail_height)
    return grown

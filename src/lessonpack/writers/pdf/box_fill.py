"""A stacked box's spaces to write in, grown to the page foot when what follows the box cannot
start under it: answer space is a minimum (issue 16). Lesson 05's large-print class-set copies left
38–45 % of a page blank under a box of question 5 whose next box, kept with its first space to
write in, did not fit there."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable

from ...theme import Theme
from .flowables import AnswerLines, LabelledLines
from .keep import FUZZ, starts_within
from .rl_compat import cell_rows, measure_rows_again


def spaces(table) -> list[tuple[int, Flowable]]:
    """The ruled lines of a stacked box's cells to write in, with their rows, top to bottom."""
    out = []
    for i, row in enumerate(cell_rows(table)):
        cell = row[0] if row else None
        first = cell[0] if isinstance(cell, (list, tuple)) and cell else cell  # reportlab keeps a list as a tuple
        if isinstance(first, (AnswerLines, LabelledLines)):
            out.append((i, first))
    return out


def last_space(table) -> Flowable | None:
    """The ruled lines in the table's last row (a stacked box's last cell to write in), if any."""
    found = spaces(table)
    return found[-1][1] if found and found[-1][0] == len(cell_rows(table)) - 1 else None


def growing(table) -> list[tuple[int, Flowable]]:
    """The spaces that grow: those asked for with two lines or more (what a source says, other
    evidence), not a one-line answer ("P or S?"): grown alone, the last space, a one-line "P or S?",
    took 6 lines at 24 pt while the cells above held 2 (lesson 03's Question 6). The last space where
    none has two lines."""
    if last_space(table) is None:
        return []
    found = spaces(table)
    return [(i, s) for i, s in found if getattr(s, "base_count", s.count) >= 2] or found[-1:]


def filled_wrap(table, wrap: Callable[[float, float], tuple[float, float]], avail_width: float,
                avail_height: float, theme: Theme) -> tuple[float, float]:
    """`wrap` (the table's own), with its spaces to write in (`growing`) grown by as many lines, shared
    out from the top, as fill the room under it where `table.follower` (set by `keep._link_fills`)
    cannot start there; at the top of a page, or with nothing after it, as it is."""
    grow = growing(table)
    if not grow:
        return wrap(avail_width, avail_height)
    for _, space in grow:
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
    for k, (_, space) in enumerate(grow):
        space.count += extra // len(grow) + (k < extra % len(grow))
    measure_rows_again(table, [i for i, _ in grow])  # a piece of a split box has its rows' heights fixed
    grown = wrap(avail_width, avail_height)
    if grown[1] > avail_height + FUZZ:  # the rows' padding came out larger: as it was
        for _, space in grow:
            space.count = space.base_count
        return wrap(avail_width, avail_height)
    return grown

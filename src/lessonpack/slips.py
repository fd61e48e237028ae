"""An exit-ticket slip's write-on space, decided once for both writers: the gap between its last
ruled line and its cut line, and how a page of slips grows its lines to fill the sheet (a slip is
cut from an equal share of an A4 sheet; a large-print slip alone on a page was a third of it, the
rest blank under two lines too short to write on at 24 pt)."""

from __future__ import annotations

import dataclasses

from . import document as d
from .theme import Theme

CLEARANCE_SHARE = 0.5
"""The gap under a slip's last ruled line, above its dashed cut line, as a share of an answer line
(12 pt on the standard paper): a student's descenders on the last line stay clear of the cut."""


def clearance(theme: Theme, foot: bool = True) -> float:
    """Points under a slip's last ruled line: over its cut line (`foot`) the clearance, else a
    paragraph's space before the next question."""
    return theme.answer_line_height * CLEARANCE_SHARE if foot else theme.paragraph_space


def lines_height(theme: Theme, block: d.RuledLines) -> float:
    """The height of a slip's ruled lines with the space under the last."""
    return block.count * theme.answer_line_height + clearance(theme, block.foot)


def row_share(theme: Theme, rows: int) -> float:
    """The height each of `rows` rows of slips may fill on a page: an equal share of the text area."""
    return theme.text_height / max(rows, 1)


def extra_lines(theme: Theme, height: float, share: float) -> int:
    """How many more ruled lines fit under a slip `height` tall in its `share` of the page."""
    return max(0, int((share - height - 1) // theme.answer_line_height))


def stretched(slip: d.Block, extra: int) -> d.Block:
    """The slip with `extra` more ruled lines, shared among its write-on spaces in proportion to the
    lines each has (the earlier first on a tie): a slip with no ruled lines is left as it is."""
    if not isinstance(slip, d.Box) or extra <= 0:
        return slip
    counts = [b.count for b in slip.blocks if isinstance(b, d.RuledLines)]
    if not counts or not sum(counts):
        return slip
    grown = list(counts)
    for _ in range(extra):
        i = min(range(len(grown)), key=lambda k: (grown[k] / counts[k] if counts[k] else float("inf"), k))
        grown[i] += 1
    it = iter(grown)
    blocks = tuple(dataclasses.replace(b, count=next(it)) if isinstance(b, d.RuledLines) else b
                   for b in slip.blocks)
    return dataclasses.replace(slip, blocks=blocks)

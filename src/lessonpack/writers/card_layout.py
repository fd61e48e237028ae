"""What both writers print on a card (a teacher's table re-set one card per row, at large print): which
cells are short enough for the card's head line ("Starter · 7 minutes") and how each reads there."""

from __future__ import annotations

from .. import document as d
from ..chunks import weighted_length

HEAD_CHARACTERS = 24
"""A cell this short (a phase, a number of minutes) goes in its card's head line."""


def head_text(label: str, value: str, first: bool) -> str:
    """How a short cell reads in a card's head: a number with its column's word ("7 minutes",
    "1 minute"), the first cell as it is ("Starter"), else "Label: value"."""
    if value.isdigit() and label.isalpha():
        word = label.lower()
        return f"{value} {word[:-1] if value == '1' and word.endswith('s') else word}"
    return value if first or not label else f"{label}: {value}"


def card_cells(header: tuple, row: tuple) -> tuple[list[tuple[str, tuple]], int]:
    """A row's cells as (column label, cell), and how many of the first go in the head line: the
    short ones, before the first long or empty one (the last cell never: it is the card's body)."""
    columns = max(len(header), len(row))
    cells = [(d.plain_text(label).strip() if i < len(header) else "", row[i] if i < len(row) else ())
             for i, label in enumerate(list(header) + [()] * (columns - len(header)))]
    short = 0
    while (short < len(cells) - 1 and d.plain_text(cells[short][1]).strip()
           and weighted_length(d.plain_text(cells[short][1])) <= HEAD_CHARACTERS):
        short += 1
    return cells, short

"""A question in parts (a), (b) in the DOCX, kept on one page where it fits one. The PDF breaks
between parts and heads the next page "Question 7 (continued)"; Word and LibreOffice cannot print
text only where a page breaks, and LibreOffice started a page of lesson 01's dyslexia worksheet
with part "(b)" under no number. Every paragraph before the last part, in its tables too, keeps
with the next (LibreOffice then keeps a table with what follows it), so the question moves whole."""

from __future__ import annotations

import math

from docx.table import Table

from ... import document as d
from ...page_rules import QUESTION_KEEP_SHARE
from ...theme import Theme
from .keep import keep_with_next, slip_height

PART_SPARE = 0.95
"""The share of a page a question in parts may be reckoned to take and still be kept whole: the
heights are estimates (questions.ESTIMATE_SPARE)."""


def question_height(theme: Theme, block: d.Question, width: float) -> float:
    """An estimate of a question's height at that width, its parts' and answer space's too;
    unbounded where a block cannot be measured."""
    t = theme
    under = width - t.question_number_width
    height = t.leading(t.note) * (2 if block.minutes else 1) + t.leading(t.body_size)  # marks, gap
    for child in block.blocks:
        height += (question_height(t, child, under) if isinstance(child, d.Question)
                   else slip_height(t, child, under))
        if math.isinf(height):
            return height
    return height + block.answer.lines * t.answer_line_height


def fits_whole(theme: Theme, block: d.Question, width: float) -> bool:
    """Whether a question with two parts or more is short enough to be kept on one page."""
    parts = sum(isinstance(child, d.Question) and child.part for child in block.blocks)
    return parts > 1 and question_height(theme, block, width) <= theme.text_height * QUESTION_KEEP_SHARE * PART_SPARE


def keep_items(items) -> None:
    """Every paragraph of these (paragraphs and tables, nested tables too) kept with the next."""
    for item in items:
        if isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    keep_items(cell.iter_inner_content())
        else:
            keep_with_next([item])


class PartsLayout:
    """The DocxWriter's tables under a question's stem; it supplies blocks() and doc."""

    parts_kept = False
    """True while a question in parts that fits a page (parts.fits_whole) is written."""

    def _table_run(self, run: tuple[d.Block, ...]) -> None:
        """Tables under a stem (parts, a true/false grid); everything before the last part kept
        with it where the question is kept whole."""
        parts = [i for i, block in enumerate(run) if isinstance(block, d.Question) and block.part]
        if not self.parts_kept or len(parts) < 2:
            return self.blocks(run)
        before = len(list(self.doc.iter_inner_content()))
        self.blocks(run[:parts[-1]])
        keep_items(list(self.doc.iter_inner_content())[before:])
        self.blocks(run[parts[-1]:])

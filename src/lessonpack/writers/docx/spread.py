"""A large-print question too tall for a page with its first answer lines (its stem, sentence
starters and extension at 24 and 36 pt) set in the DOCX as the PDF sets it: its answer lines shared
out (`page_rules.spread_lines`) among its starters and its extension, each starter kept with a row
of its first two lines (a row never splits), so every page the question runs over has lines to
write on. Its lines all followed its extension, and LibreOffice printed its number, stem and starters on a
page without one line (lesson 02's worksheet at 24 pt, Question 10)."""

from __future__ import annotations

import re

from docx.shared import Pt

from ... import document as d
from ...page_rules import ANSWER_LINES_MIN, STEM_UNSPLIT_SHARE, spread_lines
from .keep import blocks_height, is_short, split_inlines
from .ooxml import mark_row


class SpreadLayout:
    """The QuestionLayout's text under a stem a row per unit, and its shared-out answer lines; it
    supplies _fill, _cell_under_stem and _line_row."""

    spread = 0
    """The answer lines of the question being written that its text may share out (0: none), and,
    once `_unit_rows` has shared them, those left to print after its last text."""

    def _spread_plan(self, units: list[tuple[d.Block, bool]]) -> tuple[int, dict[int, int]]:
        """The lines to print before the first unit, and after which units how many: each item of
        the last list (a starter) its share, and what follows the list (an extension) the last share,
        left in `spread` for the answer space; a question with no list, a share before its text."""
        items = [i for i, (unit, _) in enumerate(units) if isinstance(unit, d.ListBlock)]
        if not items:
            first, self.spread = spread_lines(self.spread, 2)
            return first, {}
        run = [items[-1]]
        while run[0] - 1 in items:  # the last list's items
            run.insert(0, run[0] - 1)
        after = run[-1] < len(units) - 1
        shares = spread_lines(self.spread, len(run) + after)
        self.spread = shares[-1]
        return 0, dict(zip(run, shares if after else shares[:-1]))

    def _more_lines(self, table, count: int) -> None:
        """A share's lines after its first ANSWER_LINES_MIN, a row each, free to go overleaf (under
        the question's repeated first row)."""
        for _ in range(count - ANSWER_LINES_MIN):
            self._line_row(table, 1)

    def _sentences(self, unit: d.Block) -> list[d.Block]:
        """A paragraph too long to keep on one page (an extension at 24 pt) as its sentences, a row each
        that never splits: broken anywhere, lesson 02's 24 pt extension read "…would you most like to" at
        a page's foot and "compare with the essay, and why?" overleaf. Anything else whole."""
        t = self.theme
        if not isinstance(unit, d.Paragraph) or is_short(t, blocks_height(t, (unit,), self.width), STEM_UNSPLIT_SHARE):
            return [unit]
        pieces, rest = [], unit.children
        while (end := re.search(r"[.?!]['’”)]?\s+(?=\S)", d.plain_text(rest))) is not None:
            head, rest = split_inlines(rest, end.end())
            pieces.append(d.Paragraph(head))
        return [*pieces, d.Paragraph(rest)] if pieces else [unit]

    def _unit_rows(self, table, blocks: tuple[d.Block, ...]):
        """Text under a stem that may break across pages (sentence starters, an extension, in a
        question taller than a page) a row per paragraph and per list item, each never split while
        it is short: in one row LibreOffice broke it anywhere, keep rules or not, and at 24 pt lesson
        02's homework left "Sentence starters:" alone at a page's foot and its extension split
        mid-sentence. Only the first row keeps with the next ("Sentence starters:"): the last kept
        with the answer lines, the extension left half a page blank and the worksheet a page longer."""
        t = self.theme
        units: list[tuple[d.Block, bool]] = []  # and whether it ends a list: the list's space after it
        for block in blocks:
            if isinstance(block, d.ListBlock):
                units += [(d.ListBlock(block.ordered, (item,), block.start + i), i == len(block.items) - 1)
                          for i, item in enumerate(block.items)]
            else:
                units.append((block, False))
        first, plan = self._spread_plan(units) if self.spread and table is not None else (0, {})
        if first:  # a question with no starters: a share of its lines before its extension
            self._line_row(table, min(ANSWER_LINES_MIN, first))
            self._more_lines(table, first)
        for i, (unit, ends_list) in enumerate(units):
            for piece in self._sentences(unit):  # a long paragraph breaks only between its sentences
                row, cell = self._cell_under_stem(table)
                table = row.table
                self._fill(cell, (piece,), self.width)
                if piece is not unit:  # read as one paragraph; the page may break after any sentence
                    cell.paragraphs[-1].paragraph_format.space_after = Pt(0)
                    for paragraph in (p for other in row.cells for p in other.paragraphs):
                        paragraph.paragraph_format.keep_with_next = False
                if isinstance(unit, d.ListBlock) and not ends_list:  # an item a paragraph's space from the next
                    cell.paragraphs[-1].paragraph_format.space_after = None
                if is_short(t, blocks_height(t, (piece,), self.width), STEM_UNSPLIT_SHARE):
                    mark_row(row, "cantSplit")
            if unit is not piece:
                cell.paragraphs[-1].paragraph_format.space_after = None
            if i > 0 and i not in plan:  # the answer lines that follow are headed by the question's repeated lead
                for other in row.cells:
                    for paragraph in other.paragraphs:
                        paragraph.paragraph_format.keep_with_next = False
            if i in plan:  # a starter kept with its first lines, the rest free to go overleaf
                self._line_row(table, min(ANSWER_LINES_MIN, plan[i]))
                self._more_lines(table, plan[i])
        return table

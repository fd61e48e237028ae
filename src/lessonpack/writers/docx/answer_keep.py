"""Where a teacher's DOCX (mark scheme, teacher notes) may break a page: the rules the PDF's
`writers/pdf/sections.py` applies, as Word's "keep lines together" and "keep with next".

A teacher marking a pile of papers reads a question's answers without turning over. The PDF
measures and breaks where it may; the DOCX marks what must not break and lets Word or
LibreOffice page it. Each run of kept paragraphs is estimated shorter than a page: LibreOffice
breaks a longer chain of "keep with next" anywhere.
"""

from __future__ import annotations

import re

from ... import document as d
from ...page_rules import TEXT_LINES_SIDE, TEXT_LINES_WHOLE, UNSPLIT_SHARE
from ...theme import Theme
from .keep import blocks_height, keep_with_next, section_end

KEY_ITEM = re.compile(r"—\s*(True|False)\s*$")
"""How each item of a true/false answer key ends: a key is read whole, never split."""
KEY_SHARE = 0.8
"""A true/false key shorter than this share of a page never splits (the PDF's `sections._whole`)."""
PAIR_SHARE = 0.6
"""A long list's first two (or last two) items shorter together than this share of a page stay
together where the end item is short (the PDF's `sections._paired`)."""
CHAIN_SHARE = 1.0
"""The most of a page a run of kept paragraphs may be estimated to take. The estimates err high (a
true/false key LibreOffice prints in 410 pt was estimated at 440); at 0.9, lesson 03's 24 pt Question 5
left its heading and wording at a page's foot, its key overleaf."""
SENTENCE_BOUNDARY = re.compile(r"(?<=[a-z0-9)][.!?])[\"'”’)]*\s+(?=[A-Z0-9‘“'\"(])")
"""Where one sentence ends and the next starts: the only place a question's answer may break in
the PDF (`sections.BOUNDARY`); a paragraph without one (a "Correct order" chain of events) moves whole."""


def hold(paragraphs) -> None:
    """The paragraphs on one page: none split, each kept with the next but the last."""
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_together = True
    keep_with_next(list(paragraphs)[:-1])


class AnswerKeep:
    """The rules for one teacher's document at one theme and measure."""

    def __init__(self, theme: Theme, width: float):
        self.theme, self.width = theme, width
        self.page = theme.text_height
        self.third = theme.text_height * UNSPLIT_SHARE
        self.short_item = (TEXT_LINES_WHOLE + 0.5) * theme.leading(theme.body_size)
        """A paragraph or item this short (`TEXT_LINES_WHOLE` lines) never splits, however small the page."""

    def height(self, blocks, width: float | None = None) -> float:
        return blocks_height(self.theme, blocks, width or self.width)

    def item_height(self, item) -> float:
        return self.height(item, self.width - 18)

    def holds_paragraph(self, block: d.Paragraph, level: int) -> bool:
        """Whether a paragraph never splits: shorter than a third of a page or `TEXT_LINES_WHOLE`
        lines; in a question's answers (`level` 3), one without a sentence end inside it that fits a
        page (the PDF breaks a question's answers only at a sentence end)."""
        height = self.height((block,))
        one_sentence = not SENTENCE_BOUNDARY.search(d.plain_text(block.children))
        return (height < self.third or height < self.short_item
                or (level >= 3 and one_sentence and height < self.page * CHAIN_SHARE))

    def holds_list(self, block: d.ListBlock) -> bool:
        """Whether a list never splits: shorter than a third of a page, or a true/false key that fits."""
        total = self.height((block,))
        return total < self.third or (is_key(block) and total < self.page * KEY_SHARE)

    def start_height(self, block: d.Block, level: int) -> float:
        """How much of a block a paragraph kept with it takes along: the block where it never
        splits, else its first two lines (a paragraph's, with widow control) or items (a list's)."""
        if isinstance(block, d.Paragraph) and not self.holds_paragraph(block, level):
            return TEXT_LINES_SIDE * self.theme.leading(self.theme.body_size)
        if isinstance(block, d.ListBlock) and not self.holds_list(block):
            return sum(self.item_height(item) for item in block.items[:2])
        return self.height((block,))

    def apply(self, blocks, written: list[list]) -> None:
        level = 0
        for i, block in enumerate(blocks):
            if isinstance(block, d.Heading):
                level = block.level
                self.keep_wording(blocks, written, i)
            elif isinstance(block, d.Paragraph) and self.holds_paragraph(block, level):
                hold(written[i])
            elif isinstance(block, d.ListBlock):
                self.keep_list(block, written[i])
                if i and isinstance(blocks[i - 1], d.Paragraph) and self.height(blocks[i - 1:i + 1]) < self.third:
                    hold([*written[i - 1], *written[i]])

    def keep_list(self, block: d.ListBlock, paragraphs: list) -> None:
        """Each short item whole; the list whole where `holds_list`; else, as the PDF's
        `sections._paired`, its first two and its last two items together where the end item is short."""
        items = _items(paragraphs)
        if len(items) != len(block.items):
            return  # not as the writer prints a list: nothing is marked
        heights = [self.item_height(item) for item in block.items]
        for item, height in zip(items, heights):
            if height < self.third or height < self.short_item:
                hold(item)
        if self.holds_list(block):
            hold([p for item in items for p in item])
        elif len(items) < 4:  # a short list of long items: whole where one is short
            if min(heights) < self.short_item and sum(heights) < self.page * PAIR_SHARE:
                hold([p for item in items for p in item])
        else:
            if heights[0] < self.short_item and sum(heights[:2]) < self.page * PAIR_SHARE:
                keep_with_next(items[0])
            if heights[-1] < self.short_item and sum(heights[-2:]) < self.page * PAIR_SHARE:
                keep_with_next(items[-2])

    def keep_wording(self, blocks, written: list[list], i: int) -> None:
        """A question's heading (level 3) and its wording with the start of its answer, where the
        three fit a page: the wording keeps with the next block, which brings what of it never splits."""
        heading = blocks[i]
        if heading.level < 3 or section_end(blocks, i) - i < 3 or not isinstance(blocks[i + 1], d.Paragraph):
            return
        if self.height(blocks[i:i + 2]) + self.start_height(blocks[i + 2], heading.level) < self.page * CHAIN_SHARE:
            keep_with_next(written[i + 1])


def keep_answers(theme: Theme, blocks, written: list[list], width: float) -> None:
    """Marks the paragraphs of a teacher's document; `written[i]` are those block i printed.

    In every section: a paragraph or list item shorter than a third of a page (or of
    `TEXT_LINES_WHOLE` lines) never splits (a level descriptor, a model answer); a paragraph and the
    list after it (a model answer and its mark points) as short together stay on one page; a
    true/false key never splits; a longer list leaves two items on each side of a break. Under a
    question's heading (level 3): its wording stays with the start of its answer, and a paragraph
    with no sentence end inside it that fits a page (a "Correct order" chain) never splits."""
    AnswerKeep(theme, width).apply(blocks, written)


def is_key(block: d.ListBlock) -> bool:
    """Whether a list is a true/false answer key: each statement ends with its verdict."""
    return all(item and isinstance(item[0], d.Paragraph) and KEY_ITEM.search(d.plain_text(item[0].children))
               for item in block.items)


def _items(paragraphs: list) -> list[list]:
    """A list's paragraphs grouped by item: each item starts with a numbered or bulleted paragraph."""
    items: list[list] = []
    for paragraph in paragraphs:
        if not items or paragraph.style.name in ("Numbered Item", "Bulleted Item"):
            items.append([])
        items[-1].append(paragraph)
    return items

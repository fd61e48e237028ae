"""Where a DOCX page may break: the keep rules of issue 16, as Word's and LibreOffice's
"keep with next" on paragraphs and "can't split" on table rows.

The reader's program does the paging, so the writer cannot measure; it marks what must stay
together and, for the rules that depend on size ("shorter than page_rules.UNSPLIT_SHARE of a page"), estimates
heights with the same line breaker the PDF writer uses.
"""

from __future__ import annotations

import dataclasses
import math
import re

from ... import document as d
from ...linebreak import Measure, wrap
from ...page_furniture import details_note_width, details_rows, details_space_after
from ...page_rules import UNSPLIT_SHARE
from ...slips import lines_height
from ...theme import Theme
from ...wording import printed_words
from .ooxml import mark_row

BOX_EDGE_LINES = 3
"""A source box split over two pages leaves at least this many of its lines on each."""
STEM_ANSWER_LINES = 2
"""A question's stem goes over to the next page rather than end a page without this many answer lines."""
LEAD_IN_LINES = 2
"""A paragraph this short straight after a heading ("Total: 34 marks.") keeps with what follows."""


def keep_with_next(paragraphs) -> None:
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True


def keep_together(paragraphs) -> None:
    """Every paragraph on the page of the last one."""
    keep_with_next(list(paragraphs)[:-1])


def keep_source_box(furniture, lines, glossary: bool) -> None:
    """A source's heading, caption and headnote with its box's first lines; at least
    BOX_EDGE_LINES lines on each side of a break; a glossary with the box's last line."""
    keep_with_next(furniture)
    keep_with_next(lines[:BOX_EDGE_LINES - 1])
    keep_with_next(lines[-BOX_EDGE_LINES:-1])
    if glossary:
        keep_with_next(lines[-1:])


def keep_rows(table, whole: bool) -> None:
    """No row of a table split over two pages (a row split loses its ruling and its sense);
    the whole table on one page when it is short."""
    for row in table.rows:
        mark_row(row, "cantSplit")
    if whole:
        for row in table.rows[:-1]:
            for cell in row.cells:
                keep_with_next(cell.paragraphs)


def is_short(theme: Theme, height: float, share: float = UNSPLIT_SHARE) -> bool:
    """Whether a box, table or teacher's section never splits: under the PDF's share of a page
    (a third kept lesson 02's Question 9 of the mark scheme whole where the PDF splits it, and the
    DOCX took a page more)."""
    return height < theme.text_height * share


def text_height(theme: Theme, text: str, width: float, size: float | None = None, face: str = "regular",
                space_after: float | None = None) -> float:
    """The height of a paragraph of body text at that width, as its lines wrap."""
    size = size or theme.body_size
    lines = sum(max(len(wrap(part, (Measure(theme.body_font, size, max(width, size), face),))), 1)
                for part in text.split("\n"))
    return lines * theme.leading(size) + (theme.paragraph_space if space_after is None else space_after)


def blocks_height(theme: Theme, blocks, width: float) -> float:
    """The height of paragraphs and lists at that width; unbounded for anything else, which
    the size rules then leave free to split. Measured only until it passes a page's height."""
    height = 0.0
    for block in blocks:
        if height > theme.text_height:
            break
        if isinstance(block, d.Paragraph):
            height += text_height(theme, d.plain_text(block.children), width)
        elif isinstance(block, d.ListBlock):
            height += blocks_height(theme, [child for item in block.items for child in item], width - 18)
        elif isinstance(block, d.Heading):
            size = theme.heading_sizes[min(block.level, len(theme.heading_sizes)) - 1]
            height += text_height(theme, d.plain_text(block.children), width, size, "bold", size * 1.5)
        else:
            return math.inf
    return height


SLIP_PADDING = 12.0
"""A box's cell margins, top and bottom, and its gap below: what a slip adds to its contents."""


DETAILS_TABLE_SLACK = 4.0
"""Points LibreOffice adds to a Name line's table beyond its text's leading (its cell and rule): without
them lesson 01's high-contrast slips, grown to fill the sheet, ran their row onto a second page."""


def slip_height(theme: Theme, block: d.Block, width: float) -> float:
    """An estimate of a slip's height (a cut-out box of questions) at that width, for deciding how
    many copies fit a page; unbounded for a block it cannot measure."""
    t = theme
    body, note = t.leading(t.body_size), t.leading(t.note)
    if isinstance(block, d.Box):
        return (body + SLIP_PADDING + t.box_gap
                + sum(slip_height(t, child, width - 12) for child in block.blocks))
    if isinstance(block, (d.Paragraph, d.ListBlock, d.Heading)):
        return blocks_height(t, (block,), width)
    if isinstance(block, d.RuledLines):
        return lines_height(t, block)
    if isinstance(block, d.StudentDetails):  # rows of cells on rules, an answer line apart (a slip's Name)
        rows = len(details_rows(block.fields, t, width, details_note_width(block.note, t)))
        return (rows * body + (rows - 1) * max(0.0, t.answer_line_height - body)
                + details_space_after(t, slip=True) + DETAILS_TABLE_SLACK)
    if isinstance(block, d.Choices):
        hang = t.body_size * 1.5 + 10
        return sum(text_height(t, d.plain_text(option), width - hang, space_after=2) for option in block.options)
    if isinstance(block, d.TrueFalse):
        column = width * 0.6
        return note + 8 + sum(text_height(t, d.plain_text(s), column, space_after=8) for s in block.statements)
    if isinstance(block, d.WordBank):
        return text_height(t, printed_words().word_bank + "   " + "   ·   ".join(block.words), width - 12) + 14
    if isinstance(block, d.Table):
        share = width / max(len(block.header), 1)
        rows = (block.header, *block.rows)
        return 6 + sum(max([text_height(t, d.plain_text(cell), share - t.cell_padding, t.note, space_after=6)
                               for cell in row] or [note]) + block.row_lines * t.answer_line_height
                          for row in rows)
    return math.inf


LEAD_WIDTH_SHARE = 0.97
"""A lead is measured in the bold face (wider than the regular one in every letter; a stem often
opens in bold, "Source A, lines 4–8.") and this much narrower than its cell: a lead that ran onto one
more line than estimated would leave a stray word on a line of its own, where a line a word short
is not seen in ragged text."""


SENTENCE_END = r"[.?!:]['’”)]?$"
"""Text ending a sentence or a clause that introduces one: where a question's repeated lead may end."""


def split_lead(theme: Theme, paragraph: d.Paragraph, width: float, lines: int, at_sentence: bool = True,
               face: str = "bold", most: int = 0) -> tuple[d.Paragraph, d.Paragraph]:
    """A paragraph cut at the end of its first `lines` lines, as estimated: the lead and the rest,
    which printed one under the other read as the paragraph did. Measured in the bold `face` unless
    told otherwise.

    `at_sentence`: cut after the last sentence that ends in those lines, if one does, else after the
    first that ends within `most` lines: repeated over answer lines on a new page, "6 Source A,
    lines 23–24." names the question, where "6 Source A, lines 23–24. Fact" and "10 How useful are
    Sources A and B" read as misprints. Only a first sentence longer than `most` lines is cut at
    the end of the first `lines`."""
    text = d.plain_text(paragraph.children)
    measure = (Measure(theme.body_font, theme.body_size, max(width * LEAD_WIDTH_SHARE, theme.body_size), face),)
    cut = sentence = 0
    for space in [*re.finditer(r"\s+", text), re.search(r"$", text)]:
        printed = len(wrap(text[:space.start()], measure))
        if printed > max(lines, most if at_sentence and not sentence and cut else 0):
            break  # (a first word wider than the lines: no lead)
        if printed <= lines:
            cut = space.end()
        if at_sentence and re.search(SENTENCE_END, text[:space.start()]) and (printed <= lines or not sentence):
            sentence = space.end()
    cut = sentence or cut
    head, tail = split_inlines(paragraph.children, cut)
    return d.Paragraph(head), d.Paragraph(tail)


def split_inlines(inlines: tuple[d.Inline, ...], at: int) -> tuple[tuple[d.Inline, ...], tuple[d.Inline, ...]]:
    """Inlines cut at a character of their plain text (d.plain_text), formatting kept on both sides;
    the spaces at the cut go with neither."""
    head: list[d.Inline] = []
    tail: list[d.Inline] = []
    for node in inlines:
        size = len(d.plain_text((node,)))
        if at >= size:
            head.append(node)
        elif at <= 0:
            tail.append(node)
        elif isinstance(node, d.Text):
            head.append(d.Text(node.text[:at].rstrip()))
            tail.append(d.Text(node.text[at:].lstrip()))
        else:  # Strong, Emph, Link: the same formatting on both sides
            inner_head, inner_tail = split_inlines(node.children, at)
            head.append(dataclasses.replace(node, children=inner_head))
            tail.append(dataclasses.replace(node, children=inner_tail))
        at -= size
    return tuple(head), tuple(tail)


def is_lead_in(theme: Theme, block: d.Block, width: float) -> bool:
    return (isinstance(block, d.Paragraph)
            and text_height(theme, d.plain_text(block.children), width, space_after=0)
            <= LEAD_IN_LINES * theme.leading(theme.body_size))


def introduces_list(theme: Theme, blocks, i: int, width: float) -> bool:
    """Whether blocks[i] is a short line ending in a colon before a list ("Indicative content:"),
    which says nothing at a page's foot without its list, however long the list."""
    block = blocks[i]
    return (i + 1 < len(blocks) and isinstance(blocks[i + 1], d.ListBlock) and is_lead_in(theme, block, width)
            and d.plain_text(block.children).rstrip().endswith(":"))


def section_end(blocks, start: int) -> int:
    """The index after the last block under the heading at `start` (the next heading of its level or higher)."""
    level = blocks[start].level
    end = start + 1
    while end < len(blocks) and not (isinstance(blocks[end], d.Heading) and blocks[end].level <= level):
        end += 1
    return end

"""Write a Document as PDF with reportlab: the table from block type to method, and the simple blocks.

PdfWriter is put together from one mixin per family of blocks (source extracts, the
student-details line, questions, tables); each method turns one block into flowables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from io import BytesIO

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, ListFlowable, ListItem, PageBreak, Spacer, Table, TableStyle

from ... import document as d
from .. import block_handlers
from ...chunks import LIMIT, capacity, split_inlines, weighted_length
from ...fonts import register
from ...linebreak import Measure, heading_lines
from ...page_furniture import document_theme
from ...theme import BOX_STYLES, Theme
from ...wording import continued_label, gap_label, question_label
from .cards import CardBlocks
from .details import DetailsBlocks
from ...page_rules import SHORT_PARAGRAPH_CHARACTERS, TICK_ITEMS_MIN, unsplit_height
from .escaping import xml_escape
from .flowables import GapParagraph, Paragraph, gap_markup, line_pieces
from .timeline import TimelineDrawing
from .keep import as_heading
from .lined_box import LinedBox, printed_lines
from .pages import assemble
from .prose_breaks import fewest_pages
from .pictures import PictureBlocks
from .sections import section_label
from .short_list import ShortList, is_short
from .questions import QuestionBlocks
from .tick_lists import TickListBlocks
from .rl_compat import row_heights, set_default_cell_font, use_binary_streams
from .slips import SlipBlocks
from .sources import SourceBlocks
from .styles import Styles, inline_markup
from .tables import FillingTable, TableBlocks, joined_rows
from .tagging import Structure

GAP = re.compile(r"_{3,}(?![^<>]*>)")
"""A run of underscores to write a word on (a gap-fill's gap) in paragraph markup, not in a tag."""

use_binary_streams()
set_default_cell_font(register("DejaVu Serif")["regular"])  # else every file lists Helvetica


class PdfWriter(SourceBlocks, DetailsBlocks, QuestionBlocks, TickListBlocks, TableBlocks, CardBlocks, PictureBlocks,
                SlipBlocks):
    """Turns the blocks of one document into flowables."""

    def __init__(self, theme: Theme, fillable: bool = False, details_slots: bool = False):
        self.theme = theme
        self.styles = Styles(theme)
        self.fillable = fillable
        """Put form fields over answer spaces and tick boxes, for students who type."""
        self.details_slots = details_slots
        """Leave empty student-details values as slots a print file fills in for each copy."""
        self.question_number = ""
        """The number of the question being written, for naming its form fields; "" outside questions."""
        self.gaps = 0
        """How many gaps the question being written has had so far, for naming their fields."""
        self.continued_as = ""
        """How the question being written is named where its answer space continues ("Question 3"); "" outside questions."""
        self.width = theme.text_width
        """The width blocks may use where they are being placed (narrower inside a question)."""
        self.in_grid = False
        """True while a grid's cells are made: a cell (an exit-ticket slip) is cut out, never split."""
        self._measuring_canvas = None
        """A canvas that measures what is not laid out yet (QuestionBlocks.measuring_canvas)."""
        self.for_teacher = False
        """A teacher's document: sections say "(continued)" overleaf, a stacked table prints cards."""
        self.section = ""
        """The title of the section being written (its last heading of level 2), in a teacher's document."""
        self.structure = Structure()
        """Where the flowables being made stand in the tagged PDF's structure tree (tagging.py)."""
        self.handlers: dict[type, Callable[[d.Block], list[Flowable]]] = block_handlers(
            self, table=self.table_with_letter_fields, page_break=lambda block: [PageBreak()])

    def flowables(self, blocks: tuple[d.Block, ...]) -> list[Flowable]:
        out: list[Flowable] = []
        for block in blocks:
            handler = self.handlers.get(type(block))
            if handler is None:
                raise TypeError(f"the PDF writer has no rule for {type(block).__name__}")
            out.extend(handler(block))
        return out

    def heading(self, block: d.Heading) -> list[Flowable]:
        style = self.styles.headings[min(block.level, 3) - 1]
        para = Paragraph(self.heading_markup(block.children, style.fontSize), style)
        para.outline_entry = (d.plain_text(block.children), block.level)
        if self.for_teacher and block.level in (2, 3):  # its section says whose it is overleaf
            para.continued_as = section_label(d.plain_text(block.children))
            self.section = para.continued_as if block.level == 2 else self.section
        return [as_heading(self.structure.heading(para, block.level))]

    def paragraph(self, block: d.Paragraph) -> list[Flowable]:
        # A long paragraph goes to reportlab in pieces of half a page, cut where its lines break (`pieces`):
        # reportlab re-measures a paragraph at every page break (quadratic), and one in a box cannot break.
        s, t = self.styles, self.theme
        make = self.gap_paragraph if self.fillable and self.question_number else Paragraph
        children = block.children if t.italics else d.upright_whole(block.children)
        out = self.pieces(children, s.body, self.structure.node("P"), make=make)
        if self.question_number and len(out) == 1 and len(d.plain_text(block.children)) <= SHORT_PARAGRAPH_CHARACTERS:
            out[0].whole_below = t.text_height - 1  # a short task (an extension) is not broken mid-sentence
        return out

    def pieces(self, inlines: tuple[d.Inline, ...], style: ParagraphStyle, node, width: float = 0,
               height: float = 0, make: Callable[[str, ParagraphStyle], Paragraph] = Paragraph,
               first: int = 0) -> list[Paragraph]:
        """The paragraph `make` makes of these inlines' markup, read as structure element `node`, in
        pieces of at most `height` (half a page) at `width` (where it is set), cut where its lines
        break (`line_pieces`), the first `first` lines a piece of their own. Text of over 20,000 characters (five standard pages, far longer than
        any teaching text) is first cut at sentence ends into paragraphs of that length (a cut there
        ends a line early): reportlab's line breaking itself takes time that grows with the square
        of a paragraph's length."""
        t = self.theme
        width, height = width or self.width, height or t.page_height / 2
        length = weighted_length(d.plain_text(inlines))
        short = length <= capacity(width, height, style.fontSize, style.leading)  # the estimate errs low
        parts = [inlines] if short else split_inlines(inlines, 10 * LIMIT)
        paras = [make(self.inline(part), style) for part in parts]
        for para in paras:
            para.structure = node
        if short and not first:
            return paras
        out = line_pieces(paras, width, height, first)
        for piece in out if len(paras) == 1 and len(out) > 1 else ():
            piece.whole = paras[0]  # a teacher's answer rejoins it to break at a sentence end (`sections`)
        return out

    def gap_paragraph(self, markup: str, style: ParagraphStyle) -> Paragraph:
        """A question's paragraph with a text field over each gap, so a student can type the word."""
        def marked(gap: re.Match) -> str:
            self.gaps += 1
            return gap_markup(gap[0], self.field(f"gap_{self.gaps}"),
                              gap_label(question_label(self.question_number), self.gaps))

        with_markers, found = GAP.subn(marked, markup)
        return GapParagraph(with_markers, style) if found else Paragraph(markup, style)

    def list_block(self, block: d.ListBlock, last: int | None = None) -> list[Flowable]:
        """A list; `last` is the whole list's last number when this is one item of it (in a box)."""
        numbering = ("Decimal" if block.ordered else "Disc")
        # The widest label plus half the body size: a fixed indent let the number run into the
        # item's text on large print ("1. 1905" read as "11905").
        widest = f"{last or block.start + len(block.items) - 1}." if block.ordered else "•"
        indent = max(16, stringWidth(widest, self.styles.body.fontName, self.theme.body_size)
                     + self.theme.body_size / 2)
        outer, self.width = self.width, self.width - indent  # an item's text is set inside the indent
        try:
            with self.structure.group("L", ListNumbering=numbering):
                items, height = [], 0.0
                for item in block.items:  # the bullet or number each item is drawn with is an artifact
                    with self.structure.group("LI"), self.structure.group("LBody"):
                        contents = self.flowables(item) or [Spacer(0, 0)]
                        items.append(ListItem(contents))
                        height += sum(f.wrap(self.width, self.theme.text_height)[1] + f.getSpaceAfter()
                                      for f in contents if isinstance(f, (Paragraph, Spacer)))
        finally:
            self.width = outer
        kwargs = (dict(bulletType="1", start=block.start, bulletFormat="%s.") if block.ordered
                  else dict(bulletType="bullet", start="•"))
        short = is_short(len(block.items)) and last is None and not (self.for_teacher or self.question_number
                                                                      or self.in_grid)
        flowable = (ShortList if short else ListFlowable)(items, bulletFontName=self.styles.body.fontName,
                                                           bulletFontSize=self.theme.body_size, leftIndent=indent,
                                                           **kwargs)
        # its items' paragraphs' height (what else they hold not counted): a teacher's short list, a
        # mark scheme, is never split (`sections.labelled`)
        flowable.page_height, flowable.text_height = self.theme.text_height, height
        # The same items as lists of one each, numbered as in the whole list: a question too tall
        # for a page puts its answer lines under each of its sentence starters (questions._framed).
        flowable.items_apart = [
            ListFlowable([item], bulletFontName=self.styles.body.fontName, bulletFontSize=self.theme.body_size,
                         leftIndent=indent, **(dict(kwargs, start=block.start + i) if block.ordered else kwargs))
            for i, item in enumerate(items)]
        return [flowable, Spacer(0, 4)]

    def _box_contents(self, block: d.Box, flowables: Callable) -> list[Flowable]:
        """A box's title and blocks as flowables, set at the width inside its padding."""
        outer, self.width = self.width, self.width - 16
        try:
            title = ([self.structure.tag(Paragraph(f"<b>{xml_escape(block.title)}</b>", self.styles.body), "P")]
                     if block.title else [])
            return title + flowables(block.blocks) or [Spacer(0, 0)]
        finally:
            self.width = outer

    def _lined_box(self, block: d.Box, background: str, border: str, dashed: bool) -> LinedBox:
        """A titled box of paragraphs as rows of one printed line each, that splits between lines
        with its title and first paragraph kept together and its title "(continued)" overleaf."""
        contents = self._box_contents(block, self.flowables)
        rows = [contents[0], *printed_lines(contents[1:], self.width - 16)]
        head = next((i for i, row in enumerate(rows[1:], 2) if not getattr(row, "joined", False)), len(rows))
        title = f"<b>{xml_escape(continued_label(block.title))}</b>"

        def make(rows: list[Flowable]) -> Table:
            table = self._boxed([[row] for row in rows], background, border, dashed)
            table.setStyle(TableStyle(joined_rows(rows[:-1])))
            return table

        return LinedBox(rows, make, lambda: Paragraph(title, self.styles.body), self.theme.text_height, head,
                        sentences=True)

    def _item_box(self, block: d.Box, background: str, border: str, dashed: bool) -> LinedBox:
        """A titled box of items (a homework's key words) as rows of one item each, that splits
        between items, its title "(continued)" overleaf. Items of a line or two split as a list of
        tick boxes does, `TICK_ITEMS_MIN` on each side; items of three lines or more (large print)
        are blocks, and one alone under the title is no orphan."""
        rows = self._box_contents(block, self._box_rows)
        while len(rows) > 1 and isinstance(rows[-1], Spacer):
            rows.pop()  # the space after a list: no row of its own to count
        title = f"<b>{xml_escape(continued_label(block.title))}</b>"
        make = lambda rows: self._boxed([[row] for row in rows], background, border, dashed)  # noqa: E731
        return LinedBox(rows, make, lambda: Paragraph(title, self.styles.body), self.theme.text_height, 2,
                        after_head=TICK_ITEMS_MIN - 1, overleaf=TICK_ITEMS_MIN,
                        block=2.5 * self.styles.body.leading)

    def _box_pieces(self, flat: list[Flowable]) -> list[list[Flowable]]:
        """Rows of a box longer than a page: it breaks only between them, its title with the first
        two items and its last two items together (when they fit in half a page), so no page
        holds a title or an item alone."""
        head, tail = 1 + TICK_ITEMS_MIN, TICK_ITEMS_MIN + 1
        if len(flat) <= head + tail:  # a few items (a large-print matching's answers): split in two halves
            head = (len(flat) + 1) // 2
            tail = len(flat) - head

        def short(group: list[Flowable]) -> bool:
            height = self._boxed([group], "#FFFFFF", "#FFFFFF").wrap(self.width, self.theme.text_height)[1]
            return height < self.theme.text_height / 2

        # The title with two items, else with one (items long in large print): never alone.
        first = next((k for k in (head, 2) if k <= len(flat) and short(flat[:k])), 1)
        last = min(tail if tail and short(flat[-tail:]) else 1, len(flat) - first)
        return [flat[:first]] + [[f] for f in flat[first:len(flat) - last]] + ([flat[len(flat) - last:]] if last else [])

    def _box_rows(self, blocks: tuple[d.Block, ...]) -> list[Flowable]:
        """A box's contents as rows, a list one row per item, so a long box can break between items."""
        rows: list[Flowable] = []
        for block in blocks:
            if isinstance(block, d.ListBlock) and len(block.items) > 1:
                last = block.start + len(block.items) - 1
                for i, item in enumerate(block.items):
                    one = d.ListBlock(block.ordered, (item,), block.start + i)
                    rows.extend(f for f in self.list_block(one, last) if not isinstance(f, Spacer))
                rows.append(Spacer(0, 4))
            else:
                rows.extend(self.flowables((block,)))
        return rows

    def _boxed(self, rows: list[list[Flowable]], background: str, border: str, dashed: bool = False,
               repeat: int = 0) -> Table:
        table = FillingTable([[r] for r in rows], colWidths=[self.width], repeatRows=repeat)
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(background)),
            ("BOX", (0, 0), (-1, -1), self.theme.box_rule_width, HexColor(border), None, (4, 3) if dashed else None),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return table

    def box(self, block: d.Box) -> list[Flowable]:
        with self.structure.group("Div"):  # a box that is laid out twice keeps only what is drawn
            return self._box(block)

    def _box(self, block: d.Box) -> list[Flowable]:
        background, border, dashed = BOX_STYLES[block.role]
        if self.theme.plain_boxes:
            background, border = "#FFFFFF", self.theme.text_colour
        table = self._boxed([[f] for f in self._box_contents(block, self.flowables)], background, border, dashed)
        _, height = table.wrap(self.width, self.theme.text_height)
        if self.in_grid and block.role == "cut-out" and height > self.theme.text_height:  # several slips
            return [self._boxed(self._slip_pieces(block), background, border, dashed, repeat=2),
                    Spacer(0, self.theme.box_gap)]
        lined = (block.title and not self.in_grid and not self.question_number  # a question lays out its own
                 and all(isinstance(b, d.Paragraph) for b in block.blocks))
        if lined and height >= unsplit_height(self.theme):  # a fact check splits between its lines
            box = self._lined_box(block, background, border, dashed)
            box.with_previous = bool(self.question_number)
            return [box, Spacer(0, self.theme.box_gap)]
        # A box that may split breaks between items (a homework's key words), its title never alone
        # and, outside a grid and a question, repeated with "(continued)" over the items overleaf.
        if block.title and not self.in_grid and not self.question_number and height >= unsplit_height(self.theme):
            box = self._item_box(block, background, border, dashed)
            box.with_previous = bool(self.question_number)
            return [box, Spacer(0, self.theme.box_gap)]
        if height > self.theme.text_height or (height >= unsplit_height(self.theme) and not self.in_grid):
            table = self._boxed(self._box_pieces(self._box_contents(block, self._box_rows)), background, border,
                                dashed)
        else:  # a fact check moves whole rather than split
            table.setStyle(TableStyle([("NOSPLIT", (0, 0), (-1, -1))]))
        # In a question (a large-print matching question's lettered answers), a box is printed with
        # what it follows, as a word bank is (questions._kept_stem), and says whose it is overleaf.
        table.with_previous = bool(self.question_number)
        table.continued = self._continued_label()
        return [table, Spacer(0, self.theme.box_gap)]

    def grid(self, block: d.Grid) -> list[Flowable]:
        if not block.cells:  # e.g. a template's loop over no images: nothing to arrange
            return []
        gap = self.theme.grid_gap
        cell_width = (self.width - gap * (block.columns - 1)) / block.columns
        outer, self.width, self.in_grid = self.width, cell_width, True
        try:
            cells = [self.flowables((cell,)) for cell in block.cells]
        finally:
            self.width, self.in_grid = outer, False
        rows = [cells[i:i + block.columns] for i in range(0, len(cells), block.columns)]
        if block.fill:
            rows = self._filling_rows(block, self._rows_on_a_page(rows, cell_width), cell_width)
        rows[-1] += [[]] * (block.columns - len(rows[-1]))
        widths = []
        for i in range(block.columns):
            widths += [cell_width] + ([gap] if i < block.columns - 1 else [])
        data = [[item for i, cell in enumerate(row) for item in ([cell] + ([""] if i < block.columns - 1 else []))]
                for row in rows]
        table = Table(data, colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        t = self.theme
        page = t.text_height
        table.wrap(self.width, page)
        if max(row_heights(table)) > page:  # a row of cells cannot break across pages: one under another
            cells = block.cells[:1] if block.fill else block.cells
            outer, self.in_grid = self.in_grid, block.fill  # a slip is still cut out between its questions
            try:
                return [f for cell in cells for f in self.flowables((cell,))]
            finally:
                self.in_grid = outer
        return [table]

    def heading_markup(self, inlines: tuple[d.Inline, ...], size: float) -> str:
        """A plain heading of two or more lines on even lines ("Stalin, the General Secretary / and
        the bureaucracy", not "… Secretary and the / bureaucracy"), never on more lines than it
        takes: a page review found a last word alone under 24 pt titles."""
        if not all(isinstance(node, d.Text) for node in inlines):
            return self.inline(inlines)
        lines = heading_lines(d.plain_text(inlines), Measure(self.theme.heading_font, size, self.width - 1, "bold"))
        if lines is None:
            return self.inline(inlines)
        return "<br/>".join(xml_escape(line) for line in lines)

    def inline(self, inlines: tuple[d.Inline, ...]) -> str:
        return inline_markup(inlines, self.theme.italics)

    def field(self, suffix: str) -> str:
        """A form-field name like "q3_answer", or "" when the PDF is for paper."""
        return f"q{self.question_number}_{suffix}" if self.fillable else ""


    def timeline(self, block: d.Timeline) -> list[Flowable]:
        title = as_heading(self.structure.heading(Paragraph(xml_escape(block.title), self.styles.headings[2]), 3))
        title.outline_entry = (block.title, 3)
        title.continued_as = block.title if self.for_teacher else ""  # what follows it says whose it is
        # A figure whose alternative text reads the events in order (its pieces on later pages too).
        alt = "; ".join(f"{event.date}: {event.event}" for event in block.events)
        heading = self.styles.headings[2]
        drawing = self.structure.tag(TimelineDrawing(block, self.theme, self.width, continued=lambda: Paragraph(
            xml_escape(continued_label(block.title)), heading)), "Figure", Alt=alt)
        return [title, drawing, Spacer(0, 10)]

    def figure(self, block: d.Figure) -> list[Flowable]:
        t = self.theme
        width, height = ImageReader(BytesIO(block.data)).getSize()
        scale = min(self.width / width, t.figure_max_height / height, 1.0)
        image = Image(BytesIO(block.data), width * scale, height * scale)
        out: list[Flowable] = [self.structure.tag(image, "Figure", Alt=block.alt or block.caption)]
        if block.caption:
            out.append(self.structure.tag(Paragraph(xml_escape(block.caption), self.styles.caption), "Caption"))
        # A one-cell table keeps image and caption together, also inside a grid or a box
        # (KeepTogether reports a huge height inside a table cell).
        holder = Table([[out]], colWidths=[self.width], hAlign="LEFT")
        holder.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                    ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return [holder, Spacer(0, t.box_gap)]


def write_pdf(document: d.Document, theme: Theme, fillable: bool = False) -> bytes:
    """The PDF file for a document, as bytes (the caller writes it atomically); `fillable` puts form
    fields over every answer space and tick box."""
    theme = document_theme(document.info, theme)  # laid out in the frame under its own running header

    def make() -> bytes:
        writer = PdfWriter(theme, fillable)
        writer.for_teacher = document.info.for_teacher
        return assemble(document.info, [writer.flowables(document.blocks)], theme, roots=[writer.structure.root])

    return fewest_pages(make, document.info.for_teacher)

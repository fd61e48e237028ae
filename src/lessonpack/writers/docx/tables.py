"""Tables in DOCX: fixed-width grids, coloured boxes, picture grids and timelines (as pictures); the stacked
boxes a table becomes when its columns cannot hold their longest words are in stacked.py."""

from __future__ import annotations

from io import BytesIO

from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt

from ... import document as d
from ...fonts import string_width
from ...page_rules import SHORT_PARAGRAPH_CHARACTERS, STEM_UNSPLIT_SHARE
from ...theme import BOX_STYLES
from .. import column_widths, columns_fit, fit_widths, starts_numbered_item
from .compat import (cell_properties, ends_with_table, move_cell_content, no_picture_spacing, qualified_name,
                     remove_paragraph, set_picture_description)
from .keep import SLIP_PADDING, blocks_height, is_short, keep_rows, slip_height, text_height
from .ooxml import cell_border, indent_table, mark_row, no_cell_margins, shade
from .slips import ROWS_SPARE, is_answer_line
from .cards import CardTables
from .stacked import StackedTables
from .timeline import timeline_pictures


PICTURE_LINE_DESCENT = 0.3
"""Points under a timeline picture's baseline in its line (at least): a 1 pt font's descent, and no
more, so the pictures stand all but edge to edge (a hair's gap in the axis). An exact line cut off the
picture's top in LibreOffice, the tops of its letters."""


BOX_ITEM_SPACE = 4.0
"""Points between the items of a list in a long titled box, a row each (key words), as in the PDF
(`PdfWriter._item_box`): a paragraph's space apart, lesson 03's key words took a page more at 24 pt."""
SLIP_SPACE = 4.0
"""Points between the questions of a slip where a table or word bank ends (an empty paragraph's depth)."""


WHOLE_TABLE_SHARE = 2 / 3
"""A student's table outside a question (the worksheet's marks table) no taller than this share of a page
is never split: it moves whole to the next page, as the PDF's does."""


class TableLayout(StackedTables, CardTables):
    """The DocxWriter's table blocks; it supplies the styled text (para, run, _inlines) and blocks()."""

    def _table(self, widths: list[float], indent: float | None = None):
        """A one-row table with fixed column widths (LibreOffice reads the grid, Word the cells),
        starting at the current indent unless told otherwise."""
        table = self.doc.add_table(rows=1, cols=len(widths))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        indent = self.indent if indent is None else indent
        if indent:
            indent_table(table, indent)
        for column, cell, width in zip(table.columns, table.rows[0].cells, widths):
            column.width = Pt(width)
            cell.width = Pt(width)
        return table

    def _one_cell(self, background: str, border: str, dashed: bool = False):
        """A one-cell table, shaded and ruled: a box."""
        table = self._table([self.width])
        cell = table.cell(0, 0)
        shade(cell, background)
        cell_border(cell, {edge: ("dashed" if dashed else "single", self.theme.box_rule_width, border)
                           for edge in ("top", "left", "bottom", "right")})
        return table

    def box(self, block: d.Box) -> None:
        background, border, dashed = BOX_STYLES[block.role]
        if self.theme.plain_boxes:
            background, border = "#FFFFFF", self.theme.text_colour
        if (self.in_grid and block.role == "cut-out"  # a slip taller than a page: several, cut between questions
                and slip_height(self.theme, block, self.width) > self.theme.text_height):
            return self._tall_slip(block, background, border, dashed)
        table = self._one_cell(background, border, dashed)
        cell = table.cell(0, 0)
        first = cell.paragraphs[0]
        self.set_style(first, "Box Text")
        if block.title:
            self.run(first, block.title, "Strong")
        outer, self.width = self.width, self.width - 12  # inside the cell's margins
        try:
            self.blocks(block.blocks, cell)
        finally:
            self.width = outer
        if not block.title and len(cell.paragraphs) > 1:
            remove_paragraph(first)
        # A box (a fact check, a teacher's note) shorter than page_rules.UNSPLIT_SHARE of a page is never split:
        # its title would be left at a page foot with its body overleaf.
        height = blocks_height(self.theme, block.blocks, self.width - 12) + self.theme.leading(self.theme.body_size)
        if is_short(self.theme, height) or (self.in_grid and block.role == "cut-out"):  # a slip never splits
            mark_row(table.rows[0], "cantSplit")
        elif block.title and len(cell.paragraphs) > 1 and not cell.tables:
            self._title_with_first(table, background, border, dashed)
        self._gap()
        if not self.in_grid:  # the PDF's space under a box (`box_gap`), not a body line and its space after:
            self._gap_is(self.theme.box_gap)  # "Questions" stood 12 pt lower under lesson 02's key words

    def _title_with_first(self, table, background: str, border: str, dashed: bool) -> None:
        """A long box's title in a header row of its own, which Word and LibreOffice print again over
        the rest of the box on each page it runs onto (the PDF's "Fact check (continued)"; neither
        prints a row only where a page breaks), kept with a second row, its first paragraph, that
        never splits; the rest in a third row; ruled and shaded as one box. The title was left at a
        page's foot with its box overleaf (lesson 02's "Key words" at 24 pt), where the PDF moves the
        box's start over."""
        title = table.cell(0, 0)
        rows = [table.add_row() for _ in range(min(len(title.paragraphs) - 1, 2))]  # a one-paragraph box: two
        move_cell_content(title, rows[-1].cells[0], len(rows))
        if len(rows) == 2:
            move_cell_content(title, rows[0].cells[0], 1)
        rest = rows[-1].cells[0]
        if not rest.tables:
            # Paragraphs (key words' entries) a row each, as the PDF breaks between them: in one cell
            # LibreOffice split entries mid-sentence, however kept, and ended lesson 02's 24 pt booklet
            # with a page of one line of one; and where one entry was longer than a short paragraph
            # (Mezhraiontsy), all were in one cell again, free to split anywhere.
            for _ in rest.paragraphs[1:]:
                rows.append(table.add_row())
                move_cell_content(rows[-2].cells[0], rows[-1].cells[0], 1)
        rule, none = ("dashed" if dashed else "single", self.theme.box_rule_width, border), ("nil", 0, border)
        edges = cell_properties(title).find(qualified_name("w:tcBorders"))
        edges.find(qualified_name("w:bottom")).set(qualified_name("w:val"), "nil")  # no rule between the rows
        for row in rows:
            shade(row.cells[0], background)
            cell_border(row.cells[0], {"top": none, "left": rule, "bottom": rule if row is rows[-1] else none,
                                       "right": rule})
        for row in table.rows[1:-1]:  # items 4 pt apart, as the PDF's rows of items (key words)
            for paragraph in row.cells[0].paragraphs[-1:]:
                if paragraph.style.name in ("Bulleted Item", "Numbered Item"):
                    paragraph.paragraph_format.space_after = Pt(BOX_ITEM_SPACE)
        mark_row(table.rows[0], "tblHeader")
        head = 1 + (len(table.rows) > 2)  # the title, and the first paragraph where more follow
        for i, row in enumerate(table.rows):  # and every short one
            text = " ".join(p.text for p in row.cells[0].paragraphs)
            if i < head or len(text) <= SHORT_PARAGRAPH_CHARACTERS or is_short(
                    self.theme, text_height(self.theme, text, self.width - 12)):
                mark_row(row, "cantSplit")
        title.paragraphs[0].paragraph_format.keep_with_next = True
        if len(table.rows) > 3:  # and the first entry with the second, as the PDF starts a list with two items:
            for paragraph in table.rows[1].cells[0].paragraphs:  # lesson 03's standard "Key words" started at a
                paragraph.paragraph_format.keep_with_next = True  # page's foot with one of its ten entries

    def _tall_slip(self, block: d.Box, background: str, border: str, dashed: bool) -> None:
        """A slip taller than a page, as in the PDF: several, cut between questions (a paragraph that
        opens with a bold number), each under the slip's title and first line (Name) and holding as
        many whole questions as a page holds by the estimate (slip_height errs on the tall side).
        Each is a row that never splits, ruled all round: a slip that ran over a page as one table
        had no rule at the foot of its first piece (Word and LibreOffice rule no edge a page break
        makes)."""
        t = self.theme
        groups: list[list[d.Block]] = [list(block.blocks[:1])]
        for item in block.blocks[1:]:
            if len(groups) == 1 or starts_numbered_item(item):
                groups.append([])
            groups[-1].append(item)
        head, questions = groups[0], groups[1:]
        inner = self.width - 12  # inside the cell's margins

        def height(blocks) -> float:
            return sum(slip_height(t, item, inner) for item in blocks)

        room = t.text_height - t.leading(t.body_size) - SLIP_PADDING - t.box_gap - height(head)
        pieces: list[list[d.Block]] = [[]]
        used = 0.0
        for question in questions:
            if pieces[-1] and used + height(question) > room:
                pieces.append([])
                used = 0.0
            pieces[-1] += question
            used += height(question)
        table = self._table([self.width])
        for _ in pieces[1:]:
            table.add_row()
        rule = ("dashed" if dashed else "single", self.theme.box_rule_width, border)
        outer, self.width = self.width, inner
        try:
            for row, piece in zip(table.rows, pieces):
                cell = row.cells[0]
                shade(cell, background)
                cell_border(cell, {edge: rule for edge in ("top", "left", "bottom", "right")})
                first = cell.paragraphs[0]
                self.set_style(first, "Box Text")
                if block.title:
                    self.run(first, block.title, "Strong")
                self.blocks(tuple(head + piece), cell)
                if not first.text and len(cell.paragraphs) > 1:
                    remove_paragraph(first)
                mark_row(row, "cantSplit")
        finally:
            self.width = outer
        self.para()

    def grid(self, block: d.Grid) -> None:
        if not block.cells:  # e.g. a template's loop over no images: nothing to arrange
            return
        gap = self.theme.grid_gap
        width = (self.width - gap * (block.columns - 1)) / block.columns
        cells = block.cells
        if block.fill:  # copies of a slip: as many whole rows as fit one page, as in the PDF, grown to fill it
            rows = self._rows_on_a_page(cells[0], width, len(cells) // block.columns)
            cells = tuple(self._filling(cell, width, rows) for cell in cells[:block.columns * rows])
        if block.fill and block.columns == 1 and len(cells) == 1:  # one slip (large print): in the page's flow,
            return self._one_slip(cells[0])  # not in a table LibreOffice left unruled under a page break
        widths = []
        for i in range(block.columns):
            widths += [width] + ([gap] if i < block.columns - 1 else [])
        table = self._table(widths)
        if block.fill:  # a slip's box as wide as its cell: inside the cell's margins, it ran over its right one
            no_cell_margins(table)  # and LibreOffice set the slip's text against its cut line
        outer, self.width, self.in_grid = self.width, width, block.fill
        try:
            for i, cell_block in enumerate(cells):
                if i and i % block.columns == 0:
                    if block.fill:  # rows of slips a gap apart, as in the PDF: their cut lines touched
                        gap_row = table.add_row()
                        gap_row.height, gap_row.height_rule = Pt(gap), WD_ROW_HEIGHT_RULE.EXACTLY
                    table.add_row()
                cell = table.rows[-1].cells[(i % block.columns) * 2]
                self.blocks((cell_block,), cell)
                if len(cell.paragraphs) > 1 and not cell.paragraphs[0].text:
                    remove_paragraph(cell.paragraphs[0])
                if block.fill:
                    self._close_up(cell)
        finally:
            self.width, self.in_grid = outer, False
        for row in table.rows:  # a row of cells (exit-ticket slips) is not cut by a page break, as in the PDF
            mark_row(row, "cantSplit")

    def _one_slip(self, slip: d.Block) -> None:
        """A page's one copy of a slip, written as a grid cell's is (as a slip: self.in_grid)."""
        self.in_grid = True
        try:
            self._handler(slip)(slip)
        finally:
            self.in_grid = False
        for row in self.doc.tables[-1].rows:  # closed up as a grid's cell is: slip_height's estimate
            self._close_up(row.cells[0])

    def _rows_on_a_page(self, slip: d.Block, width: float, rows: int) -> int:
        """How many rows of copies of a slip fit one page, at least one, by the slip's estimated height
        (Word and LibreOffice lay the page out, not lessonpack), in `slips.ROWS_SPARE` of the page: a
        high-contrast slip of ruled lines LibreOffice set taller than the estimate left its row overleaf."""
        t = self.theme
        height = slip_height(t, slip, width)
        return max(1, min(rows, int(t.text_height * ROWS_SPARE // height))) if height > 0 else rows

    def _close_up(self, cell) -> None:
        """No empty paragraphs at the foot of a slip, nor of the box inside it, and those between its
        questions (after a word bank or a table) a few points deep: the body-sized spaces made a slip
        too tall for four to a page. A cell that ends with a table keeps the paragraph Word requires,
        a hairline."""
        for table in cell.tables:
            for inner in (c for row in table.rows for c in row.cells):
                self._close_up(inner)

        def empty(paragraph) -> bool:
            return not paragraph.text and not paragraph.runs and not is_answer_line(paragraph)

        def squeeze(paragraph, depth: float) -> None:
            fmt = paragraph.paragraph_format
            fmt.space_before, fmt.space_after = Pt(0), Pt(0)
            fmt.line_spacing, fmt.line_spacing_rule = Pt(depth), WD_LINE_SPACING.EXACTLY

        while not ends_with_table(cell) and len(cell.paragraphs) > 1 and empty(cell.paragraphs[-1]):
            remove_paragraph(cell.paragraphs[-1])
        for paragraph in cell.paragraphs:
            if empty(paragraph):
                squeeze(paragraph, SLIP_SPACE)
        if ends_with_table(cell) or (cell.tables and empty(cell.paragraphs[-1])):
            squeeze(cell.add_paragraph() if ends_with_table(cell) else cell.paragraphs[-1], SLIP_SPACE)

    def _grid(self, header: list, rows: list[list], shares: list[float], width: float, row_height: float = 0.0,
              body_text: str = "Table Text", ruled: bool = True, header_style: str | None = "Strong",
              needs: list[float] | None = None):
        """A table with a repeating, marked header row; cells filled by callables (a tick box, at
        the top of its row, beside its statement's first line, as in the PDF) or inlines, the rows' text in the body_text style; rows at least
        row_height tall. No row splits over two pages; a table shorter than page_rules.STEM_UNSPLIT_SHARE of a page does
        not split at all. Ruled, in the theme's grey with its header row shaded, as the PDF rules a
        table (a true/false grid is not ruled there). In a question, a table that may split has the
        question's label in its top-left header cell (`_labelled`).

        No column is narrower than its longest word (LibreOffice breaks a word that does not
        fit), or than `needs` where the caller measured its columns; a table too wide for the room
        under a question's stem starts at the margin.
        """
        needs, room, indent = needs or self._word_widths([header, *rows]), width, self.indent
        if sum(needs) > width and indent:
            room, indent = width + indent, 0.0
        widths = fit_widths([width * share for share in shares], needs, room)
        size = self.theme.note if body_text == "Table Text" else self.theme.body_size
        height = self._row_height(header, widths) + sum(max(self._row_height(r, widths, size), row_height) for r in rows)
        # never split: short, or outside a question and no taller than WHOLE_TABLE_SHARE of a page (at 24 pt lesson
        # 03's worksheet split its marks table, rows 1-5 and 6-10; the PDF's is whole on the last page)
        short = is_short(self.theme, height, STEM_UNSPLIT_SHARE) or (
            not self.label and not self.for_teacher and is_short(self.theme, height, WHOLE_TABLE_SHARE))
        table = self._table(widths, indent)
        if ruled:
            self.set_style(table, "Table Grid")
        header_row = table.rows[0]
        label = string_width(self.label, self.theme.heading_font, self.theme.note) + self.theme.cell_padding
        if self.label and not short and label <= widths[0]:  # it may run onto a new page: say whose rows they are
            header = [self._labelled(header[0]), *header[1:]]
        for row in table.rows:
            mark_row(row, "tblHeader")
        for row_cells, content in [(header_row.cells, header)] + [(None, r) for r in rows]:
            cells = row_cells or table.add_row().cells
            for i, (cell, item) in enumerate(zip(cells, content)):
                paragraph = cell.paragraphs[0]
                self.set_style(paragraph, "Table Text" if row_cells is not None else body_text)
                if callable(item):  # a tick box, at the top of its row: beside its statement's first line
                    item(paragraph)
                else:
                    self._inlines(paragraph, item, header_style if row_cells is not None else None)
                if ruled and row_cells is not None:  # the header shaded, as in the PDF
                    shade(cell, self.theme.box_colour)
        for row in (table.rows[len(table.rows) - len(rows):] if row_height and rows else ()):
            row.height = Pt(row_height)
        keep_rows(table, short)
        return table

    def _labelled(self, heading):
        """The top-left header cell with the question's label ("Question 5") on a line over its heading,
        if any: printed again over the grid's rows on each page they reach, as the PDF heads them
        "Question 5 (continued)" (Word and LibreOffice cannot print a row only where a page breaks).
        Only where the column holds the label: in a row of its own over the headings, the label cost
        a line, and LibreOffice then moved a matching question's table overleaf without its stem."""
        def fill(paragraph) -> None:
            self.run(paragraph, self.label, "Continued Label")
            if d.plain_text(heading).strip():
                self.run(paragraph, "").add_break()
                self._inlines(paragraph, heading, "Strong")
        return fill

    def _row_height(self, row: list, widths: list[float], size: float | None = None) -> float:
        """A grid row's height at that size (Table Text's), as its tallest cell wraps."""
        t = self.theme
        size = size or t.note
        return max([text_height(t, d.plain_text(cell), width - t.cell_padding, size, space_after=t.note_space_after)
                    for cell, width in zip(row, widths) if not callable(cell)] or [t.leading(size)])

    def _word_widths(self, rows: list[list]) -> list[float]:
        """The width each column needs for its longest word, in bold to be safe, and the cell's margins."""
        t = self.theme
        return [max((string_width(word, t.body_font, t.note, "bold") for cell in column if not callable(cell)
                     for word in d.plain_text(cell).split()), default=0) + t.cell_padding
                for column in zip(*rows)]

    def table(self, block: d.Table) -> None:
        minimum = self.theme.min_column_width
        if not columns_fit(block.header, block.rows, self.width, minimum, self.theme, block.widths):
            if self.for_teacher and not self.label:  # a lesson plan: a card per row, as in the PDF
                return self.cards(block)
            return self.stacked_table(block)
        widths = column_widths(block.header, block.rows, self.width, minimum, self.theme, block.widths)
        pad = lambda row: list(row) + [()] * (len(widths) - len(row))  # noqa: E731
        self._grid(pad(block.header), [pad(r) for r in block.rows], [w / self.width for w in widths], self.width,
                   block.row_lines * self.theme.answer_line_height)
        self._gap()

    def timeline(self, block: d.Timeline) -> None:
        """The PDF's drawing as pictures stacked without a gap, one per entry (the first and last
        TIMELINE_ENTRIES_MIN in one each), so a page breaks between entries as in the PDF."""
        heading = self.para(block.title, "Heading 3")
        strips = []
        for picture in timeline_pictures(block, self.theme, self.width):
            paragraph = self.para(style="Picture Strip")
            fmt = paragraph.paragraph_format
            fmt.line_spacing = Pt(picture.height + PICTURE_LINE_DESCENT)
            fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
            shape = paragraph.add_run().add_picture(BytesIO(picture.png), width=Pt(picture.width))
            set_picture_description(shape, picture.alt)  # the events, read by screen readers
            no_picture_spacing(shape)
            strips.append(paragraph)
        heading.paragraph_format.keep_with_next = True  # with the first picture: the first entries
        self._gap()

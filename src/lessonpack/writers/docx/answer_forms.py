"""The answer forms a question holds in DOCX: a list of options (lettered tick boxes or an ordering's
write-in boxes), each a row of the question's table; a short box under the options (a large-print
matching question's lettered answers) in a row too; the true/false grid; the word bank."""

from __future__ import annotations

import math

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from ... import document as d
from ...fonts import string_width
from ...page_rules import QUESTION_KEEP_SHARE, true_false_tight
from ...theme import BOX_STYLES
from ...wording import printed_words
from .compat import remove_paragraph
from .keep import keep_with_next, slip_height
from .ooxml import cell_border, cell_margins, mark_row, run_border, run_width_scale, shade
from .questions import ESTIMATE_SPARE

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORDER_BOX_EMS = 1.45
"""An ordering list's write-in box, in ems of the body text (the PDF's size)."""
BOX_MARGIN = 6.0
"""Points between a box's rules and its text, left and right (Word's default cell margins, as a box's table has)."""
FONT_HEIGHT_EMS = 1.17
"""A run's height in ems as LibreOffice borders it: DejaVu's ascent and descent (0.93 + 0.24), rounded up."""
CHOICE_GAP = 10.0
"""Points between an option's box and its text (as in the PDF)."""
TICK_MARGIN = 2.0
"""A large-print true/false grid's True and False cells' left and right margins (points): the columns
are only as wide as their headings, as in the PDF."""
LABEL_ROOM = 1.1
"""The share of a page that a question's stem, label, box, the line under it and a first item may take,
as estimated, for the label to head the box (`_label_fits`): the estimate of a box runs 10 to 17% over
what LibreOffice prints (lesson 02's 24 and 36 pt matching question, 1.04 and 1.08 of a page, fit;
lesson 04's, 1.15 and 1.14, do not).""" 
STATEMENT_MARGINS = (2.0, 4.0)
"""A large-print true/false grid's statement cells' left and right margins (points): the PDF's paddings."""


class AnswerForms:
    """The DocxWriter's answer forms; it supplies styled text, blocks(), _cell_under_stem and the grids."""

    _box_heads = None
    """The table whose first row is a short box repeated over the rows under it (`_box_row_under`)."""
    _stem_height = 0.0
    """The height of the stem over a question's table, as estimated (`_label_fits`)."""

    def _box_in_a_row(self, block: d.Block) -> bool:
        """Whether a block under a question's stem is a box that a page holds with room to spare (a
        large-print matching question's lettered answers, a third of a page at 24 pt), written whole
        in a row of the question's table."""
        t = self.theme
        return (isinstance(block, d.Box) and block.role != "cut-out"
                and slip_height(t, block, self.width) <= t.text_height * QUESTION_KEEP_SHARE * ESTIMATE_SPARE)

    def _box_row_under(self, table, block: d.Box):
        """A short box in a row of the question's table that never splits, kept with the rows above
        as they keep with one another: as a table of its own after the question's, LibreOffice left a
        large-print matching question's lettered answers overleaf, away from the items (lesson 02's
        Question 4 at 24 pt), where the PDF keeps the two as one piece."""
        t = self.theme
        above = table.rows[-1] if table is not None else None  # none: the box is the first thing under the stem
        row, cell = self._cell_under_stem(table)
        background, border, dashed = BOX_STYLES[block.role]
        if t.plain_boxes:
            background, border = "#FFFFFF", t.text_colour
        cell_border(cell, {edge: ("dashed" if dashed else "single", t.box_rule_width, border)
                           for edge in ("top", "left", "bottom", "right")})
        shade(cell, background)
        cell_margins(cell, BOX_MARGIN)
        first = cell.paragraphs[0]
        self.set_style(first, "Box Text")
        if block.title:
            self.run(first, block.title, "Strong")
        outer, self.width = self.width, self.width - 2 * BOX_MARGIN
        try:
            self.blocks(block.blocks, cell)
        finally:
            self.width = outer
        if not block.title:
            remove_paragraph(first)
        mark_row(row, "cantSplit")
        for other in above.cells if above is not None else []:  # the row above on its page, even in a question that may break
            keep_with_next(other.paragraphs)
        if above is None:  # a matching question's answers over its items (large print), printed again over
            mark_row(row, "tblHeader")  # those that run onto the next page (a header row: Word and LibreOffice
            # repeat it), as the PDF does; kept with them where the question fits a page. Where it does not,
            # kept with them too, the stem, answers and first item did not fit a page and LibreOffice left
            # lesson 04's 24 pt stem alone on one, the answers overleaf under no label
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = self._fits_a_page
            if not self._fits_a_page and self.label and self._label_fits(block):  # the items may run onto
                self._label_row(row.table)  # a new page: say whose they are, as the PDF heads them "Question 4
                mark_row(row.table.rows[0], "tblHeader")  # (continued)"; under the box alone, lesson 02's 24 pt
                # matching items 3 and 4 stood overleaf under no label. On the first page: over the box
            self._box_heads = row.table
        return row.table

    def _label_fits(self, block: d.Box) -> bool:
        """Whether the question's label still leaves room under its stem on a page for the box, the
        line under it and a first item (LABEL_ROOM of one): a header row with them, LibreOffice moved
        the table overleaf and left the stem alone on a page (lesson 04's 24 pt matching question, its
        box two thirds of a page)."""
        t = self.theme
        needed = (self._stem_height + t.leading(t.note) + slip_height(t, block, self.width)
                  + 2 * (t.leading(t.body_size) + t.paragraph_space))
        return needed <= t.text_height * LABEL_ROOM

    def _option_rows(self, table, block: d.Choices):
        """Each option in a row of its own that never splits: LibreOffice splits a paragraph kept
        together when the table row it is in splits (at 24 pt an option of lesson 02's ordering
        question began at a page's foot and ended overleaf). The rows are kept with one another only
        in a question kept whole; else a page may break between any two options, as it could before
        (keeping two options on each side, as the PDF does, left half pages blank in LibreOffice:
        lesson 04's worksheet at 24 pt took a page more)."""
        if table is not None and table is self._box_heads and not self._fits_a_page and len(table.rows) > 1:
            # under the answers repeated over them, a line above the options (an instruction) may end the
            # page the answers start: LibreOffice keeps a header row with the row under it, and with the
            # first option too the three did not fit under the stem (lesson 04's 24 pt matching question)
            for other in table.rows[-1].cells:
                for paragraph in other.paragraphs:
                    paragraph.paragraph_format.keep_with_next = False
        for i in range(len(block.options)):
            row, cell = self._cell_under_stem(table)
            table = row.table
            self._in(cell, lambda b, i=i: self._option(b, i), block)
            remove_paragraph(cell.paragraphs[0])  # the cell's own empty paragraph, above the option
            mark_row(row, "cantSplit")
            for other in row.cells:  # LibreOffice keeps a row with the next when all its cells' paragraphs do
                for paragraph in other.paragraphs:
                    paragraph.paragraph_format.keep_with_next = self._fits_a_page
        return table

    def choices(self, block: d.Choices) -> None:
        """Each option after its box, its lines wrapping under its text, not under the box (as in
        the PDF). An ordering list's box is a bordered space one and a half ems square, room to write
        a digit in (a ▭ character was a flat dash)."""
        for i in range(len(block.options)):
            self._option(block, i)

    def _option(self, block: d.Choices, i: int) -> None:
        """The option i of a list, its box and, on a tick list, its letter."""
        t = self.theme
        box = t.body_size * (ORDER_BOX_EMS if block.style == "number" else 1.0)
        hang = box + CHOICE_GAP
        option = block.options[i]
        para = self.para(style="Choice")
        fmt = para.paragraph_format
        fmt.keep_together = True  # an option is not split over two pages (Word; LibreOffice may in a row that splits)
        fmt.left_indent, fmt.first_line_indent = Pt(self.indent + hang), Pt(-hang)
        fmt.tab_stops.add_tab_stop(Pt(self.indent + hang))
        if block.style == "tick":
            # the line as tall as the body's, as in the PDF, though the box's glyph is set larger
            fmt.line_spacing = Pt(t.leading(t.body_size))
            self.run(para, "☐", "Tick Box")
        else:
            # the line as tall as the body's too: the box's larger run made each option's first line a
            # third taller than the PDF's, and at 24 pt lesson 02's ordering question ran over a page
            fmt.line_spacing = Pt(t.leading(t.body_size))
            # an em space, as tall as the line holds (a bordered run is as tall as its font's ascent
            # and descent: at the box's size it stood above the line and touched the box over it),
            # stretched sideways to the box's width
            size = min(box, math.floor(t.leading(t.body_size) / FONT_HEIGHT_EMS * 2) / 2)
            space = para.add_run("\u2003")
            space.font.size = Pt(size)
            run_border(space, t.rule_width * 2, t.text_colour)
            run_width_scale(space, box / size)
        para.add_run("\t")
        if block.style == "tick":
            self.run(para, LETTERS[i], "Strong")
            para.add_run("  ")
        self._inlines(para, option)

    def true_false(self, block: d.TrueFalse) -> None:
        """A grid with a header row (True, False) and a row per statement, each statement in its own
        column at every size, as in the PDF (run on under its boxes at 24 pt, it read as the next
        row's text); the box columns as wide as "False" needs."""
        def tick(paragraph):
            self.run(paragraph, "☐", "Tick Box")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

        header = [(), (d.Text(printed_words().true),), (d.Text(printed_words().false),)]
        tight = true_false_tight(self.theme, self.width, self.in_grid) and not self.in_grid
        # In large print under a stem the grid starts at the number's margin, its headings at body
        # weight and each box column as wide as its heading, as in the PDF (tick_lists): at the stem's
        # indent, lesson 02's Question 3 at 24 pt printed three statements on one page and one alone
        # on the next, 85 % blank.
        outdent = self.theme.question_number_width if tight and self.indent >= self.theme.question_number_width else 0.0
        saved = self.width, self.indent
        self.width, self.indent = self.width + outdent, self.indent - outdent
        try:
            rows = [[statement, tick, tick] for statement in block.statements]
            needs = self._word_widths([header, *rows])
            if outdent:  # each heading and a quarter em, as in the PDF; never narrower than the box
                t = self.theme
                needs[1:] = [max(string_width(d.plain_text(heading), t.body_font, t.note) + t.body_size / 4,
                                 t.body_size + 8) for heading in header[1:]]
                shares = [need / self.width for need in needs[1:]]
            else:
                shares = [max(0.12, max(needs[1:]) / self.width)] * 2  # as wide as "False" needs
            # rows kept whole, statements at the body size and boxes beside their first lines, as in the PDF
            table = self._grid(header, rows, [1 - sum(shares), *shares], self.width, body_text="Table Body",
                               ruled=False, header_style=None if outdent else "Strong", needs=needs)  # unruled, as in the PDF
        finally:
            self.width, self.indent = saved
        for row in table.rows if outdent else ():  # the PDF's cell paddings: with Word's wider ones
            cell_margins(row.cells[0], *STATEMENT_MARGINS)  # lesson 03's 24 pt statements each took a
            for cell in row.cells[1:]:  # line more and the fourth went overleaf
                cell_margins(cell, TICK_MARGIN)
        if tight:
            for row in table.rows[2:]:  # large print: statements of some lines each apart, as in the PDF
                for cell in row.cells:
                    cell.paragraphs[0].paragraph_format.space_before = Pt(self.theme.paragraph_space / 2)
        self._gap()

    def word_bank(self, block: d.WordBank) -> None:
        table = self._one_cell(self.theme.box_colour, self.theme.rule_colour)
        mark_row(table.rows[0], "cantSplit")  # a few words: never split
        para = table.cell(0, 0).paragraphs[0]
        self.run(para, printed_words().word_bank, "Strong")
        # An entry of two words ("Great Terror") never breaks across lines: it would read as two.
        para.add_run("   " + "   ·   ".join(word.replace(" ", "\u00a0") for word in block.words))
        self._gap()

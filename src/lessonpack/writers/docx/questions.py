"""Questions in DOCX: number, stem and marks side by side, the parts under the stem, the answer
space (lines or a box), and where a page may break in them; the answer forms (choices, true or
false, a word bank) are in answer_forms.py."""

from __future__ import annotations

import re
from itertools import groupby

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt

from ... import document as d
from ...page_rules import QUESTION_KEEP_SHARE, SHORT_PARAGRAPH_CHARACTERS, STEM_UNSPLIT_SHARE
from ...wording import marks_label, minutes_label, question_label
from .compat import add_spanning_row, remove_paragraph
from .keep import SENTENCE_END, STEM_ANSWER_LINES, blocks_height, is_short, keep_with_next, slip_height, split_lead
from .nested import NestedRows
from .ooxml import cell_border, mark_row, no_cell_margins
from .parts import PartsLayout, fits_whole
from .spread import SpreadLayout

ESTIMATE_SPARE = 0.95
"""A question reckoned to fit a page is kept whole only with this much of the page: the heights are
estimates, and a chain of "keep with next" longer than a page LibreOffice breaks anywhere."""
KEPT_END = 2
"""The paragraphs at the end of a long question text kept with its answer space."""
REPEATED_LINES = 4
"""A first paragraph this short is printed again whole over options or a box running onto a new page."""
LEAD_LINES = 1
"""The lines within which a first sentence ends to be printed again alone ("1 Source A, lines 10–14.")."""
REPEATED_SHARE = 0.095
"""The most of a page a question's text printed again over its answer lines on a new page may take:
a first paragraph that short whole (_repeats_its_stem: four lines on the standard paper, one at
24 pt), or its first sentence ending within as many lines (_lead), the rest in the row under it;
else its label (_label_row), near the PDF's one line "Question N (continued)". Four lines printed
again at 24 pt took the room of the lines they headed (lessons 02's, 03's worksheets: a page more)."""
QUESTION_GAP = 20.3
"""The space under a question, before what follows: the PDF's (19 to 21 pt from a question's last answer
line to the next question's first line, at 11 and 24 pt); a body line and space after (14.3 + 6 pt) was."""
TABLE_BLOCKS = (d.Box, d.Grid, d.Question, d.Table, d.TrueFalse, d.WordBank)
"""Blocks written as tables: in a question they follow its table rather than nest in its narrow stem cell."""


class QuestionLayout(PartsLayout, SpreadLayout, NestedRows):
    """The DocxWriter's question blocks; it supplies styled text, blocks() and the tables (_table, _grid)."""

    def question(self, block: d.Question) -> None:
        """The question under its label (`label`: what heads a grid of it that runs onto a new page)."""
        outer, kept, spread = self.label, self.parts_kept, self.spread
        self.label = outer if block.part and outer else question_label(block.number)
        self.parts_kept = fits_whole(self.theme, block, self.width)
        try:
            self._question(block)
        finally:
            self.label, self.parts_kept, self.spread = outer, kept, spread

    def _question(self, block: d.Question) -> None:
        """Number, first paragraph and marks side by side (as in the PDF), or the marks under that
        paragraph (theme.marks_below); the rest under the stem text, reaching across the marks
        column too; then the answer space."""
        t = self.theme
        opening = 1 if block.blocks and isinstance(block.blocks[0], d.Paragraph) else 0
        if t.marks_below and opening and len(block.blocks) > 1 and isinstance(block.blocks[1], TABLE_BLOCKS):
            return self._stem_over_table(block)
        columns = [t.question_number_width, self.width - t.question_number_width]  # number | stem
        if not t.marks_below:  # | marks, beside the first paragraph
            columns = [columns[0], columns[1] - t.question_marks_width, t.question_marks_width]
        table = self._table(columns)
        no_cell_margins(table)  # the number and marks columns are narrow; margins would wrap "10"
        number, stem, *beside = table.rows[0].cells
        self.set_style(number.paragraphs[0], "Question")
        outer_fits = self._fits_a_page  # a part is a question inside a question
        self._fits_a_page = self._fits_with_its_first_lines(block, opening, columns[1])
        ends_in_table = not any(isinstance(b, TABLE_BLOCKS) for b in block.blocks[opening:])
        repeated = ends_in_table and self._repeats_its_stem(block, opening, columns[1])
        long_first = ends_in_table and not repeated and not beside and self._runs_over(block, opening)
        lead = self._lead(block, columns[1]) if long_first else None
        if lead and not lead[1].children:  # one sentence: the whole paragraph is repeated
            lead, repeated = None, True
        if not (labelled := long_first and not lead and not repeated):  # else `_label_row` is the number line
            self.run(number.paragraphs[0], block.number, "Strong")
        self._fill(stem, lead[:1] if lead else block.blocks[:opening], columns[1])
        self._keep_row(table.rows[0], lead[:1] if lead else block.blocks[:opening], columns[1], stem)
        if lead:  # the rest of the first paragraph in the row under its lead, read on without a gap
            for paragraph in (number.paragraphs[-1], stem.paragraphs[-1]):  # the number's space made a gap too
                paragraph.paragraph_format.space_after = Pt(0)
            row, cell = self._cell_under_stem(table)
            self._fill(cell, lead[1:], columns[1])
            self._keep_row(row, lead[1:], columns[1], cell)
            repeated = True
        elif labelled:  # no sentence ends in its first line: its label heads the pages
            self._label_row(table)
            repeated = True
        heads = repeated or self._box_runs_on(block, opening, columns[1]) or self._options_run_on(block, opening, columns[1])
        if block.marks is not None and beside:
            self._marks(beside[0].paragraphs[0], block)
        elif block.marks is not None and heads:  # under the first paragraph, in a row of its own, not repeated
            row, cell = self._cell_under_stem(table)
            self._marks(cell.paragraphs[0], block)
            for paragraph in (*row.cells[0].paragraphs, *cell.paragraphs):
                paragraph.paragraph_format.keep_with_next = True
            mark_row(row, "cantSplit")
        elif block.marks is not None:  # under the first paragraph, or with none on the number's line
            self._marks(stem.add_paragraph() if opening else stem.paragraphs[0], block)
        if heads:  # ("[3 marks]" printed again over an ordering's last boxes read as a second question)
            mark_row(table.rows[0], "tblHeader")
        shares = repeated and block.answer.kind == "lines" and not self._fits_a_page  # spread.py
        self.spread = block.answer.lines if shares else 0
        self._under_stem(table, block.blocks[opening:])
        self._fits_a_page = outer_fits
        answer = d.AnswerSpace("lines", self.spread) if shares else block.answer  # the lines not shared out
        self._answer_space(answer, table if ends_in_table else None, repeated)
        self._gap()
        self._question_gap()

    def _question_gap(self) -> None:
        """The space after a question QUESTION_GAP high, as in the PDF, at every print size: a body
        line and its space after, it was 45 pt at 24 pt, and lesson 02's large-print Question 8 missed
        the page under Question 7's last lines and started every question after it a page later."""
        self._gap_is(min(QUESTION_GAP, self.theme.leading(self.theme.body_size) + self.theme.paragraph_space))

    def _runs_over(self, block: d.Question, opening: int) -> bool:
        """Whether the question has a first paragraph and answer space that may run onto a new page:
        more lines than keep with the stem, or a box too tall to be kept whole."""
        answer = block.answer
        return bool(opening) and (answer.kind == "lines" and answer.lines > STEM_ANSWER_LINES
                                  or answer.kind == "box" and not is_short(self.theme, answer.lines * self.theme.answer_line_height,
                                                                           STEM_UNSPLIT_SHARE))

    def _lead(self, block: d.Question, width: float) -> tuple[d.Paragraph, d.Paragraph] | None:
        """A first paragraph cut after its last sentence ending in its first LEAD_LINES lines, or its
        first ending within REPEATED_SHARE of a page (split_lead): the lead heads the question's table, printed
        again over its answer lines on a new page, the rest in the row under it. None where no
        sentence ends there ("10 How useful are Sources A and B" read as a misprint: _label_row)."""
        t = self.theme
        most = max(LEAD_LINES, int((REPEATED_SHARE * t.text_height - t.paragraph_space) / t.leading(t.body_size)))
        lead, rest = split_lead(t, block.blocks[0], width, LEAD_LINES, most=most)
        if not lead.children or rest.children and not re.search(SENTENCE_END, d.plain_text(lead.children)):
            return None
        return lead, rest

    def _label_row(self, table, row=None) -> None:
        """A first row (new, or `row`), "Question 10", printed again over the lines on each page they reach; on the first, its number line."""
        row, [cell] = add_spanning_row(table, first=True) if row is None else (row, row.cells)
        paragraph = cell.paragraphs[0]
        self.set_style(paragraph, "Question")
        fmt = paragraph.paragraph_format
        fmt.keep_with_next, fmt.space_before, fmt.space_after = True, Pt(0), Pt(0)
        self.run(paragraph, self.label, "Continued Label")
        mark_row(row, "cantSplit")

    def _repeats_its_stem(self, block: d.Question, opening: int, width: float) -> bool:
        """Whether the question's number and first paragraph head each page its answer lines run
        onto, as the PDF's "Question N (continued)" does: the first row of the question's table,
        marked as a header row, which Word and LibreOffice print again on each page the table reaches
        (neither can print text only where a page breaks). Only for a first paragraph of at most
        REPEATED_SHARE of a page; the lines then follow in rows of the table, and the marks go in a row
        of their own, not repeated."""
        t = self.theme
        return (self._runs_over(block, opening) and blocks_height(t, block.blocks[:opening], width)
                <= REPEATED_SHARE * t.text_height)

    def _stem_over_table(self, block: d.Question) -> None:
        """A question whose first paragraph is followed by a table (a true/false grid, a table to
        fill in): number and paragraph as a paragraph hanging from the number, the marks under it,
        both kept with the table. LibreOffice does not keep a table with what follows it, so a stem
        in a table of its own was left at a page's foot with its grid overleaf (lesson 01's Question 6)."""
        t = self.theme
        hang = t.question_number_width
        outer_fits = self._fits_a_page  # this question's, not the last one's: lesson 04's 24 pt matching
        self._fits_a_page = self._fits_with_its_first_lines(block, 1, self.width - hang)  # kept whole,
        try:  # it left its stem alone on a page, the answers and items (a page and more) overleaf
            self._stem_and_table(block)
        finally:
            self._fits_a_page = outer_fits

    def _stem_and_table(self, block: d.Question) -> None:
        t = self.theme
        hang = t.question_number_width
        stem = self.para()
        fmt = stem.paragraph_format
        fmt.left_indent, fmt.first_line_indent = Pt(self.indent + hang), Pt(-hang)
        fmt.tab_stops.add_tab_stop(Pt(self.indent + hang))
        fmt.keep_with_next = True
        self.run(stem, block.number, "Strong")
        stem.add_run("\t")
        self._inlines(stem, block.blocks[0].children)
        if block.marks is not None:
            marks = self.para()
            marks.paragraph_format.keep_with_next = True
            self._marks(marks, block)
        self._stem_height = blocks_height(t, block.blocks[:1], self.width - hang) + t.leading(t.body_size) * (
            block.marks is not None)
        self._under_stem(None, block.blocks[1:])
        self._answer_space(block.answer, None)
        self._gap()
        self._question_gap()

    def _fits_with_its_first_lines(self, block: d.Question, opening: int, width: float) -> bool:
        """Whether the question's text (as far as its first table) with its marks and first
        STEM_ANSWER_LINES answer lines fits on a page: then it moves to the next page whole rather
        than break (page_rules.QUESTION_KEEP_SHARE), as in the PDF."""
        t = self.theme
        text = []
        for child in block.blocks[opening:]:
            if isinstance(child, TABLE_BLOCKS) and not self._box_in_a_row(child):
                break
            text.append(child)
        under = self.width - t.question_number_width
        # a list of options measured too (slip_height): unmeasured, a question with options was never
        # kept whole, and lesson 02's Question 8 left its option A at a page's foot, B to D overleaf
        height = (blocks_height(t, block.blocks[:opening], width) + t.leading(t.note) * (2 if block.minutes else 1)
                  + sum(slip_height(t, child, under) if isinstance(child, (d.Choices, d.Box))
                        else blocks_height(t, (child,), under) for child in text)
                  + STEM_ANSWER_LINES * t.answer_line_height)
        return height <= t.text_height * QUESTION_KEEP_SHARE * ESTIMATE_SPARE

    def _answer_space(self, answer, question_table=None, under_stem: bool = False) -> None:
        """Ruled lines to write on; or an empty box as tall as that many lines, kept whole
        while it is shorter than page_rules.STEM_UNSPLIT_SHARE of a page.

        A question never ends a page without room to answer it: its first two lines go in a
        last row of the question's table, kept on the page of the stem above (LibreOffice keeps
        a table's rows together but not a table with the paragraph after it). Under a table
        block (a grid to fill in) the first line keeps with the next instead, as Word does.
        Under a stem repeated on each page (under_stem), the rest follow in rows of that table."""
        if answer.kind == "lines":
            first = min(STEM_ANSWER_LINES, answer.lines) if question_table is not None else 0
            if first:
                self._line_row(question_table, first)
            if first and under_stem:  # the rest in rows of the table, under its repeated first row
                rows = [self._line_row(question_table, 1) for _ in range(answer.lines - first)]
                if len(rows) > 1:  # never one line alone overleaf under the repeated stem, as in the PDF
                    keep_with_next(rows[-2].cells[0].paragraphs)
                return
            lines = [self.para(style="Answer Line") for _ in range(answer.lines - first)]
            if not first:
                keep_with_next(lines[:STEM_ANSWER_LINES - 1])
        elif answer.kind == "box" and answer.lines and under_stem:
            self._box_row(question_table, answer.lines)
        elif answer.kind == "box" and answer.lines:
            self._apart()
            table = self._one_cell("#FFFFFF", self.theme.rule_colour)
            height = self.theme.answer_line_height * answer.lines
            table.cell(0, 0).paragraphs[0].paragraph_format.space_after = Pt(height)
            if is_short(self.theme, height, STEM_UNSPLIT_SHARE):
                mark_row(table.rows[0], "cantSplit")

    def _box_row(self, table, lines: int) -> None:
        """A box too tall to keep whole, as the last row of the question's table: where it runs onto
        a new page, the question's repeated first row heads it. It is made of empty lines, one per
        answer line, at which a page may break (one paragraph as tall as the box could not)."""
        t = self.theme
        _, [cell] = add_spanning_row(table)
        cell_border(cell, {edge: ("single", t.box_rule_width, t.rule_colour)
                           for edge in ("top", "left", "bottom", "right")})
        for paragraph in [cell.paragraphs[0], *(cell.add_paragraph() for _ in range(lines - 1))]:
            fmt = paragraph.paragraph_format
            fmt.space_before, fmt.space_after = Pt(0), Pt(0)
            fmt.line_spacing, fmt.line_spacing_rule = Pt(t.answer_line_height), WD_LINE_SPACING.EXACTLY
        # No line of it kept with the next: LibreOffice then moved the whole box to the next page.

    def _line_row(self, table, count: int):
        """A row of the question's table across all its columns holding that many answer lines, unsplit."""
        row, [cell] = add_spanning_row(table)
        mark_row(row, "cantSplit")
        for paragraph in [cell.paragraphs[0], *(cell.add_paragraph() for _ in range(count - 1))]:
            self.set_style(paragraph, "Answer Line")
        return row

    def _keep_row(self, row, blocks: tuple[d.Block, ...], width: float, cell) -> None:
        """A row of a question's text on one page while it is shorter than page_rules.STEM_UNSPLIT_SHARE of a page:
        a sentence is not broken across pages. A longer one may break: only its first paragraph keeps
        with the next, and its last KEPT_END with what follows (the answer lines), as the PDF breaks a
        long stem. Every paragraph kept with the next made a chain longer than a page, which
        LibreOffice broke anywhere: at 24 pt, lesson 03's Question 10 stood alone at the top of a page,
        its sentence starters and answer lines overleaf."""
        if is_short(self.theme, blocks_height(self.theme, blocks, width), STEM_UNSPLIT_SHARE) or (
                len(blocks) == 1 and isinstance(blocks[0], d.Paragraph)
                and len(d.plain_text(blocks[0].children)) <= SHORT_PARAGRAPH_CHARACTERS):
            # one short paragraph (page_rules.SHORT_PARAGRAPH_CHARACTERS) moves whole, as in the PDF: at 24 pt
            # lesson 01's homework ended a page with two lines of Question 1's, its number without a line
            mark_row(row, "cantSplit")
            return
        if self._fits_a_page:  # every paragraph kept with the next: the question moves whole
            return
        for paragraph in cell.paragraphs[1:-KEPT_END]:
            paragraph.paragraph_format.keep_with_next = False
        # nor the empty number column beside it: LibreOffice does not break a row in which a cell's
        # every paragraph keeps with the next
        for other in row.cells:
            if not any(p.text for p in other.paragraphs):  # the number column, not the text cell
                for paragraph in other.paragraphs:
                    paragraph.paragraph_format.keep_with_next = False

    def _marks(self, paragraph, block: d.Question) -> None:
        """The marks ("[4 marks]") at the right margin, and the minutes to spend on a line of their own."""
        self.set_style(paragraph, "Question")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.run(paragraph, marks_label(block.marks), "Marks")
        if block.minutes:  # on its own line, as in the PDF
            self.run(paragraph, "", "Marks").add_break()
            self.run(paragraph, minutes_label(block.minutes), "Marks")

    def _under_stem(self, table, blocks: tuple[d.Block, ...]) -> None:
        """A question's blocks after its first paragraph, under its stem text and as wide as the PDF's.

        Paragraphs, lists and choices go in a row of the question's table (a cell keeps their
        tab stops). Tables (a true/false grid, a table to fill in, parts) follow it, indented:
        in the narrow stem cell large print would break their words in two.
        """
        t = self.theme
        saved = self.width, self.indent
        self.width -= t.question_number_width
        self.indent += t.question_number_width
        try:
            for is_table, run in groupby(blocks, lambda block: isinstance(block, TABLE_BLOCKS)):
                run = tuple(run)
                if is_table and all(self._box_in_a_row(block) or self._nests(block) for block in run) and (
                        table is not None or self._box_in_a_row(run[0])):
                    for block in run:
                        table = (self._box_row_under(table, block) if self._box_in_a_row(block)
                                 else self._nested_row(table, block))
                    continue
                if is_table:
                    self._apart()
                    self._table_run(run)
                    table = None
                    continue
                # a list of options row by row, the text between in a row of its own
                for is_choices, piece in groupby(run, lambda block: isinstance(block, d.Choices)):
                    piece = tuple(piece)  # read once: a second tuple() of the group was empty, and every row "short"
                    if is_choices:
                        for block in piece:
                            table = self._option_rows(table, block)
                        continue
                    if self._fits_a_page or is_short(t, blocks_height(t, piece, self.width), STEM_UNSPLIT_SHARE):
                        row, cell = self._cell_under_stem(table)
                        table = row.table
                        self._fill(cell, piece, self.width)
                        self._keep_row(row, piece, self.width, cell)
                    else:
                        table = self._unit_rows(table, piece)
        finally:
            self.width, self.indent = saved

    def _box_runs_on(self, block: d.Question, opening: int, width: float) -> bool:
        """Whether a question too tall for a page ends in a box in a row of its table (a large-print
        matching question's lettered answers, kept with the item above): then its number and first
        paragraph of at most REPEATED_LINES lines head the page the items and box run onto, as the
        PDF's "Question N (continued)" does."""
        t = self.theme
        return (not self._fits_a_page and any(self._box_in_a_row(b) for b in block.blocks[opening:])
                and blocks_height(t, block.blocks[:opening], width) <= REPEATED_LINES * t.leading(t.body_size)
                + t.paragraph_space)

    def _options_run_on(self, block: d.Question, opening: int, width: float) -> bool:
        """Whether a question's options (rows of its table) may run onto a new page: then its number
        and first paragraph of at most REPEATED_LINES lines head that page, as the PDF's "Question N
        (continued)" does: one that does not fit a page, or that does but is kept with the heading
        above it (at 24 pt lesson 02's homework left its ordering's last two items overleaf under no
        number). Not every question: a repeated row moved a question that ended a page overleaf."""
        t = self.theme
        return (bool(opening) and (not self._fits_a_page or self.under_heading) and any(isinstance(b, d.Choices) for b in block.blocks[opening:])
                and not any(isinstance(b, TABLE_BLOCKS) for b in block.blocks[opening:])
                and blocks_height(t, block.blocks[:opening], width) <= REPEATED_LINES * t.leading(t.body_size)
                + t.paragraph_space)

    def _cell_under_stem(self, table):
        """A new row of the question's table and its cell, which spans the stem and marks columns
        (or is the stem's, with the marks under it); after a table, a borderless one-cell table of its own."""
        if table is None:
            self._apart()
            table = self._table([self.width])
            no_cell_margins(table)
            return table.rows[0], table.cell(0, 0)
        row, cells = add_spanning_row(table, 1)
        if len(cells) == 1:  # the one-cell table after a table
            return row, cells[0]
        fmt = cells[0].paragraphs[0].paragraph_format
        fmt.keep_with_next = True
        # the empty number cell no deeper than a point: a body line and its space, it made a row of
        # one option or of the marks taller than the option or the marks
        fmt.space_before, fmt.space_after = Pt(0), Pt(0)
        fmt.line_spacing, fmt.line_spacing_rule = Pt(1), WD_LINE_SPACING.EXACTLY
        return row, cells[1]

    def _fill(self, cell, blocks: tuple[d.Block, ...], width: float) -> None:
        """Write a question's blocks into a cell, kept with what follows: a question is not left
        at the foot of a page without its answer space."""
        outer, self.width = self.width, width
        try:
            self.blocks(blocks, cell)
        finally:
            self.width = outer
        if len(cell.paragraphs) > 1 and not cell.paragraphs[0].text:
            remove_paragraph(cell.paragraphs[0])
        for para in cell.paragraphs:
            para.paragraph_format.keep_with_next = True

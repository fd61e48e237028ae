"""Tables: ruled grids with a repeated header and long cells in pieces, or, when the columns cannot
hold their longest words, one stacked box per row."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ... import document as d
from ...chunks import capacity, weighted_length
from ...page_rules import (BLANK_SHARE_MAX, CARD_UNSPLIT_SHARE, SHORT_TABLE_SHARE, TABLE_ROWS_MIN, stacked_cell_lines,
                           unsplit_height)
from ...wording import answer_to, question_label
from .. import column_widths, columns_fit
from .flowables import AnswerLines, CellField, ContinuedLabel, LabelledLines, Paragraph, headed_overleaf
from .box_fill import filled_wrap
from .rl_compat import row_heights, split_inside_row


class FillingTable(Table):
    """A ruled table that breaks inside a row, between the lines of its cells, where breaking
    between rows (its keep rules choosing where) would leave more than `blank_max` of the page
    blank: a lesson plan's 20-minute row moved whole left a large-print page 60 % blank."""

    blank_max = 0.0
    """Points of blank at a page foot above which a row splits (0: rows never split)."""
    continued: Callable[[], Flowable] | None = None
    """What heads its piece on the next page (in a question: "Question 4 (continued)")."""
    rows_min = 0
    """A split inside a row to fill the page leaves at least this many rows overleaf (a teacher's table:
    a lesson plan's plenary went overleaf alone)."""
    head_rows = 0
    """Rows a piece leaves at a page foot, or one where moving would leave more than `blank_max` blank (a
    teacher's table: the dyslexia lesson plan, its first two rows moved whole, left page 1 41 % blank)."""
    fills_page = False
    """A stacked box in a question: its last space to write in grows to the page foot where the
    next item cannot start under it (`box_fill`); `follower` and `gap` are set by `keep._link_fills`."""
    follower: Flowable | None = None
    gap = 0.0
    theme = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if not self.fills_page:
            return super().wrap(avail_width, avail_height)
        return filled_wrap(self, super().wrap, avail_width, avail_height, self.theme)

    def _rows_overleaf(self, rest: Table, width: float) -> int:
        """The rows of a piece going overleaf that print text (not its repeated header, nor the empty
        end of a row cut at its last line)."""
        rest.wrap(width, self.theme.text_height if self.theme else 1e6)
        line = self.theme.body_size * 2 if self.theme else 20
        return sum(1 for h in row_heights(rest)[getattr(rest, "repeatRows", 0):] if h > line)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = super().split(avail_width, avail_height)
        if self.head_rows and len(parts) > 1 and avail_height <= self.blank_max and (
                self._rows_overleaf(parts[0], avail_width) < self.head_rows):
            return []  # moved whole: it leaves no more than `blank_max` blank
        if self.blank_max and avail_height > self.blank_max:
            used = parts[0].wrap(avail_width, avail_height)[1] if parts else 0
            if avail_height - used > self.blank_max:
                inside = split_inside_row(self, avail_width, avail_height)
                over = self._rows_overleaf(inside[-1], avail_width) if inside and self.rows_min else 0
                if inside and inside[0].wrap(avail_width, avail_height)[1] > used and over >= self.rows_min:
                    parts = inside
        for part in parts:
            part.blank_max, part.continued, part.rows_min = self.blank_max, self.continued, self.rows_min
            part.head_rows = self.head_rows
            part.fills_page, part.theme = self.fills_page, self.theme
        if parts:  # the piece at this page's foot is full; the last piece stands before what follows
            parts[-1].follower, parts[-1].gap = self.follower, self.gap
        return headed_overleaf(parts, self.continued)


def bold_paragraph(markup: str, style) -> Paragraph:
    """A paragraph set in bold (a column's label)."""
    return Paragraph(f"<b>{markup}</b>", style)


def joined_rows(column: list) -> list[tuple]:
    """No padding between the rows that hold the pieces of one paragraph (`line_pieces`), in a
    table's column of flowables: its lines follow one another as in one paragraph."""
    styles: list[tuple] = []
    for row, cell in enumerate(column):
        if getattr(cell, "joined", False):
            styles += [("BOTTOMPADDING", (0, row), (-1, row), 0), ("TOPPADDING", (0, row + 1), (-1, row + 1), 0)]
    return styles


class TableBlocks:
    """PdfWriter's methods for tables (it provides theme, styles, width, fillable, question_number,
    field, inline and pieces)."""

    def table(self, block: d.Table) -> list[Flowable]:
        """Tagged as a table: a row of column headers, then a row per row of the lesson's table
        (each cell's pieces in the printed rows below read as one cell)."""
        with self.structure.group("Table" if columns_fit(block.header, block.rows, self.width, self.theme.min_column_width,
                                                          self.theme, block.widths) else "Div"):
            return self._table(block)

    def _table(self, block: d.Table) -> list[Flowable]:
        t, s = self.theme, self.styles
        width, minimum = self.width, t.min_column_width
        if not columns_fit(block.header, block.rows, width, minimum, t, block.widths):
            return self.stacked_table(block)
        widths = column_widths(block.header, block.rows, width, minimum, t, block.widths)
        pad = lambda row: list(row) + [()] * (len(widths) - len(row))  # noqa: E731
        # A cell longer than half a page continues in the rows below (no rule between them, cut
        # where its lines break): a row taller than a page cannot be printed, and a fixed row height
        # would hide text.
        limits = [capacity(w - 12, t.page_height / 2, t.note, s.small.leading) for w in widths]
        # The header repeats on every page only while it is short: a tall one (long headings in
        # narrow large-print columns) would leave the rows no room, so it prints once, in pieces.
        header = pad(block.header)
        tall = any(len(d.plain_text(c)) > limit // 2 for c, limit in zip(header, limits))
        tags = self.structure
        with tags.group("TR"):
            heads = [tags.node("TH", Scope="Column") for _ in widths]
        if tall:
            data = self._cell_rows([header], widths, [heads], bold=True)[0]
        else:
            data = [[Paragraph(f"<b>{self.inline(c)}</b>", s.small) for c in header]]
            for cell, node in zip(data[0], heads):
                cell.structure = node
        top = len(data)
        nodes = []  # each row's cells in the structure, its pieces in the printed rows read as one cell
        for _ in block.rows:
            with tags.group("TR"):
                nodes.append([tags.node("TD") for _ in widths])
        printed, ends = self._cell_rows([pad(row) for row in block.rows], widths, nodes)
        cells_of = []  # each printed row's cells in the structure: those of its row of the lesson's table
        for row_nodes, end in zip(nodes, ends):
            cells_of += [row_nodes] * (end + 1 - len(cells_of))
        room, last_rows = block.row_lines * t.answer_line_height - 6, set(ends)
        for i, cells in enumerate(printed):
            if room > 0 and i in last_rows and "" in cells:  # room to write: a minimum, never a cap
                if self.fillable and self.question_number:  # and a field in each blank cell to type in
                    item = ends.index(i) + 1
                    cells = [self._cell_field(f"cell_{item}_{c}", room, block.row_lines, cells_of[i][c - 1])
                             if cell == "" else cell for c, cell in enumerate(cells, 1)]
                else:
                    cells[cells.index("")] = Spacer(0, room)
            data.append(cells)
        rules = [("LINEBELOW", (0, top + end), (-1, top + end), t.table_rule_width, HexColor(t.rule_colour))
                 for end in ends]
        table = FillingTable(data, colWidths=widths, repeatRows=0 if tall else 1, hAlign="LEFT")
        table.blank_max = t.text_height * BLANK_SHARE_MAX
        table.rows_min = table.head_rows = TABLE_ROWS_MIN if self.for_teacher and not self.question_number else 0
        if table.rows_min:
            table.theme = t
        table.continued = self._continued_label()
        table.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), t.table_rule_width, HexColor(t.rule_colour)),
            ("LINEBELOW", (0, top - 1), (-1, top - 1), t.table_rule_width, HexColor(t.rule_colour)),
            ("LINEAFTER", (0, 0), (-2, -1), t.table_rule_width, HexColor(t.rule_colour)), *rules,
            ("BACKGROUND", (0, 0), (-1, top - 1), HexColor(t.box_colour)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        table.setStyle(TableStyle([style for c in range(len(widths)) for style in joined_rows([r[c] for r in data])]))
        probe = Table(data, colWidths=widths)
        table.setStyle(TableStyle(self._tail_kept(probe, top, ends)))
        # A matching grid is read whole (every item against every lettered answer): one that fits half
        # a page never splits (dyslexia lesson 02's Question 4 split two rows and two, its answers C
        # and D overleaf from items 1 and 2); its question keeps it with its stem (`questions`).
        if block.answer_column is not None and self.question_number and \
                sum(row_heights(probe)) <= t.text_height * CARD_UNSPLIT_SHARE:
            table.setStyle(TableStyle([("NOSPLIT", (0, 0), (-1, -1))]))
            table.read_whole = True
        return [table, Spacer(0, t.box_gap)]

    def _continued_label(self) -> Callable[[], Flowable] | None:
        """In a question, what heads a table's rows continued on the next page."""
        if not self.question_number and not (self.for_teacher and self.section):
            return None  # a student's table outside a question: its section is not labelled
        label, theme = self.continued_as or self.section, self.theme
        return lambda: ContinuedLabel(label, theme)

    def _cell_rows(self, rows: list[list], widths: list[float], nodes: list[list], bold: bool = False
                   ) -> tuple[list[list], list[int]]:
        """Table rows as printed rows of paragraphs ("" where a cell is empty), a cell taller than
        half a page in pieces cut where its lines break, each piece in a printed row of its own
        (no row taller than a page); and, for each row, the index of its last printed row (where its
        bottom rule goes). `nodes` gives each row's cells in the structure."""
        t, s = self.theme, self.styles
        printed: list[list] = []
        ends: list[int] = []
        for row, cells in zip(rows, nodes):
            columns = []
            for cell, width, node in zip(row, widths, cells):
                if not cell:
                    columns.append([])
                    continue
                columns.append(self.pieces(cell, s.small, node, width - 12, t.page_height / 2,
                                           make=bold_paragraph if bold else Paragraph))
            printed += [list(parts) for parts in itertools.zip_longest(*columns, fillvalue="")] or [[""] * len(widths)]
            ends.append(len(printed) - 1)
        return printed, ends

    def _tail_kept(self, probe: Table, top: int, ends: list[int]) -> list[tuple]:
        """Where a grid may not break: nowhere if it is shorter than `SHORT_TABLE_SHARE` of a page;
        else within its last `TABLE_ROWS_MIN` rows, and in a question within its first (a marks grid split nine
        rows to one left "Total" alone overleaf). Not when those rows are taller than a page, nor when
        the last row is a quarter of a page or more (a lesson plan's activity: not a "Total"), as
        measured on `probe`, the grid's twin: the grid itself is not laid out before it is placed (a
        fillable matching puts its fields in its cells after this)."""
        probe.wrap(self.width, self.theme.text_height)
        heights = row_heights(probe)
        if sum(heights) <= self.theme.text_height * SHORT_TABLE_SHARE:
            return [("NOSPLIT", (0, 0), (-1, -1))]  # a short grid (the marks grid) moves whole
        if (not self.for_teacher and not self.question_number and sum(heights) <= self.theme.text_height
                and max(heights) <= 3 * self.theme.leading(self.theme.body_size)):
            # A student's grid of rows of a line or two outside a question (the marks grid at 24 pt) moves
            # whole where it fits a page: split, its rows went overleaf under no label, the page they went to
            # otherwise empty. (Taller rows still break between their lines to fill the page: `FillingTable`.)
            return [("NOSPLIT", (0, 0), (-1, -1))]
        if self.for_teacher and not self.question_number:
            return self._teacher_rows_kept(heights, top, ends, TABLE_ROWS_MIN)
        keep = min(TABLE_ROWS_MIN, len(ends) // 2)
        if not keep:
            return []
        start = top + ends[-keep - 1] + 1
        if sum(heights[start:]) >= self.theme.text_height:
            return []
        if heights[-1] >= self.theme.text_height * BLANK_SHARE_MAX:
            return []  # a last row this tall is not left alone overleaf: kept, it left a page 60 % blank
        kept = [("NOSPLIT", (0, start), (-1, -1))]
        # In a question, its header with its first rows too: a header and one row at a page foot
        # (standard lesson 03's question 6) gave a student one row to fill before turning over.
        head = top + ends[keep - 1]
        if self.question_number and sum(heights[:head + 1]) < self.theme.text_height and \
                max(heights[top:head + 1]) < self.theme.text_height * BLANK_SHARE_MAX:
            kept.append(("NOSPLIT", (0, 0), (-1, head)))
        return kept


    def _teacher_rows_kept(self, heights: list[float], top: int, ends: list[int], keep: int) -> list[tuple]:
        """A teacher's table (the lesson plan) breaks only between rows with `keep` rows on each side:
        its last rows kept together where that fits well within a page, and its header with its first
        row, which ends a page alone only where moving would leave it more than a quarter blank
        (`FillingTable.head_rows`: split one row to four, a plan's starter stood alone at a page foot)."""
        page = self.theme.text_height
        if len(ends) < 2 * keep:  # too few rows to leave `keep` on each side: whole, where it fits
            return [("NOSPLIT", (0, 0), (-1, -1))] if sum(heights) < page * 0.8 else []
        kept = []  # its header with its first row: a second where moving leaves no more than a quarter blank
        head, tail = top + ends[0], top + ends[-keep - 1] + 1
        if sum(heights[:head + 1]) < page * 0.8:
            kept.append(("NOSPLIT", (0, 0), (-1, head)))
        if sum(heights[tail:]) < page * 0.8:
            kept.append(("NOSPLIT", (0, tail), (-1, -1)))
        return kept

    def stacked_table(self, block: d.Table) -> list[Flowable]:
        """A table whose columns cannot hold their longest words, as one box per row (as exam
        boards print organisers on modified enlarged papers): each cell under its column's
        header, each empty cell ruled for writing as deep as its table row would have been."""
        if self.for_teacher and not self.question_number:
            return self.cards(block)
        t, s = self.theme, self.styles
        columns = max([len(block.header), *(len(r) for r in block.rows)])
        header = list(block.header) + [()] * (columns - len(block.header))
        inner = self.width - 12  # inside the cells' padding
        # A third of the text area: the estimate (an average letter width) errs for long words.
        limit = capacity(inner, t.text_height / 3, t.note, s.small.leading)
        out: list[Flowable] = []
        typed = self.fillable and bool(self.question_number)  # fields to type in, named as in the grid
        grid = column_widths(block.header, block.rows, self.width, t.min_column_width, t)
        for item, row in enumerate(block.rows or ((),), 1):  # a table with no rows still shows its headers
            with self.structure.group("Div"):  # one box: its labels and cells as paragraphs
                lines = stacked_cell_lines(block.row_lines, [w for w, c in zip(grid, list(row) + [()] * columns)
                                                             if not d.plain_text(c).strip()])
                cells: list[list[Flowable]] = []  # one column: a row per label, text piece or writing space
                styles: list[tuple] = []
                repeat = head = written_at = 0
                labels: set[int] = set()  # the rows that hold a short label, kept with what it heads
                sections: list[tuple[int, int, bool]] = []  # each text cell: label row, first row, one short row
                for column, (label, cell) in enumerate(zip(header, list(row) + [()] * (columns - len(row))), 1):
                    start = len(cells)
                    labelled = bool(d.plain_text(label).strip())
                    # A label stays with what it heads while it is short; a long one (a heading of
                    # hundreds of characters) is printed in pieces that may break across pages.
                    short = weighted_length(d.plain_text(label)) <= limit // 4
                    blank = not d.plain_text(cell).strip()
                    written = self.structure.tag(Paragraph(f"<b>{self.inline(label)}</b>", s.small), "P")
                    if labelled and short and blank and not typed and LabelledLines.fits(written, inner):
                        # On paper the label is written on its first line ("P or S? ______").
                        cells.append([LabelledLines(written, lines.pop(0) if lines else 1, t)])
                        written_at = written_at or len(cells) - 1
                        styles += [("LINEABOVE", (0, start), (0, start), t.table_rule_width, HexColor(t.rule_colour)),
                                   ("BOTTOMPADDING", (0, start), (0, start), t.answer_last_line_room)]
                        continue
                    if labelled:
                        if short:
                            labels.add(start)
                        cells += [[part] for part in self.pieces(label, s.small, self.structure.node("P"), inner,
                                                                 t.text_height / 3, make=bold_paragraph)]
                        end = len(cells) - 1
                        styles += [("BACKGROUND", (0, start), (0, end), HexColor(t.box_colour)),
                                   ("LINEABOVE", (0, start), (0, start), t.table_rule_width, HexColor(t.rule_colour)),
                                   *([("NOSPLIT", (0, start), (0, start + 1))] if short else [])]
                    if d.plain_text(cell).strip():
                        pieces = self.pieces(cell, s.small, self.structure.node("P"), inner, t.text_height / 3,
                                             first=0 if self.question_number else 1)  # kept with its label
                        cells += [[piece] for piece in pieces]
                        sections.append((start, start + labelled, len(pieces) == 1 and short))
                        if start == 0 and len(pieces) == 1 and short:
                            repeat = len(cells)  # a box that runs onto the next page repeats its first cell there
                    else:  # at least a line: a label with nothing under it would look like a misprint
                        name = f"letter_{item}" if block.answer_column == column - 1 else f"cell_{item}_{column}"
                        field = self.field(name) if typed else ""
                        space = AnswerLines(lines.pop(0) if lines else 1, t, inner, field=field)
                        if field:  # read as a form field after the label it stands under
                            self.structure.tag(space, "Form", Alt=answer_to(question_label(self.question_number)))
                        cells.append([space])
                        written_at = written_at or len(cells) - 1
                        # The last ruled line stands clear of the rule under it, not doubling it.
                        last = len(cells) - 1
                        styles.append(("BOTTOMPADDING", (0, last), (0, last), t.answer_last_line_room))
                    if column == 1 and columns > 1 and len(cells) == start + labelled + 1:
                        head = len(cells)  # the row after the first label and cell (in one piece)
                table = FillingTable(cells, colWidths=[self.width], repeatRows=repeat, hAlign="LEFT")
                table.continued = self._continued_label()
                table.fills_page, table.theme = bool(self.question_number), t
                self.last_box = table
                table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), t.table_rule_width, HexColor(t.rule_colour)),
                                           ("VALIGN", (0, 0), (-1, -1), "TOP"), *styles,
                                           *joined_rows([row[0] for row in cells])]))
                # A NOSPLIT range overrides those that start inside it: this one takes in the next label's.
                kept_to = head + (head in labels) if head else 0
                # ...and with its first space to write in: the question's page has some of its answer space.
                kept_to = max(kept_to, written_at)
                # ...and its short cells ("Phase: Main", "Minutes: 15") with the first line of the next
                # labelled cell (the Activity): split after them, a card said nothing at a page foot.
                # Not when that is over `unsplit_height` (large print): moved whole, it left a third blank.
                chained = kept_to
                for (_, _, single), (label_row, first_row, _) in zip(sections, sections[1:]):
                    if not single or label_row not in labels:
                        break
                    chained = max(chained, first_row)
                table.wrap(self.width, t.text_height)
                if not self.question_number and sum(row_heights(table)[:chained + 1]) <= unsplit_height(t):
                    kept_to = chained
                table.setStyle(TableStyle(self._unbroken(table, kept_to)))
                out += [table, Spacer(0, t.box_gap)]
        return out

    def _cell_field(self, name: str, height: float, lines: int, cell) -> CellField:
        """A field to type in a blank cell, read as a form field in that cell."""
        field = self._tagged(CellField(self.field(name), height, self.theme.note, lines), cell)
        field.form_alt = answer_to(question_label(self.question_number))
        return field

    @staticmethod
    def _tagged(flowable: Flowable, node) -> Flowable:
        """The flowable, drawn as part of this structure element (a cell's text in pieces reads as one)."""
        flowable.structure = node
        return flowable

    def _unbroken(self, box: Table, kept_to: int) -> list[tuple]:
        """Where a stacked box may not break: nowhere if it is short (up to `BLANK_SHARE_MAX` of a page,
        in a question `CARD_UNSPLIT_SHARE`: moved whole, it leaves little blank, or the box above grows);
        else only between its labelled sections, never in its rows up to kept_to (its first label and
        cell, the next label and the first of what it heads, and its first space to write in), so no
        page is left with the box's name alone and the boxes of a table follow one another down the
        page instead of each starting a page of its own."""
        t = self.theme
        page = t.text_height
        box.wrap(self.width, page)
        heights = row_heights(box)
        if sum(heights) <= page * (CARD_UNSPLIT_SHARE if self.question_number else BLANK_SHARE_MAX):
            return [("NOSPLIT", (0, 0), (-1, -1))]  # a card in a question: whole
        while kept_to and sum(heights[:kept_to + 1]) > page:  # wide text came out taller than estimated
            kept_to -= 1
        return [("NOSPLIT", (0, 0), (0, kept_to))] if kept_to else []

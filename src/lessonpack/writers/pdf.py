"""Write a Document as PDF with reportlab: one function per block type, styles from the theme."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from io import BytesIO
from xml.sax.saxutils import escape as xml_escape

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.tables import CellStyle
from reportlab.platypus import (CondPageBreak, Flowable, Indenter, KeepTogether, ListFlowable, ListItem,
                                PageBreak, Spacer, Table, TableStyle)

from .. import document as d
from ..chunks import batches, capacity, split_inlines, split_text, table_rows, weighted_length
from ..fonts import register, string_width
from ..theme import BOX_STYLES, Theme
from . import column_widths, columns_fit
from .pdf_flowables import AnswerLines, CellField, GapParagraph, Paragraph, TickBox, TimelineDrawing, gap_markup
from .pdf_pages import CopyPlan, DetailsSlot, assemble

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DETAILS_PADDING = 10  # after each value of the student-details line
GAP = re.compile(r"_{3,}(?![^<>]*>)")
"""A run of underscores to write a word on (a gap-fill's gap) in paragraph markup, not in a tag."""



rl_config.useA85 = 0  # binary streams: smaller files, and no time spent on ASCII85
# Table cells start in reportlab's base font (Helvetica) even when they hold only
# paragraphs; that would list an unembedded standard-14 font in every file.
CellStyle.fontname = register("DejaVu Serif")["regular"]


class Styles:
    """Paragraph styles made from the theme; children inherit from `body`."""

    def __init__(self, theme: Theme):
        serif = register(theme.body_font)["regular"]
        sans = register(theme.heading_font)
        self.body = ParagraphStyle("body", fontName=serif, fontSize=theme.body_size,
                                   leading=theme.leading(theme.body_size), spaceAfter=theme.paragraph_space,
                                   textColor=HexColor(theme.text_colour), alignment=TA_LEFT)
        self.headings = [
            ParagraphStyle(f"h{i + 1}", parent=self.body, fontName=sans["bold"], fontSize=size,
                           leading=theme.leading(size), spaceBefore=size * 0.6, spaceAfter=size * 0.4,
                           textColor=HexColor(theme.accent_colour), keepWithNext=1)
            for i, size in enumerate(theme.heading_sizes)
        ]
        self.small = ParagraphStyle("small", parent=self.body, fontSize=theme.note,
                                    leading=theme.leading(theme.note), spaceAfter=2)
        self.caption = ParagraphStyle("caption", parent=self.small,
                                      fontName=register(theme.body_font)["italic" if theme.italics else "regular"])
        # A numbered line too long for a large-print page wraps onto an indented second line.
        self.extract = ParagraphStyle("extract", parent=self.body, fontSize=theme.extract_size,
                                      leading=theme.leading(theme.extract_size), spaceAfter=0,
                                      leftIndent=theme.extract_size, firstLineIndent=-theme.extract_size)
        # Line and ¶ numbers stay small on every paper: they sit in the margin, beside the text.
        self.number = ParagraphStyle("number", parent=self.small, fontName=sans["regular"],
                                     fontSize=theme.small_size, leading=theme.leading(theme.small_size),
                                     textColor=HexColor(theme.accent_colour), alignment=TA_RIGHT, spaceAfter=0)
        self.marks = ParagraphStyle("marks", parent=self.small, fontName=sans["bold"], alignment=TA_RIGHT)
        self.qnum = ParagraphStyle("qnum", parent=self.body, fontName=sans["bold"])
        self.body_joined = ParagraphStyle("body_joined", parent=self.body, spaceAfter=0)


def inline_markup(inlines: tuple[d.Inline, ...], italics: bool = True) -> str:
    """Inlines as reportlab paragraph markup, with every text character escaped.

    Without italics (dyslexia-friendly papers) emphasis is printed bold.
    """
    out: list[str] = []
    for node in inlines:
        if isinstance(node, d.Text):
            out.append(xml_escape(node.text))
        elif isinstance(node, d.LineBreak):
            out.append("<br/>")
        elif isinstance(node, d.Strong):
            out.append(f"<b>{inline_markup(node.children, italics)}</b>")
        elif isinstance(node, d.Emph):
            tag = "i" if italics else "b"
            out.append(f"<{tag}>{inline_markup(node.children, italics)}</{tag}>")
        elif isinstance(node, d.Link):
            href = xml_escape(node.target, {'"': "&quot;"})
            out.append(f'<a href="{href}"><u>{inline_markup(node.children, italics)}</u></a>')
    return "".join(out)


class PdfWriter:
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
        self.width = theme.text_width
        """The width blocks may use where they are being placed (narrower inside a question)."""
        self.handlers: dict[type, Callable[[d.Block], list[Flowable]]] = {
            d.Heading: self.heading, d.Paragraph: self.paragraph, d.ListBlock: self.list_block,
            d.Box: self.box, d.Grid: self.grid, d.SourceBox: self.source_box, d.Question: self.question,
            d.StudentDetails: self.student_details, d.Table: self.table_with_letter_fields,
            d.Choices: self.choices, d.TrueFalse: self.true_false, d.WordBank: self.word_bank,
            d.Timeline: self.timeline, d.Figure: self.figure,
            d.PageBreak: lambda block: [PageBreak()],
        }

    def flowables(self, blocks: tuple[d.Block, ...]) -> list[Flowable]:
        out: list[Flowable] = []
        for block in blocks:
            handler = self.handlers.get(type(block))
            if handler is None:
                raise TypeError(f"the PDF writer has no rule for {type(block).__name__}")
            out.extend(handler(block))
        return out

    def heading(self, block: d.Heading) -> list[Flowable]:
        para = Paragraph(self.inline(block.children), self.styles.headings[min(block.level, 3) - 1])
        para._bookmark = (d.plain_text(block.children), block.level)  # read by afterFlowable
        return [para]

    def paragraph(self, block: d.Paragraph) -> list[Flowable]:
        # A very long paragraph goes to reportlab in pieces of under half a page: reportlab
        # re-measures a whole paragraph at every page break (quadratic time), and a paragraph
        # in a table cell cannot break across pages at all.
        s, t = self.styles, self.theme
        pieces = split_inlines(block.children, capacity(self.width, t.page_height / 2, t.body_size,
                                                        s.body.leading))
        make = self.gap_paragraph if self.fillable and self.question_number else Paragraph
        return [make(self.inline(piece), s.body if i == len(pieces) - 1 else s.body_joined)
                for i, piece in enumerate(pieces)]

    def gap_paragraph(self, markup: str, style: ParagraphStyle) -> Paragraph:
        """A question's paragraph with a text field over each gap, so a student can type the word."""
        def marked(gap: re.Match) -> str:
            self.gaps += 1
            return gap_markup(gap[0], self.field(f"gap_{self.gaps}"))

        with_markers, found = GAP.subn(marked, markup)
        return GapParagraph(with_markers, style) if found else Paragraph(markup, style)

    def list_block(self, block: d.ListBlock) -> list[Flowable]:
        items = [ListItem(self.flowables(item) or [Spacer(0, 0)]) for item in block.items]
        kwargs = dict(bulletType="1", start=block.start) if block.ordered else dict(bulletType="bullet", start="•")
        return [ListFlowable(items, bulletFontName=self.styles.body.fontName,
                             bulletFontSize=self.theme.body_size, leftIndent=16, **kwargs), Spacer(0, 4)]

    def _boxed(self, rows: list[list[Flowable]], background: str, border: str, dashed: bool = False) -> Table:
        table = Table([[r] for r in rows], colWidths=[self.width])
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(background)),
            ("BOX", (0, 0), (-1, -1), 0.8, HexColor(border), None, (4, 3) if dashed else None),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return table

    def box(self, block: d.Box) -> list[Flowable]:
        background, border, dashed = BOX_STYLES[block.role]
        if self.theme.plain_boxes:
            background, border = "#FFFFFF", self.theme.text_colour
        rows: list[list[Flowable]] = []
        outer, self.width = self.width, self.width - 16  # inside the box's padding
        try:
            if block.title:
                rows.append([Paragraph(f"<b>{xml_escape(block.title)}</b>", self.styles.body)])
            rows.extend([f] for f in self.flowables(block.blocks))
        finally:
            self.width = outer
        return [self._boxed(rows or [[Spacer(0, 0)]], background, border, dashed), Spacer(0, 8)]

    def grid(self, block: d.Grid) -> list[Flowable]:
        if not block.cells:  # e.g. a template's loop over no images: nothing to arrange
            return []
        gap = 10.0
        cell_width = (self.width - gap * (block.columns - 1)) / block.columns
        outer, self.width = self.width, cell_width
        try:
            cells = [self.flowables((cell,)) for cell in block.cells]
        finally:
            self.width = outer
        rows = [cells[i:i + block.columns] for i in range(0, len(cells), block.columns)]
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
        if max(table._rowHeights) > page:  # a row of cells cannot break across pages: one under another
            return [f for cell in block.cells for f in self.flowables((cell,))]
        return [table]

    def source_box(self, block: d.SourceBox) -> list[Flowable]:
        t, s = self.theme, self.styles
        title = f"Source {block.letter}" + (" (adapted)" if block.adapted else "") + f": {block.title}"
        head: list[Flowable] = [Paragraph(xml_escape(title), s.headings[2])]
        head[0]._bookmark = (title, 3)
        head.append(Paragraph(xml_escape(block.caption), s.caption))
        if block.headnote:
            head.append(Paragraph(xml_escape(block.headnote), s.small))
        rows = []
        for line in block.lines:
            number = str(line.number) if line.number % 5 == 0 else ""
            para = f"¶{line.paragraph}" if line.paragraph else ""
            rows.append([Paragraph(number, s.number), Paragraph(xml_escape(line.text), s.extract),
                         Paragraph(para, s.number)])
        widths = [t.extract_indent, t.extract_text_width + 12, t.text_width - t.extract_indent - t.extract_text_width - 12]
        # A long extract goes to reportlab a page or so at a time (a table of thousands of
        # rows takes quadratic time to break into pages); the box is drawn piece by piece.
        parts = batches(rows) if rows else []
        tables = [self._extract_table(part, widths, i == 0, i == len(parts) - 1) for i, part in enumerate(parts)]
        out: list[Flowable] = [KeepTogether(head + [Spacer(0, 3)]), *tables]
        if block.glossary:
            out.append(self._boxed(self._glossary_rows(block.glossary), t.box_colour, t.rule_colour))
        out.append(Spacer(0, 10))
        return out

    def _glossary_rows(self, glossary: tuple[tuple[str, str], ...]) -> list[list[Flowable]]:
        """The glossary as one run-on paragraph; a long one a row per word, long words cut in pieces.

        A box row cannot break across pages, so no row may hold more than half a page.
        """
        s, t = self.styles, self.theme
        limit = capacity(self.width - 16, t.page_height / 2, t.note, s.small.leading)
        if sum(len(w) + len(m) + 4 for w, m in glossary) <= limit:
            words = "; ".join(f"<b>{xml_escape(w)}</b>: {xml_escape(m)}" for w, m in glossary)
            return [[Paragraph("Glossary — " + words, s.small)]]
        rows: list[list[Flowable]] = [[Paragraph("Glossary", s.small)]]
        for word, meaning in glossary:
            entry = (d.Strong((d.Text(word),)), d.Text(f": {meaning}"))
            rows.extend([Paragraph(self.inline(piece), s.small)] for piece in split_inlines(entry, limit))
        return rows

    def _extract_table(self, rows: list, widths: list[float], first: bool, last: bool) -> Table:
        t = self.theme
        colour = HexColor(t.accent_colour)
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("LINEBEFORE", (0, 0), (0, -1), 0.8, colour), ("LINEAFTER", (-1, 0), (-1, -1), 0.8, colour),
            *([("LINEABOVE", (0, 0), (-1, 0), 0.8, colour)] if first else []),
            *([("LINEBELOW", (0, -1), (-1, -1), 0.8, colour)] if last else []),
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(t.page_colour or "#FFFFFF")),  # cream stays cream
            ("VALIGN", (0, 0), (-1, -1), "TOP"),  # in large print a line may wrap: its number stays on top
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (0, -1), 6), ("LEFTPADDING", (1, 0), (1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            *([("TOPPADDING", (0, 0), (-1, 0), 4)] if first else []),
            *([("BOTTOMPADDING", (0, -1), (-1, -1), 4)] if last else []),
        ]))
        return table

    def inline(self, inlines: tuple[d.Inline, ...]) -> str:
        return inline_markup(inlines, self.theme.italics)

    def field(self, suffix: str) -> str:
        """A form-field name like "q3_answer", or "" when the PDF is for paper."""
        return f"q{self.question_number}_{suffix}" if self.fillable else ""

    def question(self, block: d.Question) -> list[Flowable]:
        outer_number, outer_gaps = self.question_number, self.gaps
        part = block.number.startswith("(")  # a part (a), (b) inside a question: fields q3a_…, q3b_…
        self.question_number = (outer_number + block.number.strip("()")) if part else (block.number or "x")
        self.gaps = 0
        t, s = self.theme, self.styles
        marks = ""
        if block.marks is not None:
            marks = f"[{block.marks} mark{'s' if block.marks != 1 else ''}]"
        if block.minutes:
            marks += f"<br/>{block.minutes} min"
        width = self.width  # narrower for a part (a), (b) inside its question
        columns = [t.question_number_width, width - t.question_number_width]  # number | stem
        if not t.marks_below:  # | marks, beside the first paragraph
            columns = [columns[0], columns[1] - t.question_marks_width, t.question_marks_width]
        outer = self.width
        try:
            self.width = columns[1]
            head = self.flowables(block.blocks[:1])
            # What follows the first paragraph (choices, tables, parts) may use the marks
            # column's width too: in large print a narrow column would break words in two.
            self.width = width - t.question_number_width
            stem = head + self.flowables(block.blocks[1:])
            # Only the first paragraph (or its first piece) stands beside the number: a table
            # row cannot break across pages.
            first = 1 if head and isinstance(head[0], Paragraph) else 0
            if t.marks_below and marks:
                # Right after the first paragraph (with none, on the number's line), and as far
                # from what follows as a paragraph: a table cell drops its last space after.
                at = len(head) if first else 0
                stem[at:at] = [Paragraph(marks, s.marks), Spacer(0, t.paragraph_space)]
                if at == first:  # what the marks follow stands beside the number: so do they
                    first += 2
            opening, rest = (stem[:first] or [Spacer(0, 0)]), stem[first:]
        finally:
            self.width = outer
        # Number, first paragraph and marks side by side (or the marks under that paragraph);
        # the rest of the stem flows below, indented, so a long stem (large print) can
        # continue on the next page.
        row = [Paragraph(f"{xml_escape(block.number)}", s.qnum), opening]
        if not t.marks_below:
            row.append(Paragraph(marks, s.marks))
        header = Table([row], colWidths=columns, hAlign="LEFT")
        header.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        if rest:
            header = [header, Indenter(t.question_number_width, 0), *rest, Indenter(-t.question_number_width, 0)]
        else:
            header = [header]
        out: list[Flowable] = [CondPageBreak(t.answer_line_height * 3)]
        answer = block.answer
        label = f"Question {block.number}"
        if answer.kind == "none" or answer.lines == 0:
            out.append(KeepTogether(header))
        elif answer.kind == "box":
            out.append(KeepTogether([*header, AnswerLines(answer.lines, t, width, box=True, label=label,
                                                               field=self.field("answer"))]))
        else:
            first = min(2, answer.lines)
            # The first two lines stay with the question; the rest may continue overleaf.
            out.append(KeepTogether([*header, AnswerLines(first, t, width, label=label,
                                                          field=self.field("answer"))]))
            if answer.lines > first:
                out.append(AnswerLines(answer.lines - first, t, width, label=label,
                                       field=self.field("answer_more")))
        out.append(Spacer(0, 12))
        self.question_number, self.gaps = outer_number, outer_gaps
        return out

    def _details_widths(self, block: d.StudentDetails) -> list[float] | None:
        """Label and value column widths of the details line: Name gets half the line.

        None when a value would get next to no room (a school profile with a very large body
        size on A4): the fields then stand one under another."""
        t = self.theme
        count = len(block.fields)
        shares = (0.5, 0.25, 0.25) if count == 3 else [1 / count] * count
        widths = []
        for (label, _), share in zip(block.fields, shares):
            label_width = self._label_width(label)
            widths += [label_width, share * t.text_width - label_width]
        return widths if min(widths[1::2], default=0) >= DETAILS_PADDING + t.body_size / 2 else None

    def _label_width(self, label: str) -> float:
        t = self.theme
        return string_width(f"{label}:", t.body_font, t.body_size, "bold") + 14

    def details_fit_one_line(self, block: d.StudentDetails) -> bool:
        """Whether every value fits its cell on one line (so a shared layout has room for it)."""
        t = self.theme
        widths = self._details_widths(block)
        return widths is not None and all(
            string_width(value, t.body_font, t.body_size) < width - DETAILS_PADDING - 1
            for (_, value), width in zip(block.fields, widths[1::2]))

    def student_details(self, block: d.StudentDetails) -> list[Flowable]:
        t, s = self.theme, self.styles
        cells: list[Flowable] = []
        for index, (label, value) in enumerate(block.fields):
            slot = self.details_slots and not value
            cells += [Paragraph(f"<b>{label}:</b>", s.body),
                      DetailsSlot(index, s.body) if slot else Paragraph(xml_escape(value), s.body)]
        widths = self._details_widths(block)
        if widths is None:  # one field under another, the labels in a column of their own
            label = min(max(self._label_width(label) for label, _ in block.fields), t.text_width / 2)
            rows, widths = [cells[i:i + 2] for i in range(0, len(cells), 2)], [label, t.text_width - label]
        else:
            rows = [cells]
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle([
            *[("LINEBELOW", (i, row), (i, row), 0.6, HexColor(t.rule_colour))
              for row, cells in enumerate(rows) for i in range(1, len(cells), 2)],
            ("RIGHTPADDING", (1, 0), (-1, -1), DETAILS_PADDING), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),  # in large print a line may wrap: its number stays on top
        ]))
        return [table, Spacer(0, 12)]

    def table(self, block: d.Table) -> list[Flowable]:
        t, s = self.theme, self.styles
        width, minimum = self.width, t.body_size * 3
        if not columns_fit(block.header, block.rows, width, minimum, t):
            return self.stacked_table(block)
        widths = column_widths(block.header, block.rows, width, minimum, t)
        pad = lambda row: list(row) + [()] * (len(widths) - len(row))  # noqa: E731
        # A cell longer than half a page continues in the rows below (no rule between them):
        # a row taller than a page cannot be printed, and a fixed row height would hide text.
        limits = [capacity(w - 12, t.page_height / 2, t.note, s.small.leading) for w in widths]
        # The header repeats on every page only while it is short: a tall one (long headings in
        # narrow large-print columns) would leave the rows no room, so it prints once, in pieces.
        header = pad(block.header)
        tall = any(len(d.plain_text(c)) > limit // 2 for c, limit in zip(header, limits))
        head_rows = table_rows([header], limits)[0] if tall else [header]
        data = [[Paragraph(f"<b>{self.inline(c)}</b>", s.small) for c in pad(row)] for row in head_rows]
        top = len(head_rows)
        printed, ends = table_rows([pad(row) for row in block.rows], limits)
        room, last_rows = block.row_lines * t.answer_line_height - 6, set(ends)
        for i, row in enumerate(printed):
            cells = [Paragraph(self.inline(c), s.small) if c else "" for c in pad(row)]
            if room > 0 and i in last_rows and "" in cells:  # room to write: a minimum, never a cap
                if self.fillable and self.question_number:  # and a field in each blank cell to type in
                    item = ends.index(i) + 1
                    cells = [CellField(self.field(f"cell_{item}_{c}"), room, t.note, block.row_lines) if cell == ""
                             else cell for c, cell in enumerate(cells, 1)]
                else:
                    cells[cells.index("")] = Spacer(0, room)
            data.append(cells)
        rules = [("LINEBELOW", (0, top + end), (-1, top + end), 0.5, HexColor(t.rule_colour)) for end in ends]
        table = Table(data, colWidths=widths, repeatRows=0 if tall else 1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 0.5, HexColor(t.rule_colour)),
            ("LINEBELOW", (0, top - 1), (-1, top - 1), 0.5, HexColor(t.rule_colour)),
            ("LINEAFTER", (0, 0), (-2, -1), 0.5, HexColor(t.rule_colour)), *rules,
            ("BACKGROUND", (0, 0), (-1, top - 1), HexColor(t.box_colour)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        return [table, Spacer(0, 8)]

    def table_with_letter_fields(self, block: d.Table) -> list[Flowable]:
        """A table; in a fillable question, a text field in each cell of the column left blank for
        letters (a matching question's "Your letter")."""
        out = self.table(block)
        column = self.letter_column(block) if self.fillable and self.question_number else None
        if column is None:
            return out
        if any(len(row) <= column for row in out[0]._cellvalues):
            return out  # stacked for large print (one box per row): no column to put fields in
        printed = out[0]._cellvalues[1:]  # reportlab keeps the cells it will draw; below the header
        # One printed row per item, the column still blank: else (an item spread over several
        # printed rows, a header in pieces, a layout of another shape) the rows cannot be told
        # apart, and get no field.
        if len(printed) != len(block.rows) or any(row[column] != "" for row in printed):
            return out
        for number, row in enumerate(printed, 1):
            row[column] = CellField(self.field(f"letter_{number}"), self.styles.small.leading, self.theme.note)
        return out

    @staticmethod
    def letter_column(block: d.Table) -> int | None:
        """The one column every row leaves blank, in a table with no room to write (row_lines 0)."""
        columns = max(len(row) for row in (block.header, *block.rows))
        blank = [i for i in range(columns)
                 if all(i >= len(row) or not d.plain_text(row[i]).strip() for row in block.rows)]
        return blank[0] if block.rows and not block.row_lines and len(blank) == 1 else None

    def stacked_table(self, block: d.Table) -> list[Flowable]:
        """A table whose columns cannot hold their longest words, as one box per row (as exam
        boards print organisers on modified enlarged papers): each cell under its column's
        header, each empty cell ruled for writing as deep as its table row would have been."""
        t, s = self.theme, self.styles
        columns = max([len(block.header), *(len(r) for r in block.rows)])
        header = list(block.header) + [()] * (columns - len(block.header))
        inner = self.width - 12  # inside the cells' padding
        limit = capacity(inner, t.page_height / 2, t.note, s.small.leading)
        out: list[Flowable] = []
        typed = self.fillable and bool(self.question_number)  # fields to type in, named as in the grid
        letters = self.letter_column(block)
        for item, row in enumerate(block.rows or ((),), 1):  # a table with no rows still shows its headers
            cells: list[list[Flowable]] = []  # one column: a row per label, text piece or writing space
            styles: list[tuple] = []
            repeat = head = 0
            labels: set[int] = set()  # the rows that hold a short label, kept with what it heads
            for column, (label, cell) in enumerate(zip(header, list(row) + [()] * (columns - len(row))), 1):
                start = len(cells)
                labelled = bool(d.plain_text(label).strip())
                # A label stays with what it heads while it is short; a long one (a heading of
                # hundreds of characters) is printed in pieces that may break across pages.
                short = weighted_length(d.plain_text(label)) <= limit // 4
                if labelled:
                    if short:
                        labels.add(start)
                    parts = [label] if short else split_inlines(label, limit)
                    cells += [[Paragraph(f"<b>{self.inline(part)}</b>", s.small)] for part in parts]
                    end = len(cells) - 1
                    styles += [("BACKGROUND", (0, start), (0, end), HexColor(t.box_colour)),
                               ("LINEABOVE", (0, start), (0, start), 0.5, HexColor(t.rule_colour)),
                               *([("NOSPLIT", (0, start), (0, start + 1))] if short else [])]
                if d.plain_text(cell).strip():
                    pieces = split_inlines(cell, limit)
                    cells += [[Paragraph(self.inline(piece), s.small)] for piece in pieces]
                    if start == 0 and len(pieces) == 1 and short:
                        repeat = len(cells)  # a box that runs onto the next page repeats its first cell there
                else:  # at least a line: a label with nothing under it would look like a misprint
                    name = f"letter_{item}" if letters == column - 1 else f"cell_{item}_{column}"
                    field = self.field(name) if typed else ""
                    cells.append([AnswerLines(max(block.row_lines, 1), t, inner, field=field)])
                    # The last ruled line stands clear of the rule under it, not doubling it.
                    last = len(cells) - 1
                    styles.append(("BOTTOMPADDING", (0, last), (0, last), t.answer_line_height / 4))
                if column == 1 and columns > 1 and len(cells) == start + labelled + 1:
                    head = len(cells)  # the row after the first label and cell (in one piece)
            table = Table(cells, colWidths=[self.width], repeatRows=repeat, hAlign="LEFT")
            table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, HexColor(t.rule_colour)),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP"), *styles]))
            # A NOSPLIT range overrides those that start inside it: this one takes in the next label's.
            kept_to = head + (head in labels) if head else 0
            table.setStyle(TableStyle(self._unbroken(table, kept_to)))
            out += [table, Spacer(0, 8)]
        return out

    def _unbroken(self, box: Table, kept_to: int) -> list[tuple]:
        """Where a stacked box may not break: nowhere if it is short (up to half a page: it moves
        to the next page whole, leaving at most half a page empty); else not in its rows up to kept_to (its first label and
        cell, the next label and the first of what it heads), so no page is left with the box's
        name alone, and a tall box starts under its question instead of leaving a page blank."""
        t = self.theme
        page = t.text_height
        box.wrap(self.width, page)
        heights = box._rowHeights
        if sum(heights) <= page / 2:
            return [("NOSPLIT", (0, 0), (-1, -1))]
        while kept_to and sum(heights[:kept_to + 1]) > page:  # wide text came out taller than estimated
            kept_to -= 1
        return [("NOSPLIT", (0, 0), (0, kept_to))] if kept_to else []

    def _may_outgrow_a_page(self, texts, width: float) -> bool:
        """Whether one of these texts could make a row taller than a page.

        Half a page by the estimate (`weighted_length` counts wide characters for more than one)."""
        t = self.theme
        room = capacity(width, t.text_height / 2, t.body_size, self.styles.body.leading)
        return any(weighted_length(d.plain_text(text)) > room for text in texts)

    def _tick_rows(self, rows: list[list], widths: list[float], header: bool = False,
                   split_rows: bool = False) -> Table:
        # split_rows: an option longer than a page breaks across pages instead of stopping the build.
        # Only then: reportlab may also split a row that would fit on the next page, printing the
        # header again in the middle of the page.
        table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0,
                      splitInRow=1 if split_rows else 0)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("ALIGN", (1, 0), (-1, -1), "CENTER") if header else ("ALIGN", (0, 0), (0, -1), "CENTER"),
        ]))
        return table

    def choices(self, block: d.Choices) -> list[Flowable]:
        t, s = self.theme, self.styles
        size = self.theme.body_size * (1.45 if block.style == "number" else 1.0)
        rows = []
        for i, option in enumerate(block.options):
            label = f"<b>{LETTERS[i]}</b>&nbsp;&nbsp;" if block.style == "tick" else ""
            field = self.field(f"option_{LETTERS[i]}" if block.style == "tick" else f"order_{i + 1}")
            rows.append([TickBox(size, t, field, "check" if block.style == "tick" else "text"),
                         Paragraph(label + self.inline(option), s.body)])
        widths = [size + 10, self.width - size - 10]
        return [self._tick_rows(rows, widths, split_rows=self._may_outgrow_a_page(block.options, widths[1])),
                Spacer(0, 4)]

    def true_false(self, block: d.TrueFalse) -> list[Flowable]:
        t, s = self.theme, self.styles
        width = self.width
        rows = [[Paragraph("", s.small), Paragraph("<b>True</b>", s.small), Paragraph("<b>False</b>", s.small)]]
        rows += [[Paragraph(self.inline(st), s.body), TickBox(t.body_size, t, self.field(f"{i + 1}_true")),
                  TickBox(t.body_size, t, self.field(f"{i + 1}_false"))] for i, st in enumerate(block.statements)]
        box = t.body_size * 3.6
        widths = [width - 2 * box, box, box]
        return [self._tick_rows(rows, widths, header=True,
                                split_rows=self._may_outgrow_a_page(block.statements, widths[0])), Spacer(0, 4)]

    def word_bank(self, block: d.WordBank) -> list[Flowable]:
        t, s = self.theme, self.styles
        # A long bank goes in several rows of the box, each under half a page: a table row
        # cannot break across pages, and large print fits few words on one.
        room = capacity(self.width - 16, t.text_height / 2, t.body_size, s.body.leading)
        rows: list[list[str]] = [[]]
        used = 0  # characters in the last row, counting the separators
        for word in block.words:
            for piece in split_text(word, room):  # a word longer than a row: in pieces
                if rows[-1] and used + weighted_length(piece) > room:
                    rows.append([])
                    used = 0
                rows[-1].append(piece)
                used += weighted_length(piece) + 8
        separator = "&nbsp;&nbsp;&nbsp;·&nbsp;&nbsp;&nbsp; "
        texts = [separator.join(xml_escape(w) for w in row) for row in rows]
        texts[0] = "<b>Word bank:</b>&nbsp;&nbsp;" + texts[0]
        box = self._boxed([[Paragraph(text, s.body)] for text in texts], t.box_colour, t.rule_colour)
        return [box, Spacer(0, 6)]

    def timeline(self, block: d.Timeline) -> list[Flowable]:
        title = Paragraph(xml_escape(block.title), self.styles.headings[2])
        title._bookmark = (block.title, 3)
        return [title, TimelineDrawing(block, self.theme, self.width), Spacer(0, 10)]

    def figure(self, block: d.Figure) -> list[Flowable]:
        from reportlab.lib.utils import ImageReader
        from reportlab.platypus import Image

        t = self.theme
        width, height = ImageReader(BytesIO(block.data)).getSize()
        scale = min(self.width / width, (t.page_height * 0.4) / height, 1.0)
        image = Image(BytesIO(block.data), width * scale, height * scale)
        out: list[Flowable] = [image]
        if block.caption:
            out.append(Paragraph(xml_escape(block.caption), self.styles.caption))
        # A one-cell table keeps image and caption together, also inside a grid or a box
        # (KeepTogether reports a huge height inside a table cell).
        holder = Table([[out]], colWidths=[self.width], hAlign="LEFT")
        holder.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                    ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return [holder, Spacer(0, 8)]


def write_pdf(document: d.Document, theme: Theme, fillable: bool = False) -> bytes:
    """The PDF file for a document, as bytes (the caller writes it atomically).

    fillable puts form fields over every answer space and tick box.
    """
    return assemble(document.info, [PdfWriter(theme, fillable).flowables(document.blocks)], theme)


def write_pdf_copies(documents: list[d.Document], theme: Theme, bookmarks: list[str] | None = None) -> bytes:
    """One print file holding several copies (a class set), each starting on an odd page
    and bookmarked (`bookmarks`: e.g. each student's name; default: the details line).

    Copies that differ only in their student-details line share one layout, laid out
    once; each copy prints its own details into it. A copy whose details would not
    fit on one line (a very long name) is laid out on its own.
    """
    writer = PdfWriter(theme, details_slots=True)
    layouts: dict[tuple[d.Block, ...], int] = {}  # by blocks: the header is printed per copy
    stories: list[list[Flowable]] = []
    copies: list[CopyPlan] = []
    for number, document in enumerate(documents):
        shared, values = _without_details(document)
        if shared is None or not all(writer.details_fit_one_line(b) for b in document.blocks
                                     if isinstance(b, d.StudentDetails)):
            shared, values = document, ()
        if shared.blocks not in layouts:
            layouts[shared.blocks] = len(stories)
            stories.append(writer.flowables(shared.blocks))
        outline = bookmarks[number] if bookmarks else " · ".join(v for v in values if v)
        copies.append(CopyPlan(layouts[shared.blocks], document.info, values, outline))
    return assemble(documents[0].info, stories, theme, copies)


def _without_details(document: d.Document) -> tuple[d.Document | None, tuple[str, ...]]:
    """The document with its student-details values emptied, and those values.

    None when the details are not a single top-level line (a template may put them
    elsewhere, or twice): such a copy is laid out with its details in place."""
    found = [i for i, block in enumerate(document.blocks) if isinstance(block, d.StudentDetails)]
    if len(found) != 1:
        return None, ()
    block = document.blocks[found[0]]
    empty = d.StudentDetails(tuple((label, "") for label, _ in block.fields))
    blocks = (*document.blocks[:found[0]], empty, *document.blocks[found[0] + 1:])
    return dataclasses.replace(document, blocks=blocks), tuple(value for _, value in block.fields)

"""Tick-box lists in a question: lettered choices, an ordering's write-in boxes, true/false grids
(each statement in its own column at every size). A list splits between items under "Question N (continued)"."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Indenter, Spacer, Table, TableStyle

from ... import document as d
from ...page_rules import TRUE_FALSE_BOX_EMS, true_false_tight
from ...wording import answer_to, printed_words
from .escaping import xml_escape
from .fields import RadioBox
from .flowables import Paragraph, TickBox, TickList

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def first_line_drop(leading: float, size: float) -> float:
    """How far below a cell's top a box `size` high stands so that its middle is on the letters of
    the first line; a write-in box taller than the line (an ordering's) stands at its top."""
    return (leading - size) / 2 + size * 0.1 if size < leading else 0.0


class TickListBlocks:
    """PdfWriter's methods for tick-box lists (it provides theme, styles, width, structure, field,
    fillable, inline, in_grid, continued_as and QuestionBlocks' _row_pieces)."""

    def _tick_rows(self, rows: list[list], items: list[int | None], widths: list[float],
                   header: bool = False, style: list[tuple] = ()) -> TickList:
        """The rows of a tick-box list; split across pages, the rest is headed "Question N (continued)".
        `style`: commands after the list's own (where its boxes stand)."""
        table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("ALIGN", (1, 0), (-1, -1), "CENTER") if header else ("ALIGN", (0, 0), (0, -1), "CENTER"),
            *style,
        ]))
        return TickList(table, items, self.continued_as, self.theme)

    def choices(self, block: d.Choices) -> list[Flowable]:
        size = self.theme.body_size * (1.45 if block.style == "number" else 1.0)
        rows, items = [], []
        tags = self.structure
        with tags.group("L", ListNumbering="UpperAlpha" if block.style == "tick" else "None"):
            for i, option in enumerate(block.options):
                with tags.group("LI"), tags.group("LBody"):
                    self._choice(block, i, option, size, rows, items)
        widths = [size + 10, self.width - size - 10]
        # Each box beside its option's letter, on the first line, as exam papers set them (centred
        # on an option of three lines it stood beside none of them).
        drop = first_line_drop(self.styles.body.leading, size)
        first_line = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (0, -1), 3 + drop)]
        ticks = self._tick_rows(rows, items, widths, style=first_line)
        # An ordering's events kept whole with its stem where they fit a page (_kept_stem); a choice's
        # options never split where they fit one, and its stem goes with them (`KeepWithNext`): split
        # two and two, a student read A and B, turned over, then C and D. What follows the options
        # (an extension) may go overleaf.
        ticks.whole_with_stem = block.style == "number"
        ticks.unsplit = block.style == "tick"
        return [ticks, Spacer(0, 4)]

    def _choice(self, block: d.Choices, i: int, option, size: float, rows: list, items: list) -> None:
        """One option's rows: its box (an artifact, or a form field) and its text, in pieces."""
        t, s = self.theme, self.styles
        node = self.structure.node("P")
        label = f"<b>{LETTERS[i]}</b>&nbsp;&nbsp;" if block.style == "tick" else ""
        first, *more = self._row_pieces(option, self.width - size - 10)
        box = (TickBox(size, t, self.field(f"order_{i + 1}")) if block.style == "number"
               else RadioBox(size, t, self.field("choice"), LETTERS[i]) if self.fillable else TickBox(size, t))
        texts = [Paragraph(label + self.inline(first), s.body)] + [Paragraph(self.inline(p), s.body) for p in more]
        for text in texts:
            text.structure = node
        if self.fillable or block.style == "number":  # its field is read with the option
            box.structure, box.form_alt = node, answer_to(self.continued_as)
        rows.append([box, texts[0]])
        rows += [[Paragraph("", s.body), text] for text in texts[1:]]
        items += [i] * (1 + len(more))

    def true_false(self, block: d.TrueFalse) -> list[Flowable]:
        tags = self.structure
        with tags.group("Table"):
            return self._true_false(block, tags)

    def _true_false(self, block: d.TrueFalse, tags) -> list[Flowable]:
        """A table: a header row (True, False) of column headers, a row per statement."""
        t, s = self.theme, self.styles
        width = self.width
        tight = true_false_tight(t, width, on_slip=self.in_grid)
        # In large print under a question's stem the grid starts at the number's margin, its headings
        # at body weight, each box column as wide as its own heading: at the stem's indent, with bold
        # headings as wide as "False", the statements' column was two thirds of the measure and a stem
        # and four statements ran over two half-blank pages (lessons 02 and 03 at 24 pt).
        wide = tight and not self.in_grid and bool(self.question_number)
        outdent = t.question_number_width if wide else 0.0
        width += outdent
        words = printed_words().true, printed_words().false
        weight = "{}" if wide else "<b>{}</b>"
        with tags.group("TR"):
            rows = [[tags.tag(Paragraph("", s.small), "TH", Scope="Column"),
                     *(tags.tag(Paragraph(weight.format(xml_escape(w)), s.small), "TH", Scope="Column")
                       for w in words)]]
        items: list[int | None] = [None]
        box = t.body_size * TRUE_FALSE_BOX_EMS
        boxes_wide = [box, box]
        if wide:  # each heading and a quarter of an em (the space between "True" and "False"); never
            # narrower than the box
            boxes_wide = [max(stringWidth(w, s.small.fontName, s.small.fontSize) + t.body_size / 4, t.body_size + 8)
                          for w in words]
        elif tight:  # on a slip, the box columns only as wide as "False" (the statements need the room):
            # each statement stays in its column (run on under its boxes at 24 pt, it read as part of the row below)
            box = max(stringWidth(w, s.marks.fontName, s.small.fontSize) for w in words) + 8
            boxes_wide = [max(box, t.body_size + 8)] * 2  # and never narrower than the box
        widths = [width - sum(boxes_wide), *boxes_wide]
        # Each pair of boxes on its statement's first line (centred on a statement of two lines,
        # they stood beside neither): their middle on that line's letters.
        drop = first_line_drop(s.body.leading, t.body_size)
        style: list[tuple] = [("VALIGN", (0, 1), (-1, -1), "TOP")]
        for i, statement in enumerate(block.statements):
            first, *more = self._row_pieces(statement, widths[0])
            with tags.group("TR"):
                statement_cell = tags.node("TD")
                box_cells = tags.node("TD"), tags.node("TD")  # the True and False boxes: cells with no text
            if self.fillable:  # True or False, not both: a radio group per statement
                boxes = [RadioBox(t.body_size, t, self.field(str(i + 1)), value) for value in ("true", "false")]
                for box, cell, value in zip(boxes, box_cells, (printed_words().true, printed_words().false)):
                    box.structure, box.form_alt = cell, value
            else:
                boxes = [TickBox(t.body_size, t), TickBox(t.body_size, t)]
            texts = [Paragraph(self.inline(piece), s.body) for piece in (first, *more)]
            for text in texts:
                text.structure = statement_cell
            top = len(rows)
            # At large print the statements, some lines each, stand apart (on a slip they stay compact).
            apart = t.paragraph_space / 2 if tight and not self.in_grid and i else 0.0
            style += [("TOPPADDING", (0, top), (0, top), 3 + apart), ("TOPPADDING", (1, top), (-1, top), 3 + drop + apart)]
            rows.append([texts[0], *boxes])
            items += [i] * len(texts)
            rows += [[text, Paragraph("", s.body), Paragraph("", s.body)] for text in texts[1:]]
        ticks = self._tick_rows(rows, items, widths, header=True, style=style)
        if outdent:  # the stem's indent taken back for the grid, given again after it
            return [Indenter(-outdent, 0), ticks, Indenter(outdent, 0), Spacer(0, 4)]
        return [ticks, Spacer(0, 4)]

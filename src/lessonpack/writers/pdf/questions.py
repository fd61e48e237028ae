"""Questions: number, stem and marks, answer lines, matching letters, word banks (tick-box lists:
`tick_lists.py`)."""

from __future__ import annotations

from io import BytesIO

from reportlab.platypus import Flowable, Indenter, KeepTogether, Spacer, Table, TableStyle
from reportlab.pdfgen.canvas import Canvas

from ... import document as d
from ...wording import answer_to, marks_label, minutes_label, printed_words, question_label
from ...chunks import capacity, split_inlines, weighted_length
from ...fonts import string_width
from ...linebreak import Measure, entry_lines
from ...page_rules import (ANSWER_LINES_MIN, BLANK_SHARE_MAX, ORDERING_KEEP_SHARE, QUESTION_KEEP_SHARE,
                           answer_side_lines, answer_whole_lines, spread_lines)
from .answer_move import MovesWhole
from .escaping import xml_escape
from .fields import answer_space
from .flowables import AnswerLines, CellField, ContinuedLabel, Paragraph, TickList
from .keep import (FUZZ, AnswerFill, FirstThatStarts, Gap, KeepShort, KeepTail, KeepWithNext, LabelOverleaf, passive,
                   stacked_height)
from .matching import ANSWERS_SHARE_MOST, MatchingItems
from .rl_compat import cell_rows

class GridFill(AnswerFill):
    """The page foot under a question that ends in a grid, kept blank: the grid is the answer space,
    and ruled lines under it (lesson 03's Question 6) looked like space for something unasked.
    It takes the room an answer fill would, so the pages break where they did."""

    def draw(self) -> None:
        pass


class QuestionBlocks:
    """PdfWriter's methods for questions and what they hold (it provides theme, styles, width,
    flowables, field, inline, table and _boxed)."""
    lines_above = False  # whether the question before ended in answer lines that grow (`_moves_whole`)

    def question(self, block: d.Question) -> list[Flowable]:
        """Tagged as a division: its number, stem, marks and what it holds, in that order (answer
        lines and tick boxes are artifacts)."""
        with self.structure.group("Div"):
            return self._question(block)

    def _question(self, block: d.Question) -> list[Flowable]:
        number_node = self.structure.node("P")  # read first, though made after the stem's first paragraph
        outer_number, outer_gaps = self.question_number, self.gaps
        outer_label = self.continued_as
        # What a tick list continued overleaf is headed with: the whole question's number, in a part too.
        self.continued_as = outer_label if block.part and outer_label else question_label(block.number)
        # A part (a), (b) inside a question: fields q3a_…, q3b_…
        self.question_number = (outer_number + block.number.strip("()")) if block.part else (block.number or "x")
        self.gaps = 0
        self.last_box = None  # this question's last stacked box (tables.stacked_table)
        t, s = self.theme, self.styles
        marks = ""
        if block.marks is not None:
            marks = marks_label(block.marks)
        if block.minutes:
            marks += f"<br/>{minutes_label(block.minutes)}"
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
                stem[at:at] = [self.structure.tag(Paragraph(marks, s.marks), "P"), Spacer(0, t.paragraph_space)]
                if at == first:  # what the marks follow stands beside the number: so do they
                    first += 2
            opening, rest = (stem[:first] or [Spacer(0, 0)]), stem[first:]
        finally:
            self.width = outer
        # Number, first paragraph and marks side by side (or the marks under that paragraph);
        # the rest of the stem flows below, indented, so a long stem (large print) can
        # continue on the next page.
        row = [Paragraph(f"{xml_escape(block.number)}", s.qnum), opening]
        row[0].structure = number_node
        if not t.marks_below:
            row.append(self.structure.tag(Paragraph(marks, s.marks), "P") if marks else Paragraph(marks, s.marks))
        header = Table([row], colWidths=columns, hAlign="LEFT")
        header.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        row = header
        out: list[Flowable] = []
        answer = block.answer
        # A part's lines continued overleaf say whose part they are: "Question 3(b) (continued)".
        label = question_label(f"{outer_number}{block.number}" if block.part and outer_number else block.number)
        kept: list[Flowable] = []  # the answer space that stays with the end of the stem
        more: list[Flowable] = []  # the rest of a fillable answer space
        if self.fillable and answer.kind != "none" and answer.lines:  # one field per answer
            kept, more = answer_space(answer.lines, t, width, box=answer.kind == "box", label=label,
                                      field=self.field("answer"))
        elif answer.kind == "box" and answer.lines:
            kept = [AnswerLines(answer.lines, t, width, box=True, label=label, field=self.field("answer"))]
        elif answer.kind != "none" and answer.lines:
            kept = [AnswerLines(min(ANSWER_LINES_MIN, answer.lines), t, width, label=label,
                                field=self.field("answer"))]
        for space in [*kept, *more]:  # a fillable answer space: a form field, read after the stem
            if getattr(space, "field", ""):
                self.structure.tag(space, "Form", Alt=answer_to(label))
        # A part that starts a page is headed "Question N (continued)".
        before = [ContinuedLabel(question_label(outer_number), t)] if block.part and outer_number else []
        framed, fits = None, True
        if answer.kind == "lines" and answer.lines and not (self.fillable or block.part or self.in_grid):
            framed, fits = self._framed(row, rest, kept, answer.lines, label, width)
        after: list[Flowable] = []
        if answer.kind not in ("none", "box") and answer.lines > ANSWER_LINES_MIN and not self.fillable:
            # The rest may continue overleaf, under "Question N (continued)".
            after = [AnswerLines(answer.lines - ANSWER_LINES_MIN, t, width, label=label,
                                 field=self.field("answer_more"))]
        if block.part and answer.kind == "lines" and answer.lines and not (self.fillable or self.in_grid):
            # A part's lines split as a question's: three printed two and one, its last line alone overleaf
            kept, after = self._side_lines(answer.lines, label, width)
        if framed and not fits:
            out += framed
        elif framed:  # kept whole where it fits a page; framed under a heading it does not fit with
            kept, after = self._side_lines(answer.lines, label, width)
            out.append(self._moves_whole(self._kept_stem(row, rest, kept, before, framed, after), after))
        elif answer.kind == "lines" and answer.lines > ANSWER_LINES_MIN and not (self.fillable or block.part
                                                                              or self.in_grid):
            out.append(self._whole_space(row, rest, before, [self._kept_stem(row, rest, kept, before), *after],
                                         answer.lines, label, width))
        else:
            out.append(self._kept_stem(row, rest, kept, before))
            out += more + after
        writes_in_table = any(isinstance(b, d.Table) and b.row_lines for b in block.blocks)
        # A question in parts (a), (b): its last part's answer space is the question's last.
        parts_write = any(isinstance(b, d.Question) and b.answer.kind not in ("none", "box") and b.answer.lines
                          for b in block.blocks[-1:])
        if ((kept and answer.kind != "box") or writes_in_table or parts_write) and not block.part:
            fill = AnswerFill(t)  # grows to the page foot when the next item goes overleaf
            if isinstance(block.blocks[-1], d.Table):  # ...or, ending in a stacked box, the box's last space grows
                fill.box = self.last_box
                if self.last_box is None and not kept:  # a grid: its cells are the answer space
                    fill = GridFill(t)
            out.append(fill)
            for f in out:
                if isinstance(f, MovesWhole):
                    f.fill = fill  # told whether anything follows the question
        if not block.part:  # what grows into the room a next question moved whole leaves (not a grid's blank)
            self.lines_above = isinstance(out[-1], AnswerFill) and not isinstance(out[-1], GridFill)
        out.append(Gap(12, t.text_height))  # none at the top of a page
        self.question_number, self.gaps, self.continued_as = outer_number, outer_gaps, outer_label
        return out


    def _kept_stem(self, row: Table, rest: list[Flowable], kept: list[Flowable],
                   before: list[Flowable] | None = None, framed: list[Flowable] | None = None,
                   after: list[Flowable] | None = None) -> Flowable:
        """The question's first row, the rest of its stem (indented) and its first answer space, kept
        together while short; a longer stem (a table, a long list) may break across pages, its first
        row kept with what follows it and its last item with the answer space. `framed`: the
        question laid out by `_framed` (all its answer lines), used in place of the whole when that
        is too tall for its page under a heading; `after`: the rest of the whole's answer lines."""
        t = self.theme
        before = before or []
        if not rest:
            return KeepTogether([*before, row, *kept])
        indent, outdent = Indenter(t.question_number_width, 0), Indenter(-t.question_number_width, 0)
        whole = [*before, row, indent, *rest, outdent, *kept]
        last = max((i for i, f in enumerate(rest) if not passive(f)), default=0)  # not a space after it
        text = max((i for i in range(last) if not passive(rest[i])), default=None)
        pair = False  # a matching question's items and its box of lettered answers
        if getattr(rest[last], "with_previous", False) and text is not None:
            pair = not isinstance(rest[text], Paragraph)
            if not pair:  # a word bank: printed with the end of the gap text above it
                rest = [*rest[:text], KeepTail(rest[text], rest[text + 1:last + 1], t.text_height,
                                               self._continued_label()), *rest[last + 1:]]
                last = text
        # A large-print matching question: its lettered answers (a box in the question) over its items'
        # write-in boxes, printed again over the items continued overleaf (`matching.py`).
        answers = next((f for f in rest[:last] if isinstance(f, Table) and getattr(f, "with_previous", False)), None)
        if (answers is not None and isinstance(rest[last], TickList) and getattr(rest[last], "whole_with_stem", False)
                and answers.wrap(self.width, t.text_height)[1] <= t.text_height * ANSWERS_SHARE_MOST):
            rest = [*rest[:last], MatchingItems(rest[last], answers), *rest[last + 1:]]
        else:
            answers = None
        lead = 0  # the instructions under the first row, kept with it
        while lead < last and (isinstance(rest[lead], Paragraph) or passive(rest[lead])):
            lead += 1
        if answers is not None:  # the stem and the answers kept with the first item: its boxes are the answer space
            lead = last
        end_items = [*rest[last:], outdent, *kept]
        # The stem's end with its first answer space; without answer lines, a short table (a
        # matching grid) moves whole only when that leaves less than a quarter of a page blank.
        # Lettered answers that fit a page are never split: where they cannot follow their items,
        # they go overleaf whole, under "Question N (continued)". The stem stays with its items
        # (their boxes are its answer space): moved overleaf with the answers, it was left alone
        # on a page half blank (lesson 02 at 24 pt, where the question is taller than a page).
        kept_whole = pair or getattr(rest[last], "read_whole", False)  # a matching grid kept with its stem
        end = KeepShort(end_items, end_items, t, FUZZ if answers is not None else t.text_height if kept_whole else
                        (0 if kept else t.text_height * BLANK_SHARE_MAX))
        head = [*before, row, indent, *rest[:lead]]
        if lead == last:
            longer = [KeepWithNext(head, end, t.text_height)]
        else:  # each item after the first that starts a page is headed "Question N (continued)"
            longer = [KeepWithNext(head, rest[lead], t.text_height)]
            for item in [*rest[lead + 1:last], end]:
                if type(item) is Spacer:  # the space between two items: none at the top of a page
                    longer.append(Gap(item.height, t.text_height))
                else:
                    longer += [item] if passive(item) else [LabelOverleaf(self.continued_as, t, item), item]
        # With answer lines under it, the space a moved question leaves is filled by the answer
        # space above it; without, only a question shorter than a quarter of a page moves whole.
        limit = t.text_height * (QUESTION_KEEP_SHARE if kept else BLANK_SHARE_MAX)
        if any(getattr(f, "whole_with_stem", False) for f in whole):  # rest holds a word bank in a KeepTail
            limit = max(limit, t.text_height * ORDERING_KEEP_SHARE + FUZZ)  # never split where it fits a page
        return KeepShort(whole, framed or longer, t, limit, after or [], starts_in_room=bool(kept))

    def _whole_space(self, row: Table, rest: list[Flowable], before: list[Flowable], split: list[Flowable],
                     lines: int, label: str, width: float) -> Flowable:
        """A question with its answer space of up to `answer_whole_lines` lines whole, a longer one with
        `answer_side_lines` on each side of a break (split two and two, a two-mark answer ran over a turn
        of the page); laid out as `split` (two lines with the stem) only where it would otherwise
        leave more than a quarter of the page blank with nothing above to fill it (`KeepShort`)."""
        t = self.theme
        kept, tail = self._side_lines(lines, label, width)
        whole = self._kept_stem(row, rest, kept, before)  # measured flat: a KeepTogether wraps to no height
        whole = list(whole.section) if isinstance(whole, KeepShort) else [*before, row, *kept]
        short = KeepShort(whole, split, t, t.text_height * QUESTION_KEEP_SHARE + FUZZ, tail, starts_in_room=True)
        return self._moves_whole(short, tail)

    def _moves_whole(self, short: Flowable, tail: list[Flowable]) -> Flowable:
        """A question whose lines may split (`tail`) moved whole overleaf at no cost (`answer_move.MovesWhole`)."""
        if not (tail and isinstance(short, KeepShort)):
            return short
        moves, moves.lines_above = MovesWhole(short, [*short.section, *tail], self.theme), self.lines_above
        return moves

    def _side_lines(self, lines: int, label: str, width: float) -> tuple[list[Flowable], list[Flowable]]:
        """A question's answer lines kept with its stem (all of up to `answer_whole_lines`, else
        `answer_side_lines`) and the rest, which leave `answer_side_lines` at least overleaf."""
        t = self.theme
        side = answer_side_lines(t)
        first = lines if lines <= answer_whole_lines(t) else side
        kept = [AnswerLines(first, t, width, label=label, field=self.field("answer"))]
        return kept, [AnswerLines(lines - first, t, width, label=label, field=self.field("answer_more"),
                                  least=side)] if lines > first else []

    def _framed(self, row: Table, rest: list[Flowable], kept: list[Flowable], lines: int, label: str,
                width: float) -> tuple[list[Flowable] | None, bool]:
        """A question laid out as an enlarged exam paper sets one too tall for a page with its first
        answer lines (a stem, sentence starters and an extension at 24 or 36 pt), and whether it
        fits a page that way (then `_kept_stem` keeps it whole, and this layout is used only where it
        does not fit under its heading). Its answer lines are shared out (`page_rules.spread_lines`)
        among the items of its last list (the sentence starters) and what follows that list (an
        extension). Where the stem and list fit with two lines on the page it starts on, the list's
        share follows the whole list and the extension comes after it with lines of its own; else
        each starter is followed by its share, so the question's pages break between one starter's
        lines and the next starter. A question with no list whose first row is followed by text
        alone (an extension) has its lines shared between the row and that text. Either way its
        number's page, and each page it runs over, has lines to write on. None for a question with
        neither a list nor text alone after its first row: `_kept_stem` lays it out."""
        t = self.theme
        at = max((i for i, f in enumerate(rest) if getattr(f, "items_apart", None)), default=None)
        follows = [f for f in rest if not passive(f)]
        if at is None and not (follows and all(isinstance(f, Paragraph) for f in follows)):
            return None, True
        canvas = self.measuring_canvas()
        indent, outdent = Indenter(t.question_number_width, 0), Indenter(-t.question_number_width, 0)
        page = t.text_height * QUESTION_KEEP_SHARE
        fits = stacked_height([row, indent, *rest, outdent, *kept], width, t.text_height, canvas) < page
        if at is None:  # the row with its share of lines, then the text with the rest
            first, then = spread_lines(lines, 2)
            after = rest
            while passive(after[0]):  # the space under the row
                after = after[1:]
            return self._units(row, [], [([], first), (after, then)], label, width), fits
        items = rest[at].items_apart
        after = rest[at + 1:]
        while after and passive(after[0]):  # the space under the list
            after = after[1:]
        shares = spread_lines(lines, len(items) + bool(after))
        tail = [(after, shares[-1])] if after else []
        framed = self._units(row, rest[:at], [([item], count) for item, count in zip(items, shares)] + tail,
                             label, width)
        if after and stacked_height([row, indent, *rest[:at + 1], outdent, *kept], width, t.text_height,
                                    canvas) < page:
            together = self._units(row, rest[:at], [([rest[at]], sum(shares[:len(items)])), *tail], label, width)
            return [FirstThatStarts(together, framed, t.text_height)], fits
        return framed, fits

    def _units(self, row: Table, lead: list[Flowable], units: list[tuple[list[Flowable], int]], label: str,
               width: float) -> list[Flowable]:
        """The question's first row and `lead` (its stem and "Sentence starters:"), then each unit's
        blocks with its lines, the first two of them kept with the blocks (the first unit also with
        the row), the rest free to continue overleaf; a unit that starts a page says whose it is."""
        t = self.theme
        indent, outdent = Indenter(t.question_number_width, 0), Indenter(-t.question_number_width, 0)
        out: list[Flowable] = []
        for i, (blocks, count) in enumerate(units):
            (first, *_), more = self._side_lines(count, label, width)  # a unit's lines split as a question's
            if i == 0:
                out.append(KeepWithNext([row, indent, *lead], KeepTogether([*blocks, outdent, first]), t.text_height))
            else:
                out += [Gap(t.paragraph_space, t.text_height),
                        KeepTogether([ContinuedLabel(label, t), indent, *blocks, outdent, first])]
            out += more  # the rest may continue overleaf, under "Question N (continued)"
            if i < len(units) - 1:  # grown to the page foot when what follows goes overleaf
                out.append(AnswerFill(t))
        return out

    def measuring_canvas(self):
        """A canvas to measure flowables on before they are laid out (a list needs one to wrap)."""
        if self._measuring_canvas is None:
            self._measuring_canvas = Canvas(BytesIO())
        return self._measuring_canvas

    def table_with_letter_fields(self, block: d.Table) -> list[Flowable]:
        """A table; in a fillable question, a text field in each cell of its answer column (a
        matching question's "Your letter")."""
        out = self.table(block)
        column = block.answer_column if self.fillable and self.question_number else None
        if column is None:
            return out
        if any(len(row) <= column for row in cell_rows(out[0])):
            return out  # stacked for large print (one box per row): no column to put fields in
        printed = cell_rows(out[0])[1:]  # below the header
        # One printed row per item, the column still blank: else (an item spread over several
        # printed rows, a header in pieces, a layout of another shape) the rows cannot be told
        # apart, and get no field.
        if len(printed) != len(block.rows) or any(row[column] != "" for row in printed):
            return out
        for number, row in enumerate(printed, 1):
            cell = CellField(self.field(f"letter_{number}"), self.styles.small.leading, self.theme.note)
            text = next((c for c in row if getattr(c, "structure", None) is not None), None)
            if text is not None:  # the field is in its own cell of the row's structure
                cell.structure = text.structure.parent.children[column]
            cell.form_alt = answer_to(question_label(self.question_number))
            row[column] = cell
        return out


    def _may_outgrow_a_page(self, texts, width: float) -> bool:
        """Whether one of these texts could make a row taller than a page.

        Half a page by the estimate (`weighted_length` counts wide characters for more than one)."""
        t = self.theme
        room = capacity(width, t.text_height / 2, t.body_size, self.styles.body.leading)
        return any(weighted_length(d.plain_text(text)) > room for text in texts)

    def _row_pieces(self, text, width: float) -> list:
        """A text in pieces of at most a third of a page, one per table row: a row taller than a
        page cannot be placed, and reportlab's own splitting inside a row can fail to progress
        (the same piece is moved on to page after page), so long text is cut here instead."""
        if not self._may_outgrow_a_page([text], width):
            return [text]
        t = self.theme
        return split_inlines(text, capacity(width, t.text_height / 3, t.body_size, self.styles.body.leading))

    def word_bank(self, block: d.WordBank) -> list[Flowable]:
        t, s = self.theme, self.styles
        label, gap, separator = printed_words().word_bank, "\u00a0\u00a0", "\u00a0\u00a0\u00a0·\u00a0\u00a0\u00a0"
        # Broken here into lines, an entry whole and a dot only between two entries of a line: the
        # paragraph's own breaks left "1917 · 1922 ·" with a dot at the line's end. (1 pt spare for
        # the box's rounding: a line the paragraph found too wide would wrap inside itself.)
        measure = Measure(t.body_font, t.body_size, self.width - 16 - 1)
        first = string_width(label, t.body_font, t.body_size, "bold") + string_width(gap, t.body_font, t.body_size)
        lines = entry_lines(list(block.words), separator, measure, first)

        def entry(word: str) -> str:
            # A bank entry of two words ("Great Terror") never breaks across lines, unless it is wider than one.
            whole = string_width(word, t.body_font, t.body_size) <= measure.width
            return xml_escape(word).replace(" ", "&nbsp;") if whole else xml_escape(word)

        texts = [xml_escape(separator).join(entry(w) for w in line) for line in lines]
        texts[0] = f"<b>{xml_escape(label)}</b>{gap}" + texts[0]
        # A long bank goes in several rows of the box, each under half a page: a table row
        # cannot break across pages, and large print fits few words on one.
        per_row = max(1, int(t.text_height / 2 // s.body.leading))
        texts = ["<br/>".join(texts[i:i + per_row]) for i in range(0, len(texts), per_row)]
        node = self.structure.node("P")
        paragraphs = [Paragraph(text, s.body) for text in texts]
        for para in paragraphs:
            para.structure = node
        box = self._boxed([[para] for para in paragraphs], t.box_colour, t.rule_colour)
        box.with_previous = True  # see _kept_stem: a bank is printed with the end of its gap text
        # and the question kept whole where it fits a page: split, its first gaps were a page
        # before the bank a student fills them from (lesson 03 at 24 pt).
        box.whole_with_stem = True
        return [box, Spacer(0, 6)]


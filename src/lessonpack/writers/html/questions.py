"""Questions in HTML: an ordered list of questions, each with its stem, marks read as words, and the
answer space described for a screen reader; the answer forms (choices, true or false, a word bank).

Every question of a run of questions is an item of one <ol>, so a screen reader says "list, 5
items" and each number; parts (a), (b) are a nested list. The list number is the question's own
(`value`), so a tier's paper or a shuffled version keeps the numbers it prints.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from ... import document as d
from ...wording import answer_lines_label, answer_to, marks_label, minutes_label, printed_words, question_label
from .tables import scrolling

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PART = re.compile(r"^\(([a-z])\)$")


def list_value(number: str) -> int | None:
    """The <li value> that makes the list print this number: 3 for "3", 2 for "(b)"; None otherwise."""
    if number.isdigit():
        return int(number)
    part = PART.match(number)
    return ord(part[1]) - ord("a") + 1 if part else None


class QuestionLayout:
    """The HtmlWriter's question blocks; it supplies inlines() and blocks()."""

    def questions(self, run: list[d.Question]) -> Markup:
        """Consecutive questions as one ordered list: parts as a list of parts (a), (b)."""
        parts = run[0].part or not all(list_value(q.number) for q in run)
        opening = Markup('<ol class="parts">\n') if parts else Markup('<ol class="questions">\n')
        items = [self._question(q, parts) for q in run]
        return opening + Markup("").join(items) + Markup("</ol>\n")

    def _question(self, block: d.Question, as_part: bool) -> Markup:
        """A question's item; `self.label` names it ("Question 9 (a)") for its form controls."""
        outer, outer_gaps = self.label, self.gaps
        self.label = question_label(f"{self.number} {block.number}" if block.part else block.number)
        self.gaps = 0
        if not block.part:
            self.number = block.number
        try:
            return self._question_item(block, as_part)
        finally:
            self.label, self.gaps = outer, outer_gaps

    def _question_item(self, block: d.Question, as_part: bool) -> Markup:
        value = list_value(block.number)
        anchor = f"question-{block.number.strip('()')}" if not block.part else ""
        attributes = Markup("")
        if anchor:
            attributes += Markup(' id="{}"').format(anchor)
        if value is not None and not as_part:
            attributes += Markup(' value="{}"').format(value)
        out = [Markup("<li{}>\n").format(attributes)]
        if as_part:  # printed, as the list's own markers cannot print "(a)" everywhere
            out.append(Markup('<span class="part-number">{}</span>\n').format(block.number))
        out.append(self.blocks(block.blocks))
        if block.marks is not None:
            out.append(Markup('<p class="marks">{}').format(marks_label(block.marks)))
            if block.minutes:
                out.append(Markup("<br>{}").format(minutes_label(block.minutes)))
            out.append(Markup("</p>\n"))
        out.append(self.answer_space(block.answer))
        out.append(Markup("</li>\n"))
        return Markup("").join(out)

    def answer_space(self, answer: d.AnswerSpace) -> Markup:
        """Ruled lines or a box to write in when printed; read out as how much room there is."""
        if answer.kind == "none" or not answer.lines:
            return Markup("")
        if self.fillable:
            control = self.controls.new_id()
            return Markup('<label class="answer-label" for="{}">{}</label>\n<textarea id="{}" rows="{}" '
                          'data-answer="{}"></textarea>\n').format(
                control, answer_to(self.label), control, answer.lines, self.label)
        kind = "answer-lines" if answer.kind == "lines" else "answer-box"
        return Markup('<div class="{}" style="--lines: {}"><span class="visually-hidden">{}</span></div>\n').format(
            kind, answer.lines, answer_lines_label(answer.lines))

    def choices(self, block: d.Choices) -> Markup:
        """Options after a box to tick, lettered A, B, …; or after a box to write a number in."""
        if self.fillable:
            return self._choice_controls(block)
        box = Markup('<span class="tick-box{}" aria-hidden="true"></span>').format(
            " order-box" if block.style == "number" else "")
        items = []
        for i, option in enumerate(block.options):
            letter = Markup("<strong>{}</strong> ").format(LETTERS[i]) if block.style == "tick" else Markup("")
            items.append(Markup("<li>{}<span>{}{}</span></li>\n").format(box, letter, self.inlines(option)))
        return Markup('<ul class="choices">\n{}</ul>\n').format(Markup("").join(items))

    def _choice_controls(self, block: d.Choices) -> Markup:
        """A radio group named by the question (one answer, by its letter), or a number box for
        each item of an ordering, labelled by the item."""
        items = []
        group = self.controls.new_id()
        for i, option in enumerate(block.options):
            control = self.controls.new_id()
            if block.style == "tick":
                field = Markup('<input type="radio" id="{}" name="{}" value="{}">').format(control, group, LETTERS[i])
                text = Markup("<strong>{}</strong> {}").format(LETTERS[i], self.inlines(option))
            else:
                name = f"{self.label}: {d.plain_text(option)}"
                field = Markup('<input type="text" id="{}" inputmode="numeric" size="2" maxlength="2" '
                               'class="order-input" data-answer="{}">').format(control, name)
                text = self.inlines(option)
            items.append(Markup('<li>{}<label for="{}">{}</label></li>\n').format(field, control, text))
        if block.style == "tick":
            return Markup('<fieldset class="choices" data-answer="{}">\n<legend class="visually-hidden">{}</legend>\n'
                          '<ul class="choices">\n{}</ul>\n</fieldset>\n').format(
                self.label, self.label, Markup("").join(items))
        return Markup('<ul class="choices">\n{}</ul>\n').format(Markup("").join(items))

    def true_false(self, block: d.TrueFalse) -> Markup:
        words = printed_words()
        head = Markup('<thead><tr><th scope="col"><span class="visually-hidden">{}</span></th>'
                      '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>\n').format(
            words.statement, words.true, words.false)
        box = Markup('<td><span class="tick-box" aria-hidden="true"></span></td>')
        rows = []
        for statement in block.statements:
            cells = box + box
            answer = Markup("")
            if self.fillable:  # a radio pair per statement, each named by its column and statement
                group, text = self.controls.new_id(), d.plain_text(statement)
                cells = Markup("").join(
                    Markup('<td><input type="radio" name="{}" value="{}" aria-label="{}: {}"></td>').format(
                        group, word, word, text) for word in (words.true, words.false))
                answer = Markup(' data-answer="{}: {}"').format(self.label, text)
            rows.append(Markup('<tr{}><th scope="row">{}</th>{}</tr>\n').format(answer, self.inlines(statement), cells))
        table = Markup('<table class="true-false">\n{}<tbody>\n{}</tbody>\n</table>\n').format(
            head, Markup("").join(rows))
        return scrolling(table, [words.statement, words.true, words.false])

    def word_bank(self, block: d.WordBank) -> Markup:
        words = Markup("").join(Markup("<li>{}</li>").format(w) for w in block.words)
        return Markup('<div class="word-bank"><strong>{}</strong> <ul>{}</ul></div>\n').format(
            printed_words().word_bank, words)

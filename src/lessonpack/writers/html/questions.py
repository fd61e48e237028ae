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
from ...wording import answer_lines_label, marks_label, minutes_label, printed_words
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
        kind = "answer-lines" if answer.kind == "lines" else "answer-box"
        return Markup('<div class="{}" style="--lines: {}"><span class="visually-hidden">{}</span></div>\n').format(
            kind, answer.lines, answer_lines_label(answer.lines))

    def choices(self, block: d.Choices) -> Markup:
        """Options after a box to tick, lettered A, B, …; or after a box to write a number in."""
        box = Markup('<span class="tick-box{}" aria-hidden="true"></span>').format(
            " order-box" if block.style == "number" else "")
        items = []
        for i, option in enumerate(block.options):
            letter = Markup("<strong>{}</strong> ").format(LETTERS[i]) if block.style == "tick" else Markup("")
            items.append(Markup("<li>{}<span>{}{}</span></li>\n").format(box, letter, self.inlines(option)))
        return Markup('<ul class="choices">\n{}</ul>\n').format(Markup("").join(items))

    def true_false(self, block: d.TrueFalse) -> Markup:
        words = printed_words()
        head = Markup('<thead><tr><th scope="col"><span class="visually-hidden">{}</span></th>'
                      '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>\n').format(
            words.statement, words.true, words.false)
        box = Markup('<td><span class="tick-box" aria-hidden="true"></span></td>')
        rows = [Markup('<tr><th scope="row">{}</th>{}{}</tr>\n').format(self.inlines(s), box, box)
                for s in block.statements]
        table = Markup('<table class="true-false">\n{}<tbody>\n{}</tbody>\n</table>\n').format(
            head, Markup("").join(rows))
        return scrolling(table, [words.statement, words.true, words.false])

    def word_bank(self, block: d.WordBank) -> Markup:
        words = Markup("").join(Markup("<li>{}</li>").format(w) for w in block.words)
        return Markup('<div class="word-bank"><strong>{}</strong> <ul>{}</ul></div>\n').format(
            printed_words().word_bank, words)

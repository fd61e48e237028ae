"""The page checks of a question's answer space (tests/pagecheck_answers.py), each on small PDFs
drawn for it with its defect and without, the way the PDF writer draws them (test_pagecheck.Pages)."""

from __future__ import annotations

import shutil

import pytest
from pagecheck import question_without_answer_space, read_paper, tick_rows
from pagecheck_answers import (grid_split_short, matching_items_without_answers, tick_box_beside_no_line, tick_list_split,
                               word_bank_overleaf)
from test_keep_rules import build, text
from test_pagecheck import RIGHT, TOP, Pages, T

from lessonpack import document as d
from lessonpack.fonts import register
from lessonpack.theme import theme_for

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="the page checks measure words with poppler's pdftotext")

LEADING = T.leading(T.body_size)
STEM_X = T.margin_left + T.question_number_width


def statements(pages: Pages, top: float, count: int, lines: int = 2, box_at: str = "first",
               letters: bool = False) -> Pages:
    """`count` statements of `lines` lines from `top` down, each with two tick boxes: beside its
    first line (`box_at="first"`, as the writer sets them), centred on the statement ("middle"),
    or on a row of their own under it ("below"); `letters`: lettered options A, B, …"""
    side = T.body_size
    row = (lines + (box_at == "below")) * LEADING + 6

    def draw(c):
        c.setLineWidth(0.8)
        for i in range(count):
            head = top - i * row
            for k in range(lines):
                y = head - (k + 1) * LEADING
                if letters and not k:
                    c.setFont(register(T.body_font)["bold"], T.body_size)
                    c.drawString(STEM_X + 20, y, "ABCDEFGH"[i])
                c.setFont(register(T.body_font)["regular"], T.body_size)
                c.drawString(STEM_X + 34, y, f"Statement {i + 1}, line {k + 1}")
            first = head - LEADING + 0.35 * T.body_size  # the middle of the first line's letters
            middle = {"first": first, "middle": first - (lines - 1) * LEADING / 2,  # halfway down its lines
                      "below": head - lines * LEADING - LEADING / 2}[box_at]
            for x in (RIGHT - 4 * side, RIGHT - 2 * side) if not letters else (STEM_X,):
                c.rect(x, middle - side / 2, side, side)
    return pages.add(draw)


def continued(pages: Pages, number: int = 5) -> Pages:
    return pages.new_page().text(TOP - 12, f"Question {number} (continued)", size=T.note)


# ----------------------------------------------------------------- where a tick box stands


def test_boxes_beside_their_statement_s_first_line_pass(tmp_path):
    pages = statements(Pages().question(TOP - 20, 5), TOP - 40, 4)
    assert pages.check(tmp_path, tick_box_beside_no_line) == []


@pytest.mark.parametrize("box_at", ["middle", "below"])
def test_boxes_between_two_lines_or_on_a_row_of_their_own_are_found(tmp_path, box_at):
    """Centred on a statement of two lines (the standard paper) or on a row under it (large print),
    a pair of boxes stands as near the next statement as its own."""
    pages = statements(Pages().question(TOP - 20, 5), TOP - 40, 4, box_at=box_at)
    assert [f.kind for f in pages.check(tmp_path, tick_box_beside_no_line)] == ["tick-box-beside-no-line"] * 4


# ----------------------------------------------------------------- a question's boxes are its answer space


def test_a_stem_whose_boxes_all_went_overleaf_is_found_and_one_with_its_first_items_passes(tmp_path):
    """A large-print matching question's stem alone on a page, its items and their boxes overleaf."""
    alone = statements(continued(Pages().question(T.margin_bottom + 60, 4), 4), TOP - 40, 4, lines=1)
    assert [f.detail for f in alone.check(tmp_path, question_without_answer_space)] == [
        "question 4: its answer space starts on page 2"]
    together = statements(Pages().question(T.margin_bottom + 160, 4), T.margin_bottom + 140, 2, lines=1)
    assert together.new_page().check(tmp_path, question_without_answer_space) == []


# ----------------------------------------------------------------- a list of boxes that breaks


def test_a_true_false_list_split_three_to_one_or_two_and_two_is_found_three_and_three_passes(tmp_path):
    def split(here: int, there: int) -> Pages:
        rows = here * (3 * LEADING + 6)
        pages = statements(Pages().question(T.margin_bottom + rows + 30, 5), T.margin_bottom + rows + 10, here, 3)
        return statements(continued(pages), TOP - 30, there, 3).new_page().footers()

    assert [f.detail for f in split(3, 1).check(tmp_path, tick_list_split)] == ["3 item(s) here, 1 overleaf"]
    two_and_two = split(2, 2).check(tmp_path, tick_list_split)  # four statements that fit a page: never split
    assert [f.kind for f in two_and_two] == ["tick-list-split"] and "fit a page" in two_and_two[0].detail
    assert split(3, 3).check(tmp_path, tick_list_split) == []


def test_a_short_choice_split_two_and_two_is_found_a_stem_too_tall_to_move_passes(tmp_path):
    """Lettered options split though the stem and options would fit a page (a dyslexia paper's
    A and B at a page foot, C and D overleaf); a stem that fills most of a page may split them."""
    def choice(stem_lines: int) -> Pages:
        options = 2 * (LEADING + 6)
        top = T.margin_bottom + options + 10
        pages = Pages().question(top + stem_lines * LEADING + 20, 8)
        for k in range(stem_lines - 1):
            pages.text(top + (stem_lines - k - 1) * LEADING, "Which pair had both been Mezhraiontsy?", x=STEM_X)
        pages = statements(pages, top, 2, 1, letters=True)
        return statements(continued(pages, 8), TOP - 30, 2, 1, letters=True).new_page().footers()

    found = choice(4).check(tmp_path, tick_list_split)
    assert [f.kind for f in found] == ["tick-list-split"] and "question 8's options split 2/2" in found[0].detail
    assert choice(int(T.text_height / LEADING) - 4).check(tmp_path, tick_list_split) == []


# ----------------------------------------------------------------- a grid that breaks


def shaded_header(pages: Pages, top: float, height: float) -> Pages:
    """The grid's header row shaded, as the writer shades it (its ground under the rules)."""
    def draw(c):
        c.setFillColorRGB(0.93, 0.94, 0.96)
        c.rect(T.margin_left + 1, top - height + 1, T.text_width - 2, height - 2, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
    return pages.add(draw)


def test_a_grid_with_one_row_at_a_page_foot_is_found_two_and_two_pass(tmp_path):
    """Standard lesson 03's question 6: the grid's header and one row at a page foot, three rows overleaf
    (the header repeated)."""
    def split(here: int, there: int) -> Pages:
        height = 50
        head = [["Factor", "What Source A says", "P or S?"]]
        top = T.margin_bottom + (here + 1) * height + 5
        pages = shaded_header(Pages().question(top + 30, 6), top, height).grid(top, head + [["Post", "", ""]] * here,
                                                                             height)
        pages = shaded_header(continued(pages, 6), TOP - 25, height).grid(TOP - 25, head + [["Post", "", ""]] * there,
                                                                         height)
        return pages.new_page().footers()

    assert [f.detail for f in split(1, 3).check(tmp_path, grid_split_short)] == ["1 row(s) here, 3 overleaf"]
    assert [f.detail for f in split(3, 1).check(tmp_path, grid_split_short)] == ["3 row(s) here, 1 overleaf"]
    assert split(2, 2).check(tmp_path, grid_split_short) == []


# ----------------------------------------------------------------- a word bank and its gaps


def test_gaps_at_a_page_foot_with_their_word_bank_overleaf_are_found(tmp_path):
    def gap_fill(bank_overleaf: bool) -> Pages:
        pages = Pages().question(T.margin_bottom + 120, 4).text(
            T.margin_bottom + 90, "Stalin took up his post in April (1) __________.", x=STEM_X)
        if bank_overleaf:
            pages = continued(pages, 4).text(TOP - 30, "In January 1925 (2) __________ lost his post.", x=STEM_X)
            y = TOP - 60
        else:
            y = T.margin_bottom + 60
        return pages.text(y, "Word bank:  1922 · Trotsky", x=STEM_X).new_page().footers()

    assert [f.kind for f in gap_fill(True).check(tmp_path, word_bank_overleaf)] == ["word-bank-overleaf"]
    assert gap_fill(False).check(tmp_path, word_bank_overleaf) == []


# ----------------------------------------------------------------- the PDF writer held to them


@pytest.mark.parametrize("profile", ["standard", "dyslexia", "large-print-18", "large-print-24", "large-print-36"])
def test_the_writer_stands_each_pair_of_true_false_boxes_on_its_statement_s_first_line(tmp_path, profile):
    """Large print set each pair of boxes on a row of its own under its statement, as near the next
    statement as its own; the other papers centred them on a statement of two lines."""
    theme = theme_for("A4", profile)
    statements_ = d.TrueFalse(tuple(text(f"Source B says Lenin saw that the key was winning a majority in the "
                                         f"soviets by {n} October.") for n in range(1, 5)))
    blocks = (d.Question("5", (d.Paragraph(text("Tick true or false for each statement.")), statements_), 4,
                         d.AnswerSpace("none")),)
    paper = read_paper(build(tmp_path, blocks, "true-false", theme), theme)
    assert tick_box_beside_no_line(paper) == []
    assert sum(len(tick_rows(paper, page)) for page in range(paper.pages)) == 4  # the boxes were read


def test_the_writer_splits_a_question_s_grid_with_two_rows_on_each_side(tmp_path):
    """Standard lesson 03's question 6 printed its grid's header and one row at a page foot."""
    from test_keep_rules import filler

    header = tuple(text(h) for h in ("Factor", "What Source A says", "Other evidence", "P or S?"))
    grid = d.Table(header, tuple((text(f"Factor {n}"), (), (), ()) for n in range(1, 5)), row_lines=3)
    splits = 0
    for count in range(20, 50, 2):
        blocks = (*filler(count), d.Question("6", (d.Paragraph(text("Complete the table.")), grid), 4,
                                             d.AnswerSpace("none")))
        paper = read_paper(build(tmp_path, blocks, f"grid-{count}"), T)
        assert grid_split_short(paper) == [], count
        pages = {w.page for w in paper.words if w.text == "Factor"}
        splits += len(pages) > 1
    assert splits  # the fillers did make the grid split


# ----------------------------------------------------------------- a matching question's items and answers


def matching_items(pages: Pages, top: float, names: list[str]) -> Pages:
    """Items of a large-print matching question from `top` down: a write-in box, a bold number, a name."""
    side = T.body_size * 1.45

    def draw(c):
        c.setLineWidth(0.8)
        for i, name in enumerate(names):
            y = top - (i + 1) * (side + 6)
            c.rect(STEM_X, y + 0.35 * T.body_size - side / 2, side, side)
            c.setFont(register(T.body_font)["bold"], T.body_size)
            c.drawString(STEM_X + side + 4, y, str(i + 1))
            c.setFont(register(T.body_font)["regular"], T.body_size)
            c.drawString(STEM_X + side + 16, y, name)
    return pages.add(draw)


def lettered_answers(pages: Pages, top: float, count: int) -> Pages:
    for i in range(count):
        pages.text(top - i * LEADING, "ABCD"[i] + ".", x=STEM_X, face="bold")
        pages.text(top - i * LEADING, f"Description {i + 1}", x=STEM_X + 20)
    return pages


def test_items_to_match_on_a_page_without_the_lettered_answers_are_found(tmp_path):
    """Lesson 02 at 24 pt: the items and their boxes on page 5, the answers on page 6, the other side
    of the sheet."""
    pages = matching_items(Pages().question(TOP - 20, 4), TOP - 40, ["Trotsky", "Lenin"])
    pages = lettered_answers(continued(pages, 4), TOP - 40, 4).footers()
    assert [(f.page, f.kind) for f in pages.check(tmp_path, matching_items_without_answers)] == [
        (1, "matching-items-without-answers")]


def test_items_under_their_answers_on_each_side_pass(tmp_path):
    pages = lettered_answers(Pages().question(TOP - 20, 4), TOP - 40, 4)
    pages = matching_items(pages, TOP - 40 - 5 * LEADING, ["Trotsky", "Lenin"])
    pages = lettered_answers(continued(pages, 4), TOP - 40, 4)
    pages = matching_items(pages, TOP - 40 - 5 * LEADING, ["Kerensky"]).footers()
    assert pages.check(tmp_path, matching_items_without_answers) == []

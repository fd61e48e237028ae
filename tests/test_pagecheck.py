"""The page checks (tests/pagecheck.py), each on small PDFs drawn for it: with its defect and without.

The pages are drawn with reportlab the way the PDF writer draws them (the standard theme's
margins, sizes and rule widths), so each check is proved to fail and to pass.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import course_in_profile, shipped_document_count
from pagecheck import (all_checks, check_pdf, continued_without_label, heading_and_one_line_at_foot, heading_at_foot,
                       outside_text_area,
                       page_too_blank, question_without_answer_space, read_paper, short_box_fragment,
                       space_above_heading, space_at_top,
                       source_heading_without_box, text_too_small, tick_rows, wrong_line_number)

from lessonpack.fonts import register
from lessonpack.page_rules import BLANK_SHARE_MAX
from lessonpack.theme import theme_for
from lessonpack.wording import page_of

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="the page checks measure words with poppler's pdftotext")

T = theme_for()
TOP = T.page_height - T.margin_top
"""The first baseline's height, near enough: the top of the text area."""
RIGHT = T.page_width - T.margin_right


class Pages:
    """A PDF drawn page by page in the theme's geometry."""

    def __init__(self, theme=T):
        self.theme = theme
        self.pages: list[list] = [[]]

    def new_page(self) -> "Pages":
        self.pages.append([])
        return self

    def add(self, draw) -> "Pages":
        self.pages[-1].append(draw)
        return self

    def text(self, y: float, words: str, x: float | None = None, size: float | None = None,
             face: str = "regular", family: str | None = None) -> "Pages":
        t = self.theme

        def draw(c):
            c.setFont(register(family or t.body_font)[face], size or t.body_size)
            c.drawString(t.margin_left if x is None else x, y, words)
        return self.add(draw)

    def heading(self, y: float, words: str) -> "Pages":
        return self.text(y, words, size=self.theme.heading_sizes[1], face="bold", family=self.theme.heading_font)

    def question(self, y: float, number: int) -> "Pages":
        return (self.text(y, str(number), face="bold", family=self.theme.heading_font)
                .text(y, "Explain why the soviet mattered.", x=self.theme.margin_left + self.theme.question_number_width))

    def answer_lines(self, top: float, count: int) -> "Pages":
        t = self.theme

        def draw(c):
            c.setLineWidth(t.rule_width)
            for i in range(1, count + 1):
                c.line(t.margin_left, top - i * t.answer_line_height, RIGHT, top - i * t.answer_line_height)
        return self.add(draw)

    def filled_to(self, foot: float) -> "Pages":
        """Body lines from the top of the text area down to `foot`."""
        y = TOP - self.theme.body_size
        while y >= foot:
            self.text(y, "The workers elected their own deputies.")
            y -= self.theme.leading(self.theme.body_size)
        return self

    def source_box(self, top: float, count: int, first: int = 1, closed_top: bool = True,
                   closed_bottom: bool = True, numbers: dict[int, int] | None = None,
                   glossary: bool = False) -> "Pages":
        """`count` extract lines framed like the PDF writer's extract table; `numbers` maps a
        margin number to the printed line (from 1 on this page) it stands beside (default: every fifth);
        `glossary`: a framed row of glossary under the box, as the writer draws it."""
        t = self.theme
        leading = t.leading(t.extract_size)
        bottom = top - count * leading - 4
        if numbers is None:
            numbers = {n: n - first + 1 for n in range(first, first + count) if n % 5 == 0}

        def draw(c):
            c.setLineWidth(t.box_rule_width)
            if glossary:
                foot = bottom - t.leading(t.note) - 6
                c.line(t.margin_left, foot, t.margin_left, bottom)
                c.line(RIGHT, foot, RIGHT, bottom)
                c.line(t.margin_left, foot, RIGHT, foot)
                c.setFont(register(t.body_font)["regular"], t.note)
                c.drawString(t.margin_left + 4, bottom - t.leading(t.note), "Glossary — grassroots: ordinary people")
            c.line(t.margin_left, bottom, t.margin_left, top)
            c.line(RIGHT, bottom, RIGHT, top)
            if closed_top:
                c.line(t.margin_left, top, RIGHT, top)
            if closed_bottom:
                c.line(t.margin_left, bottom, RIGHT, bottom)
            c.setFont(register(t.body_font)["regular"], t.extract_size)
            for i in range(count):
                c.drawString(t.margin_left + t.extract_indent + 4, top - (i + 1) * leading, f"Line {first + i} of the extract")
            c.setFont(register(t.heading_font)["regular"], t.small_size)
            for number, line in numbers.items():
                c.drawString(t.margin_left + 3, top - line * leading + 2, str(number))
        return self.add(draw)

    def tick_list(self, top: float, count: int, lines: int = 3, write_in: bool = False,
                  row: float | None = None) -> "Pages":
        """`count` statements of `lines` lines each, a tick box beside each in the middle of its row
        (the PDF writer's true/false table), from `top` down; `write_in`: an ordering's box to write
        a number in, larger than the line and standing at the row's top (its first line's); `row`:
        the rows' depth (default: the lines' and 6 pt)."""
        t = self.theme
        leading = t.leading(t.body_size)
        row = row or lines * leading + 6
        side = t.body_size * 1.45 if write_in else t.body_size

        def draw(c):
            c.setFont(register(t.body_font)["regular"], t.body_size)
            c.setLineWidth(0.8)
            for i in range(count):
                head = top - i * row
                for k in range(lines):
                    c.drawString(t.margin_left + t.question_number_width, head - 3 - (k + 1) * leading + 2,
                                 f"Statement {i + 1}, line {k + 1}")
                foot = head - 3 - side if write_in else head - row / 2 - side / 2
                c.rect(RIGHT - 3 * t.body_size, foot, side, side)
        return self.add(draw)

    def shaded_box(self, top: float, *rows: int, title: str = "") -> "Pages":
        """A box on a shaded ground (a fact check) of paragraphs of `rows` lines each, one per row;
        the first row a bold `title` when given."""
        t = self.theme
        leading = t.leading(t.body_size)
        height = sum(rows) * leading + 6 * len(rows)

        def draw(c):
            c.setFillColorRGB(0.95, 0.9, 0.9)
            c.rect(t.margin_left, top - height, t.text_width, height, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
            c.setFont(register(t.body_font)["regular"], t.body_size)
            y = top
            for row, lines in enumerate(rows):
                c.setFont(register(t.body_font)["bold" if title and not row else "regular"], t.body_size)
                for _ in range(lines):
                    y -= leading
                    c.drawString(t.margin_left + 4, y, title if title and not row else "The essay says the soviet met.")
                y -= 6
        return self.add(draw)

    def grid(self, top: float, rows: list[list[str]], height: float = 40) -> "Pages":
        """A ruled table of `rows` (text per cell; "" leaves a cell empty), each row `height` deep."""
        t = self.theme
        width = t.text_width / len(rows[0])

        def draw(c):
            c.setLineWidth(t.table_rule_width)
            for i in range(len(rows) + 1):
                c.line(t.margin_left, top - i * height, RIGHT, top - i * height)
            for k in range(len(rows[0]) + 1):
                c.line(t.margin_left + k * width, top, t.margin_left + k * width, top - len(rows) * height)
            c.setFont(register(t.body_font)["regular"], t.note)
            for i, row in enumerate(rows):
                for k, cell in enumerate(row):
                    c.drawString(t.margin_left + k * width + 3, top - i * height - t.note - 3, cell)
        return self.add(draw)

    def footers(self, size: float | None = None) -> "Pages":
        """The running header and "Page x of y" on every page, where the writer puts them (at `size`,
        default the theme's small size)."""
        t, total = self.theme, len(self.pages)
        for number, page in enumerate(self.pages, 1):
            def draw(c, number=number):
                c.setFont(register(t.heading_font)["regular"], size or t.small_size)
                c.drawString(t.margin_left, TOP + 14, "Personality in History — The 1905 soviet")
                c.drawCentredString(t.page_width / 2, t.margin_bottom - 18, page_of(number, total))
            page.append(draw)
        return self

    def wrapped_header(self, count: int) -> "Pages":
        """A running header of `count` lines with its rule, as the PDF writer draws one that
        wraps: the document's top margin grown to hold it (`page_furniture.top_margin`)."""
        t = self.theme
        step = t.leading(t.small_size)
        last = t.page_height - max(t.margin_top, t.header_rise + (count - 1) * step + 0.8 * t.small_size
                                   + t.header_clearance) + t.header_rise

        def draw(c):
            c.setFont(register(t.heading_font)["regular"], t.small_size)
            for above in range(count):
                c.drawString(t.margin_left, last + above * step, "Personality in History — The 1905 soviet")
            c.setLineWidth(0.5)
            c.line(t.margin_left, last - t.header_rule_drop, RIGHT, last - t.header_rule_drop)
        return self.add(draw)

    def save(self, path: Path) -> Path:
        from reportlab.pdfgen.canvas import Canvas

        canvas = Canvas(str(path), pagesize=(self.theme.page_width, self.theme.page_height))
        for page in self.pages:
            for draw in page:
                draw(canvas)
            canvas.showPage()
        canvas.save()
        return path

    def check(self, tmp_path: Path, check) -> list:
        path = self.save(tmp_path / f"drawn-{len(list(tmp_path.iterdir()))}.pdf")
        return check(read_paper(path, self.theme))


def kinds(findings) -> list[tuple[int, str]]:
    return [(f.page, f.kind) for f in findings]


# ----------------------------------------------------------------- a heading at a page's foot


def test_a_heading_alone_at_the_foot_of_a_page_is_found(tmp_path):
    pages = Pages().filled_to(T.margin_bottom + 60).heading(T.margin_bottom + 20, "Source B")
    assert kinds(pages.check(tmp_path, heading_at_foot)) == [(1, "heading-at-foot")]


def test_a_heading_with_text_under_it_or_high_on_the_page_passes(tmp_path):
    followed = Pages().heading(T.margin_bottom + 40, "Source B").text(T.margin_bottom + 20, "The soviet met.")
    high = Pages().heading(TOP - 20, "Questions")
    assert heading_at_foot(read_paper(followed.save(tmp_path / "a.pdf"), T)) == []
    assert heading_at_foot(read_paper(high.save(tmp_path / "b.pdf"), T)) == []


def test_questions_and_its_total_alone_at_the_foot_of_a_page_are_found(tmp_path):
    pages = (Pages().filled_to(T.margin_bottom + 80).heading(T.margin_bottom + 50, "Questions")
             .text(T.margin_bottom + 30, "Total: 43 marks.").new_page().question(TOP - 20, 1))
    assert heading_at_foot(read_paper(pages.save(tmp_path / "a.pdf"), T)) == []  # text follows the heading
    assert kinds(pages.check(tmp_path, heading_and_one_line_at_foot)) == [(1, "heading-and-one-line-at-foot")]


def test_questions_with_its_total_and_a_question_or_high_on_the_page_pass(tmp_path):
    with_question = (Pages().heading(T.margin_bottom + 100, "Questions").text(T.margin_bottom + 80, "Total: 43 marks.")
                     .question(T.margin_bottom + 60, 1).answer_lines(T.margin_bottom + 50, 2))
    one_line_question = Pages().heading(T.margin_bottom + 80, "Questions").question(T.margin_bottom + 60, 1) \
        .answer_lines(T.margin_bottom + 50, 2)
    high = Pages().heading(TOP - 20, "Questions").text(TOP - 40, "Total: 43 marks.")
    for pages in (with_question, one_line_question, high):
        assert pages.check(tmp_path, heading_and_one_line_at_foot) == []


def test_a_source_title_with_its_box_overleaf_is_found(tmp_path):
    pages = (Pages().filled_to(T.margin_bottom + 80).heading(T.margin_bottom + 50, "Source B: Trotsky's following")
             .text(T.margin_bottom + 30, "rfzo47, blog post, undated.", size=T.note).new_page()
             .source_box(TOP, 10))
    assert [f.detail for f in pages.check(tmp_path, source_heading_without_box)] == [
        "\"Source B: Trotsky's following\" has no lines of its box under it"]


def test_a_source_title_over_its_box_passes(tmp_path):
    pages = (Pages().filled_to(T.margin_bottom + 200).heading(T.margin_bottom + 170, "Source B: Trotsky's following")
             .source_box(T.margin_bottom + 150, 3, closed_bottom=False).new_page()
             .heading(TOP - 10, "Source B (continued)").source_box(TOP - 30, 7, first=4, closed_top=False))
    assert pages.check(tmp_path, source_heading_without_box) == []


def test_a_source_head_too_long_for_a_page_with_its_box_may_run_on_to_it(tmp_path):
    """A head (title, caption, a long headnote) taller than a page with three lines of its box starts
    where it stands and runs on like text, its last lines over the box overleaf: a typesetter's page,
    not a title left without its box. Title and caption alone at the foot are still found."""
    runs_on = Pages().filled_to(T.margin_bottom + 300).heading(T.margin_bottom + 270, "Source B: Trotsky's following")
    y = T.margin_bottom + 250
    while y >= T.margin_bottom + 8:
        runs_on.text(y, "The author is describing the revolution of 1905.", size=T.note)
        y -= T.leading(T.note)
    runs_on.new_page().text(TOP - 10, "the capital's workers had elected delegates.", size=T.note).source_box(TOP - 30, 10)
    assert runs_on.check(tmp_path, source_heading_without_box) == []
    short = (Pages().filled_to(T.margin_bottom + 80).heading(T.margin_bottom + 50, "Source B: Trotsky's following")
             .text(T.margin_bottom + 30, "rfzo47, blog post, undated.", size=T.note).new_page()
             .text(TOP - 10, "the capital's workers had elected delegates.", size=T.note).source_box(TOP - 30, 10))
    assert len(short.check(tmp_path, source_heading_without_box)) == 1


# ----------------------------------------------------------------- a source box split badly


def test_one_line_of_a_box_at_a_page_foot_is_found(tmp_path):
    pages = (Pages().source_box(T.margin_bottom + 30, 1, closed_bottom=False).new_page()
             .source_box(TOP, 10, first=2, closed_top=False))
    assert kinds(pages.check(tmp_path, short_box_fragment)) == [(1, "short-box-fragment")]


def test_a_box_split_three_and_more_or_not_split_passes(tmp_path):
    split = (Pages().source_box(T.margin_bottom + 60, 3, closed_bottom=False).new_page()
             .source_box(TOP, 8, first=4, closed_top=False))
    whole = Pages().source_box(TOP, 2)  # a short box whole on its page
    assert short_box_fragment(read_paper(split.save(tmp_path / "a.pdf"), T)) == []
    assert short_box_fragment(read_paper(whole.save(tmp_path / "b.pdf"), T)) == []


# ----------------------------------------------------------------- margin line numbers


def test_a_number_beside_the_wrong_printed_line_is_found(tmp_path):
    pages = Pages().source_box(TOP, 10, numbers={5: 6, 10: 10})  # a wrapped line 5: "5" is on the 6th
    assert [f.detail for f in pages.check(tmp_path, wrong_line_number)] == ["number 5 stands on printed line 6"]


def test_numbers_that_count_printed_lines_across_pages_pass(tmp_path):
    pages = (Pages().source_box(T.margin_bottom + 60, 3, closed_bottom=False).new_page()
             .source_box(TOP, 9, first=4, closed_top=False))
    assert pages.check(tmp_path, wrong_line_number) == []


def test_a_number_counted_from_the_page_not_the_box_is_found(tmp_path):
    pages = (Pages().source_box(T.margin_bottom + 60, 3, closed_bottom=False).new_page()
             .source_box(TOP, 9, first=4, closed_top=False, numbers={5: 5}))
    assert kinds(pages.check(tmp_path, wrong_line_number)) == [(2, "wrong-line-number")]


# ----------------------------------------------------------------- the text area


def test_text_past_the_right_margin_is_found(tmp_path):
    pages = Pages().text(TOP - 20, "Soviet", x=RIGHT - 10)
    assert kinds(pages.check(tmp_path, outside_text_area)) == [(1, "outside-text-area")]


def test_body_text_in_the_footer_band_is_found(tmp_path):
    pages = Pages().text(T.margin_bottom - 6, "The last line ran into the margin.")
    assert kinds(pages.check(tmp_path, outside_text_area)) == [(1, "outside-text-area")]


def test_text_inside_the_area_with_its_header_and_footer_passes(tmp_path):
    pages = Pages().filled_to(T.margin_bottom + 2).text(TOP - 20, "Soviet", x=RIGHT - 40).footers()
    assert pages.check(tmp_path, outside_text_area) == []


# ----------------------------------------------------------------- sizes


def test_reading_text_below_nine_and_a_half_points_is_found(tmp_path):
    pages = Pages().text(TOP - 20, "rfzo47, blog post, undated.", size=8.5)
    assert kinds(pages.check(tmp_path, text_too_small)) == [(1, "text-too-small")]


def test_standard_sizes_with_small_furniture_and_line_numbers_pass(tmp_path):
    pages = Pages().text(TOP - 20, "rfzo47, blog post, undated.", size=9.5).source_box(TOP - 60, 5).footers()
    assert pages.check(tmp_path, text_too_small) == []


def test_a_header_wrapped_deeper_than_the_theme_s_margin_is_furniture_not_small_reading_text(tmp_path):
    # Its lowest lines stand below the theme's margin, above the document's own (read off its rule).
    header = Pages().wrapped_header(4)
    assert header.check(tmp_path, text_too_small) == []
    assert header.check(tmp_path, outside_text_area) == []


def test_a_large_print_footer_smaller_than_the_body_is_found(tmp_path):
    large = theme_for("A4", "large-print-24")
    pages = Pages(large).text(TOP - 40, "The soviet met.").footers(large.body_size * 0.8)  # 19.2 pt
    assert {f.kind for f in pages.check(tmp_path, text_too_small)} == {"text-too-small"}
    assert Pages(large).text(TOP - 40, "The soviet met.").check(tmp_path, text_too_small) == []


# ----------------------------------------------------------------- a question and its answer space


def test_a_question_whose_answer_lines_all_went_overleaf_is_found(tmp_path):
    pages = Pages().question(T.margin_bottom + 10, 4).new_page().answer_lines(TOP, 5)
    assert [f.detail for f in pages.check(tmp_path, question_without_answer_space)] == [
        "question 4: its answer space starts on page 2"]


def test_a_question_with_lines_on_its_page_or_with_none_at_all_passes(tmp_path):
    pages = (Pages().question(TOP - 20, 1).question(T.margin_bottom + 80, 2)
             .answer_lines(T.margin_bottom + 70, 2).new_page().answer_lines(TOP, 3).question(TOP - 200, 3))
    assert pages.check(tmp_path, question_without_answer_space) == []


def test_a_grid_to_complete_on_the_question_s_page_is_answer_space_a_filled_table_is_not(tmp_path):
    def table_question(cells: str) -> Pages:
        return (Pages().question(T.margin_bottom + 200, 9)
                .grid(T.margin_bottom + 170, [["Factor", "Trotsky", "Stalin"], ["Programme", cells, cells],
                                              ["Backers", cells, cells]])
                .new_page().answer_lines(TOP, 4))
    assert table_question("").check(tmp_path, question_without_answer_space) == []
    assert [f.detail for f in table_question("Workers").check(tmp_path, question_without_answer_space)] == [
        "question 9: its answer space starts on page 2"]


# ----------------------------------------------------------------- what a page of questions continues


def test_a_page_of_questions_that_starts_with_a_table_s_rows_unlabelled_is_found(tmp_path):
    pages = (Pages().question(TOP - 20, 6).grid(TOP - 60, [["Factor", "What Source A says"], ["The post", ""]])
             .new_page().grid(TOP, [["Stalin's own abilities", ""]]))
    assert [f.detail for f in pages.check(tmp_path, continued_without_label)] == [
        "the page starts \"Stalin's own abilities\""]


def test_a_page_headed_by_a_label_a_heading_a_question_or_a_repeated_header_passes(tmp_path):
    def overleaf(first) -> Pages:
        pages = Pages().question(TOP - 20, 6).grid(TOP - 60, [["Factor", "Says"], ["The post", ""]]).new_page()
        return first(pages).grid(TOP - 30, [["Stalin's own abilities", ""]])

    top = TOP - T.heading_sizes[1]  # a first line's baseline
    for first in (lambda p: p.text(top, "Question 6 (continued)", size=T.note), lambda p: p.heading(top, "Marks"),
                  lambda p: p.question(top, 7), lambda p: p.grid(top, [["Factor", "Says"]])):
        assert overleaf(first).check(tmp_path, continued_without_label) == []


def test_text_running_on_before_the_first_question_or_in_the_next_copy_passes(tmp_path):
    """A source's headnote or a list of objectives runs on like prose; a new copy starts afresh."""
    before = Pages().text(TOP, "The author is describing").new_page().text(TOP, "the revolution of 1905")
    assert before.check(tmp_path, continued_without_label) == []
    copies = (Pages().question(TOP - 20, 1).answer_lines(TOP - 60, 3).footers()
              .add(lambda c: c.drawString(T.margin_left, T.margin_bottom - 30, page_of(1, 1)))
              .new_page().text(TOP, "Name: Ana"))
    assert copies.check(tmp_path, continued_without_label) == []


def test_a_heading_set_below_a_space_at_the_top_of_a_page_is_found_at_the_top_it_passes(tmp_path):
    first = TOP - T.heading_sizes[1]  # a heading's baseline when it stands at the top
    low = Pages().heading(first, "Source A").new_page().heading(first - 12, "Key words").text(first - 40, "bureaucracy")
    assert [f.page for f in low.check(tmp_path, space_above_heading)] == [2]
    high = Pages().heading(first, "Source A").new_page().heading(first, "Key words").text(first - 40, "bureaucracy")
    assert high.check(tmp_path, space_above_heading) == []


def test_text_set_below_an_empty_line_at_the_top_of_a_page_is_found_at_the_top_or_under_a_rule_it_passes(tmp_path):
    """The DOCX left the empty line ending one question at the top of the next page: lesson 02's 24 pt
    Question 4 stood 44 pt low under Question 3's true/false grid."""
    first = TOP - T.body_size  # a line's baseline when it stands at the top
    gap = T.leading(T.body_size) + T.paragraph_space
    low = Pages().question(first, 3).new_page().question(first - gap, 4)
    assert [f.page for f in low.check(tmp_path, space_at_top)] == [2]
    high = Pages().question(first, 3).new_page().question(first, 4)
    assert high.check(tmp_path, space_at_top) == []
    boxed = Pages().question(first, 3).new_page().grid(TOP, [["Factor", "Says"]]).text(first - gap, "under a rule")
    assert boxed.check(tmp_path, space_at_top) == []


# ----------------------------------------------------------------- blank paper


def test_a_half_empty_page_before_the_last_is_found(tmp_path):
    pages = Pages().filled_to(T.page_height / 2).new_page().filled_to(TOP - 40).footers()
    assert kinds(pages.check(tmp_path, page_too_blank)) == [(1, "page-too-blank")]


def test_a_full_page_and_a_short_last_page_pass(tmp_path):
    pages = Pages().filled_to(T.margin_bottom + 40).new_page().filled_to(TOP - 40).footers()
    assert pages.check(tmp_path, page_too_blank) == []


BLANK_FOOT = T.margin_bottom + 0.4 * T.text_height
"""Where a page's content ends when 40 % of its text area is left blank."""
BLANK_ROOM = BLANK_FOOT - T.margin_bottom


def test_a_blank_the_next_question_s_stem_and_two_answer_lines_would_fill_is_found_else_it_passes(tmp_path):
    short = (Pages().filled_to(BLANK_FOOT).new_page().question(TOP - 20, 3).answer_lines(TOP - 26, 6)
             .new_page().footers())
    assert [f.page for f in short.check(tmp_path, page_too_blank)] == [1]
    # A long stem (sentence starters): its first two answer lines end lower than the blank is deep.
    long = Pages().filled_to(BLANK_FOOT).new_page().question(TOP - 20, 3)
    y = TOP - 40
    while y > TOP - BLANK_ROOM:
        long.text(y, "Sentence starter: the soviet mattered because…", x=T.margin_left + T.question_number_width)
        y -= T.leading(T.body_size)
    long.answer_lines(y, 6).new_page().footers()
    assert long.check(tmp_path, page_too_blank) == []


def test_a_blank_the_next_source_s_head_and_three_lines_cannot_fill_passes_and_a_short_head_is_found(tmp_path):
    def source(caption_lines: int) -> Pages:
        pages = Pages().filled_to(BLANK_FOOT).new_page().heading(TOP - 16, "Source B: Trotsky's following")
        y = TOP - 40
        for _ in range(caption_lines):
            pages.text(y, "rfzo47, blog post, undated; the author describes himself as a teacher.")
            y -= T.leading(T.body_size)
        return pages.source_box(y - 4, 12).new_page().footers()

    assert source(30).check(tmp_path, page_too_blank) == []  # a long headnote: the head and 3 lines are too deep
    assert [f.page for f in source(2).check(tmp_path, page_too_blank)] == [1]


def test_a_short_source_box_is_read_whole_with_its_glossary(tmp_path):
    """A box of five lines cannot leave three on each side of a break: the writer moves it whole
    with its head and glossary, so that is the piece that had to fit, not the head and three lines."""
    leading = T.leading(T.body_size)

    def short_source(depth: float) -> Pages:  # the box's top `depth` under the text area's top
        pages = Pages().filled_to(BLANK_FOOT).new_page().heading(TOP - 16, "Source C: Personalities")
        y = TOP - 40
        while y > TOP - depth + 10:
            pages.text(y, "rfzo47, blog post, undated; the author describes himself as a teacher.")
            y -= leading
        return pages.source_box(TOP - depth, 5, glossary=True).new_page().footers()

    box = 5 * T.leading(T.extract_size) + 4 + T.leading(T.note) + 6
    three = 3 * T.leading(T.extract_size)
    # Head and three lines within the blank, the whole box with its glossary not: it passes.
    depth = BLANK_ROOM - (box + three) / 2 - T.leading(T.heading_sizes[1])
    assert short_source(depth).check(tmp_path, page_too_blank) == []
    assert [f.page for f in short_source(depth - box).check(tmp_path, page_too_blank)] == [1]


def test_a_short_tick_list_is_read_whole_with_its_stem(tmp_path):
    """A list of tick boxes shorter than a quarter of a page goes whole with its stem (a four-option
    multiple choice is not split two and two): the stem and all of it is the piece that had to fit."""
    leading = T.leading(T.body_size)
    row = 2 * leading + 6
    assert 4 * row < T.text_height * BLANK_SHARE_MAX

    def choice(depth: float) -> Pages:  # the list's top `depth` under the text area's top
        pages = Pages().filled_to(BLANK_FOOT).new_page().question(TOP - 20, 1)
        y = TOP - 20 - leading
        while y > TOP - depth + leading:
            pages.text(y, "Which of these did the soviet do?", x=T.margin_left + T.question_number_width)
            y -= leading
        foot = TOP - depth - 4 * row
        return pages.tick_list(TOP - depth, 4, 2).question(foot - 30, 2).answer_lines(foot - 40, 3).new_page().footers()

    depth = BLANK_ROOM - 3 * row - leading  # the stem and two items fit the blank, the whole list does not
    assert choice(depth).check(tmp_path, page_too_blank) == []
    assert [f.page for f in choice(depth - 2 * row).check(tmp_path, page_too_blank)] == [1]


def test_tick_boxes_a_side_apart_are_read_one_row_each(tmp_path):
    """A square's foot a side above the next square's top is not a square between them."""
    pages = Pages().tick_list(TOP - 20, 4, 1, row=2 * T.body_size)
    assert len(tick_rows(read_paper(pages.save(tmp_path / "ticks.pdf"), T), 0)) == 4


def test_a_tick_list_whose_first_two_items_cannot_fill_a_blank_passes_and_shorter_ones_are_found(tmp_path):
    def ticks(lines: int) -> Pages:
        return (Pages().filled_to(BLANK_FOOT).new_page().question(TOP - 20, 5)
                .tick_list(TOP - 40, 4, lines).new_page().footers())

    deep = 1 + int(BLANK_ROOM / 2 / T.leading(T.body_size))  # two items deeper than the blank
    assert ticks(deep).check(tmp_path, page_too_blank) == []
    assert [f.page for f in ticks(2).check(tmp_path, page_too_blank)] == [1]


def test_an_ordering_s_second_item_is_read_to_its_last_line(tmp_path):
    """An ordering's write-in boxes stand at their rows' tops, their centres above the first lines'
    baselines: the stem and two items of two lines each, one line deeper than the blank, pass (read
    one line short, lesson 04's ordering at 36 pt was found "553 pt would have fitted"); a line and a
    half shallower (the check asks for a body line to spare), they are found."""
    leading = T.leading(T.body_size)

    def ordering(deeper: float, continued: bool = True) -> Pages:
        # The list's top where the stem and its first two items, with the line's space the check
        # allows above them, are `deeper` than the blank (under a last line on BLANK_FOOT).
        row = 2 * leading + 6
        top = TOP + 2 * row - 5 + T.body_size / 2 + leading - BLANK_ROOM - deeper
        pages = (Pages().filled_to(BLANK_FOOT).text(BLANK_FOOT, "The workers elected their own deputies.")
                 .new_page().question(TOP - 20, 4))
        y = TOP - 20 - leading
        while y > top:
            pages.text(y, "Put these events in the order they happened.", x=T.margin_left + T.question_number_width)
            y -= leading
        pages.tick_list(top, 4, 2, write_in=True)
        if continued:  # a list taller than a page: it runs on overleaf
            pages.new_page().text(TOP - 12, "Question 4 (continued)", size=T.note).tick_list(TOP - 20, 2, 2,
                                                                                            write_in=True)
        return pages.new_page().footers()

    assert ordering(leading / 2).check(tmp_path, page_too_blank) == []
    assert [f.page for f in ordering(-leading * 1.5).check(tmp_path, page_too_blank)] == [1]
    # Whole on its page, the list goes with its stem whole (`ORDERING_KEEP_SHARE`): its first two
    # items would have fitted, the whole of it not.
    assert ordering(-leading / 2, continued=False).check(tmp_path, page_too_blank) == []


def test_a_continued_tick_list_with_two_items_left_passes_with_more_it_is_found(tmp_path):
    def continued(items: int) -> Pages:
        return (Pages().filled_to(BLANK_FOOT).new_page().text(TOP - 12, "Question 5 (continued)", size=T.note)
                .tick_list(TOP - 20, items, 2).new_page().footers())

    assert continued(2).check(tmp_path, page_too_blank) == []  # two items each side: none could move back
    assert [f.page for f in continued(4).check(tmp_path, page_too_blank)] == [1]


def test_a_continued_tick_list_with_its_answers_box_under_it_is_one_kept_piece(tmp_path):
    """A large-print matching question's items go overleaf with their lettered answers in a box right
    under them, kept whole: the page before, left short by the pair, passes unless the pair fits."""
    def matching(items: int, box_rows: int) -> Pages:
        row = 3 * T.leading(T.body_size) + 6
        return (Pages().filled_to(BLANK_FOOT).new_page().text(TOP - 12, "Question 4 (continued)", size=T.note)
                .tick_list(TOP - 20, items).shaded_box(TOP - 20 - items * row - 4, *[2] * box_rows)
                .new_page().footers())

    assert matching(4, 4).check(tmp_path, page_too_blank) == []  # items and answers taller than the blank
    assert [f.page for f in matching(1, 1).check(tmp_path, page_too_blank)] == [1]  # a short pair would have fitted


def test_a_box_whose_first_row_cannot_fill_a_blank_passes_and_one_whose_first_row_can_is_found(tmp_path):
    def box(*rows: int) -> Pages:
        return Pages().filled_to(BLANK_FOOT).new_page().shaded_box(TOP, *rows).new_page().footers()

    deep = 2 + int(BLANK_ROOM / T.leading(T.body_size))  # a row deeper than the blank: a row never splits
    assert box(deep, 4).check(tmp_path, page_too_blank) == []
    assert [f.page for f in box(3, deep).check(tmp_path, page_too_blank)] == [1]


def test_a_box_s_title_is_read_with_its_first_row(tmp_path):
    """The writer never leaves a box's title ("Fact check") alone: its title and first row are the
    piece that had to fit, not the title alone."""
    deep = 2 + int(BLANK_ROOM / T.leading(T.body_size))
    titled = Pages().filled_to(BLANK_FOOT).new_page().shaded_box(TOP, 1, deep, 4, title="Fact check").new_page()
    assert titled.footers().check(tmp_path, page_too_blank) == []
    short = Pages().filled_to(BLANK_FOOT).new_page().shaded_box(TOP, 1, 2, deep, title="Fact check").new_page()
    assert [f.page for f in short.footers().check(tmp_path, page_too_blank)] == [1]


def test_the_last_page_of_each_copy_in_a_print_file_may_be_short(tmp_path):
    pages = Pages().filled_to(T.page_height / 2).new_page().filled_to(T.page_height / 2)
    path = pages.save(tmp_path / "copies.pdf")
    for_copies = Pages()
    for_copies.pages = [pages.pages[0][:], pages.pages[1][:]]
    # Two one-page copies: each "Page 1 of 1".
    for page in for_copies.pages:
        page.append(lambda c: (c.setFont(register(T.heading_font)["regular"], T.small_size),
                               c.drawCentredString(T.page_width / 2, T.margin_bottom - 18, page_of(1, 1))))
    assert page_too_blank(read_paper(path, T)) != []
    assert for_copies.check(tmp_path, page_too_blank) == []


def test_a_timeline_under_its_heading_starts_with_two_entries_not_two_lines(tmp_path):
    """A timeline's first entry under its heading is no short paragraph: its first two entries (the
    second of twenty lines) are the piece that had to fit, not the heading and two lines."""
    leading = T.leading(T.note)

    def timeline(pages: Pages) -> Pages:
        pages.heading(TOP - 10, "Timeline")
        pages.add(lambda c: (c.setLineWidth(1.5), c.line(T.margin_left + 90, TOP - 30, T.margin_left + 90, T.margin_bottom)))
        y = TOP - 40
        for entry, count in enumerate((2, 20, 2, 2), 1):
            pages.text(y, f"{1900 + entry}", size=T.note)
            for n in range(count):
                pages.text(y - n * leading, f"Event {entry}, line {n + 1}", x=T.margin_left + 100, size=T.note)
            y -= count * leading + leading * 0.6
        return pages

    short = timeline(Pages().filled_to(T.margin_bottom + T.text_height * 0.4).new_page()).footers()
    assert short.check(tmp_path, page_too_blank) == []
    roomy = timeline(Pages().filled_to(T.margin_bottom + T.text_height * 0.7).new_page()).footers()
    assert len(roomy.check(tmp_path, page_too_blank)) == 1


def test_check_pdf_runs_every_check(tmp_path):
    pages = Pages().filled_to(T.page_height / 2).heading(T.margin_bottom + 20, "Source B").new_page().footers()
    found = {f.kind for f in check_pdf(pages.save(tmp_path / "all.pdf"), T)}
    assert found == {"heading-at-foot"}  # the heading's page is not blank: the heading is its foot


# ----------------------------------------------------------------- the shipped course: checks that already pass

PASSING = {profile: all_checks() for profile in
           ("standard", "dyslexia", "high-contrast", "large-print-18", "large-print-24", "large-print-36")}
"""The checks the shipped course passes on each paper: all of them, but for the findings in KNOWN.
Before the keep rules and the measured blank (issue 16) the enlarged papers failed
question_without_answer_space and page_too_blank on many pages (benchmarks/pagecheck_report.py
shows the figures)."""

KNOWN: set[str] = set()
"""Findings the layout still makes, with their causes: none. Lesson 01's 36 pt worksheet ended page 8
36 % blank under Question 7's part (a), part (b) starting page 9: the part's "Question 7 (continued)"
(`flowables.ContinuedLabel`, shown only at a page's top) counted its height where a KeepTogether
measured the part with no height limit, and the part, 268 pt, did not fit the 332 pt left. It now
takes no room there; a part's lines split as a question's (`questions._side_lines`: three whole, not
two and one), and the worksheet is 10 pages → 9, Question 7 whole on page 8. Before the teacher's keep rules of
tests/pagecheck_teacher.py (a question's wording with the start of its answer, breaks at sentence
ends, two items and two table rows on each side, a true/false key whole) those checks found 248 faults
over the course's teacher documents (standard 4, dyslexia 13, high contrast 8, 18 pt 34, 24 pt 91,
36 pt 98). 34 were left, all now resolved: 12 split mid-sentence (a model answer taller than a
page now breaks at a sentence or a clause's ";", `writers/pdf/sentence_breaks.py`); 6 lesson-plan
tables split 2/1 or 1/1 (the one row on a side an activity of more than four lines, which may stand
alone as a long list item may: the check read it as a scrap); 13 pages read as too blank, 2 lists
split 1/1 and a question's wording left at a page foot: the writer measured with half a point of
slack where the frame allows none, waited for a model answer under a wording already printed with
its key, and joined a list's last two items only where the last was short; the check read a
question's wording as breakable, an intro without the two items that go with it and a list's paired
items one by one, or a list of three that starts overleaf from its intro as the writer keeps it
whole (`_teacher_unit_foot`: lesson 04's 18 pt notes of the support tier). None is left."""


@pytest.mark.slow
@pytest.mark.parametrize("profile", sorted(PASSING))
def test_the_shipped_course_passes_the_checks_it_already_passes(tmp_path_factory, profile):
    theme = theme_for("A4", profile)
    pdfs = sorted(course_in_profile(tmp_path_factory, profile).rglob("*.pdf"))
    assert len(pdfs) == shipped_document_count()
    findings = [f"{pdf.name}:{f.page}: {f.kind}: {f.detail}" for pdf in pdfs for f in check_pdf(pdf, theme, PASSING[profile])]
    assert [f for f in findings if f not in KNOWN] == []


def test_the_next_copy_s_name_line_is_not_a_question_s_answer_space(tmp_path):
    """In a print file the last question of one copy (a tick-box question: no ruled lines) is
    followed by the next student's copy, whose Name line is ruled like answer space."""
    pages = Pages().question(TOP - 20, 6).add(
        lambda c: (c.setFont(register(T.heading_font)["regular"], T.small_size),
                   c.drawCentredString(T.page_width / 2, T.margin_bottom - 18, page_of(1, 1))))
    pages.new_page().answer_lines(TOP - 20, 1).question(TOP - 100, 1).answer_lines(TOP - 110, 3)
    assert pages.check(tmp_path, question_without_answer_space) == []


DOCX_CHECKS = (heading_at_foot, source_heading_without_box, short_box_fragment, wrong_line_number,
               outside_text_area, text_too_small, question_without_answer_space, continued_without_label,
               page_too_blank)
DOCX_PASSING = {profile: DOCX_CHECKS for profile in ("standard", "dyslexia", "high-contrast", "large-print-24")}
"""The checks the shipped course's DOCX, as LibreOffice prints it, passes on each paper (all
apply: see tests/pagecheck_docx.py). Before the DOCX keep rules the standard paper failed
short_box_fragment (lesson 04's worksheet: 2 lines of Source B at a page foot). page_too_blank
applies too (issue 16's "no page more than about a quarter blank unless the next item cannot fit"),
with the pages DOCX_BLANK_KNOWN lists, left short by a question or section the DOCX keeps whole. At large print
24 pt question_without_answer_space passes too: a question whose stem and sentence starters fill
most of a page has its answer lines shared out among its starters and extension, as in the PDF
(docx/spread.py; tests/test_docx_tall_stems.py prints tests/test_large_print_stems.py's questions
from the DOCX; the check counted a number printed again over the lines overleaf, the question's
repeated table header row, as a new question, and found none of the 14 such pages at 24 pt before).
continued_without_label: lesson 02's 24 pt
homework printed its ordering's last two items at the top of a page under no number; lesson 01's dyslexia
worksheet started a page with a question's part "(b)" under no number (a question in parts that fits a page
is now kept on one: docx/parts.py). wrong_line_number passes at large print:
extracts are broken at its own measure, so LibreOffice re-wraps no extract line. source_heading_without_box:
lesson 03's 24 pt extracts and homework printed Source A's title, caption and half its headnote at a page's
foot, the box overleaf, though the head fits a page (docx/sources.py); a head that runs on, its title printed
again over its end by the DOCX, passes (pagecheck._title_over_head_end)."""


DOCX_KNOWN: set[str] = set()
"""DOCX findings LibreOffice's printing still makes: none. There were five. LibreOffice keeps no table with
what follows it, so lesson 03's standard word bank and lesson 04's dyslexia matching grid, tables after their
question's table, went overleaf from their stems: they are nested in a row of the question's table now
(docx/nested.py, tests/test_docx_nested.py). Lesson 04's 24 pt matching question printed its stem alone on a
page and its lettered answers, the header row repeated over its items, first on the next, with no label:
its stem, answers and first item, all kept together, did not fit a page (the answers keep with the items
only where the question fits one). Lesson 01's 24 pt homework split Question 1's stem after two lines, its
number on a page without a line (one short paragraph's row never splits)."""


HOMEWORK_KEPT = "a homework's one question, fitting a page, kept whole with the heading over it"
TEACHER_QUARTER = ("a teacher's page 25-30 % blank (a teacher's may be only a quarter blank) where the DOCX keeps a "
                   "pair of mark points or a model answer whole that the PDF splits at a sentence")
MOVED_WHOLE = "a question moved whole overleaf with its first lines; its one-line head would have fitted"
DOCX_BLANK_KNOWN: dict[tuple[str, int], str] = {
    # standard: a homework's one question that fits a page, kept whole with the "Questions" heading (the PDF
    # starts it under the heading and runs its lines on overleaf under "Question 1 (continued)")
    ("01-soviet-1905_homework", 2): HOMEWORK_KEPT,
    ("01-soviet-1905_student-worksheet_high-contrast", 5): "Question 7 in parts kept on one page (docx/parts.py)",
    ("03-stalin-bureaucracy_teacher-notes_high-contrast", 9): TEACHER_QUARTER,
    ("05-reading-critically_teacher-notes_high-contrast", 2): "26 % blank: Background's next paragraph, shorter than "
        "a third of a page and never split, overleaf under the section's heading repeated (docx/labelled_sections.py)",
    ("04-social-forces_teacher-notes_dyslexia", 10): "\"Indicative content:\" with its three long items kept whole "
                                                     "(answer_keep.PAIR_SHARE)",
    # A section's first row that may split (a long paragraph's head, its last sentence a row kept whole
    # under it: docx/labelled_sections.py `_sentence_pieces`) moved whole to the next page by LibreOffice,
    # though the row may split: lesson 04's dyslexia Background (34 % blank; before the sentence pieces it
    # started on page 2) and its 24 pt Question 10 (61 %, its wording and model answer). Not understood:
    # the row holds the same text and rules it did when LibreOffice split it; left for the next round
    ("04-social-forces_teacher-notes_dyslexia", 2): "a labelled section's first row moved whole (not understood)",
    ("04-social-forces_teacher-notes_large-print-24", 25): "a labelled section's first row moved whole (not understood)",
    ("05-reading-critically_mark-scheme_large-print-24", 5): TEACHER_QUARTER,
    ("05-reading-critically_teacher-notes_large-print-24", 19): TEACHER_QUARTER,
    ("05-reading-critically_teacher-notes_large-print-24", 38): TEACHER_QUARTER,
    # A question LibreOffice moves whole to the next page with its first lines, as before: the page was as
    # blank, but the check measured the next page's first row as the question's whole first paragraph,
    # printed again over its lines, which would not have fitted; that row is now one line (its label or
    # first sentence, docx/questions.py), which would. Compared with the pages printed before the change
    # (the lowest text on the page the same) for lesson 02's homework p18 and lesson 03's homework p13
    # and worksheet p13; lesson 03's homework p15 is a little blanker (the continued lines under a shorter
    # head); the others found when the check was re-run, not compared page by page. Nine more were excused
    # here until the check read a question's label "Question N" as its number line where it is one (the
    # DOCX prints no number beside such a stem, docx/questions.py `_label_row`): the next question's stem
    # and two lines, not its one-line label, are what would have to fit, and they do not (lesson 05's standard
    # homework p4 too). Lesson 03's 24 pt homework p13, the timeline's last two entries alone, is gone.
    ("01-soviet-1905_student-worksheet_large-print-24", 8): MOVED_WHOLE,
    # Question 5's last box (its evidence, about 300 pt), short enough never to split, moved whole to the
    # next page under the question's label, as the PDF moves it (its page 12); the PDF grows the box above
    # into the room left (box_fill), which the DOCX cannot: the worksheet is a page shorter than the PDF's
    ("05-reading-critically_student-worksheet_large-print-24", 10): "a stacked box moved whole, as in the PDF",
    # Question 9 (an essay question, its stem and first lines kept together) starts the next page, as in
    # the pages printed before; the page crossed 30 % blank when the gap after Question 6, left at its top
    # as an empty line, went (docx/writer.py `_gap_is`): its text now starts 20 pt higher
    ("05-reading-critically_student-worksheet", 7): "Question 9 kept with its first lines, as before",
    # the worksheet's marks table, kept whole (docx/tables.py WHOLE_TABLE_SHARE), on the last page as in the
    # PDF, which fills the page before with Question 10's lines where the DOCX prints the lesson's count
    ("03-stalin-bureaucracy_student-worksheet_large-print-24", 16): "the marks table whole on the next page",
    # a fact check split after its quotation, its next paragraph (short, never split) overleaf under the box's
    # title again (26 and 29 % blank): the boxes now stand the PDF's box_gap apart, not a body line and its
    # space, and the teacher notes' sections are tables headed by their headings (labelled_sections.py)
    ("03-stalin-bureaucracy_teacher-notes_large-print-24", 36): "a fact check's short paragraph overleaf",
    ("05-reading-critically_teacher-notes_large-print-24", 39): "a fact check's short paragraph overleaf",
}
"""Pages page_too_blank, on for the DOCX since lessons 02 and 03 pass it, still finds, keyed on the
document and page with the reason (they were the findings' whole text, per cent and points included, which
any change moved; `blank_known`): where the DOCX keeps whole what the PDF breaks under "Question N
(continued)" (the DOCX cannot print a label only where a page breaks): a homework's one question, which fits a page, kept with the "Questions" heading over it (lesson 01,
standard: the PDF starts it under the heading and runs its lines on overleaf); lesson 01's
high-contrast Question 7 in parts, kept on one page (docx/parts.py); lesson 04's dyslexia "Indicative
content:" with its three items, a short list of long items kept whole (docx/answer_keep.py's PAIR_SHARE);
four teacher pages 25–30 % blank since a teacher's page may be only a quarter blank (the PDF's rule, which
the PDF writer now meets: lesson 03's high-contrast notes, lesson 05's 24 pt mark scheme and notes), where the
DOCX keeps a pair of mark points or a model answer whole that the PDF splits at a sentence.
Before the check was on it found two more: lesson 01's 24 pt source extracts, whose head LibreOffice left
alone on page 2 under a first page 61 % blank (a headnote runs on now where the head and the box's first
lines do not fit a page, docx/sources.py: 9 pages to the PDF's 8), and lesson 03's 24 pt lesson-plan cards
(the check read a card's rules as answer lines)."""


@pytest.mark.slow
@pytest.mark.parametrize("profile", sorted(DOCX_PASSING))
def test_the_shipped_course_s_docx_printed_by_libreoffice_passes_its_checks(tmp_path_factory, tmp_path, profile):
    import os
    import subprocess

    from pagecheck_docx import check_rendered_docx

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("LESSONPACK_REQUIRE_CLIENTS") == "1":
            pytest.fail("LibreOffice (soffice) not installed (LESSONPACK_REQUIRE_CLIENTS=1)")
        pytest.skip("LibreOffice (soffice) not installed: it prints the DOCX to check")
    files = sorted(course_in_profile(tmp_path_factory, profile).rglob("*.docx"))
    assert len(files) == shipped_document_count()
    result = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                             "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, files)],
                            capture_output=True, text=True, timeout=900)  # one call: each start costs seconds
    assert result.returncode == 0, result.stderr
    theme = theme_for("A4", profile)
    findings = [f"{docx.name}:{f.page}: {f.kind}: {f.detail}" for docx in files
                for f in check_rendered_docx(tmp_path / f"{docx.stem}.pdf", theme, DOCX_PASSING[profile],
                                                        docx)]
    assert [f for f in findings if f not in DOCX_KNOWN and not blank_known(f)] == []


def blank_known(finding: str) -> bool:
    """Whether a finding is a page DOCX_BLANK_KNOWN excuses: keyed on the document and page, not on
    the figures (the per cent blank and the points that would have fitted move with any change)."""
    name, page, kind = re.match(r"(.+?)\.docx:(\d+): ([a-z-]+):", finding).groups()
    return kind == "page-too-blank" and (name, int(page)) in DOCX_BLANK_KNOWN


# ----------------------------------------------------------------- every tier and a class set in every profile

TIERS = ("support", "core", "extension")


def _built(tmp_path_factory, name: str, *options: str) -> Path:
    """The shipped course's PDFs built once per test run with these options (read-only)."""
    from conftest import REPO, made_once, run_cli

    def build(folder: Path) -> dict:
        result = run_cli("build", str(REPO), "--out", str(folder / "out"), "--format", "pdf", "--quiet", *options)
        return {"returncode": result.returncode, "stderr": result.stderr}

    folder, made = made_once(tmp_path_factory, name, build)
    assert made["returncode"] == 0, made["stderr"]
    return folder / "out"


@pytest.mark.slow
@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("profile", sorted(PASSING))
def test_every_tier_of_the_shipped_course_passes_the_checks(tmp_path_factory, profile, tier):
    """Each tier's paper, extracts, homework and teacher notes: renumbered and re-laid out, they
    break pages where the full paper does not (lesson 05's question 7 in the extension tier at 24
    and 36 pt, its answer space overleaf, before the keep rules learnt an extension without
    sentence starters)."""
    theme = theme_for("A4", profile)
    pdfs = sorted(_built(tmp_path_factory, f"course-{profile}-{tier}", "--profile", profile, "--tier", tier)
                  .rglob("*.pdf"))
    assert len(pdfs) == shipped_document_count()
    findings = [f"{pdf.name}:{f.page}: {f.kind}: {f.detail}" for pdf in pdfs for f in check_pdf(pdf, theme, PASSING[profile])]
    assert [f for f in findings if f.replace(f"_{tier}.pdf", ".pdf") not in KNOWN] == []  # the teacher's notes: as the full paper's


EVERY_PROFILE = Path(__file__).parent / "fixtures" / "rosters" / "every-profile.csv"
"""A class of two students in each built-in profile: one class-set build makes a copy per student and a
print file per profile."""

CLASS_SET_KNOWN: set[tuple[str, str, str]] = set()
"""Class-set findings (profile, lesson, kind) left to later work: none (lesson 01's 36 pt worksheet's
page 8, as in the course, is mended: KNOWN above). (Lesson 05's question 5 left
38–45 % of a page blank under a stacked box whose next box did not fit: its last space to write in now
grows to the page foot, `writers/pdf/box_fill.py`; lesson 04's worksheet page 13, a third blank, no
longer is with the two-line running header.)"""


@pytest.mark.slow
@pytest.mark.parametrize("profile", sorted(PASSING))
def test_a_class_set_copy_and_print_file_pass_the_checks_in_every_profile(tmp_path_factory, profile):
    """A copy prints its sources in the worksheet (no source booklet) and carries its student's name on
    every page; the print file holds the copies one after another, each from a right-hand page."""
    import csv

    out = _built(tmp_path_factory, "class-set-every-profile", "--roster", str(EVERY_PROFILE))
    with EVERY_PROFILE.open(encoding="utf-8") as f:
        student = next(row["name"] for row in csv.DictReader(f) if row["profile"] == profile).replace(" ", "-")
    suffix = "_print-all.pdf" if profile == "standard" else f"_{profile}_print-all.pdf"
    lessons = sorted(p for p in out.iterdir() if p.is_dir())
    copies = [pdf for lesson in lessons for pdf in lesson.rglob(f"{student}_*.pdf")]
    prints = [pdf for lesson in lessons for pdf in lesson.rglob("*_print-all.pdf")
              if pdf.name.endswith(suffix) and (profile != "standard" or not any(f"_{p}_" in pdf.name for p in PASSING))]
    assert len(copies) == len(prints) == len(lessons) == 5
    theme = theme_for("A4", profile)
    found = [(pdf, f) for pdf in copies + prints for f in check_pdf(pdf, theme, PASSING[profile])]
    assert [f"{pdf.name}:{f.page}: {f.kind}: {f.detail}" for pdf, f in found
            if (profile, pdf.parent.parent.name, f.kind) not in CLASS_SET_KNOWN] == []

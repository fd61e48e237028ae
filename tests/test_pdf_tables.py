"""PDF tables: a table whose columns cannot hold their longest words prints stacked, one box per row."""

from __future__ import annotations

import dataclasses
import re
from io import BytesIO

import pytest

from conftest import ORGANISER_HEADER as HEADER
from conftest import (TALL_ROW, WORDS, boxes_after_lines, broken_well, filled_rows, horizontal_rules, page_of, page_texts,
                      pdf_runs)
from lessonpack import document as d
from lessonpack.theme import theme_for
from lessonpack.writers import columns_fit
from lessonpack.writers.pdf import write_pdf

ROWS = ("The post of General Secretary", "The old state bureaucracy")


def organiser(row_lines: int = 3) -> d.Table:
    """Lesson 03's organiser: the first column filled in, the other three to write in."""
    return d.Table(tuple((d.Text(h),) for h in HEADER), tuple(((d.Text(r),), (), (), ()) for r in ROWS), row_lines)


def in_a_question(theme):
    """The theme with the text as wide as a question's stem, where a worksheet prints an
    organiser: at 24 and 36 pt lesson 03's does not fit that width as a grid."""
    return dataclasses.replace(theme, margin_right=theme.margin_right + theme.question_number_width)


def read_back(block: d.Table, theme) -> tuple[list[str], list[tuple[float, float, float]]]:
    """The text lines and the horizontal rules of a worksheet holding only block, as printed."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(write_pdf(d.Document(d.DocumentInfo("Stalin", "Student worksheet", "History"),
                                                    (block,)), theme)))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    return lines, [rule for page in reader.pages for rule in horizontal_rules(reader, page)]


def without_repeated_labels(printed: list[str]) -> list[str]:
    """The lines read with a row's label ("Factor", row) once: a box continued on the next page
    repeats it there, as a continued box should."""
    printed, out = list(printed), []
    for i, line in enumerate(printed):
        pair = printed[i:i + 2]
        if line == HEADER[0] and any(out[j:j + 2] == pair for j in range(len(out))):
            printed[i + 1] = None  # its row label goes too
            continue
        if line is not None:
            out.append(line)
    return out


def answer_lines(rules: list[tuple[float, float, float]], theme) -> list[tuple[float, float, float]]:
    """The lines to write on: rules inside a box, short of its sides (a box's own rules run from
    margin to margin)."""
    return [rule for rule in rules if rule[0] > theme.margin_left + 1]


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_a_table_too_narrow_for_its_words_prints_one_labelled_box_per_row(profile):
    theme = in_a_question(theme_for("A4", profile))
    block = organiser()
    assert not columns_fit(block.header, block.rows, theme.text_width, theme.body_size * 3, theme)
    lines, rules = read_back(block, theme)
    wanted = {*HEADER, *ROWS}
    in_order = [text for row in ROWS for text in (HEADER[0], row, *HEADER[1:])]
    assert without_repeated_labels([line for line in lines if line in wanted]) == in_order
    # Each box is as wide as the text, from margin to margin.
    box_rules = [rule for rule in rules if rule not in answer_lines(rules, theme)]
    assert box_rules and all(rule[:2] == pytest.approx((theme.margin_left, theme.margin_left + theme.text_width))
                             for rule in box_rules)
    # The row's lines are shared out among its empty cells by their widths, rounded up
    # (page_rules.stacked_cell_lines): each has at least the room its grid cell had.
    assert block.row_lines * len(ROWS) <= len(answer_lines(rules, theme)) <= (block.row_lines + 3) * len(ROWS)


def test_an_empty_cell_of_a_plain_table_gets_a_line_to_write_on():
    theme = in_a_question(theme_for("A4", "large-print-24"))
    _, rules = read_back(organiser(row_lines=0), theme)
    assert len(answer_lines(rules, theme)) == 3 * len(ROWS)


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_the_stacked_table_prints_every_header_and_cell_whole_row_by_row(profile):
    from pypdf import PdfReader

    document = d.Document(d.DocumentInfo("Stalin", "Student worksheet", "History"), (organiser(),))
    reader = PdfReader(BytesIO(write_pdf(document, in_a_question(theme_for("A4", profile)))))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    wanted = {*HEADER, *ROWS}
    assert without_repeated_labels([line for line in lines if line in wanted]) == [HEADER[0], ROWS[0], *HEADER[1:],
                                                          HEADER[0], ROWS[1], *HEADER[1:]]


@pytest.mark.parametrize("profile", ["standard", "large-print-18"])
def test_a_table_whose_columns_fit_their_words_stays_a_table(profile, tmp_path):
    theme = theme_for("A4", profile)
    pdf = tmp_path / "organiser.pdf"
    pdf.write_bytes(write_pdf(d.Document(d.DocumentInfo("Stalin", "Student worksheet", "History"), (organiser(),)),
                              theme))
    runs = pdf_runs(pdf)
    first = [run for run in runs if run.text == HEADER[0]]
    assert len(first) == 1  # once: not stacked above every row
    header_row = sorted((run for run in runs if run.page == first[0].page and abs(run.y - first[0].y) < 1),
                        key=lambda run: run.x)  # side by side, each heading starting its column
    assert [run.words[0] for run in header_row] == [heading.split()[0] for heading in HEADER]


def test_a_stacked_table_with_no_rows_still_prints_its_headers():
    header = ("Bureaucracy", "Commissariat", "Nomenklatura", "Secretariat")
    lines, _ = read_back(d.Table(tuple((d.Text(h),) for h in header), ()), theme_for("A4", "large-print-24"))
    assert [line for line in lines if line in header] == list(header)


def test_column_widths_keep_every_column_at_its_floor_when_the_floors_fit():
    """Lesson 05's evidence table at 18 pt: raising the narrow columns to their floors used to
    squeeze "Social forces" below its own ("Socia|l forc|es")."""
    from lessonpack.writers import column_floors, column_widths

    theme, width = theme_for("A4", "large-print-18"), 434.0
    header = tuple((d.Text(h),) for h in ("Evidence", "Personality", "Social forces", "Why?"))
    rows = tuple(((d.Text("The Lenin Enrolment: about 240,000 new members in 1924, mostly workers and others"),),
                  (), (), ()) for _ in range(3))
    floors = column_floors(header, rows, theme.body_size * 3, theme)
    assert sum(floors) <= width  # the floors fit (the table itself is stacked: its evidence column is a strip)
    widths = column_widths(header, rows, width, theme.body_size * 3, theme)
    assert sum(widths) == pytest.approx(width)
    assert all(w >= f - 1e-6 for w, f in zip(widths, floors)), (widths, floors)


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_a_box_breaks_only_between_its_sections_its_name_with_the_first(profile):
    """Split anywhere, a box left its first cells at the page foot and went on overleaf under its
    name. It breaks only between its labelled sections, each label on the page of what it heads,
    its name with its first section."""
    theme = theme_for("A4", profile)
    for filler in range(8):
        pages = page_texts(write_pdf(boxes_after_lines(filler, filled_rows(6)), theme))
        for i in range(1, 7):
            assert page_of(pages, f"{WORDS[0]}{i}") == page_of(pages, f"{WORDS[1]}{i}"), (filler, i)
            for label, word in zip(HEADER, WORDS):
                page = pages[page_of(pages, f"{word}{i}")]
                assert re.search(rf"{re.escape(label)}\s+{word}{i}(?!\d)", page), (filler, i, label)


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_a_box_taller_than_half_a_page_starts_under_its_question(profile):
    """Lesson 03's organiser boxes take most of a page at 24 and 36 pt: moved whole, the first
    would leave its question alone on a page, the rest of the page blank."""
    from conftest import REPO
    from lessonpack.pipeline import course_theme, make_document, template_set
    from lessonpack.course import load_course

    course = load_course(REPO)
    lesson = next(le for le in course.lessons if le.id == "03-stalin-bureaucracy")
    theme = course_theme(course, profile)
    document = make_document(course, lesson, "worksheet", template_set(course.templates_dir), theme=theme)
    pages = page_texts(write_pdf(document, theme))
    question = page_of(pages, "Complete")
    assert "Factor" in pages[question] and "The post of General Secretary" in pages[question]


def test_a_box_taller_than_a_page_breaks_but_not_under_its_name_nor_a_label():
    theme = theme_for("A4", "large-print-24")
    for filler in range(14):
        assert broken_well(page_texts(write_pdf(boxes_after_lines(filler, TALL_ROW), theme))), filler

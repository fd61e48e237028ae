"""PDF tables: a table whose columns cannot hold their longest words prints stacked, one box per row."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from reportlab.platypus import Paragraph, Table

from lessonpack import document as d
from lessonpack.theme import theme_for
from lessonpack.writers import columns_fit
from lessonpack.writers.pdf import PdfWriter, write_pdf
from lessonpack.writers.pdf_flowables import AnswerLines

HEADER = ("Factor", "What Source A says", "Other evidence", "P or S?")
ROWS = ("The post of General Secretary", "The old state bureaucracy")
WORDS = ("Bureaucracy", "Commissariat", "Nomenklatura", "Secretariat")
"""Words too long for the organiser's columns in large print, numbered by row to find each box's cells."""


def organiser(row_lines: int = 3) -> d.Table:
    """Lesson 03's organiser: the first column filled in, the other three to write in."""
    return d.Table(tuple((d.Text(h),) for h in HEADER), tuple(((d.Text(r),), (), (), ()) for r in ROWS), row_lines)


def boxes_after_lines(filler: int, rows: tuple, row_lines: int = 0) -> d.Document:
    """A stacked organiser under `filler` one-line paragraphs, so its boxes meet the page foot
    at a different place for each filler."""
    lines = tuple(d.Paragraph((d.Text(f"Line {n}"),)) for n in range(filler))
    table = d.Table(tuple((d.Text(h),) for h in HEADER), rows, row_lines)
    return d.Document(d.DocumentInfo("Stalin", "Student worksheet", "History"), (*lines, table))


def filled_rows(count: int) -> tuple:
    return tuple(tuple((d.Text(f"{word}{i}"),) for word in WORDS) for i in range(1, count + 1))


TALL_ROW = (((d.Text(f"{WORDS[0]}1"),), (d.Text(f"{WORDS[1]}1" + " said so" * 20),),
             (d.Text(f"{WORDS[2]}1" + " and more" * 40),), (d.Text(f"{WORDS[3]}1"),)),)
"""A box taller than a large-print-24 page, by two long cells each shorter than a page."""


def page_of(pages: list[str], text: str) -> int:
    """The first page (from 0) whose text has `text` as words of its own."""
    return next(i for i, page in enumerate(pages) if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", page))


def broken_well(pages: list[str]) -> bool:
    """Whether TALL_ROW's box runs onto a second page with each label on the page of what it
    heads, and its name on the page of the next label and cell."""
    name = page_of(pages, f"{WORDS[0]}1")
    return (name == page_of(pages, HEADER[1]) and
            all(page_of(pages, label) == page_of(pages, f"{word}1") for label, word in zip(HEADER[1:], WORDS[1:])) and
            page_of(pages, f"{WORDS[3]}1") > name)


def page_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def cell_contents(table: Table) -> list:
    """The flowable in each row's one cell (in a tuple once reportlab has measured the table)."""
    return [row[0][0] if isinstance(row[0], tuple) else row[0] for row in table._cellvalues]


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_a_table_too_narrow_for_its_words_prints_one_labelled_box_per_row(profile):
    theme = theme_for("A4", profile)
    block = organiser()
    assert not columns_fit(block.header, block.rows, theme.text_width, theme.body_size * 3, theme)
    boxes = [f for f in PdfWriter(theme).table(block) if isinstance(f, Table)]
    assert len(boxes) == len(ROWS)
    for box, row in zip(boxes, ROWS):
        assert box._colWidths == [theme.text_width]
        contents = cell_contents(box)
        texts = [c.getPlainText() for c in contents if isinstance(c, Paragraph)]
        assert texts == [HEADER[0], row, *HEADER[1:]]
        # Each empty cell keeps the writing room its table row would have had.
        assert [c.count for c in contents if isinstance(c, AnswerLines)] == [block.row_lines] * 3


def test_an_empty_cell_of_a_plain_table_gets_a_line_to_write_on():
    boxes = [f for f in PdfWriter(theme_for("A4", "large-print-24")).table(organiser(row_lines=0))
             if isinstance(f, Table)]
    assert [c.count for box in boxes for c in cell_contents(box) if isinstance(c, AnswerLines)] == [1] * 6


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_the_stacked_table_prints_every_header_and_cell_whole_row_by_row(profile):
    from pypdf import PdfReader

    document = d.Document(d.DocumentInfo("Stalin", "Student worksheet", "History"), (organiser(),))
    reader = PdfReader(BytesIO(write_pdf(document, theme_for("A4", profile))))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    wanted = {*HEADER, *ROWS}
    assert [line for line in lines if line in wanted] == [HEADER[0], ROWS[0], *HEADER[1:],
                                                          HEADER[0], ROWS[1], *HEADER[1:]]


@pytest.mark.parametrize("profile", ["standard", "large-print-18"])
def test_a_table_whose_columns_fit_their_words_stays_a_table(profile):
    flowables = PdfWriter(theme_for("A4", profile)).table(organiser())
    tables = [f for f in flowables if isinstance(f, Table)]
    assert len(tables) == 1 and len(tables[0]._colWidths) == len(HEADER)


def test_a_stacked_table_with_no_rows_still_prints_its_headers():
    header = ("Bureaucracy", "Commissariat", "Nomenklatura", "Secretariat")
    block = d.Table(tuple((d.Text(h),) for h in header), ())
    boxes = [f for f in PdfWriter(theme_for("A4", "large-print-24")).table(block) if isinstance(f, Table)]
    assert len(boxes) == 1
    assert [c.getPlainText() for c in cell_contents(boxes[0]) if isinstance(c, Paragraph)] == list(header)


def test_column_widths_keep_every_column_at_its_floor_when_the_floors_fit():
    """Lesson 05's evidence table at 18 pt: raising the narrow columns to their floors used to
    squeeze "Social forces" below its own ("Socia|l forc|es")."""
    from lessonpack.writers import column_floors, column_widths

    theme, width = theme_for("A4", "large-print-18"), 434.0
    header = tuple((d.Text(h),) for h in ("Evidence", "Personality", "Social forces", "Why?"))
    rows = tuple(((d.Text("The Lenin Enrolment: about 240,000 new members in 1924, mostly workers and others"),),
                  (), (), ()) for _ in range(3))
    floors = column_floors(header, rows, theme.body_size * 3, theme)
    assert columns_fit(header, rows, width, theme.body_size * 3, theme)
    widths = column_widths(header, rows, width, theme.body_size * 3, theme)
    assert sum(widths) == pytest.approx(width)
    assert all(w >= f - 1e-6 for w, f in zip(widths, floors)), (widths, floors)


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_a_short_box_moves_to_the_next_page_whole(profile):
    """Split, a box left its first cells at the page foot and went on overleaf under its name."""
    theme = theme_for("A4", profile)
    for filler in range(8):
        pages = page_texts(write_pdf(boxes_after_lines(filler, filled_rows(6)), theme))
        for i in range(1, 7):
            assert page_of(pages, f"{WORDS[0]}{i}") == page_of(pages, f"{WORDS[3]}{i}"), (filler, i)


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_a_box_taller_than_half_a_page_starts_under_its_question(profile):
    """Lesson 03's organiser boxes take most of a page at 24 and 36 pt: moved whole, the first
    would leave its question alone on a page, the rest of the page blank."""
    from conftest import REPO
    from lessonpack.pipeline import course_theme, make_document, template_set
    from lessonpack.course import load_course

    course = load_course(REPO)
    lesson = next(le for le in course.lessons if le.id == "03-stalin-bureaucracy")
    document = make_document(course, lesson, "worksheet", template_set(course.templates_dir))
    pages = page_texts(write_pdf(document, course_theme(course, profile)))
    question = page_of(pages, "Complete")
    assert "Factor" in pages[question] and "The post of General Secretary" in pages[question]


def test_a_box_taller_than_a_page_breaks_but_not_under_its_name_nor_a_label():
    theme = theme_for("A4", "large-print-24")
    for filler in range(14):
        assert broken_well(page_texts(write_pdf(boxes_after_lines(filler, TALL_ROW), theme))), filler

"""PDF tables: a table whose columns cannot hold their longest words prints stacked, one box per row."""

from __future__ import annotations

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


def organiser(row_lines: int = 3) -> d.Table:
    """Lesson 03's organiser: the first column filled in, the other three to write in."""
    return d.Table(tuple((d.Text(h),) for h in HEADER), tuple(((d.Text(r),), (), (), ()) for r in ROWS), row_lines)


def cell_contents(table: Table) -> list:
    return [row[0] for row in table._cellvalues]


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

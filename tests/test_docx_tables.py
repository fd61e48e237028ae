"""DOCX tables: a table whose columns cannot hold their longest words prints stacked, one
single-column table per row, as the PDF does; the same test (columns_fit) decides for both."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from conftest import (REPO, TALL_ROW, WORDS, boxes_after_lines, broken_well, filled_rows, page_of, page_texts,
                      pdf_text)
from lessonpack import document as d
from lessonpack.pipeline import course_theme, make_document, template_set
from lessonpack.course import load_course
from lessonpack.theme import STANDARD, theme_for
from lessonpack.page_rules import stacked_cell_lines
from lessonpack.writers import column_widths, write

HEADER = ["Factor", "What Source A says", "Other evidence", "P or S?"]


@pytest.fixture(scope="module")
def course():
    return load_course(REPO)


def worksheet(course, lesson_id: str) -> d.Document:
    lesson = next(le for le in course.lessons if le.id == lesson_id)
    return make_document(course, lesson, "worksheet", template_set(course.templates_dir))


def organiser_of(blocks) -> d.Table | None:
    """Lesson 03's organiser, in a question among blocks."""
    for block in blocks:
        if isinstance(block, d.Table) and [d.plain_text(h) for h in block.header] == HEADER:
            return block
        found = organiser_of(getattr(block, "blocks", ()))
        if found:
            return found
    return None


def written(document: d.Document, theme) -> docx.document.Document:
    return docx.Document(BytesIO(write(document, theme, "docx")))


def headings(row) -> list[str]:
    """A grid's column headings, without the question's label over the first ("Question 6\nFactor")."""
    return [re.sub(r"^Question \d+\n", "", cell.text) for cell in row.cells]


def all_tables(tables) -> list:
    """The tables and, after each, those nested in its cells, in order (a question's boxes stand in
    the rows of its labelled table, a label written on a line in a table in the box's row)."""
    found = []
    for table in tables:
        found.append(table)
        for row in table.rows:
            found += all_tables(row.cells[0].tables) if len(row.cells) == 1 else []
    return found


def organiser_tables(doc) -> list:
    return [t for t in all_tables(doc.tables) if headings(t.rows[0])[0] == HEADER[0]]


def cells_once(row) -> list:
    """A row's cells, a merged one once (python-docx gives it for each grid column it spans)."""
    cells = []
    for cell in row.cells:
        if cell not in cells:
            cells.append(cell)
    return cells


def row_text(row) -> str:
    """What a box's row reads: its cell's text, with that of a table nested in it (a label written on its line)."""
    cell = row.cells[0]
    return "".join(item.text if isinstance(item, Paragraph) else "".join(c.text for r in item.rows for c in cells_once(r))
                   for item in cell.iter_inner_content()).strip()


def ruled_lines(row) -> list[str]:
    """The styles of a box row's paragraphs and of those in a table nested in it (a labelled cell's lines)."""
    cell = row.cells[0]
    styles = []
    for item in cell.iter_inner_content():
        if isinstance(item, Paragraph):
            styles.append(style_of(item))
        else:
            styles += [style_of(p) for r in item.rows for c in cells_once(r) for p in c.paragraphs]
    return [s for s in styles if s == "AnswerLine"]


def written_xml(document: d.Document, theme) -> list:
    """The tables of the written DOCX as Word reads them: the <w:tbl> elements of its body, in order,
    those nested in a table's cells after it."""
    with zipfile.ZipFile(BytesIO(write(document, theme, "docx"))) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(qn("w:body"))
    return list(body.iter(qn("w:tbl")))


def top_xml(document: d.Document, theme) -> list:
    """The body's own tables (not those nested in a table's cells)."""
    with zipfile.ZipFile(BytesIO(write(document, theme, "docx"))) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(qn("w:body"))
    return body.findall(qn("w:tbl"))


def organiser_xml(document: d.Document, theme) -> list:
    return [t for t in written_xml(document, theme) if cell_text(rows_of(t)[0]) == HEADER[0]]


def rows_of(table) -> list:
    return table.findall(qn("w:tr"))


def cell_text(row) -> str:
    return "".join(row.find(qn("w:tc")).itertext())


LABELLED = [HEADER[0], None, *HEADER[1:]]
"""A box's rows by what they read: its first label, its name, then each blank cell's label written on its first line."""


def cell_property(row, name: str):
    """A property of a stacked box row's one cell (<w:tcPr><w:NAME>), or None."""
    props = row.find(qn("w:tc")).find(qn("w:tcPr"))
    return None if props is None else props.find(qn(f"w:{name}"))


def is_marked(row, property_name: str) -> bool:
    props = row.find(qn("w:trPr"))
    flag = None if props is None else props.find(qn(f"w:{property_name}"))
    return flag is not None and flag.get(qn("w:val")) == "true"


def style_of(paragraph) -> str:
    return paragraph.style.style_id


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_the_lesson_03_organiser_prints_one_single_column_table_per_row(course, profile):
    document, theme = worksheet(course, "03-stalin-bureaucracy"), course_theme(course, profile)
    organiser = organiser_of(document.blocks)
    names = [d.plain_text(row[0]) for row in organiser.rows]
    boxes = organiser_tables(written(document, theme))
    assert len(boxes) == len(names) == 4
    for box, name in zip(boxes, names):
        assert len(box.columns) == 1
        # Read row by row: the name under its column's header, each empty cell as space to write, its
        # short label written on its first line ("P or S? ____"), as the PDF's LabelledLines
        assert [row_text(row) for row in box.rows] == [HEADER[0], name, *HEADER[1:]]
        # each blank cell with its share of the row's lines by its column's width, as in the PDF
        # (each with the whole row's lines, lesson 05's worksheet took two pages more at 24 pt),
        # the labelled line the first of them
        shares = stacked_cell_lines(organiser.row_lines, column_widths(
            organiser.header, organiser.rows, theme.text_width - theme.question_number_width,
            theme.min_column_width, theme)[1:])
        assert sum(shares) < organiser.row_lines * 3
        for space, share in zip(box.rows[2:], shares):
            assert ruled_lines(space) == ["AnswerLine"] * share


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_a_stacked_box_starts_under_the_question_stem_and_reaches_the_right_margin(course, profile):
    theme = course_theme(course, profile)
    document = worksheet(course, "03-stalin-bureaucracy")
    doc = written(document, theme)
    # the question's table, its boxes in its rows, headed by its label
    (question,) = [t for t in top_xml(document, theme) if cell_text(rows_of(t)[0]) == "Question 6"]
    props = question.find(qn("w:tblPr"))
    assert int(props.find(qn("w:tblInd")).get(qn("w:w"))) / 20 == pytest.approx(theme.question_number_width)
    for box in organiser_tables(doc):
        assert box.columns[0].width.pt == pytest.approx(theme.text_width - theme.question_number_width, abs=0.1)
    children = [child.tag for child in doc.element.body]
    assert not [i for i in range(len(children) - 1) if children[i] == children[i + 1] == qn("w:tbl")], \
        "Word joins tables that touch into one"


def test_labels_are_bold_on_a_shaded_line_and_the_row_name_is_the_boxs_header(course):
    theme = course_theme(course, "large-print-24")
    document = worksheet(course, "03-stalin-bureaucracy")
    box = organiser_tables(written(document, theme))[0]
    first = box.rows[0].cells[0]
    assert {run.style.name for run in first.paragraphs[0].runs} == {"Strong"}
    for labelled in box.rows[2:]:  # written on the first line of the cell: bold, in the table there
        (on_line,) = labelled.cells[0].tables
        assert {run.style.name for run in on_line.rows[0].cells[0].paragraphs[0].runs} == {"Strong"}
    rows = rows_of(organiser_xml(document, theme)[0])
    assert cell_property(rows[0], "shd").get(qn("w:fill")) == theme.box_colour.lstrip("#")
    assert [cell_property(row, "shd") is None for row in rows] == [False] + [True] * 4
    # The label and name are read as the box's header, and repeat if the box runs onto a new page.
    assert [is_marked(row, "tblHeader") for row in rows] == [True, True] + [False] * 3
    assert all(is_marked(row, "cantSplit") for row in rows)


@pytest.mark.parametrize("profile", ["standard", "large-print-18"])
def test_the_lesson_03_organiser_stays_a_grid_where_its_columns_fit(course, profile):
    document, theme = worksheet(course, "03-stalin-bureaucracy"), course_theme(course, profile)
    (grid,) = organiser_tables(written(document, theme))
    assert headings(grid.rows[0]) == HEADER
    assert len(grid.rows) == 1 + len(organiser_of(document.blocks).rows)


@pytest.mark.parametrize("profile", ["standard", "large-print-18", "large-print-24", "large-print-36"])
@pytest.mark.parametrize("lesson_id, label, stacked_from", [("03-stalin-bureaucracy", "Other evidence", 24),
                                                            ("02-trotsky-following", "Your letter", 18)])
def test_the_docx_stacks_a_table_where_the_pdf_does(course, tmp_path, profile, lesson_id, label, stacked_from):
    """Counted by a label other than the first: the PDF repeats a box's first cell on a new page."""
    document, theme = worksheet(course, lesson_id), course_theme(course, profile)
    pdf = tmp_path / "worksheet.pdf"
    pdf.write_bytes(write(document, theme, "pdf"))
    stacked = theme.body_size >= stacked_from
    in_pdf = pdf_text(pdf).splitlines().count(label)  # once per box stacked; a grid's header may wrap it
    in_docx = sum(row.cells[0].text == label for table in all_tables(written(document, theme).tables)
                  if len(table.columns) <= 2 for row in table.rows)  # over a cell, or on its first line
    assert (in_pdf == 4, in_docx) == (stacked, 4 if stacked else 0)


def test_an_empty_cell_of_a_plain_table_gets_a_line_to_write_on_and_no_rows_still_shows_headers():
    theme = theme_for("A4", "large-print-24")
    header = tuple((d.Text(h),) for h in ("Bureaucracy", "Commissariat", "Nomenklatura", "Secretariat"))
    info = d.DocumentInfo("Stalin", "Student worksheet", "History")
    plain = d.Table(header, (((d.Text("Orgburo"),), (), (), ()),))
    (box,) = written(d.Document(info, (plain,)), theme).tables
    assert [row_text(row) for row in box.rows] == ["Bureaucracy", "Orgburo", "Commissariat", "Nomenklatura",
                                                   "Secretariat"]  # each label on its cell's line
    assert [ruled_lines(row) for row in box.rows[2:]] == [["AnswerLine"]] * 3
    (empty,) = written(d.Document(info, (d.Table(header, ()),)), theme).tables
    assert [row_text(row) for row in empty.rows] == [d.plain_text(h) for h in header]


def organiser_box(rows: tuple, row_lines: int = 0) -> list:
    """The DOCX tables of a stacked organiser, one per row."""
    return written(boxes_after_lines(0, rows, row_lines), theme_for("A4", "large-print-24")).tables


def cell_borders(row) -> dict[str, tuple[str, str]]:
    """The borders of a stacked box row's one cell: edge -> (line style, colour)."""
    borders = cell_property(row, "tcBorders")
    return {} if borders is None else {edge.tag.split("}")[1]: (edge.get(qn("w:val")), edge.get(qn("w:color")))
                                       for edge in borders}


def test_a_stacked_box_is_ruled_in_the_rule_colour_around_it_and_above_each_label_only():
    """As in the PDF: no black grid, no line between a label and what it heads."""
    theme = theme_for("A4", "large-print-24")
    (box,) = written_xml(boxes_after_lines(0, filled_rows(1)), theme)
    props = box.find(qn("w:tblPr"))
    assert props.find(qn("w:tblStyle")) is None and props.find(qn("w:tblBorders")) is None
    rule = ("single", theme.rule_colour.lstrip("#"))
    rows = rows_of(box)
    for i, row in enumerate(rows):
        is_label = cell_property(row, "shd") is not None
        expected = {"left": rule, "right": rule}
        if i == 0 or is_label:
            expected["top"] = rule
        if i == len(rows) - 1:
            expected["bottom"] = rule
        assert cell_borders(row) == expected, i
    assert [i for i, row in enumerate(rows) if "top" in cell_borders(row)] == [0, 2, 4, 6]


def keeps(box) -> list[bool]:
    """For each row, whether all its paragraphs keep with the next (so the row stays with the next)."""
    return [all(p.paragraph_format.keep_with_next for p in row.cells[0].paragraphs) for row in box.rows]


def test_a_short_box_keeps_every_row_with_the_next():
    for box in organiser_box(filled_rows(2), row_lines=3):
        assert keeps(box) == [True] * 7 + [False]


def test_a_box_taller_than_a_page_keeps_only_its_name_and_labels_with_what_follows():
    (box,) = organiser_box(TALL_ROW)
    assert keeps(box) == [True, True, True, False, True, False, True, False]


def test_boxes_are_kept_apart_by_a_hairline_with_the_pdfs_gap_that_does_not_top_a_page():
    doc = written(boxes_after_lines(0, filled_rows(2)), theme_for("A4", "large-print-24"))
    body = list(doc.iter_inner_content())
    tables = [i for i, item in enumerate(body) if isinstance(item, docx.table.Table)]
    assert len(tables) == 2
    for i in tables:
        gap = body[i + 1]
        assert isinstance(gap, docx.text.paragraph.Paragraph)
        fmt = gap.paragraph_format
        # no space at the document's end: LibreOffice counts it at a page's foot
        space = STANDARD.box_gap - 1 if i != tables[-1] else 0
        assert (fmt.line_spacing.pt, fmt.space_before.pt, fmt.space_after.pt) == (1, 0, space)
        assert not fmt.keep_with_next  # else it would go over to the next page with the next box


@pytest.fixture(scope="module")
def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("LESSONPACK_REQUIRE_CLIENTS") == "1":
            pytest.fail("LibreOffice (soffice) not installed (LESSONPACK_REQUIRE_CLIENTS=1)")
        pytest.skip("LibreOffice (soffice) not installed")
    return path


def libreoffice_pages(soffice: str, documents: dict[str, d.Document], theme, tmp_path) -> dict[str, list[str]]:
    """Each document's DOCX as LibreOffice prints it: the text of each page, converted in one call."""
    for name, document in documents.items():
        (tmp_path / f"{name}.docx").write_bytes(write(document, theme, "docx"))
    result = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                             "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path),
                             *(str(tmp_path / f"{name}.docx") for name in documents)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return {name: page_texts((tmp_path / f"{name}.pdf").read_bytes()) for name in documents}


def test_libreoffice_moves_a_short_box_whole_and_breaks_a_taller_one_well(soffice, tmp_path):
    """Short boxes meeting the page foot at eight places; a box taller than a page at as many."""
    fillers = range(8)
    documents = {f"short-{n}": boxes_after_lines(n, filled_rows(6)) for n in fillers}
    documents |= {f"tall-{n}": boxes_after_lines(n, TALL_ROW) for n in fillers}
    pages = libreoffice_pages(soffice, documents, theme_for("A4", "large-print-24"), tmp_path)
    for n in fillers:
        short = pages[f"short-{n}"]
        for i in range(1, 7):
            assert page_of(short, f"{WORDS[0]}{i}") == page_of(short, f"{WORDS[3]}{i}"), (n, i)
        assert broken_well(pages[f"tall-{n}"]), n


def teacher_notes(course, lesson_id: str) -> d.Document:
    lesson = next(le for le in course.lessons if le.id == lesson_id)
    return make_document(course, lesson, "teacher-notes", template_set(course.templates_dir))


@pytest.mark.parametrize("lesson_id", ["02-trotsky-following", "03-stalin-bureaucracy"])
def test_a_large_print_lesson_plan_is_a_card_per_activity_headed_by_its_phase_and_minutes(course, lesson_id):
    """As the PDF prints it (writers/pdf/cards.py): "Main · 15 minutes" on a shaded head line, the
    activity under it, the card never split. Stacked as a student's organiser (a label over each
    cell), LibreOffice broke lesson 02's 24 pt activities across pages, or, kept whole, took a page
    for each."""
    document = teacher_notes(course, lesson_id)
    assert document.info.for_teacher
    cards = [t for t in written_xml(document, theme_for("A4", "large-print-24"))
             if re.match(r"(Starter|Main|Plenary) · \d+ minutes?$", cell_text(rows_of(t)[0]))]
    assert len(cards) >= 3 and cell_text(rows_of(cards[0])[0]).startswith("Starter · ")
    for card in cards:
        head, *rest = rows_of(card)
        assert rest and is_marked(head, "tblHeader") and cell_property(head, "shd") is not None
        assert not any(cell_text(row).startswith(("Phase", "Minutes", "Activity")) for row in rest)
        assert all(is_marked(row, "cantSplit") for row in rows_of(card))
        kept = [all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in row.iter(qn("w:p")))
                for row in rows_of(card)]
        assert kept == [True] * (len(kept) - 1) + [False]  # the card whole on one page
    # the standard paper's columns hold the plan: one ruled table, a row per activity, as before
    assert not [t for t in written_xml(document, STANDARD)
                if re.match(r"(Starter|Main|Plenary) · ", cell_text(rows_of(t)[0]))]

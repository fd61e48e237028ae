"""Grids in the DOCX as LibreOffice prints them: a table ruled in the theme's grey with its header
row shaded, as the PDF rules it (Word's Table Grid is black), and a true/false grid unruled, as in
the PDF; a grid in a question that runs onto a new page is headed there by the question's label,
as the PDF heads it "Question N (continued)" (a header row: printed on the first page too)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream

from conftest import libreoffice_pdfs, page_texts
from test_docx_keep import filler, saved, soffice  # noqa: F401 (a fixture)

from lessonpack import document as d
from lessonpack.theme import STANDARD, theme_for


def painted(pdf: Path) -> tuple[set[str], set[str]]:
    """The colours lines are stroked in and shapes filled in, on every page, as hex ("#9AA3AE")."""
    reader = PdfReader(str(pdf))
    strokes, fills = set(), set()

    def hex_of(values) -> str:
        return "#" + "".join(f"{round(float(v) * 255):02X}" for v in values)

    for page in reader.pages:
        stroke, fill, stack = "#000000", "#000000", []
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"q":
                stack.append((stroke, fill))
            elif op == b"Q" and stack:
                stroke, fill = stack.pop()
            elif op == b"RG":
                stroke = hex_of(operands)
            elif op == b"rg":
                fill = hex_of(operands)
            elif op == b"G":
                stroke = hex_of(operands * 3)
            elif op == b"S":
                strokes.add(stroke)
            elif op in (b"f", b"f*"):
                fills.add(fill)
    return strokes, fills


def words(prefix: str, count: int) -> tuple:
    return tuple((d.Text(f"{prefix}{n:02d} the workers elected their own deputies to the soviet"),)
                 for n in range(count))


def table_question(count: int) -> d.Question:
    header = ((d.Text("Factor"),), (d.Text("What Source A says"),))
    rows = tuple((cell, ()) for cell in words("Row", count))
    stem = d.Paragraph((d.Text("Complete the table."),))
    return d.Question("6", (stem, d.Table(header, rows, row_lines=2)), 4, d.AnswerSpace("none"))


def true_false_question(count: int) -> d.Question:
    stem = d.Paragraph((d.Text("Tick true or false for each statement."),))
    return d.Question("5", (stem, d.TrueFalse(words("Statement", count))), 4, d.AnswerSpace("none"))


def test_libreoffice_rules_a_table_in_the_themes_grey_and_shades_its_header_and_a_true_false_grid_not_at_all(
        soffice, tmp_path):  # noqa: F811
    t = STANDARD
    (tmp_path / "table.docx").write_bytes(saved([table_question(3)]))
    (tmp_path / "ticks.docx").write_bytes(saved([true_false_question(3)]))
    (tmp_path / "page.docx").write_bytes(saved([d.Paragraph((d.Text("Nothing else."),))]))
    table, ticks, page = libreoffice_pdfs(soffice, [tmp_path / "table.docx", tmp_path / "ticks.docx",
                                                    tmp_path / "page.docx"], tmp_path)
    furniture, _ = painted(page)  # the running header's rule, in the rules' grey
    assert furniture <= {t.rule_colour.upper()}
    strokes, fills = painted(table)
    assert strokes == {t.rule_colour.upper()}  # no black rule
    assert t.box_colour.upper() in fills
    strokes, fills = painted(ticks)
    assert strokes - furniture == set() and t.box_colour.upper() not in fills


def test_libreoffice_heads_a_grids_rows_on_a_new_page_with_its_question(soffice, tmp_path):  # noqa: F811
    """At 24 pt lesson 03's Question 5 ran its true/false statements onto a new page under no
    number (the PDF: "Question 5 (continued)"); so did a table to fill in."""
    large = theme_for("A4", "large-print-24")
    names = []
    for n in range(2, 9, 2):  # statements at 24 pt (stacked, as in the PDF), a table on the standard paper
        (tmp_path / f"ticks-{n}.docx").write_bytes(saved([*filler(n), true_false_question(6), *filler(1)], large))
        (tmp_path / f"table-{n}.docx").write_bytes(saved([*filler(n * 3 + 12), table_question(8), *filler(1)]))
        names += [f"ticks-{n}", f"table-{n}"]
    libreoffice_pdfs(soffice, [tmp_path / f"{name}.docx" for name in names], tmp_path)
    ran_over = set()
    for name in names:
        pages = page_texts((tmp_path / f"{name}.pdf").read_bytes())
        prefix = "Statement" if name.startswith("ticks") else "Row"
        holding = [text for text in pages if f"{prefix}0" in text]
        ran_over |= {name.split("-")[0]} if len(holding) > 1 else set()
        for text in holding:
            label = "Question 5" if prefix == "Statement" else "Question 6"
            assert label in text and text.index(label) < text.index(f"{prefix}0"), (name, text[:200])
    assert ran_over == {"ticks", "table"}, "no grid ran onto a new page: the test proves nothing"

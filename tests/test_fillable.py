"""A fillable worksheet a student can type into and submit: filled in with pypdf, saved, read back.

The field set is documented in docs/fillable-pdfs.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from conftest import copy_root, horizontal_rules, run_cli

LONG = "Recall meant that delegates had to keep the trust of the workers who chose them. " * 8


@pytest.fixture(scope="module")
def fillable(tmp_path_factory) -> tuple[Path, object]:
    root = copy_root("all-types", tmp_path_factory.mktemp("fillable"))
    out = root / "out"
    result = run_cli("build", str(root), "--out", str(out), "--fillable")
    assert result.returncode == 0, result.stderr
    return out, result


def test_fillable_makes_pdfs_of_what_students_fill_in_only_and_says_so(fillable):
    out, result = fillable
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.suffix != ".json")
    assert made == ["nine/nine_homework_fillable.pdf", "nine/nine_student-worksheet_fillable.pdf"]
    assert "--fillable: making PDF files only" in result.stderr


def test_a_fillable_worksheet_has_the_documented_field_set(fillable):
    out, _ = fillable
    fields = PdfReader(str(out / "nine" / "nine_student-worksheet_fillable.pdf")).get_fields()
    assert {"name", "class", "date"} <= set(fields)
    assert fields["q1_answer"]["/FT"] == "/Tx" and int(fields["q1_answer"]["/Ff"]) & 4096  # multi-line
    assert not [name for name in fields if name.endswith(("_more", "_continued"))]  # one field per answer
    assert fields["q2_choice"]["/FT"] == "/Btn" and int(fields["q2_choice"]["/Ff"]) & 32768  # a radio group
    assert set(fields["q2_choice"]["/_States_"]) == {"/A", "/B", "/C", "/D"}
    assert set(fields["q3_1"]["/_States_"]) == {"/true", "/false"}
    assert {"q9a_answer", "q9b_answer", "q4_gap_1", "q5_letter_1", "q6_order_1", "q7_cell_1_2"} <= set(fields)


def test_answer_field_is_set_on_its_ruled_lines(fillable):
    """A viewer types the first line just above the first rule, and each next line one rule lower
    (its line spacing, 1.156 times the field's font size, is the rules' 24 pt to within half a point);
    the field covers every rule of the answer space and no other."""
    out, _ = fillable
    reader = PdfReader(str(out / "nine" / "nine_student-worksheet_fillable.pdf"))
    page, widget = next((page, a.get_object()) for page in reader.pages for a in page.get("/Annots", [])
                        if a.get_object().get("/T") == "q8_answer")
    size = float(str(widget["/DA"]).split(" Tf")[0].split()[-1])
    assert size * 1.156 == pytest.approx(24, abs=0.5)
    x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
    rules = sorted((y for a, b, y in horizontal_rules(reader, page) if abs(a - x0) < 1 and y0 < y < y1),
                   reverse=True)
    assert len(rules) == 16
    first_baseline = y1 - 0.931 * size
    assert first_baseline - rules[0] == pytest.approx(2, abs=0.5)
    last_baseline = first_baseline - 15 * 1.156 * size
    assert abs(last_baseline - rules[-1]) < 8


def test_a_filled_in_worksheet_keeps_every_answer_when_saved(fillable, tmp_path):
    out, _ = fillable
    writer = PdfWriter(clone_from=str(out / "nine" / "nine_student-worksheet_fillable.pdf"))
    values = {"name": "Zara Ahmed", "class": "9B", "date": "3 December", "q1_answer": "A council of delegates.",
              "q8_answer": LONG, "q9b_answer": LONG, "q2_choice": "/A", "q3_1": "/true", "q3_2": "/false",
              "q4_gap_1": "soviet", "q5_letter_1": "A", "q6_order_1": "1", "q7_cell_1_2": "War commissar"}
    for page in writer.pages:
        writer.update_page_form_field_values(page, values)
    saved = tmp_path / "submitted.pdf"
    writer.write(saved)
    reader = PdfReader(str(saved))
    fields = reader.get_fields()
    for name, value in values.items():
        assert fields[name].get("/V") == value, name
    ticked = {(a.get_object()["/Parent"].get_object()["/T"], a.get_object()["/AS"])
              for page in reader.pages for a in page.get("/Annots", [])
              if "/Parent" in a.get_object() and a.get_object()["/AS"] != "/Off"}
    assert ticked == {("q2_choice", "/A"), ("q3_1", "/true"), ("q3_2", "/false")}


def test_fillable_with_docx_asked_for_is_refused(tmp_path):
    root = copy_root("all-types", tmp_path / "course")
    out = tmp_path / "out"
    result = run_cli("build", str(root), "--out", str(out), "--format", "pdf,docx", "--fillable")
    assert result.returncode == 1
    assert "--fillable puts form fields in PDF files and HTML pages only" in result.stderr
    assert not out.exists()

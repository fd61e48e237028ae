"""A teacher's DOCX (mark scheme, teacher notes) breaks its pages as the PDF does (issue 17): read
back from the saved file (paragraphs' "keep with next" and "keep lines together") and, where
LibreOffice is installed, from the pages it prints of lessons 02 and 03 (tests/pagecheck_docx_teacher.py),
each page that carries on a section headed by the section's heading (the PDF's "Question 3 (continued)")."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from io import BytesIO

import docx
import pytest

from conftest import libreoffice_pdfs
from pagecheck_docx_teacher import findings, lesson_document, printed_pages, unlabelled_pages, widows

from lessonpack import document as d
from lessonpack.theme import STANDARD
from lessonpack.writers import write

TEACHER = d.DocumentInfo("Trotsky", "Mark scheme", "History", for_teacher=True)
STUDENT = d.DocumentInfo("Trotsky", "Student worksheet", "History")


def text(words: str) -> d.Paragraph:
    return d.Paragraph((d.Text(words),))


def items(*texts: str) -> d.ListBlock:
    return d.ListBlock(False, tuple((text(t),) for t in texts))


def question(n: int, wording: str, *answer: d.Block) -> tuple[d.Block, ...]:
    return (d.Heading(3, (d.Text(f"Question {n} (4 marks)"),)), text(wording), *answer)


def paragraphs(data: bytes) -> list:
    """The document's paragraphs, in the body and in its tables' cells (a section that may run over is a table)."""
    document = docx.Document(BytesIO(data))
    return [*document.paragraphs, *(p for table in document.tables for row in table.rows
                                    for cell in row.cells for p in cell.paragraphs)]


def formats(data: bytes, words: str) -> tuple[bool, bool]:
    """Whether the first paragraph holding these words keeps with the next, and keeps its lines together."""
    paragraph = next(p for p in paragraphs(data) if words in p.text)
    return bool(paragraph.paragraph_format.keep_with_next), bool(paragraph.paragraph_format.keep_together)


SECTIONS = (
    *question(1, "Wording1 " + "Explain why the workers followed Trotsky. " * 3,
              text("Model1 " + "He could put their grievances into words. " * 4),
              items("Point1a He could articulate (1)", "Point1b He could plan (1)")),
    *question(2, "Wording2 Tick true or false.",
              items(*(f"Key{n} Source B says the workers followed him. — True" for n in range(4)))),
    *question(3, "Wording3 Put these events in order.",
              text("Order3 " + " → ".join(["Trotsky leads the soviet after its chairman is arrested"] * 30) + "."),
              text("Model3 Late November 1905.")),
    *question(4, "Wording4 How useful are Sources A and B?",
              text("Model4 " + "The sources are limited. " * 120),
              items(*(f"Level{n} ({n} marks): " + "developed comment on content and provenance " * 6
                      for n in range(1, 5)))),
)


def test_a_teachers_answers_are_kept_as_the_pdf_keeps_them():
    data = write(d.Document(TEACHER, SECTIONS), STANDARD, "docx")
    assert formats(data, "Wording1") == (True, True)  # with the start of its answer
    assert formats(data, "Model1") == (True, True) and formats(data, "Point1a") == (True, True)
    assert formats(data, "Point1b") == (False, True)  # a short answer and its mark points on one page
    assert [formats(data, f"Key{n}") for n in range(4)] == [(True, True)] * 3 + [(False, True)]
    assert formats(data, "Order3") == (False, True)  # a chain of events, one sentence: never split
    pieces = [p for p in paragraphs(data) if "sources are limited" in p.text]  # longer than a third: it may
    assert len(pieces) > 1  # break, as in the PDF, between sentences (labelled_sections), each piece whole
    assert all(p.paragraph_format.keep_together and not p.paragraph_format.keep_with_next for p in pieces)
    assert [formats(data, f"Level{n}")[1] for n in range(1, 5)] == [True] * 4  # a descriptor never splits


def test_a_section_that_may_run_over_is_a_table_its_heading_heads():
    """Questions 3 and 4 (a chain of events, a model answer longer than a page) are tables whose first
    row, repeated on each page they reach, is the question's heading, still a heading (Word's navigation
    pane lists it); Questions 1 and 2, kept whole on one page, are left in the page's flow."""
    data = write(d.Document(TEACHER, SECTIONS), STANDARD, "docx")
    document = docx.Document(BytesIO(data))
    heads = [table.rows[0].cells[0].paragraphs[0] for table in document.tables]
    assert [(head.text, head.style.name) for head in heads] == [(f"Question {n} (4 marks)", "Heading 3")
                                                               for n in (3, 4)]
    xml = zipfile.ZipFile(BytesIO(data)).read("word/document.xml").decode()
    for table in re.findall(r"<w:tbl>.*?</w:tbl>", xml):  # the header row: repeated on each page
        rows = re.findall(r"<w:tr[ >].*?</w:tr>", table)
        assert ["<w:tblHeader" in row for row in rows] == [True] + [False] * (len(rows) - 1)
    assert [p.text[:10] for p in document.paragraphs if p.style.name == "Heading 3"] == ["Question 1", "Question 2"]
    assert any(p.text.startswith("Question 1") and p.style.name == "Heading 3" for p in document.paragraphs)


def test_a_students_paper_of_the_same_blocks_is_not_changed():
    data = write(d.Document(STUDENT, SECTIONS), STANDARD, "docx")
    assert not any(p.paragraph_format.keep_together for p in docx.Document(BytesIO(data)).paragraphs)


# ----------------------------------------------------------------- as LibreOffice prints it

CASES = [(lesson, kind, profile) for lesson in ("02", "03") for kind in ("mark-scheme", "teacher-notes")
         for profile in ("standard", "large-print-24")]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict:
    """Lessons 02's and 03's teacher documents at standard and 24 pt, printed by LibreOffice in one call."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        if os.environ.get("LESSONPACK_REQUIRE_CLIENTS") == "1":
            pytest.fail("LibreOffice (soffice) or pdftotext not installed (LESSONPACK_REQUIRE_CLIENTS=1)")
        pytest.skip("LibreOffice (soffice) or pdftotext not installed")
    folder = tmp_path_factory.mktemp("docx-teacher-keep")
    made = {}
    for case in CASES:
        document, theme, reference = lesson_document(*case)
        path = folder / f"{'_'.join(case)}.docx"
        path.write_bytes(write(document, theme, "docx", reference_docx=reference))
        made[case] = (path, document, theme)
    libreoffice_pdfs(soffice, [path for path, _, _ in made.values()], folder)
    return {case: (path.with_suffix(".pdf"), path, document, theme) for case, (path, document, theme) in made.items()}


@pytest.mark.parametrize("case", CASES, ids=["-".join(case) for case in CASES])
def test_libreoffice_prints_each_answer_without_a_turn_of_the_page(printed, case):
    """No question's heading or wording at a page's foot with its answer overleaf, no short answer
    (a model answer and its mark points), level descriptor, true/false key or "Correct order" chain
    split: at 24 pt lesson 02's mark scheme left Question 1's wording at the foot of page 1 and
    split a level descriptor, lesson 03's teacher notes split a true/false key."""
    pdf, path, document, theme = printed[case]
    assert findings(document, theme, printed_pages(pdf, path)) == []


UNLABELLED_KNOWN = {
    ("02", "teacher-notes", "standard"): ["'Fact checks'"],
    ("02", "teacher-notes", "large-print-24"): ["'Fact checks'"],
}
"""Pages still carrying on a section under no label: lesson 02's timeline (a stack of pictures,
under "Fact checks" with the fact-check boxes) leaves its note ("Dates before February 1918 are Old
Style") at the top of a page. The section holds boxes and a timeline, not text alone, and is not made a
table (writers/docx/labelled_sections.py)."""


@pytest.mark.parametrize("case", CASES, ids=["-".join(case) for case in CASES])
def test_each_page_that_carries_on_a_question_starts_with_its_label(printed, case):
    """A page that carries on a question's model answer or mark points (or "Background") starts with
    its heading, as the PDF's with "Question 3 (continued)": at 24 pt lesson 02's mark scheme had 12 such
    pages under no label and its teacher notes 20, lesson 03's 11 and 19; a teacher marking from a loose
    page could not tell which question it answers."""
    pdf, path, document, _ = printed[case]
    left = [f for f in unlabelled_pages(document, printed_pages(pdf, path))
            if not any(label in f for label in UNLABELLED_KNOWN.get(case, []))]
    assert left == []


@pytest.mark.parametrize("case", CASES, ids=["-".join(case) for case in CASES])
def test_no_paragraph_leaves_one_line_alone_on_a_page(printed, case):
    """A paragraph or mark point run onto a new page leaves two lines or more on each side: split
    anywhere in a labelled section's row (LibreOffice applies no widow control there), lesson 03's 24 pt
    mark scheme printed "Question 9 (4 marks)" over the one word "ran." and lesson 02's 24 pt notes
    "Lunacharsky." alone under Background."""
    pdf, path, document, theme = printed[case]
    assert widows(document, theme, printed_pages(pdf, path)) == []

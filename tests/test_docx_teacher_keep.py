"""A teacher's DOCX (mark scheme, teacher notes) breaks its pages as the PDF does (issue 17): read
back from the saved file (paragraphs' "keep with next" and "keep lines together") and, where
LibreOffice is installed, from the pages it prints of lessons 02 and 03 (tests/pagecheck_docx_teacher.py)."""

from __future__ import annotations

import os
import shutil
from io import BytesIO

import docx
import pytest

from conftest import libreoffice_pdfs
from pagecheck_docx_teacher import findings, lesson_document, printed_pages

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


def formats(data: bytes, words: str) -> tuple[bool, bool]:
    """Whether the first paragraph holding these words keeps with the next, and keeps its lines together."""
    paragraph = next(p for p in docx.Document(BytesIO(data)).paragraphs if words in p.text)
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
    assert formats(data, "Model4") == (False, False)  # longer than a third: it may break, as in the PDF
    assert [formats(data, f"Level{n}")[1] for n in range(1, 5)] == [True] * 4  # a descriptor never splits


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

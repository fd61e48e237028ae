"""A large-print teacher's document fills its pages (issue 16): read back from lesson 02's 24 pt notes
and mark scheme as printed.

Before: a correct order (one long sentence of steps) moved whole under its question, leaving the
page before it 70 % blank (lesson 02's 24 pt mark scheme page 6, notes page 14).
"""

from __future__ import annotations

import shutil

import pytest

from pagecheck import check_pdf
from pagecheck_teacher import split_mid_sentence
from test_pagecheck_teacher import page_with, pages, teacher_pdfs
from test_teacher_fill import blank_pages

from lessonpack.theme import theme_for

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="the page checks measure words with poppler's pdftotext")

LESSON_02 = ("02-trotsky-following",)


@pytest.fixture(scope="module")
def large_print(tmp_path_factory):
    return teacher_pdfs(tmp_path_factory, "large-print-24", LESSON_02)


def test_a_correct_order_turns_over_between_two_steps(large_print):
    theme = theme_for("A4", "large-print-24")
    for name, pdf in large_print.items():
        texts = pages(pdf)
        five = page_with(texts, "Question 5 (3 marks)")
        assert page_with(texts, "One mark for each correct match") == five, name  # question 4's end above it
        assert page_with(texts, "Correct order: Trotsky leads") == five, name
        following = texts[five + 1]
        assert following.split("Question 5 (continued)", 1)[1].lstrip().startswith("Trotsky is elected"), name
        assert five not in blank_pages(pdf, theme) and five + 1 not in blank_pages(pdf, theme), name
        assert check_pdf(pdf, theme, (split_mid_sentence,)) == [], name


def _last_lines_before(pdf, label: str) -> list[str]:
    """The last line of text of each page that the next page continues under `label`."""
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")]
    return [here[-2] for here, there in zip(pages, pages[1:])  # [-1] is the footer ("Page 6 of 46")
            if len(here) > 1 and any(line == label for line in there[:5])]


def test_background_turns_over_at_a_sentence_end_where_that_costs_no_page(large_print, tmp_path_factory):
    """Lesson 02's 24 pt notes: its Background broke "… escaped on the way in early 1907. In" / "February
    1917 …" and "… Released on bail after the Kornilov affair," / "he was elected …"; now those pages end a
    sentence. A document whose sentence-end breaks would make it longer is laid out without them: lesson 02's
    36 pt notes keep their 49 pages."""
    notes = large_print["02-trotsky-following_teacher-notes_large-print-24.pdf"]
    ends = _last_lines_before(notes, "Background (continued)")
    assert "escaped on the way in early 1907." in ends
    assert "Trotsky was in prison after the July Days." in ends
    assert len(pages(notes)) - 1 <= 46  # pdftotext ends the last page with a form feed
    large = teacher_pdfs(tmp_path_factory, "large-print-36", LESSON_02)["02-trotsky-following_teacher-notes_large-print-36.pdf"]
    assert len(pages(large)) - 1 <= 49

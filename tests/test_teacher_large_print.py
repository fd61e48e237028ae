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

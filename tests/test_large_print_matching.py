"""A matching question on large print: the items, each with a box for the answer's letter, then
the lettered answers in a box, instead of a grid too narrow for its columns.

Stacked one box per item (item, "Your letter", match), lesson 02's four people took three pages at
24 pt, most of each blank. Read back from the shipped course.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import course_in_profile

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="the pages are read with poppler")]

LESSON = "02-trotsky-following"
PEOPLE = ["Khrustalev-Nosar", "Kerensky", "Trotsky", "Lenin"]


def worksheet(tmp_path_factory, profile: str):
    suffix = "" if profile == "standard" else f"_{profile}"
    return course_in_profile(tmp_path_factory, profile) / LESSON / f"{LESSON}_student-worksheet{suffix}.pdf"


def question_4(path) -> str:
    """Question 4's text, from its number to question 5's, its lines as pdftotext reads them."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub(r"\n+", "\n", text)
    return text[text.index("Match each person"):text.index("Put these events")]


@pytest.mark.parametrize("profile", ["large-print-18", "large-print-24"])
def test_each_person_has_a_box_for_a_letter_and_the_answers_follow_in_a_box(tmp_path_factory, profile):
    text = question_4(worksheet(tmp_path_factory, profile))
    for number, person in enumerate(PEOPLE, 1):
        assert re.search(rf"^{number} {person}$", text, re.M), (person, text)
    assert "Answers" in text and "Your letter" not in text
    answers = text[text.index("Answers"):]
    assert re.findall(r"^([A-D])\. ", answers, re.M) == ["A", "B", "C", "D"]


def test_the_standard_paper_keeps_its_grid(tmp_path_factory):
    text = question_4(worksheet(tmp_path_factory, "standard"))
    assert "Your letter" in text and "Answers" not in text


def page_texts_of(path) -> list[str]:
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    return [re.sub(r"[ \t]+", " ", page) for page in pages]


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_the_items_and_their_lettered_answers_share_a_page_when_the_question_is_taller_than_one(
        tmp_path_factory, profile):
    """At 24 and 36 pt the question with its items and answers is taller than a page: the answers
    were printed overleaf from the items. Now the items and answers go overleaf together, under
    "Question 4 (continued)", the stem left on the page before."""
    pages = page_texts_of(worksheet(tmp_path_factory, profile))
    items = next(i for i, page in enumerate(pages) if re.search(r"^ ?1 Khrustalev-Nosar$", page, re.M))
    assert re.findall(r"^ ?([A-D])\. ", pages[items], re.M) == ["A", "B", "C", "D"]
    stem = next(i for i, page in enumerate(pages) if "Match each person" in page)
    assert stem == items or "Question 4 (continued)" in pages[items]

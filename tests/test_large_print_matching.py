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
def test_the_stem_keeps_its_items_and_the_lettered_answers_stay_whole_when_the_question_is_taller_than_a_page(
        tmp_path_factory, profile):
    """At 24 and 36 pt the question with its items and answers is taller than a page. The items and
    answers went overleaf together, and left the stem alone on a page about half blank with none of
    its answer space (issue 16: a question's stem never ends a page without its answer space). Now
    the stem keeps its items and their boxes, and the lettered answers follow whole, overleaf under
    "Question 4 (continued)" where they do not fit under the items."""
    pages = page_texts_of(worksheet(tmp_path_factory, profile))
    stem = next(i for i, page in enumerate(pages) if "Match each person" in page)
    assert re.search(r"^ ?1 Khrustalev-Nosar$", pages[stem], re.M), pages[stem]
    answers = next(i for i, page in enumerate(pages) if i >= stem and re.search(r"^ ?A\. ", page, re.M))
    assert re.findall(r"^ ?([A-D])\. ", pages[answers], re.M) == ["A", "B", "C", "D"]
    assert answers == stem or "Question 4 (continued)" in pages[answers]

"""A matching question on large print: the lettered answers in a box, then the items, each with a
box for the answer's letter, instead of a grid too narrow for its columns.

Stacked one box per item (item, "Your letter", match), lesson 02's four people took three pages at
24 pt, most of each blank. With the answers after the items, at 24 pt the answers went overleaf: on
the other side of the sheet from the boxes. Read back from the shipped course.
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
def test_the_lettered_answers_come_first_then_each_person_with_a_box_for_a_letter(tmp_path_factory, profile):
    text = question_4(worksheet(tmp_path_factory, profile))
    for number, person in enumerate(PEOPLE, 1):
        assert re.search(rf"^{number} {person}$", text, re.M), (person, text)
    assert "Your letter" not in text
    items = text[:text.index("1 Khrustalev-Nosar")]
    assert re.findall(r"^([A-D])\. ", items, re.M) == ["A", "B", "C", "D"]


def test_the_standard_paper_keeps_its_grid(tmp_path_factory):
    text = question_4(worksheet(tmp_path_factory, "standard"))
    assert "Your letter" in text and "Answers" not in text


def page_texts_of(path) -> list[str]:
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    return [re.sub(r"[ \t]+", " ", page) for page in pages]


@pytest.mark.parametrize("profile", ["large-print-18", "large-print-24", "large-print-36"])
def test_every_page_with_items_to_match_holds_all_the_lettered_answers(tmp_path_factory, profile):
    """At 24 and 36 pt the question is taller than a page. Its stem keeps the answers and the first
    items with their boxes; the items that run on overleaf are headed "Question 4 (continued)" and
    the answers again. Printed once, after the items, the answers were on the other side of the
    sheet from the boxes (lesson 02 at 24 pt: the items on page 5, the answers on page 6)."""
    pages = page_texts_of(worksheet(tmp_path_factory, profile))
    stem = next(i for i, page in enumerate(pages) if "Match each person" in page)
    assert re.search(r"^ ?1 Khrustalev-Nosar$", pages[stem], re.M), pages[stem]
    holding = [i for i, page in enumerate(pages)
               if any(re.search(rf"^ ?{n} {person}$", page, re.M) for n, person in enumerate(PEOPLE, 1))]
    assert holding and holding == list(range(stem, holding[-1] + 1))
    for i in holding:
        assert re.findall(r"^ ?([A-D])\. ", pages[i], re.M) == ["A", "B", "C", "D"], pages[i]
        assert i == stem or "Question 4 (continued)" in pages[i]

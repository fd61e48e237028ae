"""A question's stacked boxes in the DOCX as LibreOffice prints them, as a student sees them in the
PDF: a short blank cell's label written on its first ruled line ("P or S? ______"), each box short
enough for a page whole on one, and the question's label over its boxes on every page they reach.
At 24 pt lesson 03's Question 6 printed each label on a shaded row over its lines, split its third
box over two pages and left two pages of boxes under no question."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, horizontal_rules, libreoffice_pdfs, made_once, page_texts, pdf_runs
from lessonpack.course import load_course
from lessonpack.fonts import string_width
from lessonpack.pipeline import course_theme
from test_large_print_lines import paper

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice prints the DOCX")

PROFILES = ("large-print-24", "large-print-36")
QUESTIONS = {"03-stalin-bureaucracy": ("Question 6", "Source A. Complete the table", "Factor", "P or S?"),
             "05-reading-critically": ("Question 5", "For each piece of evidence", "Evidence", "Why?")}
"""Each lesson's stacked question: its label, its stem's first words, a box's first label and its last."""
SHORT_LABELS = ("What Source A says", "Other evidence", "P or S?")
"""Lesson 03's Question 6's blank cells' labels, each short enough to be written on its cell's first line."""
NAMES = ("The post of General Secretary", "The old state bureaucracy", "Bringing new members into the party",
         "Stalin's own abilities")
"""The names of Question 6's boxes (its table's rows)."""


@pytest.fixture(scope="module")
def renders(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """LibreOffice's PDF of each lesson's built DOCX worksheet in each large-print profile, made once."""
    files = {(lesson, profile): paper(tmp_path_factory, profile, lesson, fmt="docx")
             for lesson in QUESTIONS for profile in PROFILES}

    def render(folder: Path) -> dict:
        copies = []
        for (lesson, profile), file in files.items():  # the same file name in each profile's folder
            copies.append(folder / f"{lesson}_{profile}.docx")
            shutil.copy(file, copies[-1])
        libreoffice_pdfs(shutil.which("soffice"), copies, folder)
        return {}

    folder, _ = made_once(tmp_path_factory, "stacked-renders", render)
    return {key: folder / f"{key[0]}_{key[1]}.pdf" for key in files}


def pages_of(pdf: Path) -> list[str]:
    return page_texts(pdf.read_bytes())


@pytest.mark.parametrize("profile", PROFILES)
def test_a_short_label_is_written_on_its_cells_first_line(renders, profile):
    """Each short label of a blank cell stands on a ruled line that starts after it and reaches the
    box's right edge: no rule under the label, none beginning at the box's left edge at its height."""
    from pypdf import PdfReader

    pdf = renders[("03-stalin-bureaucracy", profile)]
    theme = course_theme(load_course(REPO), profile)
    reader = PdfReader(str(pdf))
    labels = [run for run in pdf_runs(pdf) if run.text in SHORT_LABELS]
    assert len(labels) == 4 * len(SHORT_LABELS)
    for label in labels:
        end = label.x + string_width(label.text, theme.body_font, theme.note, "bold")
        near = [(x0, x1) for x0, x1, y in horizontal_rules(reader, reader.pages[label.page])
                if -theme.note / 2 <= label.y - y <= theme.note / 2]  # at the label's baseline
        assert near, f"no rule on {label.text!r}'s line"
        assert all(x0 > end for x0, _ in near), f"a rule under {label.text!r}"
        assert max(x1 for _, x1 in near) > label.x + theme.text_width / 2, f"{label.text!r}'s rule stops short"


@pytest.mark.parametrize("profile", PROFILES)
def test_a_box_that_fits_a_page_is_never_split(renders, profile):
    """Each page holds as many boxes' names as their last labels: a box begun on a page ends there
    (none is more than half a page at 24 or 36 pt), and none is begun again under its repeated name."""
    pages = pages_of(renders[("03-stalin-bureaucracy", profile)])
    boxed = {number: " ".join(page.split()) for number, page in enumerate(pages, 1) if "Factor" in page.splitlines()}
    assert sum(page.count("P or S?") for page in boxed.values()) == sum(page.count("P or S?") for page in pages) == 4
    for number, page in boxed.items():  # (a later question's text names a factor too)
        assert sum(page.count(name) for name in NAMES) == page.count("P or S?"), f"page {number}"


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("lesson", QUESTIONS)
def test_every_page_of_a_questions_boxes_says_whose_they_are(renders, profile, lesson):
    """A page carrying the question's boxes but not its stem shows the question's label, as the PDF
    heads it "Question 6 (continued)"; a loose page does not say which question it belongs to."""
    label, stem, first, last = QUESTIONS[lesson]
    pages = pages_of(renders[(lesson, profile)])
    start = next(i for i, page in enumerate(pages) if stem in " ".join(page.split()))
    boxed = [i for i, page in enumerate(pages) if i > start and (first in page.splitlines() or last in page)]
    end = max(i for i, page in enumerate(pages) if last in page)
    assert boxed and boxed == list(range(start + 1, end + 1))  # the boxes on the pages after the stem's
    for i in boxed:
        assert label in pages[i].splitlines(), f"page {i + 1} of {lesson}'s boxes without {label!r}"

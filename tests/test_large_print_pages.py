"""Large print spends paper on the size of the print, not on room nobody uses: answer lines as
far apart as large handwriting needs, and an organiser's boxes following one another down the page."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from io import BytesIO

import pytest
from conftest import WORDS, boxes_after_lines, course_in_profile, horizontal_rules, page_texts
from pypdf import PdfReader

from lessonpack import document as d
from lessonpack.theme import theme_for
from lessonpack.writers.pdf import write_pdf

MM = 72 / 25.4
ORGANISER = tuple(((d.Text(f"{WORDS[0]}{i}"),), (), (), ()) for i in range(1, 6))
"""Lesson 03's organiser: five factors, each with three sections of three ruled lines to fill."""


def line_gap(pdf: bytes) -> float:
    """The usual distance between ruled lines of the same length that follow one another on a page."""
    reader = PdfReader(BytesIO(pdf))
    gaps: Counter = Counter()
    for page in reader.pages:
        rules = sorted(horizontal_rules(reader, page), key=lambda r: (round(r[0]), round(r[1]), -r[2]))
        for above, below in zip(rules, rules[1:]):
            if (round(above[0]), round(above[1])) == (round(below[0]), round(below[1])):
                gaps[round(above[2] - below[2], 1)] += 1
    return gaps.most_common(1)[0][0]


def test_answer_lines_at_24_pt_are_as_far_apart_as_large_handwriting_needs():
    """At 50 pt (17.6 mm) apart, a few lines filled a page; at 36 pt (12.7 mm) lesson 03 took 28
    pages against 7. About 10.6 mm (the dyslexia paper's pitch, half as much again as the
    standard paper's 8.5 mm) holds large handwriting: its pitch need not scale with the type."""
    question = d.Question("1", (d.Paragraph((d.Text("Explain why the soviet mattered."),)),), 4, d.AnswerSpace("lines", 8))
    info = d.DocumentInfo("Stalin", "Student worksheet", "History")
    gap = line_gap(write_pdf(d.Document(info, (question,)), theme_for("A4", "large-print-24")))
    assert 10 * MM <= gap <= 11 * MM, gap


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_an_organiser_s_boxes_share_pages(profile):
    """Each box moved whole to a page of its own, leaving the rest of the page blank: five boxes
    took seven or eight pages. Broken between their sections, they follow one another."""
    for filler in range(8):
        pages = page_texts(write_pdf(boxes_after_lines(filler, ORGANISER, 3), theme_for("A4", profile)))
        assert len(pages) <= 6, (filler, len(pages))


def test_a_stacked_organiser_shares_its_row_s_lines_among_its_blank_cells():
    """Each of the three blank cells of a row got the row's three lines: nine ruled lines a box,
    a page per row at 24 pt. Shared out by the cells' widths in the grid, rounded up, a cell has
    at least the room its grid cell had and the narrow "P or S?" gets one line."""
    theme = theme_for("A4", "large-print-24")  # where lesson 03's organiser is stacked
    reader = PdfReader(BytesIO(write_pdf(boxes_after_lines(0, ORGANISER[:1], 3), theme)))
    ruled = [r for page in reader.pages for r in horizontal_rules(reader, page, theme.rule_width)]
    assert 3 <= len(ruled) <= 5, len(ruled)


def test_a_stacked_organiser_writes_a_short_label_on_its_first_line(tmp_path):
    """"P or S?" stood on a shaded row of its own over its one ruled line; written on that line,
    as forms print a label, it takes no row of its own."""
    from pagecheck import read_paper

    theme = theme_for("A4", "large-print-24")
    path = tmp_path / "organiser.pdf"
    path.write_bytes(write_pdf(boxes_after_lines(0, ORGANISER[:1], 3), theme))
    paper = read_paper(path, theme)
    label = next(w for w in paper.words if w.text == "S?")
    rules = [s for s in paper.strokes if s.horizontal and abs(s.width - theme.rule_width) < 0.05]
    beside = [s for s in rules if min(s.x0, s.x1) > label.x1 and label.y0 - theme.body_size / 2 < s.y0 < label.y0 + 2]
    assert beside, (label, rules)


@pytest.mark.slow
def test_a_large_print_lesson_plan_prints_a_box_per_phase_not_a_strip_of_three_words_a_line(tmp_path_factory):
    """At 24 pt the plan's Activity column held three words a line: five rows ran over eight pages.
    A column of long text too narrow to read prints the table a box per row, as organisers do; in
    the teacher's notes a card headed by its phase and minutes ("Main · 10 minutes", issue 16)."""
    def plan_text(profile: str) -> list[str]:
        suffix = "" if profile == "standard" else f"_{profile}"
        path = (course_in_profile(tmp_path_factory, profile) / "02-trotsky-following" / "teacher"
                / f"02-trotsky-following_teacher-notes{suffix}.pdf")
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        return [line.strip() for line in text.splitlines()]

    assert plan_text("standard").count("Activity") == 1  # one header row over the grid
    heads = [line for line in plan_text("large-print-24") if re.fullmatch(r"(Starter|Main|Plenary) · \d+ minutes?", line)]
    assert len(heads) >= 5  # each phase's card is headed by its phase and minutes


@pytest.mark.slow
def test_the_marks_grid_at_24_pt_is_printed_on_one_page(tmp_path_factory):
    """Lesson 03's grid ran Questions 1–4 on one page and 5–10 and the Total overleaf, under no label,
    on a page it left otherwise empty: an examiner's grid is one piece."""
    lid = "03-stalin-bureaucracy"
    path = course_in_profile(tmp_path_factory, "large-print-24") / lid / f"{lid}_student-worksheet_large-print-24.pdf"
    pages = page_texts(path.read_bytes())
    [grid] = [i for i, text in enumerate(pages) if re.search(r"Marks\s+available", text)]
    assert "Total" in pages[grid] and re.search(r"^10\s", pages[grid], re.M)

"""Large print spends paper on the size of the print, not on room nobody uses: answer lines as
far apart as large handwriting needs, and an organiser's boxes following one another down the page."""

from __future__ import annotations

from collections import Counter
from io import BytesIO

import pytest
from conftest import WORDS, boxes_after_lines, horizontal_rules, page_texts
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
    """At 50 pt (17.6 mm) apart, a few lines filled a page; 12-13 mm holds writing as large as the print."""
    gap = line_gap(write_pdf(boxes_after_lines(0, ORGANISER[:1], 3), theme_for("A4", "large-print-24")))
    assert 12 * MM <= gap <= 13 * MM, gap


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_an_organiser_s_boxes_share_pages(profile):
    """Each box moved whole to a page of its own, leaving the rest of the page blank: five boxes
    took seven or eight pages. Broken between their sections, they follow one another."""
    for filler in range(8):
        pages = page_texts(write_pdf(boxes_after_lines(filler, ORGANISER, 3), theme_for("A4", profile)))
        assert len(pages) <= 6, (filler, len(pages))

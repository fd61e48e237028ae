"""The timeline figure in the PDF: every date and event whole, on the page, and nothing printed
over anything else, on every paper (large print wraps dates and events instead)."""

from __future__ import annotations

import re

import pytest

from conftest import REPO, overprinted, pdf_runs, run_width
from lessonpack.pipeline import course_theme, make_document, template_set
from lessonpack.course import load_course
from lessonpack.writers.pdf import write_pdf

TIMELINE_LESSON = "05-reading-critically"  # prints the whole course timeline


@pytest.fixture(scope="module")
def worksheet():
    course = load_course(REPO)
    lesson = next(le for le in course.lessons if le.id == TIMELINE_LESSON)
    document = make_document(course, lesson, "worksheet", template_set(course.templates_dir))
    (timeline,) = [b for b in document.blocks if type(b).__name__ == "Timeline"]
    return course, document, timeline


@pytest.mark.parametrize("profile", ["standard", "dyslexia", "large-print-24", "large-print-36"])
def test_the_timeline_prints_every_date_and_event_on_the_page_without_overprinting(worksheet, profile, tmp_path):
    course, document, timeline = worksheet
    theme = course_theme(course, profile)
    path = tmp_path / f"{profile}.pdf"
    path.write_bytes(write_pdf(document, theme))
    assert overprinted(path) == []
    texts = [t for e in timeline.events for t in (e.date, e.event)]
    runs = [r for r in pdf_runs(path) if any(r.text in t for t in texts)]  # the timeline's lines
    off_page = [r.text for r in runs
                if r.x < theme.margin_left - 1 or r.x + run_width(r) > theme.page_width - theme.margin_right + 1]
    assert off_page == []
    printed = [w for r in runs for w in r.words]
    for event in timeline.events:
        for word in f"{event.date} {event.event}".split():
            assert word in printed, (profile, event.date, word)
    sizes = {round(r.size, 1) for r in runs if r.text.split()[0] in {e.event.split()[0] for e in timeline.events}}
    assert min(sizes) >= theme.note - 0.1  # the events print at the paper's note size (body size in large print)


def test_a_long_date_wraps_in_its_column_at_36_pt(worksheet, tmp_path):
    course, document, timeline = worksheet
    theme = course_theme(course, "large-print-36")
    path = tmp_path / "36.pdf"
    path.write_bytes(write_pdf(document, theme))
    long_date = max((e.date for e in timeline.events), key=len)
    assert " " in long_date
    lines = [r.text for r in pdf_runs(path)]
    assert long_date not in lines and any(re.fullmatch(re.escape(long_date.split()[0]) + r"\b.*", t) for t in lines)

"""The running header names the course and the lesson on every page, at every print size.

The shipped course is built (PDF and DOCX) on the standard paper, in large print at 24 and
36 pt and on the dyslexia paper. Every page of every PDF is read back with positions (pypdf):
its header, above the text area, must hold the course title and the lesson title, both whole
where a line of their own can hold them, else shortened with "…" but still naming it (its
first words); on two lines when one will not do, with paper left above it for the printer and
clear of the body below. Titles come from the lesson YAML, never from lessonpack.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from docx import Document as DocxDocument

from conftest import REPO, course_in_profile, pdf_runs, run_width

PROFILES = ("standard", "large-print-24", "large-print-36", "dyslexia")
COURSE = yaml.safe_load((REPO / "lessons" / "course.yaml").read_text(encoding="utf-8"))["title"]
MM = 72 / 25.4
PRINTER_EDGE = 5 * MM
"""Paper a printer leaves blank at each edge: nothing may be drawn there."""


def lesson_titles() -> dict[str, str]:
    titles = {}
    for path in sorted((REPO / "lessons").glob("[0-9]*.yaml")):
        titles[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))["title"]
    return titles


@pytest.fixture(scope="module", params=PROFILES)
def built(request, tmp_path_factory) -> tuple[str, Path]:
    return request.param, course_in_profile(tmp_path_factory, request.param)


def theme(profile: str):
    from lessonpack.theme import theme_for

    return theme_for("A4", profile)


def names(shown: str, title: str) -> bool:
    """Whether a header line names `title`: whole, or its first words (at least two) and "…"."""
    if shown == title:
        return True
    stem = shown.removesuffix("…")
    return shown.endswith("…") and title.startswith(stem) and len(stem.split()) >= 2


def header_lines_of(runs, t) -> list[str]:
    """The header's left-hand texts, top first (the document kind stands at the right)."""
    header = [r for r in runs if r.y > t.page_height - t.margin_top and r.x < t.page_width / 2]
    return [r.text for r in sorted(header, key=lambda r: -r.y)]


def test_every_pdf_page_header_names_the_course_and_the_lesson(built):
    profile, out = built
    t = theme(profile)
    checked = 0
    for lesson, title in lesson_titles().items():
        for pdf in sorted((out / lesson).rglob("*.pdf")):
            runs = pdf_runs(pdf)
            for page in sorted({r.page for r in runs}):
                on_page = [r for r in runs if r.page == page]
                lines = header_lines_of(on_page, t)
                where = f"{pdf.name} page {page + 1}: {lines}"
                text = " ".join(lines)
                if text != f"{COURSE} — {title}":  # on one line, whole
                    assert len(lines) == 2 and names(lines[0], COURSE) and names(lines[1], title), where
                header = [r for r in on_page if r.y > t.page_height - t.margin_top]
                top = max(r.y + 0.8 * r.size for r in header)
                assert top < t.page_height - PRINTER_EDGE, f"{where}: the header runs to the paper's edge"
                assert all(r.x + run_width(r) <= t.page_width - t.margin_right + 0.5 for r in header), where
                body = [r for r in on_page if r.y <= t.page_height - t.margin_top]
                if body:
                    highest = max(body, key=lambda r: r.y)
                    lowest_header = min(header, key=lambda r: r.y)
                    assert highest.y + 0.8 * highest.size < lowest_header.y - 0.25 * lowest_header.size, (
                        f"{where}: the header touches {highest.text!r}")
                checked += 1
    assert checked > 20


@pytest.mark.parametrize("built", ["standard"], indirect=True)  # large print may shorten a very long title
def test_on_the_standard_paper_the_header_names_both_in_full(built):
    profile, out = built
    t = theme(profile)
    for lesson, title in lesson_titles().items():
        for pdf in sorted((out / lesson).rglob("*.pdf")):
            for page in sorted({r.page for r in pdf_runs(pdf)}):
                lines = header_lines_of([r for r in pdf_runs(pdf) if r.page == page], t)
                assert "…" not in " ".join(lines) and COURSE in " ".join(lines) and title in " ".join(lines), (
                    f"{pdf.name} page {page + 1}: {lines}")


def test_every_docx_header_names_the_course_and_the_lesson(built):
    profile, out = built
    for lesson, title in lesson_titles().items():
        for path in sorted((out / lesson).rglob("*.docx")):
            header = DocxDocument(str(path)).sections[0].header
            lines = [left for paragraph in header.paragraphs
                     for left in (line.split("\t")[0] for line in paragraph.text.split("\n")) if left]
            whole = f"{COURSE} — {title}"
            assert lines == [whole] or (len(lines) == 2 and names(lines[0], COURSE) and names(lines[1], title)), (
                f"{path.name}: {lines}")

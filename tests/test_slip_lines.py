"""Exit-ticket slips as a teacher cuts them from the sheet and a student writes on them: ruled lines
across each slip (not underscores), at least as many as the worksheet gives the question, clear of
the dashed cut line, and the sheet filled by its slips in every print profile, in the PDF and in the
DOCX (python-docx, and LibreOffice's print of it)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import yaml
from docx import Document

from conftest import REPO, course_in_profile, libreoffice_pdfs
from pagecheck import Stroke, read_paper
from test_docx_keep import soffice  # noqa: F401 (a fixture)

from lessonpack.slips import clearance
from lessonpack.theme import theme_for

PROFILES = ["standard", "large-print-18", "large-print-24", "large-print-36", "dyslexia", "high-contrast"]
WRITTEN = ["01-soviet-1905", "02-trotsky-following", "03-stalin-bureaucracy", "04-social-forces"]
"""The course's lessons whose exit-ticket question is written on lines (lesson 05's is a gap fill)."""


def lines_wanted(lesson: str) -> int:
    """The worksheet's answer lines for the lesson's exit-ticket questions: each part's or question's
    `lines`, else two a mark, at least two."""
    data = yaml.safe_load((REPO / "lessons" / f"{lesson}.yaml").read_text(encoding="utf-8"))
    total = 0
    for number in data["exit_ticket"]:
        q = data["questions"][number - 1]
        for item in q.get("parts") or [q]:
            total += max(2, item.get("lines") or 2 * item["marks"])
    return total


@dataclass
class Slip:
    x0: float
    x1: float
    top: float
    foot: float
    rules: list[Stroke]


def slips_on(paper, page: int) -> list[Slip]:
    """Each slip on a page (a box under a "Name:" line, ruled at the box's weight) with the write-on
    rules drawn inside it at the answer lines' weight."""
    t = paper.theme
    edges = [s for s in paper.strokes if s.page == page and s.horizontal and abs(s.width - t.box_rule_width) < 0.15]
    if not edges:
        return []
    widest = max(abs(s.x1 - s.x0) for s in edges)
    edges = [s for s in edges if abs(s.x1 - s.x0) > widest * 0.95]  # a slip's, not a word bank's inside it
    found = []
    for name in (w for w in paper.words if w.page == page and w.text == "Name:"):
        across = [s for s in edges if min(s.x0, s.x1) - 1 <= name.x0 <= max(s.x0, s.x1)]
        top = min((s for s in across if s.y0 > name.y1), key=lambda s: s.y0)
        foot = max((s for s in across if s.y0 < name.y0), key=lambda s: s.y0)
        x0, x1 = min(top.x0, top.x1), max(top.x0, top.x1)
        rules = [s for s in paper.strokes if s.page == page and s.horizontal and abs(s.width - t.rule_width) < 0.15
                 and foot.y0 < s.y0 < name.y0 - t.body_size and x0 <= min(s.x0, s.x1) and max(s.x0, s.x1) <= x1]
        # (the Name line's own rule, beside "Name:", is not a line to answer on)
        found.append(Slip(x0, x1, top.y0, foot.y0, list({round(s.y0, 1): s for s in rules}.values())))
    return found


@pytest.mark.parametrize("profile", PROFILES)
def test_each_slip_has_ruled_lines_for_its_marks_clear_of_its_cut_line(tmp_path_factory, profile):
    """Every slip had two lines of underscores, 70 % of its width, for questions of two to four marks,
    the last on the dashed cut line."""
    out = course_in_profile(tmp_path_factory, profile)
    theme = theme_for("A4", profile)
    for lesson in WRITTEN:
        pdf = next((out / lesson).glob("*exit-ticket*.pdf"))
        paper = read_paper(pdf, theme)
        slips = slips_on(paper, 0)
        assert slips, (profile, lesson)
        assert not [w.text for w in paper.words if set(w.text) == {"_"} and len(w.text) > 20], (profile, lesson)
        for slip in slips:
            assert len(slip.rules) >= lines_wanted(lesson), (profile, lesson, len(slip.rules))
            measure = slip.x1 - slip.x0 - 16  # inside the box's padding
            assert all(abs(r.x1 - r.x0) >= measure - 1 for r in slip.rules), (profile, lesson)
            lowest = min(r.y0 for r in slip.rules)
            assert lowest - slip.foot >= clearance(paper.theme), (profile, lesson, lowest - slip.foot)


@pytest.mark.parametrize("profile, lesson, per_page", [
    ("standard", "02-trotsky-following", 4), ("high-contrast", "03-stalin-bureaucracy", 4),
    ("large-print-18", "04-social-forces", 2), ("large-print-24", "02-trotsky-following", 1),
    ("large-print-36", "02-trotsky-following", 1)])
def test_a_sheet_of_slips_is_filled_by_them(tmp_path_factory, profile, lesson, per_page):
    """As many slips as fit, each row grown by whole lines to its equal share of the sheet: the lowest
    row of slips ends less than a line a row above the foot of the text area. A large-print slip alone
    on its page was a third of it, with two lines to write on."""
    out = course_in_profile(tmp_path_factory, profile)
    paper = read_paper(next((out / lesson).glob("*exit-ticket*.pdf")), theme_for("A4", profile))
    t = paper.theme
    assert paper.pages == 1
    slips = slips_on(paper, 0)
    assert len(slips) == per_page
    rows = len({round(s.top) for s in slips})
    assert min(s.foot for s in slips) - t.margin_bottom < rows * t.answer_line_height + t.box_gap, \
        [round(s.foot) for s in slips]
    assert all(len(s.rules) > lines_wanted(lesson) for s in slips)  # grown into the room left


def _slip_cells(doc) -> list:
    """The table cells that hold a "Name:" line (in a table of its own, the slip's details) and the
    slip's answer lines: the slips."""
    def holds_name(cell) -> bool:
        return any(p.text.startswith("Name:") for p in cell.paragraphs) or any(
            holds_name(inner) for table in cell.tables for row in table.rows for inner in row.cells)

    found, tables = [], list(doc.tables)
    while tables:
        table = tables.pop()
        for cell in {id(c): c for row in table.rows for c in row.cells}.values():
            tables += cell.tables
            if any(p.style.name == "Answer Line" for p in cell.paragraphs) and holds_name(cell):
                found.append(cell)
    return found


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_the_docx_slips_have_answer_lines_for_their_marks(tmp_path_factory, profile):
    """The DOCX's slips had the PDF's underscores: now the worksheet's Answer Line paragraphs, ruled
    across the cell, the last with the clearance above the cut line as its space after."""
    out = course_in_profile(tmp_path_factory, profile)
    theme = theme_for("A4", profile)
    for lesson in WRITTEN:
        doc = Document(str(next((out / lesson).glob("*exit-ticket*.docx"))))
        cells = _slip_cells(doc)
        assert cells, lesson
        for cell in cells:
            lines = [p for p in cell.paragraphs if p.style.name == "Answer Line"]
            assert len(lines) >= lines_wanted(lesson), (lesson, len(lines))
            assert lines[-1].paragraph_format.space_after.pt >= clearance(theme) - 0.5
            assert not [p.text for p in cell.paragraphs if p.text.startswith("___")]


@pytest.mark.slow
def test_libreoffice_prints_the_docx_slips_ruled_and_filling_the_sheet(soffice, tmp_path_factory, tmp_path):  # noqa: F811
    """The twin of the PDF as LibreOffice prints it: as many slips on one page as the PDF has (lesson
    01's high-contrast slips, estimated to fit four, left their second row overleaf), each with its
    ruled lines clear of its cut line, a large-print slip filling its page."""
    cases = [("standard", "02-trotsky-following", 4), ("large-print-24", "02-trotsky-following", 1),
             ("high-contrast", "01-soviet-1905", 2)]
    files = [next((course_in_profile(tmp_path_factory, profile) / lesson).glob("*exit-ticket*.docx"))
             for profile, lesson, _ in cases]
    for printed, (profile, lesson, per_page) in zip(libreoffice_pdfs(soffice, files, tmp_path), cases):
        paper = read_paper(printed, theme_for("A4", profile))
        t = paper.theme
        assert paper.pages == 1, profile
        slips = slips_on(paper, 0)
        assert len(slips) == per_page, profile
        for slip in slips:
            assert len(slip.rules) >= lines_wanted(lesson), (profile, len(slip.rules))
            assert min(r.y0 for r in slip.rules) - slip.foot >= clearance(t) - 1, profile
        if per_page == 1:  # grown to the page, by an estimate that errs short of it
            assert slips[0].foot - t.margin_bottom < 3 * t.answer_line_height, slips[0].foot

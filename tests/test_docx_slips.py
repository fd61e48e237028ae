"""An exit-ticket slip taller than a page in the DOCX, as LibreOffice prints it: cut between its
questions into pieces as the PDF cuts it, each under the slip's title and Name line and ruled all
round, so every piece can be cut out (run over a page as one table, its first piece had no rule at
its foot: Word and LibreOffice rule no edge a page break makes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_root, course_in_profile, libreoffice_pdfs, run_cli
from test_docx_keep import soffice  # noqa: F401 (a fixture)
from pagecheck import read_paper

from lessonpack.theme import theme_for


@pytest.fixture(scope="module")
def printed_slip(soffice, tmp_path_factory) -> Path:  # noqa: F811
    root = copy_root("all-types", tmp_path_factory.mktemp("slip"))
    out = root / "out"
    result = run_cli("build", str(root), "--out", str(out), "--profile", "large-print-24", "--format", "docx",
                     "--only", "students")
    assert result.returncode == 0, result.stderr
    docx = out / "quick-tables" / "quick-tables_exit-ticket_large-print-24.docx"
    (printed,) = libreoffice_pdfs(soffice, [docx], root)
    return printed


@pytest.mark.slow
def test_each_piece_of_a_slip_taller_than_a_page_is_ruled_at_its_top_and_its_foot(printed_slip):
    theme = theme_for("A4", "large-print-24")
    paper = read_paper(printed_slip, theme)
    assert paper.pages == 2, "the slip is no longer taller than a page: the test proves nothing"
    box_width = round(theme.box_rule_width * 8) / 8  # as DOCX stores it, in eighths of a point
    for page in range(paper.pages):
        # the slip's rules across the text width, at the box's weight (not a table's or an answer line's)
        edges = sorted(s.y0 for s in paper.strokes if s.page == page and s.horizontal
                       and abs(s.width - box_width) < 0.01 and abs(s.x1 - s.x0) > theme.text_width * 0.9)
        assert len(edges) == 2, (page, edges)  # its top and its foot
        words = [w.text for w in paper.words if w.page == page]
        assert "Name:" in words  # each piece under the slip's Name line


@pytest.mark.slow
def test_a_large_print_slip_that_fills_its_page_prints_on_one_page(soffice, tmp_path_factory, tmp_path):  # noqa: F811
    """Lesson 05's exit ticket at 24 pt: the paragraph Word needs after the slip's table went
    overleaf, a blank second page in LibreOffice."""
    docx = next(course_in_profile(tmp_path_factory, "large-print-24").rglob(
        "05-reading-critically_exit-ticket_large-print-24.docx"))
    (printed,) = libreoffice_pdfs(soffice, [docx], tmp_path)
    paper = read_paper(printed, theme_for("A4", "large-print-24"))
    assert paper.pages == 1


@pytest.mark.slow
def test_slips_stand_a_gap_apart_with_their_text_inside_the_cut_lines(soffice, tmp_path_factory, tmp_path):  # noqa: F811
    """Lesson 02's standard exit ticket, four slips to a page: each slip's box was as wide as its grid
    cell but stood inside the cell's margins, so it ran over by them: LibreOffice set the text 2 pt
    from the right cut line, and the rows of slips touched (one dashed line for two cuts). The PDF
    leaves the grid's gap between slips, across and down, and its text well inside each box."""
    theme = theme_for("A4", "standard")
    docx = next(course_in_profile(tmp_path_factory, "standard").rglob("02-trotsky-following_exit-ticket.docx"))
    (printed,) = libreoffice_pdfs(soffice, [docx], tmp_path)
    paper = read_paper(printed, theme)
    weight = round(theme.box_rule_width * 8) / 8  # as DOCX stores it, in eighths of a point
    frames = [s for s in paper.strokes if s.page == 0 and abs(s.width - weight) < 0.01]
    sides = sorted({round(s.x0, 1) for s in frames if not s.horizontal})
    edges = sorted({round(s.y0, 1) for s in frames if s.horizontal})
    assert len(sides) == 4 and len(edges) == 4, (sides, edges)  # two columns, two rows of slips
    for gap in (sides[2] - sides[1], edges[2] - edges[1]):
        assert gap >= theme.grid_gap * 0.8, (sides, edges)
    for left, right in zip(sides[::2], sides[1::2]):
        for bottom, top in zip(edges[::2], edges[1::2]):
            words = [w for w in paper.words if w.page == 0 and left < w.x0 < right and bottom < w.y0 < top]
            assert words, (left, bottom)
            assert min(w.x0 for w in words) - left >= 4 and right - max(w.x1 for w in words) >= 4, (left, bottom)

"""How particular question types look on a student's page, read back from the built PDF and DOCX
(issues 16, 17): lesson 03's organiser grid, its true/false statements, lesson 02's extension."""

from __future__ import annotations

import pytest
from conftest import REPO, run_cli
from pagecheck import read_paper, text_lines

from lessonpack.theme import theme_for

LESSON02 = REPO / "lessons" / "02-trotsky-following.yaml"
LESSON03 = REPO / "lessons" / "03-stalin-bureaucracy.yaml"


def built(tmp_path_factory, lesson, profile: str, fmt: str = "pdf"):
    """A lesson's student documents in one profile, built once for this module."""
    out = tmp_path_factory.mktemp(f"{lesson.stem[:2]}-{profile}-{fmt}")
    result = run_cli("build", str(lesson), "--out", str(out), "--profile", profile, "--format", fmt,
                     "--only", "students")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def std03(tmp_path_factory):
    return built(tmp_path_factory, LESSON03, "standard")


def words_of(line) -> str:
    return " ".join(r.text for r in line.runs)


def test_no_loose_lines_under_a_question_grid(std03):
    """Standard lesson 03's Question 6 ends its page with the organiser grid: four ruled lines
    stood under it, answer space for nothing asked. The grid's cells are the answer space."""
    (sheet,) = std03.rglob("*student-worksheet*.pdf")
    paper = read_paper(sheet, theme_for("A4", "standard"))
    t = paper.theme
    page = next(p for p in range(paper.pages)
                if any(words_of(line).startswith("Stalin's own abilities") for line in text_lines(paper, p)))
    frames = [min(s.y0, s.y1) for s in paper.on(page, paper.strokes)
              if s.vertical and abs(s.width - t.table_rule_width) < 0.05]
    foot = min(frames)  # the grid's foot
    loose = [s.y0 for s in paper.on(page, paper.strokes)
             if s.horizontal and s.y0 < foot - 1 and s.y0 > t.margin_bottom - 1]
    assert loose == [], f"page {page + 1}: lines under the grid at {loose}"

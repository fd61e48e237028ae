"""A stacked box of a question at a page foot, when the next box cannot start under it, grows its
last space to write in to the page foot (answer space is a minimum, issue 16), inside its frame.

Lesson 05's large-print class-set copies left 38–45 % of a page blank under a box of question 5
("Question 5 (continued)"): the next box, kept with its evidence and its first space to write in,
did not fit there and moved whole."""

from __future__ import annotations

import pytest
from conftest import REPO, run_cli
from pagecheck import page_too_blank, read_paper, text_lines

from lessonpack.theme import theme_for
from lessonpack.wording import continued_label, question_label

LESSON05 = REPO / "lessons" / "05-reading-critically.yaml"


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_a_page_of_stacked_boxes_is_filled_with_space_to_write_in(tmp_path, profile):
    roster = tmp_path / "10B.csv"
    roster.write_text("name,class\nCy Twombly,10B\n", encoding="utf-8")
    result = run_cli("build", str(LESSON05), "--roster", str(roster), "--out", str(tmp_path / "out"),
                     "--profile", profile, "--format", "pdf")
    assert result.returncode == 0, result.stderr
    (copy,) = (tmp_path / "out").rglob("Cy-Twombly_*.pdf")
    theme = theme_for("A4", profile)
    paper = read_paper(copy, theme)
    label = continued_label(question_label("5"))
    boxed = {page for page in range(paper.pages)
             if any(label in " ".join(r.text for r in line.runs) for line in text_lines(paper, page)[:1])}
    assert boxed, "question 5's boxes run over no page"
    assert [f for f in page_too_blank(paper) if f.page - 1 in boxed] == []
    t = paper.theme
    for page in boxed:  # every line to write on inside a box: none drawn past its frame's foot
        frames = [min(s.y0, s.y1) for s in paper.on(page, paper.strokes)
                  if s.vertical and abs(s.width - t.table_rule_width) < 0.05]
        rules = [s.y0 for s in paper.on(page, paper.strokes)
                 if s.horizontal and abs(s.width - t.rule_width) < 0.05 and t.margin_bottom - 1 < s.y0]
        assert frames and rules and min(rules) >= min(frames) - 0.5, (page + 1, rules, frames)


def test_the_room_under_a_grid_goes_to_its_cells_to_write_in_not_to_its_one_line_answer(tmp_path):
    """Lesson 03's Question 6 at 24 pt: the room under its last box went to that box's last space, a
    "P or S?" asking for a letter (6 lines), while "What Source A says" and "Other evidence" kept 2
    each. Now the spaces asked for with two lines or more share it; "P or S?" keeps its one line."""
    lesson = REPO / "lessons" / "03-stalin-bureaucracy.yaml"
    result = run_cli("build", str(lesson), "--out", str(tmp_path / "out"), "--profile", "large-print-24",
                     "--format", "pdf", "--only", "students")
    assert result.returncode == 0, result.stderr
    (sheet,) = (tmp_path / "out").rglob("*student-worksheet*.pdf")
    paper = read_paper(sheet, theme_for("A4", "large-print-24"))
    t = paper.theme

    def line_at(page: int, words: str, below: float = 1e6) -> float:
        return next(line.y for line in text_lines(paper, page)
                    if line.y < below and " ".join(r.text for r in line.runs).startswith(words))

    page = next(p for p in range(paper.pages)
                if any(" ".join(r.text for r in line.runs).startswith("Stalin's own abilities")
                       for line in text_lines(paper, p)))
    box = line_at(page, "Stalin's own abilities")  # the last box: the page may end another above it
    says = line_at(page, "What Source A says", box)
    other = line_at(page, "Other evidence", says)
    letter = line_at(page, "P or S?", other)
    rules = [s.y0 for s in paper.on(page, paper.strokes) if s.horizontal and abs(s.width - t.rule_width) < 0.05]
    frames = [min(s.y0, s.y1) for s in paper.on(page, paper.strokes)
              if s.vertical and abs(s.width - t.table_rule_width) < 0.05]
    foot = min(frames)
    assert len([y for y in rules if other < y < says]) > 2
    assert len([y for y in rules if letter + 1 < y < other]) > 2
    assert len([y for y in rules if foot - 0.5 <= y < letter + 1]) == 1  # its own line, the label written on it

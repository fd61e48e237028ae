"""A mistake on a very long line shows the part of the line around it, not the whole line."""

from __future__ import annotations

from conftest import copy_root, run_cli


def test_a_refusal_on_a_huge_line_shows_a_short_piece_of_it_with_the_caret(tmp_path):
    course = copy_root("rel-base", tmp_path)
    lesson = course / "lessons" / "01-soviet.yaml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace('title: "The first soviet"', 'title: "' + "ab " * 100_000 + '"'), encoding="utf-8")
    result = run_cli("validate", str(course))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "01-soviet.yaml:2:" in result.stderr, result.stderr[:500]
    assert len(result.stderr) < 5_000, len(result.stderr)  # the line is 300,000 characters
    shown = [line for line in result.stderr.splitlines() if "ab ab" in line]
    assert shown and all(len(line) < 200 for line in shown), shown
    assert shown[0].rstrip().endswith("…")

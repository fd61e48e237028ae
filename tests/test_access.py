"""`lessonpack check-access`: the accessibility warnings a teacher sees, each naming its file.

The shipped course is checked in the standard profile (11 pt body text: a warning) and in
the enlarged ones (no such warning). tests/roots/prof-access has a lesson whose source has
a blank caption and whose worksheet (a course template) has a box without a title and a
table with an empty header row; its other lesson has none of these problems.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from conftest import REPO, copy_root, pdf_text, root_path, run_cli, squash
from lessonpack.access import theme_problems
from lessonpack.theme import theme_for

BODY_WARNING = re.compile(r'body text is ([\d.]+) pt in the "([\w-]+)" profile, under 12 pt')


def warnings(output: str) -> list[str]:
    """The warning lines of check-access: "file: warning: message"."""
    return [line for line in output.splitlines() if ": warning: " in line]


def counted(output: str) -> int:
    found = re.search(r"^(\d+) accessibility warnings?\.$", output, re.M)
    assert found, output
    return int(found.group(1))


def check_access(*args: str, cwd=REPO):
    """`lessonpack check-access ARGS` run in cwd (file names are shown relative to it)."""
    result = run_cli("check-access", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert counted(result.stdout) == len(warnings(result.stdout))
    return result


def test_the_shipped_course_warns_about_11_pt_body_text_on_the_standard_paper():
    result = check_access(str(REPO))
    body = [line for line in warnings(result.stdout) if BODY_WARNING.search(line)]
    assert len(body) == 1
    assert BODY_WARNING.search(body[0]).groups() == ("11", "standard")
    assert body[0].startswith("lessons/course.yaml: warning: ")
    assert "large-print-18" in body[0]  # it says what to print instead


@pytest.mark.parametrize("profile", ["large-print-18", "dyslexia", "high-contrast"])
def test_the_enlarged_profiles_have_no_body_text_warning(profile):
    result = check_access(str(REPO), "--profile", profile)
    assert [line for line in warnings(result.stdout) if "body text" in line or " pt" in line] == []


def test_large_print_18_gives_the_shipped_course_no_warning_at_all():
    result = check_access(str(REPO), "--profile", "large-print-18")
    assert warnings(result.stdout) == []
    assert counted(result.stdout) == 0


@pytest.mark.parametrize("profile, status", [("standard", 1), ("large-print-18", 0)])
def test_strict_exits_1_only_when_there_is_a_warning(profile, status):
    """Warnings alone never fail a build; --strict lets a department's script stop on them."""
    check_access(str(REPO), "--profile", profile)  # exits 0 with or without warnings
    strict = run_cli("check-access", str(REPO), "--profile", profile, "--strict", cwd=REPO)
    assert strict.returncode == status, strict.stderr
    assert "Traceback" not in strict.stderr


@pytest.fixture(scope="module")
def problems() -> list[str]:
    result = check_access("--profile", "large-print-18", cwd=root_path("prof-access"))
    return warnings(result.stdout)


@pytest.mark.parametrize("message", [
    'worksheet: a "tip" box has no title, so only its colour says what it is',
    "worksheet: Source A has no provenance caption",
    "worksheet: a table has an empty header row, so screen readers cannot name its columns",
    "extract: Source A has no provenance caption",
])
def test_each_problem_is_warned_about_once_naming_the_lesson_file(problems, message):
    assert [line for line in problems if line.endswith(message)] == \
        [f"lessons/01-no-caption.yaml: warning: {message}"]


def test_a_lesson_without_problems_gets_no_warning(problems):
    assert len(problems) == 4
    assert [line for line in problems if "02-fine" in line] == []


def test_an_empty_caption_prints_the_caption_made_from_the_essay(tmp_path):
    """caption: "" is not a missing caption: the extract prints the one made from the front matter."""
    root = copy_root("prof-access", tmp_path)
    result = run_cli("build", str(root / "lessons" / "02-fine.yaml"), "--format", "pdf", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    text = squash(pdf_text(root / "out" / "02-fine" / "02-fine_source-extracts.pdf"))
    assert "A. Teacher, “Soviets and Personalities”, blog post, 2020." in text


def test_check_access_in_the_standard_profile_adds_the_body_text_warning():
    result = check_access(cwd=root_path("prof-access"))
    lines = warnings(result.stdout)
    assert len(lines) == 5  # the four content problems and body text (captions are 10 pt, not small print)
    assert any(BODY_WARNING.search(line) for line in lines)


def test_check_access_with_an_unknown_profile_lists_the_profiles():
    result = run_cli("check-access", str(REPO), "--profile", "nope", cwd=REPO)
    assert result.returncode == 1
    assert 'unknown print profile "nope"' in result.stderr
    assert "large-print-18" in result.stderr and "dyslexia" in result.stderr


def test_small_captions_and_small_line_numbers_are_warned_about_separately():
    """Captions and table text are read; line numbers, header and footer are only glanced at."""
    standard = theme_for("A4", "standard")
    assert theme_problems(standard, "standard") == [problem for problem in theme_problems(standard, "standard")
                                                    if problem.startswith("body text")]
    small = dataclasses.replace(standard, note_size=8.5, small_size=7)
    found = theme_problems(small, "school")
    assert "captions, headnotes, glossaries and table text are 8.5 pt" in found
    assert "line numbers, header and footer are 7 pt" in found

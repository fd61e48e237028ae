"""A clean `lessonpack validate` of an unchanged course is answered from the cache (validate_cache.py);
any change to what the check read, or could read, is checked afresh.

Each test checks a course once (clean, so the check is remembered), changes one thing a teacher
might change, and checks again: the new problem must be reported, at its line, with exit status 1.
That the remembered answer really skips loading the course is pinned in test_startup.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_root, run_cli

LESSON = "lessons/01-first-soviet.yaml"


@pytest.fixture
def course(tmp_path) -> Path:
    return copy_root("inc-two-essays", tmp_path)


def validate(course: Path, *args: str):
    return run_cli("validate", *args, cwd=course, env={"LESSONPACK_CACHE_DIR": str(course.parent / "cache")})


def edit(course: Path, name: str, old: str, new: str) -> None:
    path = course / name
    text = path.read_text(encoding="utf-8")
    assert old in text, name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_course_is_reported_the_same_twice_with_its_warnings(course):
    edit(course, LESSON, "The first soviet", "The first\u200b soviet")  # a warning, at line 2
    first, again = validate(course), validate(course)
    assert first.returncode == again.returncode == 0, first.stderr
    assert "2 lessons OK (1 warning)." in first.stdout
    assert "01-first-soviet.yaml:2:" in first.stderr and "zero-width space" in first.stderr
    assert (again.stdout, again.stderr) == (first.stdout, first.stderr)
    assert json.loads(validate(course, "--format", "json").stdout) == \
        json.loads(validate(course, "--format", "json").stdout) != []


CHANGES = {
    "a quote no longer in the essay": (LESSON, "workplaces and workshops", "factories and farms",
                                       "01-first-soviet.yaml"),
    "the essay no longer holding the quote": ("lessons/essays/soviets.md", "representatives of workplaces",
                                              "delegates of workplaces", "01-first-soviet.yaml"),
    "marks that are not a number": (LESSON, "marks: 2", "marks: two", "01-first-soviet.yaml:"),
    "the course file broken": ("lessons/course.yaml", "title:", "titel:", "course.yaml"),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_change_to_a_file_the_check_read_is_checked_again(course, change):
    name, old, new, where = CHANGES[change]
    assert validate(course).returncode == 0
    edit(course, name, old, new)
    result = validate(course)
    assert result.returncode == 1, result.stdout
    assert where in result.stderr


def test_a_lesson_added_is_checked(course):
    assert validate(course).returncode == 0
    text = (course / LESSON).read_text(encoding="utf-8").replace("marks: 2", "marks: -3")
    (course / "lessons" / "03-added.yaml").write_text(text, encoding="utf-8")
    result = validate(course)
    assert result.returncode == 1 and "03-added.yaml" in result.stderr


def test_a_template_added_to_the_course_is_checked(course):
    """A course's own template overrides the default: the cached answer knew only the default."""
    assert validate(course).returncode == 0
    (course / "templates").mkdir()
    (course / "templates" / "worksheet.md.j2").write_text("# {{ lesson.title }\n", encoding="utf-8")
    result = validate(course)
    assert result.returncode == 1 and "worksheet.md.j2" in result.stderr


def test_a_check_that_found_problems_is_run_again_and_a_torn_entry_passed_over(course):
    edit(course, LESSON, "marks: 2", "marks: two")
    assert validate(course).returncode == 1
    assert not (course.parent / "cache" / "validate").exists()  # nothing remembered
    edit(course, LESSON, "marks: two", "marks: 2")
    assert validate(course).returncode == 0
    for entry in (course.parent / "cache" / "validate").iterdir():
        entry.write_bytes(entry.read_bytes()[:-5])  # torn: its hash no longer matches
    edit(course, LESSON, "marks: 2", "marks: two")
    assert validate(course).returncode == 1


def test_a_course_template_edited_in_place_is_checked_for_every_lesson(course):
    """Each lesson's documents are rendered again when a template they use changes, though the lessons did not."""
    (course / "templates").mkdir()
    (course / "templates" / "worksheet.md.j2").write_text("# {{ lesson.title }}\n", encoding="utf-8")
    assert validate(course).returncode == 0
    (course / "templates" / "worksheet.md.j2").write_text("# {{ lesson.title | no_such_filter }}\n",
                                                          encoding="utf-8")
    result = validate(course)
    assert result.returncode == 1 and "worksheet.md.j2" in result.stderr and "no_such_filter" in result.stderr

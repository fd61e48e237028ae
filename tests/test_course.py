"""Loading a course: every reference resolved, or reported at file:line.

The mistakes a teacher makes in one lesson, and all of them together, are in test_errors.py
(one table, through `lessonpack validate`); these are the ones that need a course of their own."""

from __future__ import annotations

import re

import pytest

from conftest import line_of, problems, root_path
from lessonpack.course import load_course
from lessonpack.errors import ErrorGroup
from lessonpack.essay import load_essay

LESSON = "01-first-soviet.yaml"


def lesson_file(root: str, name: str = LESSON):
    return root_path(root) / "lessons" / name


def essay_of(root: str):
    return load_essay(root_path(root) / "lessons" / "essays" / "soviets.md")


def load_problems(root: str) -> list:
    """The problems a course reports; they must come together, as one ErrorGroup."""
    with pytest.raises(ErrorGroup) as info:
        load_course(root_path(root))
    found = problems(info.value)
    for problem in found:
        assert problem.location is not None and problem.location.line > 0, str(problem)
        assert problem.hint, str(problem)
    return found


def the_problem(root: str, fragment: str):
    matching = [p for p in load_problems(root) if fragment in p.message]
    assert len(matching) == 1, f"expected one problem with {fragment!r}"
    return matching[0]


def at(problem, file, line, column=None):
    assert problem.location.file.resolve() == file.resolve()
    assert problem.location.line == line, str(problem)
    if column is not None:
        assert problem.location.column == column, str(problem)
    # What the user reads starts with file:line.
    first = problem.render().splitlines()[0]
    assert re.match(rf"^\S*{re.escape(file.name)}:{line}(:\d+)?: ", first), first


# ----------------------------------------------------------------- a good course


def test_a_good_course_loads_with_its_references_resolved():
    course = load_course(root_path("good"))
    assert course.course.title == "Test course"
    assert [lesson.id for lesson in course.lessons] == ["01-first-soviet"]
    loaded = course.lessons[0]
    essay = essay_of("good")
    section = essay.section("soviet-1905")
    source = loaded.source("A")
    assert [piece.paragraph for piece in source.pieces] == list(range(section.first, section.last + 1))
    assert [piece.text for piece in source.pieces] == [
        essay.paragraph(n).text for n in range(section.first, section.last + 1)]
    assert loaded.source("B") is None
    assert set(course.essays) == {"soviets"}


# ----------------------------------------------------------------- reference mistakes


@pytest.mark.parametrize("root, fragment", [
    ("err-unknown-section", 'unknown section "soviet-1906"'),
    ("err-paragraph-range", '"5-99"'),
])
def test_an_unresolved_extract_does_not_also_blame_the_questions_that_quote_it(root, fragment):
    """The questions' quotes are right; only the extract is wrong, so only it is reported."""
    found = load_problems(root)
    assert len(found) == 1, [p.message for p in found]
    assert fragment in found[0].message


def test_paragraph_range_past_the_end_is_located_and_the_hint_gives_the_bounds():
    file = lesson_file("err-paragraph-range")
    problem = the_problem("err-paragraph-range", '"5-99"')
    at(problem, file, line_of(file, 'paragraphs: "5-99"'))
    assert f"between 1 and {len(essay_of('err-paragraph-range').paragraphs)}" in problem.hint


def test_essay_mistakes_are_reported_through_the_course_at_the_essay_line():
    essay = root_path("err-essay-duplicate-section") / "lessons" / "essays" / "soviets.md"
    problem = the_problem("err-essay-duplicate-section", "used twice")
    at(problem, essay, line_of(essay, "## Trotsky and the workers"))

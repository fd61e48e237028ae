"""Loading a course: every reference checked, every mistake reported at once with file:line."""

from __future__ import annotations

import re

import pytest

from conftest import column_of, line_of, problems, root_path
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


def test_unknown_section_is_located_and_the_hint_lists_the_valid_ids():
    file = lesson_file("err-unknown-section")
    problem = the_problem("err-unknown-section", 'unknown section "soviet-1906"')
    at(problem, file, line_of(file, "section: soviet-1906"))
    for section in essay_of("err-unknown-section").sections:
        assert section.id in problem.hint


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


def test_quote_not_in_essay_gets_the_closest_passage_and_its_paragraph_number():
    file = lesson_file("err-quote-missing")
    problem = the_problem("err-quote-missing", "not in the essay")
    at(problem, file, line_of(file, "democracies"))
    essay = essay_of("err-quote-missing")
    near = essay.find_quote("workers themselves had invented their own democracy")
    assert near is not None
    assert f"¶{near.paragraph}" in problem.hint
    passage = re.search(r"“(.+?)”", problem.hint)
    assert passage, problem.hint
    assert passage[1] in essay.paragraph(near.paragraph).text
    assert "invented their own" in passage[1]


def test_question_naming_a_missing_source_letter():
    file = lesson_file("err-source-letter")
    problem = the_problem("err-source-letter", 'there is no source "B"')
    assert problem.message.startswith("questions[1].source:")
    at(problem, file, line_of(file, "source: B"), column_of(file, "source: B", "B"))
    assert "A" in problem.hint


def test_keyword_not_in_glossary_suggests_the_close_one():
    file = lesson_file("err-keyword")
    problem = the_problem("err-keyword", '"delegte" is not in the course glossary')
    assert problem.message.startswith("keywords[1]:")
    at(problem, file, line_of(file, "keywords:"), column_of(file, "keywords:", "delegte"))
    assert 'did you mean "delegate"' in problem.hint


def test_activities_longer_than_the_lesson():
    file = lesson_file("err-activities-too-long")
    problem = the_problem("err-activities-too-long", "activities")
    assert "50 minutes" in problem.message and "30" in problem.message
    first, last = line_of(file, "activities:"), line_of(file, 'title: "Vote"')
    assert first <= problem.location.line <= last
    at(problem, file, problem.location.line)


def test_total_marks_that_do_not_add_up():
    file = lesson_file("err-total-marks")
    problem = the_problem("err-total-marks", "total_marks")
    assert "6 marks, not 7" in problem.message
    at(problem, file, line_of(file, "total_marks: 7"), column_of(file, "total_marks: 7", "7"))


def test_unknown_key_says_did_you_mean():
    file = lesson_file("err-unknown-key")
    problem = the_problem("err-unknown-key", 'unknown key "modle_answer"')
    assert problem.message.startswith("questions[0].modle_answer:")
    at(problem, file, line_of(file, "modle_answer:"), column_of(file, "modle_answer:", "modle_answer"))
    assert 'did you mean "model_answer"' in problem.hint


def test_marks_written_as_a_word():
    file = lesson_file("err-marks-not-number")
    found = load_problems("err-marks-not-number")
    assert len(found) == 1
    problem = found[0]
    assert problem.message == 'questions[0].marks: expected a whole number, but received "four"'
    at(problem, file, line_of(file, "marks: four"), column_of(file, "marks: four", "four"))


def test_essay_mistakes_are_reported_through_the_course_at_the_essay_line():
    essay = root_path("err-essay-duplicate-section") / "lessons" / "essays" / "soviets.md"
    problem = the_problem("err-essay-duplicate-section", "used twice")
    at(problem, essay, line_of(essay, "## Trotsky and the workers"))


# ----------------------------------------------------------------- all at once


def test_every_mistake_in_every_lesson_is_reported_together():
    references = lesson_file("err-many", "01-references.yaml")
    schema = lesson_file("err-many", "02-schema.yaml")
    found = load_problems("err-many")
    where = {(p.location.file.name, p.location.line) for p in found}
    expected = {
        (references.name, line_of(references, "section: soviet-1906")),
        (references.name, line_of(references, "source: B")),
        (references.name, line_of(references, "keywords:")),
        (references.name, line_of(references, "total_marks: 7")),
        (schema.name, line_of(schema, "marks: four")),
        (schema.name, line_of(schema, "modle_answer:")),
    }
    assert expected <= where
    messages = "\n".join(p.message for p in found)
    for fragment in ('unknown section "soviet-1906"', 'there is no source "B"', '"delegte"',
                     "longer than the lesson", "6 marks, not 7", 'received "four"', 'unknown key "modle_answer"'):
        assert fragment in messages
    with pytest.raises(ErrorGroup) as info:
        load_course(root_path("err-many"))
    rendered = info.value.render()
    for problem in found:
        assert str(problem) in rendered

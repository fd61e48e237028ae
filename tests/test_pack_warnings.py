"""`lessonpack validate` warns when a lesson asks students for something their pack does not print.

A lesson once told students to "Use the timeline" and printed none, so marks depended on facts
no student held. Each test writes one lesson into a copy of tests/roots/errors-course, runs the
real command (`--format json`) and reads the warning's file, line, message and hint.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO
from test_errors import LESSON, ROOT, changed, position, validate, write


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    """A private copy of the errors course, as the working folder."""
    root = tmp_path / "course"
    shutil.copytree(ROOT, root)
    monkeypatch.chdir(root)
    return root

TIMELINE_COURSE = "glossary:\n"
TIMELINE_EVENTS = ('timeline:\n  - {date: "Oct 1905", year: 1905, event: "The council first meets"}\n'
                   "glossary:\n")


def pack_warnings(found: list[dict]) -> list[dict]:
    return [d for d in found if d["severity"] == "warning"]


def test_a_question_that_uses_the_timeline_of_a_pack_without_one_is_warned_about(course):
    text = write(course, changed('prompt: "Who were the delegates?"',
                                 'prompt: "Who were the delegates? Use the timeline."'))
    code, found = validate()
    assert code == 0
    [warning] = pack_warnings(found)
    assert warning["file"] == LESSON
    assert warning["line"] == position(text, "Use the timeline")[0]
    assert warning["message"] == "tells students to use the timeline, but this lesson's pack prints none"
    assert "timeline: true" in warning["hint"]


def test_the_timeline_warning_goes_when_the_lesson_prints_the_course_timeline(course):
    course_file = course / "lessons" / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8").replace(TIMELINE_COURSE, TIMELINE_EVENTS),
                           encoding="utf-8")
    text = changed('prompt: "Who were the delegates?"', 'prompt: "Who were the delegates? Use the timeline."')
    write(course, changed("total_marks: 4", "total_marks: 4\ntimeline: true", text))
    code, found = validate()
    assert code == 0 and pack_warnings(found) == []


def test_an_activity_that_uses_the_timeline_is_warned_about_at_its_description(course):
    text = write(course, changed('title: "Read"', 'title: "Read"\n    description: "Check each date against the timeline."'))
    _, found = validate()
    [warning] = pack_warnings(found)
    assert warning["line"] == position(text, "Check each date")[0] and "timeline" in warning["message"]


def test_a_source_letter_the_pack_does_not_print_is_warned_about(course):
    text = write(course, changed('prompt: "Could delegates be recalled?"',
                                 'prompt: "Compare Sources A and C: could delegates be recalled?"'))
    _, found = validate()
    [warning] = pack_warnings(found)
    assert warning["line"] == position(text, "Compare Sources")[0]
    assert warning["message"] == "tells students to use Source C, but this lesson's pack prints only Source A"


def test_a_range_of_source_letters_is_read_as_every_letter_in_it(course):
    write(course, changed('prompt: "True or false?"', 'prompt: "True or false, using Sources A–C?"'))
    _, found = validate()
    [warning] = pack_warnings(found)
    assert warning["message"].startswith("tells students to use Source B, C,")


def test_a_named_key_word_the_pack_does_not_print_is_warned_about(course):
    text = write(course, changed('prompt: "Who were the delegates?"',
                                 "prompt: \"Who were the delegates? Use the key word 'recall'.\""))
    _, found = validate()
    [warning] = pack_warnings(found)
    assert warning["line"] == position(text, "Use the key word")[0]
    assert warning["message"] == "tells students to use the key word 'recall', but this lesson's pack does not print it"


def test_a_key_word_the_pack_prints_is_not_warned_about(course):
    write(course, changed('prompt: "Who were the delegates?"',
                          "prompt: \"Who were the delegates? Use the key word 'delegate'.\""))
    _, found = validate()
    assert pack_warnings(found) == []


def test_a_key_word_with_an_apostrophe_is_read_whole(course):
    course_file = course / "lessons" / "course.yaml"
    course_file.write_text(course_file.read_text(encoding="utf-8").replace(
        TIMELINE_COURSE, TIMELINE_COURSE + "  people's council: \"A council the workers elect.\"\n"), encoding="utf-8")
    text = changed("keywords: [soviet, delegate]", "keywords: [soviet, delegate, \"people's council\"]")
    write(course, changed('prompt: "Who were the delegates?"',
                          "prompt: \"Who were the delegates? Use the key word 'people's council'.\"", text))
    _, found = validate()
    assert pack_warnings(found) == []


def test_a_mark_scheme_that_cites_a_paragraph_outside_the_questions_source_is_warned_about(course):
    text = write(course, changed('    quote: "delegates from workplaces"\n    marks: 2\n',
                                 '    quote: "delegates from workplaces"\n    marks: 2\n'
                                 '    mark_scheme:\n      points:\n        - "Paragraph 4 names the chairman (1)"\n'))
    _, found = validate()
    [warning] = pack_warnings(found)
    assert warning["line"] == position(text, "Paragraph 4 names")[0]
    assert warning["message"] == "cites ¶4, which the question's sources do not print (they hold ¶1–3, ¶6)"


def test_a_mark_scheme_citing_the_sources_own_paragraphs_is_not_warned_about(course):
    write(course, changed('    quote: "delegates from workplaces"\n    marks: 2\n',
                          '    quote: "delegates from workplaces"\n    marks: 2\n'
                          '    mark_scheme:\n      points:\n        - "¶2–3 say who chose them (1)"\n'))
    _, found = validate()
    assert pack_warnings(found) == []


def test_the_shipped_course_asks_for_nothing_its_packs_do_not_print(monkeypatch):
    monkeypatch.chdir(REPO)
    code, found = validate()
    assert code == 0
    assert [(d["file"], d["line"], d["message"]) for d in pack_warnings(found)] == []


def test_a_question_that_refers_to_a_question_the_worksheet_does_not_have_is_warned_about(course):
    text = write(course, changed('prompt: "True or false?"', 'prompt: "True or false? Use your answer to Question 7."'))
    code, found = validate()
    assert code == 0
    [warning] = pack_warnings(found)
    assert warning["line"] == position(text, "Use your answer to Question 7")[0]
    assert warning["message"] == "refers to Question 7, but the worksheet has 3 questions"


def test_a_question_that_refers_to_one_its_tier_paper_leaves_out_is_warned_about(course):
    """On the support and core papers "Question 2" would be another question: the extension-only one is not there."""
    text = changed('    answer: yes\n', '    answer: yes\n    tier: extension\n')
    text = write(course, changed('prompt: "True or false?"', 'prompt: "True or false? See question 2 first."', text))
    code, found = validate()
    assert code == 0
    [warning] = pack_warnings(found)
    assert warning["line"] == position(text, "See question 2 first")[0]
    assert warning["message"] == "refers to Question 2, which the support and core papers it is printed on leave out"

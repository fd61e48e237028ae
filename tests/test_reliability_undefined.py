"""Missing template data is an error naming the template line, never a blank on the worksheet.

Every way a template can touch a name or attribute that is not there (print it,
test it, loop over it, filter it, join it, call it) stops with a LessonpackError;
so does printing an empty value (None). A teacher never gets a worksheet with a
silent gap where a question should be.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import copy_root, root_path, run_cli
from lessonpack.context import build_context
from lessonpack.course import load_course
from lessonpack.errors import LessonpackError
from lessonpack.expand import TemplateSet, render

CASES = {
    "print": ("{{ lesson.subtitle }}", "subtitle"),
    "print-name": ("{{ teacher }}", "teacher"),
    "nested": ("{{ lesson.subtitle.text }}", "subtitle"),
    "item": ("{{ questions[99].prompt }}", "99"),
    "dict-key": ("{{ student.nickname }}", "nickname"),
    "if": ("{% if lesson.subtitle %}x{% endif %}", "subtitle"),
    "if-not": ("{% if not lesson.subtitle %}x{% endif %}", "subtitle"),
    "compare": ("{% if lesson.subtitle == 'x' %}x{% endif %}", "subtitle"),
    "for": ("{% for x in lesson.handouts %}{{ x }}{% endfor %}", "handouts"),
    "length": ("{{ lesson.handouts | length }}", "handouts"),
    "filter": ("{{ lesson.subtitle | upper }}", "subtitle"),
    "tilde": ("{{ 'Title: ' ~ lesson.subtitle }}", "subtitle"),
    "plus": ("{{ 'Title: ' + lesson.subtitle }}", "subtitle"),
    "in": ("{% if 'a' in lesson.subtitle %}x{% endif %}", "subtitle"),
    "attr-filter": ("{{ lesson.subtitle | attr }}", "subtitle"),
    "macro-argument": ("{% macro m(a) %}{{ a }}{% endmacro %}{{ m() }}", "a"),
    "set": ("{% set s = lesson.subtitle %}{{ s }}", "subtitle"),
    "none": ("{{ lesson.essay }}", "None"),
    "none-in-loop": ("{% for q in questions %}{{ q.minutes }}{% endfor %}", "None"),
    "none-joined": ("{{ 'Essay: ' ~ lesson.essay }}", "None"),
}


@pytest.fixture(scope="module")
def course_and_context(tmp_path_factory):
    root = tmp_path_factory.mktemp("undefined") / "course"
    shutil.copytree(root_path("rel-base"), root)
    (root / "templates").mkdir()
    course = load_course(root)
    return root, build_context(course, course.lessons[0], "worksheet").context


@pytest.mark.parametrize(("template", "named"), CASES.values(), ids=CASES.keys())
def test_missing_data_stops_the_template_at_its_line(course_and_context, template, named):
    root, context = course_and_context
    file = root / "templates" / "worksheet.md.j2"
    file.write_text(f"# {{{{ lesson.title }}}}\n\nBefore.\n\n{template}\n\nAfter.\n", encoding="utf-8")
    with pytest.raises(LessonpackError) as info:
        render(TemplateSet(root / "templates"), "worksheet", context)
    error = info.value
    assert error.location.file == file and error.location.line == 5, str(error)
    assert named in error.message
    assert error.hint


def test_defined_tests_and_defaults_still_work(course_and_context):
    root, context = course_and_context
    (root / "templates" / "worksheet.md.j2").write_text(
        "{{ lesson.subtitle | default('none given') }} {{ 'yes' if lesson.subtitle is defined else 'no' }} "
        "{{ lesson.essay or 'course essay' }}\n", encoding="utf-8")
    text = render(TemplateSet(root / "templates"), "worksheet", context)
    assert text == "none given no course essay\n"


def test_the_command_line_writes_no_worksheet_with_a_blank(tmp_path):
    root = copy_root("rel-base", tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "worksheet.md.j2").write_text(
        "# {{ lesson.title }}\n\n{% for q in questions %}\n{{ q.number }}. {{ q.promt }}\n{% endfor %}\n",
        encoding="utf-8")
    result = run_cli("build", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "worksheet.md.j2:4:" in result.stderr and "promt" in result.stderr
    assert not list((tmp_path / "out").rglob("*worksheet*"))

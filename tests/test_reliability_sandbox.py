"""Shared templates can't harm: known sandbox escapes and resource bombs stop with a located message.

Each payload is put in a course's own template; rendering it must raise a
LessonpackError that names that template file (and line), never a Python
exception, never output. The command line must say the same without a traceback.
"""

from __future__ import annotations

import shutil
import time

import pytest

from conftest import copy_root, root_path, run_cli
from lessonpack.context import build_context
from lessonpack.course import load_course
from lessonpack.errors import LessonpackError
from lessonpack.expand import TemplateSet, render
from lessonpack.sandbox import Limits

ESCAPES = {
    "class": "{{ ''.__class__ }}",
    "mro": "{{ ''.__class__.__mro__[1] }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals": "{{ joiner.__init__.__globals__ }}",
    "builtins": "{{ namespace.__init__.__globals__['__builtins__'] }}",
    "format": "{{ '{0.__class__.__mro__}'.format('') }}",
    "format-map": "{{ '{x.__class__}'.format_map({'x': ''}) }}",
    "format-filter": "{{ '%s'|format(''.__class__) }}",
    "attr-filter": "{{ ''|attr('__class__') }}",
    "attr-filter-chain": "{{ (''|attr('__class__'))|attr('__mro__') }}",
    "cycler": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "lipsum": "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "template-reference": "{{ self._TemplateReference__context }}",
    "request": "{{ request.application.__globals__ }}",
    "config": "{{ config.items() }}",
    "context-call": "{{ lesson.__init__ }}",
    "dict-mutation": "{{ student.update({'name': 'x'}) }}",
    "list-mutation": "{{ sources.append(1) }}",
    "getattr-string": "{{ lesson['__class__'] }}",
    "private": "{{ lesson._private }}",
    "range-huge": "{{ range(10**9)|list }}",
    "format-width": "{{ '{:99999999999}'.format('x') }}",
}

BOMBS = {
    "string-times": "{{ 'A' * 10**9 }}",
    "list-times": "{{ [0] * 10**9 }}",
    "power": "{{ 9 ** 999999999 }}",
    "nested-range": "{% for i in range(10**5) %}{% for j in range(10**5) %}{% endfor %}{% endfor %}",
    "loop-output": "{% for i in range(10**5) %}{% for j in range(100) %}xxxxxxxxxx{% endfor %}{% endfor %}",
    "concat-doubling": "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"
                       "{% endfor %}{{ ns.s }}",
    "plus-doubling": "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}"
                     "{% endfor %}{{ ns.s }}",
    "center": "{{ 'x'|center(10**9) }}",
    "ljust": "{{ 'x'.ljust(10**9) }}",
    "percent-width": "{{ '%999999999s' % 'x' }}",
    "format-filter-width": "{{ '%999999999s'|format('x') }}",
    "replace": "{% set s = 'a' * 1000000 %}{{ s|replace('a', s) }}",
    "indent": "{% set s = '\\n' * 1000000 %}{{ s|indent(1000) }}",
    "self-include": "{% include 'worksheet.md.j2' %}",
    "recursive-macro": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "recursive-loop": "{% for i in [1] recursive %}{{ loop([1]) }}{% endfor %}",
}


@pytest.fixture(scope="module")
def course_and_context(tmp_path_factory):
    root = tmp_path_factory.mktemp("sandbox") / "course"
    shutil.copytree(root_path("rel-base"), root)
    (root / "templates").mkdir()
    course = load_course(root)
    return root, build_context(course, course.lessons[0], "worksheet").context


def render_payload(root, context, payload: str, limits: Limits | None = None) -> LessonpackError:
    template = root / "templates" / "worksheet.md.j2"
    template.write_text(f"# {{{{ lesson.title }}}}\n\n{payload}\n", encoding="utf-8")
    templates = TemplateSet(root / "templates")
    env = templates.environment(limits) if limits else None
    with pytest.raises(LessonpackError) as info:
        render(templates, "worksheet", context, env=env)
    error = info.value
    assert error.location is not None and error.location.file.resolve() == template.resolve(), str(error)
    assert error.location.line == 3, str(error)
    assert error.hint
    return error


@pytest.mark.parametrize("payload", ESCAPES.values(), ids=ESCAPES.keys())
def test_a_sandbox_escape_stops_with_an_error_naming_the_template(course_and_context, payload):
    root, context = course_and_context
    error = render_payload(root, context, payload)
    assert any(word in error.message for word in ("unsafe", "not defined", "stopped", "error")), error.message


@pytest.mark.parametrize("payload", BOMBS.values(), ids=BOMBS.keys())
def test_a_resource_bomb_stops_quickly_with_an_error_naming_the_template(course_and_context, payload):
    root, context = course_and_context
    started = time.monotonic()
    error = render_payload(root, context, payload)
    assert time.monotonic() - started < 60  # a hang guard: unchecked, these run for hours or fill memory
    assert error.message.startswith("template stopped:"), error.message


def test_a_slow_template_stops_at_the_time_limit(course_and_context):
    root, context = course_and_context
    payload = "{% for i in range(10**5) %}{{ range(10**5)|sort|first }}{% endfor %}"
    started = time.monotonic()
    error = render_payload(root, context, payload, Limits(seconds=0.5))
    assert time.monotonic() - started < 30  # a hang guard around the 0.5 s limit
    assert "took more than 0.5 seconds" in error.message


def test_ordinary_template_features_still_work(course_and_context):
    root, context = course_and_context
    template = root / "templates" / "worksheet.md.j2"
    template.write_text(
        "# {{ lesson.title ~ '!' }}\n\n"
        "{% macro item(x) %}- {{ x }}{% endmacro %}"
        "{% for q in questions %}{{ item(q.prompt) }}\n{% endfor %}\n"
        "{{ '%s of %s'|format(1, 2) }} {{ 'a-b'.split('-')|join('+') }} {{ range(3)|sum }} {{ 2 ** 10 }}\n",
        encoding="utf-8")
    text = render(TemplateSet(root / "templates"), "worksheet", context)
    assert "The first soviet\\!" in text
    assert "- What did the workers invent in 1905\\?\n" in text  # printed once, escaped once
    assert "1 of 2 a\\+b 3 1024" in text


def test_the_command_line_reports_an_escape_without_a_traceback(tmp_path):
    root = copy_root("rel-base", tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "worksheet.md.j2").write_text(
        "# {{ lesson.title }}\n\n{{ cycler.__init__.__globals__.os.popen('id').read() }}\n", encoding="utf-8")
    result = run_cli("build", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "worksheet.md.j2:3:" in result.stderr
    assert "unsafe" in result.stderr
    assert not list((tmp_path / "out").rglob("*worksheet*"))


def test_the_command_line_stops_a_bomb_without_a_traceback(tmp_path):
    root = copy_root("rel-base", tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "worksheet.md.j2").write_text("# {{ lesson.title }}\n\n{{ 'A' * 10**9 }}\n",
                                                        encoding="utf-8")
    result = run_cli("validate", str(root), process=True)  # its timeout bounds a hang
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "worksheet.md.j2:3:" in result.stderr and "template stopped" in result.stderr


def test_what_a_template_legitimately_needs_still_works(course_and_context):
    """Records, loops, macros and caller, namespace, range, dict, string and mapping methods, imports, blocks."""
    root, context = course_and_context
    (root / "templates" / "kit.md.j2").write_text("{% macro hello(x) %}hello {{ x }}{% endmacro %}\n",
                                                  encoding="utf-8")
    template = root / "templates" / "worksheet.md.j2"
    template.write_text(
        "{% import 'kit.md.j2' as kit %}{% from 'kit.md.j2' import hello %}"
        "{% macro box() %}[{{ caller() }}]{% endmacro %}"
        "{% set ns = namespace(total=0) %}{% set d = dict(a=1) %}\n"
        "A {{ lesson.title.upper() }} {{ lesson['enquiry'].split()[0] }} {{ lesson.title.startswith('The') }}\n"
        "B {% for q in questions %}{{ loop.index }}{{ loop.cycle('o', 'e') }}{{ q.number }}:{{ q.marks }}"
        "{% set ns.total = ns.total + q.marks %}{% if not loop.last %}, {% endif %}{% endfor %} = {{ ns.total }}\n"
        "C {{ questions | length }} {{ questions | sum(attribute='marks') }} "
        "{{ questions | sort(attribute='marks') | map(attribute='number') | join('+') }} "
        "{{ questions | selectattr('marks', 'ge', 2) | list | length }} "
        "{{ questions | groupby('marks') | map(attribute='grouper') | join('/') }}\n"
        "D {% for key, value in student.items() %}{{ key }}{% endfor %} {{ student.keys() | list | length }} "
        "{{ student.get('name', 'x') == '' }} {{ d.items() | list }} {{ range(3) | list }} {{ lesson.questions[1].option_texts | first }}\n"
        "E {% call box() %}{{ glossary[0][0] }}{% endcall %} {{ kit.hello('a') }} {{ hello('b') }} "
        "{{ '%s of %s' | format(1, 2) }} {{ ', '.join(lesson.keywords) }} {{ questions[0].answer_lines }}\n",
        encoding="utf-8")
    lines = render(TemplateSet(root / "templates"), "worksheet", context).splitlines()
    assert lines[0] == "A THE FIRST SOVIET What yes"
    assert lines[1] == "B 1o1:2, 2e2:1 = 3"
    assert lines[2] == "C 2 3 2\\+1 1 1\\/2"
    assert lines[3] == "D namegroupversion 3 yes \\[\\(\\'a\\'\\, 1\\)\\] \\[0\\, 1\\, 2\\] Representatives of workplaces"
    assert lines[4] == "E [soviet] hello a hello b 1 of 2 soviet 4"


def test_blocks_and_super_still_work(course_and_context):
    root, context = course_and_context
    (root / "templates" / "base.md.j2").write_text("{% block top %}base {{ lesson.title }}{% endblock %}\n",
                                                   encoding="utf-8")
    (root / "templates" / "worksheet.md.j2").write_text(
        "{% extends 'base.md.j2' %}{% block top %}[{{ super() }}]{% endblock %}\n", encoding="utf-8")
    assert render(TemplateSet(root / "templates"), "worksheet", context).strip() == "[base The first soviet]"


REFUSED_CALLS = {
    "string-method": ("{{ lesson.title.encode() }}", "encode(…) cannot be called"),
    "list-method": ("{{ lesson.keywords.index('soviet') }}", "index(…) cannot be called"),
    "format": ("{{ 'x{}'.format(1) }}", "format(…) cannot be used"),
}


@pytest.mark.parametrize(("payload", "message"), REFUSED_CALLS.values(), ids=REFUSED_CALLS.keys())
def test_a_refused_call_says_what_may_be_called(course_and_context, payload, message):
    root, context = course_and_context
    error = render_payload(root, context, payload)
    assert message in error.message, error.message
    assert "upper, zfill" in error.hint and "namespace(…)" in error.hint and "loop.cycle(…)" in error.hint


REFUSED_VALUES = {
    "printed-function": ("{{ range }}", "printed the function range"),
    "filtered-macro": ("{% macro m() %}{% endmacro %}{{ m | upper }}", "the filter upper was given the macro m"),
    "joined-loop": ("{% for x in [1] %}{{ 'a' ~ loop }}{% endfor %}", "joining text with ~ was given loop"),
    "private-name": ("{{ questions | map(attribute='_x') | list }}", "may not read '_x'"),
}


@pytest.mark.parametrize(("payload", "message"), REFUSED_VALUES.values(), ids=REFUSED_VALUES.keys())
def test_a_refused_read_or_print_says_what_a_template_may_print(course_and_context, payload, message):
    root, context = course_and_context
    error = render_payload(root, context, payload)
    assert message in error.message, error.message
    assert "text, numbers, lists and mappings" in error.hint


def test_a_missing_key_names_the_record_and_the_nearest_key(course_and_context):
    root, context = course_and_context
    error = render_payload(root, context, "{% for q in questions %}{{ q.promt }}{% endfor %}")
    assert "question has no 'promt'; did you mean 'prompt'?" in error.message
    error = render_payload(root, context, "{{ lesson.subtitle }}")
    assert "Lesson has no 'subtitle'; did you mean 'title'?" in error.message

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
    assert time.monotonic() - started < 10
    assert error.message.startswith("template stopped:"), error.message


def test_a_slow_template_stops_at_the_time_limit(course_and_context):
    root, context = course_and_context
    payload = "{% for i in range(10**5) %}{{ range(10**5)|sort|first }}{% endfor %}"
    started = time.monotonic()
    error = render_payload(root, context, payload, Limits(seconds=0.5))
    assert time.monotonic() - started < 5
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
    result = run_cli("validate", str(root))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "worksheet.md.j2:3:" in result.stderr and "template stopped" in result.stderr

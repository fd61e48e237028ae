"""Hostile lesson YAML, end to end: `lessonpack validate` refuses it at its line and runs nothing.

tests/test_yamlload.py covers the loader itself; these check what a teacher sees
from the command line when a shared lesson file carries a Python tag, an alias
bomb or runaway nesting: exit status 1, `file:line: message`, no traceback, and
no side effect of the payload.
"""

from __future__ import annotations

import time

import pytest

from conftest import copy_root, line_of, run_cli

LESSON = "01-soviet.yaml"


def break_lesson(tmp_path, extra: str):
    root = copy_root("rel-base", tmp_path)
    lesson = root / "lessons" / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return root, lesson


def validate(root):
    started = time.monotonic()
    result = run_cli("validate", str(root))
    assert time.monotonic() - started < 60
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stdout
    return result.stderr


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system",
    "!!python/object/new:os.system",
    "!!python/name:os.system",
    "!!python/module:os",
])
def test_a_python_tag_is_refused_at_its_line_and_never_runs(tmp_path, tag):
    marker = tmp_path / "pwned"
    root, lesson = break_lesson(tmp_path, f'audience: {tag} ["touch {marker}"]\n')
    stderr = validate(root)
    assert f"{LESSON}:{line_of(lesson, 'audience:')}:" in stderr
    assert "is not allowed" in stderr
    assert not marker.exists()


def test_an_alias_bomb_is_refused_quickly_at_its_line(tmp_path):
    names = "abcdefghi"
    lines = ['bomb_a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"bomb_{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]" for p, n in zip(names, names[1:])]
    root, lesson = break_lesson(tmp_path, "\n".join(lines) + "\n")
    stderr = validate(root)
    assert "aliases used as a bomb" in stderr
    assert f"{LESSON}:" in stderr


def test_runaway_nesting_is_refused_at_its_line(tmp_path):
    root, lesson = break_lesson(tmp_path, "audience: " + "[" * 5000 + "]" * 5000 + "\n")
    stderr = validate(root)
    assert f"{LESSON}:{line_of(lesson, 'audience:')}:" in stderr
    assert "nested more than" in stderr


def test_a_custom_tag_in_course_yaml_is_refused_at_its_line(tmp_path):
    root = copy_root("rel-base", tmp_path)
    course = root / "lessons" / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8") + "school: !include /etc/passwd\n", encoding="utf-8")
    stderr = validate(root)
    assert f"course.yaml:{line_of(course, 'school:')}:" in stderr
    assert "tag !include is not allowed" in stderr


def test_the_shield_swaps_exactly_what_pyyaml_refuses():
    """Characters PyYAML's reader refuses (and NEL, U+2028, U+2029, which it counts as line breaks) are
    swapped before parsing and cleaned later with a warning at their line; any other character reaches
    PyYAML as typed. The shield lists the refused characters itself (a short pattern, quick to compile at
    every start), so it is checked against PyYAML's own rule over every code point."""
    import yaml.reader

    from lessonpack.yamlload import _SHIELD

    every = "".join(map(chr, range(0x110000)))
    refused = set(yaml.reader.Reader.NON_PRINTABLE.findall(every)) | {"\x85", "\u2028", "\u2029"}
    assert set(_SHIELD.findall(every)) == refused

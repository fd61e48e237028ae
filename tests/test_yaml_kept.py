"""A lesson read once is read back from the cache by its text's hash (`yaml_kept.py`): PyYAML is not
imported for a course whose every file was read before, and what a check reports, and where, is
the same as from the parser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import REPO, ROOTS
from test_startup import run


def validate(root, cache) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lessonpack", "validate", str(root)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "LESSONPACK_CACHE_DIR": str(cache)})


def test_a_copy_of_a_course_read_before_is_checked_without_pyyaml(tmp_path):
    cache = tmp_path / "cache"
    for name in ("first", "copy"):
        for folder in ("lessons", "templates"):
            shutil.copytree(REPO / folder, tmp_path / name / folder)
    assert validate(tmp_path / "first", cache).returncode == 0
    result, loaded = run("validate", str(tmp_path / "copy"), env={"LESSONPACK_CACHE_DIR": str(cache)})
    assert result.returncode == 0, result.stderr
    assert "yaml" not in loaded and "lessonpack.course" in loaded  # the course was loaded and checked


def test_mistakes_are_reported_at_the_same_places_when_the_files_are_read_back(tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(ROOTS / "err-many", tmp_path / "course")
    first, again = validate(tmp_path / "course", cache), validate(tmp_path / "course", cache)
    assert first.returncode == again.returncode == 1
    assert "01-references.yaml:14:18: sources[0].extract[0].section" in first.stderr
    assert again.stderr == first.stderr


def test_a_yaml_mistake_made_after_a_clean_reading_is_reported_at_its_line(tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(ROOTS / "good", tmp_path / "course")
    assert validate(tmp_path / "course", cache).returncode == 0
    lesson = sorted((tmp_path / "course" / "lessons").glob("0*.yaml"))[0]
    lines = lesson.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1] + ' "unclosed'
    lesson.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = validate(tmp_path / "course", cache)
    assert result.returncode == 1 and f"{lesson.name}:2:" in result.stderr, result.stderr


def test_a_warning_is_given_every_time_the_file_is_read(tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(ROOTS / "good", tmp_path / "course")
    lesson = sorted((tmp_path / "course" / "lessons").glob("0*.yaml"))[0]
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("title: ", "title: \u200b", 1), encoding="utf-8")
    first, again = validate(tmp_path / "course", cache), validate(tmp_path / "course", cache)
    assert "invisible" in first.stderr.lower() or "zero" in first.stderr.lower(), first.stderr
    assert again.stderr == first.stderr

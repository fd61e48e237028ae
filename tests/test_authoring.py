"""Tools for writing lessons: `lessonpack new`, `lessonpack sections`, and the annotated example in the docs."""

from __future__ import annotations

import json

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from lessonpack.cli import main

REPO = Path(__file__).resolve().parents[1]
ROOT = Path(__file__).parent / "roots" / "authoring-course"
DOC = REPO / "docs" / "lesson-format.md"


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "course"
    shutil.copytree(ROOT, root)
    monkeypatch.chdir(root)
    return root


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


# ----------------------------------------------------------------- lessonpack new


def test_new_writes_a_skeleton_that_validates_and_builds(course):
    result = run("new", "06-kronstadt", "--title", "Kronstadt: the sailors' revolt, 1921")
    assert result.exit_code == 0, result.output
    path = course / "lessons" / "06-kronstadt.yaml"
    assert "wrote lessons/06-kronstadt.yaml" in result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/lesson.schema.json\n")
    data = yaml.safe_load(text)
    assert data["title"] == "Kronstadt: the sailors' revolt, 1921"
    assert data["sources"][0]["extract"] == [{"section": "first-councils"}]

    checked = run("validate", "--format", "json")
    assert checked.exit_code == 1  # its placeholders must not reach print
    found = {(d["line"], d["message"].split(": ", 1)[1]) for d in json.loads(checked.stdout)}
    lines = text.splitlines()
    assert found == {(lines.index(line) + 1, f"“{words}” is the placeholder `lessonpack new` wrote")
                     for line, words in ((next(x for x in lines if x.startswith("enquiry:")), "Why …?"),
                                         ('  - "Explain …"', "Explain …"),
                                         ('    prompt: "According to Source A, what …?"',
                                          "According to Source A, what …?"))}
    path.write_text(text.replace("Why …?", "Why did the sailors revolt?").replace("Explain …", "Explain why.")
                    .replace("what …?", "what did the sailors want?"), encoding="utf-8")
    checked = run("validate", "--format", "json")
    assert checked.exit_code == 0 and checked.stdout.strip() == "[]"
    built = run("build", "lessons/06-kronstadt.yaml", "-o", "out")
    assert built.exit_code == 0, built.output
    made = [p for p in (course / "out").rglob("*") if p.suffix in (".pdf", ".docx")]
    assert len(made) == 6 and all(p.stat().st_size > 0 for p in made)


def test_every_part_of_the_skeleton_has_a_comment(course):
    run("new", "x1", "--title", "T")
    lines = (course / "lessons" / "x1.yaml").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^[a-z_]+:", line):
            assert lines[i - 1].startswith("#"), f"no comment above {line!r}"


def test_new_with_sections_and_another_essay(course):
    result = run("new", "x2", "--title", "T", "--sections", "leaders, meaning")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((course / "lessons" / "x2.yaml").read_text(encoding="utf-8"))
    assert [s["letter"] for s in data["sources"]] == ["A", "B"]
    assert [s["extract"] for s in data["sources"]] == [[{"section": "leaders"}], [{"section": "meaning"}]]
    assert data["total_marks"] == sum(q["marks"] for q in data["questions"])

    result = run("new", "x3", "--title", "T", "--essay", "notes")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((course / "lessons" / "x3.yaml").read_text(encoding="utf-8"))
    assert data["essay"] == "notes" and data["sources"][0]["extract"] == [{"paragraphs": "1-3"}]
    checked = run("validate", "--format", "json")  # only the placeholders left to replace
    assert checked.exit_code == 1
    assert all("is the placeholder `lessonpack new` wrote" in d["message"] for d in json.loads(checked.stdout))


def test_new_never_overwrites(course):
    path = course / "lessons" / "x4.yaml"
    path.write_text("title: mine\n", encoding="utf-8")
    result = run("new", "x4", "--title", "T")
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "hint:" in result.stderr and "nothing was written" in result.stderr
    assert path.read_text(encoding="utf-8") == "title: mine\n"


@pytest.mark.parametrize("bad", ["../escape", "a b", "CON", "-x", "x" * 65, "é", "a/b", "x.yaml", ""])
def test_new_refuses_an_id_that_is_not_a_safe_file_name(course, bad):
    result = run("new", "--title", "T", "--", bad)
    assert result.exit_code == 1
    assert "cannot be a lesson id" in result.stderr and "hint:" in result.stderr
    assert sorted(p.name for p in (course / "lessons").glob("*.yaml")) == ["course.yaml"]
    assert not (course.parent / "escape.yaml").exists()


def test_new_names_the_sections_and_essays_there_are(course):
    result = run("new", "x5", "--title", "T", "--sections", "leaders,nope")
    assert result.exit_code == 1
    assert 'has no section "nope"' in result.stderr and "first-councils, leaders, meaning" in result.stderr
    result = run("new", "x5", "--title", "T", "--essay", "councls")
    assert result.exit_code == 1 and 'did you mean "councils"?' in result.stderr
    assert not (course / "lessons" / "x5.yaml").exists()


# ----------------------------------------------------------------- lessonpack sections


def test_sections_lists_sections_ranges_and_first_words(course):
    result = run("sections")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("councils: “Councils and Delegates” by A. Teacher — 6 paragraphs, 3 sections")
    assert "section: first-councils  (¶1–3)  The first councils" in lines
    assert "section: meaning  (¶6)  What it meant" in lines
    assert "  ¶1  In 1905 the workers of St Petersburg formed a council …" in lines
    assert "  ¶6  Many saw the council as a new kind of democracy." in lines


def test_sections_of_another_essay_by_name_or_path(course):
    by_name = run("sections", "notes")
    assert by_name.exit_code == 0
    assert "(before the first section)" in by_name.stdout and "¶4  And a fourth." in by_name.stdout
    by_path = run("sections", "lessons/essays/notes.md")
    assert by_path.stdout == by_name.stdout
    missing = run("sections", "zzz")
    assert missing.exit_code == 1 and "essays in lessons/essays/: councils, notes" in missing.stderr


def test_sections_checks_course_yaml_as_a_build_does(course):
    """The course's essay comes from course.yaml as checked: a mistake there is shown at its line,
    not skipped over by listing every essay instead."""
    path = course / "lessons" / "course.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("essay: councils", "essay: [councils]"),
                    encoding="utf-8")
    result = run("sections")
    assert result.exit_code == 1, result.output
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("essay:"))
    assert f"lessons/course.yaml:{line}:" in result.stderr and "essay" in result.stderr
    assert "hint:" in result.stderr
    assert "councils:" not in result.stdout


# ----------------------------------------------------------------- the annotated example


def example_blocks() -> str:
    doc = DOC.read_text(encoding="utf-8")
    part = doc[doc.index("<!-- example: start -->"):doc.index("<!-- example: end -->")]
    return "".join(re.findall(r"```yaml\n(.*?)```", part, re.S))


def test_the_docs_walk_through_the_whole_example_lesson():
    assert example_blocks() == (REPO / "lessons" / "01-soviet-1905.yaml").read_text(encoding="utf-8"), (
        "docs/lesson-format.md walks through lessons/01-soviet-1905.yaml block by block: update the blocks")


def test_the_example_in_the_docs_is_a_valid_lesson(tmp_path, monkeypatch):
    shutil.copytree(REPO / "lessons", tmp_path / "lessons")
    for lesson in (tmp_path / "lessons").glob("*.yaml"):
        if lesson.name != "course.yaml":
            lesson.unlink()
    (tmp_path / "lessons" / "example.yaml").write_text(example_blocks(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 0, result.stderr


def test_help_texts_name_every_command():
    result = run("--help")
    for command in ("build", "validate", "list", "sections", "new", "schema", "import-essay"):
        assert re.search(rf"^  {command}\s+\S", result.stdout, re.M), command
    assert "--format [text|json]" in run("validate", "--help").stdout

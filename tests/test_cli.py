"""The `lessonpack` command line: help, validate, build formats, import-essay, list."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, copy_root, line_of, root_path, run_cli
from lessonpack.cli import main
from lessonpack.essay import load_essay

REQUIRED_COMMANDS = ("build", "validate", "list", "import-essay")


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def outputs(folder):
    """Documents in an output folder (the build's own hidden bookkeeping files left out)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


# ----------------------------------------------------------------- help


def test_the_main_help_lists_every_command():
    result = invoke("--help")
    assert result.exit_code == 0
    for name in REQUIRED_COMMANDS:
        assert re.search(rf"^\s+{re.escape(name)}\s", result.output, re.M), name


@pytest.mark.parametrize("command", sorted(set(main.commands) | set(REQUIRED_COMMANDS)))
def test_every_command_has_help(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: main {command}") or result.output.startswith(
        f"Usage: lessonpack {command}")
    assert "--help" in result.output
    summary = result.output.split("\n\n")[1].strip()
    assert summary, "the help text should say what the command does"


def test_build_help_names_its_options():
    result = invoke("build", "--help")
    assert "--format" in result.output and "--out" in result.output


# ----------------------------------------------------------------- validate


def test_validate_a_good_course_exits_0(tmp_path):
    root = copy_root("good", tmp_path)
    result = invoke("validate", str(root))
    assert result.exit_code == 0
    assert "OK" in result.output
    assert not (root / "out").exists()  # validating writes nothing


def test_validate_a_course_with_mistakes_exits_1_and_lists_them_all():
    root = root_path("err-many")
    result = run_cli("validate", str(root))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for name, needle in (("01-references.yaml", "section: soviet-1906"), ("01-references.yaml", "total_marks: 7"),
                         ("02-schema.yaml", "marks: four")):
        line = line_of(root / "lessons" / name, needle)
        assert re.search(rf"{re.escape(name)}:{line}:\d+: ", result.stderr), (name, needle)
    assert "hint:" in result.stderr


@pytest.mark.parametrize("args", [["validate", "{root}"], ["build", "{root}", "--out", "{out}", "--jobs", "1"],
                                  ["build", "{root}", "--format", "odt"], ["list", "{root}"]])
def test_a_command_run_in_the_test_process_shows_what_the_real_command_shows(tmp_path, args):
    """Most tests run the command line in-process (conftest.run_cli); this holds it to the real thing."""
    root = copy_root("err-many", tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shown = []
    for folder, process in ((tmp_path / "a", True), (tmp_path / "b", False)):
        result = run_cli(*[a.format(root=root, out=folder / "out") for a in args], cwd=folder, process=process)
        # `python -m lessonpack` names itself so in a usage error; the installed command, "lessonpack".
        stderr = result.stderr.replace(str(folder), "FOLDER").replace("python -m lessonpack", "lessonpack")
        shown.append((result.returncode, result.stdout, stderr))
    assert shown[0] == shown[1]


# ----------------------------------------------------------------- build formats


def test_build_format_pdf_makes_only_pdfs(tmp_path):
    root = copy_root("good", tmp_path)
    out = tmp_path / "out"
    result = invoke("build", str(root), "--out", str(out), "--format", "pdf")
    assert result.exit_code == 0, result.output
    made = outputs(out)
    assert len(made) == 3  # worksheet, extract, teacher notes
    assert {p.suffix for p in made} == {".pdf"}


def test_build_format_docx_makes_only_docx(tmp_path):
    root = copy_root("good", tmp_path)
    out = tmp_path / "out"
    result = invoke("build", str(root), "--out", str(out), "--format", "docx")
    assert result.exit_code == 0, result.output
    assert {p.suffix for p in outputs(out)} == {".docx"}


@pytest.mark.parametrize("formats", ["odt", "pdf,odt", ""])
def test_an_unknown_format_is_a_usage_error(tmp_path, formats):
    root = copy_root("good", tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(out), "--format", formats])
    assert result.exit_code == 2
    assert "--format" in result.output
    if formats:
        assert "odt" in result.output
    assert not out.exists() or outputs(out) == []


def test_build_defaults_to_the_courses_out_folder(tmp_path):
    root = copy_root("good", tmp_path)
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert {p.suffix for p in outputs(root / "out")} == {".pdf", ".docx"}
    for path in outputs(root / "out"):
        assert path.name in result.stdout


# ----------------------------------------------------------------- import-essay


def test_import_essay_writes_an_essay_that_loads(tmp_path):
    blog = FIXTURES / "personality-in-history.blog.txt"
    target = tmp_path / "X.md"
    result = invoke("import-essay", str(blog), "-o", str(target))
    assert result.exit_code == 0, result.output
    essay = load_essay(target)
    assert len(essay.paragraphs) == 17
    assert essay.meta.title
    blog_text = " ".join(blog.read_text(encoding="utf-8").split())
    for paragraph in essay.paragraphs:
        assert " ".join(paragraph.text.split()) in blog_text  # paragraphs verbatim


def test_import_essay_without_out_prints_the_essay(tmp_path):
    result = invoke("import-essay", str(FIXTURES / "personality-in-history.blog.txt"))
    assert result.exit_code == 0
    assert result.output.startswith("---\n")
    assert "title:" in result.output.split("---")[1]


# ----------------------------------------------------------------- list


def test_list_shows_each_lesson_and_the_sections_it_uses():
    result = invoke("list", str(root_path("extract-gaps")))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("01-gaps: Gaps in extracts")
    sections = next(line for line in lines if line.strip().startswith("sections:"))
    listed = [s.strip() for s in sections.split(":", 1)[1].split(",")]
    assert sorted(listed) == ["soviet-1905", "struggle"]  # introduction and trotsky-1905 are not used


def test_list_shows_the_documents_a_lesson_makes():
    result = invoke("list", str(root_path("good")))
    assert result.exit_code == 0
    assert "01-first-soviet: The first soviet" in result.output
    documents = next(line for line in result.output.splitlines() if line.strip().startswith("documents:"))
    assert [d.strip() for d in documents.split(":", 1)[1].split(",")] == ["worksheet", "extract", "teacher-notes"]

"""`lessonpack init`: a course folder a teacher can build at once, and never a file overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from conftest import pdf_text, run_cli, squash
from lessonpack.schema import schema_files

COURSE_FILES = {"README.md", "lessons/course.yaml", "lessons/01-first-railway.yaml", "lessons/essays/README.txt",
                "lessons/essays/railway-1825.md", "schema/course.schema.json", "schema/lesson.schema.json",
                ".vscode/settings.json"}


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_init_writes_a_course_that_validates_and_builds(tmp_path):
    result = run_cli("init", "course", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    course = tmp_path / "course"
    assert files_in(course) == COURSE_FILES
    assert "next: cd course && lessonpack build" in result.stdout

    checked = run_cli("validate", cwd=course)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == "1 lesson OK.\n" and "warning" not in checked.stderr

    built = run_cli("build", "--format", "pdf", cwd=course)
    assert built.returncode == 0, built.stderr
    worksheet = squash(pdf_text(course / "out/01-first-railway/01-first-railway_student-worksheet.pdf"))
    assert "The first public steam railway" in worksheet
    assert "Coal went to the port of Stockton by packhorse and cart" in worksheet  # the essay, quoted
    assert "Who drove Locomotion No. 1 on the opening day?" in worksheet
    notes = squash(pdf_text(course / "out/01-first-railway/teacher/01-first-railway_teacher-notes.pdf"))
    assert "George Stephenson" in notes


def test_init_wires_the_editor_schema_for_vs_code(tmp_path):
    assert run_cli("init", "course", cwd=tmp_path).returncode == 0
    course = tmp_path / "course"
    for name, text in schema_files().items():
        assert (course / "schema" / name).read_text(encoding="utf-8") == text
    wiring = json.loads((course / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    for schema, globs in wiring.items():
        assert (course / schema).is_file()
        assert all(list(course.glob(pattern)) for pattern in globs if "*.yml" not in pattern)
    for lesson in (course / "lessons").glob("*.yaml"):  # each file's first line, which wins over the settings
        kind = "course" if lesson.name == "course.yaml" else "lesson"
        first = lesson.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schema/{kind}.schema.json"
        assert (lesson.parent / first.split("=", 1)[1]).resolve() == (course / f"schema/{kind}.schema.json")


def test_init_leaves_the_school_name_empty_rather_than_printing_a_placeholder(tmp_path):
    assert run_cli("init", "course", cwd=tmp_path).returncode == 0
    course = yaml.safe_load((tmp_path / "course/lessons/course.yaml").read_text(encoding="utf-8"))
    assert course["school"] == ""


def test_init_in_the_current_folder_when_it_is_empty(tmp_path):
    result = run_cli("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert files_in(tmp_path) == COURSE_FILES
    assert "next: lessonpack build" in result.stdout


def test_init_refuses_a_current_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("init", cwd=tmp_path)
    assert result.returncode == 1
    assert "this folder is not empty, so no course was started in it" in result.stderr
    assert "lessonpack init my-course" in result.stderr
    assert files_in(tmp_path) == {"notes.txt"}


def test_init_never_overwrites_and_writes_nothing_when_a_file_is_there(tmp_path):
    course = tmp_path / "course"
    (course / "lessons").mkdir(parents=True)
    (course / "lessons/course.yaml").write_text("title: Mine\n", encoding="utf-8")
    (course / "README.md").write_text("my notes\n", encoding="utf-8")
    result = run_cli("init", "course", cwd=tmp_path)
    assert result.returncode == 1
    assert "course/lessons/course.yaml: this file already exists; nothing was written" in result.stderr
    assert "course/README.md: this file already exists; nothing was written" in result.stderr
    assert files_in(course) == {"lessons/course.yaml", "README.md"}
    assert (course / "lessons/course.yaml").read_text(encoding="utf-8") == "title: Mine\n"


def test_init_into_a_folder_that_holds_other_things(tmp_path):
    course = tmp_path / "course"
    (course / ".git").mkdir(parents=True)
    (course / ".git/HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    assert run_cli("init", "course", cwd=tmp_path).returncode == 0
    assert files_in(course) == COURSE_FILES | {".git/HEAD"}


def test_init_refuses_a_file_where_the_course_needs_a_folder(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    (course / "schema").write_text("a file where the schema folder goes", encoding="utf-8")
    result = run_cli("init", "course", cwd=tmp_path)
    assert result.returncode == 1
    assert "course/schema: this is a file where the course needs a folder; nothing was written" in result.stderr
    assert files_in(course) == {"schema"}


def test_init_that_fails_part_way_leaves_nothing_half_written(tmp_path):
    course, elsewhere = tmp_path / "course", tmp_path / "elsewhere"
    course.mkdir()
    elsewhere.mkdir()
    (course / ".vscode").symlink_to(elsewhere)  # refused only when its file is written, the last one
    result = run_cli("init", "course", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "course: .vscode in this folder is a link to somewhere else; nothing was written" in result.stderr
    assert sorted(p.name for p in course.iterdir()) == [".vscode"]
    assert not any(elsewhere.iterdir())


def test_the_example_lesson_still_builds_when_the_course_names_the_teachers_own_essay(tmp_path):
    """The README's next steps: import a pasted page, name it in course.yaml; the example keeps its essay."""
    assert run_cli("init", "course", cwd=tmp_path).returncode == 0
    course = tmp_path / "course"
    paste = Path(__file__).parent / "fixtures" / "pastes" / "wordpress.txt"
    imported = run_cli("import-essay", str(paste), "-o", "lessons/essays/my-essay.md", cwd=course)
    assert imported.returncode == 0, imported.stderr
    settings = course / "lessons/course.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("essay: railway-1825", "essay: my-essay"), encoding="utf-8")
    checked = run_cli("validate", cwd=course)
    assert checked.returncode == 0, checked.stderr

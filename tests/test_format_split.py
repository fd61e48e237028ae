"""A small build on two CPUs: one process writes the PDFs while a forked one writes the DOCX files
(`format_split.py`). The files are the bytes one process makes; a mistake is reported with its
lesson and the other documents are still made; a bug in the forked process is reported as any bug,
with its traceback in the log."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import REPO, run_cli
from lessonpack.cli import main

LESSON = "01-soviet-1905"


def course_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "lessons").mkdir(parents=True)
    shutil.copy(REPO / "lessons" / "course.yaml", root / "lessons")
    shutil.copytree(REPO / "lessons" / "essays", root / "lessons" / "essays")
    shutil.copy(REPO / "lessons" / f"{LESSON}.yaml", root / "lessons")
    return root


def made(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.suffix in (".pdf", ".docx")}


def test_a_lesson_built_on_two_cpus_is_the_bytes_one_process_makes(tmp_path):
    root = course_copy(tmp_path)
    lesson = str(root / "lessons" / f"{LESSON}.yaml")
    for jobs in ("1", "2"):
        result = run_cli("build", lesson, "--out", str(tmp_path / jobs), "--jobs", jobs, process=True)
        assert result.returncode == 0, result.stderr
    one, two = made(tmp_path / "1"), made(tmp_path / "2")
    assert len(one) == 12 and one == two


def test_a_failing_document_is_reported_and_the_lessons_others_made(tmp_path):
    root = course_copy(tmp_path)
    template = root / "templates" / "extract.md.j2"
    template.parent.mkdir()
    template.write_text("{{ no_such_variable }}\n" + (REPO / "templates" / "extract.md.j2").read_text("utf-8"),
                        encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", str(root / "lessons" / f"{LESSON}.yaml"), "--out", str(out), "--jobs", "2",
                     process=True)
    assert result.returncode == 1
    assert "templates/extract.md.j2:1:" in result.stderr and "no_such_variable" in result.stderr
    assert f"{LESSON}.yaml" in result.stderr and "Traceback" not in result.stderr
    files = made(out)
    assert len(files) == 10 and not any("source-extracts" in name for name in files)


def test_a_bug_writing_a_docx_in_the_forked_process_is_reported_with_its_traceback(tmp_path, monkeypatch):
    from lessonpack.writers import docx

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(docx, "write_docx", broken)
    root = course_copy(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(root / "lessons" / f"{LESSON}.yaml"), "--out", str(out),
                                       "--jobs", "2"])
    assert result.exit_code == 3, result.output
    assert "internal error (ZeroDivisionError: division by zero)" in result.stderr
    log = (out / "lessonpack-error.log").read_text(encoding="utf-8")
    assert "in broken" in log  # the forked process's own traceback
    assert not list(out.rglob("*.docx"))

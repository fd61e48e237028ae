"""Output stays in the output folder, whole: no write through a link, no litter, no half class set.

A shared course may hold links anywhere in its out/ folder; nothing is written
through them, by any kind of build. A build killed halfway leaves temporaries that
the next build removes. A class set is written whole or not at all: a full disk or a
bug part-way leaves the previous complete set byte for byte, or none. A bug in
lessonpack exits with status 3, says exactly what was written, and saves the
details to a log. Every cell of a class set's manifest reads as text in a spreadsheet.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, copy_root, run_cli
from lessonpack import files, folders
from lessonpack.cli import main

ROSTERS = FIXTURES / "rosters"


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder (links as what they point to), by relative path, with its bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            out[path.relative_to(folder).as_posix()] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            out[path.relative_to(folder).as_posix()] = path.read_bytes()
    return out


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if folders.is_temporary(p.name)]


@pytest.fixture
def small(tmp_path) -> Path:
    """The one-page lesson of a small course."""
    return copy_root("class-small", tmp_path) / "lessons" / "one-page.yaml"


@pytest.fixture
def roster(tmp_path) -> Path:
    path = tmp_path / "9A.csv"
    path.write_text("name\n" + "".join(f"Student {n}\n" for n in range(1, 7)), encoding="utf-8")
    return path


def class_set(lesson: Path, roster: Path, out: Path, *options: str):
    return invoke("build", lesson, "--roster", roster, "--out", out, "--jobs", "1", *options)


# ================================================================= nothing written through a link


@pytest.mark.parametrize("linked", ["one-page/class-9A", "one-page/teacher", "one-page"])
def test_a_class_set_writes_nothing_through_a_link_in_the_output_folder(small, roster, tmp_path, linked):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / linked).parent.mkdir(parents=True, exist_ok=True)
    (out / linked).symlink_to(elsewhere, target_is_directory=True)
    result = class_set(small, roster, out, "--variants", "2")
    assert result.exit_code == 1, result.output
    assert f"{Path(linked).name}: this folder in the output is a link to somewhere else" in result.stderr
    assert "Traceback" not in result.output
    assert list(elsewhere.iterdir()) == []
    assert [p for p in out.rglob("*") if not p.is_symlink()] in ([], [out / "one-page"])  # nothing half-made


def test_a_build_writes_nothing_through_a_linked_teacher_folder(tmp_path):
    root = copy_root("rel-base", tmp_path)
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "01-soviet").mkdir(parents=True)
    (out / "01-soviet" / "teacher").symlink_to(elsewhere, target_is_directory=True)
    result = invoke("build", root, "--out", out, "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert "teacher: this folder in the output is a link to somewhere else" in result.stderr
    assert "1 problem found; nothing was written." in result.stderr
    assert list(elsewhere.iterdir()) == []
    assert [p for p in out.rglob("*") if p.is_file()] == []  # refused before the first document


def test_a_link_or_fifo_planted_at_a_class_set_file_is_replaced_not_followed(small, roster, tmp_path):
    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    victim.write_bytes(b"do not touch")
    folder = out / "one-page" / "class-9A"
    folder.mkdir(parents=True)
    (folder / "Student-1_one-page_worksheet.pdf").symlink_to(victim)
    (folder / "one-page_class-9A.zip").symlink_to(victim)
    os.mkfifo(folder / "one-page_worksheet_class-9A_print-all.pdf")
    result = class_set(small, roster, out)
    assert result.exit_code == 0, result.output
    assert victim.read_bytes() == b"do not touch"
    for name in ("Student-1_one-page_worksheet.pdf", "one-page_class-9A.zip",
                 "one-page_worksheet_class-9A_print-all.pdf"):
        path = folder / name
        assert not path.is_symlink() and path.is_file() and path.read_bytes()[:4] in (b"%PDF", b"PK\x03\x04")


def test_a_courses_own_out_folder_that_is_a_link_is_refused(tmp_path, small, roster):
    root = small.parents[1]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "out").symlink_to(elsewhere, target_is_directory=True)
    for result in (invoke("build", root, "--jobs", "1"), invoke("build", small, "--roster", roster, "--jobs", "1")):
        assert result.exit_code == 1, result.output
        assert "out: the course's out/ folder is a link to somewhere else" in result.stderr
        assert "--out" in result.stderr
    assert list(elsewhere.iterdir()) == []


# ================================================================= temporaries left by a killed build


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_build_removes_the_temporaries_a_killed_build_left(small, roster, tmp_path):
    out = tmp_path / "out"
    pid = dead_pid()
    (out / "one-page" / "class-9A").mkdir(parents=True)
    left = [out / f".lessonpack-tmp-{pid}-0a1b2c-worksheet.pdf",
            out / "one-page" / "class-9A" / f".lessonpack-tmp-{pid}-3d4e5f-Student-1.pdf"]
    for path in left:
        path.write_bytes(b"half a file")
    staging = out / f".lessonpack-tmp-{pid}-6a7b8c-set"
    (staging / "sub").mkdir(parents=True)
    (staging / "sub" / "0").write_bytes(b"staged")
    result = class_set(small, roster, out)
    assert result.exit_code == 0, result.output
    assert temporaries(out) == []
    assert (out / "one-page" / "class-9A" / "Student-1_one-page_worksheet.pdf").is_file()


def test_the_sweep_leaves_a_running_builds_temporaries_and_whatever_links_point_at(tmp_path):
    root = copy_root("rel-base", tmp_path)
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (out / "01-soviet").mkdir(parents=True)
    elsewhere.mkdir()
    victim = elsewhere / f".lessonpack-tmp-{dead_pid()}-000000-victim.pdf"
    victim.write_bytes(b"not ours")
    (out / "01-soviet" / "shared").symlink_to(elsewhere, target_is_directory=True)  # not a build's folder
    linked_temp = out / f".lessonpack-tmp-{dead_pid()}-111111-link"
    linked_temp.symlink_to(elsewhere, target_is_directory=True)
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        alive = out / f".lessonpack-tmp-{running.pid}-222222-worksheet.pdf"
        alive.write_bytes(b"being written")
        mine = out / "notes.lessonpack-tmp"
        mine.write_bytes(b"a teacher's file")
        result = invoke("build", root, "--out", out, "--jobs", "1")
        assert result.exit_code == 0, result.output
        assert alive.read_bytes() == b"being written"
    finally:
        running.kill()
        running.wait()
    assert victim.read_bytes() == b"not ours"  # the link was not followed
    assert not os.path.lexists(linked_temp)  # the dead build's link itself is gone
    assert mine.read_bytes() == b"a teacher's file"


def test_a_kill_at_the_moment_a_file_is_published_leaves_a_temporary_the_next_build_removes(tmp_path):
    root = copy_root("rel-base", tmp_path)
    out = tmp_path / "out"
    target = out / "01-soviet" / "01-soviet_student-worksheet.pdf"
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from lessonpack.files import write_atomic\n"
        "def replace(src, dst):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "os.replace = replace\n"
        "write_atomic(Path(sys.argv[1]), b'%PDF- not yet published', within=Path(sys.argv[2]))\n"
    )
    killed = subprocess.run([sys.executable, "-c", script, str(target), str(out)], capture_output=True, timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert len(temporaries(out)) == 1 and not target.exists()
    result = run_cli("build", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert temporaries(out) == []
    assert target.read_bytes().startswith(b"%PDF")


# ================================================================= class sets: all or nothing


def failing_after(real, calls: int, code: int = errno.ENOSPC, once: bool = False):
    """os.write or os.replace that works `calls` times, then fails as a full disk or a refused
    permission does (every time, or just `once`)."""
    count = [0]

    def fail(*args, **kwargs):
        count[0] += 1
        if count[0] > calls and not (once and count[0] > calls + 1):
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    return fail


def first_set(small, roster, out) -> dict[str, bytes]:
    """A complete class set with versions, answer keys and a teacher's own file in the class folder."""
    result = class_set(small, roster, out, "--variants", "2")
    assert result.exit_code == 0, result.output
    (out / "one-page" / "class-9A" / "marked-by-hand.txt").write_text("Student 3: 14/20", encoding="utf-8")
    before = snapshot(out)
    assert len([p for p in before if p.endswith(".pdf")]) == 6 + 1 + 1  # students, print file, key
    return before


def bigger_roster(roster: Path) -> None:
    """Two more students, and the order reversed: every student's copy changes version, so every
    file of the new set differs from the old one."""
    roster.write_text("name\n" + "".join(f"Student {n}\n" for n in range(8, 0, -1)), encoding="utf-8")


@pytest.mark.parametrize("previous", [False, True], ids=["no-previous-set", "previous-set"])
@pytest.mark.parametrize("writes_before_full", [0, 5, 10])
def test_a_full_disk_part_way_through_a_class_set_leaves_the_previous_set_or_none(
        small, roster, tmp_path, monkeypatch, previous, writes_before_full):
    out = tmp_path / "out"
    before = first_set(small, roster, out) if previous else {}
    bigger_roster(roster)
    monkeypatch.setattr(os, "write", failing_after(os.write, writes_before_full))
    result = class_set(small, roster, out, "--variants", "2", "--force")  # the answer key too, up to date or not
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert snapshot(out) == before if previous else not out.exists() or snapshot(out) == {}
    assert "could not write the file: the disk is full" in result.stderr
    assert "none of the 11 files of the set was written" in result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.output
    assert temporaries(out) == [] if out.exists() else True
    if not previous:
        assert not (out / "one-page").exists()  # no empty folders either


@pytest.mark.parametrize("hard_links", [True, False], ids=["hard-links", "no-hard-links"])
@pytest.mark.parametrize("renames_before_failure", [3, 12, 20])
def test_a_failure_while_the_set_is_moved_into_place_puts_the_previous_set_back(
        small, roster, tmp_path, monkeypatch, renames_before_failure, hard_links):
    """11 files are renamed into the staging folder, then 11 from it into place; one rename fails."""
    out = tmp_path / "out"
    before = first_set(small, roster, out)
    bigger_roster(roster)
    if not hard_links:  # as on a FAT memory stick
        monkeypatch.setattr(os, "link", failing_after(os.link, 0, errno.EPERM))
    monkeypatch.setattr(os, "replace", failing_after(os.replace, renames_before_failure, errno.EACCES, once=True))
    result = class_set(small, roster, out, "--variants", "2", "--force")  # all 11, the answer key too
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert "could not write the file: permission denied" in result.stderr
    assert snapshot(out) == before
    assert temporaries(out) == []


@pytest.mark.parametrize("at_rename", [5, 16], ids=["while-staging", "while-moving-into-place"])
def test_ctrl_c_part_way_through_a_class_set_leaves_the_previous_set(small, roster, tmp_path, monkeypatch, at_rename):
    """11 files are renamed into the staging folder, then 11 from it into place; Ctrl-C comes at one."""
    out = tmp_path / "out"
    before = first_set(small, roster, out)
    bigger_roster(roster)
    real, calls = os.replace, []

    def interrupted(*args, **kwargs):
        calls.append(args)
        if len(calls) == at_rename:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(os, "replace", interrupted)
    result = class_set(small, roster, out, "--variants", "2")
    monkeypatch.undo()
    assert result.exit_code == 1 and "Aborted" in result.output
    assert snapshot(out) == before
    assert temporaries(out) == []


def test_a_bug_while_rendering_a_class_set_leaves_the_previous_set(small, roster, tmp_path, monkeypatch):
    from lessonpack.writers import pdf

    out = tmp_path / "out"
    before = first_set(small, roster, out)

    def broken(*args, **kwargs):
        raise RuntimeError("the print file broke")

    monkeypatch.setattr(pdf, "write_pdf_copies", broken)
    monkeypatch.setattr(pdf, "write_pdf_class", broken)  # a class's own files and print file, from one layout
    result = class_set(small, roster, out, "--variants", "2", "--force")  # the set is up to date otherwise
    assert result.exit_code == 3, result.output
    assert "internal error (RuntimeError: the print file broke); nothing was written." in result.stderr
    log = out / "lessonpack-error.log"
    assert snapshot(out) == {**before, "lessonpack-error.log": log.read_bytes()}


def test_a_second_class_set_replaces_the_first_and_keeps_the_teachers_own_files(small, roster, tmp_path):
    out = tmp_path / "out"
    first_set(small, roster, out)
    bigger_roster(roster)
    result = class_set(small, roster, out, "--variants", "2")
    assert result.exit_code == 0, result.output
    folder = out / "one-page" / "class-9A"
    assert (folder / "Student-8_one-page_worksheet.pdf").is_file()
    with zipfile.ZipFile(folder / "one-page_class-9A.zip") as z:
        assert len([n for n in z.namelist() if n.endswith(".pdf")]) == 8
    assert (folder / "marked-by-hand.txt").read_text(encoding="utf-8") == "Student 3: 14/20"
    assert temporaries(out) == []


# ================================================================= a bug in lessonpack


def test_a_bug_part_way_through_a_build_says_what_was_written_and_saves_a_log(tmp_path, monkeypatch):
    from lessonpack import build

    root = copy_root("rel-base", tmp_path)
    good = tmp_path / "good"
    assert invoke("build", root, "--out", good, "--jobs", "1").exit_code == 0
    made = sorted(p.relative_to(good) for p in good.rglob("*.*") if not p.name.startswith("."))
    real, jobs = build.render_job, []

    def second_job_breaks(course, job, theme=None):
        jobs.append(job)
        if len(jobs) == 2:
            raise ZeroDivisionError("division by zero")
        return real(course, job, theme)

    monkeypatch.setattr(build, "render_job", second_job_breaks)
    out = tmp_path / "out"
    result = invoke("build", root, "--out", out, "--jobs", "1")
    assert result.exit_code == 3, result.output
    written = sorted(p.relative_to(out) for p in out.rglob("*.*")
                     if not p.name.startswith(".") and p.name != "lessonpack-error.log")
    assert 0 < len(written) < len(made)
    assert (f"internal error (ZeroDivisionError: division by zero); {len(written)} files were written before the "
            f"error (") in result.stderr
    assert f"; {len(made) - len(written)} were not." in result.stderr
    for path in written[:3]:
        assert str(path) in result.stderr
    log = out / "lessonpack-error.log"
    assert f"the details are in {log}" in result.stderr
    assert "Traceback" in log.read_text(encoding="utf-8") and "ZeroDivisionError" in log.read_text(encoding="utf-8")
    assert "Traceback" not in result.output
    assert "bug in lessonpack" in result.stderr


def test_a_bug_in_a_command_without_an_output_folder_logs_to_a_temporary_file(tmp_path, monkeypatch):
    from lessonpack import check

    root = copy_root("good", tmp_path)

    def broken(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(check, "check", broken)
    result = invoke("validate", root)
    assert result.exit_code == 3, result.output
    assert "internal error (KeyError: 'surprise'); nothing was written." in result.stderr
    found = re.search(r"the details are in (\S+lessonpack-error-\S+\.log)", result.stderr)
    assert found, result.stderr
    log = Path(found[1])
    try:
        assert "KeyError: 'surprise'" in log.read_text(encoding="utf-8")
    finally:
        log.unlink()
    assert not (root / "out").exists()


def test_debug_mode_lets_the_traceback_through(tmp_path, monkeypatch):
    from lessonpack import check

    monkeypatch.setattr(check, "check", lambda *a, **k: 1 / 0)
    monkeypatch.setenv("LESSONPACK_DEBUG", "1")
    result = invoke("validate", copy_root("good", tmp_path))
    assert isinstance(result.exception, ZeroDivisionError)


def test_a_full_disk_after_some_files_says_which_were_written(tmp_path, monkeypatch):
    root = copy_root("rel-base", tmp_path)
    out = tmp_path / "out"
    real, calls = files._put, []

    def third_file_fails(path, data):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, data)

    monkeypatch.setattr(files, "_put", third_file_fails)
    result = invoke("build", root, "--out", out, "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert "could not write the file: the disk is full" in result.stderr
    assert "1 problem found; 2 files were written before the error (" in result.stderr
    for path in calls[:2]:
        assert path.name in result.stderr


# ================================================================= the manifest in a spreadsheet


FORMULA = re.compile(r"^\s*[=+\-@\t\r\n＝＋－＠]")


def test_every_manifest_cell_reads_as_text_in_a_spreadsheet(small, tmp_path):
    roster = tmp_path / "8D.csv"
    roster.write_text('name,class,id\n"=1+2",@SUM(A1),-3\n"+Ann",@SUM(A1),"=cmd|\' /C calc\'!A0"\n'
                      "@Ben,@SUM(A1),7\n", encoding="utf-8")
    out = tmp_path / "out"
    result = class_set(small, roster, out, "--variants", "2")
    assert result.exit_code == 0, result.output
    folder = out / "one-page" / "class-@SUM(A1)"
    with zipfile.ZipFile(folder / "one-page_class-@SUM(A1).zip") as z:
        text = z.read("manifest.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["student", "class", "id", "file", "version", "pages"]
    for row in rows[1:]:
        for cell in row:
            assert not FORMULA.match(cell), (cell, row)
    shown = [[cell.removeprefix("'") for cell in row] for row in rows[1:]]  # what the spreadsheet shows
    assert [row[:3] for row in shown] == [["=1+2", "@SUM(A1)", "-3"], ["+Ann", "@SUM(A1)", "=cmd|' /C calc'!A0"],
                                          ["@Ben", "@SUM(A1)", "7"]]
    for row in shown:
        assert (folder / row[3]).is_file() and row[3].startswith(row[0])


def test_the_schema_command_writes_nothing_through_a_linked_schema_folder(tmp_path, monkeypatch):
    root = copy_root("good", tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "schema").symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.chdir(root)
    result = invoke("schema")
    assert result.exit_code == 1, result.output
    assert "schema: the course's schema/ folder is a link to somewhere else" in result.stderr
    assert list(elsewhere.iterdir()) == []

"""Nothing is lost: output never follows a planted link, and a failed write keeps the old file.

A full disk, a permission error, Ctrl-C or `kill -9` halfway through writing a
file leaves the previous version byte for byte and no temporary file behind,
and the user is told which file could not be written. File names made from
titles and students' names work on Linux, macOS and Windows.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
import unicodedata

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import copy_root
from lessonpack import files, folders
from lessonpack.cli import main
from lessonpack.errors import LessonpackError
from lessonpack.filenames import safe_name
from lessonpack.files import write_atomic

OLD = b"%PDF-1.4 the teacher's good copy\n" * 100
NEW = b"%PDF-1.4 a new version\n" * 50_000


@pytest.fixture
def target(tmp_path):
    path = tmp_path / "out" / "lesson_student-worksheet.pdf"
    path.parent.mkdir()
    path.write_bytes(OLD)
    return path


def leftovers(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if folders.is_temporary(name) or name.startswith("."))


# ----------------------------------------------------------------- writing


def test_a_file_is_written_whole_with_ordinary_permissions(target):
    write_atomic(target, NEW)
    assert target.read_bytes() == NEW
    assert target.stat().st_mode & 0o777 == 0o666 & ~files._umask()
    assert leftovers(target.parent) == []


def test_a_planted_symlink_is_replaced_not_followed(target, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"do not touch")
    target.unlink()
    target.symlink_to(victim)
    write_atomic(target, NEW)
    assert victim.read_bytes() == b"do not touch"
    assert not target.is_symlink() and target.read_bytes() == NEW


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_planted_fifo_is_replaced_without_hanging(target):
    target.unlink()
    os.mkfifo(target)
    writer = threading.Thread(target=write_atomic, args=(target, NEW), daemon=True)
    writer.start()
    writer.join(10)
    assert not writer.is_alive(), "write_atomic opened the FIFO and hung"
    assert target.is_file() and target.read_bytes() == NEW


def test_a_symlinked_folder_inside_the_output_is_refused(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "lesson").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(LessonpackError) as info:
        write_atomic(out / "lesson" / "worksheet.pdf", NEW, within=out)
    assert "link to somewhere else" in info.value.message
    assert info.value.location.file == out / "lesson"
    assert list(elsewhere.iterdir()) == []


def failing_write(code: int):
    real = os.write
    calls = []

    def write(fd, data):
        calls.append(fd)
        if len(calls) > 1:
            raise OSError(code, os.strerror(code))
        return real(fd, data[: len(data) // 3])  # a partial write first, as a full disk does

    return write


@pytest.mark.parametrize(("code", "says"), [
    (errno.ENOSPC, "the disk is full"),
    (errno.EDQUOT, "the disk quota is used up"),
    (errno.EIO, "Input/output error"),
])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(target, monkeypatch, code, says):
    monkeypatch.setattr(os, "write", failing_write(code))
    with pytest.raises(LessonpackError) as info:
        write_atomic(target, NEW)
    assert info.value.location.file == target
    assert says in info.value.message and "unchanged" in info.value.message
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


@pytest.mark.parametrize("unnamed", [True, False], ids=["unnamed-temporary", "named-temporary"])
def test_a_permission_error_at_the_rename_keeps_the_old_file(target, monkeypatch, unnamed):
    if not unnamed:  # as on macOS and Windows, which have no unnamed files
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(LessonpackError) as info:
        write_atomic(target, NEW)
    assert "permission denied" in info.value.message
    assert info.value.location.file == target
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_an_unwritable_folder_is_reported(target, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files, "_temporary", refuse)
    with pytest.raises(LessonpackError) as info:
        write_atomic(target, NEW)
    assert "could not write the file: permission denied" in info.value.message
    assert info.value.location.file == target
    assert "--out" in info.value.hint
    assert target.read_bytes() == OLD


def test_ctrl_c_halfway_keeps_the_old_file_and_leaves_no_temporary(target, monkeypatch):
    def interrupted(fd, data):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, NEW)
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_kill_9_halfway_keeps_the_old_file_and_leaves_no_temporary(target):
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from lessonpack.files import write_atomic\n"
        "real = os.write\n"
        "def write(fd, data):\n"
        "    real(fd, data[:1000])\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "os.write = write\n"
        "write_atomic(Path(sys.argv[1]), b'x' * 1_000_000)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True, timeout=60)
    assert result.returncode == -signal.SIGKILL
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_a_full_disk_during_a_build_is_one_clear_message(tmp_path, monkeypatch):
    root = copy_root("rel-base", tmp_path)
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(root), "--out", str(out)]).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*.pdf")}
    monkeypatch.setattr(os, "write", failing_write(errno.ENOSPC))
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(out), "--force"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert "could not write the file: the disk is full" in result.output
    assert ".pdf" in result.output or ".docx" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*.pdf")} == before
    assert not [p for p in out.rglob("*") if folders.is_temporary(p.name)]


# ----------------------------------------------------------------- names

WINDOWS_FORBIDDEN = set('<>:"/\\|?*') | {chr(c) for c in range(32)}
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                   *(f"{d}{n}" for d in ("COM", "LPT") for n in "0123456789¹²³")}


def assert_portable(name: str, limit: int = 80) -> None:
    assert name and name not in (".", "..")
    assert not set(name) & WINDOWS_FORBIDDEN, name
    assert name[-1] not in " ." and name[0] not in " .-", name
    assert name.split(".")[0].upper() not in WINDOWS_DEVICES, name
    assert len(name.encode("utf-8")) <= limit, name
    assert name == unicodedata.normalize("NFC", name)
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for c in name), name


@pytest.mark.parametrize(("text", "expected"), [
    ("CON", "_CON"),
    ("con.txt", "_con.txt"),
    ("LPT1", "_LPT1"),
    ("a/b", "a-b"),
    ("a\\b", "a-b"),
    ("notes.", "notes"),
    ("?", "untitled"),
    ("..", "untitled"),
    ("", "untitled"),
    ("....", "untitled"),
    ("   ", "untitled"),
    ("Zoë", "Zoë"),
    ("Łukasz", "Łukasz"),
    ("Nguyễn Văn An", "Nguyễn-Văn-An"),
    ("Zoe\u0308", "Zoë"),  # decomposed (as macOS stores names) becomes composed
    ("Троцкий", "Троцкий"),
    ("毛泽东", "毛泽东"),
    ("invoice\u202egpj.exe", "invoice-gpj.exe"),  # right-to-left override: a classic spoof
    ("What? Why: <now>", "What-Why-now"),
])
def test_safe_name_examples(text, expected):
    assert safe_name(text) == expected
    assert_portable(safe_name(text))


@pytest.mark.parametrize("text", ["x" * 300, "é" * 300, "e\u0301" * 300, "中" * 300, "Nguyễn " * 60])
def test_a_long_name_is_cut_to_the_byte_limit_at_a_letter_boundary(text):
    name = safe_name(text)
    assert_portable(name)
    assert len(name.encode("utf-8")) > 70  # not cut more than needed
    assert not unicodedata.combining(name[-1])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.integers(min_value=8, max_value=120))
def test_any_text_makes_a_portable_name_that_can_be_created(tmp_path_factory, text, limit):
    name = safe_name(text, limit)
    assert_portable(name, limit)
    folder = tmp_path_factory.mktemp("names")
    (folder / f"{name}_{name}.docx").write_bytes(b"")  # two parts and an extension fit in 255 bytes

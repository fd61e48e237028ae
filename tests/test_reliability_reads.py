"""Reading a shared course: nothing outside it is read, nothing hangs, every refusal says where.

Teachers share course folders, and even an out/ folder, between schools. An essay,
lesson or course.yaml may be a link to a private file; a lesson or roster may be a
FIFO that blocks a read forever; the build manifest in out/ may name /dev/zero; a
reference DOCX may be a text file or carry a DTD. Each is refused (or, for the
manifest, ignored) with the file, line and column, exit status 1, no traceback and
nothing written. Commands run in a subprocess with a 60-second bound: a hang fails
the test instead of stopping the suite.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import copy_root, line_of, run_cli

from lessonpack import __version__
from lessonpack.errors import LessonpackError
from lessonpack.inputs import decode_text

SECRET = "TOP-SECRET-CONTENT"
FIFO = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def run(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m lessonpack ARGS`; a hang fails the test after 60 seconds."""
    result = subprocess.run([sys.executable, "-m", "lessonpack", *args], cwd=cwd, capture_output=True, timeout=60)
    result.stdout, result.stderr = (s.decode("utf-8", "replace") for s in (result.stdout, result.stderr))
    return result


def refused(result: subprocess.CompletedProcess) -> str:
    """The stderr of a command that stopped on the user's input, as a user sees it."""
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert SECRET not in result.stderr + result.stdout
    return result.stderr


@pytest.fixture
def course(tmp_path) -> Path:
    return copy_root("rel-base", tmp_path)


def essay_file(root: Path) -> Path:
    return root / "lessons" / "essays" / "soviets.md"


# ----------------------------------------------------------------- links out of the course


def test_an_essay_that_links_outside_the_course_is_not_read(course, tmp_path):
    secret = tmp_path / "private.md"
    secret.write_text(essay_file(course).read_text(encoding="utf-8").replace("working class", SECRET),
                      encoding="utf-8")
    essay_file(course).unlink()
    essay_file(course).symlink_to(secret)
    err = refused(run("build", str(course), "--out", str(tmp_path / "out")))
    assert "soviets.md: the essay is a link to a file outside the course folder; it was not read" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["02-shared.yaml", "course.yaml"])
def test_a_lesson_or_course_yaml_that_links_outside_is_not_read(course, tmp_path, name):
    outside = tmp_path / "private.yaml"
    outside.write_text((course / "lessons" / name if name == "course.yaml" else
                        course / "lessons" / "01-soviet.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (course / "lessons" / name).unlink(missing_ok=True)
    (course / "lessons" / name).symlink_to(outside)
    err = refused(run("validate", str(course)))
    assert f"{name}: the file is a link to a file outside the course folder; it was not read" in err


def test_a_link_inside_the_course_is_fine(course):
    shared = course / "shared"
    shared.mkdir()
    essay_file(course).rename(shared / "soviets.md")
    essay_file(course).symlink_to(shared / "soviets.md")
    result = run("validate", str(course))
    assert result.returncode == 0, result.stderr


# ----------------------------------------------------------------- FIFOs, devices and folders


@FIFO
def test_a_fifo_lesson_is_refused_without_hanging(course):
    os.mkfifo(course / "lessons" / "02-pipe.yaml")
    err = refused(run("validate", str(course)))
    assert "02-pipe.yaml: the file is a named pipe (FIFO), not an ordinary file; it was not read" in err


def test_a_folder_named_like_a_lesson_is_refused(course):
    (course / "lessons" / "02-folder.yaml").mkdir()
    assert "02-folder.yaml: the file is a folder, not an ordinary file" in refused(run("validate", str(course)))


@FIFO
def test_a_fifo_essay_is_refused_without_hanging(course):
    essay_file(course).unlink()
    os.mkfifo(essay_file(course))
    assert "named pipe (FIFO)" in refused(run("validate", str(course)))


@FIFO
def test_a_fifo_roster_is_refused_without_hanging(course, tmp_path):
    os.mkfifo(tmp_path / "class.csv")
    err = refused(run("build", str(course), "--roster", str(tmp_path / "class.csv"), "--out", str(tmp_path / "out")))
    assert "class.csv: the roster is a named pipe (FIFO), not an ordinary file; it was not read" in err
    assert not (tmp_path / "out").exists()


# ----------------------------------------------------------------- the manifest in a shared out/ folder


def built(course: Path, out: Path, process: bool = True) -> dict[Path, int]:
    """Build the course's DOCX into out: in a process of its own, bounded, where a planted path could
    make the build hang; in this process (click's runner) where the manifest is only malformed."""
    args = ("build", str(course), "--out", str(out), "--format", "docx", "--jobs", "1")
    result = run(*args) if process else run_cli(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return {p: p.stat().st_ino for p in out.rglob("*.docx")}


def plant(out: Path, change) -> None:
    manifest = out / ".lessonpack-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in data["outputs"].values():
        change(entry)
    manifest.write_text(json.dumps(data), encoding="utf-8")


@FIFO
def test_a_manifest_naming_devices_fifos_or_outside_files_is_not_read_and_rebuilds(course, tmp_path):
    out = tmp_path / "out"
    first = built(course, out)
    os.mkfifo(course / "pipe")
    os.mkfifo(out / "pipe")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    planted = {"/dev/zero": "0" * 64, str(course / "pipe"): "0" * 64, str(out / "pipe"): "0" * 64,
               # the right hash of a file outside the course: it must not be read to be compared
               str(secret): hashlib.sha256(SECRET.encode()).hexdigest()}
    for name, digest in planted.items():
        plant(out, lambda entry: entry["inputs"].update({name: digest}))
        again = built(course, out)
        assert again.keys() == first.keys()
        assert all(again[p] != first[p] for p in first), f"{name}: a planted entry must make the documents again"
        first = again


@FIFO
def test_a_fifo_planted_at_an_output_path_is_not_read(course, tmp_path):
    out = tmp_path / "out"
    first = built(course, out)
    target = next(iter(first))
    target.unlink()
    os.mkfifo(target)
    built(course, out)
    assert target.is_file() and zipfile.is_zipfile(target)


@pytest.mark.parametrize("text", [
    "{ not json",
    "[" * 100_000 + "]" * 100_000,
    json.dumps({"lessonpack": __version__, "outputs": []}),
    json.dumps({"lessonpack": __version__, "outputs": {"x.docx": {"settings": 1, "inputs": [], "output": None}}}),
], ids=["bad-json", "deep-nesting", "outputs-a-list", "wrong-types"])
def test_a_malformed_manifest_is_ignored_not_a_crash(course, tmp_path, text):
    out = tmp_path / "out"
    first = built(course, out, process=False)
    (out / ".lessonpack-manifest.json").write_text(text, encoding="utf-8")
    again = built(course, out, process=False)
    assert again.keys() == first.keys()


def test_wrong_types_inside_a_manifest_entry_mean_it_is_made_again(course, tmp_path):
    out = tmp_path / "out"
    first = built(course, out, process=False)
    plant(out, lambda entry: entry.update(inputs=[1, 2]))
    again = built(course, out, process=False)
    assert all(again[p] != first[p] for p in first)


# ----------------------------------------------------------------- encodings, located


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64) | st.text(max_size=20).map(lambda t: t.encode("utf-8") + b"\xe9\n"))
def test_any_bytes_are_text_or_refused_at_the_line_holding_the_named_byte(raw):
    try:
        text = decode_text(raw, Path("essay.md"))
    except LessonpackError as exc:
        where = exc.location
        lines = re.split(rb"\r\n|\r|\n", raw)
        assert where.file == Path("essay.md") and 1 <= where.line <= len(lines)
        if match := re.match(r"byte 0x([0-9A-F]{2}) is not UTF-8", exc.message):
            assert bytes([int(match[1], 16)]) in lines[where.line - 1] and where.column >= 1
        else:
            assert exc.message in ("the file is UTF-16; save it as UTF-8",
                                   "this is not a text file (it contains NUL bytes)")
    else:
        assert text == raw.decode("utf-8").removeprefix("\ufeff")


def test_an_essay_in_latin1_is_refused_at_the_byte_with_the_character(course):
    essay = essay_file(course)
    line = line_of(essay, "the working class")
    essay.write_bytes(essay.read_bytes().replace(b"the working class", b"the working caf\xe9 class"))
    err = refused(run("validate", str(course)))
    expected = f"soviets.md:{line}:24: byte 0xE9 is not UTF-8; the file looks like Latin-1 (é); save it as UTF-8"
    assert expected in err


def test_a_windows_1252_quote_in_an_essay_is_named(course):
    essay = essay_file(course)
    essay.write_bytes(essay.read_bytes().replace(b"This became", b"It\x92s what became"))
    assert "byte 0x92 is not UTF-8; the file looks like Windows-1252 (’)" in refused(run("validate", str(course)))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_an_essay_in_utf16_is_named_as_such(course, encoding):
    essay = essay_file(course)
    essay.write_bytes(essay.read_text(encoding="utf-8").encode(encoding))
    assert "soviets.md:1: the file is UTF-16; save it as UTF-8" in refused(run("validate", str(course)))


def test_course_yaml_in_latin1_is_located(course):
    course_yaml = course / "lessons" / "course.yaml"
    line = line_of(course_yaml, "author:")
    course_yaml.write_bytes(course_yaml.read_bytes().replace(b'author: "lessonpack', b'author: "l\xe9ssonpack'))
    err = refused(run("validate", str(course)))
    assert f"course.yaml:{line}:11: byte 0xE9 is not UTF-8" in err


def test_import_essay_names_a_binary_file_and_says_it_is_not_text(tmp_path):
    picture = tmp_path / "post.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    err = refused(run("import-essay", str(picture)))
    assert "post.png:3:1: this is not a text file (it contains NUL bytes)" in err  # \r\n, then \n: line 3


def test_import_essay_locates_a_latin1_byte(tmp_path):
    post = tmp_path / "post.txt"
    post.write_bytes(b"A title\n\nThe first caf\xe9 paragraph.\n")
    err = refused(run("import-essay", str(post), "-o", str(tmp_path / "essay.md")))
    assert "post.txt:3:14: byte 0xE9 is not UTF-8; the file looks like Latin-1 (é)" in err
    assert not (tmp_path / "essay.md").exists()


@FIFO
def test_import_essay_refuses_a_fifo_without_hanging(tmp_path):
    os.mkfifo(tmp_path / "post.txt")
    assert "named pipe (FIFO)" in refused(run("import-essay", str(tmp_path / "post.txt")))


def test_new_with_a_title_that_is_not_utf8_writes_no_file(course):
    err = refused(run("new", "02-cafe", "--title", b"Caf\xe9 society", cwd=course))
    assert "--title: byte 0xE9 is not UTF-8 text" in err
    assert not (course / "lessons" / "02-cafe.yaml").exists()


def test_a_roster_cell_over_the_csv_limit_is_refused_at_its_row_and_column(course, tmp_path):
    roster = tmp_path / "class.csv"
    roster.write_text("name,class\nAda Lovelace,7C\nBen Okri," + "7" * 200_000 + "\n", encoding="utf-8")
    err = refused(run("build", str(course), "--roster", str(roster), "--out", str(tmp_path / "out")))
    assert "class.csv:3:10: row 3: the cell in column 2 is longer than 131,072 characters" in err
    assert not (tmp_path / "out").exists()


# ----------------------------------------------------------------- reference_docx


def word_file(styles_prefix: bytes = b"", extra: dict[str, bytes] | None = None, drop: str = "") -> bytes:
    """A real Word document (python-docx's blank one) with Normal in Comic Sans, changed as asked."""
    import docx

    document = docx.Document()
    document.styles["Normal"].font.name = "Comic Sans MS"
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == drop:
                continue
            data = source.read(info)
            if info.filename == "word/styles.xml" and styles_prefix:
                data = data.replace(b"?>", b"?>" + styles_prefix, 1)
            target.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def with_reference(course: Path, data: bytes | None = None, name: str = "school.docx") -> int:
    """Name school.docx as the course's reference_docx; the line of course.yaml that names it."""
    course_yaml = course / "lessons" / "course.yaml"
    course_yaml.write_text(course_yaml.read_text(encoding="utf-8") + f"reference_docx: {name}\n", encoding="utf-8")
    if data is not None:
        (course / name).write_bytes(data)
    return line_of(course_yaml, "reference_docx:")


BAD_REFERENCES = {
    "text": (b"just some notes\n", "is not a Word file (.docx)"),
    "other-zip": (None, "is not a Word file (.docx)"),
    "entity": (b'<!DOCTYPE w:styles [<!ENTITY boom "boom">]>', "has a DTD or entity declarations in word/styles.xml"),
    "big-part": (None, "has a part (word/big.xml) of 11 MB unpacked, more than 10 MB"),
    "no-styles": (None, "cannot be read as a Word document (KeyError"),
}


def bad_reference(kind: str) -> bytes:
    data, _ = BAD_REFERENCES[kind]
    if kind == "other-zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("notes.txt", "hello")
        return buffer.getvalue()
    if kind == "big-part":
        return word_file(extra={"word/big.xml": b" " * (11 * 1024 * 1024)})
    if kind == "entity":
        return word_file(styles_prefix=data)
    if kind == "no-styles":
        return word_file(drop="word/styles.xml")
    return data


@pytest.mark.parametrize("kind", BAD_REFERENCES)
def test_a_bad_reference_docx_is_refused_by_validate_at_its_line(course, kind):
    line = with_reference(course, bad_reference(kind))
    err = refused(run("validate", str(course)))
    assert f'course.yaml:{line}:17: reference_docx "school.docx" {BAD_REFERENCES[kind][1]}' in err


def test_build_refuses_a_bad_reference_docx_the_same_way_and_writes_nothing(course, tmp_path):
    line = with_reference(course, bad_reference("entity"))
    err = refused(run("build", str(course), "--out", str(tmp_path / "out")))
    assert f'course.yaml:{line}:17: reference_docx "school.docx" has a DTD' in err
    assert not (tmp_path / "out").exists()


def test_a_reference_docx_linking_outside_the_course_is_not_read(course, tmp_path):
    (tmp_path / "private.docx").write_bytes(word_file())
    line = with_reference(course)
    (course / "school.docx").symlink_to(tmp_path / "private.docx")
    err = refused(run("validate", str(course)))
    assert f'course.yaml:{line}:17: reference_docx "school.docx" is a link to a file outside the course folder' in err


@FIFO
def test_a_fifo_reference_docx_is_refused_without_hanging(course):
    line = with_reference(course)
    os.mkfifo(course / "school.docx")
    assert f"course.yaml:{line}:17: reference_docx" in refused(run("validate", str(course)))


def test_a_good_reference_docx_gives_the_documents_its_styles(course, tmp_path):
    import docx

    with_reference(course, word_file())
    result = run("build", str(course), "--out", str(tmp_path / "out"), "--format", "docx")
    assert result.returncode == 0, result.stderr
    worksheet = next((tmp_path / "out").rglob("*worksheet*.docx"))
    assert docx.Document(str(worksheet)).styles["Normal"].font.name == "Comic Sans MS"

"""Nothing outside the course folder is read: templates and images that point elsewhere are refused.

A shared course can carry `{% include "../../secret" %}`, a template that is a
symlink to a file elsewhere, a FIFO that would hang the build, or an image that
is a link, a renamed text file or a decompression bomb. Each is refused with a
message naming the file, before anything is read from outside.
"""

from __future__ import annotations

import io
import os
import struct
import zlib

import pytest
from PIL import Image

from conftest import copy_root, run_cli
from lessonpack.context import build_context
from lessonpack.course import load_course
from lessonpack.errors import LessonpackError
from lessonpack.expand import TemplateSet, render
from lessonpack.images import load_image

SECRET = "TOP-SECRET-CONTENT"


@pytest.fixture
def course(tmp_path):
    """A course with its own templates folder, and a secret file next to (outside) it."""
    root = copy_root("rel-base", tmp_path)
    (root / "templates" / "partials").mkdir(parents=True)
    (tmp_path / "secret.md.j2").write_text(SECRET, encoding="utf-8")
    return root


def render_with(root, template: str) -> str:
    (root / "templates" / "worksheet.md.j2").write_text(f"# {{{{ lesson.title }}}}\n\n{template}\n", encoding="utf-8")
    loaded = load_course(root)
    context = build_context(loaded, loaded.lessons[0], "worksheet").context
    return render(TemplateSet(root / "templates"), "worksheet", context)


def refused(root, template: str) -> LessonpackError:
    with pytest.raises(LessonpackError) as info:
        render_with(root, template)
    assert SECRET not in str(info.value) and SECRET not in (info.value.hint or "")
    assert info.value.location is not None
    return info.value


# ----------------------------------------------------------------- templates


@pytest.mark.parametrize("name", ["../../secret.md.j2", "../secret.md.j2", "partials/../../../secret.md.j2"])
@pytest.mark.parametrize("tag", ["include", "import", "extends"])
def test_a_template_cannot_reach_up_out_of_its_folder(course, name, tag):
    statement = f'{{% import "{name}" as x %}}' if tag == "import" else f'{{% {tag} "{name}" %}}'
    error = refused(course, statement)
    assert error.message == f'template "{name}" not found'
    assert error.location.file.name == "worksheet.md.j2" and error.location.line == 3
    assert "cannot start with / or use .." in error.hint


def test_an_absolute_template_path_is_not_read(course, tmp_path):
    error = refused(course, f'{{% include "{tmp_path / "secret.md.j2"}" %}}')
    assert "not found" in error.message


def test_a_symlinked_template_leading_outside_is_refused(course, tmp_path):
    (course / "templates" / "partials" / "evil.md.j2").symlink_to(tmp_path / "secret.md.j2")
    error = refused(course, '{% include "partials/evil.md.j2" %}')
    assert error.location.file == course / "templates" / "partials" / "evil.md.j2"
    assert "link to a file outside the template folders" in error.message


def test_a_symlinked_document_template_leading_outside_is_refused(course, tmp_path):
    (course / "templates" / "handout.md.j2").symlink_to(tmp_path / "secret.md.j2")
    loaded = load_course(course)
    context = build_context(loaded, loaded.lessons[0], "handout").context
    with pytest.raises(LessonpackError) as info:
        render(TemplateSet(course / "templates"), "handout", context)
    assert "outside the template folders" in info.value.message


def test_a_symlink_inside_the_template_folder_is_fine(course):
    (course / "templates" / "partials" / "real.md.j2").write_text("included text", encoding="utf-8")
    (course / "templates" / "partials" / "alias.md.j2").symlink_to(course / "templates" / "partials" / "real.md.j2")
    assert "included text" in render_with(course, '{% include "partials/alias.md.j2" %}')


def test_a_templates_folder_linking_out_of_the_course_is_refused(tmp_path):
    root = copy_root("rel-base", tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "worksheet.md.j2").write_text(SECRET, encoding="utf-8")
    (root / "templates").symlink_to(elsewhere, target_is_directory=True)
    result = run_cli("build", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and SECRET not in result.stderr + result.stdout
    assert "templates folder is a link to a folder outside the course" in result.stderr
    assert not list((tmp_path / "out").rglob("*.pdf"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_template_is_refused_without_hanging(course):
    os.mkfifo(course / "templates" / "partials" / "pipe.md.j2")
    error = refused(course, '{% include "partials/pipe.md.j2" %}')
    assert "not a regular file" in error.message
    assert error.location.file.name == "pipe.md.j2"


def test_a_template_that_is_not_utf8_is_located(course):
    (course / "templates" / "partials" / "latin1.md.j2").write_bytes("line one\ncaf\xe9\n".encode("latin-1"))
    error = refused(course, '{% include "partials/latin1.md.j2" %}')
    assert error.message == "byte 0xE9 is not UTF-8; the file looks like Latin-1 (é); save it as UTF-8"
    assert error.location.file.name == "latin1.md.j2" and (error.location.line, error.location.column) == (2, 4)


def test_a_utf16_template_is_named_as_such(course):
    (course / "templates" / "partials" / "wide.md.j2").write_bytes("line one\nline two\n".encode("utf-16"))
    error = refused(course, '{% include "partials/wide.md.j2" %}')
    assert error.message == "the file is UTF-16; save it as UTF-8"
    assert error.location.file.name == "wide.md.j2" and error.location.line == 1


# ----------------------------------------------------------------- images


def png(width: int = 4, height: int = 3) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(out, "PNG")
    return out.getvalue()


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header claims width × height pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


@pytest.fixture
def images(tmp_path):
    root = tmp_path / "course"
    (root / "images").mkdir(parents=True)
    return root


def image_error(root, name: str) -> str:
    with pytest.raises(LessonpackError) as info:
        load_image(root, name)
    assert info.value.hint
    return info.value.message


def test_a_good_image_loads(images):
    (images / "images" / "ok.png").write_bytes(png())
    assert load_image(images, "images/ok.png") == png()


def test_a_missing_image_is_named(images):
    assert image_error(images, "images/nope.png") == 'image "images/nope.png" was not found'


def test_a_text_file_renamed_png_is_not_an_image(images):
    (images / "images" / "notes.png").write_text("just some notes", encoding="utf-8")
    assert image_error(images, "images/notes.png").startswith('"images/notes.png" is not an image')


def test_a_truncated_png_is_not_readable(images):
    (images / "images" / "cut.png").write_bytes(png(400, 300)[:60])
    assert "is not a readable image" in image_error(images, "images/cut.png")


def test_an_image_of_another_type_is_refused(images):
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "BMP")
    (images / "images" / "pic.png").write_bytes(out.getvalue())
    assert image_error(images, "images/pic.png") == 'image "images/pic.png" is a BMP file'


@pytest.mark.parametrize("size", [(100_000, 100_000), (10_000, 9_000), (60_000, 1_000)])
def test_a_decompression_bomb_header_is_refused_before_decoding(images, size):
    (images / "images" / "bomb.png").write_bytes(bomb_png(*size))
    assert "has too many pixels" in image_error(images, "images/bomb.png")


@pytest.mark.parametrize("name", ["../outside.png", "/etc/passwd", "images/../../outside.png"])
def test_an_image_path_leading_out_of_the_course_is_refused(images, name):
    (images.parent / "outside.png").write_bytes(png())
    assert "is outside the course folder" in image_error(images, name)


def test_an_image_symlink_leading_out_of_the_course_is_refused(images):
    (images.parent / "outside.png").write_bytes(png())
    (images / "images" / "link.png").symlink_to(images.parent / "outside.png")
    assert "is a link to a file outside the course folder" in image_error(images, "images/link.png")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_image_is_refused_without_hanging(images):
    os.mkfifo(images / "images" / "pipe.png")
    assert image_error(images, "images/pipe.png").startswith('image "images/pipe.png" is a named pipe (FIFO)')


@pytest.mark.parametrize("name", ["images/a\x00b.png", "images/" + "x" * 5000 + ".png"])
def test_an_unreadable_image_name_is_an_error_not_a_crash(images, name):
    assert image_error(images, name)


def test_a_bad_image_in_a_build_names_the_image_without_a_traceback(tmp_path):
    root = copy_root("rel-base", tmp_path)
    (root / "images").mkdir()
    (root / "images" / "map.png").write_text("not really a picture", encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "worksheet.md.j2").write_text(
        '# {{ lesson.title }}\n\n::: figure images/map.png alt="A map"\n:::\n', encoding="utf-8")
    result = run_cli("build", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert '"images/map.png" is not an image' in result.stderr
    assert "01-soviet.yaml" in result.stderr

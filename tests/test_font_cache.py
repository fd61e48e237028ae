"""The font cache (fonts/cache.py) is a shortcut only: what it gives is what the work would
give now, whatever is in the cache folder or whether there is one.

The faces are read back with fontTools, as Word reads the embedded face: which characters
it maps is what a teacher editing the DOCX sees.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PdfReader

from lessonpack.fonts import font_file
from lessonpack.fonts.cache import subset_file
from lessonpack.fonts.fonttools_compat import subset_face
from lessonpack.writers.pdf.rl_compat import ttfont

ASKED = [ord(char) for char in "Trotsky 1905 Троцкий → ½"]


def mapped(data: bytes) -> set[int]:
    return set(TTFont(BytesIO(data)).getBestCmap())


def family_name(data: bytes) -> str:
    return TTFont(BytesIO(data))["name"].getDebugName(1)



def test_a_second_subset_comes_from_the_cache_with_the_same_bytes(cache_folder):
    font = font_file("DejaVu Serif", "regular")
    first = subset_file(font, ASKED)
    entries = list(cache_folder.rglob("*.bin"))
    assert len(entries) == 1
    assert subset_file(font, ASKED) == first == subset_face(font.read_bytes(), ASKED)
    assert list(cache_folder.rglob("*.bin")) == entries  # nothing made again


def test_a_changed_font_file_is_never_served_from_the_cache(cache_folder, tmp_path):
    font = tmp_path / "School.ttf"
    shutil.copyfile(font_file("DejaVu Serif", "regular"), font)
    assert family_name(subset_file(font, ASKED)) == "DejaVu Serif"
    # The same file name, the same size class, now another face: its subset, not the one kept.
    shutil.copyfile(font_file("DejaVu Sans", "bold"), font)
    os.utime(font, ns=(1, 1))
    changed = subset_file(font, ASKED)
    assert family_name(changed) == "DejaVu Sans"
    assert changed == subset_face(font.read_bytes(), ASKED)


def test_other_characters_make_another_entry(cache_folder):
    font = font_file("DejaVu Sans", "regular")
    assert ord("α") not in mapped(subset_file(font, ASKED))
    assert ord("α") in mapped(subset_file(font, [*ASKED, ord("α")]))


def test_a_corrupt_entry_is_ignored_and_made_again(cache_folder):
    font = font_file("DejaVu Serif", "bold")
    good = subset_file(font, ASKED)
    [entry] = cache_folder.rglob("*.bin")
    for damage in (b"", b"not a font", entry.read_bytes()[:-10], entry.read_bytes()[:-1] + b"\0"):
        entry.write_bytes(damage)
        assert subset_file(font, ASKED) == good
    assert subset_file(font, ASKED) == good  # and the entry was written whole again


def test_an_unwritable_cache_folder_falls_back_silently(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LESSONPACK_CACHE_DIR", str(blocker / "cache"))  # cannot be made under a file
    font = font_file("DejaVu Sans", "bold")
    assert subset_file(font, ASKED) == subset_face(font.read_bytes(), ASKED)
    assert capsys.readouterr() == ("", "")


def test_an_empty_cache_setting_switches_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONPACK_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    font = font_file("DejaVu Serif", "italic")
    assert subset_file(font, ASKED) == subset_face(font.read_bytes(), ASKED)
    assert not list(tmp_path.rglob("*.bin"))


# ----------------------------------------------------------------- reportlab's parsed faces (rl_compat/faces.py)

FACE_CHECK = """
import json, sys
from io import BytesIO
from reportlab.pdfgen.canvas import Canvas
from lessonpack.fonts import register
faces = register("DejaVu Serif")
canvas = Canvas(BytesIO(), invariant=1)
canvas.setFont(faces["bold"], 12)
canvas.drawString(72, 720, "Trotsky 1905 \u0422\u0440\u043e\u0446\u043a\u0438\u0439 \u2192 \u00bd")
canvas.showPage()
sys.stdout.buffer.write(canvas.getpdfdata())
"""


def pdf_in_a_fresh_process(cache: Path | str) -> bytes:
    env = {**os.environ, "LESSONPACK_CACHE_DIR": str(cache)}
    result = subprocess.run([sys.executable, "-c", FACE_CHECK], capture_output=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def test_a_face_read_back_from_the_cache_sets_the_same_pdf(cache_folder):
    """The first process parses the faces and keeps them; the next sets the same bytes from the cache."""
    uncached = pdf_in_a_fresh_process("")
    first = pdf_in_a_fresh_process(cache_folder)
    assert len(list((cache_folder / "rl-faces").glob("*.bin"))) == 4  # the family's four faces kept
    assert pdf_in_a_fresh_process(cache_folder) == first == uncached
    assert "Trotsky 1905" in PdfReader(BytesIO(first)).pages[0].extract_text()


def test_a_changed_face_file_is_parsed_again_and_a_corrupt_entry_ignored(cache_folder, tmp_path):
    font = tmp_path / "School.ttf"
    shutil.copyfile(font_file("DejaVu Serif", "regular"), font)
    assert ttfont("School", font).face.familyName == b"DejaVu Serif"
    shutil.copyfile(font_file("DejaVu Sans", "bold"), font)  # the same path, another face
    assert ttfont("School", font).face.familyName == b"DejaVu Sans"
    for entry in (cache_folder / "rl-faces").glob("*.bin"):
        entry.write_bytes(entry.read_bytes()[:-1] + b"\0")
    assert ttfont("School", font).face.familyName == b"DejaVu Sans"


# ----------------------------------------------------------------- the DOCX's styled document (writers/docx/styles.py)

def members(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(package)) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


def test_the_docx_stylesheet_is_made_once_a_machine_with_the_same_bytes(cache_folder):
    """The empty styled document every DOCX starts from is kept per theme; what is read back, or made
    again after a torn entry, is what making it gives."""
    from lessonpack.theme import theme_for
    from lessonpack.writers.docx.styles import _styled_base, styled_base

    for profile in ("standard", "large-print-24"):
        theme = theme_for(profile=profile)
        styled_base.cache_clear()  # as a new process
        made = styled_base(theme, None)
        [entry] = [e for e in (cache_folder / "docx-styles").glob("*.bin") if made in e.read_bytes()]
        styled_base.cache_clear()
        assert styled_base(theme, None) == made  # read back as stored
        assert members(made) == members(_styled_base(theme, None))  # what making it gives (the zip's times aside)
        entry.write_bytes(entry.read_bytes()[:-1] + b"\0")
        styled_base.cache_clear()
        assert styled_base(theme, None) == made
    assert len(list((cache_folder / "docx-styles").glob("*.bin"))) == 2  # one a theme


def test_a_timeline_painted_once_a_machine_gives_the_same_pictures(cache_folder):
    """The DOCX's timeline strips (writers/docx/timeline.py) are kept; read back, or painted again
    after a torn entry, they are what painting gives."""
    from lessonpack import document as d
    from lessonpack.theme import theme_for
    from lessonpack.writers.docx.timeline import _pictures, timeline_pictures

    events = tuple(d.TimelineEvent(date, int(date[-4:]), text) for date, text in
                   [("1903", "The party splits"), ("January 1905", "Bloody Sunday"), ("October 1905", "The Soviet"),
                    ("December 1905", "The Soviet's leaders arrested")])
    block = d.Timeline("Key dates", events)
    theme = theme_for(profile="standard")
    painted = _pictures(block, theme, 400.0)
    timeline_pictures.cache_clear()
    assert timeline_pictures(block, theme, 400.0) == painted  # painted, and kept
    [entry] = (cache_folder / "timelines").glob("*.bin")
    timeline_pictures.cache_clear()
    assert timeline_pictures(block, theme, 400.0) == painted  # read back
    entry.write_bytes(entry.read_bytes()[:-1] + b"\0")
    timeline_pictures.cache_clear()
    assert timeline_pictures(block, theme, 400.0) == painted
    assert all(picture.png.startswith(b"\x89PNG") for picture in painted)

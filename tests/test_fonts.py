"""Glyph metrics read without reportlab: the same widths reportlab measures, and no heavy imports.

`lessonpack.fonts.string_width` and `missing_glyphs` read the DejaVu files with
`lessonpack.fonts.metrics` (stdlib only). The PDF is set by reportlab, so every
width must be reportlab's, to the last bit, or an extract line could be broken
differently from how it prints.
"""

from __future__ import annotations

import struct
import subprocess
import sys
from functools import cache

import pytest

from conftest import REPO
from lessonpack.fonts import FAMILIES, FONT_DIR, font_file, font_metrics, missing_glyphs, register, string_width
from lessonpack.fonts.metrics import FontFormatError, _cmap_format_4, _tables, load, parse

FACES = [(family, face) for family, faces in FAMILIES.items() for face in faces]
FACE_IDS = [f"{family}-{face}".replace(" ", "") for family, face in FACES]
ESSAYS = sorted((REPO / "lessons" / "essays").glob("*.md"))
SAMPLES = ["¶", "“", "”", "‘", "’", "–", "—", "…", "Троцкий", "Zoë", "Łukasz", "Nguyễn",
           "Ἀθῆναι", "ß", "ﬁ", "€", "№", "«»", "\u00a0", "\u2009", "\u200b", "\t", "\U0001F600", "\U0001D11E", "\ufffd"]
SIZES = [6, 9.5, 10, 10.5, 11, 12.25, 17]


@cache
def rl_font(family: str, face: str):
    """reportlab's own TTFont for the face (not registered: nothing else is touched)."""
    from reportlab.pdfbase.ttfonts import TTFont

    return TTFont(f"test-{family}-{face}", str(font_file(family, face)))


def course_text() -> str:
    assert ESSAYS, "no essays in lessons/essays"
    return "".join(path.read_text(encoding="utf-8") for path in ESSAYS)


@pytest.mark.parametrize(("family", "face"), FACES, ids=FACE_IDS)
def test_every_character_of_the_course_and_the_samples_measures_as_in_reportlab(family, face):
    font = rl_font(family, face)
    chars = sorted(set(course_text()) | set("".join(SAMPLES)))
    for size in SIZES:
        for ch in chars:
            ours, theirs = string_width(ch, family, size, face), font.stringWidth(ch, size)
            assert abs(ours - theirs) <= 1e-9, (ch, hex(ord(ch)), size, ours, theirs)


@pytest.mark.parametrize(("family", "face"), FACES, ids=FACE_IDS)
def test_whole_lines_and_paragraphs_measure_as_in_reportlab(family, face):
    font = rl_font(family, face)
    texts = [line for line in course_text().splitlines() if line.strip()] + SAMPLES + [" ".join(SAMPLES)]
    for size in SIZES:
        for text in texts:
            # The same additions in the same order: not just close, equal.
            assert string_width(text, family, size, face) == font.stringWidth(text, size), (text[:60], size)


@pytest.mark.parametrize(("family", "face"), FACES, ids=FACE_IDS)
def test_the_width_table_is_reportlabs(family, face):
    ours, theirs = font_metrics(family, face), rl_font(family, face).face
    assert ours.widths == theirs.charWidths
    assert ours.default_width == theirs.defaultWidth
    assert ours.units_per_em == theirs.unitsPerEm
    assert ours.num_glyphs == theirs.numGlyphs
    assert ours.widths[0xA0] == ours.widths[0x20]


@pytest.mark.parametrize(("family", "face"), FACES, ids=FACE_IDS)
def test_missing_glyphs_agrees_with_reportlabs_char_widths(family, face):
    widths = rl_font(family, face).face.charWidths
    # The BMP, the supplementary planes DejaVu touches, and some it does not.
    codes = [*range(0x0, 0x30000), *range(0xE0000, 0xE0200), 0x10FFFF]
    text = "".join(map(chr, codes))
    expected = {ch for ch in text if ord(ch) not in widths and not ch.isspace()}
    assert missing_glyphs(text, family, face) == expected


def test_missing_glyphs_on_words():
    assert missing_glyphs("Троцкий Zoë Łukasz Nguyễn ¶“”‘’–—…", "DejaVu Serif") == set()
    assert missing_glyphs("tea \U0001F375 and \u4e2d\u6587", "DejaVu Serif") == {"\U0001F375", "\u4e2d", "\u6587"}
    assert missing_glyphs(" \t\n\u3000", "DejaVu Serif") == set()  # whitespace is never "missing"


def test_an_unmapped_character_measures_as_notdef():
    metrics = font_metrics("DejaVu Serif")
    notdef = metrics.advances[0] * 1000 / metrics.units_per_em
    assert metrics.default_width == notdef
    assert string_width("\u4e2d", "DejaVu Serif", 10) == 0.001 * 10 * notdef
    assert string_width("\u4e2d", "DejaVu Serif", 10) == rl_font("DejaVu Serif", "regular").stringWidth("\u4e2d", 10)


def test_empty_text_is_zero_wide():
    assert string_width("", "DejaVu Serif", 10) == 0


def test_unknown_family_or_face_is_a_key_error():
    with pytest.raises(KeyError):
        string_width("x", "Comic Sans", 10)
    with pytest.raises(KeyError):
        string_width("x", "DejaVu Serif", 10, "oblique")


@pytest.mark.parametrize("stem", sorted(p.stem for p in FONT_DIR.glob("*.ttf")))
def test_the_format_4_reader_agrees_with_the_format_12_table_on_the_bmp(stem):
    data = (FONT_DIR / f"{stem}.ttf").read_bytes()
    cmap_at = _tables(data)[b"cmap"][0]
    count = struct.unpack_from(">H", data, cmap_at + 2)[0]
    subtables = {struct.unpack_from(">HH", data, cmap_at + 4 + 8 * i):
                 cmap_at + struct.unpack_from(">I", data, cmap_at + 8 + 8 * i)[0] for i in range(count)}
    assert struct.unpack_from(">H", data, subtables[3, 1])[0] == 4
    bmp = _cmap_format_4(data, subtables[3, 1])
    full = load(FONT_DIR / f"{stem}.ttf").cmap
    assert {c: g for c, g in bmp.items() if g} == {c: g for c, g in full.items() if c <= 0xFFFF}


def test_a_font_is_read_once_per_file():
    assert load(font_file("DejaVu Serif")) is load(str(font_file("DejaVu Serif")))
    assert font_metrics("DejaVu Sans", "bold") is font_metrics("DejaVu Sans", "bold")


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x00\x00\x00\x00" + b"\x00" * 6, b"OTTO" + b"\x00" * 40,
                                  (FONT_DIR / "DejaVuSerif.ttf").read_bytes()[:5000]])
def test_a_broken_font_file_is_a_clear_error(data):
    with pytest.raises(FontFormatError):
        parse(data)


def test_register_still_gives_reportlab_the_same_widths():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    names = register("DejaVu Serif")
    assert names == FAMILIES["DejaVu Serif"]
    text = "Троцкий wrote “the role of the personality” — Zoë, Łukasz, Nguyễn…"
    for face, name in names.items():
        assert string_width(text, "DejaVu Serif", 9.5, face) == stringWidth(text, name, 9.5)


def _run(code: str, cwd=REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_measuring_text_imports_neither_reportlab_nor_python_docx():
    done = _run(
        "import lessonpack.linebreak, lessonpack.fonts\n"
        "import sys\n"
        "assert not any(m.startswith(('reportlab', 'docx')) for m in sys.modules), 'imported at import time'\n"
        "from lessonpack.fonts import FAMILIES, missing_glyphs, string_width\n"
        "for family, faces in FAMILIES.items():\n"
        "    for face in faces:\n"
        "        assert string_width('Троцкий', family, 10, face) > 0\n"
        "        assert missing_glyphs('Zoë \\u4e2d', family, face) == {'\\u4e2d'}\n"
        "heavy = sorted(m for m in sys.modules if m.startswith(('reportlab', 'docx')))\n"
        "assert not heavy, heavy\n")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("args", [["--help"], ["validate"]])
def test_help_and_validate_import_neither_reportlab_nor_python_docx(args):
    done = _run(
        "import sys\n"
        "from lessonpack.cli import main\n"
        "try:\n"
        f"    main({args!r}, prog_name='lessonpack')\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "heavy = sorted(m for m in sys.modules if m.startswith(('reportlab', 'docx')))\n"
        "assert not heavy, heavy\n", cwd=REPO / "lessons")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_rounding_follows_the_reportlab_implementation_in_use():
    """reportlab's C speed-ups and its Python fallback scale the sum differently; we pick the one in use."""
    import reportlab.lib.rl_accel as rl_accel

    from lessonpack.fonts.metrics import reportlab_accelerated

    c_in_use = not hasattr(rl_accel.instanceStringWidthTTF, "__code__")
    assert reportlab_accelerated() is c_in_use

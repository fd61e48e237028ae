"""Invisible and control characters become a line break or are removed, with a warning at their line.

Text pasted from Word or a web page carries NUL, Shift-Enter (U+000B), form feeds,
zero-width spaces, soft hyphens, line separators, and (through YAML escapes) even
lone surrogates. None of them may crash the DOCX writer ("All strings must be XML
compatible") or print as a box; each is reported where it was typed.
tests/roots/rel-control has one of each in its lesson file.
"""

from __future__ import annotations

import re

import docx
import pytest
from pypdf import PdfReader

from conftest import copy_root, docx_text, pdf_text, run_cli, squash
from lessonpack.context import build_context
from lessonpack.course import load_course
from lessonpack.errors import LessonpackError
from lessonpack.expand import TemplateSet, render

ROOT = "rel-control"
LESSON = "01-pasted.yaml"

# (what the warning says, the text it is on)
WARNINGS = [
    ("removed 1 zero-width space (U+200B)", 'title: "The first'),
    ("removed 1 soft hyphen (U+00AD)", "enquiry:"),
    ("replaced 1 vertical tab (U+000B, Word's Shift+Enter) with a line break", "prompt: \"First line"),
    ("removed 1 NUL character (U+0000)", "model_answer:"),
    ("replaced 1 line separator (U+2028) with a line break", "options:"),
    ("removed 1 lone surrogate (U+D800)", "Lone\\ud800surrogate"),
    ("replaced 1 form feed (U+000C) with a line break", "background:"),
]


def file_line(file, needle: str) -> int:
    lines = re.split(r"\r\n|\r|\n", file.read_text(encoding="utf-8"))  # as YAML counts lines
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("control")
    root = copy_root(ROOT, tmp)
    result = run_cli("build", str(root), "--out", str(tmp / "out"))
    return root, tmp / "out", result


def test_the_build_succeeds_without_a_traceback(build):
    _, out, result = build
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert len(list(out.rglob("*.pdf"))) == len(list(out.rglob("*.docx"))) == 2


@pytest.mark.parametrize(("warning", "needle"), WARNINGS, ids=[w[0].split("(")[1][:6] for w in WARNINGS])
def test_each_character_is_reported_at_its_line(build, warning, needle):
    root, _, result = build
    line = file_line(root / "lessons" / LESSON, needle)
    assert re.search(rf"{LESSON}:{line}:\d+: warning: {re.escape(warning)}", result.stderr), result.stderr


def test_the_files_hold_the_cleaned_text(build):
    _, out, _ = build
    sheet = out / "01-pasted" / "01-pasted_student-worksheet"
    notes = out / "01-pasted" / "teacher" / "01-pasted_teacher-notes"
    for text in (squash(docx_text(sheet.with_suffix(".docx"))), squash(pdf_text(sheet.with_suffix(".pdf")))):
        assert "The firstsoviet" in text
        assert "What was new about the soviet of 1905?" in text
        assert "First line second line after Shift-Enter" in text
        assert "Workers councils" in text
        assert "Lonesurrogate" in text
    for text in (squash(docx_text(notes.with_suffix(".docx"))), squash(pdf_text(notes.with_suffix(".pdf")))):
        assert "Before NULafter NUL" in text
        assert "Page one page two" in text


def test_no_control_character_reaches_a_file(build):
    _, out, _ = build
    bad = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\u200b\u00ad\u2028\ud800-\udfff]")
    for path in out.rglob("*.docx"):
        document = docx.Document(str(path))
        assert not bad.search("\n".join(p.text for p in document.paragraphs))
    for path in out.rglob("*.pdf"):
        assert not bad.search("".join(page.extract_text() for page in PdfReader(str(path)).pages))


def test_raw_nul_bytes_mean_the_lesson_is_not_a_text_file(tmp_path):
    root = copy_root(ROOT, tmp_path)
    lesson = root / "lessons" / LESSON
    lesson.write_bytes(lesson.read_bytes().replace(b"Which is right?", b"Which\x00is right?"))
    result = run_cli("validate", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{LESSON}:{file_line(lesson, 'Which')}:" in result.stderr
    assert "not a text file" in result.stderr


# ----------------------------------------------------------------- essays

ESSAY_JUNK = {
    "nul": "\x00", "shift-enter": "\x0b", "form-feed": "\x0c", "zero-width": "\u200b", "soft-hyphen": "\u00ad",
    "line-separator": "\u2028", "bell": "\x07",
}


@pytest.mark.parametrize("junk", ESSAY_JUNK.values(), ids=ESSAY_JUNK.keys())
def test_a_control_character_in_an_essay_is_cleaned_with_a_warning(tmp_path, junk):
    root = copy_root(ROOT, tmp_path)
    essay = root / "lessons" / "essays" / "soviets.md"
    text = essay.read_text(encoding="utf-8").replace("working class came", f"working{junk} class came")
    essay.write_text(text, encoding="utf-8")
    result = run_cli("build", str(root), "--out", str(tmp_path / "out"))
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert f"soviets.md:{file_line(essay, 'working')}:" in result.stderr and "warning:" in result.stderr


def test_an_essay_that_is_not_utf8_is_located(tmp_path):
    root = copy_root(ROOT, tmp_path)
    essay = root / "lessons" / "essays" / "soviets.md"
    essay.write_bytes(essay.read_bytes().replace(b"working class", b"working \xed\xa0\x80 class"))  # a surrogate
    result = run_cli("validate", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "soviets.md" in result.stderr and "UTF-8" in result.stderr


# ----------------------------------------------------------------- templates


@pytest.mark.parametrize("junk", ["\x0b", "\x00", "\u200b", "\x1b[31m"])
def test_a_template_with_control_characters_is_refused_at_its_line(tmp_path, junk):
    root = copy_root(ROOT, tmp_path)
    (root / "templates").mkdir()
    template = root / "templates" / "worksheet.md.j2"
    template.write_text(f"# {{{{ lesson.title }}}}\r\n\r\nPasted{junk} text\r\n", encoding="utf-8")
    course = load_course(root)
    context = build_context(course, course.lessons[0], "worksheet").context
    with pytest.raises(LessonpackError) as info:
        render(TemplateSet(root / "templates"), "worksheet", context)
    assert info.value.location.file == template and info.value.location.line == 3
    assert "invisible characters" in info.value.message

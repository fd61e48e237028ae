"""Every character has a glyph, or the build says which one it could not print, and where it was typed.

tests/roots/rel-glyphs types one awkward character in each of several places: an
emoji in a question, Hebrew in an option (no glyph in the serif font, and
right-to-left), a mathematical letter in the title (printable, but reportlab's
text map for it is wrong), Chinese in the essay and a hammer and sickle in
course.yaml's glossary.
"""

from __future__ import annotations

import dataclasses

import pytest

from conftest import copy_root, line_of, root_path, run_cli
from lessonpack import glyphs
from lessonpack.pipeline import make_document
from lessonpack.course import load_course
from lessonpack.document import Document, DocumentInfo, Paragraph, Text
from lessonpack.expand import TemplateSet

ROOT = "rel-glyphs"


@pytest.fixture(scope="module")
def course():
    return load_course(root_path(ROOT))


def problems_in(course, kind: str = "worksheet"):
    lesson = course.lessons[0]
    document = make_document(course, lesson, kind, TemplateSet(course.templates_dir))
    return glyphs.check(document), lesson


def by_char(problems):
    return {p.char: p for p in problems}


def test_a_clean_course_has_no_problems():
    clean = load_course(root_path("rel-base"))
    for kind in ("worksheet", "extract", "teacher-notes"):
        document = make_document(clean, clean.lessons[0], kind, TemplateSet(clean.templates_dir))
        assert glyphs.check(document) == []


def test_each_unprintable_character_is_found_with_its_reason_and_place(course):
    found = by_char(problems_in(course)[0])
    assert found["😀"].reason == glyphs.NO_GLYPH and found["😀"].where == "question 1"
    assert found["😀"].code == "U+1F600" and found["😀"].name == "GRINNING FACE"
    assert found["😀"].font == "DejaVu Serif"
    assert found["ש"].reason == glyphs.NO_GLYPH
    assert found["苏"].reason == glyphs.NO_GLYPH and found["苏"].where.startswith("Source A, line")
    assert found["𝚤"].reason == glyphs.NO_GLYPH  # the page header's and heading's DejaVu Sans lacks it
    assert found["𝚤"].font.startswith("DejaVu Sans")
    assert all(ch.isprintable() for ch in found)


def test_a_character_from_course_yaml_is_located_there(course):
    problems, lesson = problems_in(course, "extract")
    assert by_char(problems)["☭"].reason == glyphs.NO_GLYPH  # the glossary, in the extract's key words
    (error,) = [e for e in glyphs.located(problems, course, lesson) if "U+262D" in e.message]
    course_file = root_path(ROOT) / "lessons" / "course.yaml"
    assert error.location.file == course_file and error.location.line == line_of(course_file, "☭")


def test_each_problem_is_located_where_it_was_typed(course):
    problems, lesson = problems_in(course)
    errors = glyphs.located(problems, course, lesson)
    lesson_file = root_path(ROOT) / "lessons" / "01-glyphs.yaml"
    essay_file = root_path(ROOT) / "lessons" / "essays" / "scripts.md"
    by_message = {e.message: e for e in errors}
    emoji = next(e for m, e in by_message.items() if "U+1F600 GRINNING FACE" in m)
    assert emoji.location.file == lesson_file
    assert emoji.location.line == line_of(lesson_file, "😀")
    assert "question 1" in emoji.message and emoji.hint
    hebrew = next(e for m, e in by_message.items() if "U+05E9 HEBREW LETTER SHIN" in m)
    assert hebrew.location.line == line_of(lesson_file, "שלום")
    assert "4 characters" in hebrew.message  # one message for the word, not one per letter
    chinese = next(e for m, e in by_message.items() if "苏" in m)
    assert chinese.location.file == essay_file and chinese.location.line == line_of(essay_file, "苏维埃")


def test_right_to_left_text_is_reported_where_the_font_has_its_letters(course):
    lesson = course.lessons[0]
    retitled = dataclasses.replace(lesson, lesson=lesson.lesson.model_copy(update={"title": "Soviet שלום"}))
    document = make_document(course, retitled, "worksheet", TemplateSet(course.templates_dir))
    reasons = {p.reason for p in glyphs.check(document) if p.char == "ש"}
    # DejaVu Sans (page header, heading) draws Hebrew, but left to right; DejaVu Serif has none.
    assert reasons == {glyphs.RIGHT_TO_LEFT, glyphs.NO_GLYPH}


def test_a_character_beyond_u_ffff_with_a_glyph_is_a_warning():
    document = Document(DocumentInfo("t", "k", "c"), (Paragraph((Text("dotless 𝚤 here"),)),))
    (problem,) = glyphs.check(document)
    assert problem.reason == glyphs.UNSEARCHABLE and not problem.severe
    assert "cannot be searched" in problem.message()


def test_a_control_character_in_the_document_is_reported_not_a_crash():
    document = Document(DocumentInfo("t", "k", "c"), (Paragraph((Text("bell\x07 and NUL\x00"),)),))
    found = by_char(glyphs.check(document))
    assert found["\x07"].reason == found["\x00"].reason == glyphs.CONTROL
    assert "U+0007" in found["\x07"].message()


def test_a_block_type_the_check_does_not_know_is_still_checked():
    @dataclasses.dataclass(frozen=True)
    class Sticker:
        label: str

    document = Document(DocumentInfo("t", "k", "c"), (Sticker("smile 😀"),))  # type: ignore[arg-type]
    assert [p.char for p in glyphs.check(document)] == ["😀"]


def test_the_build_reports_the_emoji_instead_of_printing_a_box(tmp_path):
    root = copy_root(ROOT, tmp_path)
    result = run_cli("build", str(root), "--out", str(tmp_path / "out"), "--format", "pdf")
    assert result.returncode == 1
    assert f"01-glyphs.yaml:{line_of(root / 'lessons' / '01-glyphs.yaml', '😀')}:" in result.stderr
    assert "U+1F600 GRINNING FACE" in result.stderr

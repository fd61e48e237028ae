"""Large print is re-set for its own measure: the margin number is the printed line's number.

Read back from the built papers of the shipped course: on the large-print papers every
extract line is one printed line, so the margin numbers count printed lines, and a
question's "lines N–M" points at the printed lines holding its quote. The standard,
dyslexia-friendly and high-contrast papers keep their shared numbering.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, course_in_profile, is_furniture
from pagecheck import boxes, read_paper, wrong_line_number

from dataclasses import replace

from lessonpack.context import build_context
from lessonpack.course import load_course
from lessonpack.extract import quote_lines
from lessonpack.linebreak import canonical_measures, measures_for, paper_measure
from lessonpack.theme import MM, STANDARD, theme_for

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="the pages are read with poppler")]

LESSONS = ("02-trotsky-following", "03-stalin-bureaucracy")
LARGE = ("large-print-24", "large-print-36")
GAP = "[…]"

STANDARD_REFS = {
    "02-trotsky-following": ["lines 5–7", "line 12", "lines 2–3", "lines 15–16", "lines 9–10"],
    "03-stalin-bureaucracy": ["lines 4–6", "lines 6–7", "lines 2–4", "lines 11–13"],
}
"""The standard worksheets' line references, read off the papers before large print was re-set
(lesson 03's last, "lines 5–6", went with the question issue 20 made an unmarked extension; its
Question 8 quotes Source A's claim to its end, "of the Leningrad party", on line 13: "lines 11–12" before)."""


def paper(tmp_path_factory, profile: str, lesson: str, kind: str = "student-worksheet", fmt: str = "pdf") -> Path:
    suffix = "" if profile == "standard" else f"_{profile}"
    folder = course_in_profile(tmp_path_factory, profile) / lesson
    if kind.startswith("teacher-"):
        folder = folder / "teacher"
    return folder / f"{lesson}_{kind}{suffix}.{fmt}"


def printed_boxes(pdf: Path, profile: str) -> list[list[str]]:
    """Each source box's printed extract lines, top to bottom over its pages, as read from the PDF."""
    theme = theme_for("A4", profile)
    read = read_paper(pdf, theme)
    left = theme.margin_left + theme.extract_indent - 1
    right = left + theme.extract_text_width + 12
    out = []
    for box in boxes(read):
        lines = []
        for piece in box:
            runs = [r for r in read.on(piece.page, read.runs) if not is_furniture(r, theme)
                    and left <= r.x < right and abs(r.size - theme.extract_size) < 0.05]
            for y in piece.lines:
                words = sorted((r for r in runs if abs(round(r.y, 1) - y) < 0.2), key=lambda r: r.x)
                lines.append(" ".join(r.text for r in words).strip())
        out.append(lines)
    return out


def squeezed(text: str) -> str:
    """Text without white space, quotes straightened: how a quote is found across printed lines."""
    return re.sub(r"\s+", "", text.translate(str.maketrans("‘’“”", "''\"\"")))


def loaded(lesson_id: str):
    course = load_course(REPO)
    return course, next(lesson for lesson in course.lessons if lesson.id == lesson_id)


def last_words(lesson_id: str) -> set[str]:
    """The words that end a paragraph of the lesson's extracts (essay or adapted): they may print alone."""
    _, lesson = loaded(lesson_id)
    words = {GAP}
    for source in lesson.sources:
        words |= {piece.text.split()[-1] for piece in source.pieces if piece.text.split()}
        if source.source.adapted:
            words |= {para.split()[-1] for para in source.source.adapted.split("\n\n") if para.split()}
    return words


@pytest.mark.parametrize("profile", LARGE)
@pytest.mark.parametrize("lesson", LESSONS)
def test_margin_numbers_count_the_printed_lines_of_each_box(tmp_path_factory, profile, lesson):
    """In the source booklet: a large-print worksheet prints no source (tests/test_source_booklet.py)."""
    pdf = paper(tmp_path_factory, profile, lesson, "source-extracts")
    read = read_paper(pdf, theme_for("A4", profile))
    found = boxes(read)
    assert found, "no source box found"
    assert sum(len(piece.numbers) for box in found for piece in box) >= 2 * len(found)
    assert wrong_line_number(read) == []


@pytest.mark.parametrize("profile", LARGE)
@pytest.mark.parametrize("lesson", LESSONS)
def test_no_extract_line_prints_one_word_alone_unless_its_paragraph_ends_there(tmp_path_factory, profile, lesson):
    allowed = last_words(lesson)
    pdf = paper(tmp_path_factory, profile, lesson, "source-extracts")
    lonely = [line for box in printed_boxes(pdf, profile) for line in box
              if len(line.split()) == 1 and line not in allowed]
    assert lonely == []


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_question_s_lines_on_the_large_print_paper_hold_its_quote(tmp_path_factory, lesson):
    """The worksheet's references, looked up in the source booklet it sends the student to."""
    _, loaded_lesson = loaded(lesson)
    pdf = paper(tmp_path_factory, "large-print-24", lesson)
    printed = printed_boxes(paper(tmp_path_factory, "large-print-24", lesson, "source-extracts"), "large-print-24")
    # The booklet prints each source with lines (a chart has none), each followed by its adapted version if any.
    letters = [name for s in loaded_lesson.sources if s.source.extract
               for name in (s.source.letter, f"{s.source.letter} adapted")[:1 + bool(s.source.adapted)]]
    assert len(printed) == len(letters)
    extract = dict(zip(letters, printed))
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                              check=True).stdout)
    refs = re.findall(r"Source ([A-Z]), lines? (\d+)(?:–(\d+))?\.", text)
    quoted = [q for q in loaded_lesson.lesson.questions if q.source and q.quote]
    assert len(refs) == len(quoted) > 0
    for question, (letter, first, last) in zip(quoted, refs):
        assert letter == question.source
        first, last = int(first), int(last or first)
        lines = extract[letter]
        needle = squeezed(question.quote)
        assert needle in squeezed("".join(lines[first - 1:last])), (question.quote, lines[first - 1:last])
        # and no tighter: the quote starts on the first line named and ends on the last
        assert needle not in squeezed("".join(lines[first:last]))
        assert needle not in squeezed("".join(lines[first - 1:last - 1]))


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_standard_paper_keeps_its_numbering(tmp_path_factory, lesson):
    pdf = paper(tmp_path_factory, "standard", lesson)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert re.findall(r"lines? \d+(?:–\d+)?", text) == STANDARD_REFS[lesson]


def test_standard_dyslexia_and_high_contrast_share_their_extract_lines():
    course, lesson = loaded("03-stalin-bureaucracy")
    shared = build_context(course, lesson, "worksheet").sources
    for profile in ("standard", "dyslexia", "high-contrast"):
        for page in ("A4", "Letter"):
            assert build_context(course, lesson, "worksheet", theme=theme_for(page, profile)).sources == shared
    assert build_context(course, lesson, "worksheet", theme=theme_for("A4", "large-print-24")).sources != shared


def test_which_papers_share_the_standard_lines_is_decided_from_the_paper_alone():
    for profile in ("standard", "dyslexia", "high-contrast"):
        for page in ("A4", "Letter", "A3"):
            assert measures_for(theme_for(page, profile)) == canonical_measures()
    for profile in ("large-print-18", "large-print-24", "large-print-36"):
        theme = theme_for("A4", profile)
        assert measures_for(theme) == (paper_measure(theme),)
    # a school's own paper like large print: narrower margins' worth of room, or a bigger extract size
    for school in (replace(STANDARD, margin_left=60 * MM), replace(STANDARD, extract_size=14)):
        assert measures_for(school) == (paper_measure(school),)
    assert measures_for(None) == canonical_measures()


def test_a_quote_found_on_one_paper_is_found_on_every_paper():
    """`validate` finds quotes on the shared lines: the same words, so the same answer on each paper."""
    course = load_course(REPO)
    themes = [None, *(theme_for("A4", p) for p in ("large-print-18", "large-print-24", "large-print-36"))]
    checked = 0
    for lesson in course.lessons:
        for theme in themes:
            sources = build_context(course, lesson, "worksheet", theme=theme).sources
            for question in lesson.lesson.questions:
                if question.source and question.quote:
                    assert quote_lines(sources[question.source], question.quote) is not None
                    checked += 1
    assert checked > 4 * len(themes)


@pytest.mark.parametrize("profile, words", [
    ("standard", "Line numbers are those of the standard, dyslexia-friendly and high-contrast papers."),
    ("large-print-24", "Line numbers are those of the large-print (24 pt) paper."),
    ("large-print-36", "Line numbers are those of the large-print (36 pt) paper."),
])
def test_the_teacher_notes_say_whose_line_numbers_they_use(tmp_path_factory, profile, words):
    pdf = paper(tmp_path_factory, profile, "03-stalin-bureaucracy", "teacher-notes")
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                              check=True).stdout)
    assert words in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice renders the DOCX")
@pytest.mark.parametrize("profile", LARGE)
def test_the_docx_prints_each_extract_line_on_one_line_too(tmp_path_factory, tmp_path, profile):
    lesson = "03-stalin-bureaucracy"
    docx = paper(tmp_path_factory, profile, lesson, "source-extracts", "docx")
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   capture_output=True, check=True, timeout=300)
    layout = subprocess.run(["pdftotext", "-layout", str(tmp_path / docx.with_suffix(".pdf").name), "-"],
                            capture_output=True, text=True, check=True).stdout
    rows = [re.sub(r"\s+", " ", row).strip() for row in layout.splitlines()]
    ours = [line for box in printed_boxes(paper(tmp_path_factory, profile, lesson, "source-extracts"), profile)
            for line in box]
    assert len(ours) > 40
    assert [line for line in ours if not any(line in row for row in rows)] == []
    longest = max(ours, key=len)  # a line printed whole and not run on into the next
    assert sum(1 for row in rows if longest in row) == 1

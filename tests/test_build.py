"""End to end: the shipped course built by the command line, read back as a user would.

Expectations come from the lesson YAML and the essay file, never from lessonpack's own
output, so a writer that drops or changes text is caught.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from conftest import (teacher_only_texts, KINDS, LESSON_IDS, MARKS_RE, SHIPPED_LESSON, contains_run, copy_root, docx_paragraphs,
                      docx_text, essay_for, extract_texts, lesson_yaml, line_of, marks_label, pdf_text, read_on, run_cli,
                      squash, tokens)

STUDENT_KINDS = ("worksheet", "extract")

def teacher_only(lesson: dict) -> list[str]:
    return [text for text in teacher_only_texts(lesson) if len(text) >= 15]

def text_of(path: Path) -> str:
    return read_on(pdf_text(path)) if path.suffix == ".pdf" else docx_text(path)


# ----------------------------------------------------------------- what is written where


def test_the_build_writes_each_document_in_each_format_where_expected(shipped):
    lid = SHIPPED_LESSON
    expected = {
        f"{lid}/{lid}_student-worksheet.pdf", f"{lid}/{lid}_student-worksheet.docx",
        f"{lid}/{lid}_source-extracts.pdf", f"{lid}/{lid}_source-extracts.docx",
        f"{lid}/teacher/{lid}_teacher-notes.pdf", f"{lid}/teacher/{lid}_teacher-notes.docx",
    }
    written = {p.relative_to(shipped.out).as_posix() for p in (shipped.out / lid).rglob("*")
               if p.is_file() and p.suffix in (".pdf", ".docx")}
    assert expected <= written
    for name in expected:
        data = (shipped.out / name).read_bytes()
        if name.endswith(".pdf"):
            assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
        else:
            assert zipfile.is_zipfile(shipped.out / name)
    for name in expected:
        assert Path(name).name in shipped.stdout  # the command says what it wrote


def test_answers_go_only_to_the_teacher_folder(shipped):
    for lid in LESSON_IDS:
        for path in (shipped.out / lid).rglob("*"):
            if path.suffix in (".pdf", ".docx") and "teacher" in path.name:
                assert path.parent.name == "teacher", path


# ----------------------------------------------------------------- the worksheet PDF


@pytest.fixture(scope="module")
def lesson1(shipped):
    lesson = lesson_yaml(shipped, SHIPPED_LESSON)
    return lesson


def test_worksheet_pdf_shows_title_sources_extract_questions_and_marks(shipped, lesson1):
    text = pdf_text(shipped.file(SHIPPED_LESSON, "worksheet", "pdf"))
    flat = squash(text)
    assert squash(lesson1["title"]) in flat
    words = tokens(text)
    for source in lesson1["sources"]:
        assert f"Source {source['letter']}" in flat
        essay = essay_for(shipped, lesson1, source)
        for passage in extract_texts(essay, source):
            assert contains_run(words, tokens(passage)), passage[:60]
    for question in lesson1["questions"]:
        assert squash(question["prompt"]) in flat, question["prompt"]
    # Each question's marks, then each of its parts' marks, in order.
    assert [int(n) for n in MARKS_RE.findall(text)] == [m for q in lesson1["questions"]
                                                        for m in [q["marks"], *(p["marks"] for p in q.get("parts", []))]]
    for question in lesson1["questions"]:
        assert marks_label(question["marks"]) in flat


def test_extract_pdf_shows_every_source_and_its_words(shipped, lesson1):
    text = pdf_text(shipped.file(SHIPPED_LESSON, "extract", "pdf"))
    for source in lesson1["sources"]:
        assert f"Source {source['letter']}: {source['title']}" in squash(text)
        for passage in extract_texts(essay_for(shipped, lesson1, source), source):
            assert contains_run(tokens(text), tokens(passage)), passage[:60]


def test_each_bookmark_opens_the_page_its_heading_is_on(shipped):
    """The teacher notes run over several pages: every bookmark must lead to its own heading."""
    from pypdf import PdfReader

    path = shipped.file(SHIPPED_LESSON, "teacher-notes", "pdf")
    reader = PdfReader(str(path))
    pages = [squash(page.extract_text() or "") for page in reader.pages]
    marks = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else marks.append(item)

    walk(reader.outline)
    assert len(marks) >= 8 and len(pages) >= 2
    landing = [reader.get_destination_page_number(mark) for mark in marks]
    assert landing == sorted(landing) and landing[-1] > 0  # in reading order, not all on page 1
    for mark, page in zip(marks, landing):
        assert squash(mark.title) in pages[page], (mark.title, page + 1)


# ----------------------------------------------------------------- the worksheet DOCX


def test_worksheet_docx_has_the_title_heading_extract_questions_and_marks(shipped, lesson1):
    path = shipped.file(SHIPPED_LESSON, "worksheet", "docx")
    paragraphs = docx_paragraphs(path)
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"] == [lesson1["title"]]
    text = "\n".join(p.text for p in paragraphs)
    flat = squash(text)
    for source in lesson1["sources"]:
        for passage in extract_texts(essay_for(shipped, lesson1, source), source):
            assert contains_run(tokens(text), tokens(passage)), passage[:60]
    for question in lesson1["questions"]:
        assert squash(question["prompt"]) in flat, question["prompt"]
        assert marks_label(question["marks"]) in flat
    # Each question's marks, then each of its parts' marks, in order.
    assert [int(n) for n in MARKS_RE.findall(text)] == [m for q in lesson1["questions"]
                                                        for m in [q["marks"], *(p["marks"] for p in q.get("parts", []))]]


def test_every_lessons_worksheet_has_its_prompts_and_marks_in_both_formats(shipped):
    for lid in LESSON_IDS:
        lesson = lesson_yaml(shipped, lid)
        if "worksheet" not in lesson.get("documents", KINDS):
            continue
        for fmt in ("pdf", "docx"):
            text = text_of(shipped.file(lid, "worksheet", fmt))
            for question in lesson.get("questions", []):
                assert squash(question["prompt"]) in squash(text), (lid, fmt, question["prompt"])
            # Each question's marks, then each of its parts' marks, in order.
            expected = [m for q in lesson.get("questions", []) for m in [q["marks"], *(p["marks"] for p in q.get("parts", []))]]
            assert [int(n) for n in MARKS_RE.findall(text)] == expected, (lid, fmt)


def test_the_name_class_date_labels_print_whole(shipped):
    text = pdf_text(shipped.file(SHIPPED_LESSON, "worksheet", "pdf"))
    for label in ("Name:", "Class:", "Date:"):
        assert label in text


def test_the_worksheet_pdf_has_no_missing_glyphs(shipped):
    for lid in LESSON_IDS:
        for kind in KINDS:
            path = shipped.file(lid, kind, "pdf")
            if path.exists():
                text = pdf_text(path)
                assert "\x00" not in text and "\ufffd" not in text, path.name


# ----------------------------------------------------------------- answers stay with the teacher


@pytest.mark.parametrize("lid", LESSON_IDS)
def test_answers_and_mark_schemes_appear_only_in_the_teacher_notes(shipped, lid):
    lesson = lesson_yaml(shipped, lid)
    secret = teacher_only(lesson)
    kinds = lesson.get("documents", list(KINDS))
    if not secret or "teacher-notes" not in kinds:
        pytest.skip(f"{lid} has no teacher-only text")
    for fmt in ("pdf", "docx"):
        teacher = squash(text_of(shipped.file(lid, "teacher-notes", fmt)))
        for text in secret:
            assert squash(text) in teacher, (fmt, text)
        for kind in STUDENT_KINDS:
            if kind not in kinds:
                continue
            student = squash(text_of(shipped.file(lid, kind, fmt)))
            for text in secret:
                assert squash(text) not in student, (kind, fmt, text)
            assert "Model answer" not in student and "Mark scheme" not in student


# ----------------------------------------------------------------- a lesson with a mistake


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_lesson_with_a_mistake_builds_nothing_and_says_where(tmp_path):
    root = copy_root("build-one-bad", tmp_path)
    out = root / "out"
    (out / "01-first-soviet").mkdir(parents=True)
    (out / "01-first-soviet" / "01-first-soviet_student-worksheet.pdf").write_bytes(b"the old worksheet")
    (out / "keep.txt").write_text("a teacher's own file", encoding="utf-8")
    before = snapshot(out)
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    broken = root / "lessons" / "02-broken.yaml"
    line = line_of(broken, "democracies")
    assert re.search(rf"(^|\n)lessons/02-broken\.yaml:{line}:\d+: ", result.stderr), result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(out) == before
    assert "wrote" not in result.stdout


# ----------------------------------------------------------------- reproducible


def test_building_twice_gives_byte_identical_files(shipped, tmp_path):
    again = tmp_path / "again"
    result = run_cli("build", str(shipped.root), "--out", str(again))
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(shipped.out): p.read_bytes() for p in shipped.out.rglob("*")
             if p.suffix in (".pdf", ".docx")}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.suffix in (".pdf", ".docx")}
    assert first and set(first) == set(second)
    different = sorted(str(name) for name in first if first[name] != second[name])
    assert different == []

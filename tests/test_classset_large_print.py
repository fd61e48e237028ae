"""A large-print student's class-set copy: the worksheet as the full paper prints it, then the source
booklet (the extracts), in one file named for the student, each part starting on a right-hand page.

On a large-print paper the full paper keeps the sources in the source booklet beside the worksheet.
A class-set copy once printed them inside the worksheet instead, a layout the full paper never
meets: at 24 pt lesson 03's copy ran to 24 pages and the page checks found a source's head without
its chart and pages a third blank. Read back from lesson 03's class set, built for a roster whose
profile column gives one student large print and leaves another on the class's standard paper.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, body_runs, made_once, run_cli
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parent))
from pagecheck import check_pdf  # noqa: E402

from lessonpack.theme import theme_for  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pagecheck reads pages with poppler")

LESSON_FILE = REPO / "lessons" / "03-stalin-bureaucracy.yaml"
LESSON = "03-stalin-bureaucracy"
PROFILE = "large-print-24"
LARGE, STANDARD, CLASS = "Ada Lovelace", "Ben Okri", "10B"
ROSTER = f"name,class,profile\n{LARGE},{CLASS},{PROFILE}\n{STANDARD},{CLASS},\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Lesson 03's class set for the roster, and the lesson's full paper at 24 pt (PDF) beside it."""
    def make(folder: Path) -> dict:
        roster = folder / "10B.csv"
        roster.write_text(ROSTER, encoding="utf-8")
        made = run_cli("build", str(LESSON_FILE), "--roster", str(roster), "--out", str(folder / "set"))
        full = run_cli("build", str(LESSON_FILE), "--profile", PROFILE, "--format", "pdf",
                       "--out", str(folder / "full"))
        return {"set": [made.returncode, made.stderr], "full": [full.returncode, full.stderr]}

    folder, record = made_once(tmp_path_factory, "classset-large-print", make)
    for code, stderr in record.values():
        assert code == 0, stderr
    return folder


def class_folder(built: Path) -> Path:
    return built / "set" / LESSON / f"class-{CLASS}"


def own_copy(built: Path, name: str) -> Path:
    return class_folder(built) / f"{name.replace(' ', '-')}_{LESSON}_worksheet.pdf"


def full_paper(built: Path, kind: str) -> Path:
    return built / "full" / LESSON / f"{LESSON}_{kind}_{PROFILE}.pdf"


def texts(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(str(path)).pages]


def body_pages(path: Path, theme) -> list[list[str]]:
    """Each page's text but its running header and footer, run by run in reading order."""
    pages: list[list[str]] = [[] for _ in PdfReader(str(path)).pages]
    for run in body_runs(path, theme):
        if run.text.strip():
            pages[run.page].append(run.text.strip())
    return pages


def source_titles() -> list[str]:
    """Each source's heading as the lesson file names it ("Source C: Party membership, 1917–1926")."""
    lesson = yaml.safe_load(LESSON_FILE.read_text(encoding="utf-8"))
    return [f"Source {s['letter']}: {s['title']}" for s in lesson["sources"]]


def question_count() -> int:
    return len(yaml.safe_load(LESSON_FILE.read_text(encoding="utf-8"))["questions"])


def parts(pages: list[str]) -> list[tuple[int, int]]:
    """(first page, page count) of each part of a file, read off its "Page 1 of N" footers (from 0)."""
    found = []
    for index, text in enumerate(pages):
        match = re.search(r"Page 1 of (\d+)", text)
        if match:
            found.append((index, int(match.group(1))))
    return found


def test_the_copy_is_the_worksheet_then_the_source_booklet_each_as_the_full_paper_pages_it(built):
    pages = texts(own_copy(built, LARGE))
    worksheet, booklet = texts(full_paper(built, "student-worksheet")), texts(full_paper(built, "source-extracts"))
    # Two parts, the booklet starting on a right-hand page: a blank page pads an odd worksheet.
    assert parts(pages) == [(0, len(worksheet)), (len(worksheet) + len(worksheet) % 2, len(booklet))]
    assert len(pages) == len(worksheet) + len(worksheet) % 2 + len(booklet)
    if len(worksheet) % 2:
        assert not pages[len(worksheet)].strip()
    # Page for page the body the full paper prints, but for the student's name and class filled in.
    theme = theme_for("A4", PROFILE)
    mine = body_pages(own_copy(built, LARGE), theme)
    mine = mine[:len(worksheet)] + mine[len(worksheet) + len(worksheet) % 2:]
    full = body_pages(full_paper(built, "student-worksheet"), theme) + body_pages(full_paper(built, "source-extracts"), theme)
    assert len(mine) == len(full)
    for number, (own, theirs) in enumerate(zip(mine, full), 1):
        assert [t for t in own if t not in (LARGE, CLASS)] == theirs, number


def test_the_sources_are_printed_once_after_the_questions(built):
    pages = texts(own_copy(built, LARGE))
    (_, worksheet_pages), (booklet_start, _) = parts(pages)
    last_question = max(i for i, text in enumerate(pages[:worksheet_pages])
                        if re.search(rf"(?<!\d){question_count()} ", text))
    whole = " ".join(pages)
    for title in source_titles():
        head = title.split()[:4]  # a long title wraps: its first words are on one line
        at = [i for i, text in enumerate(pages) if " ".join(head) in text]
        assert whole.count(" ".join(head)) == 1, title
        assert at and at[0] >= booklet_start > last_question, (title, at)
    # The worksheet sends the student to the booklet, as on the full paper.
    assert "source booklet" in " ".join(pages[:worksheet_pages])


def test_the_students_name_and_class_are_on_every_printed_page(built):
    pages = texts(own_copy(built, LARGE))
    printed = [i for i, text in enumerate(pages) if text.strip()]
    assert len(printed) >= len(pages) - 1
    assert all(f"{LARGE} · {CLASS}" in pages[i] for i in printed)


def test_the_page_checks_find_nothing_in_the_large_print_copy(built):
    assert check_pdf(own_copy(built, LARGE), theme_for("A4", PROFILE)) == []


def test_the_print_file_holds_both_parts_for_the_large_print_student_bookmarked(built):
    folder = class_folder(built)
    print_file = folder / f"{LESSON}_worksheet_class-{CLASS}_{PROFILE}_print-all.pdf"
    assert texts(print_file) == texts(own_copy(built, LARGE))  # one student on this paper: the same pages
    reader = PdfReader(str(print_file))
    marks = [(m.title, reader.get_destination_page_number(m)) for m in reader.outline]
    assert marks == [(f"{LARGE} · {CLASS}", 0), (f"{LARGE} · {CLASS} · Source extracts", parts(texts(print_file))[1][0])]
    assert check_pdf(print_file, theme_for("A4", PROFILE)) == []


def test_a_standard_student_in_the_same_class_keeps_the_sources_in_the_worksheet(built):
    pages = texts(own_copy(built, STANDARD))
    assert len(parts(pages)) == 1 and "source booklet" not in " ".join(pages)
    assert all(" ".join(title.split()[:4]) in " ".join(pages) for title in source_titles())


def test_a_fillable_large_print_copy_has_fields_to_type_in_and_its_source_booklet(tmp_path):
    """The class's paper (--profile) gives large print here; the copy is fillable: the answer spaces
    and the empty Date are fields, as in the full paper's fillable worksheet."""
    roster = tmp_path / "10B.csv"
    roster.write_text(f"name,class\n{LARGE},{CLASS}\n", encoding="utf-8")
    result = run_cli("build", str(LESSON_FILE), "--roster", str(roster), "--profile", PROFILE, "--fillable",
                     "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    path = tmp_path / "out" / LESSON / f"class-{CLASS}" / f"{LARGE.replace(' ', '-')}_{LESSON}_worksheet.pdf"
    fields = PdfReader(str(path)).get_fields() or {}
    assert len(parts(texts(path))) == 2
    assert "date" in fields and "name" not in fields, sorted(fields)
    assert any(re.fullmatch(r"q1[a-z]?_\w+", name) for name in fields), sorted(fields)


def test_each_part_of_a_shuffled_version_s_copy_is_laid_out_under_its_own_header(built, tmp_path):
    """A version's worksheet says so in its header ("Student worksheet · version A"), which at 24 pt
    takes a line more than the booklet's: each part is laid out in the frame under its own header
    and paged as the full paper pages it (laid out under the worksheet's header, the booklet took
    16 pages instead of 14 and left Source C's head a page before its chart). The page checks read
    one top margin per file, so each part is checked on its own."""
    from pypdf import PdfWriter

    roster = tmp_path / "10B.csv"
    roster.write_text(f"name,class\n{LARGE},{CLASS}\n", encoding="utf-8")
    result = run_cli("build", str(LESSON_FILE), "--roster", str(roster), "--profile", PROFILE, "--variants", "2",
                     "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    path = tmp_path / "out" / LESSON / f"class-{CLASS}" / f"{LARGE.replace(' ', '-')}_{LESSON}_worksheet.pdf"
    reader, pages = PdfReader(str(path)), texts(path)
    assert "version A" in pages[0]
    (_, first), (start, count) = parts(pages)
    for number, (begin, length) in enumerate([(0, first), (start, count)]):
        part = PdfWriter()
        for index in range(begin, begin + length):
            part.add_page(reader.pages[index])
        part.write(tmp_path / f"part-{number}.pdf")
        assert check_pdf(tmp_path / f"part-{number}.pdf", theme_for("A4", PROFILE)) == [], number
    theme = theme_for("A4", PROFILE)
    assert body_pages(tmp_path / "part-1.pdf", theme) == body_pages(full_paper(built, "source-extracts"), theme)

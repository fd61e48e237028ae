"""Large print keeps its sources in the source booklet: the worksheet prints the questions and says
where the sources are; the booklet (the extracts) prints every source and the timeline.

At 24 pt lesson 03's worksheet printed its sources and timeline as well as the booklet did, and took
26 pages against the standard paper's 7; an exam board's modified enlarged paper comes with its
sources in an insert of its own. Read back from the shipped course built in each paper.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import course_in_profile
from pypdf import PdfReader

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="the pages are read with poppler")]

LESSON = "03-stalin-bureaucracy"


def text(tmp_path_factory, profile: str, kind: str, lesson: str = LESSON) -> str:
    suffix = "" if profile == "standard" else f"_{profile}"
    path = course_in_profile(tmp_path_factory, profile) / lesson / f"{lesson}_{kind}{suffix}.pdf"
    return re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                              check=True).stdout)


def pages(tmp_path_factory, profile: str, kind: str, lesson: str = LESSON) -> int:
    suffix = "" if profile == "standard" else f"_{profile}"
    path = course_in_profile(tmp_path_factory, profile) / lesson / f"{lesson}_{kind}{suffix}.pdf"
    return len(PdfReader(str(path)).pages)


SOURCE_TITLES = re.compile(r"Source [A-C]( \(adapted\))?: ")


@pytest.mark.parametrize("profile", ["large-print-18", "large-print-24"])
def test_the_large_print_worksheet_sends_the_student_to_the_booklet_and_prints_no_source(tmp_path_factory,
                                                                                          profile):
    worksheet = text(tmp_path_factory, profile, "student-worksheet")
    assert "Sources A, B, C, the timeline and the key words are in your source booklet." in worksheet
    assert not SOURCE_TITLES.search(worksheet)
    assert "Stalin becomes General Secretary" not in worksheet  # the timeline's first event
    assert "Source A, lines" in worksheet  # its questions still point at the booklet's lines


@pytest.mark.parametrize("profile", ["large-print-18", "large-print-24"])
def test_the_large_print_booklet_prints_every_source_and_the_timeline(tmp_path_factory, profile):
    booklet = text(tmp_path_factory, profile, "source-extracts")
    for letter in "ABC":
        assert f"Source {letter}: " in booklet
    assert "Timeline" in booklet and "Stalin becomes General Secretary" in booklet


def test_the_standard_paper_keeps_its_sources_in_the_worksheet_and_no_timeline_in_the_extracts(
        tmp_path_factory):
    worksheet = text(tmp_path_factory, "standard", "student-worksheet")
    assert SOURCE_TITLES.search(worksheet) and "Stalin becomes General Secretary" in worksheet
    assert "source booklet" not in worksheet
    assert "Stalin becomes General Secretary" not in text(tmp_path_factory, "standard", "source-extracts")


def test_the_booklet_line_names_the_lesson_s_own_sources(tmp_path_factory):
    worksheet = text(tmp_path_factory, "large-print-24", "student-worksheet", "02-trotsky-following")
    assert "Sources A, B, the timeline and the key words are in your source booklet." in worksheet
    one = text(tmp_path_factory, "large-print-24", "student-worksheet", "01-soviet-1905")
    assert "Source A, the timeline and the key words are in your source booklet." in one


@pytest.mark.parametrize("lesson", ["02-trotsky-following", "03-stalin-bureaucracy"])
def test_the_24_pt_worksheet_takes_under_two_and_a_half_times_the_standard_pages(tmp_path_factory, lesson):
    assert pages(tmp_path_factory, "large-print-24", "student-worksheet", lesson) < 2.5 * pages(
        tmp_path_factory, "standard", "student-worksheet", lesson)


def test_a_school_profile_can_print_the_sources_in_the_worksheet_too(tmp_path):
    """prof-custom's `school-large` starts from large-print-18; with `source_booklet: false` its
    worksheet prints Source A again."""
    from conftest import copy_root, run_cli

    root = copy_root("prof-custom", tmp_path)
    course = root / "lessons" / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8").replace(
        "    base: large-print-18\n", "    base: large-print-18\n    source_booklet: false\n"), encoding="utf-8")
    result = run_cli("build", str(root), "--profile", "school-large", "--format", "pdf", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    out = root / "out" / "01-first-soviet"
    worksheet = subprocess.run(["pdftotext", str(out / "01-first-soviet_student-worksheet_school-large.pdf"), "-"],
                               capture_output=True, text=True, check=True).stdout
    assert SOURCE_TITLES.search(worksheet) and "source booklet" not in worksheet


def test_a_lesson_that_makes_no_extracts_prints_its_sources_in_the_large_print_worksheet(tmp_path):
    """Without a source booklet to send the student to, the worksheet is the whole of it."""
    from conftest import copy_root, run_cli

    root = copy_root("prof-custom", tmp_path)
    lesson = root / "lessons" / "01-first-soviet.yaml"
    text = lesson.read_text(encoding="utf-8")
    assert "documents: [worksheet, extract, teacher-notes]" in text
    lesson.write_text(text.replace("documents: [worksheet, extract, teacher-notes]", "documents: [worksheet]"),
                      encoding="utf-8")
    result = run_cli("build", str(root), "--profile", "large-print-24", "--format", "pdf", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    path = root / "out" / "01-first-soviet" / "01-first-soviet_student-worksheet_large-print-24.pdf"
    worksheet = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert SOURCE_TITLES.search(worksheet) and "source booklet" not in worksheet


def test_a_large_print_class_set_copy_holds_its_source_booklet_after_the_worksheet(tmp_path):
    """A class set hands each student their own file and nothing else: a large-print copy (the
    roster's profile column) is the worksheet that sends the student to the booklet, then the
    booklet, every source printed once in it (tests/test_classset_large_print.py reads it page by page)."""
    from conftest import copy_root, run_cli

    root = copy_root("prof-custom", tmp_path)
    roster = tmp_path / "class.csv"
    roster.write_text("name,class,profile\nAda Lovelace,10B,large-print-24\n", encoding="utf-8")
    result = run_cli("build", str(root / "lessons" / "01-first-soviet.yaml"), "--roster", str(roster),
                     "--out", str(tmp_path / "out"), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    copies = [p for p in (tmp_path / "out").rglob("*.pdf") if "Ada" in p.name]
    assert copies, sorted(p.name for p in (tmp_path / "out").rglob("*"))
    text = subprocess.run(["pdftotext", str(copies[0]), "-"], capture_output=True, text=True, check=True).stdout
    booklet = text.index("Source extracts")
    assert "source booklet" in text[:booklet] and not SOURCE_TITLES.search(text[:booklet])
    assert SOURCE_TITLES.search(text[booklet:]) and "Ada Lovelace" in text[booklet:]

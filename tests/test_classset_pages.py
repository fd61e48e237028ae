"""Every page of a class-set copy says whose it is, so an unstapled set can be put back together.

Lesson 02 of the shipped course is built as a class set twice: on the standard paper with
tests/fixtures/rosters/10B.csv, and in large print (24 pt) with the same roster and one very long
name added. Every page of each student's PDF, and every page of the class print file, is read
back with its text positions (pypdf): its footer must carry that student's name and class,
beside "Page x of y" and never over it or over the body text. Who should be on which page comes
from the roster and the zip's manifest, never from lessonpack's own code.

김민준 (10B.csv) is in no font lessonpack ships: the build warns, and the name prints as empty
boxes, which a PDF reader extracts as NUL characters; the class still prints.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, Run, made_once, pdf_runs, run_cli, run_width

ROSTER = FIXTURES / "rosters" / "10B.csv"
LESSON02 = REPO / "lessons" / "02-trotsky-following.yaml"
LONG_NAME = "Maximiliana Theodora Wolkenstein-Trostburg-Hohenberg de la Cruz y Villanueva"
"""Longer than a large-print footer has room for: it must be shortened, never overprint."""
PAGE_NUMBER = re.compile(r"Page (\d+) of (\d+)")
NOT_PRINTABLE = "\x00"
"""What a reader extracts for a character the font has no glyph for (an empty box on paper)."""


@dataclass(frozen=True)
class Student:
    name: str
    group: str
    file: str


@dataclass(frozen=True)
class ClassSetBuild:
    folder: Path
    """The class folder: one PDF per student, the print file, the zip."""
    profile: str
    stderr: str

    @property
    def students(self) -> list[Student]:
        """The students in roster order, with their files, as the zip's manifest lists them."""
        (zip_path,) = self.folder.glob("*.zip")
        with zipfile.ZipFile(zip_path) as archive:
            manifest = archive.read("manifest.csv").decode("utf-8-sig")
        return [Student(row["student"], row["class"], row["file"]) for row in csv.DictReader(io.StringIO(manifest))]

    @property
    def print_file(self) -> Path:
        (path,) = self.folder.glob("*_print-all.pdf")
        return path

    @property
    def theme(self):
        from lessonpack.theme import theme_for

        return theme_for("A4", self.profile)


def build_class_set(tmp_path_factory, name: str, roster_rows: str, *options: str) -> tuple[Path, str]:
    def make(folder: Path) -> dict:
        roster = folder / "10B.csv"
        roster.write_text(roster_rows, encoding="utf-8")
        result = run_cli("build", str(LESSON02), "--roster", str(roster), "--out", str(folder / "out"), *options)
        assert result.returncode == 0, result.stderr
        return {"stderr": result.stderr}

    folder, printed = made_once(tmp_path_factory, name, make)
    (class_folder,) = (folder / "out").glob("*/class-10B")
    return class_folder, printed["stderr"]


@pytest.fixture(scope="module")
def standard(tmp_path_factory) -> ClassSetBuild:
    folder, stderr = build_class_set(tmp_path_factory, "classset-pages-standard", ROSTER.read_text(encoding="utf-8"))
    return ClassSetBuild(folder, "standard", stderr)


@pytest.fixture(scope="module")
def large_print(tmp_path_factory) -> ClassSetBuild:
    rows = ROSTER.read_text(encoding="utf-8").rstrip("\n") + f"\n{LONG_NAME},10B,S08,\n"
    folder, stderr = build_class_set(tmp_path_factory, "classset-pages-lp24", rows, "--profile", "large-print-24")
    return ClassSetBuild(folder, "large-print-24", stderr)


@pytest.fixture(params=["standard", "large_print"])
def class_set(request) -> ClassSetBuild:
    return request.getfixturevalue(request.param)


# ----------------------------------------------------------------- reading a page's footer


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def pages(path: Path) -> dict[int, list[Run]]:
    """Every page's runs, blank pages included (a print file pads copies to an odd page)."""
    from pypdf import PdfReader

    out: dict[int, list[Run]] = {number: [] for number in range(len(PdfReader(str(path)).pages))}
    for run in pdf_runs(path):
        out[run.page].append(run)
    return out


@dataclass(frozen=True)
class Footer:
    owner: Run | None
    """The run naming whose copy the page belongs to."""
    number: Run | None
    """ "Page x of y"."""


def footer(runs: list[Run], theme) -> Footer:
    below = [r for r in runs if r.y < theme.margin_bottom - theme.small_size / 2]  # under the text area
    numbers = [r for r in below if PAGE_NUMBER.fullmatch(r.text)]
    others = [r for r in below if not PAGE_NUMBER.fullmatch(r.text) and r.x < theme.page_width / 2]
    return Footer(others[0] if len(others) == 1 else None, numbers[0] if len(numbers) == 1 else None)


def names_student(text: str, student: Student) -> bool:
    """Whether a footer's text is the student's name and class: in full, or the name shortened
    with "…" (the class always whole); a character the font lacks reads as an empty box."""
    text = nfc(text)
    suffix = f" · {student.group}"
    if not text.endswith(suffix):
        return False
    shown = text[:-len(suffix)]
    if shown.endswith("…"):
        shown = shown[:-1]
        if len(shown) < 3:
            return False
    elif len(shown) != len(student.name):
        return False
    return all(a == b or a == NOT_PRINTABLE for a, b in zip(shown, nfc(student.name)))


def check_page(runs: list[Run], theme, student: Student, page: int, total: int, where: str) -> None:
    """The page's footer names the student and numbers the page, each clear of the other and of the body."""
    found = footer(runs, theme)
    assert found.owner is not None, f"{where}: no name in the footer: {[r.text for r in runs if r.y < 60]}"
    assert names_student(found.owner.text, student), f"{where}: the footer reads {found.owner.text!r}"
    assert found.number is not None and found.number.text == f"Page {page} of {total}", where
    owner_right = found.owner.x + run_width(found.owner)
    assert found.owner.x >= theme.margin_left - 0.5, f"{where}: the name starts in the margin"
    assert owner_right < found.number.x - theme.small_size, f"{where}: the name runs into the page number"
    assert found.number.x + run_width(found.number) <= theme.page_width - theme.margin_right + 0.5, where
    body = [r for r in runs if r not in (found.owner, found.number) and r.y > found.owner.y]
    if body:
        lowest = min(body, key=lambda r: r.y)
        # The name's capitals stand clear of the lowest body line's descenders.
        assert found.owner.y + 0.8 * found.owner.size < lowest.y - 0.25 * lowest.size, (
            f"{where}: the footer touches {lowest.text!r}")


# ----------------------------------------------------------------- the tests


def numbered(copy: dict[int, list[Run]], theme, where: str) -> list[tuple[int, list[Run], int, int]]:
    """Each printed page of a copy with its page and page count within its part. A copy of several
    parts (on a large-print paper the worksheet, then its source booklet) numbers each from 1; the
    blank page that pads a part of odd length, so the next starts on a right-hand page, belongs to
    no one and carries nothing."""
    out, page, total = [], 0, 0
    for number, runs in copy.items():
        if page == total and total % 2 and not runs:
            continue
        if page == total:  # a part starts
            found = footer(runs, theme)
            assert found.number is not None, f"{where} page {number + 1}: no page number"
            total, page = int(PAGE_NUMBER.fullmatch(found.number.text)[2]), 0
        page += 1
        out.append((number, runs, page, total))
    assert page == total, f"{where} ends within a part"
    return out


def test_every_page_of_a_students_copy_names_them(class_set: ClassSetBuild):
    students = class_set.students
    assert len(students) >= 7
    for student in students:
        copy = pages(class_set.folder / student.file)
        for number, runs, page, total in numbered(copy, class_set.theme, student.file):
            check_page(runs, class_set.theme, student, page, total, f"{student.file} page {number + 1}")


def test_every_page_of_the_print_file_names_the_student_whose_copy_it_is(class_set: ClassSetBuild):
    """Copies follow the roster, each as the student's own file has it; a copy of an odd number of
    pages is followed by a blank page, which belongs to no one and carries nothing."""
    printed = pages(class_set.print_file)
    start = 0
    for student in class_set.students:
        length = len(pages(class_set.folder / student.file))
        copy = {n: printed[n] for n in range(start, start + length)}
        for number, runs, page, total in numbered(copy, class_set.theme, class_set.print_file.name):
            check_page(runs, class_set.theme, student, page, total, f"{class_set.print_file.name} page {number + 1}")
        start += length
        if length % 2 and start < len(printed):  # the padding after a copy of odd length
            assert not printed[start], f"{class_set.print_file.name} page {start + 1} should be blank"
            start += 1
    assert start == len(printed), "the print file holds every student's whole copy, and nothing else"


def test_a_long_name_is_shortened_to_fit_beside_the_page_number(large_print: ClassSetBuild):
    (student,) = [s for s in large_print.students if s.name == LONG_NAME]
    for path in (large_print.folder / student.file, large_print.print_file):
        owners = {footer(runs, large_print.theme).owner for runs in pages(path).values()}
        texts = {nfc(r.text) for r in owners if r is not None and r.text.startswith(LONG_NAME[:5])}
        assert len(texts) == 1, texts
        (text,) = texts
        assert text.endswith("… · 10B") and LONG_NAME.startswith(text[:-len("… · 10B")]), text


def test_a_name_the_font_cannot_print_is_warned_about_and_its_class_still_prints(standard: ClassSetBuild):
    (student,) = [s for s in standard.students if s.name == "김민준"]
    assert "김민준 cannot be printed" in standard.stderr
    for runs in pages(standard.folder / student.file).values():
        owner = footer(runs, standard.theme).owner
        assert owner is not None and nfc(owner.text) == NOT_PRINTABLE * 3 + " · 10B", owner


def test_a_large_print_class_set_is_laid_out_under_its_copies_taller_header(tmp_path):
    """A copy's running header names its student, so it takes more of the page than the plain
    paper's: the copy is laid out in the frame under it. Laid out for the plain paper's frame,
    lesson 01's Source A at 24 pt never fitted and the build stopped ("a block is too large")."""
    roster = tmp_path / "10B.csv"
    roster.write_text("name,class\nAnn Lee,10B\n", encoding="utf-8")
    lesson = REPO / "lessons" / "01-soviet-1905.yaml"
    result = run_cli("build", str(lesson), "--roster", str(roster), "--out", str(tmp_path / "out"),
                     "--profile", "large-print-24")
    assert result.returncode == 0, result.stderr
    (folder,) = (tmp_path / "out").glob("*/class-10B")
    copy = ClassSetBuild(folder, "large-print-24", result.stderr)
    (own,) = [folder / s.file for s in copy.students]
    text = "".join(r.text for page in pages(own).values() for r in page)
    assert "Source A" in text and "Ann Lee" in text

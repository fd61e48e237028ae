"""A class set lays each version out once for the students' own files too, as for the print file:
a class of thirty takes the time of a few layouts, not thirty. Each student's file is still their
whole copy on its own: a tagged PDF with their name on every page, the same pages as their copy in
the print file."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from conftest import REPO, pdf_text, run_cli

LESSON02 = REPO / "lessons" / "02-trotsky-following.yaml"
STUDENTS = [f"Student {n}" for n in range(1, 13)]


def _class_set(tmp_path: Path, monkeypatch, *options: str, versions: int = 2) -> tuple[Path, int]:
    """Build a 12-student class set (two versions unless `versions`) in this process; the folder and
    how many stories the PDF writer laid out."""
    from lessonpack.writers.pdf.writer import PdfWriter

    laid_out, depth = [], []
    original = PdfWriter.flowables

    def counted(self, blocks):  # a story's blocks, not the blocks inside a block
        if not depth:
            laid_out.append(1)
        depth.append(1)
        try:
            return original(self, blocks)
        finally:
            depth.pop()

    monkeypatch.setattr(PdfWriter, "flowables", counted)
    roster = tmp_path / "9C.csv"
    roster.write_text("name\n" + "".join(f"{name}\n" for name in STUDENTS), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", str(LESSON02), "--roster", str(roster), "--out", str(out), "--variants", str(versions),
                     "--jobs", "1", *options)
    assert result.returncode == 0, result.stderr
    return out / "02-trotsky-following" / "class-9C", len(laid_out)


def _own_files(folder: Path) -> dict[str, Path]:
    return {name: folder / f"{name.replace(' ', '-')}_02-trotsky-following_worksheet.pdf" for name in STUDENTS}


def test_each_version_is_laid_out_once_for_the_students_own_files(tmp_path, monkeypatch):
    folder, laid_out = _class_set(tmp_path, monkeypatch)
    assert all(path.exists() for path in _own_files(folder).values())
    # two versions: once for the students' files, once for the print file (and the answer key's own)
    assert laid_out <= 2 * 2 + 1, f"{laid_out} layouts for 12 students of 2 versions"


def test_a_one_version_class_is_laid_out_once_for_its_own_files_and_print_file(tmp_path, monkeypatch):
    folder, laid_out = _class_set(tmp_path, monkeypatch, versions=1)
    assert all(path.exists() for path in _own_files(folder).values())
    assert laid_out == 1, f"{laid_out} layouts for 12 students of one version"
    printed = PdfReader(next(folder.glob("*_print-all.pdf")))
    for name, path in _own_files(folder).items():  # each copy in the print file is the student's own pages
        own = [page.extract_text() for page in PdfReader(path).pages]
        texts = [page.extract_text() for page in printed.pages]
        start = texts.index(own[0])
        assert texts[start:start + len(own)] == own, name


def test_a_students_own_file_is_a_tagged_pdf_of_their_pages_in_the_print_file(tmp_path, monkeypatch):
    folder, _ = _class_set(tmp_path, monkeypatch)
    printed = PdfReader(next(folder.glob("*_print-all.pdf")))
    print_pages = [page.extract_text() for page in printed.pages]
    for name, path in _own_files(folder).items():
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], name
        own = [page.extract_text() for page in reader.pages]
        assert all(f"{name} · 9C" in text for text in own), f"{name}: a page without their name and class"
        # their copy in the print file: the same pages in the same order, text for text
        start = next(i for i, text in enumerate(print_pages) if text == own[0])
        assert print_pages[start:start + len(own)] == own, name
        assert name in pdf_text(path)


def test_a_students_own_file_copies_none_of_the_laid_out_blocks(tmp_path, monkeypatch):
    """Each student's file is printed from a copy of their version's held pages; the blocks laid out
    into them (the whole story) are never copied with it: that copy was most of a student's cost."""
    from reportlab.platypus import Flowable

    copied = []

    def counted_copy(self, memo):
        copied.append(type(self).__name__)
        return self

    monkeypatch.setattr(Flowable, "__deepcopy__", counted_copy, raising=False)
    folder, _ = _class_set(tmp_path, monkeypatch)
    assert all(path.exists() for path in _own_files(folder).values())
    assert not copied, f"{len(copied)} laid-out blocks copied for 12 students' files, e.g. {copied[:3]}"


def test_a_class_makes_the_lessons_context_once_per_version_not_once_per_student(tmp_path, monkeypatch):
    """Only the student's name and class differ between a class's copies: the questions (numbered,
    shuffled for the version) and the broken extracts are made once a version, not for each student."""
    import lessonpack.context as context

    made = []
    original = context.question_views

    def counted(loaded, boxes, version, *args, **kwargs):
        made.append(version.letter if version else "")
        return original(loaded, boxes, version, *args, **kwargs)

    monkeypatch.setattr(context, "question_views", counted)
    folder, _ = _class_set(tmp_path, monkeypatch)
    assert all(name in pdf_text(path) for name, path in _own_files(folder).items())
    students = [letter for letter in made if letter]  # the answer key's own are of every version at once
    assert sorted(set(students)) == ["A", "B"]
    assert len(students) <= 2 * 2, f"{len(students)} question lists made for 12 students of 2 versions"

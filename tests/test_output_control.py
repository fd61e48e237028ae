"""Building only one audience's documents, and cleaning away outputs of lessons and kinds that are gone."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, copy_root, run_cli


def _files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.suffix != ".json")


def test_only_students_makes_no_teacher_documents_and_only_teacher_nothing_else(tmp_path):
    root = copy_root("all-types", tmp_path / "course")
    lesson = str(root / "lessons" / "nine.yaml")
    students, teacher = tmp_path / "students", tmp_path / "teacher"
    assert run_cli("build", lesson, "--out", str(students), "--only", "students").returncode == 0
    assert run_cli("build", lesson, "--out", str(teacher), "--only", "teacher").returncode == 0
    assert _files(students) == [f"nine/nine_{kind}.{fmt}" for kind in ("exit-ticket", "homework", "student-worksheet")
                                for fmt in ("docx", "pdf")]
    assert _files(teacher) == ["nine/teacher/nine_mark-scheme.docx", "nine/teacher/nine_mark-scheme.pdf"]


def test_only_with_a_roster_is_refused_with_a_reason(tmp_path):
    root = copy_root("all-types", tmp_path / "course")
    result = run_cli("build", str(root), "--out", str(tmp_path / "out"), "--only", "teacher", "--variants", "2")
    assert result.returncode == 1
    assert "--only teacher chooses among a lesson's documents" in result.stderr
    assert not (tmp_path / "out").exists()


def test_clean_removes_outputs_of_a_renamed_lesson_and_a_dropped_kind_and_nothing_else(tmp_path):
    root = copy_root("all-types", tmp_path / "course")
    out = tmp_path / "out"
    assert run_cli("build", str(root), "--out", str(out)).returncode == 0
    (out / "nine" / "my-notes.txt").write_text("the teacher's own file", encoding="utf-8")
    edited = out / "quick-choices" / "quick-choices_exit-ticket.pdf"
    (root / "lessons" / "quick-tables.yaml").rename(root / "lessons" / "grids.yaml")
    (root / "lessons" / "quick-choices.yaml").rename(root / "lessons" / "ticks.yaml")
    edited.write_bytes(edited.read_bytes() + b"\n% annotated by the teacher\n")
    nine = root / "lessons" / "nine.yaml"
    nine.write_text(nine.read_text(encoding="utf-8").replace("exit-ticket, homework, ", ""), encoding="utf-8")

    result = run_cli("clean", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert _files(out) == ["nine/my-notes.txt", "nine/nine_student-worksheet.docx", "nine/nine_student-worksheet.pdf",
                           "nine/teacher/nine_mark-scheme.docx", "nine/teacher/nine_mark-scheme.pdf",
                           "quick-choices/quick-choices_exit-ticket.pdf"]
    assert "kept" in result.stderr and "changed since lessonpack wrote it" in result.stderr
    assert not (out / "quick-tables").exists()


def test_the_booklets_open_with_contents_that_give_each_documents_first_page(tmp_path):
    from pypdf import PdfReader

    root = copy_root("all-types", tmp_path / "course")
    out = tmp_path / "out"
    result = run_cli("booklet", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    students = PdfReader(str(out / "booklets" / "Every-question-type_students-booklet.pdf"))
    teacher = PdfReader(str(out / "booklets" / "teacher" / "Every-question-type_teacher-booklet.pdf"))
    contents = students.pages[0].extract_text()
    assert "Student booklet: contents" in contents
    first = int(contents.split("Student worksheet")[1].split()[0])
    assert "Nine kinds of question" in students.pages[first - 1].extract_text()
    assert "Student worksheet" in students.pages[first - 1].extract_text()
    assert "Mark scheme" not in " ".join(page.extract_text() for page in students.pages)
    text = " ".join(page.extract_text() for page in teacher.pages)
    assert "Teacher booklet: contents" in text and "Mark scheme: Nine kinds of question" in text
    titles = [item.title for item in teacher.outline if not isinstance(item, list)]
    assert titles == ["Contents", "Nine kinds of question — Mark scheme",  # lessons in the course's order
                      "Gaps, statements and choices — Mark scheme", "Matching, ordering and a table — Mark scheme"]


@pytest.mark.slow
def test_a_large_print_booklet_s_contents_give_each_document_s_first_page(tmp_path):
    """Each document in a booklet is laid out under its own running header, as it is on its own,
    so the contents (counted from the documents on their own) name the page it starts on. At
    24 pt a worksheet's header and a source booklet's differ by a line: laid out under the
    tallest of them all, three of the ten documents started pages after where the contents said."""
    import re

    from pypdf import PdfReader

    out = tmp_path / "out"
    result = run_cli("booklet", str(REPO), "--out", str(out), "--profile", "large-print-24", "--only", "students")
    assert result.returncode == 0, result.stderr
    (path,) = (out / "booklets").glob("*_students-booklet.pdf")
    reader = PdfReader(str(path))
    contents = " ".join(" ".join(reader.pages[i].extract_text().split()) for i in range(2))  # cells wrap
    marks = [(m.title, reader.get_destination_page_number(m)) for m in reader.outline][1:]
    assert len(marks) == 10
    kinds = sorted({title.rsplit(" — ", 1)[1] for title, _ in marks})  # "Lesson — Source extracts"
    rows = re.findall("(" + "|".join(map(re.escape, kinds)) + r")\s+(\d+)", contents)  # each row ends with its page
    assert [kind for kind, _ in rows] == [title.rsplit(" — ", 1)[1] for title, _ in marks]
    for (title, page), (_, listed) in zip(marks, rows):
        assert int(listed) == page + 1, title
        assert re.search(r"Page 1 of \d+", reader.pages[page].extract_text()), title


def test_clean_removes_the_class_sets_and_masters_of_a_lesson_that_is_gone_and_a_student_who_left(tmp_path):
    """Class sets and roster-free masters are in the manifest too: a renamed lesson's go, a student
    dropped from the class list loses their copy at the next clean, and another lesson's set stays."""
    root = copy_root("all-types", tmp_path / "course")
    out = tmp_path / "out"
    roster = tmp_path / "8A.csv"
    roster.write_text("name,class\nAsha Patel,8A\nBen Ode,8A\n", encoding="utf-8")
    assert run_cli("build", str(root), "--out", str(out), "--roster", str(roster)).returncode == 0
    assert run_cli("build", str(root), "--out", str(out), "--variants", "2", "--format", "pdf").returncode == 0
    (out / "nine" / "class-8A" / "seating-plan.txt").write_text("the teacher's own file", encoding="utf-8")
    roster.write_text("name,class\nAsha Patel,8A\n", encoding="utf-8")
    assert run_cli("build", str(root), "--out", str(out), "--roster", str(roster)).returncode == 0
    (root / "lessons" / "quick-tables.yaml").rename(root / "lessons" / "grids.yaml")
    before = _files(out)
    assert "quick-tables/class-8A/Ben-Ode_quick-tables_worksheet.pdf" in before
    assert "quick-tables/quick-tables_student-worksheet_version-A_seed-0.pdf" in before

    result = run_cli("clean", str(root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    after = _files(out)
    assert not any(f.startswith("quick-tables/") for f in after), after
    assert "nine/class-8A/Ben-Ode_nine_worksheet.pdf" not in after  # left the class
    for kept in ["nine/class-8A/Asha-Patel_nine_worksheet.pdf", "nine/class-8A/nine_worksheet_class-8A_print-all.pdf",
                 "nine/class-8A/nine_class-8A.zip", "nine/class-8A/seating-plan.txt",
                 "nine/nine_student-worksheet_version-B_seed-0.pdf",
                 "nine/teacher/nine_mark-scheme_2-versions_seed-0.pdf"]:
        assert kept in after, kept

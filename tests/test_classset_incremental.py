"""A second `lessonpack build --roster`: which classes' files it makes again, and which it leaves alone.

A course of two short lessons (tests/roots/inc-two-essays) and a roster of two classes
in tmp. What a build rewrote is read from the files themselves: a staged file renamed
into place is a new file, so its inode and mtime change; an untouched one keeps both.
The "wrote …" lines must say the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_root, run_cli

LESSONS = ("01-first-soviet", "02-councils-1917")
ROSTER = "name,class\nAda Lovelace,7C\nBen Okri,7C\nCy Twombly,8D\nDee Dee,8D\n"


@pytest.fixture
def course(tmp_path) -> Path:
    """The two-lesson course with a two-class roster, its class sets built once."""
    root = copy_root("inc-two-essays", tmp_path)
    (root / "classes.csv").write_text(ROSTER, encoding="utf-8")
    built(root)
    return root


def build(root: Path, *args: str):
    return run_cli("build", "--jobs", "1", "--roster", "classes.csv", *args, cwd=root)


def built(root: Path, *args: str):
    result = build(root, *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def files(out: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every class-set file in an output folder: relative path -> (inode, mtime, bytes)."""
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(out.rglob("*")) if p.suffix in (".pdf", ".zip")}


def rewritten(before: dict, after: dict) -> set[str]:
    return {name for name, stamp in after.items() if before.get(name) != stamp}


def wrote(result) -> set[str]:
    return {re.sub(r"^out/", "", line[len("wrote "):]) for line in result.stdout.splitlines()
            if line.startswith("wrote ")}


def class_files(lid: str, group: str, names=("Ada-Lovelace", "Ben-Okri", "Cy-Twombly", "Dee-Dee")) -> set[str]:
    """A lesson's class folder: the students' worksheets, the print file and the zip."""
    students = {"7C": names[:2], "8D": names[2:]}[group]
    folder = f"{lid}/class-{group}"
    return ({f"{folder}/{name}_{lid}_worksheet.pdf" for name in students}
            | {f"{folder}/{lid}_worksheet_class-{group}_print-all.pdf", f"{folder}/{lid}_class-{group}.zip"})


def test_the_same_class_set_asked_again_writes_nothing_and_says_so(course):
    before = files(course / "out")
    assert set(before) == {f for lid in LESSONS for g in ("7C", "8D") for f in class_files(lid, g)}
    result = built(course)
    assert rewritten(before, files(course / "out")) == set()
    assert wrote(result) == set()
    assert "Nothing to do: every class set is up to date." in result.stdout


def test_a_one_lesson_edit_makes_only_that_lessons_class_sets_again(course):
    before = files(course / "out")
    lesson = course / "lessons" / f"{LESSONS[1]}.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace('title: "', 'title: "Revised ', 1),
                      encoding="utf-8")
    result = built(course)
    remade = class_files(LESSONS[1], "7C") | class_files(LESSONS[1], "8D")
    assert rewritten(before, files(course / "out")) == remade
    assert wrote(result) == remade
    assert "8 file(s) written, 8 up to date" in result.stdout


def test_a_changed_roster_row_makes_that_classs_sets_again_in_every_lesson(course):
    before = files(course / "out")
    roster = course / "classes.csv"
    roster.write_text(ROSTER.replace("Dee Dee,8D", "Dee Dee Ramone,8D"), encoding="utf-8")
    result = built(course)
    remade = {f for lid in LESSONS for f in class_files(lid, "8D", names=("", "", "Cy-Twombly", "Dee-Dee-Ramone"))}
    assert rewritten(before, files(course / "out")) == remade
    assert wrote(result) == remade


def test_a_student_who_left_is_cleaned_as_before_and_only_their_class_is_made_again(course):
    before = files(course / "out")
    (course / "classes.csv").write_text(ROSTER.replace("Ben Okri,7C\n", ""), encoding="utf-8")
    result = built(course)
    assert wrote(result) == {f for lid in LESSONS for f in class_files(lid, "7C", names=("Ada-Lovelace",))
                             if "Ben-Okri" not in f}
    assert not rewritten(before, files(course / "out")) & {f for lid in LESSONS for f in class_files(lid, "8D")}
    cleaned = run_cli("clean", cwd=course)
    assert cleaned.returncode == 0, cleaned.stderr
    assert {Path(line.split(" ", 1)[1]).name for line in cleaned.stdout.splitlines() if line.startswith("removed ")} \
        == {f"Ben-Okri_{lid}_worksheet.pdf" for lid in LESSONS}


def test_a_changed_template_makes_every_class_set_again_one_the_worksheet_does_not_use_none(course):
    from lessonpack.targets import default_templates_dir

    templates = course / "templates"
    templates.mkdir()
    for name in ("exit-ticket.md.j2", "worksheet.md.j2"):
        text = (default_templates_dir() / name).read_text(encoding="utf-8")
        (templates / name).write_text(text + "\n", encoding="utf-8")
        before = files(course / "out")
        result = built(course)
        expected = set(before) if name == "worksheet.md.j2" else set()
        assert rewritten(before, files(course / "out")) == expected, name
        assert wrote(result) == expected, name


@pytest.mark.parametrize("options", [("--profile", "large-print-24"), ("--variants", "2"), ("--force",)])
def test_another_option_or_force_makes_every_class_set_again_and_once_only(course, options):
    before = files(course / "out")
    result = built(course, *options)
    students_and_zips = {name for name in before if "print-all" not in name}  # print files are named per paper
    assert students_and_zips <= wrote(result)
    assert wrote(result) <= rewritten(before, files(course / "out"))
    if "--force" not in options:  # the same options again: up to date
        before = files(course / "out")
        assert wrote(built(course, *options)) == set()
        assert rewritten(before, files(course / "out")) == set()


def test_a_copy_edited_by_hand_is_made_again_with_its_class(course):
    out = course / "out"
    copy = out / sorted(class_files(LESSONS[0], "7C"))[0]
    original = copy.read_bytes()
    copy.write_bytes(b"not a worksheet")
    before = files(out)
    result = built(course)
    assert copy.read_bytes() == original
    assert rewritten(before, files(out)) == class_files(LESSONS[0], "7C") == wrote(result)

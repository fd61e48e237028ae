"""Incremental and parallel builds: what a second `lessonpack build` remakes, and what it leaves alone.

Most tests work on a copy of the shipped course in tmp (its course.yaml, essays and two
of its lessons, to keep the builds short) and run the real command line, as a teacher
would. What a build rewrote is read from the files themselves: a rewritten file is a new
file (write_atomic renames a fresh one into place), so its inode and mtime change; an
untouched one keeps both. The "wrote …" lines must say the same.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, CliResult, copy_root, docx_text, run_cli, squash

LESSONS = ("01-soviet-1905", "02-trotsky-following")
KIND_FILES = {"worksheet": "{lid}/{lid}_student-worksheet", "extract": "{lid}/{lid}_source-extracts",
              "teacher-notes": "{lid}/teacher/{lid}_teacher-notes", "homework": "{lid}/{lid}_homework",
              "exit-ticket": "{lid}/{lid}_exit-ticket"}


def shipped_copy(tmp_path: Path, lessons: tuple[str, ...] = LESSONS) -> Path:
    """The shipped course (course.yaml, essays, the chosen lessons) copied to tmp_path/course, each
    lesson making the three main documents only (what is remade matters here, not how many kinds)."""
    root = tmp_path / "course"
    (root / "lessons").mkdir(parents=True)
    shutil.copy(REPO / "lessons" / "course.yaml", root / "lessons")
    shutil.copytree(REPO / "lessons" / "essays", root / "lessons" / "essays")
    for lid in lessons:
        text = (REPO / "lessons" / f"{lid}.yaml").read_text(encoding="utf-8")
        text = re.sub(r"(?m)^documents: .*$", "documents: [worksheet, extract, teacher-notes]", text)
        (root / "lessons" / f"{lid}.yaml").write_text(text, encoding="utf-8")
    return root


def build(root: Path, *args: str, env: dict | None = None, process: bool = False):
    """`lessonpack build ARGS` run in the course folder, as a teacher would."""
    return run_cli("build", "--jobs", "1", *args, cwd=root, env=env, process=process)


def built_ok(root: Path, *args: str, env: dict | None = None) -> CliResult:
    result = build(root, *args, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def files(out: Path) -> dict[str, tuple[int, int]]:
    """Every document in an output folder: relative path -> (inode, mtime)."""
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(out.rglob("*")) if p.suffix in (".pdf", ".docx")}


def rewritten(before: dict, after: dict) -> set[str]:
    """Documents made (or made again) between two snapshots."""
    return {name for name, stamp in after.items() if before.get(name) != stamp}


def wrote(result: CliResult) -> set[str]:
    """The files a build says it wrote, relative to the output folder."""
    return {re.sub(r"^out/", "", line[len("wrote "):]) for line in result.stdout.splitlines()
            if line.startswith("wrote ")}


def documents(lid: str, kinds=("worksheet", "extract", "teacher-notes"), fmts=("pdf", "docx")) -> set[str]:
    return {f"{KIND_FILES[k].format(lid=lid)}.{f}" for k in kinds for f in fmts}


def all_text(path: Path) -> str:
    """Every word a PDF or DOCX prints, running headers included (text repeated on every page
    is what these tests look for, so no furniture is stripped)."""
    if path.suffix == ".docx":
        return squash(docx_text(path))
    from pypdf import PdfReader

    return squash(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def first_build(root: Path, out: str = "out", workers: int = 1) -> None:
    """The first build of a course, run in this process (it is only the starting point)."""
    from lessonpack.build import run_build
    from lessonpack.course import load_course

    report = run_build(load_course(root), root / out, ("pdf", "docx"), workers=workers)
    assert report.written and not report.failed, report.failed


@pytest.fixture
def course(tmp_path) -> Path:
    """A copy of the shipped course, built once."""
    root = shipped_copy(tmp_path)
    first_build(root)
    return root


@pytest.fixture
def small(tmp_path) -> Path:
    """tests/roots/inc-two-essays: two short lessons, each citing its own essay."""
    return copy_root("inc-two-essays", tmp_path)


SMALL = ("01-first-soviet", "02-councils-1917")


# ----------------------------------------------------------------- nothing changed


def test_a_second_build_writes_nothing_and_says_so(course):
    before = files(course / "out")
    assert set(before) == documents(LESSONS[0]) | documents(LESSONS[1])
    result = built_ok(course)
    assert "Nothing to do" in result.stdout
    assert wrote(result) == set()
    assert files(course / "out") == before


# ----------------------------------------------------------------- changed inputs


def test_editing_one_lesson_remakes_only_its_documents(course):
    lesson = course / "lessons" / f"{LESSONS[1]}.yaml"
    text = lesson.read_text(encoding="utf-8")
    title = re.search(r'^title: "(.*)"$', text, re.M).group(1)
    lesson.write_text(text.replace(f'title: "{title}"', f'title: "{title} (revised)"'), encoding="utf-8")
    before = files(course / "out")
    result = built_ok(course)
    assert rewritten(before, files(course / "out")) == documents(LESSONS[1])
    assert wrote(result) == documents(LESSONS[1])
    worksheet = course / "out" / f"{KIND_FILES['worksheet'].format(lid=LESSONS[1])}.pdf"
    assert f"{title} (revised)" in all_text(worksheet)


def kinds_including(partial: str) -> set[str]:
    """The default document kinds whose template includes a partial (read from the templates)."""
    return {p.name.removesuffix(".md.j2") for p in (REPO / "templates").glob("*.md.j2")
            if f'"{partial}"' in p.read_text(encoding="utf-8")}


def test_editing_a_course_template_remakes_only_the_kinds_that_include_it(tmp_path):
    root = shipped_copy(tmp_path)
    # Lesson 01 also makes a homework sheet and exit tickets; the homework sheet includes the question partial.
    lesson = root / "lessons" / f"{LESSONS[0]}.yaml"
    all_kinds = ["worksheet", "extract", "teacher-notes", "homework", "exit-ticket"]
    lesson.write_text(re.sub(r"^documents: .*$", f"documents: [{', '.join(all_kinds)}]",
                             lesson.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    copied = run_cli("templates", "copy", "partials/question.md.j2", cwd=root)
    assert copied.returncode == 0, copied.stderr
    partial = root / "templates" / "partials" / "question.md.j2"
    first_build(root)
    including = kinds_including("partials/question.md.j2")
    assert {"worksheet", "homework"} <= including and not {"extract", "teacher-notes", "exit-ticket"} & including

    partial.write_text(partial.read_text(encoding="utf-8").replace("\n::::\n", "\n*Show your working.*\n\n::::\n"),
                       encoding="utf-8")
    before = files(root / "out")
    built_ok(root)
    expected = documents(LESSONS[0], [k for k in all_kinds if k in including]) | \
        documents(LESSONS[1], [k for k in ("worksheet", "extract", "teacher-notes") if k in including])
    assert rewritten(before, files(root / "out")) == expected
    for name in expected:
        path = root / "out" / name
        assert "Show your working" in all_text(path), name


def test_copying_a_default_template_into_the_course_and_editing_it_remakes_what_uses_it(course):
    copied = run_cli("templates", "copy", "partials/question.md.j2", cwd=course)
    assert copied.returncode == 0, copied.stderr
    partial = course / "templates" / "partials" / "question.md.j2"
    partial.write_text(partial.read_text(encoding="utf-8").replace("\n::::\n", "\n*Show your working.*\n\n::::\n"),
                       encoding="utf-8")
    before = files(course / "out")
    built_ok(course)
    expected = {n for lid in LESSONS for n in documents(lid, ["worksheet"])}
    assert rewritten(before, files(course / "out")) == expected
    assert "Show your working" in all_text(course / "out" / f"{KIND_FILES['worksheet'].format(lid=LESSONS[0])}.pdf")


def test_editing_an_essay_remakes_only_the_lessons_that_cite_it(small):
    root = small
    first_build(root)
    essay = root / "lessons" / "essays" / "councils.md"
    essay.write_text(essay.read_text(encoding="utf-8").replace("watched each other closely",
                                                               "watched each other very closely"), encoding="utf-8")
    before = files(root / "out")
    built_ok(root)
    assert rewritten(before, files(root / "out")) == documents("02-councils-1917")
    extract = root / "out" / "02-councils-1917" / "02-councils-1917_source-extracts.pdf"
    assert "watched each other very closely" in all_text(extract)


def test_editing_the_shipped_essay_remakes_every_lesson_citing_it(course):
    essay = course / "lessons" / "essays" / "personality-in-history.md"
    essay.write_text(essay.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    before = files(course / "out")
    built_ok(course)
    assert rewritten(before, files(course / "out")) == set(before)


def test_a_deleted_output_is_made_again(course):
    name = f"{KIND_FILES['worksheet'].format(lid=LESSONS[0])}.pdf"
    original = digest(course / "out" / name)
    (course / "out" / name).unlink()
    before = files(course / "out")
    result = built_ok(course)
    assert (course / "out" / name).is_file()
    assert digest(course / "out" / name) == original
    assert name in wrote(result)
    assert rewritten(before, files(course / "out")) <= documents(LESSONS[0], ["worksheet"])


def test_a_hand_edited_output_is_made_again(course):
    edited = [f"{KIND_FILES['extract'].format(lid=LESSONS[1])}.pdf",
              f"{KIND_FILES['teacher-notes'].format(lid=LESSONS[0])}.docx"]
    originals = {name: (course / "out" / name).read_bytes() for name in edited}
    for name, data in originals.items():
        (course / "out" / name).write_bytes(data + b"edited by hand")
    before = files(course / "out")
    built_ok(course)
    for name, data in originals.items():
        assert (course / "out" / name).read_bytes() == data, name
    assert set(edited) <= rewritten(before, files(course / "out")) <= \
        documents(LESSONS[1], ["extract"]) | documents(LESSONS[0], ["teacher-notes"])


def test_a_new_lessonpack_version_remakes_everything(tmp_path, monkeypatch):
    import lessonpack.manifest
    from lessonpack.build import run_build
    from lessonpack.course import load_course

    root = shipped_copy(tmp_path, LESSONS[:1])
    out = root / "out"
    first = run_build(load_course(root), out, ("pdf", "docx"))
    assert len(first.written) == 6 and not first.failed
    again = run_build(load_course(root), out, ("pdf", "docx"))
    assert again.written == [] and len(again.skipped) == 6
    monkeypatch.setattr(lessonpack.manifest, "__version__", "999.0.0")
    upgraded = run_build(load_course(root), out, ("pdf", "docx"))
    assert sorted(upgraded.written) == sorted(first.written) and upgraded.skipped == []


def test_force_remakes_everything(course):
    before = files(course / "out")
    result = built_ok(course, "--force")
    assert rewritten(before, files(course / "out")) == set(before)
    assert wrote(result) == set(before)


def test_a_build_in_another_profile_makes_its_own_files_and_keeps_the_others(small):
    first_build(small)
    before = files(small / "out")
    built_ok(small, "--profile", "dyslexia")
    after = files(small / "out")
    assert {n: after[n] for n in before} == before
    assert {n.replace("_dyslexia", "") for n in set(after) - set(before)} == set(before)
    assert "Nothing to do" in built_ok(small, "--profile", "dyslexia").stdout
    assert "Nothing to do" in built_ok(small).stdout


def test_a_build_of_one_format_leaves_the_other_up_to_date(small):
    """A PDF made alone is the PDF made with its DOCX: building PDFs only must not make the next
    full build remake the DOCX files as well."""
    first_build(small)
    assert "Nothing to do" in built_ok(small, "--format", "pdf").stdout
    assert "Nothing to do" in built_ok(small).stdout
    for pdf in (small / "out").rglob("*.pdf"):
        pdf.unlink()
    before = files(small / "out")
    built_ok(small, "--format", "pdf")
    assert "Nothing to do" in built_ok(small).stdout
    assert {n: files(small / "out")[n] for n in before} == before  # the DOCX files untouched


# ----------------------------------------------------------------- reproducible bytes


def test_two_workers_give_the_same_bytes_as_one(tmp_path):
    """Two builds into two folders, in two processes, one of them with two workers: the same bytes."""
    root = shipped_copy(tmp_path)
    first_build(root, "one")
    built_ok(root, "--out", "two", "--jobs", "2")
    one, two = files(root / "one"), files(root / "two")
    assert set(one) == set(two) == documents(LESSONS[0]) | documents(LESSONS[1])
    for name in one:
        assert digest(root / "one" / name) == digest(root / "two" / name), name


def test_source_date_epoch_sets_the_pdf_and_docx_dates(small):
    import docx
    from pypdf import PdfReader

    built_ok(small, "--format", "pdf,docx", env={"SOURCE_DATE_EPOCH": "1700000000"})
    stem = small / "out" / KIND_FILES["worksheet"].format(lid=SMALL[0])
    info = PdfReader(str(stem.with_suffix(".pdf"))).metadata
    assert info["/CreationDate"].startswith("D:20231114")
    assert info["/ModDate"].startswith("D:20231114")
    core = docx.Document(str(stem.with_suffix(".docx"))).core_properties
    assert core.created.date().isoformat() == "2023-11-14"
    assert core.modified.date().isoformat() == "2023-11-14"


def test_building_again_with_another_source_date_epoch_restamps_the_files(small):
    from pypdf import PdfReader

    built_ok(small, "--format", "pdf")
    built_ok(small, "--format", "pdf", env={"SOURCE_DATE_EPOCH": "1700000000"})
    pdf = small / "out" / f"{KIND_FILES['worksheet'].format(lid=SMALL[0])}.pdf"
    assert PdfReader(str(pdf)).metadata["/CreationDate"].startswith("D:20231114")


# ----------------------------------------------------------------- one document fails


def break_extract_template(root: Path, lid: str) -> Path:
    """A course copy of extract.md.j2 that uses an undefined variable, for one lesson only."""
    template = root / "templates" / "extract.md.j2"
    template.parent.mkdir(parents=True, exist_ok=True)
    broken = '{% if lesson_id == "' + lid + '" %}{{ no_such_variable }}{% endif %}\n'
    template.write_text(broken + (REPO / "templates" / "extract.md.j2").read_text(encoding="utf-8"),
                        encoding="utf-8")
    return template


def test_one_failing_document_is_reported_and_the_others_are_made(tmp_path):
    root = shipped_copy(tmp_path)
    template = break_extract_template(root, LESSONS[1])
    result = build(root, "--jobs", "2", process=True)  # a real pool of worker processes
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    failed = documents(LESSONS[1], ["extract"])
    assert set(files(root / "out")) == documents(LESSONS[0]) | documents(LESSONS[1]) - failed
    assert wrote(result) == set(files(root / "out"))
    assert "templates/extract.md.j2:1:" in result.stderr
    assert "no_such_variable" in result.stderr
    assert "1 document(s) failed" in result.stderr
    # Fixed, the next build makes the failed document and the others made from that template, nothing else.
    template.write_text((REPO / "templates" / "extract.md.j2").read_text(encoding="utf-8"), encoding="utf-8")
    before = files(root / "out")
    built_ok(root)
    assert rewritten(before, files(root / "out")) == failed | documents(LESSONS[0], ["extract"])


def test_a_failing_document_is_reported_with_its_lesson_file(small):
    break_extract_template(small, SMALL[1])
    result = build(small)
    assert result.returncode == 1
    assert f"{SMALL[1]}.yaml" in result.stderr


def test_a_failure_is_reported_even_with_quiet(small):
    break_extract_template(small, SMALL[1])
    result = build(small, "--quiet")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "no_such_variable" in result.stderr


# ----------------------------------------------------------------- what the build prints


def test_without_a_terminal_each_file_gets_one_line_then_a_summary(small):
    result = built_ok(small)
    lines = result.stdout.splitlines()
    made = documents(SMALL[0]) | documents(SMALL[1])
    assert [line for line in lines[:-1] if not line.startswith("wrote ")] == []
    assert wrote(result) == made and len(lines) == len(made) + 1
    assert set(files(small / "out")) == made
    assert re.fullmatch(rf"{len(made)} file\(s\) written \(\d+\.\d s\)\.", lines[-1])
    assert result.stderr == ""
    assert "\r" not in result.stdout and "\x1b" not in result.stdout  # no progress bar, no colours


def test_quiet_prints_nothing_on_success(small):
    result = built_ok(small, "--quiet")
    assert result.stdout == "" and result.stderr == ""
    assert set(files(small / "out")) == documents(SMALL[0]) | documents(SMALL[1])
    again = built_ok(small, "--quiet")
    assert again.stdout == "" and again.stderr == ""

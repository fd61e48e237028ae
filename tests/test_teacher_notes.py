"""The teacher notes as a teacher reads them, PDF and DOCX read back line by line.

The shipped course is built twice: the full paper (the session's `shipped` build) and the
support tier (`--tier support`). Expectations come from the lesson YAML and from the tier's
own worksheet, never from lessonpack's template context. tests/roots/notes-one-mark has what
the shipped course lacks: a level of response worth one mark.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO, course_in_profile, docx_paragraphs, made_once, question_number_runs, root_path, run_cli, squash
from lessonpack.theme import theme_for

LESSONS = sorted(p.stem for p in (REPO / "lessons").glob("[0-9]*.yaml"))
FORMATS = ("pdf", "docx")


def notes_file(out: Path, lid: str, fmt: str, tier: str = "") -> Path:
    return out / lid / "teacher" / f"{lid}_teacher-notes{'_' + tier if tier else ''}.{fmt}"


def worksheet_file(out: Path, lid: str, tier: str = "") -> Path:
    return out / lid / f"{lid}_student-worksheet{'_' + tier if tier else ''}.pdf"


def worksheet_numbers(path: Path) -> list[int]:
    """The question numbers a worksheet prints in its margin column (a title that wraps a year such
    as "1917" to the margin is set larger, so it is left out by size)."""
    runs = question_number_runs(path, theme_for("A4"))
    size = min(run.size for run in runs)
    return [int(run.text) for run in runs if abs(run.size - size) < 0.1]


def lesson(lid: str) -> dict:
    return yaml.safe_load((REPO / "lessons" / f"{lid}.yaml").read_text(encoding="utf-8"))


def printed_lines(path: Path) -> list[str]:
    """Each printed line of a PDF, or each paragraph of a DOCX, white space squashed."""
    if path.suffix == ".docx":
        lines = [p.text for p in docx_paragraphs(path)]
    else:
        from pypdf import PdfReader

        lines = [line for page in PdfReader(str(path)).pages for line in (page.extract_text() or "").split("\n")]
    return [squash(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def support(tmp_path_factory) -> Path:
    """The shipped course's support papers, built once per test run with the command line."""
    def build(out: Path) -> dict:
        result = run_cli("build", str(REPO), "--out", str(out), "--tier", "support", "--jobs", "1", "--quiet",
                         process=True)
        return {"returncode": result.returncode, "stderr": result.stderr}

    out, result = made_once(tmp_path_factory, "notes-support", build)
    assert result["returncode"] == 0, result["stderr"]
    return out


# ----------------------------------------------------------------- marks


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_mark_is_one_mark_in_every_document(tmp_path, shipped, support, fmt):
    """A level of response worth one mark (the shipped course has none), then every shipped document."""
    result = run_cli("build", str(root_path("notes-one-mark")), "--out", str(tmp_path), "--format", fmt)
    assert result.returncode == 0, result.stderr
    text = " ".join(printed_lines(notes_file(tmp_path, "01-one-mark", fmt)))
    assert "Level 1 (1 mark):" in text
    assert "Level 2 (2–3 marks):" in text  # typed "2-3": a range is printed with an en dash
    assert "2-3" not in text
    assert "(1 mark)" in text  # part (a)
    for path in [*sorted(tmp_path.rglob(f"*.{fmt}")), *(p for out in (shipped.out, support)
                                                        for p in sorted(out.rglob(f"*.{fmt}")))]:
        assert not re.search(r"\b1 marks\b", " ".join(printed_lines(path))), path.name


# ----------------------------------------------------------------- no how-to on paper


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_printed_document_holds_a_command_line(shipped, support, fmt):
    files = [p for out in (shipped.out, support) for p in sorted(out.rglob(f"*.{fmt}"))]
    assert any("teacher" in p.name for p in files)
    for path in files:
        text = " ".join(printed_lines(path))
        assert not re.search(r"\blessonpack\s+[a-z-]+", text), path.name
        assert "--tier" not in text and "--profile" not in text, path.name


# ----------------------------------------------------------------- answers on lines of their own


def parts_with_answers(lid: str) -> list[tuple[str, dict]]:
    return [("abcdefghijklmnopqrstuvwxyz"[i], part) for q in lesson(lid)["questions"]
            for i, part in enumerate(q.get("parts", [])) if part.get("model_answer")]


def starts(text: str, words: int = 4) -> str:
    return " ".join(squash(text).split()[:words])


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_parts_model_answer_begins_its_own_line(shipped, fmt):
    found = 0
    for lid in LESSONS:
        lines = printed_lines(notes_file(shipped.out, lid, fmt))
        for letter, part in parts_with_answers(lid):
            label = f"Model answer ({letter}):"
            answer_lines = [line for line in lines if line.startswith(label)]
            assert answer_lines, f"{lid} ({letter}): no line starts with {label!r}"
            assert any(line[len(label):].strip().startswith(starts(part["model_answer"])) for line in answer_lines)
            # …and the part's prompt is not on that line.
            assert not any(starts(part["prompt"]) in line for line in answer_lines), f"{lid} ({letter})"
            found += 1
    assert found, "the shipped course has no lettered part with a model answer to check"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_matching_key_and_the_model_answer_are_on_different_lines(shipped, fmt):
    checked = 0
    for lid in LESSONS:
        keys = [q for q in lesson(lid)["questions"] if q["type"] in ("matching", "gap-fill")]
        if not keys:
            continue
        lines = printed_lines(notes_file(shipped.out, lid, fmt))
        key_lines = [i for i, line in enumerate(lines) if line.startswith("Answers:")]
        assert len(key_lines) >= len(keys), lid
        for i in key_lines:
            # The key may wrap in the PDF: every line up to the next label belongs to it.
            j = i
            while j < len(lines) and not (j > i and re.match(r"(Model answer|Question \d|•)", lines[j])):
                assert "Model answer" not in lines[j], f"{lid}: {lines[j]}"
                j += 1
            checked += 1
    assert checked


# ----------------------------------------------------------------- a tier's notes


FULL_PAPER_NOTE = re.compile(r"The lesson plan, background and fact checks number them as on the full paper[^.]*\.")
"""The one sentence of a tier's notes that names full-paper numbers, and says so."""
QUESTION_REFS = re.compile(r"\b[Qq]uestions? (\d+(?:(?:, | and | to |–)\d+)*)")


def cited_numbers(text: str) -> set[int]:
    """Every question number the text cites: "Question 6", "questions 1, 2 and 5", "Questions 5–8"."""
    numbers: set[int] = set()
    for match in QUESTION_REFS.finditer(text):
        for a, sep, b in re.findall(r"(\d+)(?:( to |–)(\d+))?", match.group(1)):
            numbers.update(range(int(a), int(b) + 1) if sep else [int(a)])
    return numbers


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lid", LESSONS)
def test_a_tiers_notes_use_the_tier_papers_question_numbers(support, lid, fmt):
    on_paper = worksheet_numbers(worksheet_file(support, lid, "support"))
    assert on_paper == list(range(1, len(on_paper) + 1))
    lines = printed_lines(notes_file(support, lid, fmt, "support"))
    headings = [int(m.group(1)) for line in lines if (m := re.fullmatch(r"Question (\d+) \(\d+ marks?\)", line))]
    assert headings == on_paper
    text = FULL_PAPER_NOTE.sub("", " ".join(lines))
    assert cited_numbers(text) <= set(on_paper), sorted(cited_numbers(text) - set(on_paper))
    assert f"questions 1 to {len(on_paper)}" in text


def test_a_marks_count_never_breaks_across_lines(tmp_path_factory):
    """In the dyslexia paper's narrow measure "(2 marks)" broke after "(2"; the `marks`
    filter joins the number and its word with a no-break space."""
    out = course_in_profile(tmp_path_factory, "dyslexia")
    broken = []
    for path in sorted(out.rglob("*.pdf")):
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        broken += [f"{path.name}: {line} / {after}" for line, after in zip(lines, lines[1:])
                   if re.search(r"\d+$", line) and re.match(r"marks?\b", after)]
    assert not broken, broken


BOOKLET_PLACES = re.compile(r"(timeline|introduction|Source [A-Z]) on the worksheet|the worksheet open at|the extract sheet")
"""How a lesson's plan and notes send students to a source or the timeline on the standard paper."""


@pytest.mark.parametrize("fmt", FORMATS)
def test_large_print_notes_send_the_teacher_to_the_source_booklet(tmp_path_factory, shipped, fmt):
    """A large-print worksheet prints no sources or timeline (they are in the source booklet), while
    the lessons' plans say "the timeline on the worksheet": that paper's notes say "the timeline in the
    source booklet", with no note asking the teacher to read one place for another; the standard
    paper's notes keep the lesson's words."""
    large = course_in_profile(tmp_path_factory, "large-print-24")
    sent = 0
    for lid in LESSONS:
        worksheet = squash(subprocess.run(
            ["pdftotext", str(large / lid / f"{lid}_student-worksheet_large-print-24.pdf"), "-"],
            capture_output=True, text=True, check=True).stdout)
        assert "Source A:" not in worksheet, lid
        notes = " ".join(printed_lines(large / lid / "teacher" / f"{lid}_teacher-notes_large-print-24.{fmt}"))
        assert not BOOKLET_PLACES.search(notes), (lid, BOOKLET_PLACES.search(notes))
        assert "where these notes say" not in notes, lid
        lines = printed_lines(large / lid / "teacher" / f"{lid}_teacher-notes_large-print-24.{fmt}")
        assert any(line.startswith("Large print:") for line in lines), lid  # a paragraph of its own
        assert f"Large print: the sources{' and the timeline' if lesson(lid).get('timeline') else ''} are in the source booklet." in notes, lid
        typed = BOOKLET_PLACES.findall(yaml.safe_dump(lesson(lid), allow_unicode=True, width=10**6))
        if typed:
            assert "in the source booklet" in notes.split("are in the source booklet.", 1)[1], lid
            sent += 1
        standard = " ".join(printed_lines(notes_file(shipped.out, lid, fmt)))
        assert "source booklet" not in standard, lid
        assert bool(BOOKLET_PLACES.search(standard)) == bool(typed), lid
    assert sent >= 3

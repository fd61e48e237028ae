"""The shipped course read by real programs no one here wrote: qpdf, poppler, LibreOffice, pandoc.

A missing program skips its tests, unless LESSONPACK_REQUIRE_CLIENTS=1 (as in CI), which
makes a missing program a failure.

The parity tests compare what a reader sees in our PDF with what they see in
LibreOffice's PDF of our DOCX: the numbers in the extract's line-number margin (and
the line each stands beside), the source letters, and the "[N marks]" labels.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import pytest

from conftest import (KINDS, LESSON_IDS, MARKS_RE, REPO, contains_run, course_in_profile, essay_for, extract_texts,
                      lesson_documents, lesson_yaml, made_once, squash, tokens, without_furniture)

REQUIRE = os.environ.get("LESSONPACK_REQUIRE_CLIENTS") == "1"
STANDARD_14 = {
    "Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-BoldOblique", "Helvetica-Oblique",
    "Times-Roman", "Times-Bold", "Times-BoldItalic", "Times-Italic", "Symbol", "ZapfDingbats",
}


def require(tool: str) -> str:
    """The path of a program the test needs: skip without it, or fail when clients are required."""
    path = shutil.which(tool)
    if path is None:
        if REQUIRE:
            pytest.fail(f"{tool} not installed (LESSONPACK_REQUIRE_CLIENTS=1)")
        pytest.skip(f"{tool} not installed")
    return path


def run(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=timeout)


def _documents() -> list[tuple[str, str]]:
    """(lesson id, document kind) for every document the shipped course makes."""
    out = []
    for lid in LESSON_IDS:
        lesson = lesson_yaml(None, lid)
        out += [(lid, kind) for kind in lesson_documents(lesson) if kind in KINDS]
    return out


DOCUMENTS = _documents()
IDS = [f"{lid}-{kind}" for lid, kind in DOCUMENTS]
STUDENT = [(lid, kind) for lid, kind in DOCUMENTS if kind in ("worksheet", "extract")]
STUDENT_IDS = [f"{lid}-{kind}" for lid, kind in STUDENT]
WORKSHEETS = [lid for lid, kind in DOCUMENTS if kind == "worksheet"]


def text_layout(path: Path) -> str:
    """`pdftotext -layout`, page furniture (running header, "Page x of y") left out."""
    require("pdftotext")
    result = run("pdftotext", "-enc", "UTF-8", "-layout", str(path), "-")
    assert result.returncode == 0, result.stderr
    return without_furniture(result.stdout.rstrip("\f").split("\f"))


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>')
PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)


def text_lines(path: Path) -> str:
    """The printed lines of a PDF rebuilt from word boxes (`pdftotext -bbox`), furniture left out.

    A word belongs to a line when its middle is level with the line's first word (or the other way
    round), however the PDF orders them: `-layout` can put a small margin number, set a point
    or two off its line's baseline or drawn after the line, on a line of its own.
    """
    require("pdftotext")
    result = run("pdftotext", "-enc", "UTF-8", "-bbox", str(path), "-")
    assert result.returncode == 0, result.stderr
    pages = []
    for page in PAGE.findall(result.stdout):
        words = sorted(((float(top) + float(bottom)) / 2, float(top), float(bottom), float(x), html.unescape(text))
                       for x, top, bottom, text in WORD.findall(page))
        lines: list[tuple[tuple[float, float, float], list[tuple[float, str]]]] = []
        for middle, top, bottom, x, text in words:
            if lines:
                (m, t, b), line = lines[-1]
                if t <= middle <= b or top <= m <= bottom:
                    line.append((x, text))
                    continue
            lines.append(((middle, top, bottom), [(x, text)]))
        pages.append("\n".join(" ".join(text for _, text in sorted(line)) for _, line in lines))
    return without_furniture(pages)


def text_flow(path: Path) -> str:
    """`pdftotext` in reading order, page furniture left out."""
    require("pdftotext")
    result = run("pdftotext", "-enc", "UTF-8", str(path), "-")
    assert result.returncode == 0, result.stderr
    return without_furniture(result.stdout.rstrip("\f").split("\f"))


# ----------------------------------------------------------------- qpdf and pdffonts


@pytest.mark.parametrize("lid, kind", DOCUMENTS, ids=IDS)
def test_qpdf_finds_no_errors(shipped, lid, kind):
    require("qpdf")
    result = run("qpdf", "--check", str(shipped.file(lid, kind, "pdf")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def pdffonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table as rows of column -> value, cut by the header's dashes."""
    require("pdffonts")
    result = run("pdffonts", str(path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header, dashes, rows = lines[0], lines[1], lines[2:]
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", dashes)]
    names = [header[a:b].strip() for a, b in spans]
    return [{name: row[a:b + 1].strip() for name, (a, b) in zip(names, spans)} for row in rows if row.strip()]


def test_pdffonts_table_is_read_by_column(shipped):
    fonts = pdffonts(shipped.files("pdf")[0])
    assert fonts and all(set(f) >= {"name", "type", "emb"} for f in fonts)
    assert all(f["emb"] in ("yes", "no") for f in fonts)
    assert any("DejaVu" in f["name"] for f in fonts)


@pytest.mark.parametrize("lid, kind", DOCUMENTS, ids=IDS)
def test_every_font_is_embedded_and_none_is_a_standard_14_font(shipped, lid, kind):
    fonts = pdffonts(shipped.file(lid, kind, "pdf"))
    assert any("DejaVu" in f["name"] for f in fonts)
    assert [f["name"] for f in fonts if f["emb"] != "yes"] == []
    assert [f["name"] for f in fonts if f["name"].split("+")[-1] in STANDARD_14] == []


# ----------------------------------------------------------------- pdftotext


@pytest.mark.parametrize("lid, kind", STUDENT, ids=STUDENT_IDS)
def test_pdftotext_reads_the_extract_words(shipped, lid, kind):
    lesson = lesson_yaml(shipped, lid)
    # A box continued on a new page is headed there "Source C (continued)": read past it, as a reader does.
    text = re.sub(r"Source [A-Z] \((?:adapted, )?continued\)", " ", text_layout(shipped.file(lid, kind, "pdf")))
    words = tokens(MARKS_RE.sub(" ", text))
    for source in lesson.get("sources", []):
        for passage in extract_texts(essay_for(shipped, lesson, source), source):
            assert contains_run(words, tokens(passage)), passage[:60]


def find_prompt(text: str, prompt: str, start: int = 0) -> re.Match | None:
    """A question's prompt in squashed pdftotext output, from start. pdftotext joins a line that
    ends in a hyphen to the next and drops the hyphen ("personality-" / "centred" reads
    "personalitycentred"), so each hyphen of the prompt may be missing."""
    return re.compile(re.escape(squash(prompt)).replace(r"\-", "-?")).search(text, start)


def assert_questions_then_marks_in_order(text: str, lesson: dict) -> None:
    """Each question's prompt whole, after the previous question, and its "[N marks]" label after
    the prompt and before the next question's: a label printed beside the stem's first line can
    be read into the middle of the question, or before it."""
    questions = lesson.get("questions", [])
    at = 0
    for i, question in enumerate(questions):
        found = find_prompt(text, question["prompt"], at)
        assert found, f"not found whole after the previous question: {question['prompt']}"
        marks = MARKS_RE.search(text, found.end())
        assert marks and int(marks[1]) == question["marks"], f"no [{question['marks']} marks] after: {found[0]}"
        if i + 1 < len(questions):
            following = find_prompt(text, questions[i + 1]["prompt"], found.end())
            assert following and marks.end() <= following.start(), f"its marks follow the next question: {found[0]}"
        at = found.end()


@pytest.mark.parametrize("lid", WORKSHEETS)
def test_pdftotext_reads_the_questions_in_order(shipped, lid):
    lesson = lesson_yaml(shipped, lid)
    text = squash(text_flow(shipped.file(lid, "worksheet", "pdf")))
    at = -1
    for question in lesson.get("questions", []):
        found = find_prompt(text, question["prompt"], at + 1)
        assert found and found.start() > at, f"not found after the previous question: {question['prompt']}"
        at = found.start()


@pytest.mark.parametrize("profile", ["standard", "dyslexia", "high-contrast"])
@pytest.mark.parametrize("lid", WORKSHEETS)
def test_pdftotext_reads_each_questions_marks_after_it(tmp_path_factory, lid, profile):
    out = course_in_profile(tmp_path_factory, profile)
    lesson = lesson_yaml(None, lid)
    suffix = "" if profile == "standard" else f"_{profile}"  # the paper is named in the file name
    pdf = out / lid / f"{lid}_student-worksheet{suffix}.pdf"
    assert_questions_then_marks_in_order(squash(text_flow(pdf)), lesson)


# ----------------------------------------------------------------- LibreOffice


@dataclass(frozen=True)
class Conversion:
    result: subprocess.CompletedProcess
    pdfs: dict[Path, Path]
    """DOCX file -> the PDF LibreOffice made of it."""


@pytest.fixture(scope="session")
def libreoffice(shipped, tmp_path_factory) -> Conversion:
    """Every DOCX of the shipped course converted to PDF by LibreOffice in one call."""
    soffice = require("soffice")
    docx = shipped.files("docx")
    assert len({d.stem for d in docx}) == len(docx), "one output folder needs distinct names"
    profile = tmp_path_factory.mktemp("lo-profile")  # private: parallel runs do not collide

    def convert(outdir: Path) -> dict:  # once per test run: the test workers share the PDFs
        result = run(soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                     "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx), timeout=600)
        return {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}

    outdir, made = made_once(tmp_path_factory, "libreoffice-pdf", convert)
    result = subprocess.CompletedProcess([soffice], made["returncode"], made["stdout"], made["stderr"])
    return Conversion(result, {d: outdir / f"{d.stem}.pdf" for d in docx})


def test_libreoffice_converts_every_docx(shipped, libreoffice):
    assert libreoffice.result.returncode == 0, libreoffice.result.stderr
    for docx, pdf in libreoffice.pdfs.items():
        assert pdf.is_file(), f"LibreOffice made no PDF of {docx.name}"
        assert pdf.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("lid, kind", DOCUMENTS, ids=IDS)
def test_libreoffice_shows_the_title_and_the_questions(shipped, libreoffice, lid, kind):
    lesson = lesson_yaml(shipped, lid)
    pdf = libreoffice.pdfs[shipped.file(lid, kind, "docx")]
    assert pdf.is_file()
    text = squash(text_flow(pdf))
    assert squash(lesson["title"]) in text
    if kind in ("worksheet", "teacher-notes"):
        for question in lesson.get("questions", []):
            assert find_prompt(text, question["prompt"]), question["prompt"]


@pytest.mark.parametrize("lid", WORKSHEETS)
def test_libreoffice_reads_each_questions_marks_after_it(shipped, libreoffice, lid):
    pdf = libreoffice.pdfs[shipped.file(lid, "worksheet", "docx")]
    assert_questions_then_marks_in_order(squash(text_flow(pdf)), lesson_yaml(shipped, lid))


# ----------------------------------------------------------------- pandoc


def pandoc_markdown(path: Path) -> str:
    require("pandoc")
    result = run("pandoc", "-f", "docx", "-t", "markdown-smart", "--wrap=none", str(path))
    assert result.returncode == 0, result.stderr
    return re.sub(r"\\([^\w\s])", r"\1", result.stdout)  # drop Markdown's backslash escapes


@pytest.mark.parametrize("lid, kind", DOCUMENTS, ids=IDS)
def test_pandoc_reads_the_title_as_a_heading_and_the_questions(shipped, lid, kind):
    lesson = lesson_yaml(shipped, lid)
    markdown = pandoc_markdown(shipped.file(lid, kind, "docx"))
    headings = [line[2:].strip() for line in markdown.splitlines() if line.startswith("# ")]
    assert headings[:1] == [lesson["title"]]
    if kind in ("worksheet", "teacher-notes"):
        # A long question's first line is its table's header row (printed again over answer lines
        # that run onto a new page), the rest of the paragraph in the row under it: read in row order,
        # a grid table's rules and cell edges left out, the two read on as one paragraph.
        cells = re.sub(r"(?m)^[-=+: ]*[-=]{3}[-=+: ]*$|(?<=\s)\|(?=\s)|^\||\|$", " ", markdown)
        flat = squash(cells.replace("**", "").replace("*", ""))
        for question in lesson.get("questions", []):
            assert squash(question["prompt"]) in flat, question["prompt"]


# ----------------------------------------------------------------- parity: our PDF and LibreOffice's

HEADING = re.compile(r"^\s*Source ([A-Z])( \(adapted\))?: ", re.M)
LOOSE_MARKS = re.compile(r"\[(\d+)(?:\s+marks?\]|[ \t]*$)", re.M)
PARA_MARK = re.compile(r"\s+¶\d+\s*$")


def source_boxes(lid: str, kind: str):
    """The numbered lines each source box prints, from lessonpack's model: letter -> lines (a
    picture or statistics source has none)."""
    from lessonpack import document as d
    from lessonpack.context import build_context
    from lessonpack.course import load_course

    course = load_course(REPO)
    loaded = next(lesson for lesson in course.lessons if lesson.id == lid)
    expansion = build_context(course, loaded, kind)
    boxes = {(letter, False): box for letter, box in expansion.sources.items() if isinstance(box, d.SourceBox)}
    boxes.update({(letter, True): box for letter, box in expansion.adapted.items()})
    return boxes


def numbered_lines(layout: str, boxes) -> dict[tuple[str, bool, int], str]:
    """For each source printed, each number in its margin and the words of the line beside it.

    A source runs from its heading ("Source A: …") to the next other one; inside it the numbers 5, 10,
    15, … are looked for in order, each at the start of a line.
    """
    found: dict[tuple[str, bool, int], str] = {}
    lines = layout.splitlines()
    starts = [(i, m[1], bool(m[2])) for i, line in enumerate(lines) if (m := HEADING.match(line))]
    # a title printed again over the rest of its box (the DOCX's header row) goes on with that box
    starts = [s for k, s in enumerate(starts) if not k or s[1:] != starts[k - 1][1:]]
    for (start, letter, adapted), (end, *_) in zip(starts, starts[1:] + [(len(lines), "", False)]):
        box = boxes.get((letter, adapted))
        if box is None:
            continue
        wanted = iter(range(5, len(box.lines) + 1, 5))
        number = next(wanted, None)
        for line in lines[start + 1:end]:
            if number is None:
                break
            m = re.match(rf"^\s*{number}\s+(\S.*)$", line)
            if m:
                found[(letter, adapted, number)] = squash(PARA_MARK.sub("", m[1]))
                number = next(wanted, None)
    return found


def parity_problems(ours: str, theirs: str, boxes, ours_lines: str | None = None,
                    theirs_lines: str | None = None) -> list[str]:
    """Where two renderings of one document disagree, in words a reviewer can act on.

    ours/theirs are `pdftotext -layout` texts; the *_lines texts (from word positions) are
    used for the line-number margin when given.
    """
    problems = []
    if MARKS_RE.findall(ours) != LOOSE_MARKS.findall(theirs):
        problems.append(f"marks: {MARKS_RE.findall(ours)} != {LOOSE_MARKS.findall(theirs)}")
    # a source's title once per box: the DOCX prints it again over the rest of a box on each page it
    # reaches (its table's header row), where the PDF prints "Source B (continued)"
    headings = [[key for key, _ in groupby(HEADING.findall(text))] for text in (ours, theirs)]
    if headings[0] != headings[1]:
        problems.append(f"source headings: {headings[0]} != {headings[1]}")
    letters = re.compile(r"\bSource\s+([A-Z])\b")
    if set(letters.findall(ours)) != set(letters.findall(theirs)):
        problems.append(f"source letters: {sorted(set(letters.findall(ours)))} != "
                        f"{sorted(set(letters.findall(theirs)))}")
    a = numbered_lines(ours_lines if ours_lines is not None else ours, boxes)
    b = numbered_lines(theirs_lines if theirs_lines is not None else theirs, boxes)
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            problems.append(f"Source {key[0]}{' (adapted)' if key[1] else ''} line {key[2]}: "
                            f"{a.get(key)!r} != {b.get(key)!r}")
    return problems


def printed_boxes(text: str, boxes) -> set[tuple[str, bool]]:
    return {(m[1], bool(m[2])) for m in HEADING.finditer(text)} & set(boxes)


@pytest.mark.parametrize("lid, kind", STUDENT, ids=STUDENT_IDS)
def test_our_pdf_numbers_the_lines_lessonpack_broke(shipped, lid, kind):
    boxes = source_boxes(lid, kind)
    lines = text_lines(shipped.file(lid, kind, "pdf"))
    printed = printed_boxes(lines, boxes)
    assert {letter for letter, adapted in printed if not adapted} == {
        letter for letter, adapted in boxes if not adapted}
    expected = {(letter, adapted, n): squash(box.lines[n - 1].text)
                for (letter, adapted), box in boxes.items() if (letter, adapted) in printed
                for n in range(5, len(box.lines) + 1, 5)}
    assert numbered_lines(lines, boxes) == expected


@pytest.mark.parametrize("lid, kind", STUDENT, ids=STUDENT_IDS)
def test_libreoffice_prints_the_same_numbers_letters_and_marks_as_our_pdf(shipped, libreoffice, lid, kind):
    ours_pdf, theirs_pdf = shipped.file(lid, kind, "pdf"), libreoffice.pdfs[shipped.file(lid, kind, "docx")]
    ours, theirs = text_layout(ours_pdf), text_layout(theirs_pdf)
    ours_lines, theirs_lines = text_lines(ours_pdf), text_lines(theirs_pdf)
    boxes = source_boxes(lid, kind)
    assert numbered_lines(ours_lines, boxes), "no numbered extract lines found to compare"
    assert parity_problems(ours, theirs, boxes, ours_lines, theirs_lines) == []
    if kind == "worksheet":
        lesson = lesson_yaml(shipped, lid)
        assert [int(n) for n in MARKS_RE.findall(ours)] == printed_marks(lesson)


def test_the_parity_check_fails_when_the_renderings_drift(shipped):
    """The comparison is only worth having if it notices a difference."""
    lid = WORKSHEETS[0]
    ours = text_layout(shipped.file(lid, "worksheet", "pdf"))
    boxes = source_boxes(lid, "worksheet")
    assert parity_problems(ours, ours, boxes) == []
    lines = text_lines(shipped.file(lid, "worksheet", "pdf")).splitlines()
    # 1. The number 5 printed one line too low.
    i = next(i for i, line in enumerate(lines) if re.match(r"^\s*5\s+\S", line))
    shifted = lines.copy()
    shifted[i] = re.sub(r"^(\s*)5\s+", r"\1", lines[i])
    shifted[i + 1] = "5 " + lines[i + 1].lstrip()
    assert not parity_problems(ours, ours, boxes, "\n".join(lines), "\n".join(lines))
    assert any("line 5" in p for p in parity_problems(ours, ours, boxes, "\n".join(lines), "\n".join(shifted)))
    # 2. A different mark.
    first = MARKS_RE.search(ours)
    assert first
    other = ours[:first.start()] + f"[{int(first[1]) + 1} marks]" + ours[first.end():]
    assert any(p.startswith("marks") for p in parity_problems(ours, other, boxes))
    # 3. A source heading lost.
    heading = HEADING.search(ours)
    lost = ours[:heading.start()] + ours[heading.start():].replace("Source", "Sauce", 1)
    assert parity_problems(ours, lost, boxes)


# ----------------------------------------------------------------- LibreOffice layout


def test_libreoffice_prints_each_marks_label_on_one_line(shipped, libreoffice):
    split = {}
    for lid in WORKSHEETS:
        layout = text_layout(libreoffice.pdfs[shipped.file(lid, "worksheet", "docx")])
        broken = re.findall(r"\[\d+[ \t]*$", layout, re.M)
        if broken:
            split[lid] = broken
    assert split == {}


def question_lines(layout: str, lesson: dict) -> dict[int, bool]:
    """For each question, whether a printed line starts with its number and then its stem
    ("Source A, lines 4–6." and/or the first words of its prompt)."""
    found = {}
    for number, question in enumerate(lesson.get("questions", []), start=1):
        first = re.escape(" ".join(question["prompt"].split()[:2]))
        pattern = rf"^\s*{number}\s+(?:Sources? [A-Z][^.]*\.\s+)?{first}"
        found[number] = re.search(pattern, layout, re.M) is not None
    return found


@pytest.mark.parametrize("lid", WORKSHEETS)
def test_our_pdf_prints_each_question_number_beside_its_question(shipped, lid):
    lesson = lesson_yaml(shipped, lid)
    printed = question_lines(text_lines(shipped.file(lid, "worksheet", "pdf")), lesson)
    assert printed and all(printed.values()), printed


def test_libreoffice_prints_each_question_number_whole_beside_its_question(shipped, libreoffice):
    missing = {}
    for lid in WORKSHEETS:
        lesson = lesson_yaml(shipped, lid)
        printed = question_lines(text_lines(libreoffice.pdfs[shipped.file(lid, "worksheet", "docx")]), lesson)
        if not all(printed.values()):
            missing[lid] = [n for n, ok in printed.items() if not ok]
    assert missing == {}


def printed_marks(lesson: dict) -> list[int]:
    """The "[N marks]" labels a worksheet prints, in order: each question's, then its parts'."""
    return [m for q in lesson.get("questions", []) for m in [q["marks"], *(p["marks"] for p in q.get("parts", []))]]


def test_marks_in_a_worksheet_add_up_to_the_total_it_prints(shipped):
    for lid in WORKSHEETS:
        lesson = lesson_yaml(shipped, lid)
        ours = text_layout(shipped.file(lid, "worksheet", "pdf"))
        marks = [int(n) for n in MARKS_RE.findall(ours)]
        total = re.search(r"Total:\s+(\d+)\s+marks?", ours)
        assert total, lid
        parts = sum(p["marks"] for q in lesson.get("questions", []) for p in q.get("parts", []))
        assert sum(marks) - parts == int(total[1]), lid  # parts' marks are inside their question's
        assert Counter(marks) == Counter(printed_marks(lesson))

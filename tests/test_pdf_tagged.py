"""Tagged, accessible PDFs (PDF/UA-1, docs/accessibility.md), read back as a screen reader's
tools and checkers read them: poppler's `pdfinfo` and its structure tree text, qpdf, and the
independent PDF/UA-1 checker `page` (page-validation, Matterhorn checkpoints)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import page
import pytest
from pypdf import PdfReader

from conftest import REPO, course_in_profile, essay_for, extract_texts, lesson_yaml, pdf_text, run_cli

LESSON = "02-trotsky-following"


def pdfinfo(path: Path, *options: str) -> str:
    return subprocess.run(["pdfinfo", *options, str(path)], capture_output=True, check=True).stdout.decode(
        "utf-8", "replace")


def structure(path: Path) -> list[tuple[str, str]]:
    """The structure tree as `pdfinfo -struct-text` prints it: (element, its text) in tree order,
    each text joined without the spaces poppler leaves out at line ends."""
    out: list[tuple[str, str]] = []
    role = ""
    for line in pdfinfo(path, "-struct-text").splitlines():
        stripped = line.strip()
        if stripped.startswith('"'):
            out.append((role, stripped.strip('"')))
        elif stripped and not stripped.startswith("/"):
            role = stripped.split()[0].rstrip(":")
    return out


def unspaced(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdfua_failures(path: Path) -> list[str]:
    report = page.validate_pdf(str(path), profile="ua1")
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


def assert_accessible(pdf: Path) -> None:
    assert re.search(r"^Tagged:\s+yes$", pdfinfo(pdf), re.M), f"{pdf.name} is not tagged"
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, f"{pdf.name}: {check.stdout}{check.stderr}"
    assert pdfua_failures(pdf) == [], pdf.name


def test_every_pdf_of_the_course_is_tagged_and_passes_the_pdfua_checker(shipped):
    pdfs = sorted(shipped.out.rglob("*.pdf"))
    assert len(pdfs) >= 10
    for pdf in pdfs:
        assert_accessible(pdf)


@pytest.mark.parametrize("profile", ["large-print-24", "dyslexia", "high-contrast"])
def test_every_print_profile_is_tagged_and_passes_the_pdfua_checker(tmp_path_factory, profile):
    for pdf in sorted(course_in_profile(tmp_path_factory, profile).rglob(f"{LESSON}*.pdf")):
        assert_accessible(pdf)


def test_lesson_02_worksheet_reads_title_sources_questions_and_options_in_order(shipped):
    lesson = lesson_yaml(shipped, LESSON)
    tree = structure(shipped.out / LESSON / f"{LESSON}_student-worksheet.pdf")
    text = unspaced("\n".join(t for _, t in tree))
    essay = essay_for(shipped, lesson)
    wanted = [lesson["title"]]
    for source in lesson["sources"]:
        wanted += [f"Source {source['letter']}", *extract_texts(essay, source)]
    for question in lesson["questions"]:
        wanted.append(question["prompt"])
        for statement in question.get("statements", []):
            wanted.append(statement["text"])
    at = 0
    for needle in wanted:
        found = text.find(unspaced(needle), at)
        assert found >= 0, f"not read after what comes before it: {needle[:60]}"
        at = found + len(unspaced(needle))
    # The options of the multiple choice: in one list, lettered, after its prompt.
    choice = next(q for q in lesson["questions"] if q["type"] == "multiple-choice")
    options = [t for role, t in tree if role == "P" and re.match(r"[A-D]\s", t)]
    assert sorted(unspaced(o[1:]) for o in options[:4]) == sorted(unspaced(o) for o in choice["options"])
    assert text.find(unspaced(choice["prompt"])) < text.find(unspaced(options[0]))


def test_headings_are_h1_to_h3_and_a_source_is_a_section_with_its_extract_quoted(shipped):
    pdf = shipped.out / LESSON / f"{LESSON}_student-worksheet.pdf"
    tree = structure(pdf)
    printed = pdfinfo(pdf, "-struct-text")
    assert tree[0][0] == "H1"
    assert {"H1", "H2", "BlockQuote", "Sect", "L", "LI", "LBody", "Table", "TR", "TH", "TD"} <= set(
        re.findall(r"^\s*([A-Za-z]+\d?)\b", printed, re.M))
    # The true/false grid's header cells are column headers.
    assert re.search(r"TH:\s*\n\s*/Scope /Column\s*\n\s*\"True\"", printed)


def test_margin_line_numbers_page_numbers_and_headers_are_not_read(shipped):
    pdf = shipped.out / LESSON / f"{LESSON}_student-worksheet.pdf"
    texts = [t for _, t in structure(pdf)]
    # (The extract's lines read on without their margin numbers: see the reading-order test.)
    assert not any("¶" in t for t in texts), "a paragraph number in the margin is read"
    assert not any(t.startswith("Page ") and " of " in t for t in texts)
    assert not any("Student worksheet" == t.strip() for t in texts)
    # Yet every word on the page is either read or marked as decoration: the checker agrees.
    assert pdfua_failures(pdf) == []


def test_each_copy_in_a_class_set_print_file_has_its_own_structure(tmp_path):
    out, roster = tmp_path / "out", tmp_path / "10B.csv"
    # Names the fonts can print: a name in a script they lack prints as empty boxes (a warning),
    # which no checker accepts as text.
    roster.write_text("name,class\nZoë Ångström,10B\nŁukasz Nowak,10B\nNguyễn Văn An,10B\nAnna Smith,10B\n",
                      encoding="utf-8")
    result = run_cli("build", str(REPO / "lessons" / f"{LESSON}.yaml"), "--out", str(out),
                     "--roster", str(roster), "--variants", "2")
    assert result.returncode == 0, result.stderr
    for pdf in out.rglob("*.pdf"):  # each student's copy, the answer keys
        assert_accessible(pdf)
    print_file = next(out.rglob("*print-all*.pdf"))
    assert_accessible(print_file)
    reader = PdfReader(print_file)
    document = reader.trailer["/Root"]["/StructTreeRoot"]["/K"].get_object()
    parts = [kid.get_object() for kid in document["/K"]]
    assert len(parts) >= 2 and all(part["/S"] == "/Part" for part in parts)
    page_numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}

    def pages_of(element) -> set[int]:
        """The pages an element's content (MCIDs of it and of its descendants) is drawn on."""
        found = {page_numbers[element.raw_get("/Pg").idnum]} if "/Pg" in element else set()
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict):
                found |= pages_of(kid)
        return found

    seen: set[int] = set()
    for part in parts:
        mine = pages_of(part)
        assert mine and not mine & seen, "two copies share structure elements on one page"
        seen |= mine
        assert str(part["/T"]).strip()  # named after its student


COURSE_TITLE = "Personality in History: Stalin vs Trotsky"
"""The shipped course's title, which only the running header prints."""
KIND_LABELS = {"Student worksheet", "Source extracts", "Exit ticket", "Homework", "Teacher notes", "Mark scheme"}
"""The running header's document kind, on a line of its own where the header wraps."""


def header_title(line: str) -> bool:
    """A line of the running header's lesson title: the whole title, or one of its lines where it wraps
    (at 24 pt)."""
    return bool(line.strip()) and line.strip() in lesson_yaml(None, LESSON)["title"]


def test_every_line_of_body_text_is_read_even_where_a_paragraph_or_answer_space_breaks_across_pages(
        tmp_path_factory, shipped):
    """A piece of text reportlab carried over to the next page is part of its element too (the
    checker cannot tell: text left out of the tree is simply decoration to it)."""
    without = lambda text: re.sub(r"[\d¶•\s]", "", text)  # noqa: E731 (margin numbers and bullets aside)
    folders = [shipped.out, course_in_profile(tmp_path_factory, "large-print-24")]
    for pdf in [p for folder in folders for p in sorted(folder.rglob(f"{LESSON}*.pdf"))]:
        read = without("".join(t for _, t in structure(pdf)))
        for line in pdf_text(pdf).splitlines():
            if ("continued)" in line or re.search(r"Page \d+ of \d+", line) or not without(line)
                    or line.startswith(COURSE_TITLE) or line in KIND_LABELS or header_title(line)):
                continue  # a continued label, a large print's footer beside its page number and the
                # running header of a one-page document (pdf_text drops it only where pages repeat it)
            assert without(line) in read, f"{pdf.name}: not in the structure tree: {line}"


def test_each_form_field_of_a_fillable_worksheet_is_a_labelled_form_element_in_tab_order(tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", str(REPO / "lessons" / f"{LESSON}.yaml"), "--out", str(out), "--fillable",
                     "--format", "pdf")
    assert result.returncode == 0, result.stderr
    pdf = next(out.rglob("*fillable.pdf"))
    assert_accessible(pdf)
    reader = PdfReader(pdf)
    nums = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parents = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}
    widgets = 0
    for sheet in reader.pages:
        annotations = [a.get_object() for a in sheet.get("/Annots", []) or []]
        if annotations:
            assert sheet["/Tabs"] == "/S"  # tab order = structure order
        for annotation in (a for a in annotations if a["/Subtype"] == "/Widget"):
            widgets += 1
            form = parents[annotation["/StructParent"]].get_object()
            assert form["/S"] == "/Form"
            kids = form["/K"] if isinstance(form["/K"], list) else [form["/K"]]
            objects = [kid.get_object().raw_get("/Obj").idnum for kid in kids
                       if kid.get_object().get("/Type") == "/OBJR"]
            assert annotation.indirect_reference.idnum in objects
            assert str(form.get("/Alt", "")).strip(), f"field {annotation.get('/T')} has no label"
    assert widgets >= 10


def figure_alts(pdf: Path) -> list[str]:
    """The alternative text of every Figure element in the structure tree, in reading order."""
    reader = PdfReader(str(pdf))
    found: list[str] = []

    def walk(node) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif hasattr(node, "get"):  # an element (a kid that is a number is a marked-content id)
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_pictures_and_charts_are_figures_with_their_alt_text_and_pass_the_checker(tmp_path):
    """A picture source, a question's picture and a chart: each a Figure whose alt text is the
    lesson's (a chart's, its figures in words), in a file the PDF/UA checker passes."""
    out = tmp_path / "out"
    result = run_cli("build", str(REPO / "tests" / "roots" / "pictures"), "--out", str(out), "--format", "pdf")
    assert result.returncode == 0, result.stderr
    worksheet = next(out.rglob("*_student-worksheet.pdf"))
    alts = figure_alts(worksheet)
    assert any(a.startswith("A poster: a dark figure of a worker raises a red flag") for a in alts), alts
    assert any(a.startswith("A photograph of six people standing in a row") for a in alts), alts
    assert any("chart of" in a and "1905: 13,995" in a for a in alts), alts
    for pdf in sorted(out.rglob("*.pdf")):
        assert_accessible(pdf)


def test_the_course_booklets_keep_each_documents_structure_and_pass_the_checker(tmp_path):
    """A booklet is written as a print file is: every document in it tagged, in booklet order."""
    out = tmp_path / "out"
    result = run_cli("booklet", str(REPO / "tests" / "roots" / "all-types"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    booklets = sorted(out.rglob("*booklet.pdf"))
    assert len(booklets) == 2
    for booklet in booklets:
        assert_accessible(booklet)
    teacher = unspaced("".join(t for _, t in structure(next(b for b in booklets if "teacher" in b.name))))
    # the contents, then each lesson's mark scheme in the course's order, each with its own title
    first, second = (teacher.index(unspaced(f"Mark scheme: {t}")) for t in ("Nine kinds of question",
                                                                            "Gaps, statements and choices"))
    assert teacher.index(unspaced("Teacher booklet: contents")) < first < second

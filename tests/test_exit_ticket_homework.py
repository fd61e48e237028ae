"""The exit ticket, the homework sheet and the mark scheme, read back as a teacher reads them.

The course `tests/roots/all-types` has a lesson with all nine question types (worksheet,
exit ticket, homework and mark scheme) and two lessons whose exit tickets hold the other
question types, so every type is printed on a slip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import copy_root, docx_text, pdf_text, run_cli, squash


def _build(root: Path, out: Path, *options: str) -> None:
    result = run_cli("build", str(root), "--out", str(out), *options)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_root("all-types", tmp_path_factory.mktemp("all-types"))
    out = root / "out"
    _build(root, out)
    return out


@pytest.fixture(scope="module")
def built_large(tmp_path_factory) -> Path:
    root = copy_root("all-types", tmp_path_factory.mktemp("all-types-lp"))
    out = root / "out"
    _build(root, out, "--profile", "large-print-24")
    return out


def pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def all_text(path: Path) -> str:
    """Every page's text, header and footer too (slips repeat from page to page: nothing is furniture)."""
    return "\n".join(pages(path))


# ----------------------------------------------------------------------------------- exit ticket

def test_an_exit_ticket_prints_every_question_type_in_small(built):
    """Statements with True/False, gaps with their word bank, matching letters, ordering boxes, a
    table's rows and multiple-choice options one per line: none prints as a bare prompt."""
    choices = squash(all_text(built / "quick-choices" / "quick-choices_exit-ticket.pdf"))
    for shown in ["Delegates could be recalled at any time.", "True False", "Word bank:", "parliament",
                  "The (1)", "A Workplaces", "B ", "C "]:
        assert squash(shown) in choices, shown
    tables = squash(all_text(built / "quick-tables" / "quick-tables_exit-ticket.pdf"))
    for shown in ["1. soviet", "A. ", "council", "Letter", "Number the boxes 1 to 4.", "1905", "1940",
                  "Person Role", "Trotsky", "Stalin"]:
        assert squash(shown) in tables, shown


def test_exit_ticket_options_stand_one_to_a_line(built):
    """Each option starts its own line after its letter; none runs on after another with a dot."""
    lines = [squash(line) for line in all_text(built / "quick-choices" / "quick-choices_exit-ticket.pdf")
             .splitlines()]
    assert "·" not in " ".join(line for line in lines if "Workplaces" in line)
    for option in ["Workplaces", "The Tsar", "The army alone"]:
        assert any(re.fullmatch(rf"[A-C] {option}", line) for line in lines), option


def test_exit_ticket_shows_marks_and_the_slip_total(built):
    text = squash(all_text(built / "quick-choices" / "quick-choices_exit-ticket.pdf"))
    assert "[2 marks]" in text and "[1 mark]" in text
    assert "Name: [5 marks]" in text  # 2 + 2 + 1, after the rule to write the name on


@pytest.fixture(scope="module")
def built_choices(tmp_path_factory) -> Path:
    """The nine-type lesson with its multiple-choice and true/false questions on its slips: four fit
    a page, as they did with the short answer's two lines of underscores, which its four ruled lines
    (two a mark) no longer let fit (two slips to a page, each filling half of it)."""
    root = _chosen(tmp_path_factory.mktemp("choices"), "exit_ticket: [2, 3]")
    out = root / "out"
    for profile in ("standard", "high-contrast"):
        _build(root / "lessons" / "nine.yaml", out, "--profile", profile, "--only", "students")
    return out


@pytest.mark.parametrize("lesson", ["nine", "quick-choices"])
def test_four_slips_that_fit_print_on_one_page_in_a_two_by_two_grid(built, built_choices, lesson):
    path = (built_choices if lesson == "nine" else built) / lesson / f"{lesson}_exit-ticket.pdf"
    title = {"nine": "Nine kinds of question", "quick-choices": "Gaps, statements and choices"}[lesson]
    reader = PdfReader(str(path))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    placed: list[tuple[float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip() == title and size > 8:
            placed.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    slips = [(x, y) for x, y in placed]
    assert len(slips) == 4, slips
    assert len({round(x) for x, _ in slips}) == 2 and len({round(y) for _, y in slips}) == 2


def test_exit_ticket_slips_are_numbered_from_one(built):
    text = all_text(built / "quick-tables" / "quick-tables_exit-ticket.pdf")
    assert re.search(r"^1\. Match each word", text, re.M)
    assert re.search(r"^2\. Put these years", text, re.M)
    assert re.search(r"^3\. Complete the table", text, re.M)


def test_a_large_print_exit_ticket_has_one_slip_not_a_grid(built_large):
    path = built_large / "nine" / "nine_exit-ticket_large-print-24.pdf"
    assert squash(all_text(path)).count("Who sent delegates to the soviet?") == 1


def test_the_docx_exit_ticket_has_the_same_slips(built):
    text = squash(docx_text(built / "quick-choices" / "quick-choices_exit-ticket.docx"))
    assert text.count("Who sent delegates to the soviet?") == 4
    assert "Word bank:" in text and "Delegates could be recalled at any time." in text


@pytest.fixture(scope="module")
def built_contrast(tmp_path_factory) -> Path:
    root = copy_root("all-types", tmp_path_factory.mktemp("all-types-hc"))
    out = root / "out"
    _build(root, out, "--profile", "high-contrast")
    return out


def _slip_titles(page, title: str) -> list[tuple[float, float]]:
    """Where each slip's title is printed on a page (x, y)."""
    placed: list[tuple[float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip() == title and size > 8:
            placed.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return placed


def test_four_high_contrast_slips_that_fit_print_on_one_page(built_choices):
    """Two to a page on two identical pages before: the true/false boxes took the statements' room."""
    reader = PdfReader(str(built_choices / "nine" / "nine_exit-ticket_high-contrast.pdf"))
    assert len(reader.pages) == 1
    slips = _slip_titles(reader.pages[0], "Nine kinds of question")
    assert len({round(x) for x, _ in slips}) == 2 and len({round(y) for _, y in slips}) == 2, slips


def test_slips_that_do_not_fit_four_to_a_page_print_one_page_not_two_copies_of_it(built_contrast):
    reader = PdfReader(str(built_contrast / "quick-choices" / "quick-choices_exit-ticket_high-contrast.pdf"))
    assert len(reader.pages) == 1
    assert len(_slip_titles(reader.pages[0], "Gaps, statements and choices")) == 2


def test_a_large_print_slip_taller_than_a_page_is_cut_between_questions_each_piece_with_a_name(built_large):
    """Never a slip split by a page break: each page is a slip with the title and Name line, and
    each question is printed whole on one page."""
    texts = pages(built_large / "quick-tables" / "quick-tables_exit-ticket_large-print-24.pdf")
    assert len(texts) == 2
    for text in texts:
        assert "Matching, ordering and a table" in text and "Name:" in text
    where = {shown: [i for i, text in enumerate(texts) if shown in squash(text)]
             for shown in ["1. Match each word", "3. recall", "2. Put these years", "1924", "3. Complete the table",
                           "Stalin"]}
    assert where["1. Match each word"] == where["3. recall"]
    assert where["2. Put these years"] == where["1924"]
    assert where["3. Complete the table"] == where["Stalin"]


@pytest.fixture(scope="module")
def printed_tickets(built, built_choices, built_large, tmp_path_factory) -> dict[str, Path]:
    """The DOCX exit tickets as LibreOffice prints them, in one call."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not installed")
    folder = tmp_path_factory.mktemp("tickets-printed")
    files = {"nine": built_choices / "nine" / "nine_exit-ticket.docx",
             "nine-hc": built_choices / "nine" / "nine_exit-ticket_high-contrast.docx",
             "tables-lp": built_large / "quick-tables" / "quick-tables_exit-ticket_large-print-24.docx"}
    result = subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                             "--norestore", "--convert-to", "pdf", "--outdir", str(folder),
                             *(str(path) for path in files.values())], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return {name: folder / f"{path.stem}.pdf" for name, path in files.items()}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["nine", "nine-hc"])
def test_the_docx_prints_four_slips_on_one_page_when_they_fit(printed_tickets, name):
    """LibreOffice moved the second row overleaf: an empty paragraph under each slip's last table
    made the row too tall for the page."""
    texts = pages(printed_tickets[name])
    assert len(texts) == 1
    assert squash(texts[0]).count("Who sent delegates to the soviet?") == 4


@pytest.mark.slow
def test_the_docx_large_print_slip_taller_than_a_page_repeats_its_name_line_over_each_piece(printed_tickets):
    texts = pages(printed_tickets["tables-lp"])
    assert len(texts) == 2
    assert all("Name:" in text for text in texts)
    assert [i for i, text in enumerate(texts) if "Complete the table" in text] == \
        [i for i, text in enumerate(texts) if "Stalin" in text]


# ------------------------------------------------------------------------------------- homework

def test_homework_is_numbered_from_one_with_its_own_total(built):
    """The lesson's questions 7, 8 and 9 (4, 8 and 6 marks) are the homework's 1, 2 and 3."""
    path = built / "nine" / "nine_homework.pdf"
    text = pdf_text(path)
    assert "Total: 18 marks." in squash(text)
    numbers = re.findall(r"^(\d+)\s+(?:Complete the table|Source A, line 5\. How useful|Answer both parts)",
                         text, re.M)
    assert numbers == ["1", "2", "3"], numbers


def test_homework_answer_space_that_runs_over_says_continued(built):
    """Part (b) starts a page of its own: the page says whose part it is."""
    texts = pages(built / "nine" / "nine_homework.pdf")
    page = next(t for t in texts if "Explain why recall mattered." in t)
    assert "Question 3 (continued)" in page


def test_homework_docx_is_numbered_from_one(built):
    text = docx_text(built / "nine" / "nine_homework.docx")
    assert "Total: 18 marks." in squash(text)
    assert not re.search(r"^(7|8|9)\b", text, re.M)


def _with_references(tmp_path: Path) -> Path:
    """The all-types course with cross-references typed in worksheet numbers: homework questions 2
    and 3 (the worksheet's 8 and 9) name question 1, which the homework leaves out, and each other."""
    root = copy_root("all-types", tmp_path)
    nine = root / "lessons" / "nine.yaml"
    nine.write_text(nine.read_text(encoding="utf-8")
                    .replace("Use lines from the source.", "Use lines from the source, and your answer to question 1.")
                    .replace('prompt: "Answer both parts."',
                             'prompt: "Answer both parts. Questions 8 and 9 go together: see question 8 first."'),
                    encoding="utf-8")
    return root


def test_cross_references_are_numbered_as_the_sheet_they_are_printed_on(tmp_path):
    """"see question 8" on the homework sheet is its Question 2; a question the homework leaves
    out is named on the worksheet; the worksheet keeps the numbers as typed."""
    root = _with_references(tmp_path)
    out = root / "out"
    _build(root, out)
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        homework = squash(read(out / "nine" / f"nine_homework.{fmt}"))
        assert "and your answer to question 1 on the worksheet." in homework, fmt
        assert "Questions 2 and 3 go together: see question 2 first." in homework, fmt
        worksheet = squash(read(out / "nine" / f"nine_student-worksheet.{fmt}"))
        assert "and your answer to question 1." in worksheet, fmt
        assert "Questions 8 and 9 go together: see question 8 first." in worksheet, fmt


def test_a_tier_paper_numbers_cross_references_as_it_numbers_its_questions(tmp_path):
    """The extension paper leaves out the worksheet's Question 2, so its Question 3 is printed 2."""
    root = copy_root("prof-tiers", tmp_path)
    lesson = root / "lessons" / "01-tiers.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        "Give one reason why the soviet mattered to workers in 1905.",
        "Give one reason why the soviet mattered to workers in 1905. Use your answer to Question 3."),
        encoding="utf-8")
    out = root / "out"
    _build(root, out, "--tier", "extension", "--format", "pdf")
    text = squash(pdf_text(out / "01-tiers" / "01-tiers_student-worksheet_extension.pdf"))
    assert "Use your answer to Question 2." in text


# ---------------------------------------------------------------------------------- mark scheme

def test_the_mark_scheme_goes_to_the_teacher_folder_with_answers_and_no_plan(built):
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        path = built / "nine" / "teacher" / f"nine_mark-scheme.{fmt}"
        text = squash(read(path))
        for shown in ["Mark scheme: Nine kinds of question", "Total marks: 31.", "Answer: A — Workplaces",
                      "The soviet met once a year. — False", "(1) soviet; (2) delegates", "1 → B",
                      "Level 2 (5–8 marks): Developed judgement", "Indicative content:",
                      "Written later, with hindsight", "Model answer (a): To speak for the workplace.",
                      "Recall kept delegates answerable",
                      "Homework: homework question 1 is question 7; homework question 2 is question 8; "
                      "homework question 3 is question 9 (total 18 marks)."]:
            assert shown in text, (fmt, shown)
        assert "Lesson plan" not in text and "Objectives" not in text
    assert not list((built / "nine").glob("*mark-scheme*"))  # never in the students' folder


def test_the_mark_scheme_keys_every_version_of_a_build_without_a_roster(tmp_path):
    root = copy_root("all-types", tmp_path / "course")
    out = tmp_path / "out"
    result = run_cli("build", str(root / "lessons" / "nine.yaml"), "--out", str(out), "--variants", "2",
                     "--seed", "4", "--format", "pdf")
    assert result.returncode == 0, result.stderr
    masters = sorted(p.name for p in (out / "nine").glob("*.pdf"))
    assert masters == ["nine_student-worksheet_version-A_seed-4.pdf", "nine_student-worksheet_version-B_seed-4.pdf"]
    for letter in "AB":
        text = "\n".join(pages(out / "nine" / f"nine_student-worksheet_version-{letter}_seed-4.pdf"))
        assert f"version {letter}" in text
    key = squash(pdf_text(out / "nine" / "teacher" / "nine_mark-scheme_2-versions_seed-4.pdf"))
    assert "Version A" in key and "Version B" in key
    assert "Name:" in "\n".join(pages(out / "nine" / "nine_student-worksheet_version-A_seed-4.pdf"))


def test_a_parts_answer_lines_run_over_under_its_question_and_letter(built_large):
    """In large print part (b)'s lines run onto a new page: headed "Question 3(b) (continued)", not "(b)"."""
    texts = pages(built_large / "nine" / "nine_homework_large-print-24.pdf")
    assert any("Question 3(b) (continued)" in squash(t) for t in texts)
    assert not any("Question (b)" in squash(t) for t in texts)


# -------------------------------------------------------------------- the lesson's own choice

def _chosen(tmp_path: Path, lines: str) -> Path:
    """A copy of the nine-type lesson with `lines` (homework:, exit_ticket:) added before documents."""
    root = copy_root("all-types", tmp_path)
    lesson = root / "lessons" / "nine.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("documents:", lines + "\ndocuments:"),
                      encoding="utf-8")
    return root


def test_a_lesson_names_its_homework_and_exit_ticket_questions_by_worksheet_number(tmp_path):
    """`homework: [1, 8]` sets the 2-mark short answer and the 8-mark source question (numbered
    1 and 2 on the sheet, 10 marks); `exit_ticket: [2, 6]` puts the choice and ordering questions on
    the slips instead of the three worth fewest marks."""
    root = _chosen(tmp_path, "homework: [1, 8]\nexit_ticket: [2, 6]")
    _build(root, root / "out", "--format", "pdf")
    homework = pdf_text(root / "out" / "nine" / "nine_homework.pdf")
    assert "Total: 10 marks." in squash(homework)
    assert re.findall(r"^(\d+)\s+(?:Source A, lines? [\d–]+\. )?(?:What was a soviet\?|How useful)", homework, re.M) == ["1", "2"]
    assert "Complete the table." not in homework and "Answer both parts." not in homework
    slips = squash(all_text(root / "out" / "nine" / "nine_exit-ticket.pdf"))
    assert slips.count("Who sent delegates to the soviet?") == 4
    assert slips.count("Put these years in order.") == 4
    assert "True or false?" not in slips and "Fill the gaps." not in slips
    key = squash(pdf_text(root / "out" / "nine" / "teacher" / "nine_mark-scheme.pdf"))
    assert "homework question 1 is question 1; homework question 2 is question 8 (total 10 marks)" in key


def test_homework_or_exit_ticket_numbers_past_the_last_question_are_refused_at_their_line(tmp_path):
    root = _chosen(tmp_path, "homework: [2, 12]")
    result = run_cli("validate", str(root))
    assert result.returncode == 1
    assert "nine.yaml:" in result.stderr and "homework: there is no Question 12" in result.stderr
    assert "1 to 9" in result.stderr and "Traceback" not in result.stderr


def test_homework_prints_the_lessons_timeline_its_questions_use(tmp_path):
    """Lesson 1's homework question tells students to use the timeline: the sheet prints it, with
    the lesson's events only and the Old Style note."""
    out = tmp_path / "out"
    result = run_cli("build", str(Path(__file__).parent.parent / "lessons" / "01-soviet-1905.yaml"), "--out",
                     str(out), "--format", "pdf")
    assert result.returncode == 0, result.stderr
    homework = squash(pdf_text(out / "01-soviet-1905" / "01-soviet-1905_homework.pdf"))
    assert "Timeline" in homework and "Bloody Sunday" in homework and "Old Style" in homework
    assert "Lenin dies" not in homework  # 1924: outside the lesson's 1905–07


def test_the_mark_scheme_says_which_worksheet_question_each_exit_ticket_question_is(tmp_path_factory):
    """A teacher marking a pile of slips from the mark scheme alone needs to know that the slip's
    "1." is the worksheet's question 8 (lesson 03 names it in `exit_ticket:`)."""
    import yaml
    from conftest import REPO, course_in_profile

    chosen = yaml.safe_load((REPO / "lessons" / "03-stalin-bureaucracy.yaml").read_text(encoding="utf-8"))["exit_ticket"]
    lesson = course_in_profile(tmp_path_factory, "standard") / "03-stalin-bureaucracy"
    text = squash(pdf_text(lesson / "teacher" / "03-stalin-bureaucracy_mark-scheme.pdf"))
    mapping = "; ".join(f"exit-ticket question {i} is question {n}" for i, n in enumerate(chosen, 1))
    assert f"Exit ticket: {mapping} (total" in text


def test_a_one_question_slip_prints_its_marks_once(tmp_path_factory):
    """The slip's total beside the Name line repeated the question's own "[2 marks]"."""
    from conftest import course_in_profile

    lesson = course_in_profile(tmp_path_factory, "standard") / "03-stalin-bureaucracy"
    text = pdf_text(lesson / "03-stalin-bureaucracy_exit-ticket.pdf")
    slips = text.count("Name:")
    assert slips >= 2 and text.count("[2 marks]") == slips

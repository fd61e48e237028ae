"""Pages of the teacher's documents (teacher notes, mark schemes) a teacher can print without
checking them (issue 16): each page that carries a section on says whose it is ("Question 3
(continued)", "Lesson plan (continued)"), a large-print lesson plan's card never splits, and a
model answer breaks between its paragraphs, or inside one with lines enough on each side.

Before: lessons 02 and 03's teacher documents had 124 pages in the standard, dyslexia and
large-print-24 papers that started mid-section with no label (28 of lesson 02's 45 large-print
notes pages), and every card of the 24 pt lesson plan was split mid-sentence.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
import yaml

from conftest import REPO, page_texts, printed_theme, run_cli, squash
from pagecheck import check_pdf, read_paper, section_without_label
from test_pagecheck_notes import drawn

from lessonpack import document as d
from lessonpack.theme import theme_for
from lessonpack.writers.pdf import write_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pages are read with poppler's pdftotext")

LESSONS = ("02-trotsky-following", "03-stalin-bureaucracy")
PROFILES = ("standard", "dyslexia", "large-print-24")


@pytest.fixture(scope="module", params=PROFILES)
def built(request, tmp_path_factory) -> tuple[str, list[Path]]:
    """Lessons 02 and 03's teacher notes and mark schemes as PDF in one profile."""
    out = tmp_path_factory.mktemp(f"teacher-{request.param}")
    result = run_cli("build", *(str(REPO / "lessons" / f"{lesson}.yaml") for lesson in LESSONS), "--out", str(out),
                     "--profile", request.param, "--format", "pdf", "--only", "teacher", "--quiet")
    assert result.returncode == 0, result.stderr
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == 4
    return request.param, pdfs


def pages_of(pdf: Path, profile: str, squashed: bool = True) -> list[str]:
    """Each page's text area (no running header or footer) as pdftotext reads it, white space squashed."""
    t = printed_theme(pdf, theme_for("A4", profile))
    area = [str(round(v)) for v in (t.margin_left, t.margin_top, t.text_width, t.text_height)]
    out = []
    for page in range(1, len(page_texts(pdf.read_bytes())) + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-x", area[0], "-y", area[1], "-W",
                               area[2], "-H", area[3], str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        out.append(squash(text) if squashed else text)
    return out


# ----------------------------------------------------------------- the check itself


def test_a_page_that_starts_mid_section_is_found_and_a_labelled_one_is_not(tmp_path):
    from reportlab.platypus import PageBreak, Paragraph

    from test_pagecheck_notes import STYLE

    theme = theme_for()

    def story(*overleaf: str) -> list:
        return [Paragraph("Model answer: the soviet met in the Technological Institute.", STYLE), PageBreak(),
                *(Paragraph(text, STYLE) for text in overleaf)]

    (tmp_path / "plain").mkdir()
    (tmp_path / "labelled").mkdir()
    plain = drawn(tmp_path / "plain", story("One mark for each correct point."))
    found = section_without_label(read_paper(plain, theme))
    assert [(f.page, f.kind) for f in found] == [(2, "section-without-label")]
    labelled = drawn(tmp_path / "labelled", story("Question 3 (continued)", "One mark for each correct point."))
    assert section_without_label(read_paper(labelled, theme)) == []


# ----------------------------------------------------------------- the course's teacher documents


def test_every_page_of_the_teacher_documents_says_whose_it_is(built):
    profile, pdfs = built
    theme = theme_for("A4", profile)
    findings = [f"{pdf.name}:{f.page}: {f.detail}" for pdf in pdfs for f in check_pdf(pdf, theme,
                                                                                       (section_without_label,))]
    assert findings == []


def test_a_lesson_plan_s_card_never_splits_and_the_plan_says_when_it_runs_on(built):
    """Each activity's title and the end of its description on one page; in large print under its
    card's head ("Starter · 7 minutes"); a page of the plan after its first starts "Lesson plan (continued)"."""
    profile, pdfs = built
    for lesson in LESSONS:
        activities = yaml.safe_load((REPO / "lessons" / f"{lesson}.yaml").read_text(encoding="utf-8"))["activities"]
        pages = pages_of(next(p for p in pdfs if p.name.startswith(lesson) and "teacher-notes" in p.name), profile)
        holding = []
        for a in activities:
            start = f"{a['title']}: {' '.join(a['description'].split()[:3])}"
            title = next(i for i, text in enumerate(pages) if start in text)
            end = " ".join(a["description"].split()[-4:])
            assert end in pages[title], f"{lesson} {profile}: the card {a['title']!r} splits after page {title + 1}"
            if profile.startswith("large-print"):
                minutes = f"{a['minutes']} minute{'' if a['minutes'] == 1 else 's'}"
                assert f"{a['phase'].capitalize()} · {minutes} {a['title']}" in pages[title]
            holding.append(title)
        for page in range(holding[0] + 1, holding[-1] + 1):
            assert pages[page].startswith("Lesson plan (continued)"), f"{lesson} {profile}: page {page + 1}"


# ----------------------------------------------------------------- a model answer at a page foot


WORDS = " ".join(f"w{i:03d}" + (" and" if i % 5 else ".") for i in range(1, 130))
"""A model answer of numbered words: which of its lines a page holds is read from the numbers."""


def notes_with_a_long_answer(filler: int, theme) -> list[str]:
    """Each page's text of teacher notes: `filler` lines, then a question with a model answer of
    many lines and mark points of three lines each."""
    point = "a point that a student makes about the soviet, its leaders and its strike, for a mark"
    blocks = (*(d.Paragraph((d.Text(f"Line {i} of the plan."),)) for i in range(filler)),
              d.Heading(3, (d.Text("Question 2 (6 marks)"),)),
              d.Paragraph((d.Text("Why did the workers follow Trotsky?"),)),
              d.Paragraph((d.Strong((d.Text("Model answer: "),)), d.Text(WORDS))),
              d.ListBlock(False, tuple((d.Paragraph((d.Text(f"P{i} {point} P{i}end (1)"),)),) for i in range(4))))
    info = d.DocumentInfo("Lesson", "Teacher notes", "Course", for_teacher=True)
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(BytesIO(write_pdf(d.Document(info, blocks), theme))).pages]


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_a_model_answer_breaks_with_two_lines_each_side_and_says_whose_it_is_overleaf(profile):
    theme = theme_for("A4", profile)
    for filler in range(8, 48, 3):
        pages = notes_with_a_long_answer(filler, theme)
        holding = [i for i, text in enumerate(pages) if re.search(r"w\d{3}", text)]
        for i in holding:
            lines = [line for line in pages[i].splitlines() if re.search(r"w\d{3}", line)]
            if len(holding) > 1:
                assert len(lines) >= 2, (filler, i + 1, lines)
        start = next(i for i, text in enumerate(pages) if "Question 2 (6 marks)" in text)
        for i in range(start + 1, len(pages)):  # the label above the first line of the answers
            first = re.search(r"w\d{3}|P\d ", pages[i])
            assert "Question 2 (continued)" in pages[i][:first.start()], (filler, i + 1)
        for n in range(4):  # a mark point of three lines never splits
            assert any(f"P{n} " in text and f"P{n}end" in text for text in pages), (filler, n)


def test_a_fact_check_that_splits_keeps_three_lines_of_its_note_with_its_quote(built):
    """Lesson 02's large-print notes left a fact check's quote of four lines and one line of its
    note at a page foot, the rest overleaf."""
    profile, pdfs = built
    for pdf in pdfs:
        pages = pages_of(pdf, profile, squashed=False)
        for i, (page, after) in enumerate(zip(pages, pages[1:])):
            if "Fact check (continued)" not in after or "The essay says: “" not in page:
                continue
            lines = page[page.rindex("The essay says: “"):].splitlines()
            quote_end = next(n for n, line in enumerate(lines) if "”" in line)
            note = [line for line in lines[quote_end + 1:] if line.strip()]
            assert len(note) >= 3, f"{pdf.name}:{i + 1}: {note}"



def test_a_lead_in_such_as_indicative_content_never_ends_a_page(built):
    """"Indicative content:" (a short paragraph ending in a colon) starts its page with its first
    item: alone at a page foot it led nowhere (lesson 02's standard mark scheme, page 3, and lesson
    03's 24 pt teacher notes, pages 23 and 27, before)."""
    profile, pdfs = built
    for pdf in pdfs:
        for number, page in enumerate(pages_of(pdf, profile, squashed=False), start=1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            assert not (lines and lines[-1].endswith(":") and len(lines[-1]) <= 40), (pdf.name, number, lines[-1])


def test_an_answer_that_runs_over_turns_over_after_a_sentence_or_a_clause(built):
    """Each page a question's answers run on from ends a sentence, a clause ("…; credit any"), a step
    of a correct order ("… Congress →") or a mark point ("(4)"), never between two words, nor after an initial ("historians such as R. V." /
    "Daniels argue"). Before: lesson 03's 24 pt mark scheme broke question 10's model answer, a
    paragraph taller than a page, there and after "he used it skilfully; credit any judgement that"."""
    profile, pdfs = built
    for pdf in pdfs:
        pages = pages_of(pdf, profile, squashed=False)
        for number, (page, after) in enumerate(zip(pages, pages[1:]), start=1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            over = [line.strip() for line in after.splitlines() if line.strip()]
            if not lines or len(over) < 2 or not re.match(r"Question \d+ \(continued\)", over[0]):
                continue
            if re.match(r"•|[A-Z][\w ]{0,20}:", over[1]):
                continue  # overleaf starts a block of its own: a mark point, "Model answer:"
            assert re.search(r"([.!?;:→][\"'”’)]*|\(\d+\))$", lines[-1]), (pdf.name, number, lines[-1])
            assert not re.search(r"\b[A-Z]\.$", lines[-1]), (pdf.name, number, lines[-1])

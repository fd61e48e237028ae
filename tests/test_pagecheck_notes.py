"""The page checks of how teacher notes and mark schemes set their text (tests/pagecheck.py's
TEXT_CHECKS), each on small PDFs with the defect and without, and the PDF writer held to them.

Issue 16, item 12: a paragraph handed to reportlab in pieces printed each cut as a line ended
early ("(Stalin, vol. / 1, 2014)"), and in a large-print table cell a line of one word ("of").
"""

from __future__ import annotations

import shutil
from io import BytesIO
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from conftest import REPO, page_texts, pdf_text, run_cli
from pagecheck import TEXT_CHECKS, check_pdf, line_ended_early, read_paper

from lessonpack import document as d
from lessonpack.fonts import register
from lessonpack.theme import theme_for
from lessonpack.writers.pdf import write_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="the page checks measure words with poppler's pdftotext")

T = theme_for()
WORDS = ("The soviet of workers' deputies met in the Technological Institute and elected Trotsky, who "
         "wrote its resolutions and spoke for it (Stalin, vol. 1, 2014) while the strike went on; ")
STYLE = ParagraphStyle("body", fontName=register(T.body_font)["regular"], fontSize=T.body_size,
                       leading=T.leading(T.body_size), spaceAfter=0)


def drawn(tmp_path: Path, story: list, theme=T) -> Path:
    """A PDF of reportlab flowables in the theme's text area."""
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=(theme.page_width, theme.page_height), leftMargin=theme.margin_left,
                      rightMargin=theme.margin_right, topMargin=theme.margin_top, bottomMargin=theme.margin_bottom,
                      invariant=1).build(story)
    path = tmp_path / "page.pdf"
    path.write_bytes(buffer.getvalue())
    return path


def findings(path: Path, theme=T) -> list:
    return line_ended_early(read_paper(path, theme))


def test_a_paragraph_cut_in_two_is_a_line_ended_early(tmp_path):
    text = WORDS * 3
    cut = text.index("vol. ") + len("vol. ")
    found = findings(drawn(tmp_path, [Paragraph(text[:cut], STYLE), Paragraph(text[cut:], STYLE)]))
    assert [f.page for f in found] == [1] and "vol." in found[0].detail and "'1,'" in found[0].detail


def test_one_paragraph_is_no_finding(tmp_path):
    assert findings(drawn(tmp_path, [Paragraph(WORDS * 6, STYLE)])) == []


def test_separate_paragraphs_and_list_items_are_no_finding(tmp_path):
    spaced = ParagraphStyle("spaced", parent=STYLE, spaceAfter=T.paragraph_space)
    items = ListFlowable([ListItem(Paragraph(text, STYLE)) for text in ("Short item.", "Another.", "A third.")],
                         bulletType="bullet", start="•", bulletFontName=STYLE.fontName, leftIndent=16)
    story = [Paragraph("A short paragraph.", spaced), Paragraph(WORDS, spaced), items, Spacer(0, 6),
             Paragraph(WORDS * 2, STYLE)]
    assert findings(drawn(tmp_path, story)) == []


def long_document(words: int) -> d.Document:
    """Teacher notes with a long paragraph, a long paragraph in a box, and long table cells."""
    text = (WORDS * (words // len(WORDS.split()) + 1)).strip()
    return d.Document(d.DocumentInfo("Lesson", "Teacher notes", "Course"), (
        d.Heading(2, (d.Text("Background"),)),
        d.Paragraph((d.Text(text),)),
        d.Box("note", "Fact check", (d.Paragraph((d.Strong((d.Text("Note: "),)), d.Text(text))),)),
        d.Table(((d.Text("Phase"),), (d.Text("Minutes"),), (d.Text("Activity"),)),
                (((d.Text("Main"),), (d.Text("20"),), (d.Text(text),)),)),
    ))


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_long_paragraphs_and_cells_print_their_lines_full(tmp_path, profile):
    """Paragraphs and cells of several pages (cut for reportlab in pieces) print every word,
    each line as full as one paragraph's lines are."""
    theme = theme_for("A4", profile)
    path = tmp_path / "notes.pdf"
    path.write_bytes(write_pdf(long_document(1500), theme))
    assert check_pdf(path, theme, checks=TEXT_CHECKS) == []
    assert pdf_text(path).count("(Stalin, vol. 1, 2014)") + pdf_text(path).count("(Stalin, vol.\n1, 2014)") >= 3 * 16


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_lesson_03_notes_end_no_line_early(tmp_path, profile):
    """The review's cases: lesson 03's background ("(Stalin, vol. 1, 2014)" on one line in the
    standard notes) and its lesson plan's stacked cards in large print (no one-word line "of")."""
    out = tmp_path / "out"
    result = run_cli("build", str(REPO / "lessons" / "03-stalin-bureaucracy.yaml"), "--out", str(out),
                     "--profile", profile, "--format", "pdf", "--only", "teacher", "--quiet")
    assert result.returncode == 0, result.stderr
    theme = theme_for("A4", profile)
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == 2
    for pdf in pdfs:
        assert check_pdf(pdf, theme, checks=TEXT_CHECKS) == [], pdf.name
    notes = next(p for p in pdfs if "teacher-notes" in p.name)
    if profile == "standard":
        assert "(Stalin, vol. 1, 2014)" in pdf_text(notes)
    else:
        assert "piece\nof\nevidence" not in pdf_text(notes)


def fact_check_after(filler_lines: int, note_words: int, profile: str = "standard") -> list[str]:
    """The pages' text of notes with `filler_lines` lines of text, then a fact check whose note has
    about `note_words` words."""
    theme = theme_for("A4", profile)
    filler = tuple(d.Paragraph((d.Text(f"Line {i} of the plan."),)) for i in range(filler_lines))
    note = " ".join(WORDS.split() * (note_words // len(WORDS.split()) + 1))
    box = d.Box("warning", "Fact check", (d.Paragraph((d.Text("The essay says: “recallable at any time”"),)),
                                          d.Paragraph((d.Text(note),))))
    pdf = write_pdf(d.Document(d.DocumentInfo("Lesson", "Teacher notes", "Course"), (*filler, box)), theme)
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def test_a_fact_check_that_must_split_keeps_its_quote_with_lines_and_says_continued():
    """Issue 16, item 8: split, a fact check left its label and quote at a page foot, its body
    overleaf under no title. Now its quote stays with at least three lines of the note, at least
    three go overleaf, under "Fact check (continued)" (tests/test_teacher_pages.py: lesson 02's)."""
    for filler in range(28, 40, 2):
        pages = fact_check_after(filler, 260)
        starts = [i for i, page in enumerate(pages) if "Fact check" in page and "(continued)" not in page]
        assert len(starts) == 1
        first = pages[starts[0]]
        if starts[0] + 1 < len(pages):  # split: the rest overleaf under its title
            rest = pages[starts[0] + 1]
            assert "Fact check (continued)" in rest
            tail = rest.split("Fact check (continued)")[1]
            assert len([line for line in tail.splitlines() if line.strip()]) >= 3 + 1  # and the footer
            body = first.split("recallable at any time”")[1]
            assert len([line for line in body.splitlines() if line.strip()]) >= 3 + 1  # and the footer
        else:
            assert "Fact check (continued)" not in "".join(pages)


def test_a_short_fact_check_moves_whole():
    pages = fact_check_after(44, 60)
    assert sum("Fact check" in page for page in pages) == 1 and "(continued)" not in "".join(pages)


def notes_with_sections(filler_lines: int, points: int, theme) -> bytes:
    """Notes: `filler_lines` lines, then a question's section (minor heading, model answer and
    `points` mark points), then another."""
    filler = tuple(d.Paragraph((d.Text(f"Line {i} of the plan."),)) for i in range(filler_lines))
    section = (d.Heading(3, (d.Text("Question 2 (3 marks)"),)),
               d.Paragraph((d.Text("Model answer: Trotsky was elected chairman in November 1905."),)),
               d.ListBlock(False, tuple((d.Paragraph((d.Text(f"Point {i} (1)"),)),) for i in range(points))))
    closing = (d.Heading(3, (d.Text("Question 3 (1 mark)"),)), d.Paragraph((d.Text("Answer: B"),)))
    return write_pdf(d.Document(d.DocumentInfo("Lesson", "Teacher notes", "Course"), (*filler, *section, *closing)),
                     theme)


def test_a_short_mark_scheme_at_a_page_foot_moves_whole_and_the_check_sees_a_split(tmp_path):
    """A question's answers shorter than `unsplit_height` never split, even where most of it would
    fit (the page it leaves is then allowed its blank). Before, at 29–31 lines of filler the last
    mark point went overleaf alone, and the check found it."""
    from pagecheck import short_section_split

    theme = theme_for("A4", "standard")
    for filler in range(24, 36):  # the section reaches the page foot at these
        path = tmp_path / f"notes-{filler}.pdf"
        path.write_bytes(notes_with_sections(filler, 6, theme))
        assert check_pdf(path, theme, checks=(short_section_split,)) == [], filler
        pages = page_texts(path.read_bytes())
        holding = [i for i, text in enumerate(pages) if "Question 2 (3 marks)" in text]
        assert holding and "Point 5 (1)" in pages[holding[0]], filler


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["standard", "dyslexia", "large-print-24"])
def test_the_course_s_mark_schemes_and_model_answers_shorter_than_a_third_of_a_page_never_split(
        tmp_path_factory, profile):
    """And every page of the course's teacher documents after the first says whose it is
    (`section_without_label`: 133 pages of lessons 02 and 03 did not, tests/test_teacher_pages.py)."""
    from conftest import course_in_profile
    from pagecheck import section_without_label, short_section_split

    theme = theme_for("A4", profile)
    pdfs = sorted(course_in_profile(tmp_path_factory, profile).rglob("teacher/*.pdf"))
    assert pdfs
    checks = (short_section_split, section_without_label)
    findings = [f"{pdf.name}:{f.page}: {f.detail}" for pdf in pdfs for f in check_pdf(pdf, theme, checks)]
    assert findings == []

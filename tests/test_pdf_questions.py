"""How the PDF writer lays out a question's number, first paragraph and marks.

On every built-in paper (theme.marks_below) the first paragraph takes the full width and the
marks follow it, at the right margin, on a line of their own: text extraction reads them after
the question, and on enlarged papers a marks column would squeeze the question into a strip of
short lines. A school's profile may keep the marks in a column at the right margin, beside
the first paragraph.
"""

from __future__ import annotations

import dataclasses
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import Run, run_width
from lessonpack import document as d
from lessonpack.markup import Parser
from lessonpack.theme import theme_for
from lessonpack.writers.pdf import PdfWriter, write_pdf

PAPERS = ["standard", "dyslexia", "high-contrast", "large-print-18", "large-print-24", "large-print-36"]
BESIDE = ["standard", "dyslexia", "high-contrast"]
"""The papers a school's profile may base a marks column on (marks_below: false)."""
STEM = ("Complete the table: how did each factor help Stalin rise to power? In the last column, "
        "write P if it is mainly about his personality or S if it is mainly about his position.")


def question(stem: str = STEM) -> str:
    return f""":::: question 6 marks=4 space=lines lines=2

**Source A.** {stem}

Then explain your choice.

::::
"""


NO_OPENING = """:::: question 5 marks=3 space=none

::: truefalse
- Stalin was a member of the first Council of People's Commissars.
:::

::::
"""


def right(run: Run) -> float:
    """Where a run of text ends on the page."""
    return run.x + run_width(run)


def runs_of(markup: str, profile: str, beside: bool = False) -> tuple[list[Run], object]:
    """Every non-blank text run of the PDF written for markup, in drawing order, and the theme
    (with the marks in a column beside the first paragraph when beside)."""
    theme = theme_for("A4", profile)
    if beside:
        theme = dataclasses.replace(theme, marks_below=False)
    document = d.Document(d.DocumentInfo("A lesson", "Student worksheet", "A course"), Parser().parse(markup))
    runs: list[Run] = []
    for number, page in enumerate(PdfReader(BytesIO(write_pdf(document, theme))).pages):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():  # the matrices only move text here: x and y are the last row
                name = str((font or {}).get("/BaseFont", "")).split("+")[-1]
                runs.append(Run(number, tm[4] + cm[4], tm[5] + cm[5], size, name, text.strip()))

        page.extract_text(visitor_text=visit)
    body = [r for r in runs if theme.margin_bottom < r.y < theme.page_height - theme.margin_top]
    return body, theme


def parts(runs: list[Run]) -> tuple[Run, list[Run], Run, Run]:
    """The number, the first paragraph's runs, the marks and the paragraph after."""
    texts = [r.text for r in runs]
    number, marks, after = texts.index("6"), texts.index("[4 marks]"), texts.index("Then explain your choice.")
    stem = [r for r in runs if r.text not in ("6", "[4 marks]", "Then explain your choice.")
            and runs.index(r) < after]
    return runs[number], stem, runs[marks], runs[after]


def marks_column_edge(theme) -> float:
    """Where the first paragraph's column ends when the marks stand beside it."""
    return theme.margin_left + theme.text_width - theme.question_marks_width


@pytest.mark.parametrize("profile", PAPERS)
def test_the_first_paragraph_takes_the_marks_columns_width(profile):
    runs, theme = runs_of(question(), profile)
    number, stem, marks, after = parts(runs)
    assert theme.marks_below
    assert max(right(r) for r in stem) > marks_column_edge(theme) + theme.body_size
    # Measured with full spaces: reportlab narrows a line's spaces a little where that makes it fit.
    assert max(right(r) for r in stem) <= theme.margin_left + theme.text_width + theme.body_size / 4
    assert min(r.x for r in stem) == pytest.approx(theme.margin_left + theme.question_number_width, abs=0.5)


@pytest.mark.parametrize("profile", PAPERS)
def test_the_marks_follow_the_first_paragraph_on_a_line_of_their_own(profile):
    runs, theme = runs_of(question(), profile)
    number, stem, marks, after = parts(runs)
    # Read in order: number, first paragraph, marks, the rest.
    assert runs.index(number) < min(runs.index(r) for r in stem)
    assert max(runs.index(r) for r in stem) < runs.index(marks) < runs.index(after)
    # Under the first paragraph's last line, above what follows, and alone on their line.
    assert min(r.y for r in stem) - theme.body_size > marks.y > after.y + theme.body_size
    assert [r.text for r in runs if abs(r.y - marks.y) < theme.body_size] == ["[4 marks]"]
    # At the right margin, in the marks' own style.
    assert right(marks) == pytest.approx(theme.margin_left + theme.text_width, abs=1)
    assert "Bold" in marks.font and marks.size == pytest.approx(theme.note)


@pytest.mark.parametrize("profile", BESIDE)
def test_a_school_profile_may_stand_the_marks_beside_the_first_line_in_their_column(profile):
    runs, theme = runs_of(question(), profile, beside=True)
    number, stem, marks, after = parts(runs)
    assert not theme.marks_below
    # On the first line: smaller than the body text, the marks' baseline sits a little higher.
    assert marks.y == pytest.approx(number.y, abs=theme.body_size / 2)
    assert marks.y == pytest.approx(max(r.y for r in stem), abs=theme.body_size / 2)
    assert max(right(r) for r in stem) <= marks_column_edge(theme) + 1
    assert right(marks) == pytest.approx(theme.margin_left + theme.text_width, abs=1)


def test_the_marks_follow_a_first_paragraph_too_long_to_stand_beside_the_number_whole():
    """A paragraph longer than half a page goes to reportlab in pieces, only the first beside
    the number: the marks follow the last piece, not the first."""
    theme = theme_for("A4", "large-print-24")
    stem = " ".join(["Explain how the post of General Secretary helped Stalin."] * 14) + " Finally, conclude."
    writer = PdfWriter(theme)
    writer.width = theme.text_width - theme.question_number_width
    assert len(writer.paragraph(d.Paragraph((d.Text(stem),)))) > 1, "not in pieces: the case is not tested"
    runs, _ = runs_of(question(stem), "large-print-24")
    texts = [r.text for r in runs]
    last = next(i for i, text in enumerate(texts) if text.endswith("conclude."))
    assert texts[last + 1] == "[4 marks]" and texts[last + 2] == "Then explain your choice."
    assert runs[last + 1].page == runs[last].page and runs[last + 1].y < runs[last].y


def test_with_no_first_paragraph_the_marks_stand_on_the_numbers_line():
    runs, theme = runs_of(NO_OPENING, "large-print-24")
    number = next(r for r in runs if r.text == "5")
    marks = next(r for r in runs if r.text == "[3 marks]")
    assert marks.y == pytest.approx(number.y, abs=1)
    assert right(marks) == pytest.approx(theme.margin_left + theme.text_width, abs=1)


# ----------------------------------------------------------------- true/false grids across pages

STATEMENTS = [
    "Stalin was a member of the first Council of People's Commissars in October 1917.",
    "The Lenin Enrolment of 1924 brought mainly former Tsarist officials into the party.",
    "In his 'Testament' (December 1922 – January 1923) Lenin suggested removing Stalin from the post "
    "of General Secretary.",
    "Stalin defeated all his rivals on his own, without allies.",
]


def true_false_pages(profile: str, words: int, statements: list[str] = STATEMENTS) -> list[str]:
    """The pages of a true/false question whose first paragraph is `words` words longer than
    "Tick true or false.": each length puts the grid's rows at another height on the page."""
    stem = " ".join(["Tick true or false"] + ["word"] * words) + "."
    rows = "\n".join(f"- {s}" for s in statements)
    markup = f":::: question 5 marks=4 space=none\n\n{stem}\n\n::: truefalse\n{rows}\n:::\n\n::::\n"
    document = d.Document(d.DocumentInfo("A lesson", "Student worksheet", "A course"), Parser().parse(markup))
    reader = PdfReader(BytesIO(write_pdf(document, theme_for("A4", profile))))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_a_true_false_grid_continues_on_the_next_page_between_rows_with_one_header_a_page(profile):
    """Wherever the grid's rows fall, it breaks between statements, with its header once a page
    (reportlab's splitting inside rows used to print the header again mid-page)."""
    # Eight statements: at 24 and 36 pt each spans the width, its boxes under it, and four fit a page.
    statements = STATEMENTS + [f"A further statement, number {n}, on the Lenin Enrolment of 1924." for n in range(4)]
    for words in range(0, 80, 3):
        pages = true_false_pages(profile, words, statements)
        assert len(pages) > 1  # at this size the grid runs onto another page
        for page in pages:
            assert page.count("True False") <= 1, (words, page)
        for statement in statements:  # each statement whole on one page, not cut between two
            assert sum(" ".join(statement.split()) in page for page in pages) == 1, (words, statement)


def test_a_question_that_fits_its_page_makes_no_blank_page_after_it():
    """The space after the last question did not fit under it and started a page of its own,
    printed with nothing but the header and footer."""
    for words in range(90, 102):  # at 18 pt the question then ends within 12 pt of the page foot
        pages = true_false_pages("large-print-18", words)
        assert len(pages) == 1, (words, pages[1:])


def test_a_large_print_statement_keeps_a_readable_column_beside_its_boxes():
    """A statement stays in its own column at every size; at 24 pt its boxes' columns are only as
    wide as "False", so Lenin's 'Testament' statement takes six lines at most."""
    markup = (":::: question 5 marks=4 space=none\n\nTick true or false.\n\n::: truefalse\n"
              + "\n".join(f"- {s}" for s in STATEMENTS) + "\n:::\n\n::::\n")
    document = d.Document(d.DocumentInfo("A lesson", "Student worksheet", "A course"), Parser().parse(markup))
    for profile, most in (("large-print-24", 6), ("standard", 2)):
        pdf = write_pdf(document, theme_for("A4", profile))
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        start = next(i for i, line in enumerate(lines) if line.startswith("In his"))
        end = next(i for i, line in enumerate(lines) if line.endswith("Secretary."))
        assert end - start + 1 <= most, (profile, lines[start:end + 1])


@pytest.mark.parametrize("profile", ["standard", "dyslexia", "large-print-24"])
def test_a_word_bank_entry_of_two_words_is_never_broken_across_lines(profile):
    """"Great Terror" broke as "Great / Terror" and read as two entries."""
    words = ["1917", "1922", "1924", "1929", "Commissar for Nationalities", "General Secretary",
             "Great Terror", "Left Opposition", "Lenin Enrolment", "Trotsky", "United Opposition", "Zinoviev"]
    markup = (":::: question 4 marks=5 space=none\n\nFill each gap.\n\nStalin became (1) ______.\n\n"
              "::: wordbank\n" + "\n".join(f"- {w}" for w in words) + "\n:::\n\n::::\n")
    document = d.Document(d.DocumentInfo("A lesson", "Student worksheet", "A course"), Parser().parse(markup))
    pdf = write_pdf(document, theme_for("A4", profile))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for entry in words:
        if " " in entry:
            first, last = entry.split(" ", 1)
            assert not any(line.endswith(first) for line in lines), (entry, lines)


CHOICES = """:::: question 2 marks=1 space=none

What does Source A say about Trotsky's position in 1905?

::: choices
- He had no following at all
- He was not a Bolshevik, and only a small group followed him in party terms, as the essay says at length
- He was a member of the Tsar's government
:::

::::
"""


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_each_option_s_tick_box_stands_level_with_its_letter_on_the_first_line(tmp_path, profile):
    """As exam papers set them: centred on an option of two or three lines, the box stood beside
    none of them (its letter on the first line, the box at the second)."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from pagecheck import read_paper

    theme = theme_for("A4", profile)
    document = d.Document(d.DocumentInfo("A lesson", "Student worksheet", "A course"), Parser().parse(CHOICES))
    path = tmp_path / "choices.pdf"
    path.write_bytes(write_pdf(document, theme))
    paper = read_paper(path, theme)
    letters = [r for r in paper.runs if r.text in ("A", "B", "C") and r.bold]
    assert len(letters) == 3
    verticals = [s for s in paper.strokes if abs(s.x0 - s.x1) < 0.01 and abs(abs(s.y1 - s.y0) - theme.body_size) < 1]
    middles = sorted({round((s.y0 + s.y1) / 2, 1) for s in verticals}, reverse=True)
    assert len(middles) == 3, middles  # one box an option
    for letter, middle in zip(sorted(letters, key=lambda r: -r.y), middles):
        # The box's middle within the letter's line: between its baseline and its cap height.
        assert letter.y - 1 <= middle <= letter.y + theme.body_size * 0.8, (letter, middle)

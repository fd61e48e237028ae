"""A question taller than a page with its first answer lines (its stem, sentence starters and
extension at 24 and 36 pt) never leaves its number on a page without answer lines.

Such a question is set as an enlarged exam paper sets it: its answer lines are shared out among
its sentence starters and its extension, which is printed after the lines of the starters with
lines of its own; where the stem and starters do not fit one page with two lines, each starter
is followed by its share, so the question breaks between one starter's lines and the next
starter. Read back from the written PDF: the number's page, and every page the question runs
over, carries ruled answer lines.
"""

from __future__ import annotations

from io import BytesIO

import pytest
from conftest import Run, course_in_profile, horizontal_rules
from pypdf import PdfReader

from lessonpack import document as d
from lessonpack.markup import Parser
from lessonpack.theme import theme_for
from lessonpack.writers import write

STARTERS = ("Sources A and B are useful because they suggest that…",
            "However, some of the details are wrong, for example…",
            "The author was writing … and seems to admire Trotsky because…",
            "Overall, they are useful for … but less useful for…")
EXTENSION = ("Which one source from 1905 or 1917 would you most like to compare with the essay, and why? "
             "(For example, the soviet's own newspaper, a police report, or a worker's memoir.)")
TALL = f""":::: question 10 marks=8 space=lines lines=16 minutes=12

How useful are Sources A and B for an enquiry into why Trotsky had a following among the workers in
1905 and 1917? Use the sources and your own knowledge, and think about who wrote them and when.

*Sentence starters:*

{chr(10).join(f"- {starter}" for starter in STARTERS)}

**Extension:** {EXTENSION}

::::
"""
"""Lesson 02's Question 10 as the question template writes it: with two answer lines, taller than
a page at 24 and 36 pt."""


NO_STARTERS = """:::: question 7 marks=3 space=lines lines=6

Identify one important thing the essay leaves out, and explain how including it might change the argument.

**Extension:** After Trotsky's defeat the Soviet state rewrote the record. In a well-known photograph
Lenin speaks to Red Army soldiers in Moscow on 5 May 1920, with Trotsky and Kamenev on the steps of
the platform; in the versions published under Stalin the two men have been painted out. The party's
official history, the Short Course (1938), cut Trotsky's part in 1917 and the civil war and denounced
him as a traitor. What does this tell a historian about Soviet sources from the 1930s, and why might
the essay stress Trotsky's role?

::::
"""
"""Lesson 05's Question 7 in the extension tier: no sentence starters, and with its extension and
two answer lines taller than a page at 24 and 36 pt."""

UNDER_HEADING = """## Questions

Total: 8 marks.

:::: question 1 marks=8 space=lines lines=12 minutes=12

**Source A.** How useful is Source A for an enquiry into how the 1905 soviet worked? Use the source,
its introduction, the timeline and what you learned in the lesson, and think about who wrote it and when.

*Sentence starters:*

- Source A is useful because it tells us…
- However, the author was writing…
- My own knowledge suggests…
- Overall, I think…

::::
"""
"""Lesson 01's homework question in the support tier with a fourth starter: at 36 pt the question
with two answer lines fits a page, but not under its heading and total."""


def written(filler: int, profile: str, markup: str = TALL) -> tuple[list[Run], dict[int, list[float]], object]:
    """The body text runs and, per page, the heights of the answer lines of a worksheet that prints
    `filler` one-line paragraphs and then `markup` (the tall question), and the paper's theme."""
    theme = theme_for("A4", profile)
    blocks = (*(d.Paragraph((d.Text(f"Line {n}."),)) for n in range(filler)), *Parser().parse(markup))
    document = d.Document(d.DocumentInfo("A lesson", "Student worksheet", "A course"), blocks)
    reader = PdfReader(BytesIO(write(document, theme, "pdf")))
    runs: list[Run] = []
    lines: dict[int, list[float]] = {}
    for number, page in enumerate(reader.pages):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                name = str((font or {}).get("/BaseFont", "")).split("+")[-1]
                runs.append(Run(number, tm[4] + cm[4], tm[5] + cm[5], size, name, text.strip()))

        page.extract_text(visitor_text=visit)
        # Answer lines: the rule width, at least half the text width long (not a box's edge).
        lines[number] = [y for x0, x1, y in horizontal_rules(reader, page, theme.rule_width)
                         if x1 - x0 >= theme.text_width / 2 and theme.margin_bottom <= y]
    body = [r for r in runs if theme.margin_bottom < r.y < theme.page_height - theme.margin_top]
    return body, lines, theme


def first_run(runs: list[Run], start: str) -> Run:
    return next(r for r in runs if r.text.startswith(start))


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
@pytest.mark.parametrize("filler", [0, 4, 9, 14])
def test_a_question_taller_than_a_page_has_answer_lines_on_its_number_s_page_and_every_page_it_runs_over(
        profile, filler):
    runs, lines, _ = written(filler, profile)
    number = next(r for r in runs if r.text == "10" and r.bold)
    under = [y for y in lines[number.page] if y < number.y]
    assert len(under) >= 2, f"no answer lines under the number on page {number.page + 1}"
    question_pages = {r.page for r in runs if r.page >= number.page}
    assert [page + 1 for page in sorted(question_pages) if not lines[page]] == []


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
@pytest.mark.parametrize("filler", [0, 6, 12])
def test_a_tall_question_without_starters_has_lines_under_its_stem_and_after_its_extension(profile, filler):
    """Before, its stem and extension filled its number's page and its answer lines started overleaf."""
    runs, lines, _ = written(filler, profile, NO_STARTERS)
    number = next(r for r in runs if r.text == "7" and r.bold)
    extension = first_run(runs, "Extension:")
    assert len([y for y in lines[number.page] if y < number.y]) >= 2, f"no lines under the stem on page {number.page + 1}"
    after = [y for y in lines[extension.page] if y < extension.y] + sum(
        (ys for page, ys in lines.items() if page > extension.page), [])
    assert len(after) >= 2


@pytest.mark.parametrize("filler", [0, 4, 8])
def test_a_heading_over_a_question_that_fits_a_page_only_alone_is_not_left_alone(filler):
    """Before, "Questions" and "Total: 8 marks." went to a page of their own and the question to the
    next: now the question's number follows the heading, with answer lines on that page."""
    runs, lines, _ = written(filler, "large-print-36", UNDER_HEADING)
    heading = first_run(runs, "Questions")
    number = next(r for r in runs if r.text == "1" and r.bold)
    assert number.page == heading.page
    assert len([y for y in lines[number.page] if y < number.y]) >= 2


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_a_tall_question_s_extension_follows_answer_lines_and_has_lines_of_its_own(profile):
    runs, lines, _ = written(0, profile)
    extension = first_run(runs, "Extension:")
    before = [(page, y) for page, ys in lines.items() for y in ys
              if page < extension.page or (page == extension.page and y > extension.y)]
    after = [y for y in lines[extension.page] if y < extension.y] + sum(
        (ys for page, ys in lines.items() if page > extension.page), [])
    assert len(before) >= 2 and len(after) >= 2


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_where_the_starters_and_two_lines_outgrow_a_page_each_starter_is_followed_by_lines(profile):
    """Lesson 02's Question 10: stem, four starters and two lines are taller than a page at 24 pt."""
    runs, lines, _ = written(0, profile)
    for starter in STARTERS:
        text = first_run(runs, starter.split()[0] + " " + starter.split()[1])
        below = [y for y in lines[text.page] if y < text.y]
        assert below, f"{starter!r}: no answer lines under it on page {text.page + 1}"


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_every_worksheet_and_homework_question_of_the_course_shares_its_page_with_answer_lines(
        tmp_path_factory, profile):
    """The shipped course: before, 29 questions (lesson 01's Question 5, lesson 02's Questions 6
    and 10, …) left their number on a page whose answer space started overleaf."""
    from pagecheck import check_pdf, question_without_answer_space

    theme = theme_for("A4", profile)
    out = course_in_profile(tmp_path_factory, profile)
    pdfs = sorted([*out.rglob("*student-worksheet*.pdf"), *out.rglob("*homework*.pdf")])
    assert len(pdfs) == 10
    findings = [f"{pdf.name}:{f.page}: {f.detail}" for pdf in pdfs
                for f in check_pdf(pdf, theme, (question_without_answer_space,))]
    assert findings == []

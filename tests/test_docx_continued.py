"""Answer lines that run onto a new page in the DOCX are headed by their question, as the PDF heads
them "Question N (continued)", in little room: the question's number and first paragraph where that is
short (or its first sentence, where that ends in its first lines), or else its label "Question N", are the
first row of its table, a header row Word and LibreOffice print again at the top of each page the
table reaches (neither can print text only where a page breaks). Its marks are in a row of their own.
"""

from __future__ import annotations

import subprocess
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn

from conftest import libreoffice_pdfs, page_texts
from test_docx_keep import filler, question, rows, row_text, saved, soffice  # noqa: F401 (a fixture)

from lessonpack import document as d
from lessonpack.theme import theme_for

AFTER = d.Paragraph((d.Text("Afterwards the next task begins."),))


def is_header(row) -> bool:
    flag = row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    return flag is not None and flag.get(qn("w:val"), "true") in ("true", "1", "on")


def answer_lines(row) -> int:
    return [s.get(qn("w:val")) for s in row.iter(qn("w:pStyle"))].count("AnswerLine")


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_the_number_and_first_paragraph_head_the_answer_lines_and_the_marks_are_not_repeated(profile):
    data = saved([question(lines=12)], theme_for("A4", profile))
    table_rows = rows(data)
    # printed again whole where it is short (four lines on the standard paper); two lines at 24 pt: its label
    head = "Stem1" if profile == "standard" else "Question 1"
    assert head in row_text(table_rows[0]) and is_header(table_rows[0])
    assert "mark" not in row_text(table_rows[0])  # "[4 marks]" once, under the stem, not on every page
    assert not any(is_header(row) for row in table_rows[1:])
    assert sum(answer_lines(row) for row in table_rows) == 12  # every line under the repeated row
    assert [p.text for p in docx.Document(BytesIO(data)).paragraphs if p.text.strip()] == []


LONG = "Explain why the workers followed Trotsky in 1917 and what the essay says of it. " * 6


def long_question(lines: int = 12) -> d.Question:
    return d.Question("1", (d.Paragraph((d.Strong((d.Text("Source A, lines 4–8."),)), d.Text(" " + LONG))),), 4,
                      d.AnswerSpace("lines", lines))


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_only_the_first_lines_of_a_long_first_paragraph_head_the_answer_lines(profile):
    """Printed again whole over a few lines, a long first paragraph would take their room: its first
    questions.LEAD_LINES lines head the table, the rest in the row under it, read on as one paragraph."""
    data = saved([long_question()], theme_for("A4", profile))
    table_rows = rows(data)
    lead, rest = row_text(table_rows[0]), row_text(table_rows[1])
    assert is_header(table_rows[0]) and not any(is_header(row) for row in table_rows[1:])
    assert lead.startswith("1 Source A, lines 4–8.") and 0 < len(lead) < len(LONG) / 3
    whole = " ".join(f"{lead} {rest}".split())
    assert whole == " ".join(f"1 Source A, lines 4–8. {LONG}".split())  # no word lost or doubled
    assert "mark" not in lead
    assert sum(answer_lines(row) for row in table_rows) == 12


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_the_repeated_lead_ends_where_a_sentence_ends_in_its_line(profile):
    """Repeated over answer lines on a new page, a lead cut at the line's last word read as a misprint
    ("6 Source A, lines 23–24. Fact" at 24 pt, lesson 02): it ends after the sentence that ends in it."""
    table_rows = rows(saved([long_question()], theme_for("A4", profile)))
    lead, rest = row_text(table_rows[0]).strip(), row_text(table_rows[1]).strip()
    assert lead == "1 Source A, lines 4–8." and rest.startswith("Explain why the workers"), (lead, rest[:40])


def test_a_box_too_tall_to_keep_whole_is_a_row_under_the_repeated_stem_and_a_short_one_is_not():
    tall = rows(saved([d.Question("1", question().blocks, 4, d.AnswerSpace("box", 24))]))
    assert is_header(tall[0]) and "Stem1" in row_text(tall[0])
    assert row_text(tall[-1]).strip() == "" and not is_header(tall[-1])  # the box, the table's last row
    short = rows(saved([d.Question("1", question().blocks, 4, d.AnswerSpace("box", 3))]))
    assert not any(is_header(row) for row in short)


def test_a_question_with_two_lines_or_fewer_repeats_nothing():
    assert not any(is_header(row) for row in rows(saved([question(lines=2)])))


FILLERS = range(24, 40, 3)
"""Paragraphs before the question: its twelve lines meet the foot of the first standard page at each place."""


def test_libreoffice_prints_the_question_again_over_its_lines_on_the_next_page(soffice, tmp_path):  # noqa: F811
    names = []
    for n in FILLERS:
        (tmp_path / f"question-{n}.docx").write_bytes(saved([*filler(n), question(lines=12), AFTER]))
        names.append(f"question-{n}")
    for n in FILLERS:  # a box too tall to keep whole: its part overleaf is headed by the question too
        box = d.Question("1", question().blocks, 4, d.AnswerSpace("box", 24))
        (tmp_path / f"box-{n}.docx").write_bytes(saved([*filler(n - 12), box, AFTER]))
        names.append(f"box-{n}")
    for n in FILLERS:  # a long first paragraph: only its lead is printed again
        (tmp_path / f"long-{n}.docx").write_bytes(saved([*filler(n - 4), long_question(), AFTER]))
        names.append(f"long-{n}")
    for n in FILLERS:  # a first sentence longer than a line: the question's label is printed again
        labelled = d.Question("1", (d.Paragraph((d.Text(f"{LONGER_SENTENCE} {LONG}"),)),), 4,
                              d.AnswerSpace("lines", 12))
        (tmp_path / f"label-{n}.docx").write_bytes(saved([*filler(n - 6), labelled, AFTER]))
        names.append(f"label-{n}")
    libreoffice_pdfs(soffice, [tmp_path / f"{name}.docx" for name in names], tmp_path)
    ran_over = set()
    for name in names:
        pages = page_texts((tmp_path / f"{name}.pdf").read_bytes())
        stem = [i for i, text in enumerate(pages) if "Stem1" in text or "Source A, lines 4–8." in text
                or "Question 1" in text]
        after = next(i for i, text in enumerate(pages) if "Afterwards" in text)
        if stem[0] == after:  # the lines did not run over
            assert stem == [after], name
            continue
        ran_over.add(name.split("-")[0])
        assert stem == list(range(stem[0], after + 1)), name  # on each page the lines reach
        assert [text.count("mark") for text in pages[stem[0] + 1:after + 1]] == [0] * (after - stem[0]), name
        if name.startswith("long"):  # the lead over the lines (its first line), not the whole paragraph again
            assert all("Source A, lines 4–8." in text and text.count("Trotsky") <= 1
                       for text in pages[stem[0] + 1:after + 1]), name
            # and on the question's page the lead is one printed line, the rest read on under it
            lead = " ".join(row_text(rows((tmp_path / f"{name}.docx").read_bytes())[0]).split())
            printed = subprocess.run(["pdftotext", "-layout", "-f", str(stem[0] + 1), "-l", str(stem[0] + 1),
                                      str(tmp_path / f"{name}.pdf"), "-"], capture_output=True, text=True).stdout
            assert lead in [" ".join(line.split()) for line in printed.splitlines()], name
        if name.startswith("label"):  # one line, "Question 1", over the lines; the question printed once
            assert all(text.count("How useful") == 0 for text in pages[stem[0] + 1:after + 1]), name
            assert "".join(pages).count("How useful") == 1, name
    assert ran_over == {"question", "long", "box", "label"}, "a question's lines did not run onto a new page: the test proves nothing"



@pytest.mark.slow
def test_libreoffice_prints_no_blank_page_after_lines_that_end_a_page(soffice, tmp_path_factory, tmp_path):  # noqa: F811
    """The empty paragraph a last question leaves went onto a page of its own when its answer lines
    ended a page: lesson 03's homework at 24 pt printed a blank last page."""
    from conftest import course_in_profile
    from pagecheck import read_paper

    theme = theme_for("A4", "large-print-24")
    docx_file = next(course_in_profile(tmp_path_factory, "large-print-24").rglob(
        "03-stalin-bureaucracy_homework_large-print-24.docx"))
    (printed,) = libreoffice_pdfs(soffice, [docx_file], tmp_path)
    paper = read_paper(printed, theme)
    last = paper.pages - 1
    lines = [s for s in paper.strokes if s.page == last and s.horizontal and abs(s.x1 - s.x0) > theme.text_width * 0.9
             and abs(s.width - int(theme.rule_width * 8) / 8) < 0.01]
    assert lines, "the last page has no answer lines: a blank page after the last question's"


QUESTION_SENTENCE = ("How useful are Sources A and B for an enquiry into why Trotsky had a following among the "
                     "workers in 1905 and 1917?")
LONGER_SENTENCE = (QUESTION_SENTENCE.rstrip("?") + ", and what does the essay say of the Petrograd Soviet and of the "
                   "Mezhraiontsy, who joined the Bolsheviks in the summer of 1917 with Trotsky among them, and "
                   + "what the workers of Petrograd and of the factories of its outskirts made of them, " * 3
                   + "as the essay tells it?")
"""A first sentence too long to print again over answer lines on a new page at either size (six lines
on the standard paper, where four are printed again)."""
FIRST_WORD = "Khrustalev-Nosar" * 8


def labelled_rows(stem_text: str, profile: str):
    stem = d.Paragraph((d.Text(stem_text),))
    return rows(saved([d.Question("1", (stem,), 4, d.AnswerSpace("lines", 12))], theme_for("A4", profile)))


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
@pytest.mark.parametrize("stem", [f"{LONGER_SENTENCE} {LONG}", LONGER_SENTENCE, f"{FIRST_WORD} {LONG}"])
def test_a_long_first_sentence_is_headed_by_the_questions_label_in_one_line(profile, stem):
    """As the PDF prints "Question 10 (continued)" in one line. At 24 pt lesson 02's Question 10 was
    headed on each new page by "10 How useful are Sources A and B", its first line: a sentence stopped
    mid-way; then by its whole first sentence, three lines and more that took the room of the lines
    they headed (lesson 03's worksheet a page longer than the PDF). Now by "Question 10" in a row of
    its own, the paragraph whole under it, printed once. On the first page the label is the question's
    number line: the number is not printed again beside the paragraph ("Question 1" over "1 How…")."""
    table_rows = labelled_rows(stem, profile)
    assert is_header(table_rows[0]) and row_text(table_rows[0]).strip() == "Question 1"
    assert not any(is_header(row) for row in table_rows[1:])
    assert " ".join(row_text(table_rows[1]).split()) == " ".join(stem.split())  # whole, once, unnumbered
    assert sum(answer_lines(row) for row in table_rows) == 12


STEM_OF_THREE_LINES = ("Source A, lines 10–14. According to Source A, give two reasons why the workers of "
                       "St Petersburg supported Trotsky.")


def test_a_stem_of_a_few_lines_is_not_printed_again_whole_only_its_first_sentence():
    """At 24 pt lesson 02's Question 1 (four lines) was printed again whole over its last two lines
    on the next page, where the PDF prints one line: the worksheet took a page more than the PDF."""
    stem = d.Paragraph((d.Strong((d.Text("Source A, lines 10–14."),)),
                        d.Text(STEM_OF_THREE_LINES.split(".", 1)[1])))
    table_rows = rows(saved([d.Question("1", (stem,), 2, d.AnswerSpace("lines", 8))],
                            theme_for("A4", "large-print-24")))
    assert is_header(table_rows[0]) and " ".join(row_text(table_rows[0]).split()) == "1 Source A, lines 10–14."
    assert row_text(table_rows[1]).strip().startswith("According to Source A") and not is_header(table_rows[1])

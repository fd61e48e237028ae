"""A teacher's documents fill their pages (issue 16): a mark scheme's levels are read side by side,
a model answer parts from its marks rather than leave a page a third blank, and a question's
wording stays with a clause of a long answer rather than move whole. Read back from lessons 02
and 03 as printed.

Before: lesson 03's 24 pt notes and mark scheme kept question 10's four levels whole (mark scheme
page 18 44 % blank; earlier still they split them 2 + 2 with no rule for when); its standard
mark scheme left pages 3 and 4 42 % and 35 % blank (questions 9 and 10 moved whole); its dyslexia
notes page 8 46 %; its 24 pt mark scheme page 7 55 % (question 6 moved whole for want of a
sentence end).
"""

from __future__ import annotations

import shutil

import pytest

from pagecheck import check_pdf, content_foot, copy_ends, page_too_blank, read_paper
from pagecheck_teacher import list_split_short
from test_pagecheck_teacher import page_with, pages, teacher_pdfs

from lessonpack.page_rules import BLANK_SHARE_MAX
from lessonpack.theme import theme_for

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="the page checks measure words with poppler's pdftotext")

LESSON_03 = ("03-stalin-bureaucracy",)


def blank_pages(pdf, theme) -> dict[int, float]:
    """Each page (from 1, but the last) more than `BLANK_SHARE_MAX` blank below its content: its share."""
    paper = read_paper(pdf, theme)
    out = {}
    for page in range(paper.pages - 1):
        foot = content_foot(paper, page)
        if page not in copy_ends(paper) and foot is not None:
            share = (foot - theme.margin_bottom) / theme.text_height
            if share > BLANK_SHARE_MAX:
                out[page + 1] = round(share, 2)
    return out


def test_level_descriptors_part_two_and_two_rather_than_leave_a_page_blank(tmp_path_factory):
    """Lesson 03's 24 pt question 10: its four levels part 2 + 2 to fill the page they start on (kept
    whole, they left mark scheme page 18 44 % blank, while question 9's parted); each pair is read
    side by side."""
    theme = theme_for("A4", "large-print-24")
    for name, pdf in teacher_pdfs(tmp_path_factory, "large-print-24", LESSON_03).items():
        texts = pages(pdf)
        one = page_with(texts, "Level 1 (1–2 marks): Simple")
        assert page_with(texts, "Level 2 (3–4 marks): Explains one") == one, name
        assert page_with(texts, "Level 3 (5–6 marks): Explains both") == one + 1, name
        assert page_with(texts, "Level 4 (7–8 marks): Sustained") == one + 1, name
        assert one + 1 not in blank_pages(pdf, theme), name  # page numbers from 1: the levels' first page
        assert check_pdf(pdf, theme, (list_split_short,)) == [], name


def test_a_model_answer_parts_from_its_marks_to_fill_the_page(tmp_path_factory):
    theme = theme_for("A4", "standard")
    scheme = teacher_pdfs(tmp_path_factory, "standard", LESSON_03)["03-stalin-bureaucracy_mark-scheme.pdf"]
    assert blank_pages(scheme, theme) == {}
    texts = pages(scheme)
    nine = page_with(texts, "Question 9 (4 marks)")
    assert page_with(texts, "Model answer: The General Secretary ran") == nine
    assert page_with(texts, "Question 8 (2 marks)") == nine  # question 9 starts under question 8


def test_the_dyslexia_notes_and_large_print_questions_fill_their_pages(tmp_path_factory):
    """A model answer's marks part from it where moving whole would leave the page more than a
    quarter blank (dyslexia notes, page 8); a question's wording goes with a clause of its long model
    answer (24 pt mark scheme, question 6); the page check's `page_too_blank` reads them so."""
    notes = teacher_pdfs(tmp_path_factory, "dyslexia", LESSON_03)["03-stalin-bureaucracy_teacher-notes_dyslexia.pdf"]
    assert check_pdf(notes, theme_for("A4", "dyslexia"), (page_too_blank,)) == []
    assert 8 not in blank_pages(notes, theme_for("A4", "dyslexia"))
    scheme = teacher_pdfs(tmp_path_factory, "large-print-24", LESSON_03)[
        "03-stalin-bureaucracy_mark-scheme_large-print-24.pdf"]
    texts = pages(scheme)
    six = page_with(texts, "Question 6 (4 marks)")
    assert page_with(texts, "One mark for each correct tick") == six  # question 5's end above it
    assert page_with(texts, "'his party position of") == six  # its model answer's first clause


def test_a_fact_check_box_does_not_turn_over_inside_brackets_or_where_no_clause_ends(tmp_path_factory):
    """Lesson 03's 24 pt notes: a fact check broke after "450,000–470,000 (January 1924;" (a ";"
    inside brackets ends no clause) and another after "in early 1926 Sergei Kirov took", though a
    line ending "organisation;" was within reach of the page foot."""
    notes = pages(teacher_pdfs(tmp_path_factory, "large-print-24", LESSON_03)[
        "03-stalin-bureaucracy_teacher-notes_large-print-24.pdf"])
    assert any("(January 1924: 472,000 in Source C; figures vary) to just over a million" in page for page in notes)
    assert any("1925); in early 1926 Sergei Kirov took over the Leningrad party organisation;" in page for page in notes)


def test_a_short_list_parts_before_its_long_last_item_to_fill_the_page(tmp_path_factory):
    """Lesson 01's 18 pt notes: question 5's three indicative points, joined (a list of three cannot
    leave two on each side), went overleaf whole with "Indicative content:" and left the page of the
    levels 51 % blank; the first two now follow the levels, the long third (nine lines) overleaf."""
    theme = theme_for("A4", "large-print-18")
    for name, pdf in teacher_pdfs(tmp_path_factory, "large-print-18", ("01-soviet-1905",)).items():
        assert check_pdf(pdf, theme, (page_too_blank, list_split_short)) == [], name
        if "notes" in name:
            texts = pages(pdf)
            levels = page_with(texts, "Level 4 (7–8 marks): Sustained judgement")
            # The levels' page is filled: by the first two points, or (its Background turning over at
            # sentence ends, question 5 now starts a page) by question 5's wording and model answer.
            assert page_with(texts, "Content: delegates from workplaces") in (levels, levels + 1)
            assert levels + 1 not in blank_pages(pdf, theme), name

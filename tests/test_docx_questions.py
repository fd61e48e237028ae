"""How the DOCX writer lays out a question: number and first paragraph side by side, the marks
under that paragraph (or, in a school's profile that keeps a marks column, beside it); the rest
under the stem text and across the marks column, as in the PDF.

Tables in a question (a true/false grid, a table to fill in, parts) follow the question's table,
indented to its stem: nested in the narrow stem cell, large print broke their words in two.
"""

from __future__ import annotations

import dataclasses
import re
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn

from conftest import MARKS_RE, squash
from lessonpack.document import Document, DocumentInfo
from lessonpack.fonts import fit, string_width
from lessonpack.markup import Parser
from lessonpack.theme import theme_for
from lessonpack.writers import fit_widths, write

TRUE_FALSE = """\
:::: question 5 marks=4 space=lines lines=2

Tick true or false for each statement.

::: truefalse
- The Lenin Enrolment brought mainly former Tsarist officials into the party.
- Stalin defeated all his rivals on his own.
:::

Then explain one of your answers.

::: question (a) marks=1 space=lines lines=1
Name the post Stalin held.
:::

::::
"""

STARTERS = """\
:::: question 7 marks=3 space=lines lines=4

Is this fully accurate?

*Sentence starters:*

- The essay is right that…
- But it is too simple because…

::::
"""

WIDE_WORD = """\
:::: question 4 marks=1 space=none

Tick true or false.

::: truefalse
- Stalin called the Left Opposition counter-revolutionaries.
:::

::::
"""


def body_of(markup: str, profile: str = "standard", beside: bool = False):
    """The DOCX body written for markup (in one question), with the theme it was written in (with
    the marks in a column beside the first paragraph when beside)."""
    theme = theme_for("A4", profile)
    if beside:
        theme = dataclasses.replace(theme, marks_below=False)
    document = Document(DocumentInfo("A lesson", "Student worksheet", "A course"), Parser().parse(markup))
    return docx.Document(BytesIO(write(document, theme, "docx"))).element.body, theme


def text(element) -> str:
    return squash(" ".join(t.text or "" for t in element.iter(qn("w:t"))))


def tables(body) -> list:
    return body.findall(qn("w:tbl"))


def grid_of(body):
    """The first table with True and False columns (the question's stem is a paragraph above it)."""
    return next(t for t in tables(body) if "True False" in text(t))


def indent_of(table) -> float:
    """Where a table starts, in points from the left margin."""
    node = table.find(qn("w:tblPr")).find(qn("w:tblInd"))
    return 0.0 if node is None else int(node.get(qn("w:w"))) / 20


def width_of(table) -> float:
    return sum(int(col.get(qn("w:w"))) for col in table.iter(qn("w:gridCol"))) / 20


def column_widths_of(table) -> list[float]:
    return [int(col.get(qn("w:w"))) / 20 for col in table.iter(qn("w:gridCol"))]


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_no_table_is_nested_in_a_questions_stem_cell(profile):
    body, _ = body_of(TRUE_FALSE, profile)
    assert tables(body), "no tables written: the check proves nothing"
    assert [t for t in body.iter(qn("w:tbl")) if t.getparent().tag == qn("w:tc")] == []


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_a_questions_tables_start_under_its_stem_and_reach_the_right_margin(profile):
    body, theme = body_of(TRUE_FALSE, profile)
    grid = grid_of(body)
    # The number and first paragraph over a table: a paragraph hanging from the number at the margin,
    # kept with the grid (LibreOffice leaves a table of its own at a page's foot, its grid overleaf).
    stem = next(p for p in body if p.tag == qn("w:p") and text(p).startswith("5 Tick true or false"))
    ind = stem.find(qn("w:pPr")).find(qn("w:ind"))
    assert int(ind.get(qn("w:left"))) / 20 == pytest.approx(theme.question_number_width, abs=0.1)
    assert int(ind.get(qn("w:hanging"))) / 20 == pytest.approx(theme.question_number_width, abs=0.1)
    assert stem.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
    # Large print: a true/false grid starts at the number's margin, as the PDF's does, so that its
    # statements' column is wide enough for a stem and four statements to share a page.
    under = 0 if profile == "large-print-24" else theme.question_number_width
    assert indent_of(grid) == pytest.approx(under, abs=0.1)
    assert width_of(grid) == pytest.approx(theme.text_width - under, abs=0.5)
    header = grid.find(qn("w:tr")).find(qn("w:trPr")).find(qn("w:tblHeader"))
    assert header is not None and header.get(qn("w:val")) == "true"  # read aloud as column headers


def test_true_and_false_columns_are_as_wide_as_their_words_need():
    """Large print, as the PDF: each box column as wide as its own heading at body weight (their cells'
    margins narrow), not both as wide as a bold "False"."""
    from lessonpack.writers.docx.answer_forms import TICK_MARGIN

    body, theme = body_of(TRUE_FALSE, "large-print-24")
    _, true, false = column_widths_of(grid_of(body))
    for width, word in ((true, "True"), (false, "False")):
        need = string_width(word, theme.body_font, theme.note) + 2 * TICK_MARGIN
        assert need - 0.1 <= width < string_width(word, theme.body_font, theme.note, "bold") + theme.cell_padding
    assert true < false


def test_each_true_false_statement_stays_on_one_page_with_its_boxes():
    body, _ = body_of(TRUE_FALSE, "large-print-24")
    rows = grid_of(body).findall(qn("w:tr"))
    kept = [row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows]
    assert kept[1:] and all(kept[1:])


def test_a_question_reads_in_its_order_and_no_two_tables_touch():
    body, theme = body_of(TRUE_FALSE)
    order = ["Tick true or false", "mainly former Tsarist officials", "Then explain", "Name the post"]
    flat = text(body)
    assert [flat.find(piece) for piece in order] == sorted(flat.find(piece) for piece in order)
    assert -1 not in [flat.find(piece) for piece in order]
    # Word joins tables with nothing between them into one.
    children = [child.tag for child in body]
    assert not [i for i in range(len(children) - 1) if children[i] == children[i + 1] == qn("w:tbl")]
    # A paragraph after a table, and a part, start under the stem text too.
    after, part = [t for t in tables(body) if "Then explain" in text(t) or "Name the post" in text(t)]
    assert indent_of(after) == indent_of(part) == pytest.approx(theme.question_number_width, abs=0.1)
    # The part's answer line is indented with it: in the last row of the part's table, kept
    # with its stem; the question's two lines, after its grid, at the margin.
    def answer_lines(element):
        return [p for p in element.iter(qn("w:p")) if p.find(qn("w:pPr")) is not None
                and p.find(qn("w:pPr")).find(qn("w:pStyle")) is not None
                and p.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == "AnswerLine"]
    assert len(answer_lines(part.findall(qn("w:tr"))[-1])) == 1
    top_level = [p for p in answer_lines(body) if p.getparent() is body]
    assert [p.find(qn("w:pPr")).find(qn("w:ind")) for p in top_level] == [None, None]


def test_marks_read_in_the_pdfs_order_the_questions_before_its_parts():
    body, _ = body_of(TRUE_FALSE)
    assert MARKS_RE.findall(text(body)) == ["4", "1"]


@pytest.mark.parametrize("profile", ["standard", "dyslexia"])
def test_what_follows_the_first_paragraph_spans_the_stem_and_marks_columns(profile):
    body, theme = body_of(STARTERS, profile, beside=True)
    (question,) = tables(body)
    first, rest, *_ = question.findall(qn("w:tr"))  # then its answer lines
    assert "Is this fully accurate?" in text(first) and "[3 marks]" in text(first)
    cells = rest.findall(qn("w:tc"))
    assert len(cells) == 2 and "Sentence starters: • The essay is right that…" in text(cells[1])
    span = cells[1].find(qn("w:tcPr")).find(qn("w:gridSpan"))
    assert span is not None and span.get(qn("w:val")) == "2"
    assert sum(column_widths_of(question)[1:]) == pytest.approx(theme.text_width - theme.question_number_width,
                                                               abs=0.5)


def paragraphs_of(cell) -> list:
    return cell.findall(qn("w:p"))


def alignment_of(paragraph) -> str | None:
    jc = paragraph.find(qn("w:pPr")).find(qn("w:jc"))
    return None if jc is None else jc.get(qn("w:val"))


@pytest.mark.parametrize("profile", ["standard", "dyslexia", "high-contrast",
                                     "large-print-18", "large-print-24", "large-print-36"])
def test_the_marks_follow_the_first_paragraph_on_a_line_of_their_own(profile):
    """As in the PDF: no marks column to squeeze the first paragraph; the marks under it, at the
    right margin, before what follows."""
    body, theme = body_of(STARTERS, profile)
    assert theme.marks_below
    (question,) = tables(body)
    assert column_widths_of(question) == pytest.approx(
        [theme.question_number_width, theme.text_width - theme.question_number_width], abs=0.1)
    # the number and first paragraph (repeated over lines run onto a new page), the marks, the rest, lines
    first, marks_row, rest, *answer = question.findall(qn("w:tr"))
    number, stem = first.findall(qn("w:tc"))
    assert text(number) == "7"
    (opening,) = paragraphs_of(stem)
    (marks,) = paragraphs_of(marks_row.findall(qn("w:tc"))[-1])
    assert text(opening) == "Is this fully accurate?" and text(marks) == "[3 marks]"
    assert alignment_of(marks) == "right"
    styles = {run.find(qn("w:rPr")).find(qn("w:rStyle")).get(qn("w:val")) for run in marks.iter(qn("w:r"))}
    assert styles == {"Marks"}
    number_cell, under = rest.findall(qn("w:tc"))
    assert text(under).startswith("Sentence starters:")
    flat = text(body)
    assert flat.index("Is this fully accurate?") < flat.index("[3 marks]") < flat.index("Sentence starters")


def test_with_no_first_paragraph_the_marks_stand_on_the_numbers_line():
    body, _ = body_of(WIDE_WORD.replace("Tick true or false.\n\n", ""), "large-print-24")
    number, stem = tables(body)[0].find(qn("w:tr")).findall(qn("w:tc"))
    assert text(number) == "4"
    (marks,) = paragraphs_of(stem)
    assert text(marks) == "[1 mark]" and alignment_of(marks) == "right"


def test_a_grid_whose_words_need_more_than_the_room_under_the_stem_starts_at_the_margin():
    """At 24 pt "counter-revolutionaries" and the True and False columns need more than the room under
    the stem, not more than the text width. (A table to fill in prints stacked instead.)"""
    standard, _ = body_of(WIDE_WORD)
    assert indent_of(grid_of(standard)) > 0
    body, theme = body_of(WIDE_WORD, "large-print-24")
    grid = grid_of(body)
    assert indent_of(grid) == 0
    assert width_of(grid) == pytest.approx(theme.text_width, abs=0.5)
    from lessonpack.writers.docx.answer_forms import TICK_MARGIN

    words = [("counter-revolutionaries", 10.8), ("True", 2 * TICK_MARGIN), ("False", 2 * TICK_MARGIN)]
    for width, (word, margins) in zip(column_widths_of(grid), words):  # Table Grid's margins; the boxes' own
        assert width >= string_width(word, theme.body_font, theme.note) + margins, word


def test_fit_widths_keeps_the_proportions_when_every_word_fits():
    assert fit_widths([100, 50, 50], [20, 20, 20], 400) == [200, 100, 100]


def test_fit_widths_widens_narrow_columns_at_the_expense_of_wide_ones():
    widths = fit_widths([150, 90, 90, 90], [180, 110, 135, 45], 470)
    assert sum(widths) == pytest.approx(470)
    assert all(w >= n for w, n in zip(widths, [180, 110, 135, 45]))


def test_fit_widths_cannot_help_a_table_too_narrow_for_its_words():
    assert fit_widths([100, 100], [150, 150], 100) == [50, 50]


@pytest.mark.parametrize("width", [60, 100, 150, 200, 300])
def test_a_shortened_header_ends_with_a_whole_word(width):
    title = "Personality in History: Stalin vs Trotsky — Stalin, the General Secretary and the bureaucracy"
    short = fit(title, width, "DejaVu Sans", 8.5)
    assert short.endswith("…") and string_width(short, "DejaVu Sans", 8.5) <= width
    kept = short[:-1]
    assert title.startswith(kept) and not title[len(kept)].isalnum()
    assert re.search(r"[\s—:,]$", kept) is None


def test_a_header_that_fits_is_left_alone():
    assert fit("A course — A lesson", 300, "DejaVu Sans", 8.5) == "A course — A lesson"


def _choices_docx(style: str) -> docx.document.Document:
    from lessonpack import document as d

    long = "He was not a Bolshevik, and only a small group followed him in party terms " * 2
    options = tuple((d.Text(text),) for text in ("He had no following at all", long, "Trotsky returns"))
    saved = write(Document(DocumentInfo("Trotsky", "Student worksheet", "History"), (d.Choices(options, style),)),
                  theme_for("A4", "standard"), "docx")
    return docx.Document(BytesIO(saved))


@pytest.mark.parametrize("style", ["tick", "number"])
def test_an_options_second_line_starts_under_its_text_not_under_its_box(style):
    options = [p for p in _choices_docx(style).paragraphs if p.text.strip()]
    assert len(options) == 3
    for para in options:
        fmt = para.paragraph_format
        assert fmt.left_indent and fmt.first_line_indent and fmt.left_indent == -fmt.first_line_indent
        assert [stop.position for stop in fmt.tab_stops] == [fmt.left_indent]  # the text starts at the indent


def test_an_ordering_list_has_a_box_to_write_a_digit_in():
    theme = theme_for("A4", "standard")
    for para in (p for p in _choices_docx("number").paragraphs if p.text.strip()):
        assert "▭" not in para.text
        box = para.runs[0]
        assert box.text == "\u2003"  # an em space, drawn round
        assert box.element.find(f"{qn('w:rPr')}/{qn('w:bdr')}").get(qn("w:val")) == "single"
        scale = int(box.element.find(f"{qn('w:rPr')}/{qn('w:w')}").get(qn("w:val"))) / 100
        assert box.font.size.pt * scale >= 1.4 * theme.body_size  # as wide as the PDF's box
        # as tall as a line holds, and no taller: at the box's own size its first line was a third
        # taller than the PDF's, and at 24 pt lesson 02's ordering question ran onto a second page
        assert theme.body_size <= box.font.size.pt * 1.17 <= para.paragraph_format.line_spacing.pt


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_true_false_statements_are_at_the_body_size_and_their_boxes_at_the_top_of_the_row(profile):
    """The boxes beside the statement's first line, as in the PDF (centred, at 24 pt they stood by its
    second or third; printed by LibreOffice: test_docx_school_fonts)."""
    theme = theme_for("A4", profile)
    document = Document(DocumentInfo("A lesson", "Student worksheet", "A course"), Parser().parse(TRUE_FALSE))
    word = docx.Document(BytesIO(write(document, theme, "docx")))
    grid = next(table for table in word.tables
                if "Lenin Enrolment" in " ".join(cell.text for row in table.rows for cell in row.cells))
    step = 2 if profile == "large-print-24" else 1  # stacked: the rest of a statement on the row under it
    for row in grid.rows[1::step]:
        statement, boxes = row.cells[0], row.cells[1:]
        style, size = statement.paragraphs[0].style, None
        while size is None and style is not None:
            size, style = style.font.size, style.base_style
        assert size.pt == theme.body_size
        assert [box.vertical_alignment for box in boxes] == [None] * 2  # the top, Word's default


def _is_blank(element) -> bool:
    """An empty paragraph in no style: the gap one block leaves before the next (not an answer line)."""
    return (element.tag == qn("w:p") and not text(element) and element.find(f".//{qn('w:pStyle')}") is None
            and element.find(f".//{qn('w:br')}") is None and element.find(f".//{qn('w:drawing')}") is None)


@pytest.mark.parametrize("markup", [TRUE_FALSE, WIDE_WORD, """\
:::: question 4 marks=5 space=none

Fill each gap: Stalin became ____ in 1922.

::: wordbank
- General Secretary
- Commissar for War
:::

::::

::: question 5 marks=1 space=lines lines=2
Name the post.
:::
"""])
def test_a_question_ending_in_a_table_leaves_one_gap_before_the_next_block_not_two(markup):
    """The grid's gap and the question's made two empty paragraphs, 26 pt more than the PDF's
    space: lesson 03's standard worksheet took a page more in LibreOffice than in the PDF."""
    body, _ = body_of(markup + "\nAfter the question.\n")
    children = [child for child in body if child.tag != qn("w:sectPr")]
    doubled = [text(before) or "?" for before, a, b in zip([children[0], *children], children, children[1:])
               if _is_blank(a) and _is_blank(b)]
    assert doubled == []


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_a_tick_box_is_the_body_size_square_as_in_the_pdf_on_a_line_of_the_bodys_height(profile):
    """The ☐ glyph is 0.72 em square in DejaVu Sans: at the body size plus 3 pt it was a tenth smaller than the PDF's box."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    from lessonpack.fonts import font_file

    theme = theme_for("A4", profile)
    document = Document(DocumentInfo("A lesson", "Student worksheet", "A course"), Parser().parse(TRUE_FALSE + """
::: choices
- General Secretary
- Commissar for War
:::
"""))
    word = docx.Document(BytesIO(write(document, theme, "docx")))
    boxes = [run for p in word.paragraphs for run in p.runs if run.text == "☐"]
    boxes += [run for t in word.tables for row in t.rows for cell in row.cells for p in cell.paragraphs
              for run in p.runs if run.text == "☐"]
    assert len(boxes) == 2 + 2 * 2
    face = TTFont(str(font_file(theme.heading_font, "regular")))
    glyphs = face.getGlyphSet()
    pen = BoundsPen(glyphs)
    glyphs[face.getBestCmap()[ord("☐")]].draw(pen)
    x0, y0, x1, y1 = pen.bounds
    em = face["head"].unitsPerEm
    for run in boxes:
        size = run.style.font.size.pt
        assert run.style.font.name == theme.heading_font
        assert (x1 - x0) / em * size == pytest.approx(theme.body_size, rel=0.035)
        assert (y1 - y0) / em * size == pytest.approx(theme.body_size, rel=0.035)
    for option in (p for p in word.paragraphs if "Commissar" in p.text or "General Secretary" in p.text):
        assert option.paragraph_format.line_spacing.pt == pytest.approx(theme.leading(theme.body_size))


LONG_STARTERS = """\
:::: question 10 marks=8 space=lines lines=16

'Stalin rose to power because he became the bureaucracy's political expression, not because of his own
abilities.' How far do you agree with this view? Use Sources A and B and your own knowledge.

*Sentence starters:*

- Sources A and B support this view because…
- My own knowledge also supports it, for example…
- On the other hand, Stalin's own abilities mattered because…
- Overall I agree / disagree to a large extent because…

**Extension:** Lenin's 'Testament' criticised both Stalin ('too rude') and Trotsky ('excessive
self-assurance'). Does this evidence help the essay's argument or the other side?

::::
"""


def _under_stem_row(markup: str, profile: str):
    """The question table's row under the stem and its marks (python-docx), and whether the saved XML marks
    it cantSplit."""
    import zipfile

    from lxml import etree

    theme = theme_for("A4", profile)
    document = Document(DocumentInfo("A lesson", "Student worksheet", "A course"), Parser().parse(markup))
    data = write(document, theme, "docx")
    word = docx.Document(BytesIO(data))
    row = next(r for t in word.tables for r in t.rows if any("Sentence starters" in c.text for c in r.cells))
    with zipfile.ZipFile(BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    xml_row = next(r for r in root.iter(qn("w:tr")) if "Sentence starters" in text(r))
    return row, xml_row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None


def test_a_question_text_taller_than_the_unsplit_share_breaks_only_between_its_paragraphs_and_items():
    """At 24 pt, lesson 03's Question 10 stood alone at a page's top, its sentence starters and
    answer lines overleaf, when every paragraph under its stem kept with the next (LibreOffice will
    not break such a chain). Freed, the text was still one row, which LibreOffice broke anywhere:
    lesson 02's 24 pt homework left "Sentence starters:" alone at a page's foot, and its worksheet split
    the extension mid-sentence. Each paragraph and item is a row that never splits; only the first,
    which introduces the list, keeps with the next, and each starter, which keeps with the row of its
    first two answer lines (its share of the question's lines: docx/spread.py)."""
    import zipfile

    from lxml import etree

    theme = theme_for("A4", "large-print-24")
    document = Document(DocumentInfo("A lesson", "Student worksheet", "A course"), Parser().parse(LONG_STARTERS))
    with zipfile.ZipFile(BytesIO(write(document, theme, "docx"))) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    rows = [row for row in root.iter(qn("w:tr")) if text(row).strip()]  # not the rows of answer lines
    start = next(i for i, row in enumerate(rows) if text(row).strip().startswith("Sentence starters"))
    under = rows[start:start + 6]
    assert [text(row).split()[1] if text(row).startswith("•") else text(row).split()[0] for row in under] == [
        "Sentence", "Sources", "My", "On", "Overall", "Extension:"]
    assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in under)
    def keeps(paragraph) -> bool:
        flag = paragraph.find(f"{qn('w:pPr')}/{qn('w:keepNext')}")
        return flag is not None and flag.get(qn("w:val"), "true") not in ("0", "false", "off")

    assert [all(keeps(p) for p in row.iter(qn("w:p"))) for row in under] == [True] * 5 + [False]


def test_a_short_question_text_under_the_stem_stays_whole():
    _, cant_split = _under_stem_row(STARTERS, "standard")
    assert cant_split


@pytest.mark.parametrize("style", ["tick", "number"])
def test_an_option_is_never_split_over_two_pages(style):
    """Each option is kept in one piece ("keep lines together"), so Word never prints the first lines of
    an option at a page's foot and the rest overleaf (lesson 02's ordering option "Trotsky leads the St
    Petersburg Soviet…" at 24 pt)."""
    options = [p for p in _choices_docx(style).paragraphs if p.text.strip()]
    assert options and all(p.paragraph_format.keep_together for p in options)


def test_a_question_whose_text_and_first_answer_lines_fit_a_page_moves_whole_rather_than_break():
    """As the PDF keeps a question that fits a page whole (page_rules.QUESTION_KEEP_SHARE): its text
    taller than the unsplit share may break only when it and its first lines would not fit a page."""
    longer = LONG_STARTERS.replace("the other side?", "the other side? " + "Explain your reasoning. " * 40)
    row, cant_split = _under_stem_row(longer, "standard")
    assert not cant_split  # taller than the unsplit share, but it fits a page with its stem
    number, text_cell = row.cells[0], row.cells[-1]
    assert all(p.paragraph_format.keep_with_next for p in [*number.paragraphs, *text_cell.paragraphs])


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_each_true_false_statement_stands_whole_in_its_column_beside_its_boxes(profile):
    """As the PDF, at every size: a row per statement, the whole statement in the first column and
    its two boxes in theirs. At 24 pt a statement's first line stood beside its boxes and the rest
    ran on in a row spanning the grid under them, read as part of the next statement."""
    theme = theme_for("A4", profile)
    document = Document(DocumentInfo("A lesson", "Student worksheet", "A course"), Parser().parse(TRUE_FALSE))
    word = docx.Document(BytesIO(write(document, theme, "docx")))
    grid = next(table for table in word.tables
                if "Lenin Enrolment" in " ".join(cell.text for row in table.rows for cell in row.cells))
    rows = [[(cell.text, any(run.text == "☐" for p in cell.paragraphs for run in p.runs)) for cell in row.cells]
            for row in grid.rows[1:]]
    statements = ("The Lenin Enrolment brought mainly former Tsarist officials into the party.",
                  "Stalin defeated all his rivals on his own.")
    assert [[box for _, box in row] for row in rows] == [[False, True, True]] * 2
    assert tuple(row[0][0] for row in rows) == statements


ORDERING = """\
:::: question 3 marks=4 space=lines lines=2

Put these events in the order they happened, writing 1 to 4 in the boxes.

::: choices style=number
- Trotsky leads the St Petersburg Soviet and is arrested with its executive committee in December 1905
- The October Manifesto promises an elected Duma and civil liberties to the people of the empire
- Bloody Sunday: troops fire on a peaceful procession of workers bringing a petition to the Tsar
- The general strike spreads from the railways to the whole country in October
:::

Then say which mattered most.

::::
"""


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_each_option_of_a_question_is_a_row_that_never_splits(profile):
    """LibreOffice splits a paragraph kept together when the table row it is in splits: at 24 pt an
    option of lesson 02's ordering question began at a page's foot and ended overleaf."""
    body, _ = body_of(ORDERING, profile)
    options = ("Trotsky leads", "The October Manifesto", "Bloody Sunday", "The general strike")
    rows = [row for row in body.iter(qn("w:tr")) if any(o in text(row) for o in options)]
    assert [sum(o in text(row) for o in options) for row in rows] == [1, 1, 1, 1]
    assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows)
    flat = text(body)  # in their order, and the text after them after them
    assert [flat.find(o) for o in (*options, "Then say")] == sorted(flat.find(o) for o in (*options, "Then say"))


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_options_under_a_heading_are_headed_by_their_question_on_a_new_page(profile):
    """Kept with the heading above it, a question that fits a page may still break: at 24 pt lesson
    02's homework left its ordering's last two items overleaf under no number (the PDF: "Question 1
    (continued)"). Its number and stem are a header row, printed again over the options that run
    on; a question with options elsewhere that fits a page repeats nothing (a repeated row moved
    one that ended a page overleaf)."""
    theme = theme_for("A4", profile)
    cases = [(f"## Questions\n\n{ORDERING}", True)]
    if profile == "standard":  # at 24 pt the question does not fit a page: headed wherever it stands
        cases.append((ORDERING, False))
    for markup, headed in cases:
        document = Document(DocumentInfo("A lesson", "Homework", "A course"), Parser().parse(markup))
        body = docx.Document(BytesIO(write(document, theme, "docx"))).element.body
        question = next(t for t in tables(body) if "Put these events" in text(t))
        first, *rest = question.findall(qn("w:tr"))
        header = [row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in (first, *rest)]
        assert "Put these events" in text(first) and header == [headed] + [False] * len(rest), markup[:12]

"""How particular question types look on a student's page, read back from the built PDF and DOCX
(issues 16, 17): lesson 03's organiser grid, its true/false statements, lesson 02's extension."""

from __future__ import annotations

import pytest
from conftest import REPO, run_cli
from pagecheck import read_paper, text_lines

from lessonpack.theme import theme_for

LESSON02 = REPO / "lessons" / "02-trotsky-following.yaml"
LESSON03 = REPO / "lessons" / "03-stalin-bureaucracy.yaml"


def built(tmp_path_factory, lesson, profile: str, fmt: str = "pdf"):
    """A lesson's student documents in one profile, built once for this module."""
    out = tmp_path_factory.mktemp(f"{lesson.stem[:2]}-{profile}-{fmt}")
    result = run_cli("build", str(lesson), "--out", str(out), "--profile", profile, "--format", fmt,
                     "--only", "students")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def std03(tmp_path_factory):
    return built(tmp_path_factory, LESSON03, "standard")


def words_of(line) -> str:
    return " ".join(r.text for r in line.runs)


def test_no_loose_lines_under_a_question_grid(std03):
    """Standard lesson 03's Question 6 ended its page with the organiser grid and four ruled lines
    under it, answer space for nothing asked. The grid's cells are the answer space: nothing is
    ruled between the grid's foot and the next question (or the page's foot)."""
    (sheet,) = std03.rglob("*student-worksheet*.pdf")
    paper = read_paper(sheet, theme_for("A4", "standard"))
    t = paper.theme
    page = next(p for p in range(paper.pages)
                if any(words_of(line).startswith("Stalin's own abilities") for line in text_lines(paper, p)))
    frames = [min(s.y0, s.y1) for s in paper.on(page, paper.strokes)
              if s.vertical and abs(s.width - t.table_rule_width) < 0.05]
    foot = min(frames)  # the grid's foot
    below = [line.y for line in text_lines(paper, page) if line.y < foot - 1 and line.y > t.margin_bottom]
    end = max(below, default=t.margin_bottom - 1)  # the next question's first line, if it starts here
    loose = [s.y0 for s in paper.on(page, paper.strokes)
             if s.horizontal and end < s.y0 < foot - 1]
    assert loose == [], f"page {page + 1}: lines under the grid at {loose}"


def column_edges(paper, page: int, t) -> list[float]:
    """The x of a grid's vertical rules on a page, left to right (its frame and its column rules)."""
    return sorted({round(s.x0, 1) for s in paper.on(page, paper.strokes)
                   if s.vertical and abs(s.width - t.table_rule_width) < 0.05})


MM = 72 / 25.4


def test_a_lessons_column_widths_set_its_grid_in_the_pdf(std03):
    """Lesson 03's Question 6 gives its columns' widths (column_widths: [43, 48, 48, 19]): the two
    columns to write in are wide, "P or S?" (a letter) narrow. Shared out by their text, Factor took
    62 mm and "P or S?" 32 mm, as wide as a column to write sentences in."""
    (sheet,) = std03.rglob("*student-worksheet*.pdf")
    paper = read_paper(sheet, theme_for("A4", "standard"))
    t = paper.theme
    page = next(p for p in range(paper.pages)
                if any(words_of(line).startswith("Stalin's own abilities") for line in text_lines(paper, p)))
    edges = column_edges(paper, page, t)
    widths = [(b - a) / MM for a, b in zip(edges, edges[1:])]
    assert len(widths) == 4, widths
    factor, says, other, letter = widths
    assert says > 45 and other > 45, widths
    assert letter < 22 and letter < says / 2, widths
    assert factor < 50, widths


def test_a_lessons_column_widths_set_its_grid_in_the_docx(tmp_path_factory):
    from docx import Document

    out = built(tmp_path_factory, LESSON03, "standard", "docx")
    (sheet,) = out.rglob("*student-worksheet*.docx")
    table = next(t for t in Document(str(sheet)).tables
                 if [c.text.strip() for c in t.rows[0].cells][-1:] == ["P or S?"])
    widths = [c.width.mm for c in table.rows[0].cells]
    factor, says, other, letter = widths
    assert says > 45 and other > 45 and factor < 50, widths
    assert letter < 22, widths


def test_column_widths_that_do_not_match_the_columns_are_refused_at_their_line(tmp_path):
    import re
    import shutil

    from conftest import line_of

    course = tmp_path / "course"
    (course / "lessons").mkdir(parents=True)
    shutil.copy(REPO / "lessons" / "course.yaml", course / "lessons")
    shutil.copytree(REPO / "lessons" / "essays", course / "lessons" / "essays")
    lesson = course / "lessons" / LESSON03.name
    text = LESSON03.read_text(encoding="utf-8")
    assert "column_widths: [43, 48, 48, 19]" in text
    lesson.write_text(text.replace("column_widths: [43, 48, 48, 19]", "column_widths: [43, 48, 48]"), encoding="utf-8")
    result = run_cli("validate", str(course))
    assert result.returncode == 1, result.stdout
    line = line_of(lesson, "column_widths:")
    assert re.search(rf"{LESSON03.stem}\.yaml:{line}:\d+: .*column_widths gives 3 widths for 4 columns",
                     result.stderr), result.stderr


@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_true_false_statements_stay_in_their_column_at_large_print(tmp_path_factory, profile):
    """Lesson 02's Question 3 at 24 pt: a statement's first line stood beside its boxes and the rest
    ran on across the page under them, as if part of the next row. Every line of a statement now
    ends left of the True column, at every size."""
    from pagecheck import pdf_words

    out = built(tmp_path_factory, LESSON02, profile)
    (sheet,) = out.rglob("*student-worksheet*.pdf")
    t = theme_for("A4", profile)
    words = pdf_words(sheet)
    headers = [w for w in words if w.text == "True"
               and any(v.text == "False" and v.page == w.page and abs(v.y0 - w.y0) < 1 for v in words)]
    assert headers, "no true/false grid"
    checked = 0
    for header in headers:
        below = sorted((w for w in words if w.page == header.page and w.y1 < header.y0 and w.y0 > t.margin_bottom),
                       key=lambda w: (-round(w.y0), w.x0))
        indent = min(w.x0 for w in below)  # the statements' column
        for line_y in sorted({round(w.y0) for w in below}, reverse=True):
            line = [w for w in below if round(w.y0) == line_y]
            if min(w.x0 for w in line) < indent - 5:
                break  # the next question, at the margin
            assert max(w.x1 for w in line) < header.x0, (header.page + 1, " ".join(w.text for w in line))
            checked += 1
    assert checked >= 8


@pytest.mark.parametrize("lesson", [LESSON02, LESSON03], ids=["02", "03"])
def test_a_large_print_true_false_question_is_printed_on_one_page(tmp_path_factory, lesson):
    """At 24 pt the statements' column stood at the stem's indent beside two bold-headed box columns,
    about two thirds of the measure: lesson 02's Question 3 and lesson 03's Question 5 split two and
    two over two half-blank pages. Now the grid starts at the number's margin: the question's number,
    its header and all four statements are on one page, each statement left of the True column."""
    import yaml
    from pagecheck import pdf_words

    out = built(tmp_path_factory, lesson, "large-print-24")
    (sheet,) = out.rglob("*student-worksheet*.pdf")
    question = next(q for q in yaml.safe_load(lesson.read_text(encoding="utf-8"))["questions"]
                    if q["type"] == "true-false")
    words = pdf_words(sheet)
    pages: dict[int, str] = {}
    for w in words:
        pages[w.page] = pages.get(w.page, "") + " " + w.text
    (page,) = [p for p, text in pages.items() if " ".join(question["prompt"].split()[:6]) in text]
    for statement in question["statements"]:
        assert " ".join(statement["text"].split()) in pages[page], statement["text"]
    header = next(w for w in words if w.page == page and w.text == "True")
    assert not [w for w in words if w.page == page + 1 and w.text == "True"], "the grid continued overleaf"
    foot = theme_for("A4", "large-print-24").margin_bottom
    below = [w for w in words if w.page == page and foot < w.y0 and w.y1 < header.y0 and w.x1 > header.x0]
    assert not below, [w.text for w in below]  # nothing under the headings but the boxes


def test_true_false_statements_have_their_boxes_on_every_row_in_the_docx(tmp_path_factory):
    """In the DOCX at 24 pt a statement's first line stood beside its boxes and the rest ran on in a
    row spanning the grid: each row now holds a whole statement and its two boxes."""
    import yaml
    from docx import Document

    out = built(tmp_path_factory, LESSON02, "large-print-24", "docx")
    (sheet,) = out.rglob("*student-worksheet*.docx")
    grid = next(t for t in Document(str(sheet)).tables if [c.text.strip() for c in t.rows[0].cells][-2:] == ["True", "False"])
    lesson = yaml.safe_load(LESSON02.read_text(encoding="utf-8"))
    statements = next(q["statements"] for q in lesson["questions"] if q["type"] == "true-false")
    rows = grid.rows[1:]
    assert len(rows) == len(statements)
    for row, statement in zip(rows, statements):
        cells = row.cells
        assert len({id(c._tc) for c in cells}) == 3, "a merged row"
        assert cells[0].text.strip() == statement["text"]
        assert cells[1].text.strip() == cells[2].text.strip() == "☐"


FIGURES = {"1917": "24", "1918": "390", "1919": "350", "1920": "612", "1921": "733", "1922": "528",
           "1923": "499", "1924": "472", "1925": "802", "1926": "1,080"}
"""Lesson 03's Source C: party members (thousands) early in each year."""


@pytest.mark.parametrize("profile", ["standard", "large-print-24", "dyslexia"])
def test_source_cs_chart_prints_each_bars_value_and_stands_whole_on_one_page(tmp_path_factory, profile):
    """Question 9's answer reads "about 472,000" off Source C's bars, gridded every 500: each bar now
    has its value beside it. At 24 pt the chart was split 1917–22 / 1923–26 over two pages of the
    extracts and the homework; it fits a page, so it stands whole."""
    from pagecheck import pdf_words

    out = built(tmp_path_factory, LESSON03, profile)
    for kind in ("source-extracts", "homework"):
        (paper,) = out.rglob(f"*{kind}*.pdf")
        words = pdf_words(paper)
        years = [w for w in words if w.text in FIGURES and any(
            v.page == w.page and v.text == FIGURES[w.text] and abs((v.y0 + v.y1) - (w.y0 + w.y1)) < 4
            and v.x0 > w.x1 for v in words)]  # a year with its figure on its row: the chart on its side
        if not years:  # upright: each figure over its year's bar, the years along the bottom
            years = [w for w in words if w.text in FIGURES and any(
                v.page == w.page and v.text == FIGURES[w.text] and v.y0 > w.y1 and abs((v.x0 + v.x1) - (w.x0 + w.x1)) < 4
                for v in words)]
        assert sorted({w.text for w in years}) == sorted(FIGURES), (kind, sorted({w.text for w in years}))
        assert len({w.page for w in years}) == 1, (kind, sorted({(w.page + 1, w.text) for w in years}))


def test_a_charts_value_labels_are_in_the_picture_the_docx_gets():
    """The DOCX and HTML show the chart as a picture painted from the same layout as the PDF's
    (`chart.chart_png`): its labels hold every bar's value, upright and on its side."""
    import yaml

    from lessonpack import document as d
    from lessonpack.fonts import string_width
    from lessonpack.writers.chart import Label, layout

    lesson = yaml.safe_load(LESSON03.read_text(encoding="utf-8"))
    stats = next(s["statistics"] for s in lesson["sources"] if "statistics" in s)
    block = d.Statistics(tuple(stats["columns"]), tuple((label, (float(v),)) for label, v in stats["rows"]),
                         stats.get("units", ""), "", "bar", "")
    for profile in ("standard", "large-print-24"):
        t = theme_for("A4", profile)
        chart = layout(block, t.text_width, t)
        texts = [s.text for s in chart.shapes if isinstance(s, Label)]
        assert all(texts.count(value) >= 1 for value in FIGURES.values()), (profile, texts)
        for label in chart.shapes:  # a value beside its bar's end stays inside the picture
            if isinstance(label, Label) and label.anchor == "start" and label.text in FIGURES.values():
                assert label.x + string_width(label.text, "DejaVu Sans", label.size) <= chart.width + 0.5


def extension_has_lines_under_it(pdf, theme) -> bool:
    """Whether ruled lines stand under lesson 02 Question 8's extension on its page, before anything else."""
    from pagecheck import pdf_words

    words = pdf_words(pdf)
    end = next(w for i, w in enumerate(words) if w.text == "mean?" and words[i - 1].text == "author")
    after = [w.y1 for w in words if w.page == end.page and w.y1 < end.y0 and w.y0 > theme.margin_bottom]
    below = max(after, default=theme.margin_bottom)  # the top of what follows (Question 9), or the foot
    paper = read_paper(pdf, theme)
    rules = [s for s in paper.on(end.page, paper.strokes) if s.horizontal and below < s.y0 < end.y0
             and abs(s.x1 - s.x0) > theme.page_width / 3]
    return len(rules) >= 1


@pytest.mark.parametrize("profile", ["standard", "large-print-24", "large-print-36"])
def test_a_multiple_choice_extension_has_lines_to_write_on(tmp_path_factory, profile):
    """Lesson 02's Question 8 (multiple choice) asks in its extension "What else might the author
    mean?" and gave no space to write it. Ruled lines stand under it, on its page."""
    out = built(tmp_path_factory, LESSON02, profile)
    (sheet,) = out.rglob("*student-worksheet*.pdf")
    assert extension_has_lines_under_it(sheet, theme_for("A4", profile))


def test_a_multiple_choice_extension_has_lines_to_write_on_in_the_docx(tmp_path_factory, tmp_path):
    """The same in the DOCX as LibreOffice prints it, at 24 pt too, where a box under it once took the
    extension onto a page of its own: the extension stays on its question's page with its line."""
    import shutil

    from conftest import libreoffice_pdfs

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not installed")
    sheets = []
    for profile in ("standard", "large-print-24"):
        out = built(tmp_path_factory, LESSON02, profile, "docx")
        sheets += list(out.rglob("*student-worksheet*.docx"))
    printed = libreoffice_pdfs(soffice, sheets, tmp_path)
    from pagecheck import pdf_words

    for pdf, profile in zip(printed, ("standard", "large-print-24")):
        theme = theme_for("A4", profile)
        assert extension_has_lines_under_it(pdf, theme), profile
        words = pdf_words(pdf)
        end = next(w for i, w in enumerate(words) if w.text == "mean?" and words[i - 1].text == "author")
        assert any(w.page == end.page and w.text == "Lunacharsky" for w in words), profile  # with its options


@pytest.mark.parametrize("lesson, profile, head, foot", [
    (LESSON03, "large-print-24", "Factor", "S?"),
    (REPO / "lessons" / "05-reading-critically.yaml", "large-print-18", "Evidence", "Why?"),
], ids=["03-24pt", "05-18pt"])
def test_a_stacked_organiser_card_is_never_split_across_pages(tmp_path_factory, lesson, profile, head, foot):
    """Lesson 03's Question 6 at 24 pt printed a factor's card with its "P or S?" overleaf under the
    factor repeated, and lesson 05's Question 5 at 18 pt three cards with their "Why?" overleaf: a
    student filled one card on two pages. Each card now ends on the page it starts on (the card above
    grows to fill the room it leaves), and the worksheets keep their page counts."""
    from pypdf import PdfReader

    from pagecheck import pdf_words

    out = built(tmp_path_factory, lesson, profile)
    (sheet,) = out.rglob("*student-worksheet*.pdf")
    words = pdf_words(sheet)
    pages = {w.page for w in words if w.text == head}
    assert pages, "no cards"
    for page in sorted(pages):
        heads = sum(1 for w in words if w.page == page and w.text == head)
        feet = sum(1 for w in words if w.page == page and w.text == foot)
        assert heads == feet, (page + 1, heads, feet)
    assert len(PdfReader(str(sheet)).pages) == {"large-print-24": 17, "large-print-18": 13}[profile]


def test_a_question_in_parts_starts_its_second_part_where_it_fits(tmp_path_factory):
    """Lesson 01's 36 pt worksheet ended page 8 a third blank under Question 7's part (a), part (b)
    overleaf: measured for keeping together, its "Question 7 (continued)" (printed only at a page's
    top) was counted, and the part did not fit. Both parts are now on the question's page."""
    from pagecheck import pdf_words

    out = built(tmp_path_factory, REPO / "lessons" / "01-soviet-1905.yaml", "large-print-36")
    (sheet,) = out.rglob("*student-worksheet*.pdf")
    words = pdf_words(sheet)
    pages: dict[int, str] = {}
    for w in words:
        pages[w.page] = pages.get(w.page, "") + " " + w.text
    (page,) = [p for p, text in pages.items() if "Was the soviet really" in text]
    assert "(b)" in pages[page] and "completely new" in pages[page], pages[page]


@pytest.mark.parametrize("profile", ["standard", "dyslexia", "high-contrast"])
def test_a_matching_grid_is_printed_whole_with_its_stem(tmp_path_factory, profile):
    """A student matches every item against every lettered answer: dyslexia lesson 02's Question 4
    split its grid two rows and two, answers C and D overleaf from items 1 and 2."""
    from conftest import pdf_runs

    out = built(tmp_path_factory, LESSON02, profile)
    pdf = next(out.rglob("*student-worksheet*.pdf"))
    runs = pdf_runs(pdf)

    stem = next(r.page for r in runs if r.text.startswith("Match each person"))
    on_page = " ".join(r.text for r in runs if r.page == stem)
    for text in ("A. Bolshevik leader", "D. First regular chairman", "Khrustalev-Nosar", "Kerensky", "Trotsky",
                 "Lenin"):
        assert text in on_page, (text, stem)

"""The DOCX as a school computer prints it: no DejaVu installed, only the usual fonts.

LibreOffice renders the DOCX of lessons 02 and 03 (standard and large-print-24) under a
font configuration that holds only the Liberation fonts (the metrics of Arial, Times New
Roman and Courier New, what a school's Windows or macOS computer has). The text must still
be set in the fonts the PDF is set in (embedded in the DOCX), and each numbered extract line
must be printed whole on one line, as in the PDF, so "lines 12–14" points at the same words.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from conftest import FACES, horizontal_rules, made_once, pdf_runs
from test_large_print_lines import paper, printed_boxes

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("fc-list") is None
                                 or shutil.which("pdftotext") is None,
                                 reason="LibreOffice renders the DOCX under fontconfig; poppler reads it")]

LESSONS = ("02-trotsky-following", "03-stalin-bureaucracy")
PROFILES = ("standard", "large-print-24")
KINDS = ("student-worksheet", "source-extracts", "teacher-notes", "homework", "exit-ticket")
STUDENT_KINDS = ("student-worksheet", "homework", "exit-ticket")
"""The documents with answer space to write in."""
EXTRACT_KINDS = ("student-worksheet", "source-extracts")


def liberation_files() -> list[Path]:
    """The computer's Liberation Sans, Serif and Mono files, as fontconfig lists them."""
    listed = subprocess.run(["fc-list", ":", "file", "family"], capture_output=True, text=True).stdout
    files = {Path(line.split(":")[0]) for line in listed.splitlines()
             if re.search(r"Liberation (Sans|Serif|Mono)(,|$)", line)}
    return sorted(files)


def school_font_config(folder: Path) -> Path:
    """A fontconfig file whose only fonts are the Liberation ones: no DejaVu, nothing else."""
    fonts = folder / "fonts"
    fonts.mkdir(parents=True)
    for file in liberation_files():
        shutil.copy(file, fonts / file.name)
    config = folder / "fonts.conf"
    config.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{fonts}</dir><cachedir>{folder / "cache"}</cachedir></fontconfig>
""")
    return config


def docx_files(tmp_path_factory, profile: str) -> list[Path]:
    return [paper(tmp_path_factory, profile, lesson, kind, "docx") for lesson in LESSONS for kind in KINDS]


@pytest.fixture(scope="session")
def school_renders(tmp_path_factory) -> Path:
    """LibreOffice's PDFs of every DOCX of lessons 02 and 03, in both papers, on a computer without DejaVu."""
    if not liberation_files():
        if os.environ.get("LESSONPACK_REQUIRE_CLIENTS") == "1":
            pytest.fail("the Liberation fonts are not installed (LESSONPACK_REQUIRE_CLIENTS=1)")
        pytest.skip("the Liberation fonts are not installed (apt-get install fonts-liberation2)")
    sources = [file for profile in PROFILES for file in docx_files(tmp_path_factory, profile)]

    def render(folder: Path) -> dict:
        config = school_font_config(folder / "school")
        env = dict(os.environ, FONTCONFIG_FILE=str(config))
        listed = subprocess.run(["fc-list"], capture_output=True, text=True, env=env).stdout
        subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                        "--norestore", "--convert-to", "pdf", "--outdir", str(folder), *map(str, sources)],
                       capture_output=True, check=True, timeout=600, env=env)
        return {"dejavu_installed": "DejaVu" in listed}

    folder, record = made_once(tmp_path_factory, "school-renders", render)
    assert not record["dejavu_installed"], "the school computer's font setup must not have DejaVu"
    return folder


def rendered(folder: Path, docx: Path) -> Path:
    pdf = folder / docx.with_suffix(".pdf").name
    assert pdf.exists(), f"LibreOffice did not convert {docx.name}"
    return pdf


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_computer_without_dejavu_prints_the_docx_in_the_pdfs_fonts(tmp_path_factory, school_renders,
                                                                     profile, lesson, kind):
    docx = paper(tmp_path_factory, profile, lesson, kind, "docx")
    fonts = {run.font for run in pdf_runs(rendered(school_renders, docx))}
    assert fonts and fonts <= set(FACES), f"set in fonts the PDF does not use: {sorted(fonts - set(FACES))}"


def rows_of(pdf: Path) -> list[str]:
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                            check=True).stdout
    return [re.sub(r"\s+", " ", row).strip() for row in layout.splitlines()]


@pytest.mark.parametrize(("profile", "kind"), [(profile, kind) for profile in PROFILES for kind in EXTRACT_KINDS
                                               # large print: the sources are in the source booklet only
                                               if kind == "source-extracts" or profile == "standard"])
@pytest.mark.parametrize("lesson", LESSONS)
def test_each_extract_line_is_printed_whole_as_in_the_pdf(tmp_path_factory, school_renders, profile, lesson, kind):
    ours = [line for box in printed_boxes(paper(tmp_path_factory, profile, lesson, kind), profile) for line in box]
    assert len(ours) > 10
    rows = rows_of(rendered(school_renders, paper(tmp_path_factory, profile, lesson, kind, "docx")))
    # Each of the PDF's printed lines is found whole on one of LibreOffice's rows, in the same order:
    # a line that ran over would start its next row with words the PDF prints at the end of this one.
    at, missing = 0, []
    for line in ours:
        found = next((i for i in range(at, len(rows)) if line in rows[i]), None)
        if found is None:
            missing.append(line)
        else:
            at = found + 1
    assert missing == []
    longest = max(ours, key=len)  # printed whole and not run on into the next line
    assert sum(1 for row in rows if longest in row) == sum(1 for line in ours if line == longest)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("lesson", LESSONS)
def test_answer_lines_stand_as_far_apart_as_in_the_pdf_and_the_worksheet_takes_as_many_pages(
        tmp_path_factory, school_renders, profile, lesson):
    """Rules 4 pt further apart than the PDF's made lesson 03's standard worksheet a page longer in
    Word and LibreOffice, its Marks table alone on the last page."""
    from collections import Counter

    from pypdf import PdfReader

    from lessonpack.theme import theme_for

    theme = theme_for("A4", profile)
    printed = PdfReader(str(rendered(school_renders, paper(tmp_path_factory, profile, lesson, fmt="docx"))))
    gaps: Counter = Counter()
    for page in printed.pages:
        wide = [y for x0, x1, y in horizontal_rules(printed, page) if x1 - x0 > theme.text_width / 2]
        heights = sorted({round(y, 1) for y in wide}, reverse=True)
        gaps.update(round(above - below) for above, below in zip(heights, heights[1:]))
    assert gaps, "no answer lines found"
    # Answer lines (other rules, a timeline's or a table's, stand at other distances):
    at_pitch = sum(n for gap, n in gaps.items() if abs(gap - theme.answer_line_height) <= 1)
    spread = gaps[round(theme.answer_line_height) + 4]  # the old defect: 4 pt of border spacing added
    assert at_pitch >= 10 and spread < at_pitch / 4, gaps.most_common(4)
    # lesson 02's at 24 pt took a page more: 45 pt under each question, the PDF's 21 (questions.QUESTION_GAP);
    # then lessons 02's and 03's, each question's first paragraph (up to four lines) printed again over
    # its lines on a new page where the PDF prints one line "Question N (continued)" (docx/questions.py)
    pdf_pages = len(PdfReader(str(paper(tmp_path_factory, profile, lesson))).pages)
    assert len(printed.pages) == pdf_pages + PAGE_COUNT_DIFFERS.get((lesson, profile, "student-worksheet"), (0, ""))[0]


SOURCE_C_TITLED = ("Source C's chart goes overleaf under its whole title, printed again as the table's header row "
                   "(two lines at 24 pt), where the PDF's one-line \"Source C (continued)\" leaves room for the head's "
                   "last sentence over it; so the whole head goes before the break, and it does not fit under Source B")
PAGE_COUNT_DIFFERS: dict[tuple[str, str, str], tuple[int, str]] = {
    ("03-stalin-bureaucracy", "large-print-24", "source-extracts"): (1, SOURCE_C_TITLED),
    ("03-stalin-bureaucracy", "large-print-24", "homework"): (1, SOURCE_C_TITLED),
}
"""Student documents whose DOCX, as LibreOffice prints it, takes more pages than the PDF: how many, and why.
Lesson 03's 24 pt worksheet took a page more: its true/false statements' cells had Word's wider margins than
the PDF's paddings, each statement took a line more and Question 5's fourth went overleaf. Its 24 pt source
extracts and homework take a page more since Source C's head no longer breaks mid-sentence at a page's foot
with the chart overleaf under no title (docx/pictures.py)."""


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("kind", ("source-extracts", "homework", "exit-ticket"))
def test_a_student_document_takes_as_many_pages_as_the_pdf(tmp_path_factory, school_renders, profile, lesson,
                                                          kind):
    """A class set printed from Word is the PDF's paper count. Before: lesson 03's standard source
    extracts took a page more (a body line and its space under each source box where the PDF leaves
    10 pt: Source A (adapted)'s last three lines overleaf), and its 24 pt homework too (the empty
    paragraph under the chart printed at the next page's top, over the timeline, whose last two
    entries went overleaf alone)."""
    from pypdf import PdfReader

    printed = PdfReader(str(rendered(school_renders, paper(tmp_path_factory, profile, lesson, kind, "docx"))))
    assert len(printed.pages) == (len(PdfReader(str(paper(tmp_path_factory, profile, lesson, kind))).pages)
                                  + PAGE_COUNT_DIFFERS.get((lesson, profile, kind), (0, ""))[0])



def printed_rows(pdf: Path) -> list[tuple[float, list[tuple[float, float, str]]]]:
    """Each page's height and its printed lines of text (top, bottom, words), top to bottom, as poppler reads them."""
    from xml.etree import ElementTree

    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    xhtml = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in root.iter(f"{xhtml}page"):
        rows = [(float(line.get("yMin")), float(line.get("yMax")), " ".join(w.text for w in line.iter(f"{xhtml}word")))
                for line in page.iter(f"{xhtml}line")]
        pages.append((float(page.get("height")), sorted(rows)))
    return pages


def pages_of_lines_without_their_question(pdf: Path, profile: str, slip: bool = False,
                                          header: tuple[str, ...] = ()) -> list[tuple[int, list[str]]]:
    """The pages on which answer lines (rules as wide as the text, at its left margin, as thin as
    answer lines) stand under no question number: nothing says which question they answer. Returned
    with the text above the first line, page numbers counted from 1. On a `slip` (an exit ticket,
    whose large-print slip is as wide as the text) a question is numbered "1. What…". `header`: the
    running header's lines, furniture on a one-page document too (at 24 pt it takes three lines)."""
    from collections import Counter

    from pypdf import PdfReader

    from lessonpack.theme import theme_for

    theme = theme_for("A4", profile)
    reader = PdfReader(str(pdf))
    pages = printed_rows(pdf)
    # the running header and footer: the same words at the same height on most pages
    seen = Counter((round(top), text) for _, rows in pages for top, _, text in set(rows))
    furniture = {row for row, count in seen.items() if count >= max(2, len(pages) * 0.8)
                 or any(row[1].startswith(line) for line in header if line)}
    found = []
    for number, ((height, rows), page) in enumerate(zip(pages, reader.pages), start=1):
        # not the running header's rule, just under its last line, above the text area
        header = max((bottom for top, bottom, text in rows if (round(top), text) in furniture and top < height / 2),
                     default=0.0)
        lines = [height - y for x0, x1, y in horizontal_rules(reader, page, int(theme.rule_width * 8) / 8)
                 if abs(x0 - theme.margin_left) < 3 and x1 - x0 > theme.text_width * 0.9
                 and height - y > max(theme.margin_top, header + theme.header_rule_drop + 2)]
        # nor a table's rules (the Marks table), a row of text between two of them, close together
        ruled = sorted(set(round(y, 1) for y in lines))
        table = {y for a, b in zip(ruled, ruled[1:]) if b - a < 2.5 * theme.leading(theme.body_size)
                 and any(a < top and bottom < b for top, bottom, _ in rows) for y in (a, b)}
        lines = [y for y in lines if round(y, 1) not in table]
        if not lines:
            continue
        above = [text for top, bottom, text in rows if bottom < min(lines) and (round(top), text) not in furniture]
        pattern = r"\d{1,2}\.? \S" if slip else r"\d{1,2}( \S|$)"
        # "9" in its column, or "9 Explain…", or the question's label "Question 9" (docx/questions.py)
        if not any(re.match(pattern, text) or re.match(r"Question \d{1,2}\b", text) for text in above):
            found.append((number, above[:2]))
    return found


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("kind", STUDENT_KINDS)
def test_answer_lines_that_run_onto_a_page_are_headed_by_their_question(tmp_path_factory, school_renders,
                                                                        profile, lesson, kind):
    """As the PDF heads them "Question N (continued)": the DOCX repeats over them (a header row) the
    question's number and first paragraph of one line, or its first sentence ending in its first
    line, or else its label "Question N". Before, at 24 pt, lesson 03's Question 10 left its lines
    under "Extension: Lenin's 'Testament'…" with no number on the page."""
    written = paper(tmp_path_factory, profile, lesson, kind, "docx")
    header = tuple(line.strip() for p in docx.Document(str(written)).sections[0].header.paragraphs
                   for line in re.split(r"[\n\t]", p.text))
    pdf = rendered(school_renders, written)
    assert pages_of_lines_without_their_question(pdf, profile, slip=kind == "exit-ticket", header=header) == []


def questions_of(lesson: str, kind: str) -> list[dict]:
    """The lesson's questions of a kind ("multiple-choice", "ordering"), as written in its YAML."""
    return [q for q in questions_of_any(lesson) if q.get("type") == kind]


def opening(text: str, words: int) -> str:
    return " ".join(text.split()[:words])


def page_texts(pdf: Path) -> list[str]:
    """Each printed page's words, top to bottom."""
    return [" ".join(text for _, _, text in rows) for _, rows in printed_rows(pdf)]


@pytest.mark.parametrize("kind", ["multiple-choice", "ordering"])
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("lesson", LESSONS)
def test_a_list_of_options_that_fits_a_page_is_printed_on_one(tmp_path_factory, school_renders, profile, lesson,
                                                               kind):
    """As the PDF moves such a question whole. Its options were never measured, so never kept
    together: lesson 02's Question 8 left option A at a page's foot under its stem, B to D overleaf
    under no number; and an ordering box at its own size made each item's first line a third taller
    than the PDF's, so at 24 pt lesson 02's ordering question left its last item alone overleaf."""
    questions = questions_of(lesson, kind)
    if not questions:
        pytest.skip(f"lesson {lesson} has no {kind} question")
    pages = page_texts(rendered(school_renders, paper(tmp_path_factory, profile, lesson, "student-worksheet", "docx")))
    for question in questions:
        stem = opening(question["prompt"], 4)  # a few words: markup in a longer prompt prints otherwise
        holding = [page for page in pages if stem in page]
        assert holding, stem
        # one page with the stem holds every option (two questions may open alike)
        assert any(all(opening(option, 3) in page for option in question["options"]) for page in holding), stem


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_large_print_matching_question_s_answers_are_printed_over_its_items_on_every_page_they_reach(
        tmp_path_factory, school_renders, lesson):
    """As the PDF prints the lettered answers over the items, and again over those that run onto the
    next page. Printed once, under the items, LibreOffice left lesson 02's answers at 24 pt on the
    page after the items (the other side of the sheet), and lesson 04's alone on a page. The answers
    are the header row of the items' table, which Word and LibreOffice repeat on each page it reaches,
    under the question's label, as the PDF heads them "Question 4 (continued)": lesson 02's items 3 and
    4 stood overleaf under no label."""
    questions = questions_of(lesson, "matching")
    if not questions:
        pytest.skip(f"lesson {lesson} has no matching question")
    for kind in STUDENT_KINDS:
        pages = page_texts(rendered(school_renders, paper(tmp_path_factory, "large-print-24", lesson, kind, "docx")))
        for question in questions:
            first = opening(question["pairs"][0]["right"], 5)
            answers = [i for i, page in enumerate(pages) if first in page]
            if not answers:
                continue  # not in this document
            stem = next(i for i, page in enumerate(pages) if opening(question["prompt"], 6) in page)
            assert answers[0] - stem in (0, 1), (kind, stem, answers)
            for number, pair in enumerate(question["pairs"], 1):
                line = f"{number} {opening(pair['left'], 2)}"  # the item as numbered beside its box
                item = next(i for i, page in enumerate(pages) if i >= answers[0] and line in page)
                assert item in answers, (kind, line, item, answers)
                assert pages[item].index(first) < pages[item].index(line), kind
                if item != stem:
                    assert re.search(r"\bQuestion \d{1,2}\b", pages[item][:pages[item].index(first)]), (kind, item)


def test_name_class_and_date_are_written_on_rules_not_underscores(tmp_path_factory, school_renders):
    """A tab's underscore leader printed a row of heavy black underscores in LibreOffice; the PDF
    draws a thin rule under each write-on space, in the answer lines' grey, and so must the DOCX."""
    from pypdf import PdfReader

    from lessonpack.theme import theme_for

    for profile in PROFILES:
        theme = theme_for("A4", profile)
        for lesson in LESSONS:
            for kind in ("student-worksheet", "homework"):
                pdf = rendered(school_renders, paper(tmp_path_factory, profile, lesson, kind, "docx"))
                height, rows = printed_rows(pdf)[0]
                labels = {text.split()[0]: bottom for _, bottom, text in rows
                          if text.split() and text.split()[0] in ("Name:", "Class:")}
                assert set(labels) == {"Name:", "Class:"}, (profile, lesson, kind, rows[:8])
                assert not any("__" in text for _, _, text in rows), (profile, lesson, kind)
                reader = PdfReader(str(pdf))
                rules = [height - y for x0, x1, y in horizontal_rules(reader, reader.pages[0],
                                                                       int(theme.rule_width * 8) / 8)]
                for label, bottom in labels.items():  # a rule just under each row of labels
                    assert any(0 <= y - bottom < theme.body_size for y in rules), (profile, lesson, kind, label)


@pytest.mark.parametrize("kind", ["source-extracts", "homework"])
def test_a_source_s_head_that_fits_a_page_is_printed_whole_over_its_box(tmp_path_factory, school_renders, kind):
    """At 24 pt lesson 03's Source A's title, caption and eight-line headnote with three lines of its
    box nearly fill a page. LibreOffice printed the title, caption and half the headnote's sentence at
    the foot of a page, the box overleaf; now, as in the PDF, the head moves whole to the next page."""
    pages = page_texts(rendered(school_renders, paper(tmp_path_factory, "large-print-24", LESSONS[1], kind, "docx")))
    page = next(text for text in pages if "Source A: Stalin and the" in text)
    assert "struck against them in late 1917." in page and "After the revolution and the" in page, page[-300:]


@pytest.mark.parametrize("kind", ["source-extracts", "homework"])
def test_a_chart_source_taller_than_a_page_breaks_its_head_between_sentences_and_titles_the_chart(
        tmp_path_factory, school_renders, kind):
    """At 24 pt lesson 03's Source C (its title, caption, headnote and chart) is taller than a page.
    Both formats break its head between the headnote's sentences, and print the chart whole overleaf
    under the source's title again (the PDF's "Source C (continued)"), with the headnote's last
    sentence where it fits there. A page review found the DOCX's headnote broken mid-sentence at a
    page's foot ("… counted from 1920). In 1924") and the chart overleaf under no title; the PDF had
    once split the chart 1917–22 / 1923–26."""
    first, last, end, bars = ("Members early in each year", "In 1924 the 'Lenin Enrolment'",
                              "the party had over 1.1 million.", "Source of the figures")
    for pages, title in ((page_texts(paper(tmp_path_factory, "large-print-24", LESSONS[1], kind)), "Source C"),
                         (page_texts(rendered(school_renders, paper(tmp_path_factory, "large-print-24", LESSONS[1],
                                                                    kind, "docx"))), "Source C: Party membership")):
        head = next(i for i, text in enumerate(pages) if "Source C: Party membership" in text)
        chart = next(i for i, text in enumerate(pages) if bars in text)  # the line under the chart (a picture in the DOCX)
        assert first in pages[head] and (last in pages[head]) == (end in pages[head]), pages[head][-300:]
        assert chart == head + 1 and title in pages[chart], pages[chart][:300]
        if last not in pages[head]:
            assert pages[chart].index(title) < pages[chart].index(last) < pages[chart].index(end), pages[chart][:300]


def header_geometry(pdf: Path, theme) -> tuple[float, float, float]:
    """Page 1's running header as printed, from the page's top: its last baseline, the rule under it
    (a rule as wide as the text above the text area) and the first baseline under that rule."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    page = reader.pages[0]
    height = float(page.mediabox.height)
    rules = sorted(height - y for x0, x1, y in horizontal_rules(reader, page)
                   if x1 - x0 > theme.text_width * 0.95 and height - y < theme.margin_top + 40)
    assert rules, f"{pdf.name}: no rule under the running header"
    baselines = sorted({round(height - run.y, 1) for run in pdf_runs(pdf) if run.page == 0})
    return (max(b for b in baselines if b < rules[0]), rules[0], min(b for b in baselines if b > rules[0]))


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("kind", KINDS)
def test_the_running_header_has_the_pdfs_rule_and_the_body_stands_clear_of_it(tmp_path_factory, school_renders,
                                                                             profile, lesson, kind):
    """The DOCX's header had no rule, and at 24 pt its second line ended on the body's first: the
    worksheet's title touched it, the exit ticket's slip ran into it. Its last line, its rule and the
    body's first line now stand where the PDF's do."""
    from lessonpack.theme import theme_for

    theme = theme_for("A4", profile)
    pdf = header_geometry(paper(tmp_path_factory, profile, lesson, kind), theme)
    docx = header_geometry(rendered(school_renders, paper(tmp_path_factory, profile, lesson, kind, "docx")), theme)
    assert abs(docx[0] - pdf[0]) < 1.5 and abs(docx[1] - pdf[1]) < 1.5, (docx, pdf)
    assert docx[2] - docx[1] >= theme.body_size * 0.9, (docx, pdf)  # the body's first line clear of the rule


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_true_false_statement_s_boxes_stand_beside_its_first_line(tmp_path_factory, school_renders, lesson):
    """As the PDF prints them. At 24 pt a statement runs to three or more lines, and the boxes, centred
    in the row, stood beside its second or third line, level with no word of the statement's start."""
    statements = [s["text"] for q in questions_of(lesson, "true-false") for s in q["statements"]]
    if not statements:
        pytest.skip(f"lesson {lesson} has no true/false question")
    runs = pdf_runs(rendered(school_renders, paper(tmp_path_factory, "large-print-24", lesson, fmt="docx")))
    for statement in statements:
        start = opening(statement, 3)
        first = next(r for r in runs if r.text.startswith(start))
        boxes = [r for r in runs if r.page == first.page and r.text == "☐" and abs(r.y - first.y) < first.size]
        assert len(boxes) == 2, (statement, first, sorted({round(r.y) for r in runs if r.text == "☐"}))


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_large_print_true_false_question_s_four_statements_share_a_page_as_in_the_pdf(
        tmp_path_factory, school_renders, lesson):
    """At 24 pt the PDF sets the grid from the number's margin, its headings at body weight and each box
    column only as wide as its heading, so a stem and four statements fit a page. The DOCX kept the
    stem's indent and bold headings as wide as "False": lesson 02's Question 3 printed three statements
    on one page and the fourth alone on the next, 85 % blank."""
    statements = [s["text"] for q in questions_of(lesson, "true-false") for s in q["statements"]]
    if not statements:
        pytest.skip(f"lesson {lesson} has no true/false question")
    for fmt in ("pdf", "docx"):
        made = paper(tmp_path_factory, "large-print-24", lesson, fmt=fmt)
        runs = pdf_runs(rendered(school_renders, made) if fmt == "docx" else made)
        pages = {next(r.page for r in runs if r.text.startswith(opening(statement, 3))) for statement in statements}
        assert len(pages) == 1, (fmt, pages)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("kind", STUDENT_KINDS)
def test_a_question_s_label_is_its_number_line_not_a_second_number(tmp_path_factory, school_renders, profile,
                                                                   lesson, kind):
    """The label "Question 1" that heads a question's answer lines on each page they reach (a header
    row) is printed on its first page too: it is that question's number line there. Before, the
    number was printed again under it, "Question 1" over "1 Explain how…" (lesson 03's homework).
    (Further down, a matching question's item may start with the same number: "Question 4" over its
    lettered answers, then "4 Lenin".)"""
    pdf = rendered(school_renders, paper(tmp_path_factory, profile, lesson, kind, "docx"))
    for number, (_, rows) in enumerate(printed_rows(pdf), start=1):
        texts = [text for _, _, text in rows]
        twice = [under for label, under in zip(texts, texts[1:])
                 if (m := re.fullmatch(r"Question (\d{1,2})", label)) and re.match(rf"{m.group(1)} \S", under)]
        assert twice == [], (number, twice)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("kind", STUDENT_KINDS)
def test_a_question_s_marks_are_printed_once_as_in_the_pdf(tmp_path_factory, school_renders, profile, lesson, kind):
    """The row printed again over a question's options or box on the next page (its number and first
    paragraph) no longer carries its marks: at 24 pt lesson 02's homework printed "1 Put these events
    in order… [3 marks]" again over the last two ordering boxes, which read as a second question."""
    def marks(pdf: Path) -> int:
        return sum(len(re.findall(r"\[\d+ marks?\]", page)) for page in page_texts(pdf))

    pdf = paper(tmp_path_factory, profile, lesson, kind)
    assert marks(rendered(school_renders, paper(tmp_path_factory, profile, lesson, kind, "docx"))) == marks(pdf)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("kind", ("student-worksheet", "homework"))
def test_a_question_s_extension_breaks_across_pages_only_between_its_sentences(tmp_path_factory, school_renders,
                                                                               profile, lesson, kind):
    """As the PDF keeps a sentence whole. At 24 pt lesson 02's Question 10 printed "Extension: Which one
    source from 1905 or 1917 would you most like to" at a page's foot and "compare with the essay, and
    why?" overleaf, and lesson 03's Question 7 split its second sentence after "test this claim,"."""
    extensions = [q["extension"] for q in questions_of_any(lesson) if isinstance(q.get("extension"), str)]
    pages = page_texts(rendered(school_renders, paper(tmp_path_factory, profile, lesson, kind, "docx")))
    checked = 0
    for extension in extensions:
        if not any(opening(extension, 5) in page for page in pages):
            continue  # not in this document
        for sentence in re.split(r"(?<=[.?!])['’”)]?\s+(?=\S)", extension):
            words = " ".join(sentence.split())
            assert any(words in page for page in pages), (sentence, [p[-80:] for p in pages])
            checked += 1
    assert checked or not extensions or kind == "homework", "no extension read back: the test proves nothing"


def questions_of_any(lesson: str) -> list[dict]:
    """Every question the lesson's YAML writes, of any type."""
    import yaml

    from conftest import REPO

    return yaml.safe_load((REPO / "lessons" / f"{lesson}.yaml").read_text(encoding="utf-8")).get("questions", [])


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("lesson", LESSONS)
def test_a_key_words_box_starts_with_at_least_two_entries(tmp_path_factory, school_renders, profile, lesson):
    """As the PDF starts a list with two items: lesson 03's standard source extracts printed "Key words"
    at a page's foot with one of its ten entries, the other nine overleaf under the title again."""
    checked = 0
    for kind in ("student-worksheet", "source-extracts", "homework"):
        pages = page_texts(rendered(school_renders, paper(tmp_path_factory, profile, lesson, kind, "docx")))
        first = next((page for page in pages if "Key words" in page), None)  # the box's start (then its title again)
        if first is not None:
            assert first.split("Key words", 1)[1].count("•") >= 2, (kind, first[-200:])
            checked += 1
    assert checked, "no Key words box read back: the test proves nothing"


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("lesson", LESSONS)
def test_the_worksheet_s_marks_table_is_printed_whole(tmp_path_factory, school_renders, profile, lesson):
    """As the PDF prints it: at 24 pt lesson 03's worksheet split its marks table, rows 1-5 on one page
    and 6-10 and the total under its header again on the next."""
    if not any("awarded" in page for page in page_texts(paper(tmp_path_factory, profile, lesson, "student-worksheet"))):
        pytest.skip(f"lesson {lesson}'s worksheet has no marks table")
    pages = page_texts(rendered(school_renders, paper(tmp_path_factory, profile, lesson, "student-worksheet", "docx")))
    holding = [page for page in pages if "awarded" in page]  # the header "Marks awarded", in one or two lines
    assert len(holding) == 1, len(holding)
    assert "Total" in holding[0].split("awarded", 1)[1]


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("lesson", LESSONS)
@pytest.mark.parametrize("kind", ("student-worksheet", "teacher-notes"))
def test_a_title_of_two_lines_breaks_where_the_pdf_s_does(tmp_path_factory, school_renders, profile, lesson, kind):
    """On even lines ("Trotsky's following: / the workers, 1905 and 1917"): LibreOffice filled the first
    line and left "1917" alone on the second, "Stalin, the General Secretary and the / bureaucracy"."""
    import yaml

    from conftest import REPO

    title = yaml.safe_load((REPO / "lessons" / f"{lesson}.yaml").read_text(encoding="utf-8"))["title"]

    def title_rows(pdf: Path) -> set[str]:  # page 1's lines that are part of the title (the header's too)
        first = subprocess.run(["pdftotext", "-layout", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout
        rows = {re.sub(r"\s+", " ", row).strip() for row in first.splitlines()}
        return {row for row in rows if row and row in title and row != title}

    pdf = paper(tmp_path_factory, profile, lesson, kind)
    assert title_rows(pdf), "the PDF's title is on one line: the test proves nothing"
    assert title_rows(rendered(school_renders, paper(tmp_path_factory, profile, lesson, kind, "docx"))) == title_rows(pdf)

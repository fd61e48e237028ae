"""Where a DOCX page may break (issue 16): read back from the saved file (paragraphs' "keep with
next", rows' "can't split"), and, where LibreOffice is installed, from the pages it prints."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from conftest import course_in_profile, libreoffice_pdfs, page_texts
from pagecheck import heading_at_foot, question_without_answer_space, short_box_fragment
from pagecheck_docx import check_rendered_docx

from lessonpack import document as d
from lessonpack.theme import STANDARD, theme_for
from lessonpack.writers import write

INFO = d.DocumentInfo("Stalin", "Student worksheet", "History")
LINE_WORDS = "the workers elected their own deputies to the soviet"


def source(count: int = 12, glossary: bool = True) -> d.SourceBox:
    lines = tuple(d.ExtractLine(f"Line{n:02d} {LINE_WORDS}", n) for n in range(1, count + 1))
    return d.SourceBox("B", "Petrograd, 1917", "rfzo47, blog post, undated.", "The essay jumps to 1917.", lines,
                       glossary=(("soviet", "a council of workers"),) if glossary else ())


def filler(count: int) -> tuple[d.Block, ...]:
    return tuple(d.Paragraph((d.Text(f"Filler{n:02d} sets the scene for the source."),)) for n in range(count))


def question(number: str = "1", lines: int = 6) -> d.Question:
    stem = d.Paragraph((d.Text(f"Stem{number} Explain why the workers followed Trotsky in 1917."),))
    return d.Question(number, (stem,), 4, d.AnswerSpace("lines", lines))


def saved(blocks, theme=STANDARD) -> bytes:
    return write(d.Document(INFO, tuple(blocks)), theme, "docx")


def paragraphs(data: bytes) -> list:
    """Every paragraph of the body, table cells included, in order, as python-docx reads it back."""
    document = docx.Document(BytesIO(data))
    out = []

    def walk(container):
        for item in container.iter_inner_content():
            if isinstance(item, docx.table.Table):
                for row in item.rows:
                    for cell in dict.fromkeys(row.cells):  # a merged cell is listed once per column
                        walk(cell)
            else:
                out.append(item)
    walk(document)
    return out


def kept(data: bytes, words: str) -> bool:
    """Whether the first paragraph holding these words keeps with the next (by its own format or its style's)."""
    paragraph = next(p for p in paragraphs(data) if words in p.text)
    own = paragraph.paragraph_format.keep_with_next
    return bool(paragraph.style.paragraph_format.keep_with_next if own is None else own)


def rows(data: bytes) -> list:
    """Every table row of the saved document.xml, in order."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return list(root.iter(qn("w:tr")))


def row_text(row) -> str:
    return " ".join(t.text or "" for t in row.iter(qn("w:t")))


def cant_split(row) -> bool:
    flag = row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}")
    return flag is not None and flag.get(qn("w:val"), "true") in ("true", "1", "on")


# ----------------------------------------------------------------- the saved file


def test_a_sources_heading_caption_and_headnote_keep_with_its_first_three_lines():
    data = saved([source()])
    for start in ("Source B", "rfzo47", "The essay jumps", "Line01", "Line02"):
        assert kept(data, start), start
    assert not kept(data, "Line03")  # the box may break after its third line


def test_a_split_box_leaves_three_lines_on_the_next_page_and_its_glossary_with_them():
    data = saved([source(12)])
    assert [kept(data, f"Line{n:02d}") for n in range(9, 13)] == [False, True, True, True]
    assert [n for n in range(4, 10) if kept(data, f"Line{n:02d}")] == []  # free to break in between
    without = saved([source(12, glossary=False)])
    assert not kept(without, "Line12")


def test_a_question_keeps_its_first_two_answer_lines_in_its_table_on_one_page():
    data = saved([question(lines=6)])
    table_rows = rows(data)
    assert "Stem1" in row_text(table_rows[0])
    answer_rows = [row for row in table_rows if "AnswerLine" in [s.get(qn("w:val")) for s in row.iter(qn("w:pStyle"))]]
    styles = [p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) for p in answer_rows[0].iter(qn("w:p"))]
    assert styles == ["AnswerLine", "AnswerLine"] and cant_split(answer_rows[0])
    assert kept(data, "Stem1")  # the stem row keeps with the row of answer lines
    # the rest a line a row, under the stem repeated on a new page, free to run onto it, but never
    # the last line alone: the one before keeps with it
    assert [len(list(row.iter(qn("w:p")))) for row in answer_rows[1:]] == [1] * 4
    lines = [p for row in answer_rows[1:] for p in row.iter(qn("w:p"))]
    assert [p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in lines] == [False, False, True, False]


def is_header(row) -> bool:
    flag = row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    return flag is not None and flag.get(qn("w:val"), "true") in ("true", "1", "on")


def test_a_long_boxs_title_heads_each_page_and_keeps_its_first_paragraph_and_the_rest_may_break():
    """Lesson 02's "Key words" at 24 pt: the title alone at a page's foot, the box overleaf. The
    title is a header row, printed again over the rest (the PDF's "Key words (continued)"); each
    entry a row of its own (in one cell LibreOffice split them mid-sentence), which never splits
    while it is short: lesson 02's Mezhraiontsy entry, longer than a short paragraph, put every entry
    in one cell that could split anywhere. Only a paragraph taller than a third of a page may break."""
    entries = [d.Paragraph((d.Text(f"Entry{n:02d} " + "soviet " * 40),)) for n in range(12)]
    table_rows = rows(saved([d.Box("key-term", "Key words", tuple(entries))]))
    assert len(table_rows) == 13
    assert row_text(table_rows[0]).strip() == "Key words" and is_header(table_rows[0])
    assert [row_text(row).split()[0] for row in table_rows[1:]] == [f"Entry{n:02d}" for n in range(12)]
    assert all(cant_split(row) for row in table_rows)
    assert not any(is_header(row) for row in table_rows[1:])
    longer = [d.Paragraph((d.Text(f"Entry{n:02d} " + "soviet " * (60 if n == 2 else 40)),)) for n in range(12)]
    table_rows = rows(saved([d.Box("key-term", "Key words", tuple(longer))]))
    assert [row_text(row).split()[0] for row in table_rows[1:]] == [f"Entry{n:02d}" for n in range(12)]
    assert all(cant_split(row) for row in table_rows)
    tall = [*entries[:3], d.Paragraph((d.Text("Entry99 " + "soviet " * 800),)), *entries[3:]]
    table_rows = rows(saved([d.Box("key-term", "Key words", tuple(tall))]))
    assert [cant_split(row) for row in table_rows] == [True] * 4 + [False] + [True] * 9
    one = rows(saved([d.Box("warning", "Fact check", (d.Paragraph((d.Text("soviet " * 3000),)),))]))
    assert [row_text(row).split()[:1] for row in one] == [["Fact"], ["soviet"]] and is_header(one[0])
    assert [cant_split(row) for row in one] == [True, False]


def test_a_short_box_never_splits_and_a_long_one_may():
    def box(words: int) -> d.Box:
        return d.Box("warning", "Fact check", (d.Paragraph((d.Text(" ".join(["soviet"] * words)),)),))
    short, long = rows(saved([box(60)])), rows(saved([box(3000)]))
    assert cant_split(short[0]) and len(short) == 1
    assert not cant_split(long[-1])  # taller than a third of a page: it breaks rather than leave a gap


def test_no_table_row_splits_and_a_short_table_stays_whole():
    def table(count: int) -> d.Table:
        return d.Table(((d.Text("Item"),), (d.Text("Match"),)),
                       tuple(((d.Text(f"Row{n}"),), (d.Text("Head of the Provisional Government"),))
                             for n in range(count)))
    data = saved([table(4)])
    assert all(cant_split(row) for row in rows(data))
    assert all(kept(data, f"Row{n}") for n in range(3)) and not kept(data, "Row3")
    data = saved([table(80)])
    assert all(cant_split(row) for row in rows(data))
    assert not kept(data, "Row5")  # a long table breaks between rows


def test_a_short_teachers_section_stays_on_one_page():
    section = (d.Heading(3, (d.Text("Question 4 (4 marks)"),)),
               d.Paragraph((d.Text("Answer4 Model answer: the soviet elected him."),)),
               d.ListBlock(False, ((d.Paragraph((d.Text("Point4 one mark for the date"),)),),)))
    long = (d.Heading(3, (d.Text("Question 5 (8 marks)"),)),
            *(d.Paragraph((d.Text(f"Level{n} " + "the workers followed him " * 20),)) for n in range(12)))
    data = saved([*section, *long])
    assert kept(data, "Question 4") and kept(data, "Answer4") and not kept(data, "Point4")
    assert not kept(data, "Level0")


def test_a_short_mark_scheme_list_stays_whole_with_the_paragraph_before_it():
    points = d.ListBlock(False, tuple((d.Paragraph((d.Text(f"Point{n} a relevant kind of evidence (1)"),)),)
                                      for n in range(4)))
    long = d.ListBlock(False, tuple((d.Paragraph((d.Text(f"Long{n} " + "the workers followed him " * 12),)),)
                                    for n in range(20)))
    answer = d.Paragraph((d.Text("Model answer: " + "the soviet elected him " * 60),))
    data = saved([d.Paragraph((d.Text("Indicative content:"),)), points, answer, long])
    assert kept(data, "Indicative content:")
    assert not kept(data, "Model answer:")  # with a list taller than a third of a page: free to break
    assert [kept(data, f"Point{n}") for n in range(4)] == [True, True, True, False]
    assert not kept(data, "Long0")


def test_a_model_answer_of_several_lines_may_end_a_page_with_its_short_list_overleaf_as_in_the_pdf():
    """Kept with its list, lesson 03's Question 7 model answer went to the next page with it and
    the teacher notes took a page more than the PDF."""
    points = d.ListBlock(False, tuple((d.Paragraph((d.Text(f"Point{n} a relevant kind of evidence (1)"),)),)
                                      for n in range(3)))
    answer = d.Paragraph((d.Text("Model answer: " + "the soviet elected him " * 20),))
    data = saved([answer, points, d.Paragraph((d.Text("After."),))])
    assert not kept(data, "Model answer:")
    assert [kept(data, f"Point{n}") for n in range(3)] == [True, True, False]


def test_a_short_line_under_a_heading_keeps_with_the_first_question():
    data = saved([d.Heading(2, (d.Text("Questions"),)), d.Paragraph((d.Text("Total: 34 marks."),)), question()])
    assert kept(data, "Questions") and kept(data, "Total: 34 marks.")


# ----------------------------------------------------------------- as LibreOffice prints it


@pytest.fixture(scope="module")
def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("LESSONPACK_REQUIRE_CLIENTS") == "1":
            pytest.fail("LibreOffice (soffice) not installed (LESSONPACK_REQUIRE_CLIENTS=1)")
        pytest.skip("LibreOffice (soffice) not installed")
    return path


FILLERS = range(22, 40)
"""Paragraphs before the source or question: enough to meet the foot of the first standard page at each place."""


@pytest.fixture(scope="module")
def printed(soffice, tmp_path_factory) -> dict:
    """A source box and a question after each number of FILLERS, printed by LibreOffice in one call."""
    folder = tmp_path_factory.mktemp("docx-keep")
    names = []
    for n in FILLERS:
        for kind, block in (("source", source(12)), ("question", question())):
            (folder / f"{kind}-{n}.docx").write_bytes(saved([*filler(n), block, *filler(3)]))
            names.append(f"{kind}-{n}")
    pdfs = libreoffice_pdfs(soffice, [folder / f"{name}.docx" for name in names], folder)
    return dict(zip(names, pdfs))


def first_page(pages: list[str], word: str) -> int:
    return next(i for i, text in enumerate(pages) if word in text)


def test_libreoffice_prints_a_sources_heading_with_three_lines_and_three_after_a_break(printed):
    splits = 0
    for n in FILLERS:
        pages = page_texts(printed[f"source-{n}"].read_bytes())
        where = [first_page(pages, f"Line{i:02d}") for i in range(1, 13)]
        assert first_page(pages, "Source B") == where[2] == first_page(pages, "rfzo47"), n
        assert where[-3] == where[-1] == first_page(pages, "a council of workers"), n
        splits += where[0] != where[-1]
    assert splits, "no box met the page foot: the test proves nothing"


def test_libreoffice_prints_no_stranded_stem_heading_or_box_piece(printed):
    theme = theme_for("A4", "standard")
    checks = (heading_at_foot, short_box_fragment, question_without_answer_space)
    found = [f"{name}:{f.page}: {f.kind}" for name, pdf in printed.items() for f in check_rendered_docx(pdf, theme, checks)]
    assert found == []
    moved = [n for n in FILLERS if first_page(page_texts(printed[f"question-{n}"].read_bytes()), "Stem1") == 1]
    assert moved, "no question met the page foot: the test proves nothing"


def test_libreoffice_moves_a_heading_after_text_over_with_what_it_heads(soffice, tmp_path_factory, tmp_path):
    """LibreOffice left a heading kept with the next at a page's foot when text came straight
    before it: lesson 01's "Likely misconceptions" after Question 6's list, lesson 04's
    "Question 10" after Question 9's mark scheme, in the teacher notes."""
    course = course_in_profile(tmp_path_factory, "standard")
    files = [next(course.rglob(f"{lesson}_teacher-notes.docx")) for lesson in ("01-soviet-1905", "04-social-forces")]
    result = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                             "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, files)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    theme = theme_for("A4", "standard")
    found = [f"{docx.name}:{f.page}: {f.detail}" for docx in files
             for f in check_rendered_docx(tmp_path / f"{docx.stem}.pdf", theme, (heading_at_foot,))]
    assert found == []

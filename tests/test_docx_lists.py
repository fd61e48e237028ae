"""Numbered lists in the DOCX (issue 17): each item numbered once, in Word and in LibreOffice,
each list counting from its own start."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from io import BytesIO

import pytest
from docx.oxml.ns import qn
from lxml import etree

from lessonpack import document as d
from lessonpack.theme import STANDARD
from lessonpack.writers import write

INFO = d.DocumentInfo("Stalin", "Teacher notes", "History")


def numbered(start: int, *texts: str) -> d.ListBlock:
    return d.ListBlock(True, tuple((d.Paragraph((d.Text(text),)),) for text in texts), start)


BLOCKS = (d.Paragraph((d.Text("Correct order:"),)), numbered(1, "Trotsky leads the soviet", "Trotsky is arrested"),
          d.Paragraph((d.Text("Then:"),)), numbered(4, "Trotsky returns to Petrograd"))


def saved() -> bytes:
    return write(d.Document(INFO, BLOCKS), STANDARD, "docx")


def test_word_adds_no_number_of_its_own_to_an_item():
    """Word numbers a paragraph whose style (or a style it is based on) carries w:numPr."""
    with zipfile.ZipFile(BytesIO(saved())) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        styles = etree.fromstring(package.read("word/styles.xml"))
    by_id = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}

    def numbers_itself(style_id):
        while style_id:
            style = by_id[style_id]
            if style.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None:
                return True
            based = style.find(qn("w:basedOn"))
            style_id = None if based is None else based.get(qn("w:val"))
        return False

    items = [p for p in body.iter(qn("w:p")) if "Trotsky" in "".join(t.text or "" for t in p.iter(qn("w:t")))]
    assert len(items) == 3
    for p in items:
        assert p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is None
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        assert not numbers_itself(style.get(qn("w:val")))


def test_libreoffice_prints_each_item_with_its_number_once(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("LESSONPACK_REQUIRE_CLIENTS") == "1":
            pytest.fail("LibreOffice (soffice) not installed (LESSONPACK_REQUIRE_CLIENTS=1)")
        pytest.skip("LibreOffice (soffice) not installed")
    (tmp_path / "notes.docx").write_bytes(saved())
    result = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                             "--norestore", "--convert-to", "txt:Text", "--outdir", str(tmp_path),
                             str(tmp_path / "notes.docx")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in (tmp_path / "notes.txt").read_text(encoding="utf-8-sig").splitlines()
             if "Trotsky" in line]
    assert lines == ["1.\tTrotsky leads the soviet", "2.\tTrotsky is arrested", "4.\tTrotsky returns to Petrograd"]


def test_libreoffice_lines_up_a_large_print_item_s_wrapped_lines_with_its_text(tmp_path):
    """At large print 24 pt the number "1." is wider than Word's 18 pt list indent: the item's
    text, on its first line and the lines it wraps onto, starts right of the number."""
    from conftest import is_furniture, pdf_runs

    from lessonpack.theme import theme_for

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("LESSONPACK_REQUIRE_CLIENTS") == "1":
            pytest.fail("LibreOffice (soffice) not installed (LESSONPACK_REQUIRE_CLIENTS=1)")
        pytest.skip("LibreOffice (soffice) not installed")
    item = numbered(1, "Trotsky leads the St Petersburg Soviet after its first chairman is arrested")
    theme = theme_for("A4", "large-print-24")
    data = write(d.Document(INFO, (item,)), theme, "docx")
    (tmp_path / "notes.docx").write_bytes(data)
    result = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                             "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path),
                             str(tmp_path / "notes.docx")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    runs = [r for r in pdf_runs(tmp_path / "notes.pdf") if r.size > 20 and not is_furniture(r, theme)]
    lines = {}
    for run in runs:
        lines.setdefault(round(run.y), []).append(run)
    ordered = [sorted(line, key=lambda r: r.x) for _, line in sorted(lines.items(), reverse=True)]
    first, *rest = ordered[next(i for i, line in enumerate(ordered) if line[0].text == "1."):]  # below the header
    assert len(rest) >= 2, [[r.text for r in line] for line in ordered]
    text_start = first[1].x
    assert all(abs(line[0].x - text_start) < 1 for line in rest), (text_start, [line[0].x for line in rest])


def test_items_stand_a_paragraphs_space_apart_and_the_list_4_pt_more_from_what_follows_as_in_the_pdf():
    """Word's contextual spacing set a list's items close together, where the PDF spaces them as
    paragraphs: a page of the DOCX held more than the PDF's, and pages broke elsewhere."""
    import docx

    doc = docx.Document(BytesIO(saved()))
    items = [p for p in doc.paragraphs if p.style.name == "Numbered Item"]
    normal = doc.styles["Normal"].paragraph_format.space_after.pt

    def space_after(paragraph) -> float:
        own = paragraph.paragraph_format.space_after
        style = paragraph.style.paragraph_format.space_after
        return own.pt if own is not None else style.pt if style is not None else normal

    def contextual(paragraph) -> bool:
        style = paragraph.style
        while style is not None:
            if style.element.find(f"{qn('w:pPr')}/{qn('w:contextualSpacing')}") is not None:
                return True
            style = style.base_style
        return paragraph._p.find(f"{qn('w:pPr')}/{qn('w:contextualSpacing')}") is not None

    assert not any(contextual(item) for item in items)
    assert [space_after(item) for item in items] == [STANDARD.paragraph_space, STANDARD.paragraph_space + 4,
                                                     STANDARD.paragraph_space + 4]


def printed_bullet_indent(pdf: bytes) -> list[float]:
    """Points from each printed bullet to the text after it on its line, read back with poppler."""
    import re

    with open_temp(pdf) as path:
        out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True).stdout
    words = [(float(x), round(float(y)), t) for x, y, t in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<', out)]
    gaps = []
    for x, y, text in words:
        if text == "•":
            after = sorted(w for w in words if w[1] == y and w[0] > x)
            gaps.append(round(after[0][0] - x, 1))
    return gaps


def open_temp(data: bytes):
    import contextlib
    import tempfile
    from pathlib import Path

    @contextlib.contextmanager
    def opened():
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "paper.pdf"
            path.write_bytes(data)
            yield path
    return opened()


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_a_bulleted_items_text_stands_as_far_from_its_bullet_as_in_the_pdf(profile):
    """At the numbers' indent (1.75 em) a 24 pt bulleted item stood 16 pt further in than the PDF's and
    wrapped onto more lines: lesson 03's key words took a page more in the DOCX."""
    import docx

    from lessonpack.theme import theme_for

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler reads the PDF")
    theme = theme_for("A4", profile)
    bullets = d.ListBlock(False, ((d.Paragraph((d.Text("Trotsky leads the soviet"),)),),), 1)
    document = d.Document(INFO, (bullets,))
    (pdf_indent,) = printed_bullet_indent(write(document, theme, "pdf"))
    item = next(p for p in docx.Document(BytesIO(write(document, theme, "docx"))).paragraphs if "Trotsky" in p.text)
    hang = -(item.paragraph_format.first_line_indent or item.style.paragraph_format.first_line_indent).pt
    assert abs(hang - pdf_indent) < 0.5, (hang, pdf_indent)


def test_the_items_of_a_long_key_words_box_stand_4_pt_apart_as_in_the_pdf():
    """The PDF prints a long titled box of items a row per item, 4 pt apart; the DOCX's rows kept each
    item's paragraph space (13 pt at 24 pt), and lesson 03's large-print homework took a page more."""
    import docx

    from lessonpack.theme import theme_for

    theme = theme_for("A4", "large-print-24")
    entries = tuple((d.Paragraph((d.Strong((d.Text(f"word{n}"),)), d.Text(": " + "a council of workers " * 6))),)
                    for n in range(10))
    box = d.Box("key-term", "Key words", (d.ListBlock(False, entries, 1),))
    word = docx.Document(BytesIO(write(d.Document(INFO, (box,)), theme, "docx")))
    items = [p for table in word.tables for row in table.rows for p in row.cells[0].paragraphs
             if p.style.name == "Bulleted Item"]
    assert len(items) == 10
    assert [p.paragraph_format.space_after.pt for p in items[:-1]] == [4.0] * 9

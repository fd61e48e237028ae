"""A source box or a titled box (a fact check, key words) that runs onto a new page is headed there
by its title, as LibreOffice prints the DOCX: the PDF prints "Source B (continued)" and "Fact check
(continued)"; the DOCX's title is its table's header row, printed again on each page the box
reaches (Word and LibreOffice cannot print a row only where a page breaks), once on the first."""

from __future__ import annotations

from conftest import libreoffice_pdfs, page_texts
from test_docx_keep import filler, saved, soffice, source  # noqa: F401 (a fixture)

from lessonpack import document as d

FILLERS = range(22, 40, 3)
"""Paragraphs before the box: it meets the foot of the first standard page at each place."""


def fact_check() -> d.Box:
    notes = tuple(d.Paragraph((d.Text(f"Note{n:02d} the essay says the soviet elected him, but the minutes "
                                      "of the soviet name another chairman in October 1905."),))
                  for n in range(14))
    return d.Box("warning", "Fact check", notes)


def test_libreoffice_prints_a_boxs_title_over_its_rest_on_the_next_page(soffice, tmp_path):  # noqa: F811
    names = []
    for n in FILLERS:
        (tmp_path / f"source-{n}.docx").write_bytes(saved([*filler(n), source(24), *filler(2)]))
        (tmp_path / f"fact-{n}.docx").write_bytes(saved([*filler(n), fact_check(), *filler(2)]))
        names += [f"source-{n}", f"fact-{n}"]
    libreoffice_pdfs(soffice, [tmp_path / f"{name}.docx" for name in names], tmp_path)
    ran_over = set()
    for name in names:
        title, item = ("Source B: Petrograd, 1917", "Line") if name.startswith("source") else ("Fact check", "Note")
        pages = [text for text in page_texts((tmp_path / f"{name}.pdf").read_bytes()) if f"{item}0" in text
                 or f"{item}1" in text or f"{item}2" in text]
        if len(pages) > 1:
            ran_over.add(name.split("-")[0])
        for text in pages:  # the title on each page, over the box's first line there, once
            first = min(text.index(f"{item}{digit}") for digit in "012" if f"{item}{digit}" in text)
            assert text.count(title) == 1 and text.index(title) < first, (name, text[:300])
    assert ran_over == {"source", "fact"}, "no box ran onto a new page: the test proves nothing"


def key_words() -> d.Box:
    entries = tuple(d.Paragraph((d.Strong((d.Text(f"Kw{n:02d}a"),)), d.Text(
        ": a word the essay uses, glossed at length so that its entry runs to three lines on the standard "
        f"page and could break between them where the page ends Kw{n:02d}z"),)) for n in range(12))
    return d.Box("key-term", "Key words", entries)


def test_libreoffice_breaks_a_titled_box_between_its_short_entries(soffice, tmp_path):  # noqa: F811
    """A key word's entry is printed whole on one page (in one cell, LibreOffice split entries
    mid-sentence and could end a booklet with a page of one line)."""
    names = []
    for n in FILLERS:
        (tmp_path / f"words-{n}.docx").write_bytes(saved([*filler(n), key_words(), *filler(2)]))
        names.append(f"words-{n}")
    libreoffice_pdfs(soffice, [tmp_path / f"{name}.docx" for name in names], tmp_path)
    split = 0
    for name in names:
        pages = page_texts((tmp_path / f"{name}.pdf").read_bytes())
        split += sum(1 for text in pages if "Kw" in text and "Key words" in text) > 1
        for n in range(12):
            assert [i for i, text in enumerate(pages) if f"Kw{n:02d}a" in text] == [
                i for i, text in enumerate(pages) if f"Kw{n:02d}z" in text], (name, n)
    assert split  # the box did run over a page

"""A question in parts (a), (b) in the DOCX, as LibreOffice prints it: never a page that starts with a
part under no number. The PDF heads such a page "Question 7 (continued)"; the DOCX cannot print text
only where a page breaks, so a question in parts that fits a page is kept on one (lesson 01's dyslexia
worksheet started a page with "(b) Give one way in which it was not completely new")."""

from __future__ import annotations

import pytest

from conftest import libreoffice_pdfs, page_texts
from test_docx_keep import filler, saved, soffice  # noqa: F401 (a fixture)

from lessonpack import document as d
from lessonpack.theme import theme_for

FILLERS = range(18, 40, 2)
"""Paragraphs before the question: enough to meet the foot of the first page at each place."""


def in_parts() -> d.Question:
    stem = d.Paragraph((d.Text("Stem7 Was the soviet really 'brand new', as Source A says? Use Source A."),))
    parts = tuple(d.Question(f"({letter})", (d.Paragraph((d.Text(f"Part{letter} Give one way in which it was "
                                                                   "new, and explain it."),)),),
                             2, d.AnswerSpace("lines", 3), part=True) for letter in "ab")
    return d.Question("7", (stem, *parts), 4, d.AnswerSpace("none"))


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["standard", "dyslexia"])
def test_no_page_starts_with_a_part_under_no_number(soffice, tmp_path, profile):  # noqa: F811
    theme = theme_for("A4", profile)
    files = []
    for n in FILLERS:
        path = tmp_path / f"parts-{n}.docx"
        path.write_bytes(saved([*filler(n), in_parts(), *filler(3)], theme))
        files.append(path)
    moved = 0
    for n, pdf in zip(FILLERS, libreoffice_pdfs(soffice, files, tmp_path)):
        pages = page_texts(pdf.read_bytes())
        where = {word: next(i for i, text in enumerate(pages) if word in text) for word in ("Stem7", "Parta", "Partb")}
        assert where["Stem7"] == where["Parta"] == where["Partb"], (n, where)
        moved += where["Stem7"] == 1
    assert moved, "no question met the page foot: the test proves nothing"

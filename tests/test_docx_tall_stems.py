"""The large-print questions whose stem and sentence starters fill most of a page (the cases of
tests/test_large_print_stems.py), written to DOCX and printed by LibreOffice at every place on the
page: no question number stands on a page without its answer lines."""

from __future__ import annotations

import pytest

from conftest import libreoffice_pdfs
from pagecheck import question_without_answer_space
from pagecheck_docx import check_rendered_docx
from test_docx_keep import soffice  # noqa: F401 (a fixture)
from test_large_print_stems import NO_STARTERS, TALL, UNDER_HEADING

from lessonpack import document as d
from lessonpack.markup import Parser
from lessonpack.theme import theme_for
from lessonpack.writers import write

FILLERS = (0, 2, 4, 6, 9, 12, 14)
"""One-line paragraphs before the question: the question starts at each place on the first page."""


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["large-print-24", "large-print-36"])
def test_a_tall_question_s_number_never_stands_on_a_page_without_its_answer_lines(
        soffice, tmp_path, profile):  # noqa: F811 (the fixture imported above)
    theme = theme_for("A4", profile)
    files = []
    for name, markup in (("tall", TALL), ("no-starters", NO_STARTERS), ("under-heading", UNDER_HEADING)):
        for filler in FILLERS:
            blocks = (*(d.Paragraph((d.Text(f"Line {n}."),)) for n in range(filler)), *Parser().parse(markup))
            document = d.Document(d.DocumentInfo("A lesson", "Student worksheet", "A course"), blocks)
            path = tmp_path / f"{name}-{filler}.docx"
            path.write_bytes(write(document, theme, "docx"))
            files.append(path)
    found = [f"{docx.name}:{f.page}: {f.detail}" for docx, pdf in zip(files, libreoffice_pdfs(soffice, files, tmp_path))
             for f in check_rendered_docx(pdf, theme, (question_without_answer_space,), docx)]
    assert found == []

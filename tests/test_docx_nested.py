"""A short table under a question's stem (a word bank, a matching grid) stays on its stem's page in
the DOCX as LibreOffice prints it (issue 16): a table of its own after the question's table was left
overleaf, since LibreOffice keeps no table with what follows it; nested in a row of the question's
table that never splits, it moves with the rows above as Word and LibreOffice keep rows."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest

from conftest import libreoffice_pdfs, page_texts
from test_docx_keep import filler, saved, soffice  # noqa: F401  (a fixture)

from lessonpack import document as d

GAP_TEXT = "Gaptext Stalin took up his new party post in April (1) ____________________ and kept it."
WORDS = ("1917", "1922", "Bankword", "Trotsky", "Zinoviev")


def gap_fill() -> d.Question:
    stem = d.Paragraph((d.Text("Stemgap Fill each gap with a word from the word bank."),))
    return d.Question("4", (stem, d.Paragraph((d.Text(GAP_TEXT),)), d.WordBank(WORDS)), 5,
                      d.AnswerSpace("none", 0))


def matching() -> d.Question:
    stem = d.Paragraph((d.Text("Stemmatch Match each term to its meaning."),))
    header = ((), (d.Text("Item"),), (d.Text("Your letter"),), (d.Text("Match"),))
    rows = tuple(((d.Text(str(n)),), (d.Text(f"Gridterm{n}"),), (), (d.Text(f"{'ABCDE'[n - 1]}. a meaning"),))
                 for n in range(1, 6))
    return d.Question("3", (stem, d.Paragraph((d.Text("Write the letter of each answer."),)),
                            d.Table(header, rows, answer_column=2)), 5, d.AnswerSpace("none", 0))


def test_a_word_bank_is_written_in_a_row_of_its_question_s_table():
    document = docx.Document(BytesIO(saved([gap_fill()])))
    question = next(table for table in document.tables if "Stemgap" in table.rows[0].cells[-1].text)
    assert any("Bankword" in inner.cell(0, 0).text for row in question.rows[1:] for cell in row.cells
               for inner in cell.tables)
    assert any(GAP_TEXT[:20] in cell.text for row in question.rows for cell in row.cells)


FILLERS = range(30, 44)
"""Paragraphs before the question: enough to bring its table to the foot of the first page at each place."""


@pytest.fixture(scope="module")
def printed(soffice, tmp_path_factory) -> dict:  # noqa: F811
    folder = tmp_path_factory.mktemp("docx-nested")
    names = []
    for n in FILLERS:
        for kind, block in (("gap", gap_fill()), ("match", matching())):
            (folder / f"{kind}-{n}.docx").write_bytes(saved([*filler(n), block, *filler(3)]))
            names.append(f"{kind}-{n}")
    pdfs = libreoffice_pdfs(soffice, [folder / f"{name}.docx" for name in names], folder)
    return dict(zip(names, pdfs))


@pytest.mark.parametrize("kind, stem, table", [("gap", GAP_TEXT.split()[0], "Bankword"),
                                               ("match", "Write the letter", "Gridterm1")])
def test_libreoffice_prints_a_short_table_on_the_page_of_the_text_above_it(printed, kind, stem, table):
    moved = 0
    for n in FILLERS:
        pages = page_texts(printed[f"{kind}-{n}"].read_bytes())
        at = [next(i for i, text in enumerate(pages) if word in text) for word in (stem, table)]
        assert at[0] == at[1], f"{n} paragraphs before: the text on page {at[0] + 1}, the table on {at[1] + 1}"
        moved += at[0] == 1
    assert moved, "no question met the page foot: the test proves nothing"

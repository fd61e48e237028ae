"""Captions, headnotes, glossaries, table text and marks: read at a size a student reads without effort.

Exam boards print provenance and sources at body size; the standard paper prints these within
1 pt of its body text and never under 9.5 pt, in the PDF and in the DOCX.
"""

from __future__ import annotations

import io

import docx
import pytest
from PIL import Image

from conftest import pdf_runs
from lessonpack import document as d
from lessonpack.document import Document, DocumentInfo
from lessonpack.markup import Parser
from lessonpack.theme import PROFILES, theme_for
from lessonpack.writers import write


def figure_docx(profile: str) -> docx.Document:
    image = io.BytesIO()
    Image.new("RGB", (8, 6), "white").save(image, "PNG")
    figure = d.Figure("map.png", "A map of Petrograd", "Petrograd in 1917.", image.getvalue())
    document = Document(DocumentInfo("A lesson", "Student worksheet", "A course"), (figure,))
    return docx.Document(io.BytesIO(write(document, theme_for("A4", profile), "docx")))


SOURCE = d.SourceBox("A", "Trotsky and the workers", "rfzo47, blog post, undated.",
                     "The author has just described the soviet.",
                     tuple(d.ExtractLine(f"Line {n} of the extract, as the essay prints it.", n) for n in range(1, 7)),
                     glossary=(("soviet", "a council of workers' delegates"),))
MARKS = Parser().parse(":::: question 1 marks=4 space=lines lines=2\n\nWhy did workers follow Trotsky?\n\n::::\n")


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_provenance_and_headnote_print_within_a_point_of_the_body_and_glossary_and_marks_at_9_5_pt(tmp_path, profile):
    theme = theme_for("A4", profile)
    document = Document(DocumentInfo("A lesson", "Student worksheet", "A course"), (SOURCE, *MARKS))
    path = tmp_path / "sheet.pdf"
    path.write_bytes(write(document, theme, "pdf"))
    runs = pdf_runs(path)

    def size_of(text: str) -> float:
        return next(r.size for r in runs if r.text.startswith(text))

    body = size_of("Why did workers")
    for text in ("rfzo47", "The author has just"):  # provenance and headnote
        assert body - 1 - 0.05 <= size_of(text) <= body + 0.05, text
    for text in ("soviet", "[4 marks]"):
        assert size_of(text) >= 9.5 - 0.05, text


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_a_figure_s_caption_in_the_docx_prints_at_the_paper_s_note_size(profile):
    """Word's own Caption style is 9 pt whatever the paper."""
    written = figure_docx(profile)
    caption = next(p for p in written.paragraphs if p.text == "Petrograd in 1917.")
    size = next((r.font.size for r in caption.runs if r.font.size), None) or caption.style.font.size
    assert size.pt == pytest.approx(theme_for("A4", profile).note)


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_a_two_digit_marks_label_stays_on_one_line(tmp_path, profile):
    """The marks column holds "[12 marks]" at the paper's note size: it never wraps to "[12" / "marks]"."""
    markup = ":::: question 1 marks=12 space=lines lines=2\n\nHow far was Trotsky's defeat caused by social forces?\n\n::::\n"
    document = Document(DocumentInfo("A lesson", "Student worksheet", "A course"), Parser().parse(markup))
    path = tmp_path / "sheet.pdf"
    path.write_bytes(write(document, theme_for("A4", profile), "pdf"))
    opening = next(r for r in pdf_runs(path) if r.text.startswith("[12"))
    assert opening.text == "[12 marks]"

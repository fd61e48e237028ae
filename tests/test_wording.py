"""Every fixed word both writers print comes from one table (lessonpack.wording): a changed
table changes what the PDF and the DOCX print, and every entry in it is printed somewhere."""

from __future__ import annotations

import dataclasses
import string
from io import BytesIO

import docx
import pytest
from pypdf import PdfReader

from lessonpack import document as d
from lessonpack import wording
from lessonpack.markup import Parser
from lessonpack.theme import STANDARD
from lessonpack.writers import write

INFO = d.DocumentInfo("A lesson", "Student worksheet", "A course", student="Zoë Ångström", group="10B")
"""A class-set copy's, so its footer prints whose copy it is."""

EVERY_WORD = """::: details
:::

:::: question 1 marks=1 minutes=5 space=lines lines=60

Explain Source A, line 1, in a ____.

::::

:::: question 2 marks=4 space=none

Decide.

::: truefalse
- Stalin was General Secretary.
:::

::: wordbank
- purge
- show trial
:::

::::
"""


def every_word_document() -> d.Document:
    """A document that prints every entry of the wording table in at least one format."""
    short = (("NEP", "New Economic Policy"),)
    long = tuple((f"word{i}", "a meaning long enough to need a glossary of its own rows " * 3) for i in range(60))
    lines = (d.ExtractLine("It was a cold morning.", 1, 1),)
    many = tuple(d.ExtractLine(f"The morning was cold, line {n}.", n) for n in range(1, 121))  # runs overleaf
    sources = (d.SourceBox("A", "A speech", "Stalin, 1931", "", lines, adapted=True, glossary=short),
               d.SourceBox("B", "A letter", "Lenin, 1922", "", lines, glossary=long),
               d.SourceBox("C", "A diary", "Trotsky, 1924", "", many),
               d.SourceBox("C", "A diary", "Trotsky, 1924", "", many, adapted=True))  # both run overleaf
    timeline = d.Timeline("Key dates", (d.TimelineEvent("1917", 1917, "Revolution"),))
    figures = d.Statistics(("Year", "Strikes"), (("1905", (13995.0,)), ("1906", (6114.0,))), "strikes recorded",
                           "Factory inspectorate", "table", "")
    statistics = d.SourceItem("D", "Strikes", "Figures of 1908", "", figures)
    return d.Document(INFO, (*Parser().parse(EVERY_WORD), *sources, timeline, statistics))


def pdf_words(data: bytes) -> str:
    """Every word a reader of the PDF sees: each page (with its header and footer), and the title."""
    reader = PdfReader(BytesIO(data))
    return "\n".join([page.extract_text() or "" for page in reader.pages] + [reader.metadata.title or ""])


def docx_words(data: bytes) -> str:
    """Every word a reader of the DOCX sees: the body with its tables, header, footer and title."""
    document = docx.Document(BytesIO(data))
    texts: list[str] = []

    def walk(parent) -> None:
        for child in parent.iter_inner_content():
            if isinstance(child, docx.table.Table):
                for row in child.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                texts.append(child.text)

    walk(document)
    section = document.sections[0]
    texts += [p.text for p in (*section.header.paragraphs, *section.footer.paragraphs)]
    return "\n".join([*texts, document.core_properties.title])


LONG_TITLES = d.DocumentInfo("Stalin, the General Secretary and the bureaucracy", "Student worksheet",
                             "Personality in History: Stalin vs Trotsky")
"""Titles that take a large print's whole header: its kind goes to the footer (`page_of_kind`)."""


def built(document: d.Document, theme=STANDARD) -> tuple[str, str]:
    return (pdf_words(write(document, theme, "pdf")), docx_words(write(document, theme, "docx")))


def marked(value: str, marker: str) -> str:
    """A table entry replaced by a word found nowhere else, keeping its placeholders."""
    names = [name for _, name, _, _ in string.Formatter().parse(value) if name]
    return " ".join([marker, *(f"{{{name}}}" for name in names)])


def test_a_changed_marks_label_prints_in_both_files(monkeypatch):
    table = dataclasses.replace(wording.WORDING, marks_many="({n} Punkte)", marks_one="({n} Punkt)")
    monkeypatch.setattr(wording, "WORDING", table)
    pdf, docx_text = built(every_word_document())
    for text in (pdf, docx_text):
        assert "(4 Punkte)" in text and "(1 Punkt)" in text
        assert "[4 marks]" not in text and "[1 mark]" not in text


def test_the_english_table_prints_as_before():
    pdf, docx_text = built(every_word_document())
    for text in (pdf, docx_text):
        for words in ("[1 mark]", "[4 marks]", "5 min", "True", "False", "Word bank:",
                      "Source A (adapted): A speech", "Glossary — ", "Name:", "Class:", "Date:"):
            assert words in text
    assert "Page 1 of " in pdf and "Question 1 (continued)" in pdf


@pytest.fixture
def marked_table(monkeypatch) -> dict[str, str]:
    """The wording table with every entry a marker of its own: field name -> marker."""
    markers, changes = {}, {}
    for number, field in enumerate(dataclasses.fields(wording.Wording)):
        value = getattr(wording.WORDING, field.name)
        marker = f"Zq{chr(ord('a') + number // 26)}{chr(ord('a') + number % 26)}"
        if isinstance(value, tuple):
            changes[field.name] = tuple(f"{marker}{i}" for i in range(len(value)))
            markers.update({f"{field.name}[{i}]": f"{marker}{i}" for i in range(len(value))})
        else:
            changes[field.name] = marked(value, marker)
            markers[field.name] = marker
    monkeypatch.setattr(wording, "WORDING", dataclasses.replace(wording.WORDING, **changes))
    return markers


SHARED = ("marks_one", "marks_many", "minutes", "true", "false", "word_bank", "source", "adapted",
          "glossary_run_on", "details_field", "details_labels[0]", "details_labels[1]", "details_labels[2]",
          "running_title", "page_of", "document_title", "copy_owner")
"""The entries both formats print: each must come from the table in both."""


CONTEXT = ("line_numbers_shared", "line_numbers_own", "large_print_paper", "own_paper", "question_elsewhere",
           "adapted_caption")
"""Entries a template prints, handed to it in the context (`line_numbers`, a homework question's
"Question 3 on the worksheet", an adapted source's caption), not by a writer."""


SPOKEN = ("logo_alt", "logo_alt_unnamed", "chart_alt", "chart_kinds[0]", "chart_kinds[1]", "chart_kinds[2]")
"""Entries a screen reader reads, not printed: the school logo's alt text (tested below), and a
chart's figures in words, made when the course loads (source_blocks.py)."""


def test_every_entry_of_the_wording_table_is_printed(marked_table):
    pdf, docx_text = built(every_word_document())
    from lessonpack.theme import theme_for

    large_pdf, large_docx = built(d.Document(LONG_TITLES, Parser().parse("A paragraph.")),
                                  theme_for("A4", "large-print-18"))
    html = "".join(write(every_word_document(), STANDARD, "html", fillable=fillable).decode("utf-8")
                   for fillable in (False, True))  # the words only a screen shows
    unused = [name for name, marker in marked_table.items()
              if marker not in pdf + large_pdf and marker not in docx_text + large_docx and marker not in html
              and name not in CONTEXT + SPOKEN]
    assert not unused, f"entries no writer prints: {unused}"
    one_sided = [name for name in SHARED if marked_table[name] not in pdf or marked_table[name] not in docx_text]
    assert not one_sided, f"entries only one format takes from the table: {one_sided}"


def test_the_line_numbers_sentence_comes_from_the_table(marked_table):
    """The teacher notes' "Line numbers are those of …", for a shared, a large-print and a school's paper."""
    from lessonpack.context import line_numbers
    from lessonpack.theme import MM, theme_for

    said = " ".join(line_numbers(theme) for theme in (
        None, theme_for("A4", "large-print-24"), dataclasses.replace(STANDARD, margin_left=60 * MM)))
    assert [name for name in CONTEXT if marked_table[name] not in said
            and name not in ("question_elsewhere", "adapted_caption")] == []


def test_an_adapted_sources_caption_comes_from_the_table(marked_table):
    """ "Adapted (simplified) from Source A, numbered on its own: a question's line numbers are those of
    Source A, not these." """
    from lessonpack.extract import adapted_caption

    assert marked_table["adapted_caption"] in adapted_caption("A")


def test_a_reference_to_a_question_the_sheet_leaves_out_comes_from_the_table(marked_table):
    from lessonpack.questions import renumber

    said = renumber("Use your answer to Question 3.", {8: 1}, {3: 3, 8: 8})
    assert marked_table["question_elsewhere"] in said and "Question 3" in said


def test_the_logos_alt_text_comes_from_the_table(marked_table):
    from PIL import Image

    picture = BytesIO()
    Image.new("RGB", (30, 30), "navy").save(picture, "PNG")
    logo = d.Logo(picture.getvalue(), 30.0, 30.0, "crest.png")
    said = []
    for school in ("Northfield Academy", ""):
        info = dataclasses.replace(INFO, school=school, logo=logo)
        document = docx.Document(BytesIO(write(d.Document(info, ()), STANDARD, "docx")))
        header = document.sections[0].header._element  # noqa: SLF001 - the picture's descr attribute
        said += [node.get("descr") for node in header.iter() if node.get("descr") is not None]
    assert marked_table["logo_alt"] in said[0] and "Northfield Academy" in said[0]
    assert marked_table["logo_alt_unnamed"] in said[1]

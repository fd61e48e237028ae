"""Vertical space in the DOCX as the PDF leaves it, so LibreOffice and Word set as much on a page.

reportlab takes the larger of a paragraph's space below and a heading's space above, and none
above a heading at the top of the page; Word and LibreOffice add the two and keep it at the top. The
DOCX says the PDF's distances outright: every heading after text stood 6 pt lower than in the PDF,
and a title's lines closed up under the body's line spacing."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest

from lessonpack import document as d
from lessonpack.theme import theme_for
from lessonpack.writers import write


def written(blocks, profile: str):
    theme = theme_for("A4", profile)
    data = write(d.Document(d.DocumentInfo("A lesson", "Mark scheme", "A course"), tuple(blocks)), theme, "docx")
    return docx.Document(BytesIO(data)), theme


def space(paragraph, side: str) -> float:
    """A paragraph's space above or below, its own or its style's (and the styles it is based on)."""
    own = getattr(paragraph.paragraph_format, side)
    style = paragraph.style
    while own is None and style is not None:
        own, style = getattr(style.paragraph_format, side), style.base_style
    return 0.0 if own is None else own.pt


def text(words: str) -> d.Paragraph:
    return d.Paragraph((d.Text(words),))


def heading(level: int, words: str) -> d.Heading:
    return d.Heading(level, (d.Text(words),))


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_headings_stand_as_far_below_text_and_headings_as_in_the_pdf(profile):
    doc, t = written([heading(1, "Mark scheme: Trotsky's following"), text("Total marks: 34."),
                      heading(3, "Question 1 (2 marks)"), heading(3, "Question 2 (1 mark)"), text("Answer: C")],
                     profile)
    by_text = {p.text.replace("\n", " "): p for p in doc.paragraphs if p.text}  # a title on even lines has breaks
    title, total = by_text["Mark scheme: Trotsky's following"], by_text["Total marks: 34."]
    first, second = by_text["Question 1 (2 marks)"], by_text["Question 2 (1 mark)"]
    assert space(title, "space_before") == 0  # the top of the page
    h3 = t.heading_sizes[2]
    assert space(total, "space_after") + space(first, "space_before") == pytest.approx(
        max(t.paragraph_space, h3 * t.heading_space_above), abs=0.05)
    assert space(first, "space_after") + space(second, "space_before") == pytest.approx(
        max(h3 * t.heading_space_below, h3 * t.heading_space_above), abs=0.05)


@pytest.mark.parametrize("profile", ["standard", "large-print-24"])
def test_a_headings_lines_are_its_own_leading_apart(profile):
    doc, t = written([heading(1, "Stalin, the General Secretary and the bureaucracy " * 2)], profile)
    title = next(p for p in doc.paragraphs if p.text)
    spacing = title.paragraph_format.line_spacing or title.style.paragraph_format.line_spacing
    assert spacing.pt == pytest.approx(t.leading(t.heading_sizes[0]), abs=0.05)


@pytest.mark.parametrize("profile", ["standard", "large-print-18", "large-print-24", "large-print-36"])
def test_the_footer_s_line_stands_inside_the_bottom_margin_not_in_the_text_area(profile):
    """Word and LibreOffice push the text area up by as much as the footer's line stands above the
    bottom margin: at 24 pt, a 24 pt footer line 26 pt under the margin left each page about 2 pt
    shorter than the PDF's, at 36 pt 16 pt. The line is as tall as DejaVu's ascent and descent
    (1.164 em) at the Footer style's size; its foot is the section's footer distance from the edge."""
    document, theme = written([d.Paragraph((d.Text("Text."),))], profile)
    section = document.sections[0]
    size = document.styles["Footer"].font.size.pt
    assert size == theme.small_size
    assert section.footer_distance.pt + 1.164 * size <= section.bottom_margin.pt + 0.05
    assert section.footer_distance.pt >= theme.header_clearance - 0.5  # off the paper's unprintable edge

"""Numbered lists in the PDF: the label keeps its own room at every print size."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from lessonpack import document as d
from lessonpack.theme import theme_for
from lessonpack.writers import write

INFO = d.DocumentInfo("Stalin", "Mark scheme", "History")


def numbered(*texts: str) -> d.ListBlock:
    return d.ListBlock(True, tuple((d.Paragraph((d.Text(text),)),) for text in texts), 9)


@pytest.mark.parametrize("profile", ["standard", "large-print-24", "large-print-36"])
def test_a_number_label_never_runs_into_an_item_that_starts_with_digits(profile):
    pdf = write(d.Document(INFO, (numbered("1905 the soviet", "1917 the return"),)),
                theme_for(profile=profile), "pdf")
    words = []
    PdfReader(BytesIO(pdf)).pages[0].extract_text(visitor_text=lambda text, cm, tm, font, size: words.append(
        (text, cm[4] + tm[4])))
    label = next(x for text, x in words if text.strip() == "10.")
    item = next(x for text, x in words if text.startswith("1917"))
    size = theme_for(profile=profile).body_size
    assert item - label >= 1.8 * size, (label, item, size)  # "10." is 1.6 sizes wide in DejaVu Sans


def test_a_box_longer_than_a_page_breaks_between_its_items_and_keeps_its_title_with_two():
    """A homework's key words at 24 pt run over several pages: the box breaks between entries."""
    entries = tuple((d.Paragraph((d.Text(f"Entry {i}: " + "a word of explanation " * 12),)),) for i in range(1, 21))
    box = d.Box("key-term", "Key words", (d.ListBlock(False, entries),))
    pdf = write(d.Document(INFO, (d.Paragraph((d.Text("Before the box."),)), box)),
                theme_for(profile="large-print-24"), "pdf")
    pages = [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]
    assert len(pages) > 3
    title_page = next(text for text in pages if "Key words" in text)
    assert "Entry 1:" in title_page and "Entry 2:" in title_page
    holding = [[i for i in range(1, 21) if f"Entry {i}:" in text] for text in pages]
    assert sorted(i for page in holding for i in page) == list(range(1, 21))  # each entry whole, on one page
    assert "Entry 19:" in pages[-1] and "Entry 20:" in pages[-1]

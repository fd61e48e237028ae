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

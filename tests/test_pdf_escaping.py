"""The PDF writer escapes text for reportlab's markup exactly as xml.sax.saxutils does.

writers/pdf/escaping.py copies saxutils' two functions so that a build does not import
saxutils, which imports urllib.request, http.client and ssl (tests/test_startup.py checks
that they stay unloaded). Any difference would change what a PDF prints.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessonpack.writers.pdf import escaping

TEXTS = ["", "plain", "Tom & Jerry <b>bold</b> > 3", "&amp; already", 'say "hi"', "it's", "both \" and '",
         "line\nbreak\r\tand tab", "href=\"x\"&y<z>", "ünïcødé — “quotes”"]


@pytest.mark.parametrize("text", TEXTS)
def test_escape_and_quoteattr_match_saxutils(text):
    assert escaping.xml_escape(text) == escape(text)
    assert escaping.xml_escape(text, {'"': "&quot;"}) == escape(text, {'"': "&quot;"})
    assert escaping.quoteattr(text) == quoteattr(text)


@given(st.text(alphabet=st.sampled_from("ab&<>\"'\n\r\t;# "), max_size=30))
def test_any_text_of_the_characters_that_matter_escapes_as_saxutils_does(text):
    assert escaping.xml_escape(text) == escape(text)
    assert escaping.xml_escape(text, {'"': "&quot;"}) == escape(text, {'"': "&quot;"})
    assert escaping.quoteattr(text) == quoteattr(text)

"""Both writers refuse a node of the document model they have no rule for, by name, rather
than print the page without it: a new node must be taught to every writer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

import pytest

from lessonpack import document as d
from lessonpack import glyphs
from lessonpack.theme import theme_for
from lessonpack.writers import FORMATS, write
from lessonpack.writers.docx.writer import DocxWriter
from lessonpack.writers.pdf import PdfWriter

INFO = d.DocumentInfo("Stalin", "Student worksheet", "History")


@dataclass(frozen=True)
class Footnote:
    """An inline the model does not have (yet)."""

    text: str


@dataclass(frozen=True)
class Poll:
    """A block the model does not have (yet)."""


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("block", [
    d.Heading(2, (d.Text("The Secretariat"), Footnote("1922"))),
    d.Paragraph((d.Text("Stalin was General Secretary"), Footnote("from 1922"))),
    d.Paragraph((d.Strong((d.Text("Stalin"), Footnote("from 1922"))),)),
    d.Table(((d.Text("Post"),),), (((Footnote("General Secretary"),),),)),
], ids=["heading", "paragraph", "in-emphasis", "table-cell"])
def test_an_unknown_inline_is_an_error_that_names_it(fmt, block):
    with pytest.raises(TypeError, match="has no rule for the inline Footnote"):
        write(d.Document(INFO, (block,)), theme_for(), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_block_is_an_error_that_names_it(fmt):
    with pytest.raises(TypeError, match=rf"the {fmt.upper()} writer has no rule for Poll"):
        write(d.Document(INFO, (Poll(),)), theme_for(), fmt)


def test_plain_text_of_an_unknown_inline_is_an_error_that_names_it():
    with pytest.raises(TypeError, match="no rule for the inline Footnote"):
        d.plain_text((d.Text("Stalin"), Footnote("from 1922")))


def test_the_glyph_check_refuses_an_unknown_inline_rather_than_skip_its_text():
    document = d.Document(INFO, (d.Paragraph((d.Text("Stalin"), Footnote("from 1922"))),))
    with pytest.raises(TypeError, match="no rule for the inline Footnote"):
        glyphs.check(document)


def test_each_writer_has_a_rule_for_every_block_of_the_model():
    """A block added to the model but not to a writer would only show up as a bug at build time."""
    theme = theme_for("A4", "standard")
    for writer in (PdfWriter(theme), DocxWriter(theme)):
        missing = [block.__name__ for block in get_args(d.Block) if block not in writer.handlers]
        assert not missing, f"{type(writer).__name__} has no rule for {missing}"

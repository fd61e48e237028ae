"""Paragraph styles made from the theme, and a document's inline text as reportlab paragraph markup."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ... import document as d
from ...fonts import register
from ...theme import Theme
from .escaping import xml_escape


class Styles:
    """Paragraph styles made from the theme; children inherit from `body`."""

    def __init__(self, theme: Theme):
        serif = register(theme.body_font)["regular"]
        sans = register(theme.heading_font)
        self.body = ParagraphStyle("body", fontName=serif, fontSize=theme.body_size,
                                   leading=theme.leading(theme.body_size), spaceAfter=theme.paragraph_space,
                                   textColor=HexColor(theme.text_colour), alignment=TA_LEFT,
                                   allowWidows=0)  # a paragraph that breaks leaves two lines overleaf, not one
        self.headings = [
            ParagraphStyle(f"h{i + 1}", parent=self.body, fontName=sans["bold"], fontSize=size,
                           leading=theme.leading(size), spaceBefore=size * theme.heading_space_above,
                           spaceAfter=size * theme.heading_space_below,
                           textColor=HexColor(theme.accent_colour), keepWithNext=1)
            for i, size in enumerate(theme.heading_sizes)
        ]
        self.small = ParagraphStyle("small", parent=self.body, fontSize=theme.note,
                                    leading=theme.leading(theme.note), spaceAfter=theme.note_space_after)
        self.caption = ParagraphStyle("caption", parent=self.small,
                                      fontName=register(theme.body_font)["italic" if theme.italics else "regular"])
        # A numbered line too long for a large-print page wraps onto an indented second line.
        self.extract = ParagraphStyle("extract", parent=self.body, fontSize=theme.extract_size,
                                      leading=theme.leading(theme.extract_size), spaceAfter=0,
                                      leftIndent=theme.extract_size, firstLineIndent=-theme.extract_size)
        # Line and ¶ numbers stay small on every paper: they sit in the margin, beside the text.
        self.number = ParagraphStyle("number", parent=self.small, fontName=sans["regular"],
                                     fontSize=theme.small_size, leading=theme.leading(theme.small_size),
                                     textColor=HexColor(theme.accent_colour), alignment=TA_RIGHT, spaceAfter=0)
        self.marks = ParagraphStyle("marks", parent=self.small, fontName=sans["bold"], alignment=TA_RIGHT)
        self.qnum = ParagraphStyle("qnum", parent=self.body, fontName=sans["bold"])


def inline_markup(inlines: tuple[d.Inline, ...], italics: bool = True) -> str:
    """Inlines as reportlab paragraph markup, with every text character escaped.

    Without italics (dyslexia-friendly papers) emphasis is printed bold.
    """
    out: list[str] = []
    for node in inlines:
        if isinstance(node, d.Text):
            out.append(xml_escape(node.text))
        elif isinstance(node, d.LineBreak):
            out.append("<br/>")
        elif isinstance(node, d.Strong):
            out.append(f"<b>{inline_markup(node.children, italics)}</b>")
        elif isinstance(node, d.Emph):
            tag = "i" if italics else "b"
            out.append(f"<{tag}>{inline_markup(node.children, italics)}</{tag}>")
        elif isinstance(node, d.Link):
            href = xml_escape(node.target, {'"': "&quot;"})
            out.append(f'<a href="{href}"><u>{inline_markup(node.children, italics)}</u></a>')
        else:  # a new inline in the model: say so rather than print the text without it
            raise TypeError(f"the PDF writer has no rule for the inline {type(node).__name__}")
    return "".join(out)

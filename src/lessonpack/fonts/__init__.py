"""The TrueType fonts lessonpack ships (DejaVu, free to redistribute) and their metrics.

Registering the fonts with reportlab here, once, lets the PDF writer embed them and
lets the extract line-breaker measure text with exactly the widths the PDF will use.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).parent

# family name (as DOCX names it) -> face -> TTF file stem
FAMILIES = {
    "DejaVu Serif": {
        "regular": "DejaVuSerif",
        "bold": "DejaVuSerif-Bold",
        "italic": "DejaVuSerif-Italic",
        "bolditalic": "DejaVuSerif-BoldItalic",
    },
    "DejaVu Sans": {
        "regular": "DejaVuSans",
        "bold": "DejaVuSans-Bold",
        "italic": "DejaVuSans-Oblique",
        "bolditalic": "DejaVuSans-BoldOblique",
    },
}


@cache
def register(family: str) -> dict[str, str]:
    """Register a family's four faces with reportlab; return face -> reportlab font name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    faces = FAMILIES[family]
    for stem in faces.values():
        pdfmetrics.registerFont(TTFont(stem, str(FONT_DIR / f"{stem}.ttf")))
    for face, (bold, italic) in {
        "regular": (0, 0), "bold": (1, 0), "italic": (0, 1), "bolditalic": (1, 1)
    }.items():
        addMapping(faces["regular"], bold, italic, faces[face])
    return dict(faces)


def string_width(text: str, family: str, size: float, face: str = "regular") -> float:
    """Width in points of text set in the given family, face and size."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, register(family)[face], size)


def missing_glyphs(text: str, family: str, face: str = "regular") -> set[str]:
    """Characters of text that the font cannot draw (they would print as boxes)."""
    from reportlab.pdfbase import pdfmetrics

    font = pdfmetrics.getFont(register(family)[face])
    widths = font.face.charWidths
    return {ch for ch in set(text) if ord(ch) not in widths and not ch.isspace()}

"""The TrueType fonts lessonpack ships (DejaVu, free to redistribute) and their metrics.

`register` hands the fonts to reportlab, once, so the PDF writer can embed them;
it imports reportlab itself, when called. `string_width` and `missing_glyphs`
read the glyph widths straight from the font files (`metrics.py`, no reportlab),
with the same numbers and arithmetic as reportlab's `stringWidth`, so the extract
line breaker measures text exactly as the PDF sets it, and `lessonpack validate`
never has to import reportlab.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from . import metrics

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
    # Here, not at the top: font metrics and glyph checks (validate, the DOCX writer) need no reportlab.
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    from ..writers.pdf.rl_compat import ttfont  # each face parsed once a machine, not once a run

    faces = FAMILIES[family]
    for stem in faces.values():
        pdfmetrics.registerFont(ttfont(stem, FONT_DIR / f"{stem}.ttf"))
    for face, (bold, italic) in {
        "regular": (0, 0), "bold": (1, 0), "italic": (0, 1), "bolditalic": (1, 1)
    }.items():
        addMapping(faces["regular"], bold, italic, faces[face])
    return dict(faces)


def font_file(family: str, face: str = "regular") -> Path:
    """The TTF file of a family's face ("regular", "bold", "italic" or "bolditalic")."""
    return FONT_DIR / f"{FAMILIES[family][face]}.ttf"


@cache
def font_metrics(family: str, face: str = "regular") -> metrics.FontMetrics:
    """The glyph metrics of a family's face, read from its file once per process."""
    return metrics.load(font_file(family, face))


def string_width(text: str, family: str, size: float, face: str = "regular") -> float:
    """Width in points of text set in the given family, face and size (as reportlab measures it)."""
    return font_metrics(family, face).string_width(text, size)


def missing_glyphs(text: str, family: str, face: str = "regular") -> set[str]:
    """Characters of text that the font cannot draw (they would print as boxes)."""
    font = font_metrics(family, face)
    return {ch for ch in set(text) if not ch.isspace() and not font.has_glyph(ch)}


def fit(text: str, width: float, family: str, size: float) -> str:
    """Text shortened with "…" so that it fits in width (for page headers), at a space if it
    can be: a large-print header shows no half word ("Stal…")."""
    if string_width(text, family, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest start that fits with the ellipsis; a binary search, as a title may be huge
        mid = (lo + hi + 1) // 2
        if string_width(text[:mid] + "…", family, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    kept = text[:lo]
    if kept and text[len(kept)].isalnum() and " " in kept:  # the last word is cut
        kept = kept[:kept.rindex(" ")]
    return kept.rstrip(" —–-:;,") + "…"

"""How large a picture prints on a paper: decided once here, so the PDF, the DOCX and the loader's
resolution warning agree to the point.

A width in millimetres is enlarged with the print on a large-print paper, and a share of the
text width is enlarged too (a reader who needs 24 pt type needs a larger picture), never beyond
the text width; the height is capped so a picture leaves room on its page for its title, caption and headnote.
"""

from __future__ import annotations

from .theme import STANDARD, Theme

MM = 72 / 25.4
PAGE_SHARE = 0.55
"""The most of a page's text height an enlarged picture takes (never less than on the standard
paper): a large-print source's title, caption and headnote (several lines at 24 pt) stay on its page."""
MIN_DPI = 150
"""Below this many pixels to the inch a printed picture looks blurred or blocky."""


def enlargement(theme: Theme) -> float:
    """How much larger than on the standard paper this paper prints (1 for standard)."""
    return max(1.0, theme.body_size / STANDARD.body_size)


def printed_size(pixels: tuple[int, int], share: float | None, mm: float | None, theme: Theme) -> tuple[float, float]:
    """Printed width and height in points of a picture of `pixels`, asked for as a share of the text width or in mm."""
    grow = enlargement(theme)
    width = (mm * MM if mm is not None else (share or 1.0) * theme.text_width) * grow
    width = min(width, theme.text_width)
    most_high = max(theme.figure_max_height, min(theme.figure_max_height * grow, theme.text_height * PAGE_SHARE))
    height = width * pixels[1] / pixels[0]
    if height > most_high:
        width, height = width * most_high / height, most_high
    return width, height


def dots_per_inch(pixels: tuple[int, int], width: float) -> float:
    """Pixels to the inch when `pixels` print `width` points wide."""
    return pixels[0] / (width / 72)

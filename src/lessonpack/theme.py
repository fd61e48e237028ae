"""The one look both writers share: page, fonts, sizes, spacing and colours.

Both the PDF and the DOCX writer read every measurement from a `Theme`, so the two
formats cannot drift apart. Sizes are in points.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

MM = 72 / 25.4

PAGE_SIZES = {"A4": (210 * MM, 297 * MM), "Letter": (8.5 * 72, 11 * 72), "A3": (297 * MM, 420 * MM)}


@dataclass(frozen=True, slots=True)
class Theme:
    """Every measurement a writer needs; one instance per print profile."""

    page_size: str = "A4"
    margin_top: float = 20 * MM
    margin_bottom: float = 18 * MM
    margin_left: float = 25 * MM
    """Wide enough for hole-punching and the extract's line numbers."""
    margin_right: float = 18 * MM

    body_font: str = "DejaVu Serif"
    heading_font: str = "DejaVu Sans"
    body_size: float = 11
    line_spacing: float = 1.3
    """Line height as a multiple of the font size."""
    paragraph_space: float = 6
    heading_sizes: tuple[float, float, float] = (18, 14, 12)
    small_size: float = 8.5
    """Header, footer, captions and line numbers."""

    extract_size: float = 10.5
    extract_indent: float = 22
    """Room left of the extract text for line numbers, inside the box."""
    extract_para_gutter: float = 26
    """Room right of the extract text for the ¶ numbers."""
    question_number_width: float = 24
    """The column the question number stands in."""
    question_marks_width: float = 62
    """The column at the right margin where "[4 marks]" stands."""
    answer_line_height: float = 24
    """Distance between ruled answer lines: room for handwriting."""

    text_colour: str = "#000000"
    accent_colour: str = "#1F3A5F"
    box_colour: str = "#F2F4F7"
    rule_colour: str = "#9AA3AE"

    @property
    def page_width(self) -> float:
        return PAGE_SIZES[self.page_size][0]

    @property
    def page_height(self) -> float:
        return PAGE_SIZES[self.page_size][1]

    @property
    def text_width(self) -> float:
        return self.page_width - self.margin_left - self.margin_right

    @property
    def extract_text_width(self) -> float:
        """The measure extract lines are broken to: the same in PDF and DOCX."""
        return self.text_width - self.extract_indent - self.extract_para_gutter - 12

    def leading(self, size: float) -> float:
        """Line height for text of the given size."""
        return round(size * self.line_spacing, 2)


# role -> (background, border, dashed border). The title printed in each box
# names its role too, so colour is never the only thing that carries meaning.
BOX_STYLES: dict[str, tuple[str, str, bool]] = {
    "note": ("#F2F4F7", "#1F3A5F", False),
    "tip": ("#EAF3FB", "#2B6CB0", False),
    "key-term": ("#EEF7EE", "#2F855A", False),
    "teacher": ("#FFF8E1", "#B7791F", False),
    "warning": ("#FDECEC", "#C53030", False),
    "activity": ("#F3EEFA", "#6B46C1", False),
    "cut-out": ("#FFFFFF", "#555555", True),
}

STANDARD = Theme()


def theme_for(page_size: str = "A4") -> Theme:
    """The standard theme on the requested paper."""
    return replace(STANDARD, page_size=page_size)

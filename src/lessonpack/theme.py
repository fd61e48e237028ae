"""The one look both writers share: page, fonts, sizes, spacing and colours.

Both the PDF and the DOCX writer read every measurement from a `Theme`, so the two
formats cannot drift apart. Sizes are in points.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .document import BOX_ROLES

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
    """Page header and footer, and the extract's line and ¶ numbers."""
    note_size: float = 0
    """Captions, headnotes, glossaries, table text, marks labels; 0 = 1 pt under the body size
    (exam boards print provenance at body size or close to it), never under small_size. Enlarged
    papers print these at the body size: every word a student reads is at least the size promised."""

    extract_size: float = 10.5
    extract_indent: float = 22
    """Room left of the extract text for line numbers, inside the box."""
    extract_para_gutter: float = 26
    """Room right of the extract text for the ¶ numbers."""
    question_number_width: float = 24
    """The column the question number stands in."""
    question_marks_width: float = 62
    """The column at the right margin where "[4 marks]" stands when marks_below is false."""
    marks_below: bool = True
    """True prints the marks at the right margin on a line of their own under the question's
    first paragraph, as exam boards set them ("[4 marks]" flush right under the question), and
    the paragraph takes the marks column's width too. Every built-in paper does: a label beside
    the first line at the note size (within 1 pt of the body) shares that line's baseline, and
    pdftotext and LibreOffice's text of the DOCX read it into the middle of the question;
    under the paragraph it is read after the question, and on enlarged papers a column would
    squeeze the question into a strip of short lines. False keeps the column."""
    answer_line_height: float = 24
    """Distance between ruled answer lines: room for handwriting."""

    text_colour: str = "#000000"
    accent_colour: str = "#1F3A5F"
    box_colour: str = "#F2F4F7"
    rule_colour: str = "#9AA3AE"
    page_colour: str = ""
    """A page background (e.g. cream for dyslexia-friendly papers); empty for white paper."""
    source_booklet: bool = False
    """True prints a worksheet's sources and timeline once, in the source booklet (the extracts
    document) the student keeps open beside it, not in the worksheet as well: an exam board's
    modified enlarged paper comes with its sources in an insert of its own, because at 24 pt a
    source fills pages the student would otherwise turn back and forth between the questions."""
    italics: bool = True
    """False prints emphasis and captions in bold or upright instead (dyslexia style guides)."""
    plain_boxes: bool = False
    """True draws every box black on white instead of in its role's colours (high contrast)."""
    rule_width: float = 0.6
    """Thickness of answer lines."""
    table_rule_width: float = 0.5
    """Thickness of a table's rules and of a stacked table's boxes."""
    box_rule_width: float = 0.8
    """Thickness of a box's border (boxes, word banks, glossaries) and of the source extract's frame."""

    heading_space_above: float = 0.6
    """Space before a heading, as a multiple of its size."""
    heading_space_below: float = 0.4
    """Space after a heading, as a multiple of its size."""
    note_space_after: float = 2
    """Space after a paragraph of small text: captions, headnotes, glossaries, table text."""
    box_gap: float = 8
    """Space after a box or a table, before the next block."""
    grid_gap: float = 10.0
    """Room between the columns of a grid of pictures or boxes."""
    cell_padding: float = 14
    """Room beside a table cell's longest word (the cell's margins and some to spare): no column
    is narrower than its longest word plus this."""
    extract_number_gap: float = 6
    """Room between a source line's number and its text."""
    header_title_gap: float = 18
    """The least room between the page header's title and the document kind at its right."""
    header_rise: float = 14
    """How far the running header's last line stands above the text area (its rule `header_rule_drop` lower)."""
    header_clearance: float = 8 * MM
    """Paper left blank above the running header and below the footer: printers cannot print at the very edge."""
    details_shares: tuple[float, float, float] = (0.5, 0.25, 0.25)
    """How the student-details line's room to spare is shared out: Name half, Class and Date a quarter."""
    details_min_space: float = 40 * MM
    """The least write-on space of each student-details field: room for a name, a class, a date in
    handwriting at any print size. Fields that cannot all have it on one line get rows of their own."""
    details_label_gap: float = 14
    """Room between a student-details label ("Class:") and the start of its write-on line."""
    details_value_padding: float = 10
    """Room after each value of the student-details line, before the next label."""
    details_space_after: float = 12
    """Space after the student-details line."""

    @property
    def note(self) -> float:
        return self.note_size or max(self.small_size, self.body_size - 1)

    @property
    def min_column_width(self) -> float:
        """No table column is narrower: three times the body size."""
        return self.body_size * 3

    @property
    def figure_max_height(self) -> float:
        """A figure is scaled down to at most two fifths of the page's height."""
        return self.page_height * 0.4

    @property
    def answer_last_line_room(self) -> float:
        """Room under the last ruled line in a stacked table's box, so it stands clear of the box's rule."""
        return self.answer_line_height / 4

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
    def text_height(self) -> float:
        """The height between the top and bottom margins: the most one page can hold."""
        return self.page_height - self.margin_top - self.margin_bottom

    @property
    def extract_text_width(self) -> float:
        """The measure extract lines are broken to: the same in PDF and DOCX."""
        return self.text_width - self.extract_indent - self.extract_para_gutter - 12

    @property
    def header_room(self) -> float:
        """The least top margin of every document: room for a running header on two lines (a document
        whose header needs more gets more, `page_furniture.top_margin`)."""
        return self.header_rise + self.leading(self.small_size) + 0.8 * self.small_size + self.header_clearance

    @property
    def header_rule_drop(self) -> float:
        """How far below the header's last baseline its rule runs: clear of the letters' descenders."""
        return max(4.0, 0.3 * self.small_size)

    @property
    def footer_drop(self) -> float:
        """How far below the text area the footer's baseline stands: its capitals clear of the text area."""
        return max(18.0, 0.75 * self.small_size + 6)

    @property
    def footer_room(self) -> float:
        """The bottom margin the footer needs: its drop, its descenders and the paper a printer leaves."""
        return self.footer_drop + 0.25 * self.small_size + self.header_clearance

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
assert set(BOX_STYLES) == set(BOX_ROLES), "every box role the document model knows has a style, and only those"

STANDARD = Theme()


def _large(size: float, page: str = "") -> dict:
    """A modified enlarged paper: the print scales with the body size; content stays the same.

    Nothing is smaller than the body size, not even the header, footer and margin numbers
    (`small_size`): the number columns and the header's rise grow to hold them. What need not
    grow with the print does not, so the pages go to the print: answer lines are 1.25 body sizes
    apart and never closer than 27 pt (30 pt, 10.6 mm, at 24 pt: handwriting pitch need not scale
    with type size, and 1.5 body sizes left a few questions to a page); headings are bold and at
    most 1.3 body sizes (set apart by weight, face and colour)."""
    factor = size / STANDARD.body_size
    out = dict(body_size=size, extract_size=size, small_size=size, header_rise=max(14, round(0.3 * size + 6)),
               heading_sizes=(round(size * 1.3), round(size * 1.15), round(size * 1.05)),
               line_spacing=1.35, paragraph_space=round(6 * factor),
               answer_line_height=max(27, round(size * 1.25)), extract_indent=round(22 * factor),
               extract_para_gutter=round(26 * factor), question_number_width=round(1.75 * size),
               question_marks_width=round(70 * factor), marks_below=True, body_font="DejaVu Sans",
               note_size=size, source_booklet=True, margin_left=20 * MM, margin_right=15 * MM)
    if page:
        out["page_size"] = page
    return out


# Print profiles as data: name -> the Theme fields that differ from the standard paper.
# A course can add its own under `profiles:` in course.yaml.
PROFILES: dict[str, dict] = {
    "standard": {},
    "large-print-18": _large(18),
    "large-print-24": _large(24),
    "large-print-36": _large(36, "A3"),
    "dyslexia": dict(body_font="DejaVu Sans", body_size=13, extract_size=13, small_size=11,
                     heading_sizes=(20, 16, 14),
                     line_spacing=1.5, paragraph_space=12, answer_line_height=30, italics=False,
                     page_colour="#FFF8E7", extract_indent=26, extract_para_gutter=30,
                     note_size=13, question_marks_width=84),
    "high-contrast": dict(text_colour="#000000", accent_colour="#000000", box_colour="#FFFFFF",
                          rule_colour="#000000", plain_boxes=True, rule_width=1.0, body_size=12,
                          extract_size=12, small_size=10, body_font="DejaVu Sans",
                          question_marks_width=70),
}


def profile_names(extra: dict[str, dict] | None = None) -> list[str]:
    return sorted({*PROFILES, *(extra or {})})


def theme_for(page_size: str = "A4", profile: str = "standard", extra: dict[str, dict] | None = None) -> Theme:
    """The theme for a print profile on the requested paper (a profile may insist on A3).

    A school profile starts from its `base`: a built-in profile, or another school profile
    whose own base is followed in turn (course.yaml's check refuses loops and long chains).
    """
    profiles = {**PROFILES, **(extra or {})}
    if profile not in profiles:
        raise KeyError(profile)
    changes = dict(profiles[profile])
    base = changes.pop("base", "standard")
    for _ in range(len(profiles)):  # bounded, even if a loop were not refused
        if base in PROFILES or base not in profiles:
            changes = {**PROFILES.get(base, {}), **changes}
            break
        inherited = dict(profiles[base])
        base = inherited.pop("base", "standard")
        changes = {**inherited, **changes}  # what a profile says itself wins over its base
    theme = replace(STANDARD, page_size=changes.pop("page_size", page_size), **changes)
    return replace(theme, margin_top=max(theme.margin_top, theme.header_room),
                   margin_bottom=max(theme.margin_bottom, theme.footer_room))

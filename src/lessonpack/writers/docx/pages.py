"""The DOCX page and package: page size and margins, header and footer, background, metadata,
and the saved file, the same bytes for the same input."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from io import BytesIO

from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Pt

from ... import document as d
from ...chunks import shorten
from ...files import zip_bytes
from ...fonts import string_width
from ...page_furniture import Masthead, masthead, masthead_gap, owner_label, running_header, top_margin
from ...theme import Theme
from ...wording import document_title, logo_alt, page_of, page_of_pieces
from .compat import (no_picture_spacing, paragraph_properties, put_table_before, set_picture_description,
                     write_package)
from .answer_forms import FONT_HEIGHT_EMS
from .embed import ask_to_keep_embedding, embed_fonts, text_by_face
from .ooxml import border, current_word_settings, default_language, field, no_cell_margins, page_background

APP_PROPERTIES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                  b'<Application>lessonpack</Application><DocSecurity>0</DocSecurity></Properties>')
"""The extended properties: made by lessonpack (the template's claimed Word for Mac 14, one page, no words)."""

PAGE_FIELDS = {"page": "PAGE", "total": "NUMPAGES"}
"""The Word field that fills in each number of the footer's "Page x of y"."""
FOOTER_ROOM = 26.0
"""Points between the footer's foot (its distance from the paper's edge) and the text area's foot, where
its line (FONT_HEIGHT_EMS of its size) is no taller; a taller line stands lower, never above the margin."""
HEADER_BASELINE = 0.8
"""Where a header line's baseline stands in its line, at an exact line height, as a share of it from its top."""


def page_setup(doc, theme: Theme, info: d.DocumentInfo) -> None:
    """The page size and margins, the running header (course, title, kind) and the page-numbered footer."""
    t = theme
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Pt(t.page_width), Pt(t.page_height)
    section.left_margin, section.right_margin = Pt(t.margin_left), Pt(t.margin_right)
    header = running_header(info, t)
    top = top_margin(info, t)  # grown where the header needs more lines than the theme's margin holds
    section.top_margin, section.bottom_margin = Pt(top), Pt(t.margin_bottom)
    lines = header.lines
    school = masthead(info, t)
    above = school.height + masthead_gap(t) if school else 0.0
    # The header's last baseline header_rise above the body, however many lines it has, as in the PDF
    leading = t.leading(t.small_size)
    section.header_distance = Pt(top - t.header_rise - (len(lines) - 1) * leading - HEADER_BASELINE * leading
                                 - above)
    # The footer's line inside the bottom margin: standing above it, it pushed the text area up (at
    # 24 pt LibreOffice's page held 2 pt less than the PDF's, at 36 pt 16 pt less)
    section.footer_distance = Pt(t.margin_bottom - max(FOOTER_ROOM, FONT_HEIGHT_EMS * t.small_size))
    head = section.header.paragraphs[0]
    head.style = doc.styles["Header"]
    if school:
        add_masthead(doc, section.header, school, info.school, t)
        head.paragraph_format.space_before = Pt(masthead_gap(t))
    right_tab_only(head, t.text_width)
    header_rule(head, t)
    head.text = "\n".join(f"{left}\t{right}" if right else left for left, right in lines)  # "\n": a line break
    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["Footer"]
    if info.student:  # a student's copy: their name and class on the left, the page number on the right
        right_tab_only(foot, t.text_width)
        numbers = page_of(99, 99) + (f"    {info.mark}" if info.mark else "")  # Word fills the numbers in
        room = t.text_width - string_width(numbers, t.heading_font, t.small_size) - t.header_title_gap
        foot.add_run(owner_label(info.student, info.group, room, t.heading_font, t.small_size) + "\t")
    else:
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, number in page_of_pieces(info.kind if header.kind_in_footer else ""):
        if number:
            field(foot, PAGE_FIELDS[number])
        else:
            foot.add_run(text)
    if info.mark:
        foot.add_run("    " + info.mark)


def header_rule(paragraph, theme: Theme) -> None:
    """The PDF's rule under the running header, header_rule_drop below its last baseline: the header's
    lines at the PDF's leading, exactly, so the rule and the gap under it do not grow with the font
    (a large-print header without them ran into the title under it)."""
    t = theme
    leading = t.leading(t.small_size)
    fmt = paragraph.paragraph_format
    fmt.line_spacing, fmt.line_spacing_rule = Pt(leading), WD_LINE_SPACING.EXACTLY
    fmt.space_after = Pt(0)
    below = (1 - HEADER_BASELINE) * leading  # from the last baseline to the foot of its line
    border(paragraph_properties(paragraph), {"bottom": ("single", 0.5, t.rule_colour)},
           space=max(0, round(t.header_rule_drop - below)))


def right_tab_only(paragraph, position: float) -> None:
    """One right tab at the text's right edge: the style's own tabs cleared, as a reference
    document's Header style (Word's: centre 8.25 cm, right 16.5 cm) would catch the text first."""
    tabs = paragraph.paragraph_format.tab_stops
    for stop in paragraph.style.paragraph_format.tab_stops:
        if abs(stop.position.pt - position) > 0.5:
            tabs.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(Pt(position), WD_TAB_ALIGNMENT.RIGHT)


def add_masthead(doc, header, school: Masthead, name: str, theme: Theme) -> None:
    """The school's logo and name above the header's lines, as in the PDF: a borderless table of two
    cells, the logo at the left margin at its printed size and the name in bold centred beside it."""
    t = theme
    table = header.add_table(1, 2, Pt(t.text_width))
    put_table_before(table, header.paragraphs[0])
    no_cell_margins(table)
    row = table.rows[0]
    row.height, row.height_rule = Pt(school.height), WD_ROW_HEIGHT_RULE.AT_LEAST
    logo_cell, name_cell = row.cells
    table.autofit = False
    for column, cell, width in zip(table.columns, row.cells, (school.text_left, t.text_width - school.text_left)):
        column.width = cell.width = Pt(width)  # LibreOffice reads the column's, Word the cell's
    for cell in row.cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        para = cell.paragraphs[0]
        para.style = doc.styles["Header"]
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT
        para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(0)
        para.paragraph_format.line_spacing = 1.0  # not the body's: a taller row would push the body down
    if school.logo:
        run = logo_cell.paragraphs[0].add_run()
        run.font.size = Pt(1)  # the line is the picture's height, with no text's descent below it
        picture = run.add_picture(BytesIO(school.logo.data), width=Pt(school.logo.width),
                                  height=Pt(school.logo.height))
        set_picture_description(picture, logo_alt(name))
        no_picture_spacing(picture)
    if name:
        name_cell.paragraphs[0].add_run(name).bold = True


def page_colour(doc, theme: Theme) -> None:
    """A page background colour (cream paper for dyslexia-friendly copies)."""
    if theme.page_colour:
        page_background(doc, theme.page_colour)


def metadata(doc, info: d.DocumentInfo) -> None:
    """Title, author, subject, keywords and language, as file browsers and screen readers show them."""
    props = doc.core_properties
    # Word's core properties hold at most 255 characters each (python-docx raises beyond).
    props.title = shorten(document_title(info.title, info.kind), 255)
    props.author = shorten(info.author or "lessonpack", 255)
    props.subject = shorten(info.subject, 255)
    props.keywords = shorten(", ".join(info.keywords), 255)
    props.category = shorten(info.kind, 255)
    props.comments = shorten(info.course, 255)  # the template's said "generated by python-docx"
    props.language = info.language
    props.last_modified_by = "lessonpack"
    props.revision = 1
    props.created = props.modified = document_date()
    default_language(doc, info.language)
    current_word_settings(doc)


def document_date() -> datetime:
    """The date stored in files: SOURCE_DATE_EPOCH if set, else 2000-01-01 (as reportlab does).

    Never the clock, so the same inputs give the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else 946684800
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def save(doc) -> bytes:
    """The document as DOCX bytes, as python-docx's own save() writes it, with the fonts its text
    uses embedded, subset (`embed.py`) and every zip entry at a fixed time: the same input gives the
    same bytes, compressed once."""
    faces = text_by_face(doc)
    if faces:
        ask_to_keep_embedding(doc)
    members: dict[str, bytes] = {}
    write_package(doc, members.__setitem__)
    members["docProps/app.xml"] = APP_PROPERTIES
    return zip_bytes(list(embed_fonts(members, faces).items()))  # the font parts deflated once a machine

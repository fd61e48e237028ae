"""The DOCX page and package: page size and margins, header and footer, background, metadata,
and the saved file, the same bytes for the same input."""

from __future__ import annotations

import os
import zipfile
from datetime import datetime, timezone
from io import BytesIO

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Pt

from ... import document as d
from ...chunks import shorten
from ...files import add_to_zip
from ...fonts import string_width
from ...page_furniture import owner_label, running_header, top_margin
from ...theme import Theme
from ...wording import document_title, page_of, page_of_pieces
from .compat import write_package
from .embed import ask_to_keep_embedding, embed_fonts, faces_used
from .ooxml import default_language, field, page_background

PAGE_FIELDS = {"page": "PAGE", "total": "NUMPAGES"}
"""The Word field that fills in each number of the footer's "Page x of y"."""


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
    # The header's last line ends just above the body, however many lines it has.
    section.header_distance = Pt(top - 22 - (len(lines) - 1) * t.leading(t.small_size))
    section.footer_distance = Pt(t.margin_bottom - 26)
    head = section.header.paragraphs[0]
    head.style = doc.styles["Header"]
    head.paragraph_format.tab_stops.add_tab_stop(Pt(t.text_width), WD_TAB_ALIGNMENT.RIGHT)
    head.text = "\n".join(f"{left}\t{right}" if right else left for left, right in lines)  # "\n": a line break
    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["Footer"]
    if info.student:  # a student's copy: their name and class on the left, the page number on the right
        foot.paragraph_format.tab_stops.add_tab_stop(Pt(t.text_width), WD_TAB_ALIGNMENT.RIGHT)
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
    props.language = info.language
    props.last_modified_by = "lessonpack"
    props.revision = 1
    props.created = props.modified = document_date()
    default_language(doc, info.language)


def document_date() -> datetime:
    """The date stored in files: SOURCE_DATE_EPOCH if set, else 2000-01-01 (as reportlab does).

    Never the clock, so the same inputs give the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else 946684800
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def save(doc) -> bytes:
    """The document as DOCX bytes, as python-docx's own save() writes it, with the fonts its text
    uses embedded (`embed.py`) and every zip entry at a fixed time: the same input gives the same
    bytes, compressed once."""
    faces = faces_used(doc)
    if faces:
        ask_to_keep_embedding(doc)
    members: dict[str, bytes] = {}
    write_package(doc, members.__setitem__)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, blob in embed_fonts(members, faces).items():
            add_to_zip(package, name, blob)
    return buffer.getvalue()

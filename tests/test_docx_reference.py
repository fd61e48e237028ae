"""A school's reference document (course.yaml's `reference_docx`) as pandoc's --reference-doc uses
it (issue 17): its header and footer (text, crest, links) head lessonpack's own in every DOCX, which
keep the course, lesson and page numbers; its margins are not taken (the extract lines are broken
for the print profile's text width, as in the PDF)."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Mm

from conftest import ROOTS
from lessonpack import document as d
from lessonpack.theme import STANDARD
from lessonpack.writers import write

CREST = ROOTS / "school-crest" / "images" / "crest.png"
INFO = d.DocumentInfo("The first soviet", "Student worksheet", "Test course")
BLOCKS = (d.Paragraph((d.Text("Trotsky returns to Petrograd."),)),)


def reference(header: bool = True) -> bytes:
    """A school's Word file: Word's own styles, wide margins, a crest and motto in the header, an
    address in the footer."""
    doc = docx.Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Mm(35)
    if header:
        run = section.header.paragraphs[0].add_run()
        run.add_picture(str(CREST), height=Mm(10))
        section.header.paragraphs[0].add_run(" Northfield Academy · Learning together")
        section.footer.paragraphs[0].text = "1 School Lane, Northfield · 01234 567890"
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def made(reference_docx: bytes | None):
    data = write(d.Document(INFO, BLOCKS), STANDARD, "docx", reference_docx=reference_docx)
    return docx.Document(BytesIO(data))


@pytest.fixture(scope="module")
def branded():
    return made(reference())


def test_the_references_header_and_footer_head_lessonpacks_own(branded):
    section = branded.sections[0]
    header = [p.text for p in section.header.paragraphs]
    assert header[0].strip() == "Northfield Academy · Learning together"
    assert header[1].startswith("Test course — The first soviet\tStudent worksheet")
    footer = [p.text for p in section.footer.paragraphs]
    assert footer[0] == "1 School Lane, Northfield · 01234 567890"
    assert "Page" in footer[1]


def test_the_references_crest_is_carried_with_its_picture(branded):
    header = branded.sections[0].header
    blips = header._element.findall(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")  # noqa: SLF001
    assert len(blips) == 1
    rel_id = blips[0].get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
    assert header.part.related_parts[rel_id].blob == CREST.read_bytes()


def test_the_header_starts_higher_to_make_room_and_the_text_stays_where_it_was(branded):
    plain = made(None).sections[0]
    section = branded.sections[0]
    assert Mm(6) <= section.header_distance < plain.header_distance - Mm(5)  # the paper's edge still clear
    assert section.top_margin == plain.top_margin


def test_the_profiles_margins_are_kept_not_the_references(branded):
    section = branded.sections[0]
    assert abs(section.left_margin.pt - STANDARD.margin_left) < 0.1
    assert abs(section.right_margin.pt - STANDARD.margin_right) < 0.1


def test_the_header_line_has_one_right_tab_whatever_the_references_header_style(branded):
    line = branded.sections[0].header.paragraphs[1]
    stops = {(round(stop.position.pt), stop.alignment) for stop in line.paragraph_format.tab_stops}
    assert (round(STANDARD.text_width), WD_TAB_ALIGNMENT.RIGHT) in stops
    kept = [stop for stop in line.style.paragraph_format.tab_stops
            if (round(stop.position.pt), WD_TAB_ALIGNMENT.CLEAR) not in stops]
    assert not [stop for stop in kept if abs(stop.position.pt - STANDARD.text_width) > 0.5]


def test_a_reference_without_a_header_leaves_lessonpacks_alone():
    section = made(reference(header=False)).sections[0]
    assert section.header.paragraphs[0].text.startswith("Test course — The first soviet")
    assert not section.header.tables

"""A school's reference document's header and footer, carried into every DOCX as pandoc's
--reference-doc carries them.

A school's Word template often has its crest, address or motto in the header or footer. Its
styles are taken elsewhere (`styles.py`); here the content of its first section's header and
footer (paragraphs and tables, with their pictures and links) is put above lessonpack's own
running header and above the "Page x of y" line, which stay: they name the lesson and number
the pages. The header is started higher to make room for it, down to `HEADER_TOP_MIN` from the
paper's edge; a header taller than that pushes the text down, as Word does.
"""

from __future__ import annotations

import copy
import functools
from io import BytesIO

from docx import Document as new_docx
from docx.shared import Pt

from .compat import header_body_elements, insert_story_elements, qualified_name, relate_copied_target

HEADER_TOP_MIN = 18.0
"""Points between the paper's top edge and a header made taller by the reference's content."""
EMU_PER_POINT = 12700
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
WP_EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"


@functools.lru_cache(maxsize=4)
def _reference(reference_docx: bytes):
    return new_docx(BytesIO(reference_docx))


def take_header_and_footer(doc, reference_docx: bytes, leading: float) -> None:
    """Put the reference's header content above ours and its footer content above ours, in every
    section; start the header higher by the height the reference's content takes."""
    reference = _reference(reference_docx).sections[0]
    for section in doc.sections:
        added = _copy_story(reference.header, section.header)
        if added:
            height = sum(_height(element, leading) for element in added)
            top = section.header_distance.pt if section.header_distance is not None else 36.0
            section.header_distance = Pt(max(HEADER_TOP_MIN, top - height))
        _copy_story(reference.footer, section.footer)


def _copy_story(source, target) -> list:
    """Copies of the source story's paragraphs and tables put at the start of the target story, each
    picture and link related anew from the target's part; nothing when the source is empty."""
    elements = header_body_elements(source)
    if not any(_has_content(element) for element in elements):
        return []
    copies = []
    for element in elements:
        duplicate = copy.deepcopy(element)
        for node in list(duplicate.iter()):
            for name, value in list(node.attrib.items()):
                if name.startswith(f"{{{R_NS}}}"):
                    new_id = relate_copied_target(source, target, value)
                    if new_id is None:  # a chart, an embedded object: not carried, nor left dangling
                        node.getparent().remove(node)
                        break
                    node.set(name, new_id)
        copies.append(duplicate)
    insert_story_elements(target, copies)
    return copies


def _has_content(element) -> bool:
    text = "".join(element.itertext()).strip()
    return bool(text) or next(element.iter(A_BLIP), None) is not None


def _height(element, leading: float) -> float:
    """An estimate of how tall a copied paragraph or table prints: a line of header text, or its
    tallest picture; a table's rows one above another."""
    if element.tag == qualified_name("w:tbl"):
        return sum(max((_height(p, leading) for p in row.iter(qualified_name("w:p"))), default=leading)
                   for row in element.iter(qualified_name("w:tr")))
    extents = [int(extent.get("cy", "0")) / EMU_PER_POINT for extent in element.iter(WP_EXTENT)]
    return max([leading, *extents])

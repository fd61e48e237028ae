"""python-docx internals the writer relies on: elements, styles by id, tables, stories, pictures, the package."""

from __future__ import annotations

import functools
from collections.abc import Callable
from io import BytesIO

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree


@functools.lru_cache(maxsize=512)
def _compiled_xpath(expression: str) -> etree.XPath:
    return etree.XPath(expression, namespaces=nsmap)


def _xpath(self, xpath_str: str):
    """python-docx's BaseOxmlElement.xpath, with each expression compiled once (see compile_xpaths_once)."""
    return _compiled_xpath(xpath_str)(self)


PYTHON_DOCX_XPATH = BaseOxmlElement.xpath
"""python-docx's own method, kept for the pinning test."""


def compile_xpaths_once() -> None:
    """python-docx finds a run's text, a paragraph's runs, a cell's table and much else with
    element.xpath(expression), which lxml compiles again on every call: about 25 microseconds, a
    tenth of a DOCX's writing time over a few thousand calls. The same expressions, with the same
    namespaces, are compiled once per process (lxml's XPath objects lock while they evaluate).

    Relies, in python-docx 1.2, on BaseOxmlElement.xpath(xpath_str) being lxml's xpath with
    docx.oxml.ns.nsmap as its namespaces and nothing else (an undocumented override)."""
    BaseOxmlElement.xpath = _xpath


def qualified_name(tag: str) -> str:
    """A prefixed OOXML name ("w:tbl") in lxml's {namespace}name form.

    Relies, in python-docx 1.2, on docx.oxml.ns.qn and its prefix table (undocumented module)."""
    return qn(tag)


def new_element(tag: str, attributes: dict[str, str] | None = None):
    """A loose OOXML element ("w:shd"), its attributes set in the order given.

    Relies, in python-docx 1.2, on docx.oxml.OxmlElement (undocumented), which returns python-docx's custom
    element class for the tag, with its namespace declared."""
    element = OxmlElement(tag)
    for name, value in (attributes or {}).items():
        element.set(qn(name), value)
    return element


def insert_child_before(parent, child, successors: tuple[str, ...]) -> None:
    """Insert child into parent before the first of the successor tags present (OOXML's order).

    Relies, in python-docx 1.2, on BaseOxmlElement.insert_element_before (undocumented oxml method)."""
    parent.insert_element_before(child, *successors)


def cell_properties(cell):
    """A table cell's <w:tcPr>, made if missing.

    Relies, in python-docx 1.2, on the private _Cell._tc and CT_Tc.get_or_add_tcPr (oxml)."""
    return cell._tc.get_or_add_tcPr()


def row_properties(row):
    """A table row's <w:trPr>, made if missing.

    Relies, in python-docx 1.2, on the private _Row._tr and CT_Row.get_or_add_trPr (oxml)."""
    return row._tr.get_or_add_trPr()


def table_properties(table):
    """A table's <w:tblPr>.

    Relies, in python-docx 1.2, on the private Table._tbl and CT_Tbl.tblPr (oxml)."""
    return table._tbl.tblPr


def add_spanning_row(table, start: int = 0, first: bool = False) -> tuple:
    """A new last row (or `first` row) of the table whose cells from grid column `start` on are one cell spanning
    them, as python-docx's table.add_row() and then merging that row's cell `start` with its last
    makes it; returned with the row's cells, the spanning one last. (row.cells and merge find the
    row's cells again by walking the whole table, several XPath searches a cell: a few
    milliseconds a row, a tenth of a DOCX's time in a question's answer lines.)

    Relies, in python-docx 1.2, on the private Table._tbl and the _Row and _Cell classes, on CT_Tbl's
    tblGrid and add_tr, CT_Row.add_tc and CT_Tc's width and grid_span (oxml), on add_row giving each
    new cell its grid column's width, and on merge adding a swallowed cell's width to the first's only
    when both have one."""
    from docx.shared import Length
    from docx.table import _Cell, _Row

    tbl = table._tbl
    widths = [column.w for column in tbl.tblGrid.gridCol_lst]
    tr = tbl.add_tr()
    cells = []
    for width in widths[:start + 1]:
        tc = tr.add_tc()
        if width is not None:
            tc.width = width
        cells.append(tc)
    spanning, total = cells[-1], widths[start] if start < len(widths) else None
    for width in widths[start + 1:]:
        if total and width:
            total = Length(total + width)
    if len(widths) > start + 1:
        if total is not None and spanning.width is not None:
            spanning.width = total
        spanning.grid_span = len(widths) - start
    if first:
        tbl.tr_lst[0].addprevious(tr)
    return _Row(tr, table), [_Cell(tc, table) for tc in cells]


def set_table_style_id(table, style_id: str) -> None:
    """Give a table a style by id: python-docx's table.style looks the name up, scanning every style.

    Relies, in python-docx 1.2, on the private Table._tbl and CT_Tbl.tblStyle_val (oxml)."""
    table._tbl.tblStyle_val = style_id


def set_paragraph_style_id(paragraph, style_id: str) -> None:
    """Give a paragraph a style by id, without paragraph.style's lookup by name. The <w:pStyle> is put
    first in <w:pPr>, where OOXML's order has it, directly: CT_PPr.style searches for each of the
    thirty-odd elements that may follow it first, a tenth of a DOCX's writing time.

    Relies, in python-docx 1.2, on the private Paragraph._p and CT_P.get_or_add_pPr (oxml)."""
    _set_first_style_child(paragraph._p.get_or_add_pPr(), "w:pStyle", style_id)


def _set_first_style_child(properties, tag: str, style_id: str) -> None:
    """<w:pStyle> or <w:rStyle> (the first child of its properties in OOXML's order) set to an id."""
    element = properties.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        properties.insert(0, element)
    element.set(qn("w:val"), style_id)


def set_run_style_id(run, style_id: str) -> None:
    """Give a run a character style by id, without run.style's lookup by name; the <w:rStyle> put
    first in <w:rPr> directly, as for a paragraph's style.

    Relies, in python-docx 1.2, on the private Run._r and CT_R.get_or_add_rPr (oxml)."""
    _set_first_style_child(run._r.get_or_add_rPr(), "w:rStyle", style_id)


def run_properties(run):
    """A run's <w:rPr>, made if missing.

    Relies, in python-docx 1.2, on the private Run._r and CT_R.get_or_add_rPr (oxml)."""
    return run._r.get_or_add_rPr()


def append_run_element(run, node) -> None:
    """Append an element (a field's parts) to a run.

    Relies, in python-docx 1.2, on the private Run._r."""
    run._r.append(node)


def append_paragraph_element(paragraph, node) -> None:
    """Append an element (a hyperlink) to a paragraph.

    Relies, in python-docx 1.2, on the private Paragraph._p."""
    paragraph._p.append(node)


def follows_table(paragraph) -> bool:
    """Whether the element just before a paragraph is a table.

    Relies, in python-docx 1.2, on the private Paragraph._p."""
    before = paragraph._p.getprevious()
    return before is not None and before.tag == qn("w:tbl")


def remove_paragraph(paragraph) -> None:
    """Take a paragraph out of its cell or body (python-docx has no public way).

    Relies, in python-docx 1.2, on the private Paragraph._p."""
    element = paragraph._p
    element.getparent().remove(element)


def move_cell_content(source, target, start: int) -> None:
    """Move a cell's paragraphs and tables from the start-th on into another cell, in place of its
    own empty paragraph (python-docx moves nothing between cells).

    Relies, in python-docx 1.2, on the private _Cell._tc (a CT_Tc, an lxml element)."""
    moved = [child for child in source._tc if child.tag != qualified_name("w:tcPr")][start:]
    for paragraph in target.paragraphs:
        remove_paragraph(paragraph)
    for element in moved:
        target._tc.append(element)


def move_paragraph_into_cell(paragraph, cell) -> None:
    """Move a paragraph of the body to the end of a table cell (python-docx moves nothing); the
    Paragraph object still writes to it there.

    Relies, in python-docx 1.2, on the private Paragraph._p and _Cell._tc (lxml elements)."""
    cell._tc.append(paragraph._p)


def add_plain_run(paragraph, text: str) -> Run:
    """paragraph.add_run(text) for text with no tab or line break, skipping python-docx's
    character-by-character setter (a fifth of the writer's time).

    Relies, in python-docx 1.2, on the private Paragraph._p, CT_P.add_r and CT_R.add_t (oxml), and on
    constructing Run(element, parent) (undocumented)."""
    element = paragraph._p.add_r()
    element.add_t(text)
    return Run(element, paragraph)


def _story_element(container):
    """A Document's <w:body>, or a table cell's <w:tc>.

    Relies, in python-docx 1.2, on the private Document._body and BlockItemContainer._element."""
    return getattr(container, "_body", container)._element


def append_paragraph(container) -> Paragraph:
    """container.add_paragraph(), in constant time.

    python-docx finds the body's closing sectPr by scanning every child, once per
    paragraph added: quadratic in the length of the document (a 300-page extract
    took minutes). The sectPr is always the last child, so look there.
    Relies, in python-docx 1.2, on the private Document._body, BlockItemContainer._element and the oxml
    method _new_p, and on constructing Paragraph(element, parent) (undocumented)."""
    parent = getattr(container, "_body", container)
    element = parent._element
    p = element._new_p()
    try:
        last = element[-1]
    except IndexError:
        last = None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(p)
    else:
        element.append(p)
    return Paragraph(p, parent)


def ends_with_table(container) -> bool:
    """Whether a document (before its closing sectPr) or a table cell ends with a table.

    Relies, in python-docx 1.2, on the private Document._body and BlockItemContainer._element."""
    element = _story_element(container)
    last = element[-1] if len(element) else None
    if last is not None and last.tag == qn("w:sectPr"):
        last = last.getprevious()
    return last is not None and last.tag == qn("w:tbl")


def put_table_before(table, paragraph) -> None:
    """Move a table to just before a paragraph of the same story (python-docx only appends tables).

    Relies, in python-docx 1.2, on the private Table._tbl and Paragraph._p (lxml elements)."""
    paragraph._p.addprevious(table._tbl)


def header_body_elements(story) -> list:
    """The paragraphs and tables of a header or footer, as elements; none where the section has no
    header or footer of its own.

    Relies, in python-docx 1.2, on the private BlockItemContainer._element of _Header/_Footer."""
    if story.is_linked_to_previous:
        return []
    return [child for child in story._element if child.tag in (qn("w:p"), qn("w:tbl"))]


def insert_story_elements(story, elements: list) -> None:
    """Put paragraph and table elements at the start of a header or footer, in order.

    Relies, in python-docx 1.2, on the private BlockItemContainer._element of _Header/_Footer."""
    first = story._element[0] if len(story._element) else None
    for element in elements:
        if first is None:
            story._element.append(element)
        else:
            first.addprevious(element)


def relate_copied_target(source, target, rel_id: str) -> str | None:
    """For XML copied from one header or footer to another: the id, from the target's part, of what
    rel_id points at from the source's (a picture, copied once; an external link). None for anything
    else (a chart, an embedded object), which is not carried over.

    Relies, in python-docx 1.2, on _Header.part, Part.rels (undocumented), _Relationship.is_external,
    target_ref, reltype and target_part, Part.relate_to and StoryPart.get_or_add_image."""
    relationship = source.part.rels.get(rel_id)
    if relationship is None:
        return None
    if relationship.is_external:
        return target.part.relate_to(relationship.target_ref, relationship.reltype, is_external=True)
    if relationship.reltype == RELATIONSHIP_TYPE.IMAGE:
        rel_id, _ = target.part.get_or_add_image(BytesIO(relationship.target_part.blob))
        return rel_id
    return None


def set_picture_description(shape, text: str) -> None:
    """A picture's alt text (descr) and title, read by screen readers.

    Relies, in python-docx 1.2, on the private InlineShape._inline and CT_Inline.docPr (oxml)."""
    shape._inline.docPr.set("descr", text)
    shape._inline.docPr.set("title", text)


def no_picture_spacing(shape) -> None:
    """An inline picture with no space around it, said outright: python-docx leaves the distances
    out, and LibreOffice then keeps 9 pt clear on its left (Word takes 0).

    Relies, in python-docx 1.2, on the private InlineShape._inline (CT_Inline, an lxml element)."""
    for side in ("distT", "distB", "distL", "distR"):
        shape._inline.set(side, "0")


def relate_external_link(paragraph, url: str) -> str:
    """The relationship id of an external hyperlink from the paragraph's part, made if missing.

    Relies, in python-docx 1.2, on StoryChild.part and Part.relate_to (undocumented) and on
    docx.opc.constants.RELATIONSHIP_TYPE."""
    return paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)


def set_east_asian_font(style, font: str) -> None:
    """A style's East Asian font (python-docx's font.name sets only ascii and hAnsi).

    Relies, in python-docx 1.2, on CT_Style.rPr and CT_RPr.rFonts (oxml); font.name must have been set first."""
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)


def paragraph_properties(paragraph):
    """A paragraph's <w:pPr>, made if missing.

    Relies, in python-docx 1.2, on the private Paragraph._p and CT_P.get_or_add_pPr (oxml)."""
    return paragraph._p.get_or_add_pPr()


def style_paragraph_properties(style):
    """A style's <w:pPr>, made if missing.

    Relies, in python-docx 1.2, on CT_Style.get_or_add_pPr (oxml)."""
    return style.element.get_or_add_pPr()


class _MemberWriter:
    """Stands in for python-docx's PhysPkgWriter: PackageWriter calls write(pack_uri, blob)."""

    def __init__(self, write_member: Callable[[str, bytes], None]):
        self.write_member = write_member

    def write(self, pack_uri, blob: bytes) -> None:
        self.write_member(pack_uri.membername, blob)


def drop_parts(doc, relationship_types: tuple[str, ...]) -> None:
    """Leave out of the saved package every part the document or the package relates to by one of
    these types (and so what only they relate to).

    Relies, in python-docx 1.2, on Document.part.package, Part.rels and OpcPackage.rels being dicts of
    rId -> relationship with .reltype, and on the package writing only the parts its relationships reach."""
    for rels in (doc.part.package.rels, doc.part.rels):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in relationship_types]:
            del rels[rid]


def write_package(doc, write_member: Callable[[str, bytes], None]) -> None:
    """Hand each member of the document's package (name in the zip, bytes) to write_member,
    in the order and with the content python-docx's own save() writes.

    Relies, in python-docx 1.2, on Document.part.package, Part.before_marshal, OpcPackage.parts and .rels, the
    private PackageWriter._write_content_types_stream, _write_pkg_rels and _write_parts,
    their call of phys_writer.write(pack_uri, blob), and PackURI.membername."""
    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    writer = _MemberWriter(write_member)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)

"""Pinning tests for writers/docx/compat.py: one per entry, each exercising the python-docx
internals that entry relies on, against the installed python-docx.

When a python-docx upgrade renames or changes one of them, the test for that entry fails with a
message naming it, so the fix is made in compat.py and nowhere else. These tests may look at
python-docx's XML: that is their job.
"""

from __future__ import annotations

import zipfile
from contextlib import contextmanager
from io import BytesIO

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from lxml import etree
from PIL import Image

from lessonpack.writers.docx import compat

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@contextmanager
def pinned(entry: str):
    """Turn any error from python-docx's internals into a failure that names the compat entry."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - any change in the internals is the failure being pinned
        pytest.fail(f"compat.{entry} no longer works with python-docx {docx.__version__}: "
                    f"{type(error).__name__}: {error}", pytrace=False)


def check(entry: str, condition: bool, what: str) -> None:
    assert condition, f"compat.{entry}: with python-docx {docx.__version__}, {what}"


def xml(element) -> str:
    return etree.tostring(element, encoding="unicode")


def test_qualified_name():
    with pinned("qualified_name"):
        name = compat.qualified_name("w:tbl")
    check("qualified_name", name == f"{W}tbl", f"'w:tbl' became {name!r}")


def test_new_element():
    with pinned("new_element"):
        element = compat.new_element("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": "FFEEDD"})
    check("new_element", element.tag == f"{W}shd", f"the tag is {element.tag!r}")
    check("new_element", list(element.attrib) == [f"{W}val", f"{W}color", f"{W}fill"],
          f"the attributes are not set in order: {list(element.attrib)}")
    check("new_element", 'xmlns:w="' in xml(element), "the element does not declare its namespace")


def test_insert_child_before():
    parent = compat.new_element("w:tblPr")
    for tag in ("w:tblW", "w:tblLook"):
        parent.append(compat.new_element(tag))
    with pinned("insert_child_before"):
        compat.insert_child_before(parent, compat.new_element("w:tblInd"), ("w:tblBorders", "w:tblLook"))
    tags = [child.tag.removeprefix(W) for child in parent]
    check("insert_child_before", tags == ["tblW", "tblInd", "tblLook"], f"the children are {tags}")


def test_cell_properties():
    doc = docx.Document()
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    with pinned("cell_properties"):
        properties = compat.cell_properties(cell)
        again = compat.cell_properties(cell)
    check("cell_properties", properties.tag == f"{W}tcPr", f"it gave a {properties.tag!r}")
    check("cell_properties", properties is again, "a second call made a second tcPr")
    properties.append(compat.new_element("w:shd", {"w:fill": "ABCDEF"}))
    check("cell_properties", len(list(doc.element.iter(f"{W}tcPr"))) == 1
          and next(doc.element.iter(f"{W}shd")).getparent().tag == f"{W}tcPr",
          "what it gave is not the cell's tcPr in the document")


def test_row_properties():
    doc = docx.Document()
    row = doc.add_table(rows=1, cols=1).rows[0]
    with pinned("row_properties"):
        properties = compat.row_properties(row)
    check("row_properties", properties.tag == f"{W}trPr", f"it gave a {properties.tag!r}")
    properties.append(compat.new_element("w:cantSplit", {"w:val": "true"}))
    check("row_properties", next(doc.element.iter(f"{W}cantSplit")).getparent().getparent().tag == f"{W}tr",
          "what it gave is not in the row")


def merged_table(widths: list, start: int, ours: bool):
    """A two-row table of those column widths (None: no width), then a row added and spanned from `start`."""
    from docx.shared import Pt

    doc = docx.Document()
    table = doc.add_table(rows=2, cols=len(widths))
    for column, width in zip(table.columns, widths):
        if width is not None:
            column.width = Pt(width)
    table.cell(0, 0).merge(table.cell(1, 0))  # a merged cell above, as a question's number column
    if ours:
        row, cells = compat.add_spanning_row(table, start)
        cells[-1].paragraphs[0].add_run("text")
        return table, row, cells
    row = table.add_row()
    cells = row.cells
    spanning = cells[start].merge(cells[-1]) if len(cells) > start + 1 else cells[min(start, len(cells) - 1)]
    spanning.paragraphs[0].add_run("text")
    return table, row, [*cells[:start], spanning][:len(cells)]


@pytest.mark.parametrize("widths,start", [([100], 0), ([40, 200], 0), ([40, 200, 60], 0), ([40, 200, 60], 1),
                                          ([40, None, 60], 0), ([None, 100, 60], 1), ([0, 100], 0), ([100], 1),
                                          ([40, 200], 1)])
def test_add_spanning_row(widths, start):
    with pinned("add_spanning_row"):
        table, row, cells = merged_table(widths, start, ours=True)
    theirs, their_row, their_cells = merged_table(widths, start, ours=False)
    check("add_spanning_row", xml(table._tbl) == xml(theirs._tbl),
          f"the row differs from add_row() and merge: {xml(table._tbl)[-600:]}")
    check("add_spanning_row", len(cells) == len(their_cells) and row._tr is table.rows[-1]._tr
          and cells[-1]._tc is row._tr.tc_lst[-1], "the row or cells given are not the table's new ones")


def test_table_properties():
    doc = docx.Document()
    table = doc.add_table(rows=1, cols=1)
    with pinned("table_properties"):
        properties = compat.table_properties(table)
    check("table_properties", properties.tag == f"{W}tblPr", f"it gave a {properties.tag!r}")
    check("table_properties", properties.getparent() is next(doc.element.iter(f"{W}tbl")),
          "what it gave is not the table's own tblPr")


def test_set_table_style_id():
    doc = docx.Document()
    table = doc.add_table(rows=1, cols=1)
    with pinned("set_table_style_id"):
        compat.set_table_style_id(table, doc.styles["Table Grid"].style_id)
    check("set_table_style_id", table.style.name == "Table Grid", f"the table's style is {table.style.name!r}")


def test_set_paragraph_style_id():
    doc = docx.Document()
    paragraph = doc.add_paragraph("text")
    with pinned("set_paragraph_style_id"):
        compat.set_paragraph_style_id(paragraph, doc.styles["Heading 2"].style_id)
    check("set_paragraph_style_id", paragraph.style.name == "Heading 2",
          f"the paragraph's style is {paragraph.style.name!r}")


def test_set_paragraph_style_id_puts_the_style_first_among_properties_set_before_it():
    doc = docx.Document()
    paragraph = doc.add_paragraph("text")
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_after = 0
    with pinned("set_paragraph_style_id"):
        compat.set_paragraph_style_id(paragraph, doc.styles["Heading 2"].style_id)
        compat.set_paragraph_style_id(paragraph, doc.styles["Heading 3"].style_id)
    children = [child.tag for child in paragraph._p.pPr]
    check("set_paragraph_style_id", children[0] == f"{W}pStyle" and children.count(f"{W}pStyle") == 1,
          f"the paragraph's properties are {children}")
    check("set_paragraph_style_id", paragraph.style.name == "Heading 3" and paragraph.paragraph_format.keep_with_next,
          f"the paragraph's style is {paragraph.style.name!r}")


def test_set_run_style_id():
    doc = docx.Document()
    run = doc.add_paragraph().add_run("text")
    with pinned("set_run_style_id"):
        compat.set_run_style_id(run, doc.styles["Strong"].style_id)
    check("set_run_style_id", run.style.name == "Strong", f"the run's style is {run.style.name!r}")


def test_append_run_element():
    run = docx.Document().add_paragraph().add_run("Page ")
    text = compat.new_element("w:t")
    text.text = "1"
    with pinned("append_run_element"):
        compat.append_run_element(run, text)
    check("append_run_element", run.text == "Page 1", f"the run reads {run.text!r}")


def test_append_paragraph_element():
    paragraph = docx.Document().add_paragraph("see ")
    run = compat.new_element("w:r")
    text = compat.new_element("w:t")
    text.text = "this"
    run.append(text)
    with pinned("append_paragraph_element"):
        compat.append_paragraph_element(paragraph, run)
    check("append_paragraph_element", paragraph.text == "see this", f"the paragraph reads {paragraph.text!r}")


def test_remove_paragraph():
    cell = docx.Document().add_table(rows=1, cols=1).cell(0, 0)
    cell.add_paragraph("kept")
    with pinned("remove_paragraph"):
        compat.remove_paragraph(cell.paragraphs[0])
    texts = [p.text for p in cell.paragraphs]
    check("remove_paragraph", texts == ["kept"], f"the cell's paragraphs are {texts}")


def test_move_cell_content():
    table = docx.Document().add_table(rows=2, cols=1)
    source, target = table.cell(0, 0), table.cell(1, 0)
    source.paragraphs[0].text = "Key words"
    source.add_paragraph("first")
    source.add_paragraph("second")
    source.add_table(rows=1, cols=1)
    source.add_paragraph("third")
    with pinned("move_cell_content"):
        compat.move_cell_content(source, target, 2)
    kept, moved = [p.text for p in source.paragraphs], [p.text for p in target.paragraphs]
    # (python-docx puts an empty paragraph after a table it adds to a cell)
    check("move_cell_content", kept == ["Key words", "first"] and moved == ["second", "", "third"]
          and len(target.tables) == 1 and not source.tables, f"the cells read {kept} and {moved}")


def test_move_paragraph_into_cell():
    doc = docx.Document()
    heading, kept = doc.add_paragraph("Question 3"), doc.add_paragraph("after")
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    with pinned("move_paragraph_into_cell"):
        compat.move_paragraph_into_cell(heading, cell)
    heading.add_run(" (4 marks)")  # the same paragraph, written to where it is now
    body, inside = [p.text for p in doc.paragraphs], [p.text for p in cell.paragraphs]
    check("move_paragraph_into_cell", body == ["after"] and inside == ["", "Question 3 (4 marks)"] and kept.text == "after",
          f"the body reads {body}, the cell {inside}")


def test_add_plain_run():
    doc = docx.Document()
    fast, slow = doc.add_paragraph(), doc.add_paragraph()
    with pinned("add_plain_run"):
        run = compat.add_plain_run(fast, "Source A")
    slow.add_run("Source A")
    check("add_plain_run", run.text == "Source A" and fast.text == "Source A", f"the paragraph reads {fast.text!r}")
    check("add_plain_run", isinstance(run, docx.text.run.Run), f"it gave a {type(run).__name__}")
    check("add_plain_run", xml(run.element) == xml(slow.runs[0].element),
          f"its run {xml(run.element)} differs from add_run's {xml(slow.runs[0].element)}")


@pytest.mark.parametrize("where", ["body", "cell"])
def test_append_paragraph(where):
    doc = docx.Document()
    container = doc if where == "body" else doc.add_table(rows=1, cols=1).cell(0, 0)
    with pinned("append_paragraph"):
        paragraph = compat.append_paragraph(container)
        paragraph.add_run("last")
    check("append_paragraph", isinstance(paragraph, docx.text.paragraph.Paragraph), f"it gave a {type(paragraph)}")
    check("append_paragraph", container.paragraphs[-1].text == "last", "the paragraph is not the container's last")
    if where == "body":
        body = next(doc.element.iter(f"{W}body"))
        check("append_paragraph", body[-1].tag == f"{W}sectPr", "the body's sectPr is no longer its last child")
        doc.add_paragraph("public")
        check("append_paragraph", [p.text for p in doc.paragraphs] == ["last", "public"],
              "add_paragraph no longer puts paragraphs where append_paragraph does")


def test_ends_with_table():
    doc = docx.Document()
    with pinned("ends_with_table"):
        empty = compat.ends_with_table(doc)
        doc.add_table(rows=1, cols=1)
        after_table = compat.ends_with_table(doc)
        cell = doc.tables[0].cell(0, 0)
        cell_alone = compat.ends_with_table(cell)
        cell.add_table(rows=1, cols=1)
        compat.remove_paragraph(cell.paragraphs[-1])  # the paragraph python-docx adds after a cell's table
        cell_after_table = compat.ends_with_table(cell)
        doc.add_paragraph()
        after_paragraph = compat.ends_with_table(doc)
    check("ends_with_table", (empty, after_table, after_paragraph) == (False, True, False),
          f"for a body it said {empty}, {after_table} after a table, {after_paragraph} after a paragraph")
    check("ends_with_table", (cell_alone, cell_after_table) == (False, True),
          f"for a cell it said {cell_alone}, then {cell_after_table} after a table")


def test_put_table_before():
    doc = docx.Document()
    header = doc.sections[0].header
    first = header.paragraphs[0]
    with pinned("put_table_before"):
        table = header.add_table(1, 2, docx.shared.Pt(300))
        compat.put_table_before(table, first)
    children = [etree.QName(child).localname for child in header._element]
    check("put_table_before", children == ["tbl", "p"], f"the header holds {children}, not a table then a paragraph")


def test_header_body_elements():
    doc = docx.Document()
    with pinned("header_body_elements"):
        unset = compat.header_body_elements(doc.sections[0].header)
        doc.sections[0].header.paragraphs[0].text = "Northfield Academy"
        doc.sections[0].header.add_table(1, 1, docx.shared.Pt(100))
        found = compat.header_body_elements(doc.sections[0].header)
    check("header_body_elements", unset == [], "a section without a header has elements")
    check("header_body_elements", [etree.QName(e).localname for e in found] == ["p", "tbl"],
          "the header's paragraph and table are not found in order")


def test_insert_story_elements():
    doc = docx.Document()
    footer = doc.sections[0].footer
    footer.paragraphs[0].text = "Page 1 of 2"
    first, second = compat.new_element("w:p"), compat.new_element("w:p")
    with pinned("insert_story_elements"):
        compat.insert_story_elements(footer, [first, second])
    check("insert_story_elements", list(footer._element)[:2] == [first, second] and
          footer.paragraphs[2].text == "Page 1 of 2", "the elements are not put first, in order")


def test_relate_copied_target():
    source_doc, target_doc = docx.Document(), docx.Document()
    picture = BytesIO()
    Image.new("RGB", (4, 4), "navy").save(picture, "PNG")
    source = source_doc.sections[0].header
    source.paragraphs[0].add_run().add_picture(picture)
    blip = source._element.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    image_id = blip.get(compat.qualified_name("r:embed"))
    link_id = source.part.relate_to("https://example.org/", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    target = target_doc.sections[0].header
    with pinned("relate_copied_target"):
        new_image = compat.relate_copied_target(source, target, image_id)
        new_link = compat.relate_copied_target(source, target, link_id)
        missing = compat.relate_copied_target(source, target, "rId999")
    check("relate_copied_target", target.part.related_parts[new_image].blob == picture.getvalue(),
          "the picture is not related from the target")
    check("relate_copied_target", target.part.rels[new_link].target_ref == "https://example.org/",
          "the link is not related from the target")
    check("relate_copied_target", missing is None, "an unknown id gives an id")


def test_set_picture_description():
    image = BytesIO()
    Image.new("RGB", (4, 4), "white").save(image, "PNG")
    doc = docx.Document()
    shape = doc.add_paragraph().add_run().add_picture(BytesIO(image.getvalue()))
    with pinned("set_picture_description"):
        compat.set_picture_description(shape, "A map of Russia")
    saved = BytesIO()
    doc.save(saved)
    found = docx.Document(saved).element.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    attributes = [(p.get("descr"), p.get("title")) for p in found]
    check("set_picture_description", attributes == [("A map of Russia", "A map of Russia")],
          f"the saved picture's descr and title are {attributes}")


def test_no_picture_spacing():
    doc = docx.Document()
    picture = BytesIO()
    Image.new("RGB", (4, 4), "navy").save(picture, "PNG")
    with pinned("no_picture_spacing"):
        shape = doc.add_paragraph().add_run().add_picture(picture)
        compat.no_picture_spacing(shape)
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    inline = doc.element.body.find(f".//{wp}inline")
    check("no_picture_spacing", all(inline.get(side) == "0" for side in ("distT", "distB", "distL", "distR")),
          "the picture's distances are not all 0")


def test_relate_external_link():
    doc = docx.Document()
    paragraph = doc.add_paragraph()
    with pinned("relate_external_link"):
        rel_id = compat.relate_external_link(paragraph, "https://example.org/")
        again = compat.relate_external_link(paragraph, "https://example.org/")
    rel = doc.part.rels[rel_id]
    check("relate_external_link", rel.is_external and rel.target_ref == "https://example.org/"
          and rel.reltype.endswith("/hyperlink"), f"it made {rel.reltype} -> {rel.target_ref}")
    check("relate_external_link", again == rel_id, "the same address got a second relationship")


def test_set_east_asian_font():
    style = docx.Document().styles["Normal"]
    style.font.name = "Arial"
    with pinned("set_east_asian_font"):
        compat.set_east_asian_font(style, "Arial")
    fonts = [f.get(f"{W}eastAsia") for f in style.element.iter(f"{W}rFonts")]
    check("set_east_asian_font", fonts == ["Arial"], f"the style's East Asian fonts are {fonts}")
    check("set_east_asian_font", style.font.name == "Arial", "it disturbed the style's own font")


def test_style_paragraph_properties():
    style = docx.Document().styles.add_style("Fresh", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    with pinned("style_paragraph_properties"):
        properties = compat.style_paragraph_properties(style)
        again = compat.style_paragraph_properties(style)
    check("style_paragraph_properties", properties.tag == f"{W}pPr" and properties.getparent() is style.element,
          f"it gave a {properties.tag!r} that is not the style's own")
    check("style_paragraph_properties", properties is again, "a second call made a second pPr")


def test_paragraph_properties():
    paragraph = docx.Document().add_paragraph("Header")
    with pinned("paragraph_properties"):
        properties = compat.paragraph_properties(paragraph)
        again = compat.paragraph_properties(paragraph)
    check("paragraph_properties", properties.tag == f"{W}pPr" and properties.getparent().tag == f"{W}p",
          f"it gave a {properties.tag!r} that is not the paragraph's own")
    check("paragraph_properties", properties is again, "a second call made a second pPr")


def test_write_package():
    doc = docx.Document()
    doc.add_paragraph("Hello")
    members: dict[str, bytes] = {}
    with pinned("write_package"):
        compat.write_package(doc, members.__setitem__)
    saved = BytesIO()
    doc.save(saved)
    with zipfile.ZipFile(saved) as package:
        expected = {name: package.read(name) for name in package.namelist()}
    check("write_package", list(members) == list(expected),
          f"it wrote {list(members)}, python-docx's save() {list(expected)}")
    different = [name for name in expected if members[name] != expected[name]]
    check("write_package", not different, f"these members differ from save()'s: {different}")


def test_drop_parts():
    doc = docx.Document()
    thumbnail = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
    effects = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
    with pinned("drop_parts"):
        compat.drop_parts(doc, (thumbnail, effects))
    members: dict[str, bytes] = {}
    compat.write_package(doc, members.__setitem__)
    check("drop_parts", "docProps/thumbnail.jpeg" not in members and "word/stylesWithEffects.xml" not in members,
          f"the package still holds {[name for name in members if 'thumbnail' in name or 'Effects' in name]}")
    check("drop_parts", "word/styles.xml" in members, "it dropped parts of other types too")


def test_run_properties():
    run = docx.Document().add_paragraph().add_run("x")
    with pinned("run_properties"):
        first = compat.run_properties(run)
        again = compat.run_properties(run)
    check("run_properties", first.tag == f"{W}rPr" and first is again, f"it gave {first.tag!r}, not one <w:rPr>")
    check("run_properties", run.element[0] is first, "the <w:rPr> is not the run's first child")


XPATHS = ["./w:r | ./w:hyperlink", "w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab",
          "./ancestor::w:tbl[position()=1]", "./w:tr", "count(./w:r)", "string(.)", "./following-sibling::w:tc",
          'w:style[@w:styleId="Normal"]']


def test_compile_xpaths_once():
    """The compiled expressions find what python-docx's own xpath finds, in the same order."""
    doc = docx.Document()
    paragraph = doc.add_paragraph("one ")
    paragraph.add_run("two\tthree").add_break()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("cell")
    elements = [paragraph._p, paragraph.runs[1]._r, table._tbl, table.cell(0, 0)._tc, table.cell(0, 0).paragraphs[0]._p,
                doc.styles.element]
    with pinned("compile_xpaths_once"):
        compat.compile_xpaths_once()
        ours = [[element.xpath(path) for path in XPATHS] for element in elements]
    theirs = [[compat.PYTHON_DOCX_XPATH(element, path) for path in XPATHS] for element in elements]
    check("compile_xpaths_once", ours == theirs, "the compiled expressions find other elements or values")
    check("compile_xpaths_once", paragraph.runs[1].text == "two\tthree\n" and table.cell(0, 0).text == "cell",
          "python-docx reads runs and cells otherwise through them")
    check("compile_xpaths_once", any(found for row in theirs for found in row),
          "python-docx's own xpath found nothing: the comparison proves nothing")


def test_follows_table():
    doc = docx.Document()
    with pinned("follows_table"):
        first = doc.add_paragraph("first")
        doc.add_table(rows=1, cols=1)
        after_table = doc.add_paragraph("after the table")
        after_paragraph = doc.add_paragraph("after a paragraph")
        found = [compat.follows_table(p) for p in (first, after_table, after_paragraph)]
    check("follows_table", found == [False, True, False], f"it found {found} for a paragraph before, just after "
                                                          "and a paragraph after a table")

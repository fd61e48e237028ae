"""WordprocessingML pieces python-docx has no API for: borders, shading, row flags, fields, links."""

from __future__ import annotations

from docx.shared import RGBColor

from .compat import (append_paragraph_element, append_run_element, cell_properties, insert_child_before, new_element,
                     qualified_name, relate_external_link, row_properties, run_properties, table_properties)

TABLE_PROPERTY_ORDER = ("w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                        "w:tblDescription", "w:tblPrChange")
"""The table properties that OOXML's schema puts after a table's indent."""


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def border(properties, edges: dict[str, tuple[str, float, str]], space: int = 4) -> None:
    """Set paragraph or cell borders on a <w:pPr> or <w:tcPr>: edge -> (style, width pt, hex colour),
    `space` points from the text (Word and LibreOffice add it to a paragraph's height)."""
    tag = "w:pBdr" if properties.tag == qualified_name("w:pPr") else "w:tcBorders"
    borders = properties.find(qualified_name(tag))
    if borders is None:
        borders = new_element(tag)
        properties.append(borders)
    for edge, (style, width, colour) in edges.items():
        borders.append(new_element(f"w:{edge}", {"w:val": style, "w:sz": str(int(width * 8)), "w:space": str(space),
                                                 "w:color": colour.lstrip("#")}))


RUN_BORDER_SUCCESSORS = ("w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
                         "w:eastAsianLayout", "w:specVanish", "w:oMath")
"""The run properties that OOXML's schema puts after w:bdr."""


def run_border(run, width: float, colour: str) -> None:
    """Draw a box round a run (a write-in box made of spaces): Word's character border."""
    node = new_element("w:bdr", {"w:val": "single", "w:sz": str(int(width * 8)), "w:space": "0",
                                 "w:color": colour.lstrip("#")})
    insert_child_before(run_properties(run), node, RUN_BORDER_SUCCESSORS)


RUN_SCALE_SUCCESSORS = ("w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                        *RUN_BORDER_SUCCESSORS)
"""The run properties that OOXML's schema puts after w:w."""


def run_width_scale(run, factor: float) -> None:
    """Stretch a run's characters sideways by factor (Word's character scale, whole per cent)."""
    node = new_element("w:w", {"w:val": str(round(factor * 100))})
    insert_child_before(run_properties(run), node, RUN_SCALE_SUCCESSORS)


def cell_border(cell, edges: dict[str, tuple[str, float, str]]) -> None:
    """Set a table cell's borders: edge -> (style, width pt, hex colour)."""
    border(cell_properties(cell), edges)


def cell_margins(cell, points: float, right: float | None = None, bottom: float | None = None) -> None:
    """A table cell's own left and right margins (its table may have none); `right` if it differs;
    and a `bottom` one if given (room under what the cell holds, which LibreOffice does not drop as it
    drops an empty paragraph ending a cell after a nested table)."""
    margins = new_element("w:tcMar")
    edges = [("left", points), ("bottom", bottom), ("right", points if right is None else right)]
    for edge, size in edges:  # in OOXML's order
        if size is not None:
            margins.append(new_element(f"w:{edge}", {"w:w": str(round(size * 20)), "w:type": "dxa"}))
    cell_properties(cell).append(margins)  # after tcBorders and shd, as OOXML's order asks


def shade(cell, hex_colour: str) -> None:
    """Fill a table cell with a colour."""
    shading = new_element("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": hex_colour.lstrip("#")})
    cell_properties(cell).append(shading)


def mark_row(row, property_name: str) -> None:
    """Switch on a table row's property: tblHeader (screen readers read the row as a header, and
    it repeats on each page the table spans) or cantSplit (the row is kept on one page)."""
    row_properties(row).append(new_element(f"w:{property_name}", {"w:val": "true"}))


def no_cell_margins(table, points: float = 0.0) -> None:
    """Remove a table's left and right cell margins, so narrow columns keep their text whole (or set them)."""
    margins = new_element("w:tblCellMar")
    for edge in ("left", "right"):
        margins.append(new_element(f"w:{edge}", {"w:w": str(round(points * 20)), "w:type": "dxa"}))
    table_properties(table).append(margins)


def indent_table(table, points: float) -> None:
    """Start a table this far from the left margin."""
    node = new_element("w:tblInd", {"w:w": str(round(points * 20)), "w:type": "dxa"})
    insert_child_before(table_properties(table), node, TABLE_PROPERTY_ORDER)


def field(paragraph, instruction: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) that the reader's program fills in."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "instr":
            node = new_element("w:instrText", {"xml:space": "preserve"})
            node.text = f" {text} "
        elif kind == "text":
            node = new_element("w:t")
            node.text = text
        else:
            node = new_element("w:fldChar", {"w:fldCharType": kind})
        append_run_element(run, node)


def hyperlink(paragraph, url: str, text: str) -> None:
    """Append a link to a web address, in the Hyperlink character style."""
    link = new_element("w:hyperlink", {"r:id": relate_external_link(paragraph, url)})
    run = new_element("w:r")
    props = new_element("w:rPr")
    props.append(new_element("w:rStyle", {"w:val": "Hyperlink"}))
    run.append(props)
    node = new_element("w:t")
    node.text = text
    node.set(qualified_name("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    append_paragraph_element(paragraph, link)


def page_background(doc, hex_colour: str) -> None:
    """Colour every page (Word shows it only when the settings ask it to)."""
    doc.element.insert(0, new_element("w:background", {"w:color": hex_colour.lstrip("#")}))
    doc.settings.element.append(new_element("w:displayBackgroundShape"))


def default_language(doc, language: str) -> None:
    """The language every run is in unless told otherwise (spell-checking, screen readers)."""
    defaults = doc.styles.element.find(qualified_name("w:docDefaults")).find(qualified_name("w:rPrDefault"))
    properties = defaults.find(qualified_name("w:rPr"))
    existing = properties.find(qualified_name("w:lang"))  # the template's en-US: OOXML allows one w:lang here
    if existing is None:
        properties.append(new_element("w:lang", {"w:val": language}))
    else:
        existing.set(qualified_name("w:val"), language)


WORD_2013 = "15"
"""Word's compatibility mode for Word 2013 and later: a file asking for less (python-docx's template
asks for 14, Word 2010) opens titled "[Compatibility Mode]" with Word's older layout rules."""
TEMPLATE_SETTINGS = ("w:savePreviewPicture", "w:rsids", "w14:docId")
"""python-docx's template's settings no lessonpack file means: a request to store a thumbnail on the
next save, and the editing-session ids and document id of the document the template was made from."""


def current_word_settings(doc) -> None:
    """The settings of a file made today: Word 2013's compatibility mode, none of the template's leftovers."""
    settings = doc.settings.element
    for tag in TEMPLATE_SETTINGS:
        for node in settings.findall(qualified_name(tag)):
            settings.remove(node)
    compat = settings.find(qualified_name("w:compat"))
    if compat is None:
        compat = new_element("w:compat")
        insert_child_before(settings, compat, COMPAT_SUCCESSORS)
    mode = [node for node in compat.findall(qualified_name("w:compatSetting"))
            if node.get(qualified_name("w:name")) == "compatibilityMode"]
    if not mode:
        mode = [new_element("w:compatSetting", {"w:name": "compatibilityMode",
                                                "w:uri": "http://schemas.microsoft.com/office/word"})]
        compat.append(mode[0])
    mode[0].set(qualified_name("w:val"), WORD_2013)


COMPAT_SUCCESSORS = ("w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
                     "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
                     "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
                     "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")
"""The settings OOXML's schema puts after w:compat (a reference document may have none)."""

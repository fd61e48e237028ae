"""python-docx internals read element by element (which face each run is set in, `embed.text_by_face`):
through python-docx's proxies every run cost a Run, a Font and a dozen child lookups, a sixth of a DOCX's
writing time."""

from __future__ import annotations

from collections.abc import Iterator

from docx.oxml.ns import qn


W_P, W_TBL, W_TR, W_TC, W_R, W_HYPERLINK = (qn(f"w:{tag}") for tag in ("p", "tbl", "tr", "tc", "r", "hyperlink"))
W_RPR, W_RFONTS, W_B, W_I, W_VAL, W_ASCII = (qn(f"w:{tag}") for tag in ("rPr", "rFonts", "b", "i", "val", "ascii"))
W_TCPR, W_VMERGE = qn("w:tcPr"), qn("w:vMerge")
ON_OFF = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}


def story_items(story) -> Iterator:
    """The <w:p> and <w:tbl> elements of a document, header or footer, as its iter_inner_content()
    gives them (a header linked to the previous section's is read from there, made if none is).

    Relies on the private Paragraph._p and Table._tbl."""
    for item in story.iter_inner_content():
        yield item._p if hasattr(item, "_p") else item._tbl


def cell_items(tc) -> Iterator:
    """A <w:tc>'s paragraphs and tables, as _Cell.iter_inner_content() gives them: its w:p and w:tbl children."""
    return (child for child in tc if child.tag in (W_P, W_TBL))


def table_cells(tbl) -> Iterator:
    """Each <w:tc> of a table whose content row.cells gives, once: a cell continuing a vertical merge
    (<w:vMerge> without val="restart") gives the cell above it, which its own row gives already.

    Relies on _Row.cells reading the tr's w:tc children and ST_Merge's default being "continue"."""
    for tr in tbl.iterchildren(W_TR):
        for tc in tr.iterchildren(W_TC):
            properties = tc.find(W_TCPR)
            merge = properties.find(W_VMERGE) if properties is not None else None
            if merge is None or merge.get(W_VAL, "continue") == "restart":
                yield tc


def paragraph_runs(p) -> Iterator:
    """A <w:p>'s runs, a link's too, in order: Paragraph.iter_inner_content() and Hyperlink.runs.

    Relies on CT_P.inner_content_elements being its w:r and w:hyperlink children, a hyperlink's runs
    its w:r children."""
    for child in p:
        if child.tag == W_R:
            yield child
        elif child.tag == W_HYPERLINK:
            yield from child.iterchildren(W_R)


def written_style_id(element) -> str | None:
    """The style id a <w:p> or <w:r> names in its XML, or None: paragraph.style and run.style look the id
    up in the styles part on every call; text_by_face looks each id up once.

    Relies on CT_P.style and CT_R.style (oxml) reading w:pPr/w:pStyle and w:rPr/w:rStyle."""
    return element.style


def run_text(r) -> str:
    """A <w:r>'s text as run.text gives it (tabs, breaks and non-breaking hyphens as characters).

    Relies on Run.text being CT_R.text (oxml)."""
    return r.text


def run_font(r) -> tuple[str | None, bool | None, bool | None]:
    """A <w:r>'s own font name, bold and italic, as run.font.name, .bold and .italic read them.

    Relies on Font reading w:rPr/w:rFonts/@w:ascii and the val of w:rPr/w:b and w:i (absent: on;
    ST_OnOff's six values)."""
    properties = r.find(W_RPR)
    if properties is None:
        return None, None, None
    fonts = properties.find(W_RFONTS)
    return (fonts.get(W_ASCII) if fonts is not None else None,
            _on_off(properties.find(W_B)), _on_off(properties.find(W_I)))


def _on_off(element) -> bool | None:
    if element is None:
        return None
    value = element.get(W_VAL)
    return True if value is None else ON_OFF[value]

"""Pinning tests for writers/docx/compat.py (reading a written DOCX back, `embed.text_by_face`):
each checks that the elements it reads give what python-docx's own proxies give, against the
installed python-docx. When one fails, fix the compat_read entry it names, and only that.
"""

from __future__ import annotations

import docx

from test_compat_docx import check, pinned


def test_written_style_id():
    from lessonpack.writers.docx import compat as compat_read

    doc = docx.Document()
    styled = doc.add_paragraph("text", style="Heading 2")
    plain = doc.add_paragraph()
    strong, bare = plain.add_run("a", style="Strong"), plain.add_run("b")
    with pinned("compat_read.written_style_id"):
        found = [compat_read.written_style_id(item._p if hasattr(item, "_p") else item._r)
                 for item in (styled, plain, strong, bare)]
    check("compat_read.written_style_id",
          found == [doc.styles["Heading 2"].style_id, None, doc.styles["Strong"].style_id, None],
          f"the ids read are {found!r}")


def probe_document():
    """A document with what text_by_face meets: styled, bold, italic (on and off) and named-font runs,
    a link's runs, a table with cells merged across and down, and a table inside a cell."""
    from docx.enum.text import WD_BREAK

    from lessonpack.writers.docx import ooxml

    doc = docx.Document()
    paragraph = doc.add_paragraph("plain ", style="List Bullet")
    bold = paragraph.add_run("bold")
    bold.bold = True
    off = paragraph.add_run(" not italic")
    off.italic = False
    named = paragraph.add_run(" named")
    named.font.name = "DejaVu Sans"
    named.add_break(WD_BREAK.LINE)
    ooxml.hyperlink(paragraph, "https://example.com", "a link")
    table = doc.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(2, 2).paragraphs[0].add_run("corner").italic = True
    table.cell(2, 1).add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].add_run("inner")
    return doc, table


def element_of(item):
    return item._p if hasattr(item, "_p") else item._tbl


def test_compat_read_story_cells_and_runs():
    from lessonpack.writers.docx import compat as compat_read

    doc, table = probe_document()
    with pinned("compat_read"):
        items = list(compat_read.story_items(doc))
        cells = list(compat_read.table_cells(table._tbl))
    check("compat_read", items == [element_of(i) for i in doc.iter_inner_content()], "a story's items differ")
    theirs = list(dict.fromkeys(cell._tc for row in table.rows for cell in row.cells))
    check("compat_read", sorted(map(id, cells)) == sorted(map(id, theirs)) and len(cells) == len(theirs),
          "a table's cells differ from row.cells'")
    for cell in dict.fromkeys(cell for row in table.rows for cell in row.cells):
        check("compat_read", list(compat_read.cell_items(cell._tc)) == [element_of(i) for i in cell.iter_inner_content()],
              "a cell's items differ")
    for paragraph in [*doc.paragraphs, *(p for row in table.rows for c in row.cells for p in c.paragraphs)]:
        runs = [run for item in paragraph.iter_inner_content()
                for run in (item.runs if hasattr(item, "runs") else (item,))]
        found = list(compat_read.paragraph_runs(paragraph._p))
        check("compat_read", found == [run._r for run in runs], "a paragraph's runs differ")
        check("compat_read", [compat_read.run_font(r) for r in found] ==
              [(run.font.name, run.font.bold, run.font.italic) for run in runs], "a run's font differs")
        check("compat_read", [compat_read.run_text(r) for r in found] == [run.text for run in runs],
              "a run's text differs")
    check("compat_read", any(compat_read.run_font(r)[2] is False for p in doc.paragraphs
                             for r in compat_read.paragraph_runs(p._p)), "the probe has no italic turned off")

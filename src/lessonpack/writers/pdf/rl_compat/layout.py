"""reportlab internals the layout relies on: whole-library settings, tables, paragraphs, frames."""

from __future__ import annotations

from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Paragraph, Table
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.tables import CellStyle


# ----------------------------------------------------------------- whole-library settings

def use_binary_streams() -> None:
    """Write page streams without ASCII85: smaller files, and no time spent encoding.

    Relies on rl_config.useA85 being read each time a stream is written (a module global,
    listed in rl_settings but not in the user guide). Tested: 5.1.0."""
    rl_config.useA85 = 0


def set_default_cell_font(font_name: str) -> None:
    """Start every table cell in this font instead of Helvetica.

    A table sets each cell's font from CellStyle.fontname (a class attribute defaulting to
    Helvetica) even when the cell holds only paragraphs; that would list an unembedded
    standard-14 font in every file. Relies on Table reading CellStyle.fontname when it
    makes its cell styles. Tested: 5.1.0."""
    CellStyle.fontname = font_name


# ----------------------------------------------------------------- tables

def row_heights(table: Table) -> list[float]:
    """The height of each row, after table.wrap().

    Relies on Table.wrap storing them in the private list table._rowHeights. Tested: 5.1.0."""
    return table._rowHeights


def measure_last_row_again(table: Table) -> None:
    """Lets the table's last row take the height of its cells at the next wrap (a stacked box's last
    space to write in, grown to the page foot: `box_fill`). A piece of a split table is made with
    its rows' heights fixed, so a grown cell drew its lines past the box's foot.

    Relies on Table._splitRows passing the pieces' heights as rowHeights, kept in the private list
    table._argH, and on Table.wrap measuring each row whose entry there is None. Tested: 5.1.0."""
    measure_rows_again(table, [len(table._argH) - 1] if table._argH else [])


def measure_rows_again(table: Table, rows: list[int]) -> None:
    """Lets these rows of the table take the height of their cells at the next wrap (a stacked box's
    spaces to write in, grown to the page foot: `box_fill`). Relies on what `measure_last_row_again` does."""
    if table._argH and any(table._argH[i] is not None for i in rows):
        table._argH = [None if i in rows else h for i, h in enumerate(table._argH)]


def cell_rows(table: Table) -> list[list]:
    """The table's rows of cells, as reportlab will draw them: replacing a cell in them
    before the table is drawn changes what is drawn.

    Relies on Table keeping its data in the private list of lists table._cellvalues and
    drawing from it (not from a copy). Tested: 5.1.0."""
    return table._cellvalues


def split_inside_row(table: Table, width: float, height: float) -> list[Table]:
    """The table split inside the row that does not fit in `height`, between the lines of its
    cells' paragraphs, instead of between rows; [] where its cells cannot split there. Its NOSPLIT
    ranges still choose the row (none inside a table kept whole).

    Relies on Table.split trying reportlab's in-row split first when the table's splitByRow
    attribute (its constructor's argument) is false and splitInRow true, falling back to a split
    between rows, and on the pieces being made with the table's class and both attributes, which
    are put back on them. Tested: 5.1.0."""
    by_row, in_row = table.splitByRow, table.splitInRow
    table.splitByRow, table.splitInRow = 0, 1
    try:
        parts = Table.split(table, width, height)
    finally:
        table.splitByRow, table.splitInRow = by_row, in_row
    for part in parts:
        part.splitByRow, part.splitInRow = by_row, in_row
    return parts


# ----------------------------------------------------------------- paragraphs

def line_breaks(para: Paragraph) -> tuple | None:
    """The line breaks of the last wrap, to give back to a later wrap at the same width; None
    before the first wrap.

    Relies on Paragraph.wrap leaving its broken lines in para.blPara and the widths they
    were broken for in the private para._wrapWidths, and on draw and split reading only
    those (with width and height). Tested: 5.1.0."""
    if not hasattr(para, "blPara"):
        return None
    return para.blPara, para._wrapWidths


def split_at_lines(para: Paragraph, width: float, lines: int) -> list[Paragraph]:
    """The paragraph in pieces of `lines` printed lines each (the last may be shorter), cut where
    its lines break at `width`, so that each piece, wrapped at that width, prints the very lines
    the whole paragraph would: a cut ends no line early. In O(n log n): halves are split again.

    Relies on Paragraph.split cutting between the lines of the last wrap (its second piece starts
    a line, first-line indent dropped) and on line breaking being greedy (a piece that starts
    where a line started breaks where that line broke). The pieces keep the paragraph's style
    (the caller sets the pieces' own), are split without widow or orphan rules (the cut would
    move), and are of the paragraph's class. A piece of text in one style comes back from the
    split as its words only (frag.words, no frag.text): its text is put back, so getPlainText reads
    it (keep.py measures a paragraph by it), and line breaking splits that text at its spaces into
    the same words. Tested: 5.1.0."""
    _, height = para.wrap(width, 1e9)
    count = round(height / para.style.leading)
    if count <= lines:
        return [para]
    parts = split_after_lines(para, width, lines * ((-(-count // lines)) // 2))
    if len(parts) != 2:
        return [para]
    return split_at_lines(parts[0], width, lines) + split_at_lines(parts[1], width, lines)


def split_after_lines(para: Paragraph, width: float, lines: int) -> list[Paragraph]:
    """The paragraph cut once, after its first `lines` printed lines at `width` (as split_at_lines
    cuts it, and relying on the same); [para] when it has no more lines than that."""
    leading = para.style.leading
    _, height = para.wrap(width, 1e9)
    if round(height / leading) <= lines:
        return [para]
    style = para.style
    para.style = ParagraphStyle(f"{style.name}-cut", parent=style, allowWidows=1, allowOrphans=1)
    try:
        parts = para.split(width, lines * leading + 0.01)
    finally:
        para.style = style
    if len(parts) != 2:
        return [para]
    for part in parts:  # a piece of one-style text keeps only its words: its text, for getPlainText
        for frag in part.frags:
            if not hasattr(frag, "text") and hasattr(frag, "words"):
                frag.text = " ".join(frag.words)
    parts[0].style = style
    parts[1].style = style if not style.firstLineIndent else ParagraphStyle(f"{style.name}-rest", parent=style,
                                                                             firstLineIndent=0)
    return parts


def restore_line_breaks(para: Paragraph, breaks: tuple) -> None:
    """Put back line breaks from line_breaks(), so the paragraph draws as if just wrapped.

    Relies on the same two attributes as line_breaks. Tested: 5.1.0."""
    para.blPara, para._wrapWidths = breaks


def current_text_position(canvas: Canvas) -> tuple[float, float]:
    """Where the text being drawn has got to (x, y of the baseline), inside an onDraw callback.

    Relies on Paragraph's drawing setting the private dict canvas._curr_tx_info (keys
    cur_x, cur_y) for the length of the callback, as reportlab's own table of contents
    does. Tested: 5.1.0."""
    where = canvas._curr_tx_info
    return where["cur_x"], where["cur_y"]


def current_text_font(canvas: Canvas) -> tuple[str, float]:
    """The font name and size the text being drawn is set in, inside an onDraw callback.

    Relies on canvas._curr_tx_info["tx"] being the text object, with its font in the
    private tx._fontname and tx._fontsize. Tested: 5.1.0."""
    tx = canvas._curr_tx_info["tx"]
    return tx._fontname, tx._fontsize


# ----------------------------------------------------------------- frames and documents

def frame_cursor_y(doc: BaseDocTemplate) -> float:
    """In afterFlowable: the height on the page where the next flowable of the current frame
    would start, i.e. the bottom of the one just placed, less its space after.

    Relies on Frame.add keeping that height in the private doc.frame._y. Tested: 5.1.0."""
    return doc.frame._y


def frame_at_top(doc: BaseDocTemplate) -> bool:
    """Whether nothing has been placed yet in the current frame (the top of a page).

    Relies on Frame keeping that in the private doc.frame._atTop (what it reads to drop a
    flowable's space before at the top). Tested: 5.1.0."""
    frame = getattr(doc, "frame", None)  # none before the first page begins
    return frame is not None and bool(frame._atTop)


def layout_error_names_a_table(error: LayoutError) -> bool:
    """Whether a "too large" layout error is about a table (or a box, made of a table).

    Relies on the message naming the flowable's class ("Flowable <...Table...> too large").
    Tested: 5.1.0."""
    return "Table" in str(error)

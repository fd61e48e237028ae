"""Every use of reportlab's private attributes or undocumented behaviour, in one place.

A reportlab upgrade that changes one of these breaks the function here, and its pinning
test in tests/test_compat_reportlab.py says which. Each function names what it relies on.
Tested with reportlab 5.1.0 (pyproject allows >=5.1,<6: run that test file on any other version).
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import reportlab
from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import ttfonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, Paragraph, Table
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.tables import CellStyle

from ...fonts.cache import file_hash, recall, store

TESTED_VERSIONS = "5.1.0"


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
    if table._argH and table._argH[-1] is not None:
        table._argH = [*table._argH[:-1], None]


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


# ----------------------------------------------------------------- pages held back by the canvas

def page_state(canvas: Canvas) -> dict:
    """Everything the canvas knows of the page being drawn, to write it out later.

    Relies on a Canvas keeping all its per-page state (the page's content in the private
    list _code, graphics state, page number, annotations...) as instance attributes.
    Tested: 5.1.0."""
    return dict(canvas.__dict__)


def start_next_page(canvas: Canvas) -> None:
    """Start a fresh page without writing out the current one (showPage would write it).

    Relies on the private Canvas._startPage, the second half of showPage. Tested: 5.1.0."""
    canvas._startPage()


def restore_page_state(canvas: Canvas, state: dict) -> None:
    """Make a page_state() the canvas's current page again, so showPage writes it; drawing
    onto it does not change the saved state (another copy may print it again).

    Relies on what page_state relies on. Tested: 5.1.0."""
    canvas.__dict__.update(state)
    canvas._code = list(state["_code"])


def page_content(canvas: Canvas) -> list[str]:
    """The content operators drawn on the current page so far, in order; inserting into this
    list puts drawing at that place in the page.

    Relies on the private list canvas._code, which showPage writes out. Tested: 5.1.0."""
    return canvas._code


@contextmanager
def captured_drawing(canvas: Canvas) -> Iterator[list[str]]:
    """Collect the content operators drawn inside the with block, instead of adding them
    to the page (to insert them elsewhere in page_content).

    Relies on all drawing appending to the private list canvas._code. Tested: 5.1.0."""
    page = canvas._code
    canvas._code = drawn = []
    try:
        yield drawn
    finally:
        canvas._code = page


# ----------------------------------------------------------------- tagged PDF (tagging.py)

def hook_flowable_drawing(begin: Callable, end: Callable, split: Callable) -> None:
    """Call begin(flowable, canvas) before and end(flowable, canvas) after every flowable is
    drawn, and split(flowable, parts) after every split a frame or a keep rule asks for.

    Relies on every flowable being drawn through Flowable.drawOn (none of the flowables
    lessonpack tags overrides it: Paragraph, Image, Table, our own) and split through
    Frame.split(flowable, canv) (a frame) or Flowable.splitOn (keep.py). Installed once.
    Tested: 5.1.0."""
    if getattr(Flowable.drawOn, "lessonpack_hook", False):
        return
    draw_on, split_on, frame_split = Flowable.drawOn, Flowable.splitOn, Frame.split

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 (reportlab's name)
        begin(self, canvas)
        try:
            draw_on(self, canvas, x, y, _sW)
        finally:
            end(self, canvas)

    def splitOn(self, canv, aW, aH):  # noqa: N802 (reportlab's name)
        parts = split_on(self, canv, aW, aH)
        split(self, parts)
        return parts

    def split_in_frame(self, flowable, canv):
        parts = frame_split(self, flowable, canv)
        split(flowable, parts)
        return parts

    drawOn.lessonpack_hook = True
    Flowable.drawOn, Flowable.splitOn, Frame.split = drawOn, splitOn, split_in_frame


def catalog(canvas: Canvas):
    """The document catalog: setting StructTreeRoot, MarkInfo or Metadata on it writes that entry.

    Relies on the private canvas._doc (the PDFDocument) and on PDFCatalog writing the attributes
    named in its __NoDefault__ list. Tested: 5.1.0."""
    return canvas._doc.Catalog


def register_object(canvas: Canvas, obj):
    """An indirect reference to obj, written as its own object in the file.

    Relies on the private canvas._doc's Reference(). Tested: 5.1.0."""
    return canvas._doc.Reference(obj)


def next_page_reference(canvas: Canvas):
    """A reference to the page the next showPage writes.

    Relies on PDFDocument naming pages "Page<n>" from its page counter (thisPageRef).
    Tested: 5.1.0."""
    return canvas._doc.thisPageRef()


def next_page_entries(canvas: Canvas, entries: Callable[[bool], dict]) -> None:
    """Add entries(has_annotations) to the dictionary of the page the next showPage writes
    (StructParents, Tabs).

    Relies on showPage calling the private canvas._setAnnotations(page) with the new PDFPage,
    and on PDFPage writing the attributes named in its __NoDefault__ list. Tested: 5.1.0."""
    original = canvas._setAnnotations

    def set_annotations(page) -> None:
        original(page)
        extra = entries(bool(page.Annots))
        page.__NoDefault__ = [*type(page).__NoDefault__, *extra]
        for key, value in extra.items():
            setattr(page, key, value)
        del canvas._setAnnotations

    canvas._setAnnotations = set_annotations


def map_no_unused_codes_to_unicode_zero() -> None:
    """Leave the unused codes of a font subset out of its ToUnicode map, instead of mapping them
    to U+0000 (PDF/UA-1 forbids that value: a screen reader would read a null character).

    Relies on ttfonts.makeToUnicodeCMap(fontname, subset) being looked up as a module global
    when a subset font is written, `subset` listing the Unicode value of each code (0: unused).
    Tested: 5.1.0."""
    if getattr(ttfonts.makeToUnicodeCMap, "lessonpack_hook", False):
        return
    original = ttfonts.makeToUnicodeCMap

    def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        whole = original(fontname, subset)
        used = [f"<{code:02X}> <{value:04X}>" for code, value in enumerate(subset) if value]
        head, _, rest = whole.partition(f"{len(subset)} beginbfchar\n")
        tail = rest[rest.index("endbfchar"):]
        return f"{head}{len(used)} beginbfchar\n" + "\n".join(used) + "\n" + tail

    make_to_unicode_cmap.lessonpack_hook = True
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


def watch_annotations(canvas: Canvas, added: Callable[[object], None]) -> None:
    """Call added(annotation) with each annotation (a form field's widget: a PDFDictionary that
    may still be given entries) as the canvas adds it to the page being drawn.

    Relies on acroForm and the link methods adding every annotation through the private
    canvas._addAnnotation(annotation, name, addtopage). Tested: 5.1.0."""
    original = canvas._addAnnotation

    def add_annotation(annotation, name=None, addtopage=1):
        original(annotation, name, addtopage)
        added(annotation)

    canvas._addAnnotation = add_annotation


# ----------------------------------------------------------------- parsed faces kept between runs
"""reportlab's parsed TrueType faces kept in the cache folder (fonts/cache.py): about a hundredth of a
second a face, eight faces on every build, otherwise."""

NAMESPACE = "rl-faces"
KEPT_ASIDE = ("_ttf_data", "filename", "_pdfScale")
"""What the cached state leaves out: the file's bytes and path (read now) and the scale (a function)."""


@cache
def _parser_version() -> str:
    """What decides a parsed face besides its file: reportlab's TrueType code, this module, Python's marshal."""
    return "|".join([reportlab.Version, file_hash(Path(ttfonts.__file__)), file_hash(Path(__file__)),
                     f"{sys.version_info[:2]}-{marshal.version}"])


def ttfont(name: str, path: Path) -> ttfonts.TTFont:
    """`TTFont(name, path)`, its face parsed from the file or, the same, restored from the cache."""
    data = path.read_bytes()
    key = f"{hashlib.sha256(data).hexdigest()}|{_parser_version()}"
    found = recall(NAMESPACE, key)
    face = _restored(found, data, str(path)) if found is not None else None
    if face is None:
        font = ttfonts.TTFont(name, str(path))
        kept = _state(font.face)
        if kept is not None:
            store(NAMESPACE, key, kept)
        return font
    return _font_with_face(name, face)


def _state(face: ttfonts.TTFontFace) -> bytes | None:
    """The parsed face as marshal bytes; None if it holds something marshal cannot keep exactly."""
    plain, names = {}, {}
    for attribute, value in vars(face).items():
        if attribute in KEPT_ASIDE:
            continue
        if type(value) is ttfonts.TTFNameBytes:
            names[attribute] = (bytes(value), value.ustr)
        else:
            plain[attribute] = value
    try:
        return marshal.dumps((plain, names))  # marshal refuses subclasses and objects: never a lossy copy
    except ValueError:
        return None


def _restored(payload: bytes, data: bytes, filename: str) -> ttfonts.TTFontFace | None:
    """A face made from a cached state and the file's bytes, as TTFontFace(filename) makes it."""
    try:
        plain, names = marshal.loads(payload)
        face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
        face.__dict__.update(plain)
        for attribute, (raw, text) in names.items():
            value = ttfonts.TTFNameBytes(raw)
            value.ustr = text  # as parsed, even where the raw name was not UTF-8
            setattr(face, attribute, value)
        face._ttf_data, face.filename = data, filename
        face._pdfScale = _scale(face.unitsPerEm)
    except (ValueError, TypeError, EOFError, AttributeError, KeyError):
        return None
    return face


def _scale(units_per_em: int):
    """Font units to thousandths of an em, with the same arithmetic as TTFontFile.extractInfo."""
    if units_per_em == 1000:
        return lambda x: x
    multiple = 1000 / units_per_em
    return lambda x: x * multiple


def _font_with_face(name: str, face: ttfonts.TTFontFace) -> ttfonts.TTFont:
    """A TTFont made by its own __init__ (its settings as reportlab decides them), with this face."""
    made = ttfonts.TTFontFace
    ttfonts.TTFontFace = lambda *args, **kwargs: face
    try:
        return ttfonts.TTFont(name, face.filename)
    finally:
        ttfonts.TTFontFace = made

"""Pinning tests for writers/pdf/rl_compat/: each fails, naming its entry, if the installed
reportlab no longer behaves as that entry relies on.

Unlike every other test these look at reportlab's private behaviour on purpose: that is
what an upgrade may change. When one fails, fix the entry it names (and only that).
"""

from __future__ import annotations

from io import BytesIO

import pytest
import reportlab
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import LayoutError
from reportlab.pdfbase.ttfonts import TTFont

from lessonpack.fonts import FONT_DIR, register
from lessonpack.writers.pdf import rl_compat

SERIF = register("DejaVu Serif")["regular"]
STYLE = ParagraphStyle("probe", fontName=SERIF, fontSize=10, leading=12)
PAGE = (300.0, 400.0)


def upgrade(entry: str, what: str) -> str:
    return (f"rl_compat.{entry}: {what} (reportlab {reportlab.Version}; tested with {rl_compat.TESTED_VERSIONS}). "
            f"reportlab changed what this entry relies on: fix rl_compat.{entry}.")


def build(story: list[Flowable], doc_class: type[BaseDocTemplate] = BaseDocTemplate) -> bytes:
    """A PDF of a story, in a frame with no padding, as lessonpack lays pages out."""
    buffer = BytesIO()
    doc = doc_class(buffer, pagesize=PAGE, leftMargin=20, rightMargin=20, topMargin=20, bottomMargin=20,
                    invariant=1, initialFontName=SERIF)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story)
    return buffer.getvalue()


def texts(pdf: bytes) -> list[str]:
    return [page.extract_text().strip() for page in PdfReader(BytesIO(pdf)).pages]


# ----------------------------------------------------------------- whole-library settings

def test_use_binary_streams():
    rl_compat.use_binary_streams()
    canvas = Canvas(BytesIO(), pagesize=PAGE, invariant=1)
    canvas.drawString(10, 10, "binary")
    canvas.showPage()
    pdf = canvas.getpdfdata()
    assert b"ASCII85Decode" not in pdf, upgrade("use_binary_streams", "streams are still ASCII85-encoded")


def test_set_default_cell_font():
    rl_compat.set_default_cell_font(SERIF)  # what the writer sets; other tests see no change
    table = Table([[Paragraph("a cell", STYLE), Paragraph("another", STYLE)]])
    pdf = build([table])
    assert b"Helvetica" not in pdf, upgrade("set_default_cell_font", "a table of paragraphs still lists Helvetica")


# ----------------------------------------------------------------- tables

def test_row_heights():
    table = Table([["a"], [Paragraph("b<br/>b<br/>b", STYLE)]], rowHeights=[10, None])
    _, height = table.wrap(200, 400)
    heights = rl_compat.row_heights(table)
    assert len(heights) == 2 and heights[0] == 10, upgrade("row_heights", f"not one height a row: {heights!r}")
    assert sum(heights) == pytest.approx(height), upgrade("row_heights", "the rows do not add up to the table")
    assert heights[1] >= 3 * STYLE.leading, upgrade("row_heights", "a row is shorter than its paragraph")


def test_cell_rows():
    table = Table([["header", "letter"], ["item", ""]])
    rows = rl_compat.cell_rows(table)
    assert [list(r) for r in rows] == [["header", "letter"], ["item", ""]], upgrade("cell_rows", "not the data")
    rows[1][1] = Paragraph("REPLACED", STYLE)
    assert "REPLACED" in texts(build([table]))[0], upgrade("cell_rows", "a cell replaced in them is not drawn")


def test_measure_last_row_again():
    class Tall(Flowable):
        def __init__(self):
            super().__init__()
            self.height = 20

        def wrap(self, avail_width, avail_height):
            return avail_width, self.height

    tall = Tall()
    table = Table([["head"], ["middle"], [tall]], repeatRows=1)
    table.wrap(200, 400)
    _, piece = table.split(200, sum(rl_compat.row_heights(table)[:2]) + 1)
    before = piece.wrap(200, 400)[1]
    tall.height = 60
    assert piece.wrap(200, 400)[1] == pytest.approx(before), upgrade("measure_last_row_again",
                                                                     "a split piece's rows are not fixed")
    rl_compat.measure_last_row_again(piece)
    assert piece.wrap(200, 400)[1] == pytest.approx(before + 40), upgrade("measure_last_row_again",
                                                                          "the last row keeps its height")


# ----------------------------------------------------------------- paragraphs

def drawn(para: Paragraph) -> bytes:
    canvas = Canvas(BytesIO(), pagesize=PAGE, invariant=1)
    para.drawOn(canvas, 10, 10)
    canvas.showPage()
    return canvas.getpdfdata()


WORDS = "reportlab breaks the lines of a paragraph by the width it is given " * 4


def test_split_inside_row():
    lines = "<br/>".join(f"line {n}" for n in range(10))
    table = Table([["head"], [Paragraph(lines, STYLE)]], splitByRow=1, splitInRow=0, repeatRows=1)
    table.wrap(200, 1000)
    room = STYLE.leading * 6 + 12
    assert Table.split(table, 200, room) == [], upgrade("split_inside_row", "the plain split already breaks rows")
    parts = rl_compat.split_inside_row(table, 200, room)
    assert len(parts) == 2, upgrade("split_inside_row", f"not two pieces: {parts!r}")
    assert parts[0].wrap(200, 1000)[1] <= room, upgrade("split_inside_row", "the first piece is taller than the room")
    assert (table.splitByRow, table.splitInRow) == (1, 0), upgrade("split_inside_row", "the table's settings changed")
    assert all((p.splitByRow, p.splitInRow) == (1, 0) for p in parts), upgrade("split_inside_row", "pieces' settings")
    first, second = texts(build(parts[:1])), texts(build(parts[1:]))
    assert "line 0" in first[0] and "line 9" not in first[0], upgrade("split_inside_row", "not the row's first lines")
    assert "line 9" in second[0] and "head" in second[0], upgrade("split_inside_row", "not the rest under its header")


def test_line_breaks():
    para = Paragraph(WORDS, STYLE)
    assert rl_compat.line_breaks(para) is None, upgrade("line_breaks", "an unwrapped paragraph has line breaks")
    para.wrap(150, 1000)
    assert rl_compat.line_breaks(para) is not None, upgrade("line_breaks", "a wrapped paragraph keeps none")


def printed_lines(pdf: bytes, folder) -> list[str]:
    """The lines a PDF prints, as pdftotext reads them (one line per printed line)."""
    import subprocess

    path = folder / "lines.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("markup", [WORDS * 3, " ".join(f"<b>{WORDS}</b> <i>x</i> y" for _ in range(3))])
def test_split_at_lines(markup, tmp_path):
    from reportlab.platypus import Indenter

    pieces = rl_compat.split_at_lines(Paragraph(markup, STYLE), 150, 5)
    assert len(pieces) > 3 and all(type(p) is Paragraph for p in pieces), upgrade("split_at_lines", "no pieces")
    heights = [p.wrap(150, 1000)[1] for p in pieces]
    assert all(abs(h - 5 * STYLE.leading) < 0.01 for h in heights[:-1]), upgrade("split_at_lines", "not 5 lines each")
    narrow = Indenter(0, PAGE[0] - 40 - 150)  # the frame is 40 pt narrower than the page
    assert (printed_lines(build([narrow, *pieces]), tmp_path)
            == printed_lines(build([narrow, Paragraph(markup, STYLE)]), tmp_path)), \
        upgrade("split_at_lines", "the pieces print other lines than the whole paragraph")
    assert " ".join(p.getPlainText() for p in pieces).split() == Paragraph(markup, STYLE).getPlainText().split(), \
        upgrade("split_at_lines", "a piece's getPlainText lost its text")


def test_restore_line_breaks():
    wrapped = Paragraph(WORDS, STYLE)
    width, height = wrapped.wrap(150, 1000)
    again = Paragraph(WORDS, STYLE)
    rl_compat.restore_line_breaks(again, rl_compat.line_breaks(wrapped))
    again.width, again.height = width, height
    assert drawn(again) == drawn(wrapped), upgrade("restore_line_breaks", "restored breaks draw differently")


def probe_markers(markup: str, probe) -> None:
    """Draw a paragraph whose onDraw markers call probe(canvas)."""
    canvas = Canvas(BytesIO(), pagesize=PAGE, invariant=1)
    canvas.setNamedCB("probe", lambda canvas, kind, label: probe(canvas))
    para = Paragraph(markup, STYLE)
    para.wrap(250, 400)
    para.drawOn(canvas, 0, 0)


def test_current_text_position():
    seen = []
    probe_markers('abc<onDraw name="probe" label="x"/>def', lambda canvas: seen.append(
        rl_compat.current_text_position(canvas)))
    assert len(seen) == 1, upgrade("current_text_position", "the marker was not called once")
    x, y = seen[0]
    assert x == pytest.approx(Canvas(BytesIO()).stringWidth("abc", SERIF, 10)), \
        upgrade("current_text_position", f"x is not the end of the text before the marker: {x}")
    assert 0 < y < STYLE.leading, upgrade("current_text_position", f"y is not the first line's baseline: {y}")


def test_current_text_font():
    seen = []
    probe_markers('abc<onDraw name="probe" label="x"/>def', lambda canvas: seen.append(
        rl_compat.current_text_font(canvas)))
    assert seen == [(SERIF, 10)], upgrade("current_text_font", f"not the paragraph's font: {seen!r}")


# ----------------------------------------------------------------- frames and documents

def test_frame_cursor_y():
    seen = []

    spaced = ParagraphStyle("spaced", parent=STYLE, spaceAfter=7)
    spacer, para = Spacer(0, 100), Paragraph("one line", spaced)

    class Recording(BaseDocTemplate):
        def afterFlowable(self, flowable):
            if flowable in (spacer, para):
                seen.append(rl_compat.frame_cursor_y(self))

    build([spacer, para], Recording)
    top = PAGE[1] - 20
    assert seen[0] == pytest.approx(top - 100), upgrade("frame_cursor_y", f"not under the first flowable: {seen}")
    assert seen[1] == pytest.approx(top - 100 - para.height - 7), \
        upgrade("frame_cursor_y", f"not under the second flowable and its space after: {seen}")


def test_frame_at_top():
    seen = []
    first, second = Paragraph("first", STYLE), Paragraph("second", STYLE)

    class Recording(BaseDocTemplate):
        def handle_flowable(self, flowables):
            if flowables[0] in (first, second):
                seen.append(rl_compat.frame_at_top(self))
            super().handle_flowable(flowables)

    build([first, second], Recording)
    assert seen == [True, False], upgrade("frame_at_top", f"not true before the page's first flowable only: {seen}")


class Tall(Flowable):
    def wrap(self, avail_width, avail_height):
        return avail_width, 10_000


def test_layout_error_names_a_table():
    with pytest.raises(LayoutError) as table_error:
        build([Table([[Tall()]])])
    assert rl_compat.layout_error_names_a_table(table_error.value), \
        upgrade("layout_error_names_a_table", f"the message does not name the table: {table_error.value}")
    with pytest.raises(LayoutError) as other_error:
        build([Tall()])
    assert not rl_compat.layout_error_names_a_table(other_error.value), \
        upgrade("layout_error_names_a_table", f"a flowable that is no table is taken for one: {other_error.value}")


# ----------------------------------------------------------------- pages held back by the canvas

def held_canvas() -> Canvas:
    canvas = Canvas(BytesIO(), pagesize=PAGE, invariant=1)
    canvas.setFont(SERIF, 10)
    return canvas


def test_page_state():
    canvas = held_canvas()
    canvas.drawString(10, 300, "first page")
    state = rl_compat.page_state(canvas)
    assert isinstance(state, dict) and "_code" in state, upgrade("page_state", "the page's content is not in it")
    rl_compat.start_next_page(canvas)
    canvas.drawString(10, 200, "drawn later")
    rl_compat.restore_page_state(canvas, state)
    canvas.showPage()
    assert texts(canvas.getpdfdata()) == ["first page"], upgrade("page_state", "the saved page does not print as saved")


def test_start_next_page():
    canvas = held_canvas()
    canvas.drawString(10, 300, "held back")
    state = rl_compat.page_state(canvas)
    rl_compat.start_next_page(canvas)
    canvas.drawString(10, 300, "second")
    canvas.showPage()
    assert canvas.getPageNumber() == 3, upgrade("start_next_page", "the page number did not move on")
    rl_compat.restore_page_state(canvas, state)
    canvas.showPage()
    assert texts(canvas.getpdfdata()) == ["second", "held back"], \
        upgrade("start_next_page", "the held page was written out, or its state lost")


def test_restore_page_state():
    canvas = held_canvas()
    canvas.drawString(10, 300, "shared")
    state = rl_compat.page_state(canvas)
    rl_compat.start_next_page(canvas)
    for name in ("Ann", "Bob"):
        rl_compat.restore_page_state(canvas, state)
        canvas.drawString(10, 100, name)
        canvas.showPage()
    assert [t.split() for t in texts(canvas.getpdfdata())] == [["shared", "Ann"], ["shared", "Bob"]], \
        upgrade("restore_page_state", "a page printed twice is not the same page, or one copy changed the other")


def test_page_content():
    canvas = held_canvas()
    canvas.drawString(10, 300, "after")
    content = rl_compat.page_content(canvas)
    before = len(content)
    assert before > 0 and all(isinstance(op, str) for op in content), \
        upgrade("page_content", "not a list of content operators")
    canvas.drawString(10, 200, "later")
    assert len(rl_compat.page_content(canvas)) > before, upgrade("page_content", "drawing does not add to it")


def test_captured_drawing():
    canvas = held_canvas()
    canvas.drawString(10, 300, "second")
    with rl_compat.captured_drawing(canvas) as drawn:
        canvas.drawString(10, 350, "first")
    content = rl_compat.page_content(canvas)
    assert drawn and not any("first" in op for op in content), \
        upgrade("captured_drawing", "drawing inside it went onto the page")
    content[0:0] = drawn
    canvas.showPage()
    assert texts(canvas.getpdfdata())[0].split() == ["first", "second"], \
        upgrade("captured_drawing", "captured drawing inserted into the page does not print there")


# ----------------------------------------------------------------- tagged PDF (tagging.py)

def test_hook_flowable_drawing():
    import lessonpack.writers.pdf.tagging  # noqa: F401 (installs the hook)

    seen: list[str] = []
    long = Paragraph("word " * 400, STYLE)
    long.structure = "probe"  # any object: a frame's split must hand it to both pieces

    class Watch(Flowable):
        def wrap(self, w, h):
            return 0, 0

        def draw(self):
            seen.append("drawn")

    build([Watch(), long])
    assert seen == ["drawn"], upgrade("hook_flowable_drawing", "a flowable was not drawn through Flowable.drawOn")
    parts = Frame(0, 0, 260, 100, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0).split(
        long, Canvas(BytesIO()))
    assert len(parts) == 2 and all(getattr(p, "structure", None) == "probe" for p in parts), \
        upgrade("hook_flowable_drawing", "a frame's split no longer goes through Frame.split")


def test_catalog_and_register_object():
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName

    canvas = Canvas(BytesIO(), pagesize=PAGE, invariant=1)
    canvas.drawString(10, 10, "x")
    canvas.showPage()
    target = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    ref = rl_compat.register_object(canvas, target)
    assert rl_compat.register_object(canvas, target).name == ref.name, \
        upgrade("register_object", "the same object registered twice")
    rl_compat.catalog(canvas).StructTreeRoot = target
    rl_compat.catalog(canvas).MarkInfo = PDFDictionary({"Marked": "true"})
    root = PdfReader(BytesIO(canvas.getpdfdata())).trailer["/Root"]
    assert root["/StructTreeRoot"]["/Type"] == "/StructTreeRoot" and bool(root["/MarkInfo"]["/Marked"]), \
        upgrade("catalog", "entries set on the catalog are not written")


def test_next_page_reference_and_entries():
    canvas = Canvas(BytesIO(), pagesize=PAGE, invariant=1)
    canvas.drawString(10, 10, "first")
    canvas.showPage()
    canvas.linkURL("https://example.org", (10, 10, 50, 20))
    expected = rl_compat.next_page_reference(canvas)
    rl_compat.next_page_entries(canvas, lambda annotations: {"StructParents": 7 if annotations else 0})
    canvas.showPage()
    canvas.drawString(10, 10, "third")
    canvas.showPage()
    reader = PdfReader(BytesIO(canvas.getpdfdata()))
    assert reader.pages[1]["/StructParents"] == 7, upgrade("next_page_entries", "the entry is not on the page")
    assert "/StructParents" not in reader.pages[2], upgrade("next_page_entries", "the entry stayed for later pages")
    assert expected.name == "Page2", upgrade("next_page_reference", "pages are no longer named Page<n>")


def test_map_no_unused_codes_to_unicode_zero():
    rl_compat.map_no_unused_codes_to_unicode_zero()
    canvas = Canvas(BytesIO(), pagesize=PAGE, invariant=1)
    canvas.setFont(SERIF, 10)
    canvas.drawString(10, 10, "Aé—")
    canvas.showPage()
    reader = PdfReader(BytesIO(canvas.getpdfdata()))
    font = next(f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()
                if "DejaVu" in f.get_object()["/BaseFont"])
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    assert "<0000>" not in cmap and "<0041>" in cmap, \
        upgrade("map_no_unused_codes_to_unicode_zero", "unused codes are still mapped to U+0000")


def test_watch_annotations():
    canvas = Canvas(BytesIO(), pagesize=PAGE, invariant=1)
    added: list = []
    rl_compat.watch_annotations(canvas, added.append)
    canvas.acroForm.textfield(name="probe", x=10, y=10, width=50, height=20)
    assert len(added) == 1 and added[0].dict["T"].s == "probe", \
        upgrade("watch_annotations", "a form field's widget was not added through _addAnnotation")


def test_clone_canvas():
    """Files written from copies of one held canvas: each its own text and font subset, the same bytes
    as a canvas that drew it all itself."""
    def drawn(*names: str) -> Canvas:
        canvas = Canvas(BytesIO(), pagesize=PAGE, invariant=1)
        canvas.saved_pages = []
        canvas.setFont(SERIF, 10)
        canvas.drawString(10, 40, "Held page")
        canvas.saved_pages.append((0, rl_compat.page_state(canvas)))
        for name in names:
            canvas.drawString(10, 10, name)
        return canvas

    held = drawn()
    files = []
    for name in ("Zoë", "Ωmega"):
        buffer = BytesIO()
        clone = rl_compat.clone_canvas(held, [], buffer)
        rl_compat.restore_page_state(clone, clone.saved_pages[0][1])
        clone.drawString(10, 10, name)
        clone.showPage()
        clone.save()
        alone = drawn(name)
        alone.showPage()
        files.append(buffer.getvalue())
        assert buffer.getvalue() == alone.getpdfdata(), upgrade("clone_canvas", "a copy's file differs")
    texts = [PdfReader(BytesIO(data)).pages[0].extract_text() for data in files]
    assert "Zoë" in texts[0] and "Ωmega" in texts[1] and "Zoë" not in texts[1], \
        upgrade("clone_canvas", "copies share their page or font subset")


# ----------------------------------------------------------------- faces (writers/pdf/rl_compat/faces.py)

def same_face(restored, parsed) -> list[str]:
    """The attributes in which two TTFontFaces differ (the scale compared by what it gives)."""
    ours, theirs = vars(restored), vars(parsed)
    differ = sorted(set(ours) ^ set(theirs))
    for name in set(ours) & set(theirs):
        if name == "_pdfScale":
            if any(ours[name](v) != theirs[name](v) for v in (0, 1, 7, 1.5, -300, 2048, 1000)):
                differ.append(name)
        elif type(ours[name]) is not type(theirs[name]) or ours[name] != theirs[name] \
                or getattr(ours[name], "ustr", None) != getattr(theirs[name], "ustr", None):
            differ.append(name)
    return differ


@pytest.mark.parametrize("stem", ["DejaVuSerif", "DejaVuSans-BoldOblique"])
def test_a_face_restored_from_its_state_is_the_face_parsed(stem):
    path = FONT_DIR / f"{stem}.ttf"
    parsed = TTFont(stem, str(path))
    state = rl_compat.faces._state(parsed.face)
    assert state is not None, upgrade_face("_state", "a face now holds something marshal cannot keep")
    restored = rl_compat.faces._restored(state, path.read_bytes(), str(path))
    assert restored is not None and same_face(restored, parsed.face) == [], \
        upgrade_face("_restored", f"the restored face differs in {restored and same_face(restored, parsed.face)}")
    font = rl_compat.faces._font_with_face(stem, restored)
    assert font.face is restored, upgrade_face("_font_with_face", "TTFont no longer makes its face by TTFontFace")
    def settings(made):  # the encoding an object with only a name
        return {k: vars(v) if k == "encoding" else v for k, v in vars(made).items() if k not in ("face", "state")}

    assert settings(font) == settings(parsed), \
        upgrade_face("_font_with_face", "the TTFont's own settings differ")


def upgrade_face(entry: str, what: str) -> str:
    return (f"rl_compat.{entry}: {what} (reportlab {reportlab.Version}). "
            f"reportlab changed what this entry relies on: fix writers/pdf/rl_compat/faces.py.")


# ----------------------------------------------------------------- our own names on reportlab's objects

OUR_NAMES = {
    Paragraph: ("outline_entry", "_wrapped", "_gap_starts", "_gap_marker"),  # flowables.Paragraph, GapParagraph
    Flowable: ("timeline", "theme", "_scale", "_axis", "_measured", "layout",  # timeline.TimelineDrawing
               "structure", "form_alt"),  # tagging.py
    BaseDocTemplate: ("_outline_level",),  # pages._DocTemplate
    Canvas: ("saved_pages", "layout_index", "detail_slots", "heading_marks", "bookmark_names",
             "add_bookmark", "fill_details", "page_marks"),  # copy_canvas.CopiesCanvas
}


@pytest.mark.parametrize("base", OUR_NAMES, ids=lambda base: base.__name__)
def test_our_attributes_do_not_shadow_reportlabs(base):
    """The attributes lessonpack sets on its subclasses of reportlab's classes must not be names
    reportlab uses itself, on the class or on a used instance."""
    if base is Paragraph:
        instance = Paragraph("text", STYLE)
        instance.wrap(100, 100)
        drawn(instance)
    elif base is Flowable:
        instance = Flowable()
    elif base is BaseDocTemplate:
        instance = BaseDocTemplate(BytesIO())
    else:
        instance = held_canvas()
        instance.drawString(0, 0, "x")
    taken = [name for name in OUR_NAMES[base] if hasattr(base, name) or hasattr(instance, name)]
    assert not taken, f"reportlab {reportlab.Version} now uses {taken} on {base.__name__}: rename ours"


def test_a_list_s_children_indent_and_options_are_read_back_as_made():
    """rl_compat/lists.py reads ListFlowable's and ListItem's private attributes: a list is cut in two at
    a sentence end (a long level descriptor) by making another with the same options."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import ListFlowable, ListItem, Paragraph

    from lessonpack.writers.pdf.rl_compat.lists import list_children, list_indent, list_options

    style = getSampleStyleSheet()["Normal"]
    para = Paragraph("A level descriptor.", style)
    item = ListItem([para])
    made = ListFlowable([item], bulletType="1", bulletFontName="Helvetica", bulletFontSize=9, leftIndent=17,
                        bulletFormat="%s.", start=3)
    assert list_children(made) == [item] and list_children(item) == [para]
    assert list_indent(made) == 17 and list_children(para) == [] and list_indent(para) == 0
    assert list_options(made) == {"bulletType": "1", "bulletFontName": "Helvetica", "bulletFontSize": 9,
                                  "bulletFormat": "%s.", "leftIndent": 17, "start": 3}
    again = ListFlowable([ListItem([Paragraph("Its second sentence.", style)])], **list_options(made))
    assert list_options(again) == list_options(made)

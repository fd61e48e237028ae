"""reportlab internals the canvas relies on: pages held back (class-set copies) and tagged PDF (tagging.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from reportlab.pdfbase import ttfonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame


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


def clone_canvas(canvas: Canvas, shared: list[object], buffer: object) -> Canvas:
    """A copy of a canvas whose pages are laid out but not yet written (its document, held pages
    and font subsets its own), writing to `buffer`: each copy is saved once, as its own file, while
    the original is never saved. `shared` objects (read only while saving) are not copied.

    Relies on a Canvas keeping its state, its PDF document's objects and (in its held page states)
    its annotation hook as instance attributes, the document's ID digest in its `signature`, and a TTFont keeping its subsets for a document in
    the private TTFont.state, keyed by that document. Tested: 5.1.0."""
    from copy import deepcopy

    from reportlab.pdfbase import pdfmetrics

    fonts = list(pdfmetrics._fonts.values())
    # A held page's content is copied as it is restored (restore_page_state), so copies share it.
    held = [state["_code"] for _, state in canvas.saved_pages]
    memo = {id(x): x for x in (*fonts, *shared, *held)}
    signature = canvas._doc.signature  # the file's ID is a digest of its contents so far: a hash object
    memo[id(signature)] = signature.copy()
    hooks = {"_addAnnotation"}  # a hook bound to the original: added again on the copy (watch_annotations)
    states = [state for _, state in canvas.saved_pages]
    kept = [{k: s.pop(k) for k in hooks if k in s} for s in (canvas.__dict__, *states)]
    try:
        clone = deepcopy(canvas, memo)
    finally:
        for s, k in zip((canvas.__dict__, *states), kept):
            s.update(k)
    for font in fonts:
        state = getattr(font, "state", None)
        if state is not None and canvas._doc in state:
            state[clone._doc] = deepcopy(state[canvas._doc], {id(font): font})
    for state in (clone.__dict__, *(state for _, state in clone.saved_pages)):
        state["_filename"] = buffer  # a held page, written again, restores where the file goes
    return clone

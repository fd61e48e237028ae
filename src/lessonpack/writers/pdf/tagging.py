"""Tagged PDF (PDF/UA-1): the structure tree, the marked content around what each tagged flowable
draws, and the objects that tie them together in the file (docs/accessibility.md).

reportlab has no tagging API. The writer gives each flowable that prints real text a `structure`
node as it makes it, in reading order (`Structure`); drawing that flowable wraps its operators in
`/P <</MCID n>> BDC … EMC` (`PageMarks`, called by the drawing hook in rl_compat). Everything drawn
outside a tagged flowable (answer rules, boxes, tick boxes, margin line numbers, page colour) stays
inside `/Artifact BMC … EMC`, and the running header and footer are pagination artifacts. The
canvas writes each laid-out page once per copy, so the structure elements are made per copy at
save time (`write_structure`), each pointing at that copy's pages.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

from .escaping import xml_escape
from .rl_compat import (catalog, hook_flowable_drawing, map_no_unused_codes_to_unicode_zero, page_content,
                        register_object)

HEADER_ARTIFACT = "/Artifact <</Type /Pagination>> BDC"
"""Opens the running header and footer: decoration that repeats on every page."""

KEPT_EMPTY = ("TH", "TD")
"""Elements kept without content: a table's cells must stay a regular grid."""

OWNERS = {"Scope": "Table", "ListNumbering": "List"}
"""The owner of each attribute written in an element's /A dictionary."""


class Node:
    """One element of the logical structure (H1, P, Table, TD, Figure…), made in reading order."""

    __slots__ = ("role", "parent", "children", "attributes", "__weakref__")

    def __init__(self, role: str, parent: Node | None = None, **attributes: str):
        self.role, self.parent, self.children, self.attributes = role, parent, [], attributes
        if parent is not None:
            parent.children.append(self)


class Structure:
    """The writer's place in the structure tree: nodes are made under the innermost open group."""

    def __init__(self) -> None:
        self.parents = [Node("Document")]
        self.heading_level = 0

    def start(self) -> Node:
        """A new tree for the next story (a class set lays out each version as its own story)."""
        self.parents, self.heading_level = [Node("Document")], 0
        return self.parents[0]

    @property
    def root(self) -> Node:
        return self.parents[0]

    def node(self, role: str, **attributes: str) -> Node:
        return Node(role, self.parents[-1], **attributes)

    @contextmanager
    def group(self, role: str, **attributes: str) -> Iterator[Node]:
        """An element whose children are the nodes made inside the with block."""
        node = self.node(role, **attributes)
        self.parents.append(node)
        try:
            yield node
        finally:
            self.parents.pop()

    def tag(self, flowable, role: str, **attributes: str):
        """The flowable, its drawing marked as a new element of this role."""
        flowable.structure = self.node(role, **attributes)
        return flowable

    def heading(self, flowable, level: int):
        """A heading, its level never more than one below the previous heading's (PDF/UA: no
        skipped levels; a source box's H3 right under the title becomes an H2)."""
        self.heading_level = min(level, self.heading_level + 1)
        return self.tag(flowable, f"H{self.heading_level}")


class PageMarks:
    """One canvas's marked content: for each laid-out page, the node of each MCID in order.

    A page starts inside an artifact; a tagged flowable closes it, opens its own sequence, and
    reopens the one it interrupted when it is done, so sequences never nest."""

    def __init__(self) -> None:
        self.pages: list[list[Node]] = []
        self.current: list[Node] = []
        self.open: list[Node | None] = [None]
        self.flowables: list = [None]  # the tagged flowables being drawn, innermost last
        self.drawn: weakref.WeakSet = weakref.WeakSet()
        self.widgets: list[tuple[int, object, Node]] = []  # (laid-out page, annotation, its Form node)

    def start_page(self, code: list[str]) -> None:
        self.current, self.open, self.flowables = [], [None], [None]
        code.append("/Artifact BMC")

    def end_page(self, code: list[str]) -> None:
        code.append("EMC")
        self.pages.append(self.current)

    def enter(self, flowable, code: list[str]) -> None:
        node = getattr(flowable, "structure", None)
        if node is not None and flowable in self.drawn:
            node = None  # drawn again (a table's header row repeated overleaf): decoration
        elif node is not None:
            self.drawn.add(flowable)
        if code and code[-1] == "/Artifact BMC":  # nothing drawn in it: dropped, not closed
            code.pop()
        else:
            code.append("EMC")
        self.open.append(node)
        self.flowables.append(flowable)
        self._begin(node, code)

    def leave(self, code: list[str]) -> None:
        code.append("EMC")
        self.open.pop()
        self.flowables.pop()
        self._begin(self.open[-1], code)

    def widget(self, annotation) -> None:
        """A form field's widget drawn now: it belongs to a Form element, the one being drawn or a
        new one in the element being drawn (an option, a table cell, a gap's paragraph)."""
        node = self.open[-1]
        if node is None or annotation.dict.get("Subtype") != PDFName("Widget"):
            return
        tooltip = annotation.dict.get("TU")
        alt = getattr(tooltip, "s", "") or getattr(self.flowables[-1], "form_alt", "")
        form = node if node.role == "Form" else Node("Form", node)
        if alt and "Alt" not in form.attributes:
            form.attributes["Alt"] = alt
        self.widgets.append((len(self.pages), annotation, form))

    def _begin(self, node: Node | None, code: list[str]) -> None:
        if node is None or node.role == "Form":  # a field's printed lines or box: decoration
            code.append("/Artifact BMC")
        else:
            code.append(f"/{node.role} <</MCID {len(self.current)}>> BDC")
            self.current.append(node)


def write_structure(canvas, marks: PageMarks, copies: list[tuple[Node, str, list[tuple[int, object, int]]]],
                    title: str, language: str) -> None:
    """The structure tree, parent tree, MarkInfo and XMP metadata of the file being saved.

    copies: for each copy, its story's root, its bookmark title ("" for a file of one copy) and
    its written pages as (laid-out page, page reference, StructParents key)."""
    where: dict[Node, list[tuple[int, int]]] = {}  # node -> (laid-out page, MCID), in drawing order
    for page, nodes in enumerate(marks.pages):
        for mcid, node in enumerate(nodes):
            where.setdefault(node, []).append((page, mcid))
    fields: dict[Node, list[tuple[int, object]]] = {}  # Form node -> (laid-out page, widget annotation)
    for page, annotation, form in marks.widgets:
        fields.setdefault(form, []).append((page, annotation))
    filled: dict[Node, bool] = {}

    def has_content(node: Node) -> bool:
        if node not in filled:
            filled[node] = node in where or node in fields or any([has_content(c) for c in node.children])
        return filled[node]

    tree_root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    tree_ref = register_object(canvas, tree_root)
    document = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName("Document"), "P": tree_ref})
    document_ref = register_object(canvas, document)
    parent_tree: list = []
    tops = []
    several = len(copies) > 1
    objects = Widgets(canvas, fields, sum(len(pages) for _, _, pages in copies), parent_tree)
    for root, name, pages in copies:
        refs: dict[Node, object] = {}
        page_refs = {page: ref for page, ref, _ in pages}
        objects.page_refs = page_refs
        if several:
            part = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName("Part"), "P": document_ref,
                                  "T": PDFString(name)})
            part_ref = register_object(canvas, part)
            part["K"] = PDFArray(_elements(canvas, root.children, part_ref, refs, where, objects, has_content))
            tops.append(part_ref)
        else:
            tops += _elements(canvas, root.children, document_ref, refs, where, objects, has_content)
        for page, _, key in pages:
            parent_tree.append((key, PDFArray([refs[node] for node in marks.pages[page]])))
    document["K"] = PDFArray(tops)
    nums = []
    for key, array in sorted(parent_tree, key=lambda entry: entry[0]):
        nums += [key, array]
    tree_root["K"] = document_ref
    tree_root["ParentTree"] = register_object(canvas, PDFDictionary({"Nums": PDFArray(nums)}))
    tree_root["ParentTreeNextKey"] = max((k for k, _ in parent_tree), default=-1) + 1
    cat = catalog(canvas)
    cat.StructTreeRoot = tree_root
    cat.MarkInfo = PDFDictionary({"Marked": "true"})
    cat.Metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                             xmp(title, language).encode("utf-8"))


class Widgets:
    """The form fields' widgets as kids (OBJR) of their Form elements, each with its own key in the
    parent tree. A class set's copies of one layout share their widgets: the first copy that prints
    a page gets its widgets."""

    def __init__(self, canvas, fields: dict, first_key: int, parent_tree: list):
        self.canvas, self.fields, self.key, self.parent_tree = canvas, fields, first_key, parent_tree
        self.page_refs: dict = {}
        self.claimed: set[int] = set()

    def kids(self, node: Node, ref) -> list:
        out = []
        for page, annotation in self.fields.get(node, []):
            if id(annotation) in self.claimed or page not in self.page_refs:
                continue
            self.claimed.add(id(annotation))
            annotation["StructParent"] = self.key
            self.parent_tree.append((self.key, ref))
            self.key += 1
            out.append(PDFDictionary({"Type": PDFName("OBJR"), "Obj": register_object(self.canvas, annotation),
                                      "Pg": self.page_refs[page]}))
        return out


def _elements(canvas, nodes: list[Node], parent_ref, refs: dict, where: dict, widgets: Widgets,
              has_content) -> list:
    """The structure elements of these nodes and their descendants, for one copy."""
    out = []
    for node in nodes:
        if not has_content(node) and node.role not in KEPT_EMPTY:  # a cell is written with its row
            continue
        element = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(node.role), "P": parent_ref})
        ref = register_object(canvas, element)
        refs[node] = ref
        page_refs = widgets.page_refs
        marks = where.get(node, [])
        if len({page for page, _ in marks}) == 1:  # all on one page: plain MCIDs and /Pg
            element["Pg"] = page_refs[marks[0][0]]
            kids = [mcid for _, mcid in marks]
        else:
            kids = [PDFDictionary({"Type": PDFName("MCR"), "Pg": page_refs[page], "MCID": mcid})
                    for page, mcid in marks]
        kids += widgets.kids(node, ref)
        kids += _elements(canvas, node.children, ref, refs, where, widgets, has_content)
        if kids:
            element["K"] = PDFArray(kids)
        for key, value in node.attributes.items():
            if key in OWNERS:  # a layout attribute, e.g. a header cell's /Scope
                element["A"] = PDFDictionary({"O": PDFName(OWNERS[key]), key: PDFName(value)})
            else:  # a text entry, e.g. a figure's /Alt
                element[key] = PDFString(value)
        out.append(ref)
    return out


def xmp(title: str, language: str) -> str:
    """The XMP metadata: the title (dc:title, shown by DisplayDocTitle) and the PDF/UA-1 identifier."""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{xml_escape(title)}</rdf:li></rdf:Alt></dc:title>\n'
        f'<dc:language><rdf:Bag><rdf:li>{xml_escape(language)}</rdf:li></rdf:Bag></dc:language>\n'
        '<pdf:Producer>lessonpack</pdf:Producer>\n'
        '<pdfuaid:part>1</pdfuaid:part>\n'
        '</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end="w"?>')


def _begin_drawing(flowable, canvas) -> None:
    marks = getattr(canvas, "page_marks", None)
    if marks is not None and getattr(flowable, "structure", None) is not None:
        marks.enter(flowable, page_content(canvas))


def _end_drawing(flowable, canvas) -> None:
    marks = getattr(canvas, "page_marks", None)
    if marks is not None and getattr(flowable, "structure", None) is not None:
        marks.leave(page_content(canvas))


def _split(flowable, parts: list) -> None:
    """The pieces of a split paragraph or figure belong to its element."""
    node = getattr(flowable, "structure", None)
    if node is not None:
        for part in parts:
            if getattr(part, "structure", None) is None:
                part.structure = node


hook_flowable_drawing(_begin_drawing, _end_drawing, _split)
map_no_unused_codes_to_unicode_zero()

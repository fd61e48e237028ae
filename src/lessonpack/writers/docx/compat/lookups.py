"""python-docx's tag names looked up once a process, not on every element made or found.

Making a DOCX, python-docx turns "w:rPr" into lxml's "{namespace}rPr" (`qn`) on every child
element it gets, adds or orders, builds a prefixed-tag object for every element it makes
(`OxmlElement`), and, to put a run or paragraph property in OOXML's order, searches the parent
once for each of the thirty-odd tags that may follow it (`first_child_found_in`): about 300,000
`qn` calls and 22,000 ordered insertions for the course's 30 DOCX files, a fifth of their writing
time. The same answers, remembered: the names are python-docx's and lessonpack's fixed vocabulary.

Relies, in python-docx 1.2, on docx.oxml.ns.qn, docx.oxml.parser.OxmlElement (with its
oxml_parser and NamespacePrefixedTag) and BaseOxmlElement.first_child_found_in (undocumented),
and on python-docx's modules binding the first two by name (`from docx.oxml.ns import qn`).
"""

from __future__ import annotations

import functools
import sys

from docx.oxml import ns, parser
from docx.oxml.xmlchemy import BaseOxmlElement

PYTHON_DOCX_QN = ns.qn
PYTHON_DOCX_OXML_ELEMENT = parser.OxmlElement
PYTHON_DOCX_FIRST_CHILD_FOUND_IN = BaseOxmlElement.first_child_found_in
"""python-docx's own functions, kept for the pinning test."""

qn = functools.lru_cache(maxsize=4096)(PYTHON_DOCX_QN)


@functools.lru_cache(maxsize=1024)
def _made(tag: str) -> tuple[str, dict[str, str]]:
    prefixed = ns.NamespacePrefixedTag(tag)
    return prefixed.clark_name, prefixed.nsmap


def oxml_element(nsptag_str: str, attrs: dict[str, str] | None = None, nsdecls: dict[str, str] | None = None):
    """python-docx's OxmlElement: a loose element of python-docx's class for the tag, its
    namespace declared (a copy of the remembered declaration: lxml copies it anyway)."""
    clark, own = _made(nsptag_str)
    return parser.oxml_parser.makeelement(clark, attrib=attrs, nsmap=dict(own) if nsdecls is None else nsdecls)


@functools.lru_cache(maxsize=1024)
def _order(tagnames: tuple[str, ...]) -> dict[str, int]:
    order: dict[str, int] = {}
    for place, tag in enumerate(tagnames):
        order.setdefault(qn(tag), place)
    return order


def first_child_found_in(self, *tagnames: str):
    """python-docx's: the first child with the first of `tagnames` any child has, or None. The
    children are read once, not searched once a tag: of the children with the earliest such tag,
    the first in the document's order, as `find` returns it."""
    order = _order(tagnames)
    found, best = None, len(tagnames)
    for child in self:
        place = order.get(child.tag, best)
        if place < best:
            found, best = child, place
            if place == 0:
                break
    return found


def look_up_names_once() -> None:
    """Put the remembering versions in place of python-docx's, in every python-docx module (and
    lessonpack's compat modules) that holds them by name."""
    BaseOxmlElement.first_child_found_in = first_child_found_in
    swaps = {id(PYTHON_DOCX_QN): qn, id(PYTHON_DOCX_OXML_ELEMENT): oxml_element}
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "docx" or name.startswith(("docx.", "lessonpack.writers.docx"))):
            continue
        for attribute in ("qn", "OxmlElement"):
            held = getattr(module, attribute, None)
            if held is not None and id(held) in swaps:
                setattr(module, attribute, swaps[id(held)])

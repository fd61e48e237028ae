"""Pinning tests for writers/docx/compat/lookups.py: python-docx's tag look-ups, remembered, give
python-docx's own answers, and a document python-docx makes with them is the same XML."""

from __future__ import annotations

import subprocess
import sys

import docx
from docx.oxml.ns import nsmap
from lxml import etree

from lessonpack.writers.docx.compat import lookups

TAGS = ["w:p", "w:r", "w:rPr", "w:b", "w:sz", "w:tbl", "w:tcPr", "a:blip", "pic:pic", "wp:inline", "r:id",
        "w:val", "cp:keywords", "dcterms:created"]


def check(condition: bool, what: str) -> None:
    assert condition, f"compat.lookups: with python-docx {docx.__version__}, {what}"


def test_qualified_names_are_python_docx_own():
    for tag in TAGS * 2:
        check(lookups.qn(tag) == lookups.PYTHON_DOCX_QN(tag), f"{tag!r} became {lookups.qn(tag)!r}")


def test_elements_made_are_python_docx_own():
    cases = [("w:rPr", None, None), ("w:shd", {"w:val": "clear"}, None), ("a:blip", None, None),
             ("w:tblPr", None, {"w": nsmap["w"], "r": nsmap["r"]}), ("w:rPr", None, None)]
    for tag, attrs, nsdecls in cases:
        ours = lookups.oxml_element(tag, {lookups.qn(k): v for k, v in attrs.items()} if attrs else None, nsdecls)
        theirs = lookups.PYTHON_DOCX_OXML_ELEMENT(tag, {lookups.qn(k): v for k, v in attrs.items()} if attrs else None,
                                                  nsdecls)
        check(type(ours) is type(theirs), f"{tag} is a {type(ours).__name__}, not a {type(theirs).__name__}")
        check(etree.tostring(ours) == etree.tostring(theirs), f"{tag} is written otherwise")
    first, again = lookups.oxml_element("w:rPr"), lookups.oxml_element("w:rPr")
    check(first is not again and etree.tostring(again) == etree.tostring(first), "made elements are shared")


def test_the_first_child_found_is_python_docx_own():
    """In OOXML's order, out of it, with repeated tags and comments among the children."""
    orders = [["w:b", "w:i", "w:sz"], ["w:sz", "w:b", "w:i"], ["w:i", "w:sz", "w:i", "w:b"], [], ["w:color"]]
    successors = [("w:b", "w:i", "w:sz"), ("w:sz", "w:i"), ("w:i", "w:b", "w:i"), ("w:u",), ()]
    for children in orders:
        parent = lookups.PYTHON_DOCX_OXML_ELEMENT("w:rPr")
        for number, tag in enumerate(children):
            parent.append(etree.Comment(f"before {number}"))
            child = lookups.PYTHON_DOCX_OXML_ELEMENT(tag)
            child.set("n", str(number))
            parent.append(child)
        for tags in successors:
            ours = lookups.first_child_found_in(parent, *tags)
            theirs = lookups.PYTHON_DOCX_FIRST_CHILD_FOUND_IN(parent, *tags)
            check(ours is theirs if theirs is None else (ours is not None and ours.get("n") == theirs.get("n")),
                  f"among {children}, the first of {tags} is another child")


MAKE = """
import sys
import docx
from docx.shared import Pt, RGBColor
if sys.argv[1] == "remembered":
    from lessonpack.writers.docx.compat.lookups import look_up_names_once
    look_up_names_once()
document = docx.Document()
for number in range(3):
    paragraph = document.add_paragraph(style="List Number")
    run = paragraph.add_run(f"run {number}")
    run.font.size, run.font.color.rgb, run.italic, run.bold = Pt(11 + number), RGBColor(1, 2, number), True, True
    run.font.underline = number % 2 == 0
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_after = Pt(number)
table = document.add_table(rows=2, cols=2)
table.cell(0, 0).merge(table.cell(0, 1)).text = "merged"
table.rows[1].height = Pt(20)
document.add_section()
sys.stdout.write(document.element.xml)
"""


def test_a_document_python_docx_makes_is_the_same_xml():
    made = {how: subprocess.run([sys.executable, "-c", MAKE, how], capture_output=True, text=True, check=True).stdout
            for how in ("own", "remembered")}
    check("<w:b/>" in made["own"] and "w:gridSpan" in made["own"], "the document lacks what it should exercise")
    check(made["own"] == made["remembered"], "a document made with the remembered look-ups is other XML")

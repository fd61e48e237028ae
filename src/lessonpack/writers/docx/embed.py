"""Fonts that travel: the faces a DOCX prints in, embedded in it as Word embeds fonts.

School computers have no DejaVu. Without it Word (or LibreOffice) sets the text in
another font, with other widths, and the extract lines, page breaks and look drift
from the PDF. So each DejaVu face the document's text uses is stored in the file,
obfuscated as ECMA-376 Part 1 §17.8.1 requires (the first 32 bytes XORed with a
key named in the font table), and the settings ask Word to keep embedding fonts
when a teacher saves the file again. A family lessonpack does not ship (a school's
reference document may name Arial) is left to the computer, as before.

Each face is a subset (`fonts/fonttools_compat.py`): the characters a teacher editing
the file is likely to type (`TYPED_CHARACTERS`) and every character the document
prints, so a worksheet is a quarter of the size with whole faces and text typed in Word
is still in DejaVu. The subset is not marked as one (`w:subsetted`): LibreOffice refuses a
face so marked when the file is opened for editing.
"""

from __future__ import annotations

import re
import uuid
from functools import cache, lru_cache

from docx.enum.style import WD_STYLE_TYPE
from lxml import etree

from ...fonts import FAMILIES, font_file
from ...fonts.cache import subset_file
from .compat import insert_child_before, new_element, qualified_name
from .compat import (W_P, cell_items, paragraph_runs, run_font, run_text, story_items, table_cells,
                          written_style_id)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FACE_ELEMENTS = {"regular": "embedRegular", "bold": "embedBold", "italic": "embedItalic",
                 "bolditalic": "embedBoldItalic"}
"""The font table's element for each face, in the order OOXML's schema wants them."""
FAMILY_KIND = {"DejaVu Serif": "roman", "DejaVu Sans": "swiss"}
"""What Word substitutes from if it still cannot use a face: a serif for a serif."""
TYPED_BLOCKS = (
    (0x0020, 0x007E),  # Basic Latin: the keyboard
    (0x00A0, 0x00FF),  # Latin-1 Supplement: accented letters, £, ©, °, ½, ×, ÷, ¶, §, non-breaking space
    (0x0100, 0x017F),  # Latin Extended-A: Polish, Czech, Hungarian, Turkish, Welsh ŵ ŷ names
    (0x0192, 0x0192), (0x0218, 0x021B),  # ƒ (Windows-1252); Romanian ș ț
    (0x02C6, 0x02C7), (0x02D8, 0x02DD),  # the spacing accents of Windows-1252 and Word's symbol dialog
    (0x0400, 0x04FF),  # Cyrillic: the names and words of Russian and Ukrainian history
    (0x2000, 0x206F),  # General Punctuation: dashes, curly quotes, …, •, †, ‰, thin and zero-width spaces
    (0x2070, 0x209F),  # superscript and subscript digits and signs (x⁴, CO₂)
    (0x20A0, 0x20CF),  # currency: €, ₽ (rouble), ₴
    (0x2100, 0x214F),  # letterlike: №, ™, ℃
    (0x2150, 0x218F),  # number forms: ⅓, ⅔, Roman numerals
    (0x2190, 0x21FF),  # arrows: → (Word's AutoCorrect for -->, and the timeline)
    (0x2212, 0x2212), (0x2248, 0x2248), (0x2260, 0x2265),  # − ≈ ≠ ≤ ≥
    (0x25A0, 0x25FF),  # geometric shapes: the tier marks ● ■ ▲, ▭
    (0x2610, 0x2612), (0x2713, 0x2718),  # ☐ ☑ ☒ tick boxes, ✓ ✔ ✕ ✖ ✗ ✘
)
"""The Unicode ranges every embedded face keeps (where DejaVu has them), besides the characters the
document prints: what a teacher editing the worksheet in Word is likely to type, so that it shows in
DejaVu too. A character outside them that a teacher types shows in a fallback font."""
TYPED_CHARACTERS = frozenset(chr(code) for first, last in TYPED_BLOCKS for code in range(first, last + 1))
SETTINGS_SUCCESSORS = ("w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData", "w:mirrorMargins",
                       "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader", "w:bordersDoNotSurroundFooter",
                       "w:gutterAtTop", "w:hideSpellingErrors", "w:hideGrammaticalErrors", "w:activeWritingStyle",
                       "w:proofState", "w:formsDesign", "w:attachedTemplate", "w:linkStyles",
                       "w:stylePaneFormatFilter", "w:stylePaneSortMethod", "w:documentType", "w:mailMerge",
                       "w:revisionView", "w:trackRevisions", "w:doNotTrackMoves", "w:doNotTrackFormatting",
                       "w:documentProtection", "w:autoFormatOverride", "w:styleLockTheme", "w:styleLockQFSet",
                       "w:defaultTabStop")
"""The settings OOXML's schema puts after w:embedTrueTypeFonts (up to one every document has)."""


def _face(bold: bool, italic: bool) -> str:
    return {(False, False): "regular", (True, False): "bold", (False, True): "italic",
            (True, True): "bolditalic"}[(bold, italic)]


def text_by_face(doc) -> dict[tuple[str, str], set[str]]:
    """(family, face) of every run of text in the body, tables, headers and footers, as the styles
    and the run's own formatting set it, with the characters printed in it; only families lessonpack
    ships count."""
    styles = {style.style_id: style for style in doc.styles}
    defaults = {kind: doc.styles.default(kind) for kind in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER)}

    @cache
    def inherited(style_id: str | None, what: str):
        style = styles.get(style_id) if style_id else None
        while style is not None:
            value = style.font.name if what == "name" else getattr(style.font, what)
            if value is not None:
                return value
            style = style.base_style
        return None

    @cache
    def resolved(written: str | None, kind) -> str | None:
        """The style id python-docx's item.style.style_id gives for an id written in the XML (an id
        missing or of another type: the default style), looked up once per id, not once per item."""
        style = styles.get(written) if written is not None else None
        if style is None or style.type != kind:
            style = defaults[kind]
        return style.style_id if style is not None else None

    normal = "Normal" if "Normal" in styles else None
    used: dict[tuple[str, str], set[str]] = {}

    def paragraph_faces(p) -> None:
        para_style = resolved(written_style_id(p), WD_STYLE_TYPE.PARAGRAPH)
        for r in paragraph_runs(p):  # a link's runs too, not only the paragraph's own
            text = run_text(r)
            if not text.strip():
                continue
            run_style = resolved(written_style_id(r), WD_STYLE_TYPE.CHARACTER)
            name, bold, italic = run_font(r)

            def value(what, own):
                for found in (own, inherited(run_style, what), inherited(para_style, what), inherited(normal, what)):
                    if found is not None:
                        return found
                return None

            family = value("name", name)
            if family in FAMILIES:
                face = _face(bool(value("bold", bold)), bool(value("italic", italic)))
                used.setdefault((family, face), set()).update(text)

    def walk(items) -> None:
        for element in items:
            if element.tag == W_P:
                paragraph_faces(element)
            else:
                for tc in table_cells(element):
                    walk(cell_items(tc))

    walk(story_items(doc))
    for section in doc.sections:
        for story in (section.header, section.footer):
            walk(story_items(story))
    return used


def font_key(family: str, face: str) -> str:
    """The key a face is obfuscated with: made from its file's name, so the same input gives the same bytes."""
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"lessonpack:font:{FAMILIES[family][face]}")).upper() + "}"


def obfuscated(data: bytes, key: str) -> bytes:
    """A font as stored in a DOCX: its first 32 bytes XORed with the key's 16 bytes taken in
    reverse order (ECMA-376 Part 1, §17.8.1; the same operation undoes it)."""
    digits = re.sub(r"[^0-9A-Fa-f]", "", key)
    mask = bytes.fromhex(digits)[::-1]
    head = bytes(byte ^ mask[i % 16] for i, byte in enumerate(data[:32]))
    return head + data[32:]


@lru_cache(maxsize=64)
def _font_bytes(family: str, face: str, untyped: frozenset[str]) -> bytes:
    """A face as stored: subset to the typed characters and `untyped` (the document's characters
    outside them, usually none, so each face is subset once per process and, through the font
    cache, once per machine), then obfuscated."""
    codepoints = {ord(char) for char in TYPED_CHARACTERS | untyped}
    return obfuscated(subset_file(font_file(family, face), codepoints), font_key(family, face))


def ask_to_keep_embedding(doc) -> None:
    """Settings: Word embeds the fonts again when the file is saved (all of each face: a teacher may type)."""
    settings = doc.settings.element
    if settings.find(qualified_name("w:embedTrueTypeFonts")) is None:
        insert_child_before(settings, new_element("w:embedTrueTypeFonts"), SETTINGS_SUCCESSORS)


def embed_fonts(members: dict[str, bytes], faces: dict[tuple[str, str], set[str]]) -> dict[str, bytes]:
    """The package's members with the faces (and the characters printed in them) added as subset,
    obfuscated font parts, named in a font table that lists only the document's own fonts
    (python-docx's template lists Calibri, Cambria…). Every face keeps every character the document
    prints in any of them: a teacher who makes a word bold in Word finds its letters in the bold face."""
    if not faces:
        return members
    untyped = frozenset(char for char in set().union(*faces.values()) - TYPED_CHARACTERS
                        if char >= " ")  # not the tabs and line breaks python-docx reads as text
    members = dict(members)
    table = etree.Element(f"{{{W_NS}}}fonts", nsmap={"w": W_NS, "r": R_NS})
    rels = []
    for family in sorted({family for family, _ in faces}):
        font = etree.SubElement(table, f"{{{W_NS}}}font", {f"{{{W_NS}}}name": family})
        etree.SubElement(font, f"{{{W_NS}}}charset", {f"{{{W_NS}}}val": "00"})
        etree.SubElement(font, f"{{{W_NS}}}family", {f"{{{W_NS}}}val": FAMILY_KIND.get(family, "auto")})
        etree.SubElement(font, f"{{{W_NS}}}pitch", {f"{{{W_NS}}}val": "variable"})
        for face, element in FACE_ELEMENTS.items():
            if (family, face) not in faces:
                continue
            rid = f"rId{len(rels) + 1}"
            name = f"fonts/{FAMILIES[family][face]}.odttf"
            key = font_key(family, face)
            etree.SubElement(font, f"{{{W_NS}}}{element}", {f"{{{R_NS}}}id": rid, f"{{{W_NS}}}fontKey": key})
            rels.append(f'<Relationship Id="{rid}" Type="{FONT_RELATIONSHIP}" Target="{name}"/>')
            members[f"word/{name}"] = _font_bytes(family, face, untyped)
    members["word/fontTable.xml"] = etree.tostring(table, xml_declaration=True, encoding="UTF-8",
                                                   standalone=True)
    members["word/_rels/fontTable.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels) + "</Relationships>").encode()
    types = members["[Content_Types].xml"].decode("utf-8")
    if 'Extension="odttf"' not in types:
        types = re.sub(r"(<Types[^>]*>)", rf'\1<Default Extension="odttf" ContentType="{OBFUSCATED_FONT}"/>',
                       types, count=1)
    members["[Content_Types].xml"] = types.encode("utf-8")
    return members

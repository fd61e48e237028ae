"""The DOCX stylesheet: every look the writer uses, defined once per theme as a named style.

Blocks then refer to styles by name, so a school's reference document can restyle them all.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import math
from io import BytesIO
from pathlib import Path

import docx
from docx import Document as new_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Pt

from ...fonts import string_width
from ...fonts.cache import file_hash, lessonpack_code, remembered
from ...theme import Theme
from .compat import (drop_parts, qualified_name, set_east_asian_font,
                     style_paragraph_properties)
from .ooxml import border, rgb


def _style(doc, name: str, base: str = "Normal", kind=WD_STYLE_TYPE.PARAGRAPH):
    """The style of that name, added (based on base) if the document lacks it."""
    styles = doc.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, kind)
        style.base_style = styles[base]
        return style


def _define_builtin_styles(doc, t: Theme) -> None:
    """Normal, the headings, figure captions, header and footer, in the theme's fonts and colours."""
    normal = doc.styles["Normal"]
    normal.font.name = t.body_font
    set_east_asian_font(normal, t.body_font)
    normal.font.size = Pt(t.body_size)
    normal.font.color.rgb = rgb(t.text_colour)
    fmt = normal.paragraph_format
    fmt.space_after = Pt(t.paragraph_space)
    fmt.line_spacing = Pt(t.leading(t.body_size))
    fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    # No paragraph's first or last line alone on a page, as in Word's own Normal (python-docx's
    # template leaves it out): at 24 pt a sentence starter of two lines was broken one and one.
    fmt.widow_control = True
    for level, size in enumerate(t.heading_sizes, start=1):
        style = doc.styles[f"Heading {level}"]
        style.font.name = t.heading_font
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = rgb(t.accent_colour)
        style.paragraph_format.space_before = Pt(size * t.heading_space_above)
        style.paragraph_format.space_after = Pt(size * t.heading_space_below)
        style.paragraph_format.line_spacing = Pt(t.leading(size))  # as the PDF's (the body's let a title's lines close up)
        style.paragraph_format.keep_with_next = True
    # A figure's caption, like a source's, at the paper's note size (Word's own Caption is 9 pt
    # bold and blue, whatever the paper).
    caption = doc.styles["Caption"]
    caption.font.size = Pt(t.note)
    caption.font.bold = False
    caption.font.italic = t.italics
    caption.font.color.rgb = rgb(t.text_colour)
    # A link as the PDF prints it: underlined, in the text's colour. python-docx's template has no
    # Hyperlink style, and a link naming a style that is not there shows as plain text.
    names = {style.name for style in doc.styles}
    link = doc.styles["Hyperlink"] if "Hyperlink" in names else doc.styles.add_style("Hyperlink",
                                                                                     WD_STYLE_TYPE.CHARACTER)
    link.font.underline = True
    link.font.color.rgb = rgb(t.text_colour)
    for name in ("Header", "Footer"):
        style = doc.styles[name]
        style.paragraph_format.tab_stops.clear_all()
        style.font.name = t.heading_font
        style.font.size = Pt(t.small_size)
        style.font.color.rgb = rgb(t.accent_colour)


def _define_source_styles(doc, t: Theme) -> None:
    """A source's caption, small print, numbered extract lines and their line numbers."""
    caption = _style(doc, "Source Caption")
    caption.font.size = Pt(t.note)
    caption.font.italic = t.italics
    if not t.italics:  # dyslexia-friendly: emphasis is bold, never italic
        emphasis = doc.styles["Emphasis"]
        emphasis.font.italic = False
        emphasis.font.bold = True
    caption.paragraph_format.space_after = Pt(t.note_space_after)
    small = _style(doc, "Small Print")
    small.font.size = Pt(t.note)
    small.paragraph_format.space_after = Pt(t.note_space_after)

    # A source's glossary, in a shaded, ruled cell under its lines (sources.py), as in the PDF.
    _style(doc, "Glossary", "Small Print")

    line = _style(doc, "Extract Line")
    line.font.size = Pt(t.extract_size)
    pf = line.paragraph_format
    pf.space_after = Pt(0)
    pf.space_before = Pt(0)
    pf.line_spacing = Pt(t.leading(t.extract_size))
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    # A numbered line too long for a large-print page wraps onto an indented second line.
    pf.left_indent = Pt(t.extract_indent + t.extract_size)
    pf.first_line_indent = Pt(-t.extract_indent - t.extract_size)
    pf.tab_stops.add_tab_stop(Pt(t.extract_indent - t.extract_number_gap), WD_TAB_ALIGNMENT.RIGHT)
    pf.tab_stops.add_tab_stop(Pt(t.extract_indent))
    pf.tab_stops.add_tab_stop(Pt(t.text_width - 4), WD_TAB_ALIGNMENT.RIGHT)
    pf.widow_control = False
    # the box's rules are its table cells' (sources.py)
    number = _style(doc, "Line Number", "Default Paragraph Font", WD_STYLE_TYPE.CHARACTER)
    number.font.name = t.heading_font
    number.font.size = Pt(t.small_size)
    number.font.color.rgb = rgb(t.accent_colour)


NUMBER_EMS = 1.75
"""Room for a list item's number ("10.") and a space, in ems of the body text."""


def list_hang(t: Theme) -> float:
    """Points a numbered item's text stands in from its number: at least Word's List Bullet's 18."""
    return max(18.0, t.body_size * NUMBER_EMS)


def bullet_hang(t: Theme) -> float:
    """Points a bulleted item's text stands in from its bullet, as in the PDF (the bullet's width and
    half the body size, at least 16): at the numbers' NUMBER_EMS, a 24 pt item stood 16 pt further in
    than the PDF's and wrapped onto more lines (lesson 03's key words took a page more)."""
    return max(16.0, string_width("•", t.body_font, t.body_size) + t.body_size / 2)


def _define_list_styles(doc, t: Theme) -> None:
    """A list's item: the writer prints its number or bullet, so a numbered list restarts and can
    start anywhere (Word's List Number numbers itself too, every list of a document in one count,
    which printed "1. 1."), and a bullet is the body font's "•", as in the PDF (Word's List Bullet
    draws it from the Symbol font, which a computer without it prints as a box)."""
    for name, hang in (("Numbered Item", list_hang(t)), ("Bulleted Item", bullet_hang(t))):
        item = _style(doc, name)
        fmt = item.paragraph_format
        fmt.left_indent, fmt.first_line_indent = Pt(hang), Pt(-hang)
        fmt.tab_stops.add_tab_stop(Pt(hang))


TICK_BOX_EMS = 0.72
"""The side of the ☐ glyph, in ems of its font (DejaVu Sans's is 0.72): its font size is chosen so
that the box is the body size square, as the PDF draws it (at the body size plus 3 pt it was a
tenth smaller than the PDF's, and looked tiny beside it)."""


def _define_question_styles(doc, t: Theme) -> None:
    """Questions, marks, answer lines, boxes, the student's details, table text and choices."""
    question = _style(doc, "Question")
    question.paragraph_format.keep_with_next = True
    question.paragraph_format.space_after = Pt(t.paragraph_space)
    marks = _style(doc, "Marks", "Default Paragraph Font", WD_STYLE_TYPE.CHARACTER)
    marks.font.name = t.heading_font
    marks.font.bold = True
    marks.font.size = Pt(t.note)

    answer = _style(doc, "Answer Line")
    af = answer.paragraph_format
    af.line_spacing = Pt(t.answer_line_height)
    af.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    af.space_after = Pt(0)
    af.space_before = Pt(0)
    # The rule at the foot of each line's box, no space added: the lines stand answer_line_height
    # apart, as in the PDF (4 pt of border space made each 28 pt, and a page held fewer).
    border(style_paragraph_properties(answer),
           {edge: ("single", t.rule_width, t.rule_colour) for edge in ("bottom", "between")}, space=0)
    box = _style(doc, "Box Text")
    box.paragraph_format.space_after = Pt(4)
    details = _style(doc, "Student Details")  # a label or value in the details' ruled cells (writer.py)
    details.paragraph_format.space_after = Pt(0)
    cell_text = _style(doc, "Table Text")
    cell_text.font.size = Pt(t.note)
    cell_text.paragraph_format.space_after = Pt(t.note_space_after)
    cell_text.paragraph_format.line_spacing = Pt(t.leading(t.note))
    table_body = _style(doc, "Table Body")  # a table's text at the body size (the true/false statements)
    table_body.paragraph_format.space_after = Pt(t.note_space_after)
    choice = _style(doc, "Choice")
    choice.paragraph_format.space_after = Pt(3)
    # A timeline's strip of picture: its line no deeper than the picture and a 1 pt font's descent
    # (at the body size, a gap of 3 pt broke the axis between strips).
    strip = _style(doc, "Picture Strip")
    strip.font.size = Pt(1)
    strip.paragraph_format.space_before = strip.paragraph_format.space_after = Pt(0)
    # A table's rules in the theme's grey and width, as the PDF draws them (Word's Table Grid is black).
    grid = doc.styles["Table Grid"].element
    for edge in grid.find(qualified_name("w:tblPr")).find(qualified_name("w:tblBorders")):
        edge.set(qualified_name("w:color"), t.rule_colour.lstrip("#"))
        edge.set(qualified_name("w:sz"), str(int(t.table_rule_width * 8)))
    label = _style(doc, "Continued Label", "Default Paragraph Font", WD_STYLE_TYPE.CHARACTER)
    label.font.name = t.heading_font  # as the PDF prints "Question 5 (continued)"
    label.font.size = Pt(t.note)
    label.font.color.rgb = rgb(t.accent_colour)
    tick = _style(doc, "Tick Box", "Default Paragraph Font", WD_STYLE_TYPE.CHARACTER)
    tick.font.name = t.heading_font
    tick.font.size = Pt(math.ceil(t.body_size / TICK_BOX_EMS * 2) / 2)  # Word keeps half points


THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _fonts_by_name(doc, t: Theme) -> None:
    """Every style names its font outright. python-docx's template gives the headings and the
    defaults Word's theme fonts (Calibri, Calibri Light), which win over a font set by name: the
    headings were printed in whatever stood in for Calibri Light, not in the theme's font."""
    styles = doc.styles.element
    for fonts in styles.iter(qualified_name("w:rFonts")):
        for attribute in THEME_FONT_ATTRIBUTES:
            fonts.attrib.pop(qualified_name(attribute), None)
    defaults = styles.find(qualified_name("w:docDefaults")).find(qualified_name("w:rPrDefault"))
    fonts = defaults.find(qualified_name("w:rPr")).find(qualified_name("w:rFonts"))
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qualified_name(attribute), t.body_font)


TEMPLATE_LEFTOVERS = ("http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
                      "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
                      "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
                      "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
"""The relationship types of the template's parts a worksheet has no use for (the theme's fonts and
colours: every style names its own)."""
NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"

KEPT_WORD_STYLES = ("Normal", "Default Paragraph Font", "Normal Table", "No List", "Heading 1", "Heading 2",
                    "Heading 3", "Caption", "Header", "Footer", "Strong", "Emphasis", "Hyperlink", "Table Grid")
"""The styles of Word's own the writer uses; the other 150 of python-docx's template are dropped."""


def _drop_template_leftovers(doc, reference: bool) -> None:
    """What python-docx's template carries and no worksheet uses: its ~160 unused styles (the
    "Light Shading Accent…" tables), stylesWithEffects.xml (438 KB), customXml, and a thumbnail
    of another document that file browsers would show as the preview. Kept: the styles the
    writer uses, lessonpack's own, a reference document's, and the styles they are based on."""
    # a reference document's styles may name its theme's fonts ("+Body"): keep a theme for them
    drop_parts(doc, TEMPLATE_LEFTOVERS if not reference else TEMPLATE_LEFTOVERS[:-1])
    styles = doc.styles.element
    by_id = {style.get(qualified_name("w:styleId")): style for style in styles.findall(qualified_name("w:style"))}
    template = set(by_id) & _template_style_ids()
    keep = [sid for sid, style in by_id.items() if sid not in template
            or style.find(qualified_name("w:name")).get(qualified_name("w:val")) in _kept_names()]
    kept: set[str] = set()
    while keep:  # with what they are based on, linked to, or followed by
        sid = keep.pop()
        if sid in kept or sid not in by_id:
            continue
        kept.add(sid)
        for tag in ("w:basedOn", "w:link", "w:next"):
            node = by_id[sid].find(qualified_name(tag))
            if node is not None:
                keep.append(node.get(qualified_name("w:val")))
    for sid, style in by_id.items():
        if sid not in kept:
            styles.remove(style)
    if next(styles.iter(qualified_name("w:numPr")), None) is None:
        drop_parts(doc, (NUMBERING,))  # lists print their own numbers and bullets
    latent = styles.find(qualified_name("w:latentStyles"))
    if latent is not None and not reference:  # Word's defaults for its 260 built-in styles: Word knows them
        styles.remove(latent)


@functools.cache
def _template_style_ids() -> frozenset[str]:
    """The style ids of python-docx's own template."""
    return frozenset(style.style_id for style in new_docx().styles)


@functools.cache
def _kept_names() -> frozenset[str]:
    return frozenset(name.lower() for name in KEPT_WORD_STYLES) | frozenset(KEPT_WORD_STYLES)


def _take_styles(doc, reference_docx: bytes) -> None:
    """Let a school's reference document's styles replace ours, as pandoc's --reference-doc does.

    Every style the reference defines (Normal, Heading 1, or one of lessonpack's
    own names such as "Extract Line") replaces ours; the rest stay as they are.
    """
    reference = new_docx(BytesIO(reference_docx))
    ours = doc.styles.element
    style_id = qualified_name("w:styleId")
    by_id = {style.get(style_id): style for style in ours.findall(qualified_name("w:style"))}
    for style in reference.styles.element.findall(qualified_name("w:style")):
        theirs = copy.deepcopy(style)
        current = by_id.get(style.get(style_id))
        if current is not None:
            current.addprevious(theirs)
            ours.remove(current)
        else:
            ours.append(theirs)


CACHE_NAMESPACE = "docx-styles"


@functools.lru_cache(maxsize=8)
def styled_base(theme: Theme, reference_docx: bytes | None) -> bytes:
    """An empty document with every lessonpack style defined, made once per theme and reused: kept in
    the cache folder (`fonts/cache.py`), as making it took about 70 ms of every build's start. Its key
    is the theme, the school's reference document and `_maker_version`: a change to any makes another."""
    described = repr(theme)
    if " at 0x" in described:  # a theme that does not describe itself fully: made, never cached
        return _styled_base(theme, reference_docx)
    key = "|".join([described, hashlib.sha256(reference_docx or b"").hexdigest(), _maker_version()])
    return remembered(CACHE_NAMESPACE, key, lambda: _styled_base(theme, reference_docx))


@functools.cache
def _maker_version() -> str:
    """What decides the styled document besides its theme and reference document: lessonpack's code
    and python-docx with its templates."""
    templates = Path(docx.__file__).parent / "templates"
    theirs = sorted(path for path in templates.rglob("*") if path.is_file())
    return "|".join([lessonpack_code(), docx.__version__, *(file_hash(path) for path in theirs)])


def _styled_base(theme: Theme, reference_docx: bytes | None) -> bytes:
    doc = new_docx()
    _define_builtin_styles(doc, theme)
    _define_source_styles(doc, theme)
    _define_question_styles(doc, theme)
    _define_list_styles(doc, theme)
    _fonts_by_name(doc, theme)
    if reference_docx:
        _take_styles(doc, reference_docx)
    _drop_template_leftovers(doc, bool(reference_docx))
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()

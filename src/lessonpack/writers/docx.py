"""Write a Document as DOCX with python-docx: styles defined once from the theme, used by name."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import datetime, timezone
from io import BytesIO

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from .. import document as d
from ..theme import Theme

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _border(element, edges: dict[str, tuple[str, float, str]]) -> None:
    """Set paragraph or cell borders: edge -> (style, width pt, hex colour)."""
    tag = "w:pBdr" if element.tag == qn("w:pPr") else "w:tcBorders"
    borders = element.find(qn(tag))
    if borders is None:
        borders = OxmlElement(tag)
        element.append(borders)
    for edge, (style, width, colour) in edges.items():
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:val"), style)
        node.set(qn("w:sz"), str(int(width * 8)))
        node.set(qn("w:space"), "4")
        node.set(qn("w:color"), colour.lstrip("#"))
        borders.append(node)


def _shade(cell, hex_colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shading)


def _field(paragraph, instruction: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) that the reader's program fills in."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {text} "
        elif kind == "text":
            node = OxmlElement("w:t")
            node.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)


class DocxWriter:
    """Builds one DOCX document from blocks; every look comes from a named style."""

    def __init__(self, theme: Theme, reference_docx: str | None = None):
        self.theme = theme
        self.doc = new_docx(reference_docx)
        self._define_styles()
        self.handlers: dict[type, Callable[[d.Block], None]] = {
            d.Heading: self.heading, d.Paragraph: self.paragraph, d.ListBlock: self.list_block,
            d.Box: self.box, d.SourceBox: self.source_box, d.Question: self.question,
            d.StudentDetails: self.student_details, d.Table: self.table, d.PageBreak: self.page_break,
        }

    # ------------------------------------------------------------ styles

    def _style(self, name: str, base: str = "Normal", kind=WD_STYLE_TYPE.PARAGRAPH):
        styles = self.doc.styles
        try:
            return styles[name]
        except KeyError:
            style = styles.add_style(name, kind)
            style.base_style = styles[base]
            return style

    def _define_styles(self) -> None:
        t = self.theme
        normal = self.doc.styles["Normal"]
        normal.font.name = t.body_font
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), t.body_font)
        normal.font.size = Pt(t.body_size)
        normal.font.color.rgb = _rgb(t.text_colour)
        fmt = normal.paragraph_format
        fmt.space_after = Pt(t.paragraph_space)
        fmt.line_spacing = Pt(t.leading(t.body_size))
        fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        for level, size in enumerate(t.heading_sizes, start=1):
            style = self.doc.styles[f"Heading {level}"]
            style.font.name = t.heading_font
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = _rgb(t.accent_colour)
            style.paragraph_format.space_before = Pt(size * 0.6)
            style.paragraph_format.space_after = Pt(size * 0.4)
            style.paragraph_format.keep_with_next = True
        for name in ("Header", "Footer"):
            style = self.doc.styles[name]
            style.font.name = t.heading_font
            style.font.size = Pt(t.small_size)
            style.font.color.rgb = _rgb(t.accent_colour)

        caption = self._style("Source Caption")
        caption.font.size = Pt(t.small_size)
        caption.font.italic = True
        caption.paragraph_format.space_after = Pt(2)
        small = self._style("Small Print")
        small.font.size = Pt(t.small_size)
        small.paragraph_format.space_after = Pt(2)

        line = self._style("Extract Line")
        line.font.size = Pt(t.extract_size)
        pf = line.paragraph_format
        pf.space_after = Pt(0)
        pf.space_before = Pt(0)
        pf.line_spacing = Pt(t.leading(t.extract_size))
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.left_indent = Pt(t.extract_indent)
        pf.first_line_indent = Pt(-t.extract_indent)
        pf.tab_stops.add_tab_stop(Pt(t.extract_indent - 6), WD_TAB_ALIGNMENT.RIGHT)
        pf.tab_stops.add_tab_stop(Pt(t.extract_indent))
        pf.tab_stops.add_tab_stop(Pt(t.text_width - 4), WD_TAB_ALIGNMENT.RIGHT)
        pf.widow_control = False
        _border(line.element.get_or_add_pPr(),
                {edge: ("single", 0.8, t.accent_colour) for edge in ("top", "left", "bottom", "right")})
        number = self._style("Line Number", "Default Paragraph Font", WD_STYLE_TYPE.CHARACTER)
        number.font.name = t.heading_font
        number.font.size = Pt(t.small_size)
        number.font.color.rgb = _rgb(t.accent_colour)

        question = self._style("Question")
        qf = question.paragraph_format
        qf.keep_with_next = True
        qf.space_before = Pt(6)
        qf.left_indent = Pt(24)
        qf.first_line_indent = Pt(-24)
        qf.tab_stops.add_tab_stop(Pt(24))
        qf.tab_stops.add_tab_stop(Pt(t.text_width), WD_TAB_ALIGNMENT.RIGHT)
        body = self._style("Question Body")
        body.paragraph_format.left_indent = Pt(24)
        marks = self._style("Marks", "Default Paragraph Font", WD_STYLE_TYPE.CHARACTER)
        marks.font.name = t.heading_font
        marks.font.bold = True
        marks.font.size = Pt(t.small_size)

        answer = self._style("Answer Line")
        af = answer.paragraph_format
        af.line_spacing = Pt(t.answer_line_height)
        af.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        af.space_after = Pt(0)
        af.space_before = Pt(0)
        _border(answer.element.get_or_add_pPr(),
                {edge: ("single", 0.6, t.rule_colour) for edge in ("bottom", "between")})
        box = self._style("Box Text")
        box.paragraph_format.space_after = Pt(4)

    # ------------------------------------------------------------ inlines

    def _inlines(self, paragraph, inlines: tuple[d.Inline, ...], char_style: str | None = None) -> None:
        for node in inlines:
            if isinstance(node, d.Text):
                paragraph.add_run(node.text, char_style)
            elif isinstance(node, d.LineBreak):
                paragraph.add_run().add_break()
            elif isinstance(node, d.Strong):
                self._inlines(paragraph, node.children, "Strong")
            elif isinstance(node, d.Emph):
                self._inlines(paragraph, node.children, "Emphasis")
            elif isinstance(node, d.Link):
                self._link(paragraph, node)

    def _link(self, paragraph, node: d.Link) -> None:
        rel = paragraph.part.relate_to(node.target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel)
        run = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "Hyperlink")
        props.append(style)
        run.append(props)
        text = OxmlElement("w:t")
        text.text = d.plain_text(node.children)
        text.set(qn("xml:space"), "preserve")
        run.append(text)
        link.append(run)
        paragraph._p.append(link)

    # ------------------------------------------------------------ blocks

    def blocks(self, blocks: tuple[d.Block, ...], container=None) -> None:
        for block in blocks:
            handler = self.handlers.get(type(block))
            if handler is None:
                raise TypeError(f"the DOCX writer has no rule for {type(block).__name__}")
            handler(block) if container is None else self._in(container, handler, block)

    def _in(self, container, handler, block) -> None:
        saved = self.doc
        self.doc = container
        try:
            handler(block)
        finally:
            self.doc = saved

    def heading(self, block: d.Heading) -> None:
        self._inlines(self.doc.add_paragraph(style=f"Heading {min(block.level, 3)}"), block.children)

    def paragraph(self, block: d.Paragraph, style: str | None = None) -> None:
        self._inlines(self.doc.add_paragraph(style=style), block.children)

    def list_block(self, block: d.ListBlock) -> None:
        for n, item in enumerate(block.items, start=block.start):
            first = True
            for child in item:
                if isinstance(child, d.Paragraph) and first:
                    if block.ordered:
                        para = self.doc.add_paragraph(f"{n}.\t", style="List Number")
                    else:
                        para = self.doc.add_paragraph(style="List Bullet")
                    self._inlines(para, child.children)
                else:
                    self.blocks((child,))
                first = False

    def _one_cell(self, background: str, border: str):
        table = self.doc.add_table(rows=1, cols=1)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        cell = table.cell(0, 0)
        _shade(cell, background)
        _border(cell._tc.get_or_add_tcPr(),
                {edge: ("single", 0.8, border) for edge in ("top", "left", "bottom", "right")})
        return cell

    def box(self, block: d.Box) -> None:
        cell = self._one_cell(self.theme.box_colour, self.theme.accent_colour)
        first = cell.paragraphs[0]
        first.style = self.doc.styles["Box Text"] if hasattr(self.doc, "styles") else first.style
        if block.title:
            first.add_run(block.title, "Strong")
        else:
            cell._tc.remove(first._p)
        self.blocks(block.blocks, cell)
        self.doc.add_paragraph()

    def source_box(self, block: d.SourceBox) -> None:
        title = f"Source {block.letter}" + (" (adapted)" if block.adapted else "") + f": {block.title}"
        self.doc.add_paragraph(title, style="Heading 3")
        self.doc.add_paragraph(block.caption, style="Source Caption")
        if block.headnote:
            self.doc.add_paragraph(block.headnote, style="Small Print")
        for line in block.lines:
            para = self.doc.add_paragraph(style="Extract Line")
            para.add_run(f"\t{line.number}" if line.number % 5 == 0 else "\t", "Line Number")
            para.add_run("\t" + line.text)
            if line.paragraph:
                para.add_run(f"\t¶{line.paragraph}", "Line Number")
        if block.glossary:
            para = self.doc.add_paragraph(style="Small Print")
            para.add_run("Glossary — ")
            for i, (word, meaning) in enumerate(block.glossary):
                para.add_run(word, "Strong")
                para.add_run(f": {meaning}" + ("; " if i < len(block.glossary) - 1 else ""))
        self.doc.add_paragraph()

    def question(self, block: d.Question) -> None:
        paragraphs = [b for b in block.blocks]
        para = self.doc.add_paragraph(style="Question")
        para.add_run(f"{block.number}\t", "Strong")
        rest = paragraphs
        if paragraphs and isinstance(paragraphs[0], d.Paragraph):
            self._inlines(para, paragraphs[0].children)
            rest = paragraphs[1:]
        if block.marks is not None:
            text = f"[{block.marks} mark{'s' if block.marks != 1 else ''}]"
            if block.minutes:
                text += f" {block.minutes} min"
            para.add_run("\t" + text, "Marks")
        for child in rest:
            if isinstance(child, d.Paragraph):
                self.paragraph(child, "Question Body")
            else:
                self.blocks((child,))
        answer = block.answer
        if answer.kind == "lines":
            for _ in range(answer.lines):
                line = self.doc.add_paragraph(style="Answer Line")
                line.paragraph_format.keep_with_next = False
        elif answer.kind == "box" and answer.lines:
            cell = self._one_cell("#FFFFFF", self.theme.rule_colour)
            cell.paragraphs[0].paragraph_format.space_after = Pt(self.theme.answer_line_height * answer.lines)
        self.doc.add_paragraph()

    def student_details(self, block: d.StudentDetails) -> None:
        para = self.doc.add_paragraph()
        share = self.theme.text_width / len(block.fields)
        for i, (label, value) in enumerate(block.fields):
            para.paragraph_format.tab_stops.add_tab_stop(Pt(share * (i + 1) - 8))
            para.add_run(f"{label}: ", "Strong")
            para.add_run(value or "_" * 14)
            para.add_run("\t")

    def table(self, block: d.Table) -> None:
        columns = max([len(block.header), *(len(r) for r in block.rows)])
        table = self.doc.add_table(rows=1, cols=columns)
        table.style = self.doc.styles["Table Grid"]
        header = table.rows[0]
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        header._tr.get_or_add_trPr().append(flag)
        for cell, content in zip(header.cells, block.header):
            self._inlines(cell.paragraphs[0], content, "Strong")
        for row in block.rows:
            cells = table.add_row().cells
            for cell, content in zip(cells, row):
                self._inlines(cell.paragraphs[0], content)
        self.doc.add_paragraph()

    def page_break(self, block: d.PageBreak) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # ------------------------------------------------------------ page

    def page_setup(self, info: d.DocumentInfo) -> None:
        t = self.theme
        section = self.doc.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = Pt(t.page_width), Pt(t.page_height)
        section.left_margin, section.right_margin = Pt(t.margin_left), Pt(t.margin_right)
        section.top_margin, section.bottom_margin = Pt(t.margin_top), Pt(t.margin_bottom)
        section.header_distance = Pt(t.margin_top - 22)
        section.footer_distance = Pt(t.margin_bottom - 26)
        head = section.header.paragraphs[0]
        head.style = self.doc.styles["Header"]
        head.paragraph_format.tab_stops.add_tab_stop(Pt(t.text_width), WD_TAB_ALIGNMENT.RIGHT)
        head.text = f"{info.course} — {info.title}\t{info.kind}"
        foot = section.footer.paragraphs[0]
        foot.style = self.doc.styles["Footer"]
        foot.alignment = 1
        foot.add_run("Page ")
        _field(foot, "PAGE")
        foot.add_run(" of ")
        _field(foot, "NUMPAGES")

    def metadata(self, info: d.DocumentInfo) -> None:
        props = self.doc.core_properties
        props.title = f"{info.title} — {info.kind}"
        props.author = info.author or "lessonpack"
        props.subject = info.subject
        props.keywords = ", ".join(info.keywords)
        props.language = info.language
        props.last_modified_by = "lessonpack"
        props.revision = 1
        fixed = datetime(2000, 1, 1, tzinfo=timezone.utc)
        props.created = props.modified = fixed
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), info.language)
        self.doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).append(lang)


def _reproducible_zip(data: bytes) -> bytes:
    """Rewrite the DOCX zip with fixed entry times so the same input gives the same bytes."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def write_docx(document: d.Document, theme: Theme, reference_docx: str | None = None) -> bytes:
    """The DOCX file for a document, as bytes (the caller writes it atomically)."""
    writer = DocxWriter(theme, reference_docx)
    writer.page_setup(document.info)
    writer.metadata(document.info)
    writer.blocks(document.blocks)
    buffer = BytesIO()
    writer.doc.save(buffer)
    return _reproducible_zip(buffer.getvalue())

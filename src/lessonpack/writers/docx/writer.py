"""The DOCX writer: one method per block type, found through a dict; styled text and the simple
blocks live here, tables and questions in their own modules."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from docx import Document as new_docx
from docx.enum.text import WD_BREAK, WD_LINE_SPACING
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from ... import document as d
from .. import block_handlers
from ...linebreak import Measure, heading_lines
from ...theme import Theme
from .compat import (add_plain_run, append_paragraph, ends_with_table, follows_table, no_picture_spacing,
                     remove_paragraph, set_paragraph_style_id, set_picture_description, set_run_style_id, set_table_style_id)
from .keep import (blocks_height, introduces_list, is_lead_in, is_short, keep_together,
                   keep_with_next, section_end)
from .ooxml import hyperlink
from .pages import metadata, page_colour, page_setup, save
from .pictures import PictureLayout, is_titled_table
from .answer_forms import AnswerForms
from .details import DetailsLayout
from .labelled_sections import keep_and_label
from .sources import SourceLayout
from .questions import QuestionLayout
from .reference_parts import take_header_and_footer
from .styles import bullet_hang, list_hang, styled_base
from .slips import SlipLayout
from .tables import TableLayout


LIST_SPACE_AFTER = 4.0
"""Points a list stands further from what follows than its items from each other (the PDF's spacer)."""


class DocxWriter(QuestionLayout, AnswerForms, TableLayout, PictureLayout, SourceLayout, SlipLayout, DetailsLayout):
    """Builds one DOCX document from blocks; every look comes from a named style."""

    def __init__(self, theme: Theme, reference_docx: bytes | None = None):
        self.theme = theme
        self.width = theme.text_width
        """The width blocks may use where they are being placed (narrower inside a question)."""
        self.indent = 0.0
        """How far from the left margin top-level blocks start (under a question's stem text)."""
        self.in_grid = False
        """True while the slips of a page of copies are made (a grid with fill): a slip taller than a
        page is cut between its questions, as in the PDF."""
        self.label = ""
        """The label of the question being written ("Question 5"), or none outside a question."""
        self.under_heading = False
        """True while a block straight under a heading (and its one- or two-line lead-in) is written:
        kept with it, a question that fits a page may not fit the page with the heading."""
        self.for_teacher = False
        """True in a teacher's document: a table its columns cannot hold is a card per row (cards.py)."""
        self._fits_a_page = False
        """True while a question that fits a page, kept whole, is written (QuestionLayout)."""
        self.written: list = []
        """Every paragraph made so far, in order: the keep rules mark runs of them."""
        self.doc = new_docx(BytesIO(styled_base(theme, reference_docx)))
        # Styles are applied by id: python-docx's lookup by name scans every style each time.
        self.style_ids = {style.name: style.style_id for style in self.doc.styles}
        self._next_space_before: float | None = None
        """The space above the next heading, where it is not its style's (`_space_above`)."""
        self._last_gap = None
        """The last empty paragraph `_gap` wrote."""
        self._gap_above: float | None = None
        """The height of the gap taken into the next heading's space above (`_take_gap`)."""
        self.handlers: dict[type, Callable[[d.Block], None]] = block_handlers(self)

    # ------------------------------------------------------------ styled text

    def para(self, text: str = "", style: str | None = None):
        """A new paragraph in the current container, in a named style."""
        paragraph = append_paragraph(self.doc)
        self.written.append(paragraph)
        if style:
            set_paragraph_style_id(paragraph, self.style_ids[style])
            if self._gap_above is not None and style.startswith("Heading"):  # `_take_gap`
                before = self.doc.styles[style].paragraph_format.space_before
                paragraph.paragraph_format.space_before = Pt(self._gap_above + (before.pt if before else 0.0))
                self._gap_above = None
        if text:
            self._add_run(paragraph, text)
        if self.indent:
            paragraph.paragraph_format.left_indent = Pt(self.indent)
        return paragraph

    def run(self, paragraph, text: str, style: str | None = None):
        """A run of text in a named character style."""
        run = self._add_run(paragraph, text)
        if style:
            set_run_style_id(run, self.style_ids[style])
        return run

    @staticmethod
    def _add_run(paragraph, text: str):
        """paragraph.add_run(text), the fast way when the text has no tab or line break to convert."""
        if not text or "\t" in text or "\n" in text or "\r" in text:
            return paragraph.add_run(text)
        return add_plain_run(paragraph, text)

    def set_style(self, item, style: str) -> None:
        """Give an existing paragraph or table a named style."""
        if isinstance(item, Table):
            set_table_style_id(item, self.style_ids[style])
        else:
            set_paragraph_style_id(item, self.style_ids[style])

    def _inlines(self, paragraph, inlines: tuple[d.Inline, ...], char_style: str | None = None) -> None:
        for node in inlines:
            if isinstance(node, d.Text):
                self.run(paragraph, node.text, char_style)
            elif isinstance(node, d.LineBreak):
                paragraph.add_run().add_break()
            elif isinstance(node, d.Strong):
                self._inlines(paragraph, node.children, "Strong")
            elif isinstance(node, d.Emph):
                self._inlines(paragraph, node.children, "Emphasis")
            elif isinstance(node, d.Link):
                hyperlink(paragraph, node.target, d.plain_text(node.children))
            else:  # a new inline in the model: say so rather than print the text without it
                raise TypeError(f"the DOCX writer has no rule for the inline {type(node).__name__}")

    # ------------------------------------------------------------ blocks

    def blocks(self, blocks: tuple[d.Block, ...], container=None) -> None:
        if container is None:
            return self._kept_blocks(blocks)
        for block in blocks:
            self._in(container, self._handler(block), block)
        if ends_with_table(container):
            container.add_paragraph()  # Word requires a cell to end with a paragraph

    def _handler(self, block: d.Block) -> Callable[[d.Block], None]:
        handler = self.handlers.get(type(block))
        if handler is None:
            raise TypeError(f"the DOCX writer has no rule for {type(block).__name__}")
        return handler

    def _kept_blocks(self, blocks: tuple[d.Block, ...]) -> None:
        """Blocks in the page's flow, with the keep rules that span blocks: a heading's section
        of text shorter than page_rules.UNSPLIT_SHARE of a page (a teacher's answer and mark scheme) on one
        page; a list that short (a mark scheme) on one page, and with a one- or two-line paragraph
        before it ("Indicative content:") while the two are that short (a longer one, a model answer,
        may end a page with its list overleaf, as in the PDF: kept, the two went overleaf together and
        lesson 03's teacher notes took a page more than the PDF); a one- or
        two-line paragraph under a heading ("Total: 34 marks.") with what follows."""
        kept_from, kept_to = 0, -1
        spans: list[list] = []
        for i, block in enumerate(blocks):
            titled = isinstance(block, d.SourceBox) or is_titled_table(block)  # a table headed by its title
            if isinstance(block, HEADED) and not titled:
                self._gap_above = self._take_gap(after_table=False)  # into the heading's space above
            above_box = self._take_gap() if titled else None  # into its title's
            if isinstance(block, d.Heading):
                self._space_above(blocks[i - 1] if i else None, block)
            if isinstance(block, (d.Heading, d.Timeline)) and i and isinstance(blocks[i - 1], (d.Paragraph, d.ListBlock, d.SourceItem)):
                # LibreOffice may leave a heading straight after text (or a picture source's table) at a
                # page's foot, kept with the next or not; after an empty paragraph it moves it over (lesson
                # 01's teacher notes; lesson 03's standard worksheet, "Timeline" under Source C's chart)
                hairline = self._hairline()
                if self.written[-2].paragraph_format.keep_with_next:
                    hairline.keep_with_next = True
            if isinstance(block, d.Heading) and i >= kept_to:
                end = section_end(blocks, i)
                if is_short(self.theme, blocks_height(self.theme, blocks[i:end], self.width)):
                    kept_from, kept_to = len(self.written), end
            start = len(self.written)
            self.under_heading = i > 0 and (isinstance(blocks[i - 1], d.Heading) or (
                i > 1 and isinstance(blocks[i - 2], d.Heading) and is_lead_in(self.theme, blocks[i - 1], self.width)))
            self._handler(block)(block)
            if above_box is not None:  # the hairline over the box's title (sources.py) holds its space above
                fmt = self.written[start].paragraph_format
                fmt.space_before = Pt((fmt.space_before.pt if fmt.space_before is not None else 0.0) + above_box)
            if titled and self.written and self.written[-1] is self._last_gap:
                self._gap_is(SOURCE_GAP)  # the PDF's space under a box, not a body line and its space
                # after (lesson 03's standard extracts: a page longer)
            spans.append(self.written[start:])
            if i == kept_to - 1:
                keep_together(self.written[kept_from:])
            elif isinstance(block, d.ListBlock) and is_short(self.theme, blocks_height(self.theme, (block,), self.width)):
                keep_together(self.written[start:])
            elif i < len(blocks) - 1 and (
                    (i and isinstance(blocks[i - 1], d.Heading) and is_lead_in(self.theme, block, self.width))
                    or (isinstance(blocks[i + 1], d.ListBlock) and is_lead_in(self.theme, block, self.width)
                        and is_short(self.theme, blocks_height(self.theme, blocks[i:i + 2], self.width)))
                    or introduces_list(self.theme, blocks, i, self.width)):
                keep_with_next(self.written[start:])
        if self.for_teacher:  # a teacher's answers as the PDF keeps them (`answer_keep`)
            keep_and_label(self, blocks, spans)  # and each section that may run over headed overleaf

    def _take_gap(self, after_table: bool = True) -> float | None:
        """The empty paragraph ending the block before (`_gap`) taken out of the page's flow, and its
        height, to be the next heading's or source title's space above: at a page's top Word and
        LibreOffice drop a paragraph's space above but print an empty paragraph (at 24 pt lesson 03's
        homework began its timeline a line low, its last two entries overleaf alone, its questions a
        page later). None where there is none, or (not `after_table`) after a table: before a heading,
        LibreOffice then moved lesson 03's 24 pt Source C's head, run on under Source B's box, overleaf."""
        gap = self._last_gap
        if not (self.written and self.written[-1] is gap and hasattr(self.doc, "styles")) \
                or ends_with_table(self.doc) or (not after_table and follows_table(gap)):
            return None
        height = self._gap_height(gap)
        remove_paragraph(self.written.pop())
        self._last_gap = None
        return height

    def _gap_height(self, gap) -> float:
        """How much room a gap paragraph takes: a body line and its space after, or its exact height
        (a question's, a source box's)."""
        t, fmt = self.theme, gap.paragraph_format
        exact = fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        return ((fmt.line_spacing.pt if exact else t.leading(t.body_size))
                + (fmt.space_before.pt if fmt.space_before is not None else 0.0)
                + (fmt.space_after.pt if fmt.space_after is not None else t.paragraph_space))

    def _space_above(self, before: d.Block | None, heading: d.Heading) -> None:
        """The space above a heading as the PDF leaves it: none at the top of the document or after a
        page break, and the larger of its own space and the paragraph's (or heading's) above, not both
        (Word and LibreOffice add the two: every heading after text stood 6 pt lower than in the PDF).
        The heading's paragraph is the next written; the one above is the last."""
        t = self.theme
        wanted = self._heading_size(heading) * t.heading_space_above
        if before is None or isinstance(before, d.PageBreak):
            self._next_space_before = 0.0
        elif isinstance(before, d.Heading):
            self._next_space_before = max(0.0, wanted - self._heading_size(before) * t.heading_space_below)
        elif isinstance(before, d.Paragraph) and self.written:
            above = self.written[-1].paragraph_format
            if above.space_after is None and not self.indent:  # the body's own paragraph_space
                above.space_after = Pt(max(0.0, t.paragraph_space - wanted))

    def _heading_size(self, heading: d.Heading) -> float:
        sizes = self.theme.heading_sizes
        return sizes[min(heading.level, 3, len(sizes)) - 1]

    def _in(self, container, handler, block) -> None:
        saved = self.doc, self.indent
        self.doc, self.indent = container, 0.0  # a cell's content starts at the cell's edge
        try:
            handler(block)
        finally:
            self.doc, self.indent = saved

    def _gap(self) -> None:
        """The empty paragraph that ends a block (the space before the next), once: a question
        ending in a table (a true/false grid, a word bank) made two, 26 pt more than the PDF's
        gap, and lesson 03's worksheet a page longer. As high as a body line and its space after."""
        if self.written and self.written[-1] is self._last_gap and not ends_with_table(self.doc):
            return
        self._last_gap = self.para()
        self._gap_is(self.theme.leading(self.theme.body_size) + self.theme.paragraph_space)

    def _gap_is(self, height: float) -> None:
        """The gap paragraph `height` high: its space above, on a line 1 pt high. At a page's top Word
        and LibreOffice drop a paragraph's space above, as the PDF drops a gap there; an empty line
        there stood the page's text 44 pt low at 24 pt (lesson 02's Question 4 under Question 3's
        true/false grid, a fact check of its teacher notes under the one before)."""
        fmt = self._last_gap.paragraph_format
        fmt.space_before, fmt.space_after = Pt(height - 1), Pt(0)
        fmt.line_spacing, fmt.line_spacing_rule = Pt(1), WD_LINE_SPACING.EXACTLY

    def _apart(self) -> None:
        """A hairline paragraph after a table when another follows: Word joins tables that touch."""
        if ends_with_table(self.doc):
            self._hairline().keep_with_next = True

    def _hairline(self, space_after: float = 0.0):
        """A paragraph 1 pt high, to keep two tables apart (Word joins tables that touch); its format."""
        fmt = self.para().paragraph_format
        fmt.space_before, fmt.space_after = Pt(0), Pt(space_after)
        fmt.line_spacing, fmt.line_spacing_rule = Pt(1), WD_LINE_SPACING.EXACTLY
        return fmt

    def heading(self, block: d.Heading) -> None:
        paragraph = self.para(style=f"Heading {min(block.level, 3)}")
        if self._next_space_before is not None:
            paragraph.paragraph_format.space_before = Pt(self._next_space_before)
            self._next_space_before = None
        lines = heading_lines(d.plain_text(block.children), Measure(
            self.theme.heading_font, self._heading_size(block), self.width - 1, "bold")) \
            if all(isinstance(node, d.Text) for node in block.children) else None
        if lines is None:
            return self._inlines(paragraph, block.children)
        for i, line in enumerate(lines):  # on the PDF's even lines: "Trotsky's following: / the workers, …"
            run = self.run(paragraph, line)  # where LibreOffice left "1917" alone under the title
            if i < len(lines) - 1:
                run.add_break()

    def paragraph(self, block: d.Paragraph, style: str | None = None) -> None:
        self._inlines(self.para(style=style), block.children if self.theme.italics else d.upright_whole(block.children))

    def list_block(self, block: d.ListBlock) -> None:
        """Items a paragraph's space apart and the list LIST_SPACE_AFTER more from what follows, as in the PDF
        (Word's contextual spacing set them close, and a page held more than the PDF's)."""
        for n, item in enumerate(block.items, start=block.start):
            first = True
            for child in item:
                if isinstance(child, d.Paragraph) and first:
                    if block.ordered:
                        para = self.para(f"{n}.\t", "Numbered Item")
                        if self.indent:
                            para.paragraph_format.left_indent = Pt(self.indent + list_hang(self.theme))
                    else:
                        para = self.para("•\t", "Bulleted Item")
                        if self.indent:
                            para.paragraph_format.left_indent = Pt(self.indent + bullet_hang(self.theme))
                    self._inlines(para, child.children)
                else:
                    self.blocks((child,))
                first = False
        last = self.written[-1].paragraph_format
        last.space_after = Pt((last.space_after.pt if last.space_after is not None else self.theme.paragraph_space)
                              + LIST_SPACE_AFTER)

    def figure(self, block: d.Figure) -> None:
        from PIL import Image  # imported here: keeps Pillow out of the many DOCX builds without a figure

        t = self.theme
        with Image.open(BytesIO(block.data)) as image:
            width, height = image.size
        scale = min(self.width / width, t.figure_max_height / height, 1.0)
        picture = self.para()
        shape = picture.add_run().add_picture(BytesIO(block.data), width=Pt(width * scale))
        set_picture_description(shape, block.alt)  # alt text, read by screen readers
        no_picture_spacing(shape)  # else LibreOffice indents it 9 pt
        if block.caption:
            picture.paragraph_format.keep_with_next = True
            self.para(block.caption, "Caption")

    def page_break(self, block: d.PageBreak) -> None:
        self.para().add_run().add_break(WD_BREAK.PAGE)

    def close(self) -> None:
        """No space at the document's end: the empty paragraphs a last block leaves (its gap) removed,
        and the one Word needs after a last table a point deep. LibreOffice counts a last paragraph's
        space at a page's foot: a question whose lines ended the page went on to a blank page (lesson
        03's homework at 24 pt)."""
        def empty(item) -> bool:  # a gap or hairline: no text, no picture, no style (not an answer line)
            return (isinstance(item, Paragraph) and not item.text and not item.runs
                    and item.style.style_id == self.style_ids["Normal"])

        items = list(self.doc.iter_inner_content())
        while len(items) > 1 and empty(items[-1]) and isinstance(items[-2], Paragraph):
            remove_paragraph(items.pop())
        if items and empty(items[-1]):
            fmt = items[-1].paragraph_format
            fmt.space_before, fmt.space_after = Pt(0), Pt(0)
            fmt.line_spacing, fmt.line_spacing_rule = Pt(1), WD_LINE_SPACING.EXACTLY


HEADED = (d.Heading, d.Timeline, d.SourceItem)
"""The blocks whose first paragraph is a heading."""
SOURCE_GAP = 10.0
"""Points under a source's box before what follows, as the PDF leaves (writers/pdf/sources.py)."""


def write_docx(document: d.Document, theme: Theme, reference_docx: bytes | None = None) -> bytes:
    """The DOCX file for a document, as bytes (the caller writes it atomically)."""
    writer = DocxWriter(theme, reference_docx)
    writer.for_teacher = document.info.for_teacher
    page_setup(writer.doc, theme, document.info)
    if reference_docx:
        take_header_and_footer(writer.doc, reference_docx, theme.leading(theme.small_size))
    page_colour(writer.doc, theme)
    metadata(writer.doc, document.info)
    writer.blocks(document.blocks)
    writer.close()
    return save(writer.doc)

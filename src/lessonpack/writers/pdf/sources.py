"""Source extracts: numbered lines in a ruled box, given to reportlab a page or so at a time, and their glossary."""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ... import document as d
from ...chunks import capacity, split_inlines
from ...wording import printed_words, source_continued, source_title
from .escaping import xml_escape
from .flowables import Paragraph
from .source_box import SourceBoxFlow


class SourceBlocks:
    """PdfWriter's methods for source boxes (it provides theme, styles, width, inline and _boxed)."""

    def source_box(self, block: d.SourceBox) -> list[Flowable]:
        with self.structure.group("Sect"):
            return self._source_box(block)

    def _source_box(self, block: d.SourceBox) -> list[Flowable]:
        """Tagged as a section: its title a heading, caption and headnote paragraphs, the extract a
        block quote of one paragraph per essay paragraph (its printed lines read as running text;
        margin line numbers and ¶ numbers are artifacts), the glossary a paragraph."""
        t, s, tags = self.theme, self.styles, self.structure
        title = source_title(block.letter, block.title, block.adapted)
        head: list[Flowable] = [tags.heading(Paragraph(xml_escape(title), s.headings[2]), 3)]
        head[0].outline_entry = (title, 3)
        head.append(tags.tag(Paragraph(xml_escape(block.caption), s.caption), "P"))
        if block.headnote:
            head.append(tags.tag(Paragraph(xml_escape(block.headnote), s.small), "P"))
        rows = []
        with tags.group("BlockQuote"):
            node, gap = None, False
            for line in block.lines:
                if node is None or line.paragraph or line.gap or gap:  # "[…]" stands on its own
                    node = tags.node("P")
                gap = line.gap
                number = str(line.number) if line.number % 5 == 0 else ""
                para = f"¶{line.paragraph}" if line.paragraph else ""
                text = Paragraph(xml_escape(line.text), s.extract)
                text.structure = node
                rows.append([Paragraph(number, s.number), text, Paragraph(para, s.number)])
        widths = [t.extract_indent, t.extract_text_width + 12, t.text_width - t.extract_indent - t.extract_text_width - 12]
        glossary = [self._boxed(self._glossary_rows(block.glossary), t.box_colour, t.rule_colour)] if block.glossary else []
        if not rows:
            return [*head, *glossary, Spacer(0, 10)]
        # One flowable that splits only between lines, keeping the head with the first lines and
        # the glossary with the last, and measures its rows once (reportlab's own table split
        # takes quadratic time on a long extract).
        continued = lambda: Paragraph(xml_escape(source_continued(block.letter, block.adapted)), s.headings[2])  # noqa: E731
        make = lambda part, first, last: self._extract_table(part, widths, first, last)  # noqa: E731
        after: list[Flowable] = []
        # A glossary goes with the box's last lines; one over half a page (many words in large print)
        # breaks across pages on its own. Under a third was too strict: at 24 pt a glossary of five
        # words stood alone at the top of a page.
        if glossary and glossary[0].wrap(self.width, t.text_height)[1] > t.text_height / 2:
            glossary, after = [], glossary
        box = SourceBoxFlow(head + [Spacer(0, 3)], rows, make, glossary, continued, t.text_height)
        return [box, *after, Spacer(0, 10)]

    def _glossary_rows(self, glossary: tuple[tuple[str, str], ...]) -> list[list[Flowable]]:
        """The glossary as one run-on paragraph; a long one a row per word, long words cut in pieces.

        A box row cannot break across pages, so no row may hold more than half a page.
        """
        s, t = self.styles, self.theme
        limit = capacity(self.width - 16, t.page_height / 2, t.note, s.small.leading)
        tag = self.structure.tag
        if sum(len(w) + len(m) + 4 for w, m in glossary) <= limit:
            words = "; ".join(f"<b>{xml_escape(w)}</b>: {xml_escape(m)}" for w, m in glossary)
            return [[tag(Paragraph(xml_escape(printed_words().glossary_run_on) + words, s.small), "P")]]
        rows: list[list[Flowable]] = [[tag(Paragraph(xml_escape(printed_words().glossary), s.small), "P")]]
        for word, meaning in glossary:
            entry = (d.Strong((d.Text(word),)), d.Text(f": {meaning}"))
            node = self.structure.node("P")
            for piece in split_inlines(entry, limit):
                para = Paragraph(self.inline(piece), s.small)
                para.structure = node
                rows.append([para])
        return rows

    def _extract_table(self, rows: list, widths: list[float], first: bool, last: bool) -> Table:
        t = self.theme
        colour = HexColor(t.accent_colour)
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("LINEBEFORE", (0, 0), (0, -1), t.box_rule_width, colour),
            ("LINEAFTER", (-1, 0), (-1, -1), t.box_rule_width, colour),
            *([("LINEABOVE", (0, 0), (-1, 0), t.box_rule_width, colour)] if first else []),
            *([("LINEBELOW", (0, -1), (-1, -1), t.box_rule_width, colour)] if last else []),
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(t.page_colour or "#FFFFFF")),  # cream stays cream
            ("VALIGN", (0, 0), (-1, -1), "TOP"),  # in large print a line may wrap: its number stays on top
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (0, -1), t.extract_number_gap), ("LEFTPADDING", (1, 0), (1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            *([("TOPPADDING", (0, 0), (-1, 0), 4)] if first else []),
            *([("BOTTOMPADDING", (0, -1), (-1, -1), 4)] if last else []),
        ]))
        return table

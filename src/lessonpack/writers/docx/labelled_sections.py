"""A teacher's section that may run onto a new page (a question's model answer and mark points,
"Background", "Differentiation"), headed on each page it reaches by its heading: the PDF's
"Question 3 (continued)" (writers/pdf/sections.py).

Neither Word nor LibreOffice can print a line only where a page breaks, so the section is a
borderless one-column table whose header row (repeated on each page the table reaches) is the
section's heading; on its first page it is the heading, in its heading style (Word's navigation
pane lists it). Each paragraph of the section is a row of its own, split only where the paragraph
may be: LibreOffice ignores "keep with next" and "keep lines together" inside a cell, and keeps a
row with the next where the row's first paragraph keeps with the next (Word does the same). Left as
they were, lesson 02's 24 pt mark scheme had 13 pages starting mid-answer ("Model answer: …", "• One
mark for each …") and its teacher notes 36: a teacher marking from a loose page could not tell which
question it answers. A paragraph that may split is printed in sentence pieces (`_sentence_pieces`):
LibreOffice applies no widow control to a paragraph split in a row.
"""

from __future__ import annotations

import re

from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt

from ... import document as d
from ...linebreak import ABBREVIATION
from ...page_rules import TEXT_LINES_SIDE
from .answer_keep import SENTENCE_BOUNDARY, keep_answers
from .compat import move_paragraph_into_cell, put_table_before, remove_paragraph
from .keep import blocks_height, is_short, section_end, split_inlines, text_height
from .ooxml import mark_row, no_cell_margins

CLAUSE = re.compile(r"(?<=;)\s+(?=\S)")
"""Where a clause ends inside a sentence ("… he used it skilfully; credit any …"): where a sentence
taller than a third of a page (`keep.is_short`) may break too, as the PDF's `sentence_breaks.CLAUSE`:
lesson 03's 24 pt mark scheme's point "Recruitment (Source C): …", one sentence, left "ran." alone
overleaf. Only there: cut at each clause, a shorter sentence read as a list of lines."""
SENTENCE_SHARE = 0.1
"""A paragraph whose sentences (or groups of them) are each shorter than this share of a page is printed
a sentence to a row (the page breaks only between sentences; standard, dyslexia and high-contrast print);
one with a longer piece keeps only its last piece whole (18, 24 and 36 pt): with a row per sentence, a
sentence too long for a page's foot left a third of it blank, and the 24 pt notes ran past the PDF's pages."""
TEXT = (d.Paragraph, d.ListBlock)
"""What a labelled section holds: paragraphs and lists. A section with a box (a fact check, itself
a table whose title repeats) or a table (a lesson plan's cards, each headed by its title) is left in
the page's flow; so is one with sections under it ("Answers and mark schemes")."""


def runs_over(theme, blocks, start: int, width: float) -> bool:
    """Whether the section under the heading at `start` is text that may run onto a new page: one
    shorter than `keep.is_short` is kept whole on one page and needs no label overleaf."""
    end = section_end(blocks, start)
    body = blocks[start + 1:end]
    return (bool(body) and all(isinstance(block, TEXT) for block in body)
            and not is_short(theme, blocks_height(theme, blocks[start:end], width)))


def keep_and_label(writer, blocks, spans: list[list]) -> None:
    """A teacher's answers kept as the PDF keeps them (`answer_keep`), then each section that may run
    onto a new page headed there (`LabelledSections`); `spans[i]` are the paragraphs block i printed."""
    keep_answers(writer.theme, blocks, spans, writer.width)
    LabelledSections(writer).label_sections(blocks, spans)


class LabelledSections:
    """A DocxWriter's labelled sections; the writer supplies theme, width, doc, written, para,
    _inlines and _table."""

    def __init__(self, writer):
        self.writer = writer
        self.texts: dict = {}
        """The paragraphs of text of the section being labelled (`written_texts`)."""

    def label_sections(self, blocks, spans: list[list]) -> None:
        """Each section of a teacher's document that may run onto a new page made a table headed by
        its heading; `spans[i]` are the paragraphs block i printed (the keep rules already marked)."""
        for i, block in enumerate(blocks):
            if isinstance(block, d.Heading) and block.level >= 2 and runs_over(self.writer.theme, blocks, i, self.writer.width):
                end = section_end(blocks, i)
                if spans[i] and spans[end - 1]:
                    first, last = self.writer.written.index(spans[i][0]), self.writer.written.index(spans[end - 1][-1])
                    self.texts = written_texts(blocks[i + 1:end], spans[i + 1:end])
                    self._headed_section(self.writer.written[first], self.writer.written[first + 1:last + 1])

    def _headed_section(self, heading, paragraphs: list) -> None:
        """The heading as a table's header row, the paragraphs under it in rows (`section_rows`).
        The heading's space above is a hairline paragraph's before the table, and its space below the
        first row's: in the header row they stood on each page it is repeated on, and at 24 pt the
        12 pt below it took lesson 02's mark scheme a page longer (`sources._titled_table` does the same)."""
        fmt = heading.paragraph_format
        style = self.writer.doc.styles[heading.style.name].paragraph_format
        above = fmt.space_before if fmt.space_before is not None else style.space_before
        below = fmt.space_after if fmt.space_after is not None else style.space_after
        hairline = heading.insert_paragraph_before().paragraph_format
        hairline.space_before, hairline.space_after = Pt(max(0.0, (above.pt if above else 0.0) - 1)), Pt(0)
        hairline.line_spacing, hairline.line_spacing_rule = Pt(1), WD_LINE_SPACING.EXACTLY
        hairline.keep_with_next = True
        fmt.space_before, fmt.space_after = Pt(0), Pt(0)
        fmt.keep_with_next = True  # its row kept with the first under it: never alone at a page's foot
        first = paragraphs[0].paragraph_format
        first.space_before = Pt((first.space_before.pt if first.space_before else 0.0) + (below.pt if below else 0.0))
        table = self.writer._table([self.writer.width], indent=0.0)
        no_cell_margins(table)
        put_table_before(table, heading)
        rows = [[heading]]
        for group in section_rows(paragraphs):
            rows += [[piece] for piece in self._sentence_pieces(group[0])] if len(group) == 1 else [group]
        for _ in rows[1:]:
            table.add_row()
        for row, group in zip(table.rows, rows):
            cell = row.cells[0]
            for paragraph in group:
                move_paragraph_into_cell(paragraph, cell)
            remove_paragraph(cell.paragraphs[0])  # the empty one a new cell holds
            if all(paragraph.paragraph_format.keep_together for paragraph in group):
                mark_row(row, "cantSplit")
            if len(group) > 1:  # held by its row: kept with the next, the row would keep with the next row
                for paragraph in group:
                    paragraph.paragraph_format.keep_with_next = False
        mark_row(table.rows[0], "tblHeader")
        mark_row(table.rows[0], "cantSplit")

    def _sentence_pieces(self, paragraph) -> list:
        """A paragraph that may split as its pieces (`sentence_groups`), each a paragraph of its own
        read as one paragraph (no space between them), a row each that never splits: split anywhere
        in one row, LibreOffice (which applies no widow control in a row) printed lesson 03's 24 pt mark
        scheme page 15 as "Question 9 (4 marks)" over the one word "ran.", and lesson 02's notes page 9
        "Lunacharsky." alone under Background. A piece starts a new line, and one that does not fit
        goes overleaf whole: where a piece is `SENTENCE_SHARE` of a page or more (large print), only
        the last piece is kept whole and the rest is one row free to split, as before (each sentence
        a row took lesson 02's 24 pt notes three pages past the PDF's, 49 to 46): the paragraph's
        last lines never stand alone overleaf."""
        if paragraph.paragraph_format.keep_together or id(paragraph) not in self.texts:
            return [paragraph]
        prefix, inlines, hang = self.texts[id(paragraph)]
        width = self.writer.width - hang

        def height(piece) -> float:
            return blocks_height(self.writer.theme, (d.Paragraph(piece),), width)

        groups = sentence_groups(self.writer.theme, inlines, width)
        if len(groups) < 2:
            return [paragraph]
        free = False  # the first row free to split, the rest of the paragraph
        if not all(is_short(self.writer.theme, height(group), SENTENCE_SHARE) for group in groups):
            groups, free = [joined(groups[:-1]), groups[-1]], True
        old, pieces = paragraph.paragraph_format, []
        for n, group in enumerate(groups):
            piece = self.writer.para(prefix if n == 0 else prefix and "\t")  # a bullet's tab: in line with its text
            piece.style = paragraph.style
            self.writer._inlines(piece, group if self.writer.theme.italics or prefix else d.upright_whole(group))
            fmt, last = piece.paragraph_format, n == len(groups) - 1
            fmt.left_indent, fmt.first_line_indent, fmt.alignment = old.left_indent, old.first_line_indent, old.alignment
            fmt.space_before = old.space_before if n == 0 else Pt(0)
            fmt.space_after = old.space_after if last else Pt(0)
            fmt.keep_with_next = old.keep_with_next if last else False
            fmt.keep_together = not (free and n == 0) and is_short(self.writer.theme, height(group), 1.0)
            pieces.append(piece)
        remove_paragraph(paragraph)
        return pieces


def section_rows(paragraphs: list) -> list[list]:
    """The rows a section's paragraphs are printed in. A run the keep rules hold on one page (each
    paragraph kept whole, each but the last kept with the next: a model answer with its mark points,
    "Indicative content:" with its list) is one row that never splits. A run with a paragraph that may
    split (a long model answer, a question's wording kept with its start) is a row per paragraph, each
    row kept with the next as its paragraph is, a paragraph kept whole a row that never splits."""
    rows: list[list] = []
    for run in kept_runs(paragraphs):
        if all(paragraph.paragraph_format.keep_together for paragraph in run):
            rows.append(run)
        else:
            rows += [[paragraph] for paragraph in run]
    return rows


def kept_runs(paragraphs: list) -> list[list]:
    """The paragraphs in runs, each ending with a paragraph not kept with the next."""
    runs: list[list] = [[]]
    for paragraph in paragraphs:
        runs[-1].append(paragraph)
        if not paragraph.paragraph_format.keep_with_next:
            runs.append([])
    return [run for run in runs if run]


def written_texts(blocks, spans) -> dict[int, tuple[str, tuple, float]]:
    """The paragraphs a section's paragraphs and one-paragraph list items printed, by id: what
    printed before their text (a bullet and its tab), their inlines, and how far in they are set."""
    texts = {}
    for block, written in zip(blocks, spans):
        if isinstance(block, d.Paragraph) and len(written) == 1:
            texts[id(written[0])] = ("", block.children, 0.0)
        elif isinstance(block, d.ListBlock) and len(written) == len(block.items):
            for n, (item, paragraph) in enumerate(zip(block.items, written), start=block.start):
                if len(item) == 1 and isinstance(item[0], d.Paragraph):
                    texts[id(paragraph)] = (f"{n}.\t" if block.ordered else "•\t", item[0].children, 18.0)
    return texts


def sentence_groups(theme, inlines: tuple, width: float) -> list[tuple]:
    """The inlines cut at their sentence ends (`answer_keep.SENTENCE_BOUNDARY`, the PDF's), the
    first and the last piece at least `TEXT_LINES_SIDE` lines: the page breaks between two sentences
    with two lines of the paragraph on each side, as the PDF's `sentence_breaks.at_sentence`."""
    text = d.plain_text(inlines)
    cuts = [m.end() for m in SENTENCE_BOUNDARY.finditer(text)
            if not ABBREVIATION.search(text[:m.end()].rstrip().rstrip("\"'”’)"))]
    for start, end in zip([0, *cuts], [*cuts, len(text)]):  # a long sentence at its clauses too
        if not is_short(theme, text_height(theme, text[start:end], width, space_after=0)):
            cuts += [start + m.end() for m in CLAUSE.finditer(text[start:end])]
    cuts.sort()
    pieces, rest, done = [], inlines, 0
    for cut in cuts:
        head, rest = split_inlines(rest, cut - done)
        pieces.append(head)
        done = cut
    pieces.append(rest)
    least = TEXT_LINES_SIDE * theme.leading(theme.body_size) - 0.5
    def tall(piece):
        return text_height(theme, d.plain_text(piece), width, space_after=0) >= least
    grouped = [pieces[0]]
    for piece in pieces[1:]:  # each piece two lines or more: a page holds none of it or two lines
        if tall(grouped[-1]):
            grouped.append(piece)
        else:
            grouped[-1] = joined([grouped[-1], piece])
    if len(grouped) > 1 and not tall(grouped[-1]):
        grouped[-2:] = [joined(grouped[-2:])]
    return grouped


def joined(pieces: list[tuple]) -> tuple:
    """Pieces of a paragraph's inlines as one, a space between each."""
    out: tuple = pieces[0]
    for piece in pieces[1:]:
        out = (*out, d.Text(" "), *piece)
    return out

"""A teacher's section that may run onto a new page (a question's model answer and mark points,
"Background", "Differentiation"), headed on each page it reaches by its heading: the PDF's
"Question 3 (continued)" (writers/pdf/sections.py).

Neither Word nor LibreOffice can print a line only where a page breaks, so the section is a
borderless one-column table whose header row (repeated on each page the table reaches) is the
section's heading; on its first page it is the heading, in its heading style (Word's navigation
pane lists it). Each paragraph of the section is a row of its own, split only where the paragraph
may be: LibreOffice ignores "keep with next" and "keep lines together" inside a cell, and keeps a
row with the next where the row's first paragraph keeps with the next (Word does the same). Left as they were, lesson 02's 24 pt mark scheme had 13 pages starting mid-answer ("Model
answer: …", "• One mark for each …") and its teacher notes 36: a teacher marking from a loose page
could not tell which question it answers.
"""

from __future__ import annotations

from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt

from ... import document as d
from .compat import move_paragraph_into_cell, put_table_before, remove_paragraph
from .keep import blocks_height, is_short, section_end
from .ooxml import mark_row, no_cell_margins

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


class LabelledSections:
    """The DocxWriter's labelled sections; it supplies theme, width, doc, written and _table."""

    def label_sections(self, blocks, spans: list[list]) -> None:
        """Each section of a teacher's document that may run onto a new page made a table headed by
        its heading; `spans[i]` are the paragraphs block i printed (the keep rules already marked)."""
        for i, block in enumerate(blocks):
            if isinstance(block, d.Heading) and block.level >= 2 and runs_over(self.theme, blocks, i, self.width):
                end = section_end(blocks, i)
                if spans[i] and spans[end - 1]:
                    first, last = self.written.index(spans[i][0]), self.written.index(spans[end - 1][-1])
                    self._headed_section(self.written[first], self.written[first + 1:last + 1])

    def _headed_section(self, heading, paragraphs: list) -> None:
        """The heading as a table's header row, the paragraphs under it in rows (`section_rows`).
        The heading's space above is a hairline paragraph's before the table, and its space below the
        first row's: in the header row they stood on each page it is repeated on, and at 24 pt the
        12 pt below it took lesson 02's mark scheme a page longer (`sources._titled_table` does the same)."""
        fmt = heading.paragraph_format
        style = self.doc.styles[heading.style.name].paragraph_format
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
        table = self._table([self.width], indent=0.0)
        no_cell_margins(table)
        put_table_before(table, heading)
        rows = [[heading], *section_rows(paragraphs)]
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

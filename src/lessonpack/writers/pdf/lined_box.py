"""A titled box of text (a fact check) that splits between its printed lines, its title repeated
with "(continued)" over the piece on the next page (the keep rules of `page_rules` for a box of
paragraphs: split into its label and quote at a page foot and its body overleaf, it said nothing).
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import ActionFlowable, Flowable, Indenter, PageBreak, Spacer, Table

from ...page_rules import BLANK_SHARE_MAX, BOX_LINES_MIN, NOTE_LINES_MIN
from .flowables import Paragraph, line_pieces
from .keep import FUZZ
from .sentence_breaks import SEARCH_LINES, SENTENCE_END, at_sentence
from .rl_compat import row_heights


def printed_lines(flowables: list[Flowable], width: float) -> list[Flowable]:
    """A box's contents with each paragraph in pieces of one printed line at `width` (its pieces
    `joined`, printed with no padding between them), so the box can break between any two lines."""
    out: list[Flowable] = []
    for f in flowables:
        if isinstance(f, Paragraph) and not getattr(f, "is_heading", False):
            lines = line_pieces([f], width, f.style.leading)
            lines[-1].joined = f.joined  # a piece of a longer paragraph: its next piece follows
            for line in lines:  # what it is a line of: to cut it again at a sentence end (`_at_sentence`)
                line.source, line.measure = getattr(f, "whole", None) or f, width  # a piece's paragraph
            out += lines
        else:
            out.append(f)
    return out


def _text(row: Flowable) -> str:
    return row.getPlainText().rstrip() if isinstance(row, Paragraph) else ""


class LinedBox(Flowable):
    """A box of rows (its title, then one printed line a row) that splits only between rows: its
    title, its first paragraph (a fact check's quote) and at least `NOTE_LINES_MIN` lines after it
    on the page where it starts, at least `BOX_LINES_MIN` lines overleaf under `continued()` (the
    title and "(continued)"). Shorter than that on each side, it moves to the next page whole.
    Row heights are measured once per width and shared with its pieces."""

    def __init__(self, rows: list[Flowable], make_table: Callable[[list[Flowable]], Table],
                 continued: Callable[[], Flowable], page_height: float, head: int,
                 heights: dict | None = None, after_head: int = NOTE_LINES_MIN, overleaf: int = BOX_LINES_MIN,
                 block: float = float("inf"), sentences: bool = False):
        super().__init__()
        self.rows, self.make_table, self.continued = rows, make_table, continued
        self.page_height = page_height
        self.head = head
        """How many rows lead the box and stay together: its title and its first paragraph."""
        self.after_head, self.overleaf = after_head, overleaf
        """The fewest rows a split leaves after the head, and on the next page."""
        self.block = block
        """A row at least this tall (an item of several lines) is enough on its own on either side."""
        self.sentences = sentences
        """Rows are lines of sentences (a fact check): it breaks after one that ends a sentence where
        one is within `SEARCH_LINES` of the lowest place it may break."""
        self._heights = heights if heights is not None else {}
        self.recut = False
        self.ends_page = False
        """Nothing follows it on its last page (`mark_page_ends`): a box of items (key words) that fits the
        next page whole goes there rather than split, where that leaves at most `BLANK_SHARE_MAX` of this
        page blank (standard lesson 03's extracts split their key words two and eight)."""

    def _row_heights(self, width: float) -> list[float]:
        if width not in self._heights:
            table = self.make_table(self.rows)
            table.wrap(width, self.page_height)
            self._heights[width] = list(row_heights(table))
        return self._heights[width]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, sum(self._row_heights(avail_width))
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        heights = self._row_heights(avail_width)
        if (self.ends_page and not self.sentences and avail_height <= self.page_height * BLANK_SHARE_MAX
                and sum(heights) <= self.page_height - FUZZ):
            return []  # whole on the next page, which its last items took anyway: not split 2 + 8
        used, fit = 0.0, 0
        for h in heights:
            if used + h > avail_height - FUZZ:
                break
            used, fit = used + h, fit + 1
        while fit and len(heights) - fit < self.overleaf and max(heights[fit:], default=0) < self.block:
            fit -= 1
        if fit < self.head + self.after_head and not (fit >= self.head and heights[fit - 1] >= self.block):
            if avail_height < self.page_height - FUZZ:
                return []  # to the next page, whole or split there
            fit = min(fit, len(self.rows) - 1)  # taller than a page even alone: no better place
            if fit < 1:
                return []
        if self.sentences:
            least = max(self.head + self.after_head, fit - SEARCH_LINES)
            ends = next((k for k in range(fit, least - 1, -1) if SENTENCE_END.search(_text(self.rows[k - 1]))
                         and self._balanced(k)), None)
            recut = None if ends or self.recut else self._at_sentence(fit, least)
            if recut is not None:
                box = LinedBox(recut, self.make_table, self.continued, self.page_height, self.head, None,
                               self.after_head, self.overleaf, self.block, self.sentences)
                box.recut = True  # once
                return box.split(avail_width, avail_height)
            if not ends and avail_height <= self.page_height * BLANK_SHARE_MAX and not SENTENCE_END.search(
                    _text(self.rows[fit - 1])):
                return []  # no sentence ends near the foot: whole overleaf, where that leaves a quarter or less
            fit = ends or fit
        piece = LinedBox(self.rows[:fit], self.make_table, self.continued, self.page_height, self.head,
                         {avail_width: heights[:fit]}, self.after_head, self.overleaf, self.block, self.sentences)
        rest = LinedBox([self.continued(), *self.rows[fit:]], self.make_table, self.continued, self.page_height, 1,
                        None, self.after_head, self.overleaf, self.block, self.sentences)
        return [piece, rest]

    def _at_sentence(self, fit: int, least: int) -> list[Flowable] | None:
        """Its rows with the paragraph that runs past row `fit` cut again at a sentence end inside one
        of its lines from `least` to `fit` (the line before it ends short, as a paragraph's last does),
        or None where there is none: with no line ending a sentence near the page foot, a 24 pt fact
        check broke "Historians disagree whether / this was …"."""
        source = getattr(self.rows[fit - 1], "source", None) if fit else None
        if source is None or getattr(self.rows[fit], "source", None) is not source:
            return None
        start = next(i for i, row in enumerate(self.rows) if getattr(row, "source", None) is source)
        end = max(i for i, row in enumerate(self.rows) if getattr(row, "source", None) is source) + 1
        leading, width = source.style.leading, self.rows[fit - 1].measure
        parts = at_sentence(source, width, (fit - start) * leading + 0.5, leading)
        if not parts or round(parts[0].wrap(width, 1e6)[1] / leading) < least - start:
            return None
        parts[0].joined, parts[1].joined = False, getattr(source, "joined", False)  # the first ends a paragraph
        first, rest = printed_lines(parts[:1], width), printed_lines(parts[1:], width)
        return [*self.rows[:start], *first, *rest, *self.rows[end:]]

    def _balanced(self, k: int) -> bool:
        """Whether the paragraph that row k - 1 ends a line of has as many ")" as "(" up to there: a
        ";" inside brackets ("(January 1924; / figures vary)") ends no clause."""
        start = k - 1
        while start > 0 and getattr(self.rows[start - 1], "joined", False):
            start -= 1
        text = "".join(_text(row) for row in self.rows[start:k])
        return text.count("(") == text.count(")")

    def draw(self) -> None:
        table = self.make_table(self.rows)
        table.wrap(self.width, self.page_height)
        table.drawOn(self.canv, 0, 0)


def mark_page_ends(story: list[Flowable]) -> None:
    """Tells each box that nothing but spacing follows it before the story's end or a page break (the
    last of a section kept short, too): moved whole to the next page, it pushes nothing else down
    (`LinedBox.ends_page`)."""
    for i, f in enumerate(story):
        after = next((g for g in story[i + 1:] if not isinstance(g, (Spacer, Indenter))), None)
        if after is None or isinstance(after, (ActionFlowable, PageBreak)):
            _mark_end(f)


def _mark_end(f: Flowable) -> None:
    if isinstance(f, LinedBox):
        f.ends_page = True
    for inner in (getattr(f, "section", None), getattr(f, "longer", None)):
        if isinstance(inner, list):
            mark_page_ends(inner[-1:] if inner and not isinstance(inner[-1], (Spacer, Indenter)) else inner)
    if getattr(f, "follower", None) is not None and not hasattr(f, "count"):  # a heading's follower, not a fill's
        _mark_end(f.follower)

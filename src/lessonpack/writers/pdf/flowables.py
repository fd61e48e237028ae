"""Custom reportlab flowables: ruled answer lines that continue across pages, form fields, and more."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import ActionFlowable, Flowable, FrameBreak, Table
from reportlab.platypus import Paragraph as _Paragraph

from ...fonts import string_width
from ...page_rules import ANSWER_LINES_MIN, TICK_ITEMS_MIN
from ...theme import Theme
from ...wording import continued_label
from .escaping import quoteattr
from .rl_compat import (cell_rows, current_text_font, current_text_position, line_breaks, restore_line_breaks,
                        row_heights, split_after_lines, split_at_lines)


class Paragraph(_Paragraph):
    """reportlab's paragraph, remembering its line breaks for the width it was last wrapped to.

    Platypus wraps most paragraphs two or three times at one width (to keep blocks together, to measure
    table rows, to draw cells); line breaking is a worksheet's largest cost, so it is done once per width."""

    outline_entry: tuple[str, int] | None = None
    """(title, level) of the bookmark a heading gets in the PDF's outline; None for other text."""
    joined: bool = False
    """A piece of a long paragraph that the next piece continues (`line_pieces`)."""
    whole_below: float = 0
    """Where less room than this is left, the paragraph moves to the next page whole instead of
    breaking mid-sentence (0: it may break anywhere)."""
    _wrapped: tuple | None = None

    def split(self, avail_width: float, avail_height: float) -> list:
        if avail_height < self.whole_below:
            return []
        parts = super().split(avail_width, avail_height)
        for part in parts:  # a piece split inside a table cell (no frame's split hook) reads as its paragraph
            if getattr(part, "structure", None) is None and getattr(self, "structure", None) is not None:
                part.structure = self.structure
        return parts

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # The height does not depend on avail_height: reportlab breaks lines by width only.
        if self._wrapped is not None and self._wrapped[0] == avail_width:
            _, self.width, self.height, breaks = self._wrapped
            restore_line_breaks(self, breaks)
            return self.width, self.height
        size = super().wrap(avail_width, avail_height)
        breaks = line_breaks(self)
        if breaks is not None:
            self._wrapped = (avail_width, self.width, self.height, breaks)
        return size


def line_pieces(paras: list[Paragraph], width: float, height: float, first: int = 0) -> list[Paragraph]:
    """A paragraph taller than `height` at `width` (given in one piece, or in a few very long
    pieces), in pieces of that height cut where its lines break: reportlab re-measures the whole
    rest of a paragraph at every page break (quadratic time on a 20,000-word one), and a paragraph
    in a table cell or a box cannot break across pages. Each piece prints the lines its paragraph
    would (a cut never ends a line early); the spaces around the paragraph stay at its ends, and
    only its first and last lines keep the widow and orphan rules. A piece that another follows
    is marked `joined` (a box or a table prints it with no padding under it). With `first`, the
    first piece is that many lines."""
    if first:  # its first lines a piece of their own (kept with the label they stand under)
        paras = [*split_after_lines(paras[0], width, first), *paras[1:]]
    pieces = [piece for para in paras
              for piece in split_at_lines(para, width, max(1, int(height // para.style.leading + 0.01)))]
    if len(pieces) == 1:
        return pieces
    style = paras[0].style
    for i, piece in enumerate(pieces):
        first, last = i == 0, i == len(pieces) - 1
        piece.style = ParagraphStyle(f"{style.name}-piece", parent=piece.style,
                                     spaceBefore=style.spaceBefore if first else 0,
                                     spaceAfter=style.spaceAfter if last else 0,
                                     allowOrphans=style.allowOrphans if first else 1,
                                     allowWidows=style.allowWidows if last else 1)
        piece.joined = not last
    return pieces


class Placed:
    """A flowable that remembers where its frame placed it, so that its "Question N (continued)" stands
    at the page's margin with every other, though it is indented (a question's options or an ordering's
    items: a label at their indent read as part of them)."""

    placed_x: float | None = None

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        self.placed_x = x
        super().drawOn(canvas, x, y, _sW)

    def draw_label(self, label: str, top: float) -> None:
        t = self.theme
        self.canv.setFont("DejaVuSans", t.note)
        self.canv.setFillColor(HexColor(t.accent_colour))
        self.canv.drawString(0 if self.placed_x is None else t.margin_left - self.placed_x, top - t.note,
                             continued_label(label))


class AnswerLines(Placed, Flowable):
    """Ruled lines (or a blank box) to write on; splits across pages with "(continued)"."""

    def __init__(self, count: int, theme: Theme, width: float, *, box: bool = False,
                 continued: bool = False, label: str = "", field: str = "", least: int = ANSWER_LINES_MIN):
        super().__init__()
        self.least = least  # the fewest lines that go overleaf (a question's: `page_rules.answer_side_lines`)
        self.field = field
        """Form-field name for a fillable PDF; empty for paper."""
        self.count = count
        self.theme = theme
        self.box = box
        self.continued = continued
        self.label = label
        self.width = width
        self.label_height = theme.note * 1.6 if continued else 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.count * self.theme.answer_line_height + self.label_height + 4
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = int((avail_height - 4 - self.label_height) // self.theme.answer_line_height)
        if room >= self.count:
            return []
        room = min(room, self.count - self.least)  # never one line alone overleaf: `least` go over
        if room < ANSWER_LINES_MIN:  # overleaf, always under "Question N (continued)"
            if self.continued or avail_height >= self.theme.text_height:
                return []
            return [FrameBreak(), AnswerLines(self.count, self.theme, avail_width, box=self.box, continued=True,
                                              label=self.label, field=self.field, least=self.least)]
        field = self.field
        return [
            AnswerLines(room, self.theme, avail_width, box=self.box, continued=self.continued, label=self.label,
                        field=field, least=self.least),
            AnswerLines(self.count - room, self.theme, avail_width, box=self.box, continued=True, label=self.label,
                        field=field + "_continued" if field else "", least=self.least),
        ]

    def draw(self) -> None:
        canvas = self.canv
        t = self.theme
        top = self.height
        if self.continued:
            self.draw_label(self.label, top)
            top -= self.label_height
        canvas.setStrokeColor(HexColor(t.rule_colour))
        canvas.setLineWidth(t.rule_width)
        if self.box:
            canvas.rect(0, 4, self.width, top - 4)
        else:
            for i in range(1, self.count + 1):
                y = top - i * t.answer_line_height
                canvas.line(0, y, self.width, y)
        if self.field:
            # A multi-line text field over the ruled lines, so a student can type the answer.
            canvas.acroForm.textfield(
                name=self.field, tooltip=self.label, value="", x=0, y=4, width=self.width, height=top - 4,
                relative=True, fieldFlags="multiline", borderWidth=0, fillColor=None, borderColor=None,
                fontName="Helvetica", fontSize=t.body_size, maxlen=100000)


class LabelledLines(Flowable):
    """A label and the ruled lines it asks for, the label written on the first line ("P or S?
    ______"), as forms print them: a label on a row of its own over each blank cell of a stacked
    organiser took a third of its height. Made only for a label that fits on one line with room
    to write after it (`fits`)."""

    def __init__(self, label: Paragraph, count: int, theme: Theme):
        super().__init__()
        self.label, self.count, self.theme = label, max(count, 1), theme

    @staticmethod
    def fits(label: Paragraph, width: float) -> bool:
        """Whether the label stands on one line in at most 62 % of the width: the rest is room to write."""
        _, height = label.wrap(width * 0.62, 1e6)
        return height <= label.style.leading + 0.5

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.count * self.theme.answer_line_height + 4
        return self.width, self.height

    def draw(self) -> None:
        t, canvas = self.theme, self.canv
        self.label.wrap(self.width * 0.62, 1e6)
        first = self.height - t.answer_line_height  # the first ruled line, the label written just above it
        self.label.drawOn(canvas, 0, first)
        start = string_width(self.label.getPlainText(), t.body_font, t.note, "bold") + t.details_label_gap
        canvas.setStrokeColor(HexColor(t.rule_colour))
        canvas.setLineWidth(t.rule_width)
        for i in range(self.count):
            y = first - i * t.answer_line_height
            canvas.line(start if i == 0 else 0, y, self.width, y)


def draw_rules(canvas, theme: Theme, count: int, top: float, width: float) -> None:
    """`count` write-on lines across `width`, one answer line apart, the first that far under `top`:
    a question's ruled answer space and a slip's."""
    canvas.setStrokeColor(HexColor(theme.rule_colour))
    canvas.setLineWidth(theme.rule_width)
    for i in range(1, count + 1):
        y = top - i * theme.answer_line_height
        canvas.line(0, y, width, y)


class ContinuedLabel(Placed, Flowable):
    """"Question N (continued)" over a part starting a page; elsewhere, and in an unbounded measure, no room."""

    def __init__(self, label: str, theme: Theme):
        super().__init__()
        self.label, self.theme, self.shown = label, theme, False

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.shown = self.theme.text_height <= avail_height < 2 * self.theme.text_height
        self.height = self.theme.note * 1.6 if self.shown else 0
        return self.width, self.height

    def draw(self) -> None:
        if self.shown:
            self.draw_label(self.label, self.height)


def headed_overleaf(parts: list[Flowable], continued: Callable[[], Flowable] | None) -> list[Flowable]:
    """A split's two pieces, the second moved to the next page under `continued()` ("Question 4
    (continued)", "Timeline (continued)"): a loose page says whose rows or entries it holds."""
    if continued is None or len(parts) != 2 or isinstance(parts[0], ActionFlowable):
        return parts
    return [parts[0], FrameBreak(), continued(), parts[1]]


class TickList(Placed, Flowable):
    """A list of tick boxes (options, an ordering's items, true/false statements) in a table.

    Split across pages, a list of more than `TICK_ITEMS_MIN` * 2 items leaves at least
    `TICK_ITEMS_MIN` on each side (a shorter one moves whole), and the piece overleaf is headed
    "Question N (continued)": a loose page says whose options they are. `items` gives, per table
    row, the number of the item it prints (None for the header that a true/false table repeats)."""

    def __init__(self, table: Table, items: list[int | None], label: str, theme: Theme, continued: bool = False,
                 glued: frozenset[int] = frozenset()):
        super().__init__()
        self.table, self.items, self.label, self.theme, self.continued = table, items, label, theme, continued
        self.glued = glued
        """Rows that stay with the row above them: the rest of a large-print statement under its
        first line (which stands beside its boxes)."""

    @property
    def least(self) -> int:
        """The fewest items a split leaves on each side: a large-print statement's last alone on
        a page read as a stray (lesson 03 at 24 pt), so two, as for options."""
        return TICK_ITEMS_MIN

    def _label_height(self) -> float:
        return self.theme.note * 1.6 if self.continued and self.label else 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = self.table.wrapOn(self.canv, avail_width, avail_height - self._label_height())
        self.width, self.height = width, height + self._label_height()
        return self.width, self.height

    unsplit = False  # a choice's options: never split where they fit a page (their stem goes with them)
    split_short = False  # a short list split all the same: its stem and heading do not fit a page with it

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - self._label_height()
        self.table.wrapOn(self.canv, avail_width, self.theme.text_height)
        heights = row_heights(self.table)
        count, top = len({i for i in self.items if i is not None}), avail_height >= self.theme.text_height - 0.5
        if (self.unsplit or count <= 2 * self.least and not self.split_short) and not top and sum(heights) <= self.theme.text_height:
            return []  # a short list (two and two read as two lists) or a choice's options: whole
        # At the top of a page there is nowhere better to go: the list breaks wherever it must.
        many = count >= 2 * self.least and not top
        used, cut, inside = 0.0, 0, 0
        for k in range(1, len(heights)):  # k rows on this page
            used += heights[k - 1]
            if used > room:
                break
            ahead, rest = self.items[:k], self.items[k:]
            if k in self.glued and avail_height >= self.theme.text_height - 0.5:
                inside = k  # at a page's top, a statement taller than the page breaks inside it, if nowhere else
            if all(i is None for i in ahead) or k in self.glued:
                continue  # a header alone, or a statement without its boxes
            after = {i for i in rest if i is not None}
            if many:
                if len({i for i in ahead if i is not None} - after) < self.least or len(after) < self.least:
                    continue
            elif len(after) < self.least and len(set(self.items) - {None}) >= 2 * self.least:
                continue  # from the top of a page too, never its last item alone overleaf
            cut = k
        cut = cut or inside
        if not cut:
            return []
        parts = self.table.split(avail_width, sum(heights[:cut]) + 0.5)
        if len(parts) != 2:
            return []
        header = [None] * (len(cell_rows(parts[1])) - (len(self.items) - cut))
        # The rest goes overleaf even where rows would still fit under the first piece (cut short
        # to leave two items for the next page): else it split again, its header twice on one page.
        rest_glued = frozenset(g - cut + len(header) for g in self.glued if g > cut)
        return [TickList(parts[0], self.items[:cut], self.label, self.theme, self.continued, self.glued), FrameBreak(),
                TickList(parts[1], header + self.items[cut:], self.label, self.theme, True, rest_glued)]

    def draw(self) -> None:
        self.table.drawOn(self.canv, 0, 0)
        if self._label_height():
            self.draw_label(self.label, self.height)


class TickBox(Flowable):
    """An empty square to tick or to write a number in; with `field`, an ordering box a student
    types its number in (a tick box in a fillable PDF is a RadioBox instead)."""

    def __init__(self, size: float, theme: Theme, field: str = ""):
        super().__init__()
        self.size = size
        self.theme = theme
        self.field = field

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setStrokeColor(HexColor(self.theme.text_colour))
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.size, self.size)
        if self.field:
            self.canv.acroForm.textfield(name=self.field, x=0, y=0, width=self.size, height=self.size,
                                         relative=True, borderWidth=0, fillColor=None, borderColor=None,
                                         value="", maxlen=3, fontName="Helvetica", fontSize=self.size * 0.7)


class CellField(Flowable):
    """A text field in a table cell left blank to write in; the cell prints empty, as on paper.

    One line for a letter (a matching question's "Your letter"), several lines for a
    table to fill in (an organiser's cells)."""

    def __init__(self, field: str, height: float, font_size: float, lines: int = 1):
        super().__init__()
        self.field = field
        self.height = height
        self.font_size = font_size
        self.lines = lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return self.width, self.height

    def draw(self) -> None:
        many = self.lines > 1
        self.canv.acroForm.textfield(name=self.field, x=0, y=0, width=self.width, height=self.height,
                                     relative=True, borderWidth=0, fillColor=None, borderColor=None,
                                     value="", fieldFlags="multiline" if many else "",
                                     maxlen=100000 if many else 3, fontName="Helvetica", fontSize=self.font_size)


GAP_MARK = "gap_field"
"""The onDraw callback that GapParagraph registers: marks a gap's ends in paragraph markup."""


def gap_markup(gap: str, field: str, tooltip: str = "") -> str:
    """A run of underscores with the two markers that tell GapParagraph where it is printed.

    The first marker follows the first underscore: reportlab may break a line between a
    marker and the text after it, but never between a text and the marker after it.
    """
    marker = f'<onDraw name="{GAP_MARK}" label={quoteattr(f"{field}|{tooltip}")}/>'  # a name has no "|"
    return f"{gap[0]}{marker}{gap[1:]}{marker}"


class GapParagraph(Paragraph):
    """A paragraph whose gaps (see gap_markup) get single-line text fields exactly where line
    breaking put them. It keeps no state of its own between draws: reportlab makes a split
    paragraph's halves without calling our __init__."""

    def draw(self) -> None:
        self._gap_starts: dict[str, float] = {}
        self.canv.setNamedCB(GAP_MARK, self._gap_marker)
        super().draw()

    def _gap_marker(self, canvas, kind: str, label: str) -> None:
        field, _, tooltip = label.partition("|")  # the tooltip names the gap for screen readers
        x, y = current_text_position(canvas)
        start = self._gap_starts.pop(field, None)
        if start is None:  # one underscore in: step back over it, in the font it was printed in
            self._gap_starts[field] = x - canvas.stringWidth("_", *current_text_font(canvas))
            return
        size, leading = self.style.fontSize, self.style.leading
        # From just below the underscores up one line's pitch, so fields on consecutive lines never
        # overlap; font size 0 lets the viewer shrink a long word to fit the gap.
        canvas.acroForm.textfield(name=field, tooltip=tooltip, x=start, y=y - 0.3 * size, width=x - start,
                                  height=leading, relative=True, borderWidth=0, fillColor=None, borderColor=None,
                                  value="", fontName="Helvetica", fontSize=0)


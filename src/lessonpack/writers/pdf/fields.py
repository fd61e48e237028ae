"""The form fields of a fillable PDF, in one place: what each is called and where it sits.

A student who types instead of writing submits the file, so it must carry who they
are (Name, Class, Date), keep a whole answer in one field that wraps over the ruled
lines, and let a single-answer multiple choice hold one answer only (a radio group).
The names are the field set documented in docs/fillable-pdfs.md; a school's marking
script reads them.
"""

from __future__ import annotations

from reportlab.platypus import FrameBreak, Flowable

from ...page_rules import ANSWER_LINES_MIN
from ...theme import Theme
from .flowables import AnswerLines, TickBox

FONT = "Helvetica"
"""The font viewers type in: every PDF viewer has it, so typed text looks the same everywhere."""
ASCENT = 0.931
"""Helvetica's bounding-box top, in ems: where a viewer puts the first baseline under a field's top."""
LEADING = 1.156
"""Helvetica's bounding-box height, in ems: the line spacing viewers (Acrobat, pdf.js, pypdf) give a
multi-line field. A field's font size is the ruled lines' spacing divided by this, so typed lines
fall on the rules."""
ABOVE_RULE = 2.0
"""Points between a typed baseline and its rule, as handwriting sits just above the line."""


DETAILS_FIELDS = ("name", "class", "date")
"""The student-details fields, in the order of `wording`'s details labels; the same in every language."""


def details_name(index: int) -> str:
    """The field of the student-details entry at `index` (0 Name, 1 Class, 2 Date)."""
    return DETAILS_FIELDS[index] if index < len(DETAILS_FIELDS) else f"details_{index + 1}"


def typed_size(theme: Theme) -> int:
    """The font size whose line spacing in a multi-line field is nearest the ruled lines' spacing
    (whole points: reportlab writes a field's size as an integer)."""
    return round(theme.answer_line_height / LEADING)


def answer_field(canvas, name: str, label: str, width: float, top: float, lines: int, theme: Theme) -> None:
    """One multi-line field over `lines` ruled lines whose first rule is one line height below `top`:
    its top is placed so the first typed baseline sits just above the first rule, and every next
    typed line on the next rule."""
    size = typed_size(theme)
    first_rule = top - theme.answer_line_height
    field_top = first_rule + ABOVE_RULE + ASCENT * size
    field_bottom = max(0.0, first_rule - (lines - 1) * theme.answer_line_height - (LEADING - ASCENT) * size)
    canvas.acroForm.textfield(
        name=name, tooltip=label, value="", x=0, y=field_bottom, width=width, height=field_top - field_bottom,
        relative=True, fieldFlags="multiline", borderWidth=0, fillColor=None, borderColor=None,
        fontName=FONT, fontSize=size, maxlen=100000)


def single_line_field(canvas, name: str, label: str, width: float, height: float, size: float) -> None:
    """A one-line field over a write-on space (Name, Class, Date)."""
    canvas.acroForm.textfield(
        name=name, tooltip=label, value="", x=0, y=0, width=width, height=height, relative=True,
        borderWidth=0, fillColor=None, borderColor=None, fontName=FONT, fontSize=size, maxlen=200)


def radio_button(canvas, group: str, value: str, size: float) -> None:
    """One option of a single-answer multiple choice: ticking it unticks the others of its group."""
    canvas.acroForm.radio(name=group, value=value, selected=False, x=0, y=0, size=size, relative=True,
                          buttonStyle="check", shape="square", borderWidth=0, fillColor=None,
                          borderColor=None, fieldFlags="noToggleToOff radio", tooltip=f"{group} {value}")


FIELD_SHARE_MAX = 0.7
"""At most this share of a page's height is kept with a question's stem under one field: a stem and
a longer space would not fit a page together, and the question would be pushed apart."""


def answer_space(count: int, theme: Theme, width: float, *, label: str, field: str,
                 box: bool = False) -> tuple[list[Flowable], list[Flowable]]:
    """A fillable question's answer space: the part kept with its stem, under the answer's one field,
    and the rest (lines for writing on a printed copy, where the space is longer than fits)."""
    if box:
        return [FieldLines(count, theme, width, label=label, field=field, box=True)], []
    fit = max(ANSWER_LINES_MIN, int(theme.text_height * FIELD_SHARE_MAX // theme.answer_line_height))
    kept = [FieldLines(min(count, fit), theme, width, label=label, field=field)]
    return kept, ([AnswerLines(count - fit, theme, width, label=label)] if count > fit else [])


class FieldLines(AnswerLines):
    """Ruled answer lines with one field over them, so an answer is one field that wraps (and scrolls
    when it is longer). Where the lines run over a page, the field covers those on the first page;
    those overleaf, under "Question N (continued)", are for writing on a printed copy."""

    def __init__(self, count: int, theme: Theme, width: float, *, label: str, field: str, box: bool = False,
                 continued: bool = False):
        super().__init__(count, theme, width, box=box, continued=continued, label=label, field=field)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        t = self.theme
        room = int((avail_height - 4 - self.label_height) // t.answer_line_height)
        if room >= self.count or self.box:
            return []
        if room < ANSWER_LINES_MIN:  # overleaf whole, under "Question N (continued)"
            if self.continued or avail_height >= t.text_height:
                return []
            return [FrameBreak(), FieldLines(self.count, t, avail_width, label=self.label, field=self.field,
                                             continued=True)]
        return [FieldLines(room, t, avail_width, label=self.label, field=self.field, continued=self.continued),
                AnswerLines(self.count - room, t, avail_width, continued=True, label=self.label)]

    def draw(self) -> None:
        field, self.field = self.field, ""  # the lines as on paper, then our one field over them
        try:
            super().draw()
        finally:
            self.field = field
        top = self.height - self.label_height
        if self.box:  # a blank box: the field fills it, typed from its top
            size = typed_size(self.theme)
            self.canv.acroForm.textfield(
                name=field, tooltip=self.label, value="", x=0, y=4, width=self.width, height=top - 4,
                relative=True, fieldFlags="multiline", borderWidth=0, fillColor=None, borderColor=None,
                fontName=FONT, fontSize=size, maxlen=100000)
        else:
            answer_field(self.canv, field, self.label, self.width, top, self.count, self.theme)


class DetailsField(Flowable):
    """A write-on space of the Name/Class/Date line with a field over it; prints as an empty space."""

    def __init__(self, name: str, label: str, height: float, size: float):
        super().__init__()
        self.name, self.label, self.field_height, self.size = name, label, height, size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, self.field_height
        return self.width, self.height

    def draw(self) -> None:
        single_line_field(self.canv, self.name, self.label, self.width, self.height, self.size)


class RadioBox(TickBox):
    """A tick box of a single-answer multiple choice in a fillable PDF: one button of the question's
    radio group (named `group`, its value the option's letter)."""

    def __init__(self, size: float, theme: Theme, group: str, value: str):
        super().__init__(size, theme)
        self.group, self.value = group, value

    def draw(self) -> None:
        super().draw()  # the printed square
        radio_button(self.canv, self.group, self.value, self.size)

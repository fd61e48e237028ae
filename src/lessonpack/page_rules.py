"""How pages break, decided once for both writers: what stays together and how full a page is.

An exam-board paper never leaves a heading at a page foot, a source's title without its
text, a box split into a line and the rest, or a question without room to answer under it;
and it does not waste paper. The numbers of those rules live here, read with the theme's
sizes, so the PDF and the DOCX writers break pages alike.
"""

from __future__ import annotations

import math

from .theme import Theme

BOX_LINES_MIN = 3
"""A source box's heading, caption and headnote stay with at least this many of its lines,
and a box that must split leaves at least this many lines on each side (the glossary goes
with the last of them)."""

NOTE_LINES_MIN = 3
"""A titled box of text that must split (a fact check) keeps its title and first paragraph (the
quote) with at least this many lines of what follows; at least `BOX_LINES_MIN` go overleaf. With
one, a large-print fact check left its quote and one line of its note at a page foot."""

ANSWER_LINES_MIN = 2
"""A question's stem stays with at least this many of its answer lines."""

ANSWER_SIDE_LINES = 3
"""A question's answer space that splits across pages leaves at least this many ruled lines on each
side; one too short to (five lines or fewer, `answer_whole_lines`) stays whole with its stem. Split two
and two, a student wrote a two-mark answer over a turn of the page (lesson 03's Question 1); five split
three and two (lesson 01's support homework)."""


def answer_side_lines(theme: Theme) -> int:
    """The fewest answer lines on a side of a break: `ANSWER_SIDE_LINES`, but `ANSWER_LINES_MIN` on a
    large-print paper, whose two lines are as tall as three of the standard paper's (three there moved
    lesson 03's 24 pt Question 7 whole onto a page of its own, a page longer)."""
    return ANSWER_LINES_MIN if theme.body_size >= LARGE_PRINT_SIZE else ANSWER_SIDE_LINES


def answer_whole_lines(theme: Theme) -> int:
    """The most answer lines that never split: those that cannot leave `answer_side_lines` on each side
    (five; three on a large-print paper, where four kept whole cost lesson 05's 24 pt
    worksheet and homework a page each)."""
    return 2 * answer_side_lines(theme) - 1


UNSPLIT_SHARE = 1 / 3
"""Boxes (a fact check), and a mark scheme or model answer (under its heading or not), shorter than
this share of a page never split (issue 16): a teacher marking reads an answer without turning
over. Moved whole, one may leave a page up to a third blank: the next item could not fit
(tests/pagecheck.py's `page_too_blank` measures it whole)."""

STEM_UNSPLIT_SHARE = 0.28
"""In the DOCX, a question's text (a row of its table) or its answer box shorter than this share of a
page is kept on one page: a little under `UNSPLIT_SHARE`, as the DOCX's heights are estimates and
LibreOffice, keeping a third, moved two worksheets' question texts from their answer lines.
"""

QUESTION_KEEP_SHARE = 1.0
"""A question with answer lines whose stem with its first answer lines fits in this share of a
page moves to the next page whole when it cannot start here (the answer space above it grows to
fill the page), so its number's page always carries answer space; under a heading it does not fit
a page with (the heading would be left alone), it is laid out as a longer one. A longer one with
sentence starters has its lines shared out among them and its extension, one without starters
between its stem and its extension (`spread_lines`), so its number's page still has lines; only a
stem too long for one page with neither breaks, its number with what follows it and the end of its
stem with its first answer lines.
A question with no answer lines (tick boxes, a grid) moves whole only when shorter than
`BLANK_SHARE_MAX` of a page."""

SHORT_TABLE_SHARE = 1 / 3
"""A table shorter than this share of a page never splits (the marks grid at the end of a worksheet:
split three rows to eight it left a page of its own for the rest); moved whole, the answer space
above it fills the page it leaves."""

TABLE_ROWS_MIN = 2
"""A table that splits across pages leaves at least this many of its rows overleaf (a short table
splits in half at most): never its last row, or its "Total", alone at the top of a page."""

LARGE_PRINT_SIZE = 16
"""Body text at this size or above is large print (RNIB's threshold)."""

STATEMENT_COLUMN_EMS = 12
"""A true/false grid's statements' column is at least this many body sizes wide (about 22 letters a
line) with its True and False columns at `TRUE_FALSE_BOX_EMS`; narrower (24 and 36 pt papers), those
columns are set only as wide as their headings (`true_false_tight`), as on an exit-ticket slip."""

TICK_ITEMS_MIN = 2
"""A list of tick boxes (options, statements) of more than twice this many items that splits
across pages leaves at least this many items on each side; a shorter one never splits (but at
the top of a page, taller than it): a true/false list split two and two (the dyslexia papers'
lessons 02 and 03) read as two lists."""

ORDERING_KEEP_SHARE = 1.0
"""An ordering question (events to number in order) whose stem and list fit in this share of a page
never splits: it moves whole with its stem. (A choice question's options that fit a page never split
either, and its stem goes with them; what follows them, an extension, may go overleaf: a dyslexia
paper printed options A and B at a page foot, C and D overleaf.) A student orders the events by reading them all at
once, so a list split 4/2 under "Question 1 (continued)" cost a turn of the page for each event
placed. Under a heading it does not fit a page with, or taller than a page with its stem, it splits
as a tick-box list does, `TICK_ITEMS_MIN` items on each side, the first with the stem (its events
all overleaf, lesson 02's 24 pt homework ended a page with the stem alone, 58 % blank)."""

TIMELINE_ENTRIES_MIN = 2
"""A timeline that splits across pages leaves at least this many entries on each side (its heading
with the first two: a page is filled, and no date is left alone)."""

SHORT_PARAGRAPH_CHARACTERS = 320
"""A paragraph in a question (an extension task) shorter than this moves whole rather than
break mid-sentence across pages."""

TEXT_LINES_WHOLE = 4
"""A paragraph or list item of a teacher's section (a model answer, a level descriptor) of up to
this many lines never breaks across pages; a longer one leaves `TEXT_LINES_SIDE` lines on each side."""

TEXT_LINES_SIDE = 2

LEAD_PARAGRAPH_CHARACTERS = 120
"""A paragraph this short right under a heading ("Total: 43 marks.") stays with the heading
and with the start of what follows it."""

BLANK_SHARE_MAX = 1 / 4
"""About the most of a page (not the last) left blank when the next item could not fit."""

CARD_UNSPLIT_SHARE = 1 / 2
"""A stacked box in a question (one organiser row as a card, large print) up to this share of a page
never splits: its "P or S?" overleaf under its repeated factor was a card a student filled on two
pages (lesson 03's Question 6 at 24 pt). The box above grows to fill the room it leaves."""


def unsplit_height(theme: Theme) -> float:
    """The height under which a box, mark scheme or model answer is never split."""
    return theme.text_height * UNSPLIT_SHARE


def stacked_cell_lines(row_lines: int, blank_widths: list[float]) -> list[int]:
    """The ruled lines of each blank cell of a table row printed as a stacked box (large print):
    the row's `row_lines` shared out among its blank cells by their widths in the grid, rounded up,
    at least one each. Each cell has at least the room to write its grid cell had at the same size,
    and a narrow cell ("P or S?") is not given the lines of the whole row: three ruled lines under
    each of three labels took a page per row at 24 pt."""
    total = sum(blank_widths)
    return [max(1, math.ceil(row_lines * width / total - 1e-9)) if total else 1 for width in blank_widths]


def spread_lines(lines: int, groups: int) -> list[int]:
    """A question's answer lines shared out among the items of its list (its sentence starters) and
    what follows them (an extension), when the question with its first answer lines is taller than
    a page: each item is followed by its share, so every page the question runs over has lines
    to write on. Later groups get the odd lines; each gets at least `ANSWER_LINES_MIN`."""
    base, extra = divmod(lines, groups)
    return [max(ANSWER_LINES_MIN, base + (1 if i >= groups - extra else 0)) for i in range(groups)]


TRUE_FALSE_BOX_EMS = 3.6
"""The width of a true/false grid's True and of its False column, in body sizes."""


def true_false_tight(theme: Theme, width: float, on_slip: bool = False) -> bool:
    """Whether a true/false grid that width sets its True and False columns only as wide as their
    headings: on a slip (kept compact), or where at `TRUE_FALSE_BOX_EMS` the statements' column beside
    them would be under STATEMENT_COLUMN_EMS (24 and 36 pt papers). A statement stays in its column at
    every size: run on under its boxes (large print), it read as the next row's text."""
    return on_slip or width - 2 * TRUE_FALSE_BOX_EMS * theme.body_size < theme.body_size * STATEMENT_COLUMN_EMS

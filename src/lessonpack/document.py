"""The document model: the small, closed set of blocks and inlines both writers print.

Templates produce markup; `markup.py` turns it into these nodes; writers see only
these. Classroom ideas (a tip, a teacher note, a key term) are a `Box` with a role,
not a node of their own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal, Union

from .wording import printed_words

BOX_ROLES = ("note", "tip", "key-term", "teacher", "warning", "activity", "cut-out")
"""The kinds of box a template may ask for (`::: box ROLE`); the theme gives each its colours."""

# ---------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text, printed exactly as written."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    """Bold emphasis."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Emph:
    """Italic emphasis (printed bold in profiles that avoid italics)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink; the target is kept so readers of the file can follow it."""

    children: tuple[Inline, ...]
    target: str


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a paragraph."""


Inline = Union[Text, Strong, Emph, Link, LineBreak]

# ---------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading; level 1 is the document title."""

    level: int
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of running text."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bulleted or numbered list; each item is a sequence of blocks."""

    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1


@dataclass(frozen=True, slots=True)
class Box:
    """A boxed note with a role, one of BOX_ROLES (tip, key-term, teacher, warning, activity, …)."""

    role: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Grid:
    """Blocks laid out side by side in equal columns, row after row (e.g. cut-out tickets)."""

    columns: int
    cells: tuple[Block, ...]
    fill: bool = False
    """The cells are copies of one slip to cut out: only as many whole rows as fit one page are
    printed (at least one), so a page of slips is never cut by a break nor printed twice."""


@dataclass(frozen=True, slots=True)
class ExtractLine:
    """One printed line of a source extract, broken once so both formats agree."""

    text: str
    number: int
    """Line number within the source, counted from 1."""
    paragraph: int | None = None
    """The essay paragraph (¶) that starts on this line, if one does."""
    gap: bool = False
    """True for the "[…]" line that marks skipped essay text."""


@dataclass(frozen=True, slots=True)
class SourceBox:
    """A lettered source: caption, optional headnote, numbered extract lines, glossary."""

    letter: str
    title: str
    caption: str
    headnote: str
    lines: tuple[ExtractLine, ...]
    adapted: bool = False
    glossary: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class AnswerSpace:
    """Room to write: ruled lines, a blank box (height in lines), or none."""

    kind: Literal["lines", "box", "none"]
    lines: int = 0


@dataclass(frozen=True, slots=True)
class Question:
    """A numbered question: stem blocks, marks in the margin, answer space."""

    number: str
    """As printed: "3", or "(a)" for a part."""
    blocks: tuple[Block, ...]
    marks: int | None
    answer: AnswerSpace
    minutes: int | None = None
    part: bool = False
    """A part (a), (b) of the question it stands in: its form fields are named after both (q3a_…)."""


@dataclass(frozen=True, slots=True)
class Choices:
    """Options with a box each: tick one (multiple choice), or write in it (ordering)."""

    options: tuple[tuple[Inline, ...], ...]
    style: Literal["tick", "number"] = "tick"
    """tick: an empty box to tick; number: a box to write the order in."""


@dataclass(frozen=True, slots=True)
class TrueFalse:
    """Statements, each with a True and a False box to tick."""

    statements: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True, slots=True)
class WordBank:
    """A boxed list of words to choose from (gap fills)."""

    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One dated event on a timeline figure."""

    date: str
    year: int
    event: str
    when: float | None = None
    """Where it stands in time, as a fractional year (1905.78 for 13 Oct 1905); the year when None."""

    @property
    def point(self) -> float:
        return self.year if self.when is None else self.when


@dataclass(frozen=True, slots=True)
class Timeline:
    """A timeline figure drawn from dated events: in the PDF as vector graphics, in the DOCX the
    same drawing as a picture with the events as its alt text."""

    title: str
    events: tuple[TimelineEvent, ...]
    to_scale: bool = True
    """The distance between events follows time (long gaps cut short by a break mark); else even."""


@dataclass(frozen=True, slots=True)
class Figure:
    """An image file with its caption and alt text (for screen readers)."""

    path: str
    alt: str
    caption: str
    data: bytes = field(default=b"", repr=False, compare=False)
    """The checked image bytes; writers never read the file themselves."""


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture at a set printed width (a picture source's, or a question's), with its alt text.

    Its size on a paper comes from `picture_size.printed_size`, so the PDF and the DOCX agree."""

    data: bytes = field(repr=False)
    """PNG or JPEG bytes as checked, cropped and marked when the course loaded; no metadata."""
    pixels: tuple[int, int]
    alt: str
    width_share: float | None = None
    """The printed width as a share of the text width, or None when given in millimetres."""
    width_mm: float | None = None
    name: str = ""
    """The file's name in the course, for errors and the HTML."""


@dataclass(frozen=True, slots=True)
class Statistics:
    """A small table of figures, printed as a table or drawn as a bar or line chart from the same numbers."""

    columns: tuple[str, ...]
    """The labels' heading, then one heading per series of figures."""
    rows: tuple[tuple[str, tuple[float, ...]], ...]
    units: str
    source: str
    """Where the figures come from, printed under them."""
    chart: Literal["table", "bar", "line"]
    alt: str
    """The figures said in words, for a chart read by a screen reader."""


@dataclass(frozen=True, slots=True)
class SourceItem:
    """A lettered source that is not essay text: title, provenance caption, headnote, then a picture or figures."""

    letter: str
    title: str
    caption: str
    headnote: str
    body: Picture | Statistics


@dataclass(frozen=True, slots=True)
class StudentDetails:
    """The Name / Class / Date line, filled in when a roster names the student."""

    fields: tuple[tuple[str, str], ...] = tuple((label, "") for label in printed_words().details_labels)
    note: str = ""
    """Printed in bold after the last field's rule, on its row: an exit-ticket slip's total ("[5 marks]")."""


@dataclass(frozen=True, slots=True)
class Table:
    """A table whose header row repeats on every page it spans."""

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    row_lines: int = 0
    """Minimum row height in answer lines: room to write in a table to fill in."""
    answer_column: int | None = None
    """The column a student writes a short answer in (a matching question's "Your letter"),
    counted from 0; a fillable PDF puts a field in each of its cells."""
    widths: tuple[int, ...] = ()
    """The columns' widths relative to one another, as the lesson gave them (a question's
    `column_widths`); empty: shared out by the length of their text."""


@dataclass(frozen=True, slots=True)
class RuledLines:
    """Ruled lines to write on outside a question (an exit-ticket slip's answer space): at least
    `count`; on a page of slips, more where the slip's share of the sheet leaves room (`slips.py`)."""

    count: int
    foot: bool = False
    """The lines end their slip, over its cut line: the writers leave `slips.clearance` under the last."""


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start a new page."""


Block = Union[
    Heading, Paragraph, ListBlock, Box, Grid, SourceBox, Question, Choices, TrueFalse, WordBank,
    Timeline, Figure, StudentDetails, Table, PageBreak, Picture, Statistics, SourceItem, RuledLines
]


@dataclass(frozen=True, slots=True)
class Logo:
    """The school's logo as checked when the course loaded: PNG or JPEG bytes and the printed size."""

    data: bytes
    width: float
    """Printed width in points (from the height and the picture's proportions)."""
    height: float
    """Printed height in points."""
    name: str = ""
    """The file's name in the course, for alt text and errors."""


KIND_LABELS = {
    "worksheet": "Student worksheet",
    "extract": "Source extracts",
    "teacher-notes": "Teacher notes",
    "mark-scheme": "Mark scheme",
    "homework": "Homework",
    "exit-ticket": "Exit ticket",
}
"""How each document a lesson makes is named on the page and in its file name."""


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What a document is: shown in headers, footers and file metadata."""

    title: str
    """The lesson title, printed in the header."""
    kind: str
    """The document kind's label, e.g. "Student worksheet"."""
    course: str
    """The course title, printed in the header."""
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    language: str = "en-GB"
    page_size: Literal["A4", "Letter"] = "A4"
    mark: str = ""
    """A small symbol in the footer that tells the teacher which version this is (e.g. the tier)."""
    student: str = ""
    """Whose copy this is (a class set's student): printed with `group` in the footer of every
    page, so an unstapled class set can be put back together."""
    group: str = ""
    """That student's class."""
    school: str = ""
    """The school's name, printed at the top of every page with its logo (`page_furniture.masthead`)."""
    logo: Logo | None = None
    for_teacher: bool = False
    """A teacher's document (notes, a mark scheme): a section that runs over a page says whose it is
    overleaf ("Question 3 (continued)"), and a table re-set for large print prints its rows as cards."""


@dataclass(frozen=True, slots=True)
class Document:
    """One printable document: its info and its blocks in reading order."""

    info: DocumentInfo
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        """A plain-data view, for snapshot tests and debugging."""
        return asdict(self)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of inlines without formatting, e.g. for bookmarks and metadata."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, (Strong, Emph, Link)):
            out.append(plain_text(node.children))
        else:
            raise TypeError(f"plain_text has no rule for the inline {type(node).__name__}")
    return "".join(out)


def upright_whole(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A paragraph emphasised whole, without its emphasis: for papers that print emphasis bold
    (dyslexia style guides: bold marks a word or phrase, never a whole paragraph, which reads
    harder in bold, and emphasising everything stresses nothing). Other inlines unchanged."""
    marked = [node for node in inlines if not (isinstance(node, Text) and not node.text.strip())]
    if len(marked) == 1 and isinstance(marked[0], Emph):
        return tuple(child for node in inlines for child in (node.children if node is marked[0] else (node,)))
    return inlines

"""What the running header and footer say, and how the Name/Class/Date line is laid out, decided
once for both writers: the header names the course and the lesson at every size on at most two
or more lines (each named in full, wrapped where it is longer than a line, the document's top margin
grown to hold the lines), under the school's logo and name
when course.yaml gives them (`masthead`), a class-set copy's footer names
its student and class, and each student detail has a write-on space of at least
`theme.details_min_space` at every size."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .document import KIND_LABELS, DocumentInfo, Logo
from .fonts import fit, string_width
from .linebreak import Measure, balanced
from .theme import Theme
from .wording import copy_owner, details_field, page_of, page_of_kind, running_title


@dataclass(frozen=True)
class RunningHeader:
    """The header's lines, top first, each (left, right), and whether the document kind is printed
    in the footer instead ("Student worksheet · Page 3 of 20"), where beside the titles it would
    cost a header line of its own."""

    lines: tuple[tuple[str, str], ...]
    kind_in_footer: bool = False


def running_header(info: DocumentInfo, theme: Theme) -> RunningHeader:
    """The course and the lesson, each named in full at every size (issue 16): "course — lesson"
    and the kind on one line where every kind of document the lesson makes fits there (its pages
    then share one header height and look); else "course — lesson" alone with the kind in the
    footer, where that line fits; else the course on its line(s) and the lesson on its
    own, each wrapped at a word only where it is wider than a line (`balanced`, so two even lines,
    never a word alone), the document's top margin grown to hold them.

    The kind stands at the right of a title line that leaves it room as every document of the
    lesson prints it; else it goes to the footer, if the footer holds it; else beside a title line
    wrapped to the room, where this costs no line. A class-set copy's
    footer is the student's name's: there the kind, shortened to its last word where only that fits
    ("Worksheet"), stands beside a title line; where neither fits it is left out (the copy's first
    page names it under its title), as a line of its own took 49 pt of each 36 pt page and left a
    page of lesson 04's copy 82 % blank. A version's letter is never left out: it stands alone
    beside a title line ("version A"), else with the kind on a line of its own."""
    family, size, width = theme.heading_font, theme.small_size, theme.text_width
    whole = running_title(info.course, info.title)
    room = width - string_width(whole, family, size) - theme.header_title_gap
    widest = max(string_width(kind, family, size) for kind in (info.kind, *KIND_LABELS.values()))
    if widest <= room or (info.student and string_width(info.kind, family, size) <= room):
        return RunningHeader(((whole, info.kind),))
    if room >= 0 and kind_fits_footer(info, theme):
        return RunningHeader(((whole, ""),), kind_in_footer=True)
    course, title = _wrapped(info.course, width, theme), _wrapped(info.title, width, theme)
    plain = tuple((line, "") for line in course + title)
    _, _, version = info.kind.partition(" · ")
    kinds = (info.kind, short_kind(info.kind), version) if info.student else (info.kind,)
    for kind in filter(None, kinds):
        beside = _beside(course, title, kind, theme, rewrap=False)
        if beside is not None:
            return RunningHeader(beside)
    if kind_fits_footer(info, theme):
        return RunningHeader(plain, kind_in_footer=True)
    for kind in filter(None, kinds):
        beside = _beside(course, title, kind, theme, rewrap=True)
        if beside is not None:
            return RunningHeader(beside)
    if info.student and not version:
        return RunningHeader(plain)
    return RunningHeader(plain + (("", info.kind),))


def _wrapped(text: str, width: float, theme: Theme) -> tuple[str, ...]:
    """Text on as few header lines of `width` as it needs, made even (a long word is not broken)."""
    return tuple(balanced(text, Measure(theme.heading_font, theme.small_size, width))) or ("",)


def _beside(course: tuple[str, ...], title: tuple[str, ...], kind: str, theme: Theme,
            rewrap: bool) -> tuple[tuple[str, str], ...] | None:
    """The header's lines with `kind` at the right of the title's last line, else of the course's;
    None where neither holds it. With `rewrap`, a line may be wrapped again to the room the kind
    leaves where that costs no line; without, the lines stay as every document of the lesson
    prints them (the kind goes to the footer rather than re-break "… following: / the workers …"
    into "… following: the / workers …")."""
    room = theme.text_width - string_width(kind, theme.heading_font, theme.small_size) - theme.header_title_gap
    narrow = _wrapped(" ".join(title), room, theme) if rewrap else title
    if len(narrow) == len(title) and _fit(narrow[-1], room, theme):
        return tuple((line, "") for line in course + narrow[:-1]) + ((narrow[-1], kind),)
    narrow = _wrapped(" ".join(course), room, theme) if rewrap else course
    if len(narrow) == len(course) and _fit(narrow[-1], room, theme):
        return tuple((line, "") for line in narrow[:-1]) + ((narrow[-1], kind),) + tuple((line, "") for line in title)
    return None


def _fit(text: str, room: float, theme: Theme) -> bool:
    return string_width(text, theme.heading_font, theme.small_size) <= room


def short_kind(kind: str) -> str:
    """The kind by its last word, capitalised, and its version if it has one ("Student worksheet ·
    version A" → "Worksheet · version A", not "A"): where a copy's header has no room for the whole
    kind beside a title line."""
    name, mark, version = kind.partition(" · ")
    words = name.split()
    return (words[-1].capitalize() if words else name) + mark + version


def kind_fits_footer(info: DocumentInfo, theme: Theme) -> bool:
    """Whether the footer holds the document kind beside "Page x of y" and the version mark.
    Not on a class-set copy: its footer's room is the student's name's."""
    if info.student:
        return False
    family, size = theme.heading_font, theme.small_size
    mark = string_width(info.mark, family, size) + theme.header_title_gap if info.mark else 0
    return string_width(page_of_kind(info.kind, page_of(99, 99)), family, size) + mark <= theme.text_width


def footer_numbers(info: DocumentInfo, theme: Theme, page: int, total: int) -> str:
    """The footer's page numbers: "Page 3 of 20", with the kind before it where the header left it out."""
    numbers = page_of(page, total)
    return page_of_kind(info.kind, numbers) if running_header(info, theme).kind_in_footer else numbers


@dataclass(frozen=True)
class Masthead:
    """The school's logo and name, at the top of the running header of every page: the logo at the
    left margin at its printed size, the name beside it (wrapped, in the header's bold) and centred
    on it. `height` is the taller of the two; the header's own lines stand `masthead_gap` below."""

    logo: Logo | None
    lines: tuple[str, ...]
    text_left: float
    """Where the name starts, from the left margin."""
    height: float


def masthead_gap(theme: Theme) -> float:
    """Between the masthead and the header's first line: 4 pt, more for large print's header."""
    return max(4.0, 0.3 * theme.small_size)


def masthead(info: DocumentInfo, theme: Theme) -> Masthead | None:
    """The school's logo and name as the top of the header, or None when course.yaml names neither."""
    if not info.school and info.logo is None:
        return None
    left = info.logo.width + theme.header_title_gap / 2 if info.logo else 0.0
    size = theme.small_size
    lines = balanced(info.school, Measure(theme.heading_font, size, theme.text_width - left, "bold")) \
        if info.school else []
    text = len(lines) * theme.leading(size)
    return Masthead(info.logo, tuple(lines), left, max(info.logo.height if info.logo else 0.0, text))


def header_height(info: DocumentInfo, theme: Theme) -> float:
    """From the top of the header (the masthead's, else its first line's capitals) to its last baseline."""
    count = len(running_header(info, theme).lines)
    lines = (count - 1) * theme.leading(theme.small_size) + 0.8 * theme.small_size
    top = masthead(info, theme)
    return lines + (top.height + masthead_gap(theme) if top else 0.0)


def top_margin(info: DocumentInfo, theme: Theme) -> float:
    """The top margin of this document: the theme's, or more where its header needs more lines or
    a masthead (the header's last line `header_rise` above the text area, the paper's edge left clear)."""
    needed = theme.header_rise + header_height(info, theme) + theme.header_clearance
    return max(theme.margin_top, needed)


def document_theme(info: DocumentInfo, theme: Theme) -> Theme:
    """The theme a document is laid out with: its top margin holds its own running header."""
    return replace(theme, margin_top=top_margin(info, theme))


def owner_label(name: str, group: str, room: float, family: str, size: float) -> str:
    """Whose copy it is, in `room`: a long name is shortened ("…"), never the class, which sorts the pile."""
    whole = copy_owner(name, group)
    if string_width(whole, family, size) <= room:
        return whole
    for_name = room - string_width(copy_owner("", group), family, size)
    if for_name < string_width("M…", family, size):  # not even a letter of the name fits beside the class
        return fit(whole, room, family, size)
    return copy_owner(fit(name, for_name, family, size), group)


@dataclass(frozen=True)
class DetailsCell:
    """One student detail in its row: which field it is, and the widths of its label and its write-on space."""

    field: int
    label_width: float
    value_width: float


def details_rows(fields: tuple[tuple[str, str], ...], theme: Theme, width: float | None = None,
                 reserved: float = 0.0) -> list[list[DetailsCell]]:
    """The student-details line as rows of fields, each row filling `width` (the text width, or a
    slip's measure) less `reserved` (room for a note after the rules: a slip's total marks).

    Every field on one row when each gets its write-on space (`details_min_space`, or more where
    a filled-in value needs it to stay on one line, or half the measure on a slip narrower than
    twice that); else the first field (the name) on a row of its own and the others after it, as
    many to a row as fit. Room to spare on a row goes to its fields by their shares
    (`details_shares`: the name gets the most)."""
    t = theme
    measure = (t.text_width if width is None else width) - reserved
    least = t.details_min_space if measure == t.text_width else min(t.details_min_space, measure / 2)
    shares = t.details_shares if len(fields) == 3 else (1.0,) * len(fields)
    labels = [min(string_width(details_field(label), t.body_font, t.body_size, "bold") + t.details_label_gap,
                  measure / 2) for label, _ in fields]
    needs = [max(least, string_width(value, t.body_font, t.body_size) + t.details_value_padding + 1)
             for _, value in fields]

    def row(indices: list[int]) -> list[DetailsCell] | None:
        spare = measure - sum(labels[i] + needs[i] for i in indices)
        if spare < 0 and len(indices) > 1:
            return None
        total = sum(shares[i] for i in indices)
        if spare < 0:  # one field alone, on a page too narrow for its need: all the row's room
            return [DetailsCell(indices[0], labels[indices[0]], measure - labels[indices[0]])]
        return [DetailsCell(i, labels[i], needs[i] + spare * shares[i] / total) for i in indices]

    everything = row(list(range(len(fields))))
    if everything is not None or not fields:
        return [everything] if everything else []
    rows, current = [row([0])], []
    for index in range(1, len(fields)):
        if current and row(current + [index]) is None:
            rows.append(row(current))
            current = []
        current.append(index)
    if current:
        rows.append(row(current))
    return rows


def details_space_after(theme: Theme, slip: bool) -> float:
    """The space under the student-details line: none on a cut-out slip, whose box sets its rows
    apart, so the line, a row with no space above it, takes about the room a line of text did
    ("Name: ______" before it was ruled; the page's 12 pt made four slips of three short questions
    too tall for four to fit an A4 page), else the theme's."""
    return 0.0 if slip else theme.details_space_after


def details_note_width(note: str, theme: Theme) -> float:
    """The room a note after the rules takes on its row (none without one): the label's gap before
    it, its bold text, and a cell's padding after it."""
    if not note:
        return 0.0
    return (theme.details_label_gap + string_width(note, theme.body_font, theme.body_size, "bold")
            + theme.details_value_padding + 1)


def details_fit(fields: tuple[tuple[str, str], ...], theme: Theme) -> bool:
    """Whether these values fit, each on one line, the layout made for the same fields left blank
    (a class set's shared layout, which each copy fills in)."""
    blank = details_rows(tuple((label, "") for label, _ in fields), theme)
    return all(string_width(fields[cell.field][1], theme.body_font, theme.body_size)
               <= cell.value_width - theme.details_value_padding - 1 for row in blank for cell in row)

"""What the running header and footer say, and how the Name/Class/Date line is laid out, decided
once for both writers: the header names the course and the lesson at every size (on two lines when
one will not hold them), a class-set copy's footer names its student and class, and each student
detail has a write-on space of at least `theme.details_min_space` at every size."""

from __future__ import annotations

from dataclasses import dataclass

from .document import DocumentInfo
from .fonts import fit, string_width
from .theme import Theme
from .wording import copy_owner, details_field, running_title


def header_lines(info: DocumentInfo, theme: Theme) -> tuple[tuple[str, str], ...]:
    """The header's lines, top first, each (left, right), the document kind always at the right:
    "course — lesson" on one line when it fits; else the course and the lesson on lines of their
    own, the kind beside whichever leaves both whole; shortened only when even a line of its own
    cannot hold one (a very large print)."""
    family, size, width = theme.heading_font, theme.small_size, theme.text_width
    room = width - string_width(info.kind, family, size) - theme.header_title_gap

    def fits(text: str, space: float) -> bool:
        return string_width(text, family, size) <= space

    whole = running_title(info.course, info.title)
    if fits(whole, room):
        return ((whole, info.kind),)
    if fits(info.course, room) or not fits(info.title, room):
        return ((fit(info.course, room, family, size), info.kind), (fit(info.title, width, family, size), ""))
    return ((fit(info.course, width, family, size), ""), (info.title, info.kind))


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


def details_rows(fields: tuple[tuple[str, str], ...], theme: Theme) -> list[list[DetailsCell]]:
    """The student-details line as rows of fields, each row filling the text width.

    Every field on one row when each gets its write-on space (`details_min_space`, or more where
    a filled-in value needs it to stay on one line); else the first field (the name) on a row of
    its own and the others after it, as many to a row as fit. Room to spare on a row goes to its
    fields by their shares (`details_shares`: the name gets the most)."""
    t = theme
    shares = t.details_shares if len(fields) == 3 else (1.0,) * len(fields)
    labels = [min(string_width(details_field(label), t.body_font, t.body_size, "bold") + t.details_label_gap,
                  t.text_width / 2) for label, _ in fields]
    needs = [max(t.details_min_space, string_width(value, t.body_font, t.body_size) + t.details_value_padding + 1)
             for _, value in fields]

    def row(indices: list[int]) -> list[DetailsCell] | None:
        spare = t.text_width - sum(labels[i] + needs[i] for i in indices)
        if spare < 0 and len(indices) > 1:
            return None
        total = sum(shares[i] for i in indices)
        if spare < 0:  # one field alone, on a page too narrow for its need: all the row's room
            return [DetailsCell(indices[0], labels[indices[0]], t.text_width - labels[indices[0]])]
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


def details_fit(fields: tuple[tuple[str, str], ...], theme: Theme) -> bool:
    """Whether these values fit, each on one line, the layout made for the same fields left blank
    (a class set's shared layout, which each copy fills in)."""
    blank = details_rows(tuple((label, "") for label, _ in fields), theme)
    return all(string_width(fields[cell.field][1], theme.body_font, theme.body_size)
               <= cell.value_width - theme.details_value_padding - 1 for row in blank for cell in row)

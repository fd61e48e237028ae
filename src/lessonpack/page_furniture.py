"""What the running header and footer say, fitted to the page once for both writers: the header
names the course and the lesson at every size (on two lines when one will not hold them), and a
class-set copy's footer names its student and class."""

from __future__ import annotations

from .document import DocumentInfo
from .fonts import fit, string_width
from .theme import Theme
from .wording import copy_owner, running_title


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

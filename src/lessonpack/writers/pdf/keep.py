"""Keep rules for the PDF (numbers in `page_rules`): what stays together, and how a page is filled.

reportlab's keep-with-next moves a heading and all that follows it to the next page, leaving the
page blank. Here a heading stays with the *start* of what follows (a few lines of a box, a question
and two answer lines), a source box splits with three lines on each side and its title repeated, and
answer space at a page foot grows to fill the page when the next item cannot start there.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import (ActionFlowable, CondPageBreak, Flowable, FrameBreak, Indenter, KeepTogether,
                                ListFlowable, Spacer)
from reportlab.platypus.doctemplate import NullActionFlowable

from ...page_rules import ANSWER_LINES_MIN, BLANK_SHARE_MAX, LEAD_PARAGRAPH_CHARACTERS, unsplit_height
from ...theme import Theme
from .flowables import ContinuedLabel, Paragraph, TickList, draw_rules

FUZZ = 0.5
"""Points of slack when comparing heights (reportlab's frames allow about this much)."""


def passive(flowable: Flowable) -> bool:
    """Spacing and indents: nothing printed, never a page's last item on its own."""
    return isinstance(flowable, (Spacer, Indenter, ActionFlowable)) and not isinstance(flowable, CondPageBreak)


def stacked_height(flowables: list[Flowable], width: float, height: float, canvas=None) -> float:
    """The height of flowables laid one under another as a frame lays them (spaces between), each
    at the width its indents leave (a question's instructions wrap narrower than the page)."""
    total, after = 0.0, 0.0
    for i, f in enumerate(flowables):
        if isinstance(f, Indenter):
            width -= f.left + f.right
            continue
        if isinstance(f, (ActionFlowable, CondPageBreak)):
            continue
        _, h = f.wrapOn(canvas, width, height) if canvas is not None else f.wrap(width, height)
        total += (after + f.getSpaceBefore() if i else 0) + h
        after = f.getSpaceAfter()
    return total


def starts_within(flowable: Flowable, canvas, width: float, room: float, depth: int = 0) -> bool:
    """Whether the flowable, or the first piece it splits into, fits in `room` (measured on `canvas`,
    which some of reportlab's flowables need)."""
    if room <= 0:
        return False
    if isinstance(flowable, CondPageBreak):
        return room >= flowable.height
    if passive(flowable):
        return True
    _, h = flowable.wrapOn(canvas, width, room)
    if h <= room + FUZZ:
        return True
    if depth > 4:
        return False
    parts = flowable.splitOn(canvas, width, room)
    while parts and isinstance(parts[0], (NullActionFlowable, Indenter)):  # take no room
        parts = parts[1:]
    if not parts or isinstance(parts[0], ActionFlowable):  # a page break first: nothing starts here
        return False
    return starts_within(parts[0], canvas, width, room, depth + 1)


def placeable(parts: list[Flowable]) -> list[Flowable]:
    """Parts handed back from a split, led by an action that takes no room: reportlab places the
    first part of a split at once, and then lays out (fits, splits or moves) each of the others."""
    return [NullActionFlowable(), *parts]


class KeepWithNext(Flowable):
    """A heading (and a short line under it) kept with the start of what follows. Like reportlab's
    KeepTogether it asks to be split wherever it stands, then hands its parts back to the frame: on
    this page when the follower can start here, else after a page break."""

    def __init__(self, lead: list[Flowable], follower: Flowable, page_height: float):
        super().__init__()
        self.lead, self.follower, self.page_height = lead, follower, page_height
        self.outline_entry = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0xFFFFFF  # always split: the parts are placed one by one

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's name)
        return self.lead[0].getSpaceBefore()

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        follower = self._follower(avail_width)
        parts = [*self.lead, *follower]
        if avail_height >= self.page_height - FUZZ:  # at the top of a page: nowhere better to go
            return placeable(parts)  # each laid out in turn: a heading taller than a page still splits
        lead = stacked_height(self.lead, avail_width, avail_height, self.canv)
        last = next((f for f in reversed(self.lead) if not isinstance(f, (Indenter, ActionFlowable))), None)
        room = avail_height - lead - (last.getSpaceAfter() if last else 0) - follower[0].getSpaceBefore()
        # The follower is laid out inside the lead's indents (a question's stem): measured there too.
        width = avail_width - sum(f.left + f.right for f in self.lead if isinstance(f, Indenter))
        if lead <= avail_height and starts_within(follower[0], self.canv, width, room):
            return parts
        return [FrameBreak(), *parts]

    def _follower(self, width: float) -> list[Flowable]:
        """What follows the lead: an item kept whole as it fits a page (a question with its first answer
        lines or items) but too tall for one under the lead is laid out as a longer one. Kept whole, it
        left the heading ("Questions", "Total: 8 marks.") alone on a page (lesson 01's homework at 36 pt)."""
        follower = self.follower
        if isinstance(follower, KeepShort):
            height = stacked_height([*self.lead, *follower.section], width, self.page_height, self.canv)
            if height > self.page_height + FUZZ:
                for f in (f for f in follower.section if isinstance(f, TickList)):
                    f.unsplit, f.split_short = False, True  # moved whole, the heading was left alone
                return list(follower.longer)
        return [follower]


class FirstThatStarts(Flowable):
    """Two layouts of the same content (a tall question: its sentence starters together over their
    lines, or each over lines of its own): the first where it can start on this page or at the top
    of a page, else the second where that can start here, else the first on the next page. Kept
    together under a heading, the first did not fit under it even at the top of a page, and the
    heading was left alone on a page of its own."""

    def __init__(self, first: list[Flowable], second: list[Flowable], page_height: float):
        super().__init__()
        self.first, self.second, self.page_height = first, second, page_height
        _link_fills(first)
        _link_fills(second)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0xFFFFFF  # always split: one of the layouts is placed

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's name)
        return self.first[0].getSpaceBefore()

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if avail_height >= self.page_height - FUZZ or starts_within(self.first[0], self.canv, avail_width,
                                                                      avail_height):
            return placeable(self.first)
        if starts_within(self.second[0], self.canv, avail_width, avail_height):
            return placeable(self.second)
        return placeable(self.first)


class Gap(Spacer):
    """Space after an item that a page never starts with: at the top of a page it takes no room (a plain
    Spacer there left a question kept whole 12 pt short of its room at 24 pt, and a page blank)."""

    def __init__(self, height: float, page_height: float):
        super().__init__(0, height)
        self.page_height = page_height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0 if avail_height >= self.page_height - FUZZ else self.height


class KeepTail(Flowable):
    """A text and what must follow its end (a gap fill's word bank), drawn as one block where both
    fit; else the text breaks so that at least its last `ANSWER_LINES_MIN` lines go overleaf with
    the follower (under `continued()`), which never starts a page alone."""

    def __init__(self, text: Flowable, follower: list[Flowable], page_height: float,
                 continued: Callable[[], Flowable] | None = None):
        super().__init__()
        self.text, self.follower, self.page_height = text, follower, page_height
        self.continued = continued
        """What heads the text's end overleaf ("Question 4 (continued)")."""
        if isinstance(text, Paragraph):
            text.whole_below = 0  # a short text may break after all: its end with the follower, not it alone

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = stacked_height([self.text, *self.follower], avail_width, self.page_height, self.canv)
        return self.width, self.height

    def draw(self) -> None:
        top, after = self.height, 0.0
        for i, f in enumerate([self.text, *self.follower]):
            _, h = f.wrapOn(self.canv, self.width, self.page_height)
            top -= (after + f.getSpaceBefore() if i else 0) + h
            f.drawOn(self.canv, 0, top)
            after = f.getSpaceAfter()

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = [self.text, *self.follower]
        if avail_height >= self.page_height - FUZZ:
            return placeable(parts)  # taller than a page: each laid out in turn
        # The frame wraps within an indent but asks for a split at its full width: the pieces are
        # cut at the width they are drawn at.
        avail_width = min(avail_width, self.width or avail_width)
        _, height = self.text.wrapOn(self.canv, avail_width, avail_height)
        leading = getattr(getattr(self.text, "style", None), "leading", 0)
        room = min(avail_height - self.text.getSpaceBefore(), height - ANSWER_LINES_MIN * leading - FUZZ)
        pieces = self.text.splitOn(self.canv, avail_width, room) if leading and room > leading else []
        if len(pieces) == 2 and pieces[0].wrapOn(self.canv, avail_width, room)[1] <= room + FUZZ:
            return [pieces[0], FrameBreak(), *([self.continued()] if self.continued else []), pieces[1], *self.follower]
        return [FrameBreak(), *parts]


class AnswerFill(Flowable):
    """Answer lines that grow a question's answer space to the page foot when what follows the
    question cannot start on this page (answer space is a minimum); nothing otherwise."""

    def __init__(self, theme: Theme, gap: float = 0):
        super().__init__()
        self.theme = theme
        self.gap = gap
        """The space between this question and the next item."""
        self.follower: Flowable | None = None
        """The next item in the story (set by `arrange`); None at the end: the last page may be short."""
        self.box: Flowable | None = None  # the stacked box its question ends in: it grows first
        self.count = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.count = avail_width, 0
        t = self.theme
        if self.follower is not None and avail_height < t.text_height - FUZZ:
            room = avail_height - self.gap - self.follower.getSpaceBefore()
            if not starts_within(self.follower, self.canv, avail_width, room):
                self.count = max(0, int((avail_height - 4) // t.answer_line_height))
        self.height = self.count * t.answer_line_height + (4 if self.count else 0)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        draw_rules(self.canv, self.theme, self.count, self.height, self.width)


class LabelOverleaf(ContinuedLabel):
    """"Question N (continued)" over the next item of a question (a box of a stacked table, an
    extension, lettered answers) where that item starts a new page; on this page it takes no room.
    Where the item cannot start here, the label goes overleaf with it (it asks for more room than
    is left), so a loose page says whose item it holds."""

    def __init__(self, label: str, theme: Theme, follower: Flowable):
        super().__init__(label, theme)
        self.follower = follower

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = super().wrap(avail_width, avail_height)
        if not self.shown and not starts_within(self.follower, self.canv, avail_width,
                                                avail_height - self.follower.getSpaceBefore()):
            height = avail_height + 1  # cannot stay: moves to the next page, where it is shown
        self.height = height
        return width, height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []


def _is_heading(flowable: Flowable) -> bool:
    return isinstance(flowable, Paragraph) and getattr(flowable, "is_heading", False)


def _short_paragraph(flowable: Flowable) -> bool:
    return (isinstance(flowable, Paragraph) and not _is_heading(flowable)
            and len(flowable.getPlainText()) <= LEAD_PARAGRAPH_CHARACTERS)


class KeepShort(KeepTogether):
    """A section under a minor heading (a mark scheme, a model answer) or a question: kept whole
    when shorter than `limit` (`unsplit_height` unless given), else laid out as `longer`."""

    def __init__(self, section: list[Flowable], longer: list[Flowable], theme: Theme, limit: float = 0,
                 after: list[Flowable] | None = None, starts_in_room: bool = False):
        super().__init__(section)
        self.section, self.longer, self.theme = section, longer, theme
        self.limit = limit or unsplit_height(theme)
        self.after = after or []
        """What follows the section laid out whole (the rest of a question's answer lines, free to
        continue overleaf); `longer` holds its own."""
        self.starts_in_room = starts_in_room
        """A question: where it cannot fit whole, more than `BLANK_SHARE_MAX` of the page is left and
        no answer space above it grows into that room (`filled_above`), it is laid out as `longer`
        from here, its stem with its first answer lines (moved whole after a question with no
        lines, a large-print extension stood alone on a page three-quarters blank)."""
        self.filled_above = False
        """Set by `_link_fills` where the item before it is a question whose answer space grows."""
        _link_fills(longer)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        height = stacked_height(self.section, avail_width, self.theme.text_height, self.canv)
        if (self.starts_in_room and not self.filled_above and height > avail_height + FUZZ
                and avail_height > self.theme.text_height * BLANK_SHARE_MAX
                and starts_within(self.longer[0], self.canv, avail_width, avail_height)):
            return placeable(list(self.longer))
        if height < self.limit:
            parts = super().split(avail_width, avail_height)
            # It fits here: each part is laid out in turn (the first is not forced into place).
            return [*(parts if parts and isinstance(parts[0], ActionFlowable) else placeable(parts)), *self.after]
        return placeable(list(self.longer))


def arrange(story: list[Flowable], theme: Theme) -> list[Flowable]:
    """The story with the keep rules applied: a short section under a minor heading (a mark
    scheme, a model answer) kept whole, every heading kept with the start of what follows,
    and each question's answer fill told what comes after it."""
    out = _keep_short_sections(story, theme)
    _link_fills(out)
    return out


def _lead_in(story: list[Flowable], i: int) -> bool:
    """Whether story[i] is a short line that introduces the list after it ("Indicative content:"):
    at a page's foot without its list it says nothing."""
    f = story[i]
    if not _short_paragraph(f) or not f.getPlainText().rstrip().endswith(":"):
        return False
    follower = next((g for g in story[i + 1:] if not passive(g)), None)
    return isinstance(follower, ListFlowable)


def _keep_headings(story: list[Flowable], theme: Theme) -> list[Flowable]:
    """Each heading, with a short line under it, and each line that leads in a list, kept with the
    start of what follows."""
    out: list[Flowable] = []
    i = 0
    while i < len(story):
        f = story[i]
        heading = _is_heading(f)
        if not heading and not _lead_in(story, i):
            out.append(f)
            i += 1
            continue
        lead = [f]
        i += 1
        while i < len(story) and (_is_heading(story[i]) or passive(story[i])):
            lead.append(story[i])
            i += 1
        if heading and i < len(story) and _short_paragraph(story[i]):
            lead.append(story[i])
            i += 1
            while i < len(story) and passive(story[i]):
                lead.append(story[i])
                i += 1
        if i < len(story):
            out.append(KeepWithNext(lead, story[i], theme.text_height))
            i += 1
        else:
            out.extend(lead)
    return out


def _keep_short_sections(story: list[Flowable], theme: Theme) -> list[Flowable]:
    """Minor headings (level 3) and what follows each up to the next heading, as `KeepShort`s;
    the other headings kept with what follows; in a teacher's document, sections `labelled`."""
    from .source_box import SourceBoxFlow  # here: it is built from this module's rules

    from .sections import labelled  # a teacher's section says whose it is overleaf

    plain: list[Flowable] = []
    i, whole = 0, (KeepTogether, SourceBoxFlow, AnswerFill)
    while i < len(story):
        f, end = story[i], i + 1
        entry = getattr(f, "outline_entry", None)
        while _is_heading(f) and entry and end < len(story) and not _is_heading(story[end]) and not getattr(
                story[end], "outline_entry", None):
            end += 1
        section = story[i:end]
        if entry and entry[1] >= 3 and end > i + 1 and not any(isinstance(g, whole) for g in section):
            plain.append(KeepShort(section, _keep_headings(labelled(section, theme, strict=True), theme), theme))
        else:
            plain.extend(labelled(section, theme) if _is_heading(f) else section)
        i = end
    return _keep_headings(plain, theme)  # a heading over a kept section stays with it too


def _link_fills(story: list[Flowable]) -> None:
    """Tells each answer fill (and a question's stacked boxes, its first kept with the stem) the next item
    it must leave room for, and the space before it: the box grows first, inside its frame."""
    for i, f in enumerate(story):
        if isinstance(f, KeepWithNext) and getattr(f.follower, "fills_page", False):
            f = f.follower  # moved whole, the next card left a page 37 % blank under this one
        box = getattr(f, "fills_page", False)
        if not isinstance(f, AnswerFill) and not box:
            continue
        gap = 0.0
        for g in story[i + 1:]:
            if isinstance(g, Spacer) and not isinstance(g, CondPageBreak):
                gap += g.height
            elif box and isinstance(g, AnswerFill):
                continue  # grown first, the box leaves the fill no room
            elif not passive(g):
                f.follower, f.gap = g, gap
                if isinstance(f, AnswerFill) and f.box is not None:
                    f.box.follower, f.box.gap = g, gap
                g.filled_above = True
                break


def as_heading(para: Paragraph) -> Paragraph:
    """Marks a heading for `arrange`, which keeps it with the start of what follows (in place of
    reportlab's keep-with-next, which moves all of what follows)."""
    para.is_heading = True
    para.keepWithNext = 0
    return para

"""A teacher's section (a question's answers, "Differentiation") that runs over a page.

It breaks between its paragraphs and list items in preference to inside one, never inside a
short one, never leaving its heading with one item at a page foot, and says whose it is at the
top of the next page ("Question 3 (continued)"). Split by reportlab alone, a model answer broke
mid-sentence and the lines overleaf said nothing of whose they were (issue 16).
"""

from __future__ import annotations

import math
import re

from reportlab.platypus import Flowable, FrameBreak, ListFlowable

from ...page_rules import BLANK_SHARE_MAX, TEXT_LINES_SIDE, TEXT_LINES_WHOLE, unsplit_height
from ...theme import Theme
from . import prose_breaks
from .answer_stack import ITEMS_SIDE, Stack, answer_apart
from .flowables import ContinuedLabel, Paragraph
from .keep import (FUZZ, LEAD_PARAGRAPH_CHARACTERS, LabelOverleaf, _short_paragraph, passive, stacked_height,
                   starts_within)
from .rl_compat import split_after_lines
from .rl_compat.lists import list_children, list_indent, list_options
from .sentence_breaks import CLAUSE, SEARCH_LINES, at_sentence, item_at_sentence, sentence_end

KEY_ITEM = re.compile(r"—\s*(True|False)\s*$")  # how a true/false key's item ends: a key is read whole
LEVEL_ITEM = re.compile(r"^Level \d+ \(")
"""How each item of a mark scheme's level descriptors starts: a marker places an answer by reading
the levels side by side, so they are read whole as a key is (split 2 + 2, Levels 3–4 were overleaf)."""
KEY_WHOLE_SHARE = 0.8  # a true/false key shorter than this share of a page never splits
SQUEEZED_GAP = 1 / 6
"""The least space (in body lines) between a question's wording and its answer where narrowing the gap
brings the answer onto the page (dyslexia lesson 02's question 6 missed by 8 pt: a page 51 % blank)."""
LEVELS_WHOLE_SHARE = 0.9
"""Level descriptors shorter than this share of a page (they fit one under its "(continued)" label)
never split; a longer list (lesson 02's at 24 pt) splits between its levels."""


def section_label(title: str) -> str:
    """What a heading's section is called overleaf: "Question 3 (6 marks)" is "Question 3"."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", title).strip()


def labelled(section: list[Flowable], theme: Theme, strict: bool = False) -> list[Flowable]:
    """A section (its heading first) as blocks that split by `TextBlock`'s rules, each after the
    first led by "<label> (continued)" shown where it starts a page; the section itself where its
    heading has no label (a student's paper). `strict` (a question's answers): its paragraphs break
    only at a sentence end."""
    label = getattr(section[0], "continued_as", "")
    lead = len(section) == 2 and isinstance(section[1], Paragraph) and len(
        section[1].getPlainText()) <= LEAD_PARAGRAPH_CHARACTERS
    if not label or lead:  # a heading and a line or two: kept with the next section (keep._keep_headings)
        return section
    out: list[Flowable] = [section[0]]
    items: list[Flowable] = []  # what is printed, in order: text blocks, boxes, tables
    rejoin = strict or prose_breaks.allowed()
    for f in _answers_with_marks(_rejoined(section[1:], theme) if rejoin else section[1:], theme):
        whole = _whole(f, theme)
        apart = (isinstance(f, ListFlowable) and getattr(f, "text_height", 0) >= unsplit_height(theme)
                 and whole is f)
        for g in _paired(getattr(f, "items_apart", None) or [f], theme) if apart else [whole]:
            text = isinstance(g, (Paragraph, ListFlowable, Stack)) and not getattr(g, "is_heading", False)
            item = TextBlock(g, label, theme, strict) if text else g
            # Before each item but the first, and not twice (a lesson plan's cards bring their own).
            if items and not passive(g) and not isinstance(g, LabelOverleaf) and not isinstance(
                    next((h for h in reversed(out) if not passive(h)), None), LabelOverleaf):
                out.append(LabelOverleaf(label, theme, item))
            items += [] if passive(g) or isinstance(g, LabelOverleaf) else [item]
            out.append(item)
    # The heading's page holds two items: a section's intro and two items of the list it leads in
    # (not one alone at a page foot), or its intro and the box under it; a question's wording and
    # the start of its answer.
    for lead, follower in zip(items[1:], items[2:]):  # "Indicative content:" never ends a page alone
        if isinstance(lead, TextBlock) and isinstance(lead.flowable, Paragraph) and len(
                lead.flowable.getPlainText()) <= LEAD_PARAGRAPH_CHARACTERS and lead.flowable.getPlainText(
                ).rstrip().endswith(":"):
            lead.with_next, follower.must_start = [follower], True
    if len(items) > 1 and isinstance(items[0], TextBlock):
        listed = (len(items) > 2 and isinstance(items[0].flowable, Paragraph) and isinstance(items[1], TextBlock)
                  and isinstance(items[1].flowable, ListFlowable) and section[0].outline_entry[1] < 3)
        # A first block joined to the list under it (a question's wording and its true/false key, an
        # intro and its list) or of two items (`_paired`) is the two items the heading's page holds
        # (a question's start of its answer): what follows may go overleaf (kept with it, lesson 03's
        # question 5 left a dyslexia page 53 % blank, lesson 04's 24 pt Differentiation one 45 %).
        answered = isinstance(items[0].flowable, Stack)
        # A question's key ("Answer: A — …") starts its answer only with its model answer's start.
        keyed = strict and len(items) > 2 and _short_paragraph(getattr(items[1], "flowable", None))
        items[0].with_next = [] if answered else items[1:3] if listed or keyed else items[1:2]
        items[0].heading = section[0]
        for item in items[0].with_next:
            item.must_start = True
    return out


def _rejoined(blocks: list[Flowable], theme: Theme) -> list[Flowable]:
    """The blocks with the pieces of a paragraph of up to three pages (cut where its lines break,
    `flowables.line_pieces`) made one paragraph again, so that it breaks at a sentence end."""
    out: list[Flowable] = []
    for f in blocks:
        whole = getattr(f, "whole", None)
        if whole is not None and out and out[-1] is whole:
            continue
        if whole is not None and whole.wrap(theme.text_width, 1e6)[1] <= theme.text_height * 3:
            f = whole
        out.append(f)
    return out


def _plain(flowable: Flowable) -> str:
    """The words of a paragraph, or of a list item's paragraphs."""
    if isinstance(flowable, Paragraph):
        return flowable.getPlainText()
    return " ".join(_plain(f) for f in list_children(flowable))


def _height(flowable: Flowable, width: float) -> float:
    """About how tall a paragraph, or a list's paragraphs, print at `width` (measured before a
    canvas is there to lay a list out on)."""
    if isinstance(flowable, Paragraph):
        return flowable.wrap(width, 1e6)[1] + flowable.getSpaceAfter()
    inner = width - list_indent(flowable)
    return sum(_height(f, inner) for f in list_children(flowable))


def _read_whole(f: ListFlowable) -> bool:
    """Whether a list is read whole: a true/false answer key (each statement with its verdict) or a
    mark scheme's level descriptors (each item a level)."""
    items = list_children(f)
    return bool(items) and (all(KEY_ITEM.search(_plain(item)) for item in items)
                            or all(LEVEL_ITEM.search(_plain(item)) for item in items))


def _whole(f: Flowable, theme: Theme) -> Flowable:
    """An answer key or a list of levels that fits a page (`KEY_WHOLE_SHARE`, `LEVELS_WHOLE_SHARE`) as a block that
    never splits (split 1/3, a key's first statement stood at a page foot with the others overleaf);
    anything else as it is."""
    if isinstance(f, ListFlowable) and _read_whole(f):
        levels = all(LEVEL_ITEM.search(_plain(item)) for item in list_children(f))
        share = LEVELS_WHOLE_SHARE if levels else KEY_WHOLE_SHARE
        # Levels longer than a third of a page may part before a long last level where moving them
        # whole would leave a page more than a quarter blank (`answer_apart`: lesson 03's 24 pt ones left
        # mark scheme p13 44 % blank); a key never.
        parts = levels and _height(f, theme.text_width) >= unsplit_height(theme)
        return Stack([f], apart=parts) if _height(f, theme.text_width) < theme.text_height * share else f
    return f


def _paired(items: list[Flowable], theme: Theme) -> list[Flowable]:
    """A long list's items, each a block of its own but the first `ITEMS_SIDE` and the last
    `ITEMS_SIDE` joined (`Stack`) where the end item (of the last two, either) is short
    (`TEXT_LINES_WHOLE` lines or fewer) and together well under a page: a list that splits leaves
    two items on each side (a mark scheme's third point went overleaf alone), or a long item of its
    own (a level descriptor)."""
    line = theme.leading(theme.body_size)

    def joined(group: list[Flowable], end: Flowable) -> list[Flowable]:
        height = sum(_height(g, theme.text_width) for g in group)
        short = _height(end, theme.text_width) < (TEXT_LINES_WHOLE + 0.5) * line  # a long one stands alone
        return [Stack(group, apart=True)] if len(group) > 1 and short and height < theme.text_height * 0.6 else group

    if len(items) < 2 * ITEMS_SIDE:
        return joined(items, min(items, key=lambda g: _height(g, theme.text_width)))
    # The last two are joined where either is short: after the end of a long item that broke, the
    # one before the last stood alone at a page foot (lesson 03's 36 pt Differentiation).
    return [*joined(items[:ITEMS_SIDE], items[0]), *items[ITEMS_SIDE:-ITEMS_SIDE],
            *joined(items[-ITEMS_SIDE:], min(items[-ITEMS_SIDE:], key=lambda g: _height(g, theme.text_width)))]


def _answers_with_marks(blocks: list[Flowable], theme: Theme) -> list[Flowable]:
    """The blocks with each paragraph that a list follows (a model answer and its mark points)
    joined to it, where the two are shorter than `unsplit_height`: a teacher marking reads an
    answer with its marks without turning over (split, "• Correct option (1)" stood alone at
    the top of a page)."""
    out: list[Flowable] = []
    for f in blocks:
        before = next((i for i in range(len(out) - 1, -1, -1) if not passive(out[i])), None)
        para = out[before] if before is not None else None
        if (isinstance(f, ListFlowable) and isinstance(para, Paragraph) and not getattr(para, "is_heading", False)
                and para.wrap(theme.text_width, theme.text_height)[1] + getattr(f, "text_height", math.inf)
                < unsplit_height(theme)):
            # A model answer (not the question's wording, which never ends a page without its key) may
            # part from its marks to fill a page (`answer_stack.answer_apart`).
            out[before:] = [Stack([g for g in (*out[before:], f) if not passive(g)],
                                  apart=any(not passive(g) for g in out[:before]))]
        else:
            out.append(f)
    return out


class TextBlock(Flowable):
    """A paragraph or a list item of a section that breaks only where a reader can bear it: one of
    `TEXT_LINES_WHOLE` lines or fewer, or shorter than `unsplit_height` (a model answer; a mark scheme's
    list, kept whole by `labelled`), never; a longer one with `TEXT_LINES_SIDE` lines on each side,
    at a sentence end where one is near, and only where more than an eighth of the page is left
    (else the break goes before it: between blocks). The piece overleaf is headed
    "<label> (continued)". `with_next` are blocks that start on its page with it (under a heading):
    where they cannot, it moves to the next page with them, where that leaves no more than
    `BLANK_SHARE_MAX` of the page blank (the rule fills pages); a question's wording (`strict`) or a
    lead-in ("The essay's words are quoted exactly; …" over the first fact check) however much
    blank that leaves (the next item could not fit): neither ends a page without what it leads to."""

    def __init__(self, flowable: Flowable, label: str, theme: Theme, strict: bool = False):
        super().__init__()
        self.flowable, self.label, self.theme, self.strict = flowable, label, theme, strict
        self.items = list_children(flowable) if isinstance(flowable, ListFlowable) else []
        """A list's items, read before it is laid out (reportlab then drops them): `_near_sentence`."""
        """`strict`: a paragraph breaks only after a line that ends a sentence (else it moves whole)."""
        self.with_next: list[Flowable] = []
        self.heading: Flowable | None = None
        """The heading over it (that moves with it): with it, the blank that moving leaves."""
        self.must_start = False
        """Kept on its page by the block before it: it starts there where any two lines fit."""

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's name)
        return self.flowable.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802 (reportlab's name)
        return self.flowable.getSpaceAfter() - getattr(self, "squeeze", 0.0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.flowable.wrapOn(self.canv, avail_width, avail_height)
        self.squeeze = 0.0
        # A frame takes nothing taller than the room left; the keep rules' measures allow FUZZ: asked
        # whether it starts where it is `FUZZ` too tall, it says no (and moves with its label).
        self.height += FUZZ
        page = self.theme.text_height
        fresh = page - self._heading_height(avail_width) - FUZZ  # its room on the next page, under its heading
        firm = self.strict or (isinstance(self.flowable, Paragraph) and len(
            self.flowable.getPlainText()) <= LEAD_PARAGRAPH_CHARACTERS)  # a question's wording, a lead-in
        if (self.with_next and self.height <= avail_height + FUZZ and avail_height < fresh
                and (firm or avail_height + self._heading_height(avail_width) <= page * BLANK_SHARE_MAX)
                and not self._followers_start(avail_width, avail_height)
                and self._followers_start(avail_width, fresh)):
            # A question's answer a few points too tall for the room under its wording starts there
            # with the gap between them narrowed (`SQUEEZED_GAP`); else the wording moves with it.
            squeeze = self.flowable.getSpaceAfter() - self.theme.leading(self.theme.body_size) * SQUEEZED_GAP
            if not (self.strict and squeeze > 0 and self._followers_start(avail_width, avail_height + squeeze)):
                return self.width, avail_height + 1  # cannot stay without them: moves (split gives nothing)
            self.squeeze = squeeze
        return self.width, self.height

    def _label_height(self, width: float) -> float:
        return ContinuedLabel(self.label, self.theme).wrapOn(self.canv, width, self.theme.text_height)[1]

    def _heading_height(self, width: float) -> float:
        """What stands over it at the top of the next page: its heading, or its "(continued)" label."""
        label = self._label_height(width)
        if self.heading is None:
            return label
        return max(label, self.heading.wrapOn(self.canv, width, self.theme.text_height)[1]
                   + self.heading.getSpaceAfter())

    def _followers_start(self, width: float, room: float) -> bool:
        """Whether the blocks it keeps with fit under it, the last at least started, as the frame
        measures them: itself `FUZZ` taller as placed (`wrap`), and `starts_within` allows `FUZZ` the
        frame does not (lesson 01's dyslexia notes left question 8's wording at a page foot, its model
        answer 0.4 pt too tall for the room under it)."""
        *whole, last = [self.flowable, *self.with_next]
        height = stacked_height(whole, width, self.theme.text_height, self.canv) + FUZZ
        return starts_within(last, self.canv, width,
                             room - height - whole[-1].getSpaceAfter() - last.getSpaceBefore() - FUZZ)

    def draw(self) -> None:
        self.flowable.drawOn(self.canv, 0, 0)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        f, page = self.flowable, self.theme.text_height
        _, height = f.wrapOn(self.canv, avail_width, page)
        leading = f.style.leading if isinstance(f, Paragraph) else self.theme.leading(self.theme.body_size)
        strict = self.strict and isinstance(f, Paragraph)
        if avail_height >= page - FUZZ:  # at the top of a page: it stays, and breaks if it must
            if height <= avail_height:
                return [f]
            room = avail_height - f.getSpaceBefore()
            parts = (at_sentence(f, avail_width, room, leading) or at_sentence(f, avail_width, room, leading, CLAUSE)
                     if strict else self._near_sentence(avail_width, room, leading) or prose_breaks.sentence_cut(
                         f, self.canv, avail_width, room, leading, page))
            return self._overleaf(*((parts[:1], parts[1:]) if parts else _pieces(f, self.canv, avail_width,
                                                                                  avail_height)))
        # Moved whole, it would leave more than `BLANK_SHARE_MAX` of the page blank, or take the block
        # that keeps it here (a question's wording) with it.
        parted = (answer_apart(f, self.canv, avail_width, avail_height, self.theme.leading(self.theme.body_size))
                 if avail_height > page * BLANK_SHARE_MAX or self.must_start else [])
        if parted:
            return self._overleaf(*parted)
        lines = round(height / leading)
        if height <= avail_height + FUZZ or lines <= TEXT_LINES_WHOLE or height < unsplit_height(self.theme) or (
                avail_height < page * BLANK_SHARE_MAX / 2 and not self.must_start):
            return self._moved()
        most = min(int((avail_height - f.getSpaceBefore() + FUZZ) // leading), lines - TEXT_LINES_SIDE)
        if most < TEXT_LINES_SIDE:
            return self._moved()
        room, fresh = avail_height - f.getSpaceBefore(), page - self._label_height(avail_width) - FUZZ
        sentences = self._cut(avail_width, room, leading)
        if not sentences and self.strict and self.must_start:
            # Kept here by the block before it (a question's wording), moved it would take that block
            # with it: it breaks at a clause's end here first (moved whole, lesson 03's 24 pt
            # question 6 left a page 42 % blank).
            sentences = self._cut(avail_width, room, leading, CLAUSE)
        if not sentences and self.strict:
            if max(avail_height, height) < fresh:
                return self._moved()  # no sentence ends where it could break: it moves whole, and fits there
            # Taller than a page: it breaks at a sentence end overleaf rather than mid-sentence here,
            # where that leaves no more than `BLANK_SHARE_MAX` of this page blank; else at a clause's end
            # here ("…; credit any"), else at one overleaf. Moving gains a line at least: never twice.
            gains = avail_height + leading < fresh - f.getSpaceBefore()
            fresh_room = fresh - f.getSpaceBefore()
            if gains and avail_height <= page * BLANK_SHARE_MAX and self._cut(avail_width, fresh_room, leading):
                return self._moved()
            sentences = self._cut(avail_width, room, leading, CLAUSE)
            if not sentences and gains and (self._cut(avail_width, fresh_room, leading)
                                            or self._cut(avail_width, fresh_room, leading, CLAUSE)):
                return self._moved()
        sentences = sentences or self._near_sentence(avail_width, room, leading) or (
            [] if self.strict else prose_breaks.sentence_cut(f, self.canv, avail_width, room, leading, page))
        heading = self._heading_height(avail_width) if self.heading is not None else 0.0
        if sentences:
            here, there = sentences[:1], sentences[1:]
        elif not self.strict and not self.must_start and prose_breaks.moves_whole(f, avail_height + heading, page):
            return [] if self.heading is not None else self._moved()  # with its heading, if it has one
        elif isinstance(f, Paragraph):
            lines_here = sentence_end(f, avail_width, most)
            parts = (not self.strict and prose_breaks.word_cut(f, avail_width, lines_here, leading)) or split_after_lines(
                f, avail_width, lines_here)
            here, there = parts[:1], parts[1:]
        else:
            here, there = _pieces(f, self.canv, avail_width, most * leading + f.getSpaceBefore() + FUZZ, leading)
        fits = bool(here and there) and (stacked_height(here, avail_width, page, self.canv)
                                         + here[0].getSpaceBefore() <= avail_height)  # as strict as a frame
        return self._overleaf(here, there) if fits else self._moved()

    def _cut(self, width: float, room: float, leading: float, boundary=None) -> list[Flowable]:
        """Its text in two at a sentence end (or `boundary`) that fits `room`, as `sentence_breaks`
        finds one: only in a question's answers (`strict`); [] where none fits."""
        if not self.strict:
            return []
        cut = at_sentence if isinstance(self.flowable, Paragraph) else item_at_sentence
        return cut(self.flowable, width, room, leading, *([boundary] if boundary else []))

    def _near_sentence(self, width: float, room: float, leading: float) -> list[Flowable]:
        """A long list item of another section ("Differentiation") in two at a sentence end within
        `SEARCH_LINES` of the page foot, not where its lines break ("…kept by the regime itself, /
        which counted …" at 24 pt); [] in a question's answers (`_cut`) or where none is near."""
        if self.strict or len(self.items) != 1:
            return []
        near = item_at_sentence(ListFlowable(self.items, **list_options(self.flowable)), width, room, leading)
        return near if near and near[0].wrapOn(self.canv, width, room)[1] >= room - SEARCH_LINES * leading else []

    def _moved(self) -> list[Flowable]:
        """It whole on the next page under its label (the label before it may have stayed on this
        page: measured with the keep rules' slack, it took it to fit where the frame did not)."""
        return [FrameBreak(), ContinuedLabel(self.label, self.theme),
                TextBlock(self.flowable, self.label, self.theme, self.strict)]

    def _overleaf(self, here: list[Flowable], there: list[Flowable]) -> list[Flowable]:
        if not here or not there:
            return []
        return [*here, FrameBreak(), ContinuedLabel(self.label, self.theme),
                *(TextBlock(part, self.label, self.theme, self.strict) for part in there)]


def _pieces(f: Flowable, canvas, width: float, height: float,
            leading: float = 0.0) -> tuple[list[Flowable], list[Flowable]]:
    """A list's item split at `height` into what stays and what goes overleaf: a list splits into
    its items whole, and an item of a long paragraph (in pieces, `line_pieces`) between them; the
    piece at the break is split again to fill the page, where (with `leading`) that leaves
    `TEXT_LINES_SIDE` lines or more on each side. Broken only between pieces, a 24-line item at 36 pt
    left its page 37 % blank."""
    parts = f.splitOn(canvas, width, height)
    if not parts or parts[0] is f:
        return [], []
    here: list[Flowable] = []
    used = 0.0
    for i, part in enumerate(parts):
        need = part.wrapOn(canvas, width, height)[1] + (part.getSpaceBefore() if here else 0)
        if used + need <= height:
            here.append(part)
            used += need
            continue
        room = height - used - (part.getSpaceBefore() if here else 0)
        split = part.splitOn(canvas, width, room) if not here or room >= TEXT_LINES_SIDE * leading > 0 else []
        if len(split) > 1 and (not leading or split[1].wrapOn(canvas, width, height)[1] >= TEXT_LINES_SIDE * leading):
            return [*here, split[0]], [*split[1:], *parts[i + 1:]]
        return here, parts[i:]
    return here, []

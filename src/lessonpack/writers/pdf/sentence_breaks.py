"""Where a teacher's paragraph may break across pages: after a sentence, else after a clause.

A teacher reading a model answer or a level descriptor turns over between two thoughts, not in the
middle of one ("… the post gave him the power, but he used it / skilfully; credit any …"). These
find the last such place that fits the room on a page; `sections.TextBlock` decides what to do
where none does (move the block, or break at a line end as a last resort).
"""

from __future__ import annotations

import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, ListFlowable, ListItem

from ...linebreak import ABBREVIATION
from ...page_rules import TEXT_LINES_SIDE
from .flowables import Paragraph
from .rl_compat import split_after_lines
from .rl_compat.lists import list_children, list_indent, list_options

SENTENCE_END = re.compile(r"[.!?;:][\"'”’)]*$")
"""How a printed line that ends a sentence (or a clause) ends."""
SEARCH_LINES = 3
"""How many lines above the lowest place a split looks for a sentence end."""
BOUNDARY = re.compile(r"(?<=[a-z0-9)'’\"”][.!?])([\"'”’)]*)\s+(?=[A-Z0-9‘“'\"(])")
"""Where one sentence of a paragraph's markup ends and the next starts: where a question's answers
may break (`TextBlock.strict`). A quotation may end a sentence ("… were 'secondary'. Own …")."""
CLAUSE = re.compile(r"(?:(?<=;)|(?<=\s→)(?=\s+[A-Z][a-z]))()\s+(?=\S)")
"""Where a clause ends inside a sentence ("… he used it skilfully; credit any judgement …"), or a step
of a correct order ("… is arrested → / The soviet's leaders …", not a matching key's "1 → D"): where a
sentence too tall for the room breaks rather than between two words (a correct order of one sentence
moved whole: lesson 02's 24 pt mark scheme left page 6 70 % blank)."""
WORD = re.compile(r"()\s+(?=\S)")
"""Between two words: where a paragraph of a teacher's other section that must break mid-sentence is cut
in its markup (`sections.TextBlock._marked_cut`), so the piece overleaf keeps it."""
ENTITY = re.compile(r"&#?\w+;$")
"""A character written as an entity ("&amp;"): its ";" ends no clause."""
INLINE_TAG = re.compile(r"<(/?)(b|i|u|strong|em|font|span|a|super|sub|strike)\b[^>]*>")


def sentence_end(para: Paragraph, width: float, most: int) -> int:
    """How many lines of the paragraph to leave on this page, at most `most`: the most that end a
    sentence outside brackets within `SEARCH_LINES` of it (not at an abbreviation, "R. V."), else
    the most outside brackets, else `most`."""
    balanced = None
    for lines in range(most, max(TEXT_LINES_SIDE, most - SEARCH_LINES) - 1, -1):
        text = split_after_lines(para, width, lines)[0].getPlainText().rstrip()
        if text.count("(") != text.count(")"):
            continue
        if SENTENCE_END.search(text) and not ABBREVIATION.search(text):
            return lines
        balanced = balanced or lines
    return balanced or most


def at_sentence(para: Paragraph, width: float, room: float, leading: float,
                boundary: re.Pattern = BOUNDARY) -> list[Paragraph]:
    """The paragraph in two at the last sentence end (or `boundary`: `CLAUSE`) that leaves at least
    `TEXT_LINES_SIDE` lines on each side and fits `room` (the first piece's last line may be short,
    as a paragraph's is); [] where none does. Cut where a line ends, a model answer broke
    mid-sentence ("… when the / soviet called off a strike")."""
    text, least = getattr(para, "text", ""), TEXT_LINES_SIDE * leading - 0.5
    if not isinstance(text, str):
        return []
    for match in reversed(list(boundary.finditer(text))):
        head, tail = text[:match.start()] + match.group(1), text[match.end():]
        opened = [m.group(2) for m in INLINE_TAG.finditer(head) if not m.group(1)]
        closed = [m.group(2) for m in INLINE_TAG.finditer(head) if m.group(1)]
        plain = re.sub(r"<[^>]*>", "", head)
        if (head.count("<") != head.count(">") or len(opened) != len(closed) or ABBREVIATION.search(plain)
                or plain.count("(") != plain.count(")") or ENTITY.search(head)):
            continue
        first = Paragraph(head, para.style)
        rest = Paragraph(tail, para.style if not para.style.firstLineIndent else ParagraphStyle(
            f"{para.style.name}-rest", parent=para.style, firstLineIndent=0))
        high, low = first.wrap(width, 1e6)[1], rest.wrap(width, 1e6)[1]
        if high > room or low < least:  # as strict as the frame that places it
            continue
        if high < least:
            return []
        for part in (first, rest):
            part.structure = getattr(para, "structure", None)
        return [first, rest]
    return []


def item_at_sentence(f: Flowable, width: float, room: float, leading: float,
                     boundary: re.Pattern = BOUNDARY) -> list[Flowable]:
    """A list of one item (a level descriptor, a mark point) in two at a sentence end of its text, as
    `at_sentence` cuts a paragraph: the piece overleaf under no bullet of its own; [] where it
    cannot be cut so."""
    items = list_children(f)
    if not isinstance(f, ListFlowable) or len(items) != 1:
        return []
    paras = list_children(items[0])
    whole = {id(getattr(p, "whole", None)) for p in paras}
    if len(paras) > 1 and len(whole) == 1 and getattr(paras[0], "whole", None) is not None:
        paras = [paras[0].whole]
    if len(paras) != 1 or not isinstance(paras[0], Paragraph):
        return []
    parts = at_sentence(paras[0], width - list_indent(f), room, leading, boundary)
    if not parts:
        return []
    options = list_options(f)
    here = ListFlowable([ListItem([parts[0]])], **options)
    there = ListFlowable([ListItem([parts[1]])], **dict(options, bulletType="bullet", bulletFormat=None, start=""))
    return [here, there]

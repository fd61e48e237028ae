"""The keep rules of a question's section in the teacher notes and the mark scheme, when it is too
long to keep whole: its heading and stem with the start of its answer, each short answer
paragraph (a model answer) unbroken, and an answer with its mark points or levels when together
they are short (issue 16: a model answer broken mid-sentence, a stem at a page foot, "Level 1"
on one page and "Level 2" on the next)."""

from __future__ import annotations

from reportlab.platypus import Flowable, ListFlowable

from ...page_rules import BLANK_SHARE_MAX, TICK_ITEMS_MIN, unsplit_height
from ...theme import Theme
from .flowables import Paragraph
from .keep import KeepShort, KeepWithNext, _keep_headings, _lead_in, passive, stacked_height


def kept_section(section: list[Flowable], theme: Theme) -> KeepShort:
    """A question's section in the teacher notes or the mark scheme, with its keep rules."""
    return KeepShort(section, answer_units(section, theme), theme)


def answer_units(section: list[Flowable], theme: Theme) -> list[Flowable]:
    """A section (a heading, a stem paragraph, then answers and lists) laid out in units: the
    heading and stem (shorter than `BLANK_SHARE_MAX` of a page) kept with the start of the first unit; a paragraph shorter than
    `unsplit_height` moved whole rather than broken; a paragraph and the list under it kept
    together while they are shorter than that. Other sections: each heading kept with what follows."""
    stem = next((i for i, f in enumerate(section[1:], 1) if not passive(f)), None)
    if stem is None or not isinstance(section[stem], Paragraph):
        return _keep_headings(section, theme)
    long_stem = (stacked_height(section[:stem + 1], theme.text_width, theme.text_height)
                 > theme.text_height * BLANK_SHARE_MAX)
    if long_stem:  # it breaks like text (large print): moved with its answer, it left a page half blank
        stem = 0
    after = stem + 1
    while after < len(section) and passive(section[after]):
        after += 1
    lead, rest = section[:after], section[after:]
    units: list[Flowable] = []
    i = 0
    while i < len(rest):
        f = rest[i]
        if isinstance(f, Paragraph) and not f.joined and not (long_stem and i == 0):
            if stacked_height([f], theme.text_width, theme.text_height) < unsplit_height(theme):
                f.whole_below = theme.text_height - 1  # a short answer moves whole, unbroken
            j = i + 1
            while j < len(rest) and passive(rest[j]):
                j += 1
            if j < len(rest) and isinstance(rest[j], ListFlowable):  # its mark points or levels
                group = rest[i:j + 1]
                items = _list_units(group[-1], theme)
                if _lead_in(group, 0):  # "Indicative content:" stays with the start of its list
                    longer = [KeepWithNext(group[:-1], items[0], theme.text_height), *items[1:]]
                else:
                    longer = [*group[:-1], *items]
                units.append(KeepShort(group, longer, theme))
                i = j + 1
                continue
        units += _list_units(f, theme) if isinstance(f, ListFlowable) else [f]
        i += 1
    first = next((k for k, f in enumerate(units) if not passive(f)), None)
    if first is None:
        return _keep_headings(section, theme)
    return [*units[:first], KeepWithNext(lead, units[first], theme.text_height), *units[first + 1:]] \
        if first == 0 else [KeepWithNext(lead + units[:first], units[first], theme.text_height), *units[first + 1:]]


def _list_units(flowable: ListFlowable, theme: Theme) -> list[Flowable]:
    """A list (mark points, levels, true/false answers) that breaks between its items, at least
    `TICK_ITEMS_MIN` on each side (split three to one, a mark scheme's last point stood alone
    overleaf); a shorter list kept whole. Kept only while shorter than `BLANK_SHARE_MAX` of a page:
    long items (large print) kept in twos left a page 60 % blank."""
    n, most = TICK_ITEMS_MIN, theme.text_height * BLANK_SHARE_MAX
    items = getattr(flowable, "items_apart", None)
    if not items or len(items) < 2 * n:
        return [KeepShort([flowable], [flowable], theme, limit=most)]
    return [KeepShort(items[:n], items[:n], theme, limit=most), *items[n:-n],
            KeepShort(items[-n:], items[-n:], theme, limit=most)]

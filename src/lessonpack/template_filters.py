"""The filters lessonpack adds to templates, and how a printed value becomes markup.

Every value a template prints is escaped for the markup unless the template marks
it as markup itself (the `markup` filter, or the output of a macro), so essay and
lesson text always print literally.
"""

from __future__ import annotations

from typing import Any

import jinja2

from .directives import escape
from .template_data import describe, is_data


class Markup(str):
    """Text that is already markup: printed by templates without escaping."""


def finalize(value: Any) -> str:
    """What a template prints for a value: markup as is, data escaped, anything else refused."""
    if isinstance(value, Markup):
        return value
    if value is None:
        raise jinja2.TemplateRuntimeError(
            "the template printed a value that is empty (None); wrap it in {% if … %}")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not is_data(value):  # its repr would name classes and modules
        raise jinja2.exceptions.SecurityError(f"the template printed {describe(value)}, "
                                              "which is not text, a number or a list")
    return escape(str(value))


def _as_markup(value: Any) -> Markup:
    """Filter `markup`: print a value as markup, not as literal text."""
    return Markup(str(value))


def _whole(value: Any, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise jinja2.TemplateRuntimeError(f'the {what} filter needs a whole number, not "{value}"') from None


def _letter(index: int) -> str:
    """Filter `letter`: 1 -> "a", 2 -> "b", for question parts and options."""
    number = _whole(index, "letter")
    if not 1 <= number <= 26:
        raise jinja2.TemplateRuntimeError(f"the letter filter needs a number from 1 to 26, not {number}")
    return "abcdefghijklmnopqrstuvwxyz"[number - 1]


def _attr(value: Any, *rest: Any) -> Markup:
    """Filter `attr`: a directive option value, quoted and escaped.

    It replaces Jinja's own `attr` filter, the classic way out of a sandbox
    (`|attr('__class__')`), so asking it for an attribute is refused.
    """
    if rest:
        raise jinja2.exceptions.SecurityError("attr(…) here quotes a directive option; "
                                              "it cannot look up attributes")
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return Markup(f'"{text}"')


def _oneline(value: Any) -> str:
    """Filter `oneline`: the value with its line and paragraph breaks as spaces.

    For table cells: a line break inside `| … |` would end the row and scatter the
    rest of the table.
    """
    return " ".join(str(value).split())


def _marks(value: int) -> str:
    """Filter `marks`: 1 -> "1 mark", 4 -> "4 marks", with a no-break space, so that a narrow
    column never leaves "(2" at the end of one line and "marks)" on the next."""
    return f"{value}\u00a0mark" if _whole(value, "marks") == 1 else f"{value}\u00a0marks"


TIE_LONGEST = 4
"""The longest last word `tie` keeps with the word before it ("to:", "his", "1917" are; "Soviet." is not)."""


def _tie(value: Any) -> str:
    """Filter `tie`: a short last word joined to the word before it by a no-break space, so an
    instruction or option never ends on a line holding only "to:" ("you will be able / to:").
    A longer last word is left free to break: tied to its neighbour it could not fit a narrow column."""
    text = str(value)
    head, space, last = text.rstrip().rpartition(" ")
    if not space or not head or len(last.strip(".,;:!?)'’\"")) > TIE_LONGEST:
        return text
    return f"{head}\u00a0{last}"


FILTERS = dict(markup=_as_markup, letter=_letter, attr=_attr, marks=_marks, oneline=_oneline, tie=_tie)
"""Filters every template may use besides Jinja's own (`attr` replaces Jinja's)."""

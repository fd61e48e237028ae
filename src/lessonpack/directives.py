"""The `:::` directive line of the markup: its syntax, its options, and escaping text so it
never becomes a directive or Markdown. `markup.py` builds the blocks each directive makes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import LessonpackError

# ASCII punctuation CommonMark lets a backslash escape.
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_ATTR = re.compile(r'\s*(?:(?P<key>[A-Za-z_][\w-]*)=)?(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<bare>[^\s"]+))')
_UNESCAPE = re.compile(r"\\(.)")


# The key=value options each directive takes; any other is a mistake (a typo would
# otherwise be ignored and, say, a box would print without its title).
OPTIONS: dict[str, set[str]] = {
    "question": {"marks", "space", "lines", "minutes"},
    "box": {"title"},
    "details": {"name", "class", "fields", "note"},
    "choices": {"style"},
    "organiser": {"lines", "widths"},
    "timeline": {"title"},
    "figure": {"alt", "caption"},
    "grid": {"columns", "fill"},
    "lines": {"count"},
}


def escape(text: str) -> str:
    """Make any text print literally through the markup: no Markdown, no directives.

    Each ASCII punctuation character gets a backslash before it. Split out (the pattern's group puts
    them at the odd places) and joined again: about 2.5 times as fast as a substitution with a
    replacement template, which ran Python code for each one (some 7,700 in the shipped course's 30
    documents)."""
    lines = []
    for line in str(text).split("\n"):
        pieces = _PUNCT.split(line.strip())
        pieces[1::2] = ["\\" + mark for mark in pieces[1::2]]
        lines.append("".join(pieces))
    return "\n".join(lines)


@dataclass(frozen=True)
class Directive:
    """A parsed `::: name args` line: positional arguments and key=value options."""

    name: str
    args: tuple[str, ...]
    options: dict[str, str]
    line: int

    def int_option(self, key: str, default: int | None = None, most: int | None = None) -> int | None:
        value = self.options.get(key)
        if value is None or value == "":
            return default
        if not value.isascii() or not value.isdigit():
            raise MarkupError(f'directive "{self.name}": {key} must be a whole number, not "{value}"', self.line)
        if most is not None and int(value) > most:  # e.g. a million answer lines: pages without end
            raise MarkupError(f'directive "{self.name}": {key} must be at most {most}, not {value}', self.line)
        return int(value)


class MarkupError(LessonpackError):
    """A mistake in template output; `line` is the line of the rendered markup."""

    def __init__(self, message: str, line: int, hint: str | None = None):
        super().__init__(message, None, hint)
        self.line = line


def parse_directive(info: str, line: int) -> Directive:
    """Split `question 3 marks=4 title="A \\"B\\""` into name, args and options."""
    info = info.strip()
    name, _, rest = info.partition(" ")
    args: list[str] = []
    options: dict[str, str] = {}
    pos = 0
    while pos < len(rest):
        m = _ATTR.match(rest, pos)
        if not m or m.end() == pos:
            if rest[pos:].strip() == "":
                break
            raise MarkupError(f'cannot read the options of directive "{name}": {rest[pos:]!r}', line,
                              hint='write options as key=value, quoting values with spaces: title="Key term"')
        value = m["quoted"] if m["quoted"] is not None else m["bare"]
        value = _UNESCAPE.sub(r"\1", value or "")
        if m["key"]:
            options[m["key"]] = value
        else:
            args.append(value)
        pos = m.end()
    return Directive(name, tuple(args), options, line)

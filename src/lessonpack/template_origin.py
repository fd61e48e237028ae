"""Which template file and line produced a line of a document's markup, to report a markup mistake there."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2.ext import Extension
from jinja2.lexer import Token

from .expand import TEMPLATE_SUFFIX, TemplateSet


_TAG = re.compile("\x00(\\d+):(\\d+)\x00")


class _LineTags(Extension):
    """Marks every piece of template text with its file and line, to trace bad markup back."""

    def filter_stream(self, stream):
        files = self.environment.tagged_files
        name = stream.filename or stream.name or "?"
        if name not in files:
            files.append(name)
        index = files.index(name)
        for token in stream:
            if token.type == "data":
                pieces = token.value.split("\n")
                yield Token(token.lineno, "data", "\n".join(
                    f"\x00{index}:{token.lineno + i}\x00{piece}" for i, piece in enumerate(pieces)))
            else:
                yield token


def _line_origin(line: str):
    found, pos = None, 0
    for match in _TAG.finditer(line):
        if line[pos:match.start()].strip() and found is not None:
            return found
        found, pos = match, match.end()
    return found


def locate(templates: TemplateSet, kind: str, context: dict[str, Any], output_line: int) -> tuple[Path, int] | None:
    """The template file and line that produced a line of a document's markup.

    Rendering again with every piece of template text tagged costs a little, so
    it is done only when the markup has a mistake to report.
    """
    env = templates.environment()
    env.tagged_files = []  # type: ignore[attr-defined]
    env.add_extension(_LineTags)
    try:
        text = env.get_template(kind + TEMPLATE_SUFFIX).render(context)
    except Exception:  # the first render succeeded; any surprise here just means "unknown"
        return None
    for line in text.split("\n")[max(output_line - 1, 0):]:
        if tag := _line_origin(line):
            return Path(env.tagged_files[int(tag[1])]), int(tag[2])  # type: ignore[attr-defined]
    return None

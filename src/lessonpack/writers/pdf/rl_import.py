"""reportlab's paragraph module imported without compiling a pattern lessonpack never uses: the one use
of reportlab's undocumented import-time behaviour, kept beside rl_compat.py (which holds the others) and
pinned, as they are, in tests/test_compat_reportlab.py. Imported first by the package (`__init__.py`).

reportlab.platypus.paragraph compiles `uri_pat`, a pattern for web addresses with case-insensitive
ranges up to U+FFFF, when it is imported: about 45 ms of every build's start, for a pattern used only
to hyphenate a web address, which lessonpack never asks for. Here it is compiled when first used.

Relies on the module compiling it with re.compile(pattern, re.I) at import, the pattern starting
with URI_PATTERN_START, and on it being used only through its methods (match). Tested: 5.1.0.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
"""How reportlab.platypus.paragraph's pattern for web addresses begins."""


class CompiledWhenUsed:
    """A regular expression compiled the first time it is used, then that pattern."""

    def __init__(self, pattern: str, flags: int):
        self._source, self._compiled = (pattern, flags), None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
        return getattr(self._compiled, name)


@contextmanager
def uri_pattern_compiled_when_used() -> Iterator[None]:
    """While it lasts, re.compile gives reportlab's web-address pattern as CompiledWhenUsed."""
    compile_now = re.compile

    def compile(pattern, flags=0):  # noqa: A001  stands in for re.compile while the module is imported
        if isinstance(pattern, str) and pattern.startswith(URI_PATTERN_START) and flags == re.IGNORECASE:
            return CompiledWhenUsed(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile
    try:
        yield
    finally:
        re.compile = compile_now


with uri_pattern_compiled_when_used():
    import reportlab.platypus.paragraph  # noqa: F401, E402

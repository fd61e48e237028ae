"""reportlab's paragraph module imported with its patterns compiled when first used, not at every start.

Entry DEFERRED_PATTERNS. Relies on: `reportlab.platypus.paragraph` and `reportlab.lib.textsplit`
compiling their patterns with `re.compile` in their module bodies, when `reportlab.platypus` is first
imported, and using them only through their methods (`uri_pat.match`, `_hy_shy_pat.split`,
`textsplit.rx.sub`, ...: never as an argument to `re`'s functions, which want a real pattern). One of them, the web-address
pattern reportlab uses to break a long web address across lines (`uri_pat`, with Unicode ranges up to
U+FFFF), takes 50 to 100 ms to compile: a tenth of a fresh one-lesson build's imports, for a pattern
a lesson pack seldom uses (and textsplit's, for Chinese, Japanese and Korean text, about 7 ms). While
that package is first imported, `re.compile` called from those two modules' own bodies returns a
`DeferredPattern`, compiled on its first use; every other call
is passed straight to `re.compile`, which is put back as soon as the import ends.
Pinned by tests/test_compat_reportlab_patterns.py.
"""

from __future__ import annotations

import re
import sys
from typing import Any

PARAGRAPH = "reportlab.platypus.paragraph"
DEFERRED_IN = frozenset({PARAGRAPH, "reportlab.lib.textsplit"})
"""The modules whose patterns are compiled when first used."""


class DeferredPattern:
    """A pattern compiled by `re.compile` the first time anything of it is used; the same in use."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self.flags, self._compiled = pattern, flags, None

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:  # match, search, split, sub, groups ...
        return getattr(self.compiled(), name)


def import_platypus() -> None:
    """Import `reportlab.platypus` with those modules' patterns deferred (when not imported yet)."""
    if PARAGRAPH in sys.modules:
        return
    compile_now = re.compile

    def compile_for(pattern, flags=0):
        if sys._getframe(1).f_globals.get("__name__") in DEFERRED_IN and isinstance(pattern, str):
            return DeferredPattern(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_for
    try:
        import reportlab.platypus  # noqa: F401
    finally:
        re.compile = compile_now

"""markdown-it's tokens for a document's markup, kept per machine by the markup's hash.

Parsing the markup is most of what `lessonpack validate` does after loading the course (about a fifth
of its time for the course's 30 documents), and a build parses the same markup again. The tokens
depend only on the markup's text, the parser's settings (`parser` below) and the markdown-it and
plugin versions installed, so they are kept in the cache folder (`fonts/cache.py`) under a key made of
all of these: changed markup, a changed parser or an upgraded library makes a new key, never a stale
hit. An entry holds only what `markup.Parser` reads of a token; a torn, corrupt or unreadable entry is
passed over and the markup parsed as before. With every document's tokens found, markdown-it is not
even imported.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import zlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fonts.cache import file_hash, recall, store

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

NAMESPACE = "markup-tokens"
LIBRARIES = ("markdown_it", "mdit_py_plugins")
"""Whose versions (their `__init__.py`, where each keeps it) decide the tokens."""
SMALLEST = 500
"""Characters of markup below which it is parsed every time (under a millisecond, about what reading
an entry costs); a document's markup is longer (the course's shortest, an exit ticket, 805)."""
KEPT_CONTENT = frozenset({"fence", "code_block"})
"""The block tokens whose text the parser prints; an `inline` token's text is in its children."""


@cache
def parser() -> MarkdownIt:
    """CommonMark with tables and `:::` directive fences; imported and made on the first miss."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    container_plugin(md, "directive", validate=lambda params, *args: bool(params.strip()))
    return md


class Token:
    """A block token as `markup.Parser` reads it: markdown-it's attributes of the same names."""

    __slots__ = ("type", "tag", "map", "info", "content", "attrs", "children")


class Child:
    """An inline token (text, emphasis, link) as `markup.inlines` reads it."""

    __slots__ = ("type", "content", "attrs")


def tokens(text: str) -> list[Any]:
    """The tokens of `text`: remembered ones, or markdown-it's own (then remembered)."""
    if len(text) < SMALLEST:
        return parser().parse(text)
    key = _key(text)
    found = recall(NAMESPACE, key)
    if found is not None:
        try:
            return decode(found)
        except (ValueError, TypeError, EOFError, zlib.error):
            pass  # not what `encode` writes: parsed again below
    parsed = parser().parse(text)
    store(NAMESPACE, key, encode(parsed))
    return parsed


def encode(parsed: list[Any]) -> bytes:
    """What the parser reads of each token, as plain values (`marshal`: loaded fastest), deflated (a
    quarter of the size: an entry is kept for every document's markup a machine has seen)."""
    kept = [(t.type, t.tag, t.map, t.info, t.content if t.type in KEPT_CONTENT else "", dict(t.attrs),
             None if t.children is None else [(c.type, c.content, dict(c.attrs)) for c in t.children])
            for t in parsed]
    return zlib.compress(marshal.dumps(kept))


def decode(data: bytes) -> list[Token]:
    """Tokens back from `encode`'s bytes."""
    out = []
    for kind, tag, where, info, content, attrs, children in marshal.loads(zlib.decompress(data)):
        token = Token()
        token.type, token.tag, token.map, token.info, token.content, token.attrs = kind, tag, where, info, content, attrs
        token.children = None if children is None else [_child(*c) for c in children]
        out.append(token)
    return out


def _child(kind: str, content: str, attrs: dict) -> Child:
    child = Child()
    child.type, child.content, child.attrs = kind, content, attrs
    return child


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() + "|" + _parser_version()


@cache
def _parser_version() -> str:
    """This module and the markup module (the parser's settings, what is kept of a token) and the
    libraries' version files, each hashed; found without importing the libraries (what a hit saves)."""
    here = Path(__file__).resolve()
    files = [here, here.with_name("markup.py")]
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        files.append(Path(spec.origin) if spec and spec.origin else None)
    return ",".join(file_hash(path) if path else "missing" for path in files)

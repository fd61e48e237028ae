"""A YAML file's plain data and positions, kept per machine by the text's hash, so that a course
read again (a `validate` after an edit to one lesson, a build after a `validate`) parses only what
changed.

Reading a lesson (PyYAML's composer, then `yamltree` walking its nodes for every value's line and
column) took 8 to 12 ms a file, and importing PyYAML about 20 ms more. What it gives depends only
on the text, lessonpack's reading code and the PyYAML installed, so it is kept in the cache folder
(`fonts/cache.py`) under a key made of all three; a changed file, reader or library makes a new
key, never a stale hit. Only a clean reading is kept: a file with a mistake or a warning (an
invisible character, a comment that may be text) is read by the parser every time, so what it
reports and where is the parser's own. With every file found, PyYAML is not imported.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import zlib
from functools import cache
from pathlib import Path

from .fonts.cache import file_hash, recall, store
from .inputs import decode_text, read_input
from .yaml_document import YamlDocument

NAMESPACE = "yaml"
NOT_TEXT_HINT = "a lesson must be a plain-text .yaml file, not a Word document, PDF or image"
READERS = ("yaml_kept.py", "yamlload.py", "yamltree.py", "yaml_document.py", "text.py")
"""lessonpack's modules whose code decides what a file reads as."""


def load_yaml(file: Path, text: str | None = None, within: Path | None = None) -> YamlDocument:
    """`yamlload.load_yaml`'s reading of the file (read from disk unless `text` is given; with
    `within`, a file leading outside that folder refused unread), from the cache when it has it."""
    file = Path(file)
    text = read_text(file, within) if text is None else text
    key = _key(text)
    found = recall(NAMESPACE, key)
    if found is not None:
        try:
            data, positions, key_positions = marshal.loads(zlib.decompress(found))
            return YamlDocument(data, file, positions, (), key_positions)
        except (ValueError, TypeError, EOFError, zlib.error):
            pass  # not what is written below: read again
    from . import yamlload

    document = yamlload.load_yaml(file, text)
    if not document.warnings:
        store(NAMESPACE, key, zlib.compress(marshal.dumps((document.data, dict(document.positions),
                                                           dict(document.key_positions)))))
    return document


def read_text(file: Path, within: Path | None) -> str:
    """The file's text: a regular file (inside `within`, if given), UTF-8, else a located refusal."""
    return decode_text(read_input(file, within=within), file, NOT_TEXT_HINT)


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() + "|" + _reader_version()


@cache
def _reader_version() -> str:
    """The reading modules and PyYAML's (its `__init__.py`, which names its version, and whether its
    libyaml extension is there: the parser lessonpack then uses), found without importing it."""
    here = Path(__file__).parent
    parts = [file_hash(here / name) for name in READERS]
    spec = importlib.util.find_spec("yaml")
    if spec is not None and spec.origin:
        init = Path(spec.origin)
        parts.append(file_hash(init))
        parts.append(",".join(sorted(p.name for p in init.parent.glob("_yaml*"))))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()

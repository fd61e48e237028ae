"""reportlab's parsed TrueType faces kept between runs: every use of reportlab's TrueType internals
the font cache relies on, in one place (as writers/pdf/rl_compat.py is for the rest of reportlab).

reportlab reads a face's tables (names, metrics, the character map, every glyph's width and
offset) each time a process registers it: about a hundredth of a second a face, eight faces on
every build. What it keeps is plain data, decided by the file's bytes and reportlab's parser
alone, so it is stored in the cache folder (`cache.py`) under a key made of the file's hash,
reportlab's version and its parser's source and this module's: a changed font or reportlab
makes a new key, never a stale hit. A miss, a corrupt entry or a face holding anything else
than plain data is parsed as before.

Relies on (pinned by tests/test_compat_reportlab.py, "faces"; tested with reportlab 5.1.0):
- a TTFontFace keeping all it parsed in its instance dict, as built-in values, bar the file's
  bytes (`_ttf_data`), its path, names as `TTFNameBytes` (bytes carrying the decoded `ustr`)
  and the unit scale `_pdfScale` (identity at 1000 units per em, else times 1000/unitsPerEm);
- TTFont.__init__ making its face by calling the module global `TTFontFace(filename, ...)`.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from functools import cache
from pathlib import Path

import reportlab
from reportlab.pdfbase import ttfonts

from .cache import file_hash, recall, store

NAMESPACE = "rl-faces"
KEPT_ASIDE = ("_ttf_data", "filename", "_pdfScale")
"""What the cached state leaves out: the file's bytes and path (read now) and the scale (a function)."""


@cache
def _parser_version() -> str:
    """What decides a parsed face besides its file: reportlab's TrueType code, this module, Python's marshal."""
    return "|".join([reportlab.Version, file_hash(Path(ttfonts.__file__)), file_hash(Path(__file__)),
                     f"{sys.version_info[:2]}-{marshal.version}"])


def ttfont(name: str, path: Path) -> ttfonts.TTFont:
    """`TTFont(name, path)`, its face parsed from the file or, the same, restored from the cache."""
    data = path.read_bytes()
    key = f"{hashlib.sha256(data).hexdigest()}|{_parser_version()}"
    found = recall(NAMESPACE, key)
    face = _restored(found, data, str(path)) if found is not None else None
    if face is None:
        font = ttfonts.TTFont(name, str(path))
        kept = _state(font.face)
        if kept is not None:
            store(NAMESPACE, key, kept)
        return font
    return _font_with_face(name, face)


def _state(face: ttfonts.TTFontFace) -> bytes | None:
    """The parsed face as marshal bytes; None if it holds something marshal cannot keep exactly."""
    plain, names = {}, {}
    for attribute, value in vars(face).items():
        if attribute in KEPT_ASIDE:
            continue
        if type(value) is ttfonts.TTFNameBytes:
            names[attribute] = (bytes(value), value.ustr)
        else:
            plain[attribute] = value
    try:
        return marshal.dumps((plain, names))  # marshal refuses subclasses and objects: never a lossy copy
    except ValueError:
        return None


def _restored(payload: bytes, data: bytes, filename: str) -> ttfonts.TTFontFace | None:
    """A face made from a cached state and the file's bytes, as TTFontFace(filename) makes it."""
    try:
        plain, names = marshal.loads(payload)
        face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
        face.__dict__.update(plain)
        for attribute, (raw, text) in names.items():
            value = ttfonts.TTFNameBytes(raw)
            value.ustr = text  # as parsed, even where the raw name was not UTF-8
            setattr(face, attribute, value)
        face._ttf_data, face.filename = data, filename
        face._pdfScale = _scale(face.unitsPerEm)
    except (ValueError, TypeError, EOFError, AttributeError, KeyError):
        return None
    return face


def _scale(units_per_em: int):
    """Font units to thousandths of an em, with the same arithmetic as TTFontFile.extractInfo."""
    if units_per_em == 1000:
        return lambda x: x
    multiple = 1000 / units_per_em
    return lambda x: x * multiple


def _font_with_face(name: str, face: ttfonts.TTFontFace) -> ttfonts.TTFont:
    """A TTFont made by its own __init__ (its settings as reportlab decides them), with this face."""
    made = ttfonts.TTFontFace
    ttfonts.TTFontFace = lambda *args, **kwargs: face
    try:
        return ttfonts.TTFont(name, face.filename)
    finally:
        ttfonts.TTFontFace = made

"""reportlab's parsed TrueType faces kept in the cache folder (fonts/cache.py): about a hundredth of a
second a face, eight faces on every build, otherwise."""

from __future__ import annotations

import hashlib
import marshal
import sys
from functools import cache
from pathlib import Path

import reportlab
from reportlab.pdfbase import ttfonts

from ....fonts.cache import file_hash, recall, store


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

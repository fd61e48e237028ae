"""Clean the invisible characters that Word and web pages leave in text."""

from __future__ import annotations

import re
from collections import Counter

INVISIBLE_HINT = "invisible characters usually come from text copied out of Word or a web page"
"""The hint for every warning about a character clean_text removed, wherever the text came from."""

# Characters that mean "new line" in Word, PDFs or old Mac files; all become "\n".
_LINE_BREAKS = {
    "\x0b": "vertical tab (U+000B, Word's Shift+Enter)",
    "\x0c": "form feed (U+000C)",
    "\u2028": "line separator (U+2028)",
    "\u2029": "paragraph separator (U+2029)",
}
_NAMES = {
    0x00: "NUL character",
    0x7F: "delete character",
    0xAD: "soft hyphen",
    0x200B: "zero-width space",
    0x200C: "zero-width non-joiner",
    0x200D: "zero-width joiner",
    0xFEFF: "zero-width no-break space / byte-order mark",
}
# Unicode's non-characters (U+FDD0–U+FDEF and the last two code points of every plane, U+FFFE,
# U+FFFF, U+1FFFE …): never text, and XML (so a DOCX) cannot hold them.
_NONCHARACTERS = [*range(0xFDD0, 0xFDF0), *(plane + last for plane in range(0, 0x110000, 0x10000)
                                            for last in (0xFFFE, 0xFFFF))]
# Everything clean_text touches; text without any of these is returned as is (the fast path).
_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2028\u2029\ufeff\ud800-\udfff"
    "\ufdd0-\ufdef" + "".join(f"{chr(plane + 0xFFFE)}-{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
    + "]"
)
_REMOVE = dict.fromkeys(
    [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0), 0xAD, 0x200B, 0x200C, 0x200D,
     0xFEFF, *range(0xD800, 0xE000), *_NONCHARACTERS]
)
_NONCHARACTER_SET = frozenset(_NONCHARACTERS)
_TABLE = {**_REMOVE, **{ord(ch): "\n" for ch in _LINE_BREAKS}}


def _name(code: int) -> str:
    """A teacher-readable name for a removed character."""
    if code in _NAMES:
        return _NAMES[code]
    if 0xD800 <= code <= 0xDFFF:
        return "lone surrogate"
    if code in _NONCHARACTER_SET:
        return "Unicode non-character"
    return "control character"


def clean_text(text: str) -> tuple[str, list[str]]:
    """Return text without invisible junk, and what was changed, so pasted text behaves.

    Line endings (CRLF, CR) are normalised silently; everything else is reported once per
    kind.  Non-breaking spaces, curly quotes, dashes and all letters are left untouched.
    """
    if not _SUSPECT.search(text):
        return text, []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    counts = Counter(_SUSPECT.findall(text))
    notes = []
    for ch, n in sorted(counts.items(), key=lambda item: ord(item[0])):
        if ch in _LINE_BREAKS:
            notes.append(f"replaced {n} {_LINE_BREAKS[ch]} with a line break")
        else:
            notes.append(f"removed {n} {_name(ord(ch))} (U+{ord(ch):04X})")
    return text.translate(_TABLE), notes

"""Safe file names made from lesson titles and students' names, on Linux, macOS and Windows.

Names keep the accents and scripts they were written in; only what some file
system or shell cannot take is replaced.
"""

from __future__ import annotations

import re
import unicodedata

# Characters no file system (or shell user) wants in a name: path separators, Windows' <>:"|?*.
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
# Invisible or unencodable characters: controls, format marks (e.g. right-to-left override),
# surrogates, private use, unassigned, line and paragraph separators.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_DEVICES = ("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$")
_RESERVED = {*_DEVICES, *(f"{d}{n}" for d in ("COM", "LPT") for n in "0123456789¹²³")}


def safe_name(text: str, limit: int = 80) -> str:
    """A file-name part that is safe on Linux, macOS and Windows; keeps accents and scripts.

    At most `limit` bytes in UTF-8 (characters, for plain ASCII), so that two parts
    and an extension stay well under the 255-byte limit of every file system.
    """
    name = "".join("-" if unicodedata.category(ch) in _INVISIBLE else ch
                   for ch in unicodedata.normalize("NFC", str(text)))
    name = _UNSAFE.sub("-", name)
    name = re.sub(r"\s+", "-", name)
    name = re.sub(r"\.{2,}", ".", re.sub(r"-{2,}", "-", name))
    name = cut_name(name.strip(" .-"), limit).rstrip(" .-")
    if not name:
        return "untitled"
    if name.split(".")[0].upper() in _RESERVED:  # CON, con.txt, LPT1.pdf: devices on Windows
        name = "_" + name
    return name


def cut_name(name: str, limit: int) -> str:
    """The longest start of name within limit UTF-8 bytes that does not end inside a letter's accents."""
    if len(name.encode("utf-8")) <= limit:
        return name
    kept, size = 0, 0
    for ch in name:
        size += len(ch.encode("utf-8"))
        if size > limit:
            break
        kept += 1
    while kept and unicodedata.combining(name[kept]):
        kept -= 1  # the cut would part a letter from its accents: cut before the letter
    return name[:kept]

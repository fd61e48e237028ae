"""Cut very long text and tables into pieces a writer can lay out in linear time.

reportlab re-measures the whole rest of a paragraph or table each time it breaks
a page, so a 20,000-word paragraph or a 15,000-row extract takes time that grows
with the square of its size, and a table row taller than a page stops the build
with a bare LayoutError. Writers call these helpers to hand reportlab pieces of
about a page or less instead. Nothing is lost: the pieces join back to the input.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Sequence
from typing import TypeVar

from .document import Emph, Inline, LineBreak, Link, Strong, Text
from .fonts import string_width

LIMIT = 2000
"""Characters per piece: about half an A4 page of body text."""
ROWS = 40
"""Rows per piece of a long table: about a page of extract lines."""
AVERAGE_EM = 0.6
"""The width `capacity` allows a character, in ems: wider than the average letter."""

_SENTENCE_END = re.compile(r"[.!?…:;][\"'’”)\]]*\s+")
_SPACE = re.compile(r"\s+")
T = TypeVar("T")


def weighted_length(text: str) -> int:
    """Text's length in characters of the width `capacity` counts (AVERAGE_EM), for the widest
    face the writers print: prose counts its length, but a run of wide characters ("=====",
    "WWWW", pasted base64) counts for more, so that it still fits the room `capacity` promised."""
    em = max(string_width(text, family, 1.0, "bold") for family in ("DejaVu Serif", "DejaVu Sans"))
    return max(len(text), math.ceil(em / AVERAGE_EM))


def split_text(text: str, limit: int = LIMIT) -> list[str]:
    """Text in pieces of at most `limit` (by `weighted_length`), cut after a sentence if possible,
    else at a space.

    `"".join(split_text(text)) == text`: the space at a cut stays at the end of the piece before.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit or weighted_length(text[start:]) > limit:
        end = start + limit
        # Wide characters: a shorter piece, in proportion.
        while end - start > 1 and (measured := weighted_length(text[start:end])) > limit:
            end = start + max(1, min(end - start - 1, (end - start) * limit // measured))
        cut = _cut(text, start, end)
        pieces.append(text[start:cut])
        start = cut
    if start < len(text) or not pieces:
        pieces.append(text[start:])
    return pieces


def _cut(text: str, start: int, end: int) -> int:
    """Where to end the piece text[start:end]: after the last sentence or space in its second half."""
    window = text[start:end]
    for pattern, earliest in ((_SENTENCE_END, len(window) // 2), (_SPACE, len(window) // 4)):
        ends = [m.end() for m in pattern.finditer(window) if m.end() > earliest]
        if ends:
            return start + ends[-1]
    cut = end  # one word longer than a piece (a URL, a pasted line without spaces)
    while cut > start + 1 and unicodedata.combining(text[cut]):
        cut -= 1  # keep a letter and its accents together
    return cut


def split_inlines(inlines: Sequence[Inline], limit: int = LIMIT) -> list[tuple[Inline, ...]]:
    """Inline text (with bold, italic and links) in pieces of at most about `limit` characters.

    Formatting is kept: a bold run cut in two is bold in both pieces.
    """
    atoms = list(_atoms(inlines, ()))
    flat = "".join("\n" if text is None else text for _, text in atoms)
    if len(flat) <= limit and weighted_length(flat) <= limit:
        return [tuple(inlines)]
    pieces, offset, index = [], 0, 0
    cuts = list(itertools.accumulate(len(p) for p in split_text(flat, limit)))
    for cut in cuts:
        chunk = []
        while offset < cut:
            path, text = atoms[index]
            length = 1 if text is None else len(text)
            take = min(length, cut - offset) if text is not None else 1
            chunk.append((path, None if text is None else text[:take]))
            if take < length:  # the rest of this run starts the next piece
                atoms[index] = (path, text[take:])
            else:
                index += 1
            offset += take
        pieces.append(_build(chunk, 0))
    return pieces


def _atoms(inlines: Sequence[Inline], path: tuple) -> list[tuple[tuple, str | None]]:
    """(formatting path, text) for every text run; None stands for a line break."""
    out: list[tuple[tuple, str | None]] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append((path, node.text))
        elif isinstance(node, LineBreak):
            out.append((path, None))
        elif isinstance(node, Link):
            out.extend(_atoms(node.children, path + (("link", node.target),)))
        elif isinstance(node, (Strong, Emph)):
            out.extend(_atoms(node.children, path + ((type(node).__name__,),)))
        else:  # _build could not put it back together
            raise TypeError(f"split_inlines has no rule for the inline {type(node).__name__}")
    return out


def _build(atoms: list[tuple[tuple, str | None]], depth: int) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for key, group in itertools.groupby(atoms, key=lambda atom: atom[0][depth] if len(atom[0]) > depth else None):
        items = list(group)
        if key is None:
            for _, text in items:
                if text is None:
                    out.append(LineBreak())
                elif out and isinstance(out[-1], Text):
                    out[-1] = Text(out[-1].text + text)
                elif text:
                    out.append(Text(text))
        elif key[0] == "link":
            out.append(Link(_build(items, depth + 1), key[1]))
        else:
            out.append({"Strong": Strong, "Emph": Emph}[key[0]](_build(items, depth + 1)))
    return tuple(out)


def batches(items: Sequence[T], size: int = ROWS) -> list[Sequence[T]]:
    """Consecutive slices of at most `size` items (rows of a long table), at least one slice."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [items]


def shorten(text: str, limit: int) -> str:
    """Text cut to at most `limit` characters at a space, with "…", for fields with a hard limit."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip() + "…"


def capacity(width: float, height: float, size: float, leading: float) -> int:
    """About how many characters of text fill width × height points, erring on the small side.

    Writers use it to choose a piece size that is sure to fit on a page (or in a narrow column).
    """
    per_line = max(1, int(width / (size * AVERAGE_EM)))
    return per_line * max(1, int(height / leading))

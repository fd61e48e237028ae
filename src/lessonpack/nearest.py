"""Find the essay words closest to a quote that was not found, and say how they differ."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .essay import fold

_WORD = re.compile(r"\w+")
CLOSE = 0.6
"""Similarity above which a passage is taken to be what the quote meant."""


@dataclass(frozen=True, slots=True)
class Nearest:
    """The passage most like a quote: its paragraph, its words and how alike they are (0 to 1)."""

    paragraph: int
    text: str
    similarity: float


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def nearest(quote: str, paragraphs: list[tuple[int, str]]) -> Nearest | None:
    """The run of words, in any of the numbered paragraphs, most like the quote."""
    needle, size = fold(quote)[0], max(1, len(quote.split()))
    if not needle or not paragraphs:
        return None
    wanted = _words(quote)
    # Compare closely only where the quote's words occur: fast on long essays.
    ranked = sorted(paragraphs, key=lambda p: -len(wanted & _words(p[1])))[:5]
    best = Nearest(ranked[0][0], "", 0.0)
    for number, text in ranked:
        words = text.split()
        # An edit may add or drop words, so try windows a little shorter and longer than the quote.
        for width in range(max(1, size - size // 4 - 1), size + size // 4 + 3):
            for start in range(max(1, len(words) - width + 1)):
                passage = " ".join(words[start:start + width])
                ratio = SequenceMatcher(None, needle, fold(passage)[0], autojunk=False).ratio()
                if ratio > best.similarity:
                    best = Nearest(number, passage, ratio)
    return best


def differences(quote: str, passage: str, limit: int = 2) -> list[str]:
    """How the passage's words differ from the quote's, e.g. `the essay has “a” where the quote has “b”`."""
    mine, theirs = quote.split(), passage.split()
    matcher = SequenceMatcher(None, [fold(w)[0] for w in mine], [fold(w)[0] for w in theirs], autojunk=False)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        said, has = " ".join(mine[i1:i2]), " ".join(theirs[j1:j2])
        if tag == "replace":
            out.append(f"the essay has “{has}” where the quote has “{said}”")
        elif tag == "delete":
            out.append(f"the essay does not have “{said}”")
        elif tag == "insert":
            out.append(f"the essay also has “{has}”" + (f" after “{mine[i1 - 1]}”" if i1 else " at the start"))
    return out[:limit] + (["and more"] if len(out) > limit else [])


def describe(quote: str, found: Nearest | None, where: str) -> str:
    """The hint for a quote that is not in `where` (e.g. "the essay", "source A")."""
    if found is None or not found.text:
        return f"copy the words exactly from {where}"
    if found.similarity < CLOSE:
        return (f"nothing in {where} is close to these words; the nearest is in ¶{found.paragraph}: "
                f"“{found.text}”. Check that the quote comes from {where}")
    diff = "; ".join(differences(quote, found.text))
    return (f"the closest passage is in ¶{found.paragraph}: “{found.text}”" + (f" ({diff})" if diff else "")
            + ". Copy the words exactly; if the essay has been edited since the lesson was written, "
              "update the quote to match it")

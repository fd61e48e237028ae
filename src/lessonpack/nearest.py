"""Find the essay words closest to a quote that was not found, and say how they differ."""

from __future__ import annotations

import heapq
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


QUOTE_WORDS = 40
"""How many of a quote's first words are compared: enough to find the passage it meant, and a
pasted page stays as quick to look for as a sentence."""
WORD_CHARS = 100
"""Characters of each word compared: a pasted blob without spaces is one very long word."""
STARTS = 12
"""How many places in each paragraph are compared closely: those where most of the quote's words occur."""


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def compared(quote: str) -> str:
    """The part of a quote that is compared with the essay: its first words, each cut to a sensible length."""
    return " ".join(word[:WORD_CHARS] for word in quote.split()[:QUOTE_WORDS])


def _likely_starts(words: list[str], wanted: set[str], width: int) -> list[int]:
    """The word positions where a window of `width` words holds most of the quote's words, best first.

    One pass over the paragraph, so a long paragraph costs time in proportion to its length.
    """
    hits = [bool(wanted & _words(word)) for word in words]
    count = sum(hits[:width])
    scores = [count]
    for start in range(1, max(1, len(words) - width + 1)):
        count += hits[start + width - 1] - hits[start - 1]
        scores.append(count)
    return heapq.nsmallest(STARTS, range(len(scores)), key=lambda start: (-scores[start], start))


def nearest(quote: str, paragraphs: list[tuple[int, str]]) -> Nearest | None:
    """The run of words, in any of the numbered paragraphs, most like the quote (its first words).

    Compared closely only where the quote's words occur, so the time grows with the length
    of the essay, not with the square of it or of the quote.
    """
    quote = compared(quote)
    needle, size = fold(quote)[0], max(1, len(quote.split()))
    if not needle or not paragraphs:
        return None
    wanted = _words(quote)
    ranked = sorted(paragraphs, key=lambda p: -len(wanted & _words(p[1])))[:5]
    best = Nearest(ranked[0][0], "", 0.0)
    matcher = SequenceMatcher(None, needle, "", autojunk=False)
    # An edit may add or drop words, so try windows a little shorter and longer than the quote.
    widths = range(max(1, size - size // 4 - 1), size + size // 4 + 3)
    for number, text in ranked:
        words = text.split()
        for start in sorted(_likely_starts(words, wanted, size)):
            for width in widths:
                passage = " ".join(words[start:start + width])
                matcher.set_seq2(fold(passage)[0])
                # The quick upper bounds skip most windows cheaply.
                if matcher.real_quick_ratio() > best.similarity and matcher.quick_ratio() > best.similarity:
                    ratio = matcher.ratio()
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
    diff = "; ".join(differences(compared(quote), found.text))
    return (f"the closest passage is in ¶{found.paragraph}: “{found.text}”" + (f" ({diff})" if diff else "")
            + ". Copy the words exactly; if the essay has been edited since the lesson was written, "
              "update the quote to match it")

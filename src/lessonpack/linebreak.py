"""Greedy line breaking with the PDF fonts' real glyph widths, for extracts, table cells and the timeline.

Kept apart from the course loader (it needs only the fonts' metrics and the
theme), so the writers can break lines without importing YAML or pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .fonts import string_width
from .theme import theme_for


@dataclass(frozen=True, slots=True)
class Measure:
    """A font, size and line width that extract lines must fit."""

    font: str
    size: float
    width: float
    style: str = "regular"

    def fits(self, text: str) -> bool:
        return string_width(text, self.font, self.size, self.style) <= self.width


@cache
def canonical_measures() -> tuple[Measure, ...]:
    """The measures every extract line must fit: the standard, dyslexia and high-contrast papers.

    Lines that fit all three print unchanged in each of them, so their line
    numbers agree; large-print papers wrap a numbered line onto a second,
    indented line, and the number stays with the line's first words.
    """
    themes = [theme_for("A4", name) for name in ("standard", "dyslexia", "high-contrast")]
    return tuple(Measure(t.body_font, t.extract_size, t.extract_text_width) for t in themes)


def wrap(text: str, measures: tuple[Measure, ...] | None = None) -> list[str]:
    """Greedy word wrap: each line as long as it can be while it fits every measure.

    Widths add up (the PDF sets text without kerning), so each word is measured
    once per measure and a long paragraph wraps in linear time.
    """
    measures = measures or canonical_measures()
    spaces = [string_width(" ", m.font, m.size, m.style) for m in measures]
    lines: list[str] = []
    words: list[str] = []
    used = [0.0] * len(measures)
    for word in text.split():
        sizes = [string_width(word, m.font, m.size, m.style) for m in measures]
        if words and any(u + sp + w > m.width for u, sp, w, m in zip(used, spaces, sizes, measures)):
            lines.append(" ".join(words))
            words, used = [], [0.0] * len(measures)
        if not words and any(w > m.width for w, m in zip(sizes, measures)):
            # A single word wider than the measure (a URL, a long name, a pasted blob): split it.
            start = 0
            while (cut := _fitting_start(word, start, measures)) < len(word):
                lines.append(word[start:cut])
                start = cut
            word = word[start:]
            sizes = [string_width(word, m.font, m.size, m.style) for m in measures]
        used = [u + (sp if words else 0) + w for u, sp, w in zip(used, spaces, sizes)]
        words.append(word)
    if words:
        lines.append(" ".join(words))
    return lines


def _fitting_start(word: str, start: int, measures: tuple[Measure, ...]) -> int:
    """Where the longest piece of word from start that fits every measure ends (at least one character).

    Found by doubling, then halving, so each line of a huge unbroken word costs about
    its own length, not the word's: a 100 KB pasted blob wraps in linear time.
    """
    def fits(end: int) -> bool:
        return all(m.fits(word[start:end]) for m in measures)

    known, step = start, 1  # word[start:known] fits; try ever longer pieces
    while fits(end := min(len(word), known + step)):
        known = end
        if end == len(word):
            return end
        step *= 2
    low, high = known, end  # low fits, high does not
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    return max(low, start + 1)

"""Line breaking with the PDF fonts' real glyph widths: greedy for extracts, table cells and the
timeline; even (`balanced`) for running headers and headings.

Kept apart from the course loader (it needs only the fonts' metrics and the
theme), so the writers can break lines without importing YAML or pydantic.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, replace
from functools import cache, lru_cache

from .fonts import string_width
from .theme import Theme, theme_for


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
    """The measures the shared extract lines must fit: the standard, dyslexia and high-contrast papers.

    Lines that fit all three print unchanged in each of them, so their line
    numbers agree, and a teacher can mix those papers in one class.
    """
    return tuple(paper_measure(theme_for("A4", name)) for name in ("standard", "dyslexia", "high-contrast"))


def paper_measure(theme: Theme) -> Measure:
    """The measure one paper prints its extract lines to, in both writers."""
    return Measure(theme.body_font, theme.extract_size, theme.extract_text_width)


def holds(wide: Measure, narrow: Measure) -> bool:
    """Whether every line that fits `narrow` fits `wide` too: same face, and at least as many ems wide.

    Widths scale with the size, so a line's width in ems is the same at any size of one face.
    """
    same_face = (wide.font, wide.style) == (narrow.font, narrow.style)
    return same_face and wide.width / wide.size >= narrow.width / narrow.size


def shares_numbering(theme: Theme | None) -> bool:
    """Whether a paper prints the shared extract lines: every canonical line fits its measure."""
    return theme is None or any(holds(paper_measure(theme), m) for m in canonical_measures())


def measures_for(theme: Theme | None) -> tuple[Measure, ...]:
    """The measures a paper's extracts are broken to, decided here once for every document of that paper.

    A paper that holds the shared lines keeps them (and their numbering); a narrower one
    (the large-print papers, or a school profile like them) is broken at its own measure,
    so each numbered line is one printed line and the margin number counts printed lines.
    """
    return canonical_measures() if shares_numbering(theme) else (paper_measure(theme),)


def wrap(text: str, measures: tuple[Measure, ...] | None = None) -> list[str]:
    """Greedy word wrap: each line as long as it can be while it fits every measure.

    Widths add up (the PDF sets text without kerning), so each word is measured
    once per measure and a long paragraph wraps in linear time.
    """
    return list(_wrapped(text, measures or canonical_measures()))


@lru_cache(maxsize=4096)
def _wrapped(text: str, measures: tuple[Measure, ...]) -> tuple[str, ...]:
    """`wrap`, remembered: the same text is wrapped to the same measures again and again (a DOCX's
    keep rules estimate a paragraph's height for each block it may be kept with; every document of a
    lesson prints its extracts). The lines depend on nothing else: the fonts are lessonpack's own."""
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
    return tuple(lines)


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


def entry_lines(entries: list[str], separator: str, measure: Measure, first: float = 0.0) -> list[list[str]]:
    """Entries (a word bank's words) on lines of `measure`, each entry whole, with `separator` only
    between two entries of one line: left to the paragraph's breaking, "1917 · 1922 ·" ended a
    line with a dot. `first` is taken by a label before the first line's entries; an entry wider
    than a line stands on a line of its own."""
    lines: list[list[str]] = [[]]
    used, between = first, string_width(separator, measure.font, measure.size, measure.style)
    for entry in entries:
        width = string_width(entry, measure.font, measure.size, measure.style)
        if (lines[-1] or used) and used + (between if lines[-1] else 0) + width > measure.width:
            lines.append([])
            used = 0.0
        used += (between if lines[-1] else 0) + width
        lines[-1].append(entry)
    return [line for line in lines if line] or [[]]


BREAK_COST = {"phrase": 1.0, "comma": 1.1, "word": 1.4}
"""Where a title of two lines breaks: its longer line's width times the cost of the break, the
least wins. After a colon, semicolon or dash and before a conjunction ("phrase") beat a comma,
and both beat a break between two words of a phrase ("word") unless that is far more even:
"Mark scheme: Stalin, the General Secretary / and the bureaucracy", not "Mark scheme: Stalin, /
the General Secretary and the bureaucracy". A break inside a name ("General / Secretary") is
never taken where another fits."""


def balanced(text: str, measure: Measure) -> list[str]:
    """Text wrapped at word boundaries on as few lines as `measure` allows, the lines made as even
    as they can be without adding one ("Stalin, the General Secretary / and the bureaucracy",
    not a last word alone); two lines break after a phrase where one ends near the middle
    ("Trotsky's following: / the workers, 1905 and 1917", not "… following: the / workers, …")."""
    most = wrap(text, (measure,))
    if len(most) < 2:
        return most
    low, high = measure.width / len(most), measure.width
    while high - low > 1:  # the narrowest measure that still gives as few lines, to a point
        middle = (low + high) / 2
        if len(wrap(text, (replace(measure, width=middle),))) == len(most):
            high = middle
        else:
            low = middle
    even = wrap(text, (replace(measure, width=high),))
    return _two_lines(even, measure) if len(even) == 2 else even


ABBREVIATION = re.compile(r"(?:\b[A-Za-z]{1,2}|\bvol|\betc|\bcf)[.]$")
"""A full stop that ends an abbreviation ("St.", "E. H.", "vol."), not a sentence: where neither writer
breaks a paragraph between sentences (the PDF's `sentence_breaks`, the DOCX's `labelled_sections`)."""


def heading_lines(text: str, measure: Measure) -> list[str] | None:
    """A heading of two or more lines on even lines (`balanced`), as both writers print it ("Stalin, the
    General Secretary / and the bureaucracy", not "… Secretary and the / bureaucracy"); None where it
    takes one line, or where even lines would take more than it takes. The `measure` a point narrower
    than the line, to be safe."""
    lines = balanced(text, measure)
    if len(lines) < 2 or len(lines) != len(wrap(text, (replace(measure, width=measure.width + 1),))):
        return None
    return lines


def _two_lines(even: list[str], measure: Measure) -> list[str]:
    """Two lines broken where `BREAK_COST` says, both fitting `measure`; else `even`."""
    def width(line: str) -> float:
        return string_width(line, measure.font, measure.size, measure.style)

    def cost(before: str, after: str) -> float | None:
        if before.endswith((":", ";", "–", "—")) or after in ("and", "or", "but"):
            return BREAK_COST["phrase"]
        if before.endswith(","):
            return BREAK_COST["comma"]
        if before[:1].isupper() and after[:1].isupper() and before[-1:].isalnum():
            return None  # inside a name
        return BREAK_COST["word"]

    words = " ".join(even).split(" ")
    options = []
    for i in range(1, len(words)):
        lines = [" ".join(words[:i]), " ".join(words[i:])]
        weight, wide = cost(words[i - 1], words[i]), max(map(width, lines))
        if weight is not None and wide <= measure.width:
            options.append((weight * wide, lines))
    return min(options, default=(0, even))[1]

"""Break a source's text into numbered lines, once, so DOCX and PDF print the same lines.

Lines are broken with the PDF fonts' real glyph widths so that each fits the
standard, dyslexia-friendly and high-contrast papers. Both writers print these
lines as they are, so a question that says "lines 12–14" is right in either file,
on either paper and in each of those profiles.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .course import Piece, ResolvedSource
from .document import ExtractLine, SourceBox
from .essay import fold
from .fonts import string_width
from .theme import theme_for

GAP = "[…]"


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


def _pieces_with_gaps(pieces: tuple[Piece, ...]) -> list[tuple[int | None, str, bool]]:
    """(paragraph, text, is_gap) runs: "[…]" wherever the extract skips essay text."""
    runs: list[tuple[int | None, str, bool]] = []
    previous: Piece | None = None
    for piece in pieces:
        skipped = previous is not None and (
            previous.cut_after or piece.cut_before or piece.paragraph != previous.paragraph + 1)
        if skipped or (previous is None and piece.cut_before):
            runs.append((None, GAP, True))
        runs.append((piece.paragraph, piece.text, False))
        previous = piece
    if previous is not None and previous.cut_after:
        runs.append((None, GAP, True))
    return runs


def extract_lines(runs: list[tuple[int | None, str, bool]]) -> tuple[ExtractLine, ...]:
    """Number the wrapped lines of each run, from 1, marking where paragraphs start."""
    out: list[ExtractLine] = []
    for paragraph, text, gap in runs:
        for i, line in enumerate(wrap(text)):
            out.append(ExtractLine(line, len(out) + 1, paragraph if i == 0 else None, gap))
    return tuple(out)


def caption(resolved: ResolvedSource) -> str:
    """The provenance caption: given in the lesson, else made from the essay's front matter."""
    if resolved.source.caption:
        return resolved.source.caption
    meta = resolved.essay.meta
    text = f"{meta.author}, “{meta.title}”, {meta.form}, {meta.date or 'undated'}."
    if meta.author_description:
        text += f" The author describes themselves as: “{meta.author_description}”"
    return text


def source_box(resolved: ResolvedSource, glossary: dict[str, str] | None = None) -> SourceBox:
    """The printable box for a source, with its essay extract broken into numbered lines."""
    s = resolved.source
    return SourceBox(
        letter=s.letter, title=s.title, caption=caption(resolved), headnote=s.headnote,
        lines=extract_lines(_pieces_with_gaps(resolved.pieces)),
        glossary=tuple((glossary or s.glossary).items()),
    )


def adapted_box(resolved: ResolvedSource) -> SourceBox | None:
    """The simplified version of a source, numbered on its own, or None."""
    s = resolved.source
    if s.adapted is None:
        return None
    runs = [(None, para, False) for para in s.adapted.split("\n\n") if para.strip()]
    return SourceBox(
        letter=s.letter, title=s.title, caption=f"Adapted (simplified) from Source {s.letter}. " + caption(resolved),
        headnote="", lines=extract_lines(runs), adapted=True, glossary=tuple(s.glossary.items()),
    )


def quote_lines(box: SourceBox, quote: str) -> tuple[int, int] | None:
    """The first and last line numbers on which a quote is printed in a box."""
    needle = fold(quote)[0]
    if not needle:
        return None
    text = ""
    owner: list[int] = []  # the line number of every folded character
    for line in box.lines:
        folded = fold(line.text)[0]
        text += folded
        owner.extend([line.number] * len(folded))
    at = text.find(needle)
    if at < 0:
        return None
    return owner[at], owner[at + len(needle) - 1]

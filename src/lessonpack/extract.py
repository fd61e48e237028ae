"""Break a source's text into numbered lines, once, so DOCX and PDF print the same lines.

Lines are broken with the PDF font's real glyph widths at one canonical measure
(the standard A4 profile). Both writers print these lines as they are, so a
question that says "lines 12–14" is right in either file and on either paper.
"""

from __future__ import annotations

from .course import Piece, ResolvedSource
from .document import ExtractLine, SourceBox
from .essay import fold
from .fonts import string_width
from .theme import STANDARD, Theme

GAP = "[…]"


def wrap(text: str, width: float, theme: Theme = STANDARD) -> list[str]:
    """Greedy word wrap of text to width, measured in the extract font.

    Widths add up (the PDF sets text without kerning), so each word is measured once.
    """
    font, size = theme.body_font, theme.extract_size
    space = string_width(" ", font, size)
    lines: list[str] = []
    current, current_width = "", 0.0
    for word in text.split():
        word_width = string_width(word, font, size)
        if current and current_width + space + word_width > width:
            lines.append(current)
            current, current_width = "", 0.0
        if current:
            current, current_width = f"{current} {word}", current_width + space + word_width
        else:
            current, current_width = word, word_width
        while current_width > width and len(current) > 1:
            # A single word wider than the measure (a URL, a long name): split it.
            cut = _fit(current, width, theme)
            lines.append(current[:cut])
            current = current[cut:]
            current_width = string_width(current, font, size)
    if current:
        lines.append(current)
    return lines


def _fit(word: str, width: float, theme: Theme) -> int:
    """How many leading characters of word fit in width (at least one)."""
    lo, hi = 1, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if string_width(word[:mid], theme.body_font, theme.extract_size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


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


def extract_lines(runs: list[tuple[int | None, str, bool]], theme: Theme = STANDARD) -> tuple[ExtractLine, ...]:
    """Number the wrapped lines of each run, from 1, marking where paragraphs start."""
    out: list[ExtractLine] = []
    for paragraph, text, gap in runs:
        for i, line in enumerate(wrap(text, theme.extract_text_width, theme)):
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

"""Turn a lesson's sources into printable boxes of numbered lines, once per paper, so DOCX and PDF print the same lines.

The lines are broken by `linebreak.wrap`, with the PDF fonts' real glyph widths, to
the measures `linebreak.measures_for` gives the paper: lines that fit the standard,
dyslexia-friendly and high-contrast papers alike, or, on a narrower paper (large
print), that paper's own measure. Both writers print these lines as they are, one
printed line each, so a question that says "lines 12–14" is right in either file.
"""

from __future__ import annotations

import re

from .course import Piece, ResolvedSource
from .document import ExtractLine, SourceBox
from .essay import fold
from .linebreak import Measure, wrap
from .wording import adapted_caption

GAP = "[…]"


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


def extract_lines(runs: list[tuple[int | None, str, bool]],
                  measures: tuple[Measure, ...] | None = None) -> tuple[ExtractLine, ...]:
    """Number the wrapped lines of each run, from 1, marking where paragraphs start."""
    out: list[ExtractLine] = []
    for paragraph, text, gap in runs:
        for i, line in enumerate(wrap(text, measures)):
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


def source_box(resolved: ResolvedSource, glossary: dict[str, str] | None = None,
               measures: tuple[Measure, ...] | None = None) -> SourceBox:
    """The printable box for a source, its essay extract broken into numbered lines (the shared measures by default)."""
    s = resolved.source
    return SourceBox(
        letter=s.letter, title=s.title, caption=caption(resolved), headnote=s.headnote,
        lines=extract_lines(_pieces_with_gaps(resolved.pieces), measures),
        glossary=tuple((glossary or s.glossary).items()),
    )


def adapted_box(resolved: ResolvedSource, measures: tuple[Measure, ...] | None = None) -> SourceBox | None:
    """The simplified version of a source, numbered on its own, or None."""
    s = resolved.source
    if s.adapted is None:
        return None
    runs = [(None, para, False) for para in s.adapted.split("\n\n") if para.strip()]
    return SourceBox(
        letter=s.letter, title=s.title, caption=adapted_caption(s.letter) + caption(resolved),
        headnote="", lines=extract_lines(runs, measures), adapted=True, glossary=used_glossary(s.glossary, s.adapted),
    )


def used_glossary(glossary: dict[str, str], text: str) -> tuple[tuple[str, str], ...]:
    """The entries of a source's glossary whose word the text uses: an adapted version rewords the
    original, and a glossed word a student cannot find in the text sends the weakest readers looking."""
    def words(t: str) -> str:
        return " ".join(t.replace("’", "'").split()).casefold()

    said = words(text)
    return tuple((word, meaning) for word, meaning in glossary.items()
                 if re.search(rf"(?<!\w){re.escape(words(word))}(?!\w)", said))


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

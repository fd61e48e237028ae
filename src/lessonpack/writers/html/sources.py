"""A source in HTML: a figure with its title and caption, the extract as a blockquote of numbered lines,
the glossary as a definition list.

Line numbers are those of the paper the document was made for (the standard paper's, shared by the
dyslexia and high-contrast papers; a large-print paper's own), one printed line per `ExtractLine`,
so a question's "lines 12–14" is right however the screen wraps them: a line too long for a phone
wraps under itself, keeping its number. The margin numbers (every fifth line, as printed) and ¶
numbers are hidden from screen readers, which would otherwise read a number on every line; a line a
question cites is announced ("line 12") and can be linked to (`id`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup

from ... import document as d
from ...wording import line_label, printed_words, source_title

CITATION = re.compile(r"(?:Source\s+(?P<letter>[A-Z])\b[^.]{0,40}?)?"
                      r"\b(?P<ref>lines?\s+(?P<first>\d+)(?:\s*[–-]\s*(?P<last>\d+))?)")
"""How the templates cite extract lines ("Source A, lines 12–14", "line 7"): the first line is announced."""


def cited_lines(texts: Iterable[str], letters: tuple[str, ...]) -> set[tuple[str, int]]:
    """(letter, line) of each line the text cites; a citation without a letter counts for the only source."""
    cited = set()
    for text in texts:
        for match in CITATION.finditer(text):
            letter = match["letter"] or (letters[0] if len(letters) == 1 else None)
            if letter:
                cited.add((letter, int(match["first"])))
    return cited


def linked(text: str, letters: tuple[str, ...], present: set[tuple[str, int]]) -> Markup:
    """Text with each citation of a line printed in this document ("lines 5–7") a link to that line,
    so a reader can jump to it and back; the words stay as written."""
    out, end = [], 0
    for match in CITATION.finditer(text):
        letter = match["letter"] or (letters[0] if len(letters) == 1 else None)
        if letter is None or (letter, int(match["first"])) not in present:
            continue
        out.append(Markup("{}").format(text[end:match.start("ref")]))
        out.append(Markup('<a href="#{}">{}</a>').format(line_id(letter, int(match["first"])), match["ref"]))
        end = match.end("ref")
    out.append(Markup("{}").format(text[end:]))
    return Markup("").join(out)


def line_id(letter: str, number: int) -> str:
    return f"source-{letter.lower()}-line-{number}"


def source_box(block: d.SourceBox, cited: set[tuple[str, int]]) -> Markup:
    heading_id = f"source-{block.letter.lower()}"
    title = source_title(block.letter, block.title, block.adapted)
    parts = [Markup('<figure class="source-box" aria-labelledby="{}">\n<figcaption>\n<h3 id="{}">{}</h3>\n')
             .format(heading_id, heading_id, title)]
    parts.append(Markup('<p class="small caption">{}</p>\n').format(block.caption))
    if block.headnote:
        parts.append(Markup('<p class="small">{}</p>\n').format(block.headnote))
    parts.append(Markup("</figcaption>\n<blockquote>\n"))
    parts.append(_lines(block, cited))
    parts.append(Markup("</blockquote>\n"))
    if block.glossary:
        parts.append(Markup('<h4 class="visually-hidden">{}</h4>\n<dl class="glossary">\n')
                     .format(printed_words().glossary))
        for word, meaning in block.glossary:
            parts.append(Markup("<dt>{}</dt><dd>{}</dd>\n").format(word, meaning))
        parts.append(Markup("</dl>\n"))
    parts.append(Markup("</figure>\n"))
    return Markup("").join(parts)


def _lines(block: d.SourceBox, cited: set[tuple[str, int]]) -> Markup:
    """The extract's lines, a paragraph of the essay per <p> (a paragraph starts where a ¶ is printed)."""
    out = [Markup("<p>")]
    for i, line in enumerate(block.lines):
        if line.paragraph and i:
            out.append(Markup("</p>\n<p>"))
        out.append(_line(block.letter, line, (block.letter, line.number) in cited))
    out.append(Markup("</p>\n"))
    return Markup("").join(out)


def _line(letter: str, line: d.ExtractLine, cited: bool) -> Markup:
    shown = str(line.number) if line.number % 5 == 0 else ""
    parts = [Markup('<span class="source-line" id="{}">').format(line_id(letter, line.number))]
    if shown:
        parts.append(Markup('<span class="line-number" aria-hidden="true">{}</span>').format(shown))
    if line.paragraph:  # first, so a phone's style sheet can float it on the line's first row
        parts.append(Markup('<span class="para-number" aria-hidden="true">¶{}</span>').format(line.paragraph))
    if cited:
        parts.append(Markup('<span class="visually-hidden">{} </span>').format(line_label(line.number)))
    parts.append(Markup("{}").format(line.text))
    parts.append(Markup("</span>\n"))
    return Markup("").join(parts)

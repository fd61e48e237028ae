"""An essay's outline for a teacher writing a lesson: its sections, ¶ ranges and each paragraph's first words."""

from __future__ import annotations

from .essay import Essay
from .references import span

FIRST_WORDS = 10


def first_words(text: str, count: int = FIRST_WORDS) -> str:
    """The opening words of a paragraph, with "…" when there is more."""
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def outline(essay: Essay) -> list[str]:
    """Lines to print: a heading for the essay, then each section and its numbered paragraphs."""
    meta = essay.meta
    lines = [f"{essay.name}: “{meta.title}” by {meta.author} — {len(essay.paragraphs)} paragraphs, "
             f"{len(essay.sections)} sections", ""]
    starts = {s.first: s for s in essay.sections}
    width = len(str(len(essay.paragraphs)))
    if essay.paragraphs and 1 not in starts:
        lines.append("(before the first section)")
    for para in essay.paragraphs:
        if section := starts.get(para.number):
            lines.append(f"section: {section.id}  ({span(section.first, section.last)})  {section.title}")
        lines.append(f"  ¶{para.number:<{width}}  {first_words(para.text)}")
    lines += ["", "In a lesson, cite a section (section: ID), paragraphs (paragraphs: \"4-7\") "
                  "or exact words (quote: \"…\")."]
    return lines

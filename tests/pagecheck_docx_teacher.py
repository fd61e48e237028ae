"""Page checks of a teacher's DOCX (mark scheme, teacher notes) as LibreOffice prints it (issue 17).

The PDF's checks of a teacher's pages (tests/pagecheck_teacher.py) read its "Question 3 (continued)"
labels, which the DOCX cannot print. These find each block of the document model in the printed
text instead (by its first and last words, in reading order) and say where a teacher would have
to turn over: a question's heading or wording ending a page with its answer overleaf; a short
answer (a model answer with its mark points), a level descriptor, a true/false key or a "Correct
order" chain split over two pages; a list split with one short item alone on a side.

Run `python tests/pagecheck_docx_teacher.py LESSON KIND FILE.pdf FILE.docx [--profile NAME]` on
LibreOffice's PDF of a teacher's DOCX (LESSON: the start of a lesson file's name, "02").
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from lessonpack import document as d

SNIPPET_WORDS = 5
"""How many words from each end of a block find it in the printed text."""
SHORT_SHARE = 0.3
"""A block estimated shorter than this share of a page never splits (the rule's third, less a margin
for the estimate)."""
KEY_ITEM = re.compile(r"—\s*(True|False)\s*$")
SENTENCE_BOUNDARY = re.compile(r"(?<=[a-z0-9)][.!?])[\"'”’)]*\s+(?=[A-Z0-9‘“'\"(])")


@dataclass(frozen=True)
class Unit:
    """A heading, paragraph or list item of the document and the pages (from 0) of its first and last words."""
    block: int
    item: int
    text: str
    first: int
    last: int


def printed_pages(pdf: Path, docx: Path) -> list[str]:
    """Each page's text inside the DOCX's text area (not its running header and footer), as
    pdftotext reads it, its white space made single spaces."""
    from docx import Document

    section = Document(str(docx)).sections[0]
    top, height = section.top_margin.pt, section.page_height.pt - section.top_margin.pt - section.bottom_margin.pt
    out = subprocess.run(["pdftotext", "-layout", "-x", "0", "-y", str(int(top)), "-W", str(int(section.page_width.pt)),
                          "-H", str(int(height) + 1), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [_plain(page) for page in out.split("\f")]


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u00ad", "")).strip()


def units(document: d.Document, pages: list[str]) -> list[Unit]:
    """Every heading, paragraph and list item of the document's flow found in the printed pages,
    in order (one not found, as an empty one, is left out)."""
    joined, starts, at = "", [], 0
    for page in pages:
        starts.append(len(joined))
        joined += page + " "

    def page_of(position: int) -> int:
        return max(i for i, start in enumerate(starts) if start <= position)

    out = []
    texts = []
    for number, block in enumerate(document.blocks):
        if isinstance(block, (d.Heading, d.Paragraph)):
            texts.append((number, -1, d.plain_text(block.children)))
        elif isinstance(block, d.ListBlock):
            texts += [(number, n, " ".join(d.plain_text(b.children) for b in item if isinstance(b, d.Paragraph)))
                      for n, item in enumerate(block.items)]
    for number, item, text in texts:
        words = _plain(text).split()
        if not words:
            continue
        head, tail = " ".join(words[:SNIPPET_WORDS]), " ".join(words[-SNIPPET_WORDS:])
        start = joined.find(head, at)
        if start < 0:
            continue
        end = joined.find(tail, start + len(head) if len(words) > SNIPPET_WORDS else start)
        if end < 0:
            continue
        at = end + len(tail)
        out.append(Unit(number, item, text, page_of(start), page_of(at - 1)))
    return out


def _height(theme, blocks, width: float) -> float:
    from lessonpack.writers.docx.keep import blocks_height

    return blocks_height(theme, blocks, width)


def findings(document: d.Document, theme, pages: list[str]) -> list[str]:
    """Where a teacher would turn over in a question's answers (or a short block), as "page N: what"."""
    found = units(document, pages)
    by_block: dict[int, list[Unit]] = {}
    for unit in found:
        by_block.setdefault(unit.block, []).append(unit)
    blocks, width, short = document.blocks, theme.text_width, theme.text_height * SHORT_SHARE
    out = []

    def first(i: int) -> int | None:
        return by_block[i][0].first if i in by_block else None

    def last(i: int) -> int | None:
        return by_block[i][-1].last if i in by_block else None

    level = 0
    for i, block in enumerate(blocks):
        if isinstance(block, d.Heading):
            level = block.level
            if (level >= 3 and i + 2 < len(blocks) and isinstance(blocks[i + 1], d.Paragraph)
                    and not isinstance(blocks[i + 2], d.Heading) and None not in (first(i), last(i + 1), first(i + 2))
                    and (first(i) != first(i + 1) or last(i + 1) != first(i + 2))):
                out.append(f"page {first(i) + 1}: {d.plain_text(block.children)!r}, its wording ends on page "
                           f"{last(i + 1) + 1}, its answer starts on page {first(i + 2) + 1}")
        elif isinstance(block, d.Paragraph) and i in by_block:
            unit = by_block[i][0]
            one_sentence = not SENTENCE_BOUNDARY.search(unit.text)
            if unit.first != unit.last and (_height(theme, (block,), width) < short
                                             or (level >= 3 and one_sentence)):
                out.append(f"page {unit.first + 1}: a paragraph split: {unit.text[:50]!r}")
        elif isinstance(block, d.ListBlock) and i in by_block:
            for unit in by_block[i]:
                item = block.items[unit.item]
                if unit.first != unit.last and _height(theme, item, width - 18) < short:
                    out.append(f"page {unit.first + 1}: a list item split: {unit.text[:50]!r}")
            out += _alone(theme, block, by_block[i], width)
            key = all(KEY_ITEM.search(unit.text) for unit in by_block[i])
            if first(i) != last(i) and (key or _height(theme, (block,), width) < short):
                out.append(f"page {first(i) + 1}: {'a true/false key' if key else 'a short list'} split")
            if (i and isinstance(blocks[i - 1], d.Paragraph) and first(i - 1) is not None
                    and first(i - 1) != last(i) and _height(theme, blocks[i - 1:i + 1], width) < short):
                out.append(f"page {first(i - 1) + 1}: an answer and its marks split: "
                           f"{d.plain_text(blocks[i - 1].children)[:40]!r}")
    return out


def _alone(theme, block: d.ListBlock, found: list[Unit], width: float) -> list[str]:
    """A list split between its items with one short item (`TEXT_LINES_WHOLE` lines or fewer) alone on
    a side: the PDF leaves two a side (a mark scheme's third point went overleaf alone)."""
    from lessonpack.page_rules import TEXT_LINES_WHOLE

    if len(found) != len(block.items) or len(found) < 2:
        return []
    short = (TEXT_LINES_WHOLE + 0.5) * theme.leading(theme.body_size)
    out = []
    for n in range(1, len(found)):
        if found[n].first == found[n - 1].last:
            continue
        for side, item in ((n, block.items[0]), (len(found) - n, block.items[-1])):
            if side == 1 and _height(theme, item, width - 18) < short:
                out.append(f"page {found[n - 1].last + 1}: a list split {n}/{len(found) - n}: "
                           f"{found[n].text[:40]!r} starts the next page")
                break
    return out


def unlabelled_pages(document: d.Document, pages: list[str]) -> list[str]:
    """Each page after the first whose first words carry on a section's paragraph or list (a question's
    model answer or mark points, "Background") and that does not start with the section's heading, as
    the DOCX repeats it over a section run onto a new page (writers/docx/labelled_sections.py; the
    PDF's "Question 3 (continued)"). A page that starts with a box's or a card's own title (a fact
    check's, a lesson plan's "Main · 15 minutes"), or a timeline's pictures, carries on no paragraph
    of the flow and is not asked: the box's or card's title says what it is."""
    found = units(document, pages)
    out = []
    for page in range(1, len(pages)):
        on = [unit for unit in found if unit.first <= page <= unit.last]
        if not on or not pages[page]:
            continue
        top = min(on, key=lambda unit: (unit.block, unit.item))
        if isinstance(document.blocks[top.block], d.Heading) and top.first == page:
            continue  # a section starts the page
        heading = next((block for block in reversed(document.blocks[:top.block + 1])
                        if isinstance(block, d.Heading)), None)
        label = _plain(d.plain_text(heading.children)) if heading is not None else ""
        words = pages[page].split()
        first_words = " ".join(words[1:3] if re.fullmatch(r"•|\d+\.", words[0]) else words[:2])  # an item's marker
        if label and pages[page].startswith(label) or first_words not in _plain(top.text):
            continue  # labelled, or it starts with what is no paragraph of the flow (a card found its words)
        out.append(f"page {page + 1}: carries on {label!r} under no label: it starts {pages[page][:50]!r}")
    return out


def widows(document: d.Document, theme, pages: list[str], orphans: bool = False) -> list[str]:
    """Each paragraph or list item of the flow run onto a new page with less than two lines there (and,
    with `orphans`, with less than two on the page before), its lines estimated at the page's measure
    from the words printed on each page: a labelled section's paragraph keeps its last lines whole (and,
    in standard print, breaks only between sentences; writers/docx/labelled_sections.py). Broken anywhere in a
    table's row, where LibreOffice applies no widow control, lesson 03's 24 pt mark scheme printed
    "Question 9 (4 marks)" over the one word "ran." and lesson 02's notes "Lunacharsky." alone under
    Background."""
    from lessonpack.page_rules import TEXT_LINES_SIDE
    from lessonpack.writers.docx.keep import text_height

    least = TEXT_LINES_SIDE * theme.leading(theme.body_size) - 0.5
    labels = sorted({_plain(d.plain_text(b.children)) for b in document.blocks if isinstance(b, d.Heading)}, key=len)
    for n in range(1, len(pages)):  # a section's heading repeated over its rest (found once, where it starts)
        label = next((label for label in reversed(labels) if pages[n].startswith(label + " ")), None)
        if label and pages[n - 1].count(label) + sum(page.count(label) for page in pages[:n - 1]):
            pages = [*pages[:n], pages[n][len(label) + 1:], *pages[n + 1:]]
    out = []
    for unit in units(document, pages):
        if unit.first == unit.last:
            continue
        words = _plain(unit.text).split()
        item = isinstance(document.blocks[unit.block], d.ListBlock)
        width = theme.text_width - (18 if item else 0)
        before = next((k for k in range(len(words), 0, -1) if pages[unit.first].endswith(" ".join(words[:k]))), 0)
        after = next((k for k in range(len(words), 0, -1) if " ".join(words[-k:]) in pages[unit.last]), 0)
        sides = [("before", words[:before])] * orphans + [("overleaf", words[len(words) - after:])]
        for side, part in sides:
            if part and text_height(theme, " ".join(part), width, space_after=0) < least:
                out.append(f"page {unit.first + 1 if side == 'before' else unit.last + 1}: {unit.text[:40]!r} "
                           f"has one line {side}: {' '.join(part)[:60]!r}")
    return out


OWN_TITLE = re.compile(r"the page starts '(Fact check|\S+( \S+)? · \d+ minutes?|Phase Minutes Activity)'$")
"""How `section_without_label` reports a page of a DOCX headed by a title of its own, not a
section's heading: a fact check's box title, repeated as its header row over the rest of the box;
a lesson plan's card titled by its stage and time ("Main · 15 minutes"), a card per page at 24 pt; the
plan's table, its column heads repeated (standard and dyslexia)."""


def section_without_label_docx(paper) -> list:
    """tests/pagecheck.py's `section_without_label` over a teacher's DOCX as LibreOffice prints it,
    less the pages headed by a box's or a card's own title (`OWN_TITLE`): looked at in lessons 02 and 03
    at 24 pt, each says what the page holds as the PDF's "(continued)" label does."""
    from pagecheck import section_without_label

    return [finding for finding in section_without_label(paper) if not OWN_TITLE.search(finding.detail)]


def lesson_document(lesson: str, kind: str, profile: str):
    """One of the shipped course's documents: its document model, theme and the course's reference
    DOCX (or None), as a build passes them to the DOCX writer."""
    from lessonpack.course import load_course
    from lessonpack.pipeline import course_theme, make_document, reference_docx, template_set

    course = load_course(Path(__file__).resolve().parents[1])
    theme = course_theme(course, profile)
    found = next(x for x in course.lessons if x.file.name.startswith(lesson))
    document = make_document(course, found, kind, template_set(course.templates_dir), theme=theme)
    return document, theme, reference_docx(course)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("lesson")
    parser.add_argument("kind")
    parser.add_argument("pdf", type=Path)
    parser.add_argument("docx", type=Path)
    parser.add_argument("--profile", default="standard")
    args = parser.parse_args()
    document, theme, _ = lesson_document(args.lesson, args.kind, args.profile)
    problems = findings(document, theme, printed_pages(args.pdf, args.docx))
    for problem in problems:
        print(f"{args.pdf.name}: {problem}")
    sys.exit(1 if problems else 0)

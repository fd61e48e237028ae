"""Page checks of how a teacher's documents (notes, mark scheme) break their pages (issue 16).

A teacher marking a pile of papers reads a question's answers without turning over: a question's
heading and wording never end a page without the start of its answer (nor "Fact checks" and its
lead-in without the first box), a paragraph that runs on overleaf breaks at a sentence end, a
list (mark points, an answer key of statements) leaves at least two items on each side and a
true/false key never splits, and a ruled table (the lesson plan) leaves two rows on each side.
Each check reads the PDF back as tests/pagecheck.py does and applies to teacher documents only.
"""

from __future__ import annotations

import re

from pagecheck import (TOLERANCE, Finding, Line, Paper, _text_blocks, copy_ends, is_heading, teacher_document,
                       text_lines)
from pagecheck_answers import _grid_rows

from lessonpack.page_rules import TEXT_LINES_WHOLE

SENTENCE_END = re.compile(r"([.!?:;→][\"'”’)]*|\(\d+\))$")
"""How a line that ends a sentence, a clause ("…; credit any"), a lead-in or a mark point ("(1)") ends: not a
word inside a clause (a dash may open an aside, so it ends nothing)."""
SENTENCE_BREAK = re.compile(r"[a-z0-9)][.!?][\"'”’)]*\s")
"""A sentence that ends on a line (at its end, with a space added, or inside it): where a question's
answers may break."""
KEY_ITEM = re.compile(r"—\s*(True|False)$")
"""How an item of a true/false answer key ends."""
KEY_LEAD = re.compile(r"^Answers?:")
"""How a question's key (multiple choice, matching, gap fill) starts: its bold lead."""
LEVEL_ITEM = re.compile(r"^•\s*Level \d+ \(")
"""How an item of a mark scheme's level descriptors starts."""
ITEMS_MIN = 2
"""The fewest items of a list (and rows of a table) a split leaves on each side."""


def _words(line: Line) -> str:
    return " ".join(r.text for r in sorted(line.runs, key=lambda r: r.x)).strip()


def _heading(paper: Paper, line: Line) -> bool:
    """A heading, also one at the body size (the high-contrast paper's smallest): all bold in its font."""
    t = paper.theme
    face = t.heading_font.replace(" ", "")
    return any(is_heading(r, t) for r in line.runs) or all(
        r.bold and r.font.startswith(face) and r.size >= min(t.heading_sizes) - 0.05 for r in line.runs)


def _breaks(paper: Paper):
    """Each page break of a teacher's document where the next page carries on the section under a
    "(continued)" label: the page (from 0), its lines, and the next page's lines under the label."""
    from lessonpack.wording import continued_label

    if not teacher_document(paper):
        return
    marker, ends = continued_label(""), copy_ends(paper)
    for page in range(paper.pages - 1):
        if page in ends:
            continue
        here, there = text_lines(paper, page), text_lines(paper, page + 1)
        if here and len(there) > 1 and marker in _words(there[0]):
            yield page, here, there[1:]


def _boxed(paper: Paper, page: int, line: Line) -> bool:
    """Whether a line is printed inside a drawn box or a table (a rule runs down beside it)."""
    return any(not s.horizontal and min(s.y0, s.y1) - TOLERANCE <= line.y <= max(s.y0, s.y1) + TOLERANCE
               for s in paper.on(page, paper.strokes))


def _starts_block(paper: Paper, page: int, line: Line) -> bool:
    """Whether a line starts a block of its own: a bullet, a bold lead ("Model answer:"), a heading, a box."""
    first = min(line.runs, key=lambda r: r.x)
    return first.text.startswith("•") or first.bold or _heading(paper, line) or _boxed(paper, page, line)


def answer_start_overleaf(paper: Paper) -> list[Finding]:
    """A heading with one block of text under it (a question's wording, a section's short lead-in)
    ending a page, and the start of what that block introduces (the answer, the first fact-check
    box) overleaf under "(continued)"."""
    from lessonpack.page_rules import LEAD_PARAGRAPH_CHARACTERS
    from lessonpack.wording import continued_label, question_label

    question = continued_label(question_label("0")).split("0")[0]
    out = []
    for page, here, there in _breaks(paper):
        heads = [i for i, line in enumerate(here) if _heading(paper, line)]
        if not heads or heads[-1] == len(here) - 1:
            continue  # none, or a heading alone at the foot (heading_at_foot)
        under = here[heads[-1] + 1:]
        if (any(_boxed(paper, page, line) for line in under) or len(_text_blocks(under, paper.theme)) != 1
                or under[0].runs[0].text.startswith("•") or not _starts_block(paper, page + 1, there[0])):
            continue
        lead_in = len(" ".join(_words(line) for line in under)) <= LEAD_PARAGRAPH_CHARACTERS
        if not lead_in and not _words(text_lines(paper, page + 1)[0]).startswith(question):
            continue  # a section's longer intro ("Differentiation") may end a page before its list
        out.append(Finding(page + 1, "answer-start-overleaf",
                           f"{_words(here[heads[-1]])!r} and {len(under)} line(s) end the page; "
                           f"{_words(there[0])[:40]!r} is overleaf"))
    return out


def split_mid_sentence(paper: Paper) -> list[Finding]:
    """A question's answers (wording, model answer, a chain of events) run on overleaf from a line
    that does not end a sentence (a teacher's other sections may break inside a long paragraph)."""
    from lessonpack.wording import continued_label, question_label

    question = continued_label(question_label("0")).split("0")[0]
    out = []
    for page, here, there in _breaks(paper):
        last = here[-1]
        label = _words(text_lines(paper, page + 1)[0])
        if not label.startswith(question) or _boxed(paper, page, last) or _starts_block(paper, page + 1, there[0]):
            continue
        if not SENTENCE_END.search(_words(last)):
            out.append(Finding(page + 1, "split-mid-sentence",
                               f"{_words(last)[-40:]!r} / {_words(there[0])[:40]!r}"))
    return out


def key_at_foot(paper: Paper) -> list[Finding]:
    """A question's key ("Answer: A — …", "Answers: 1 → D, …") the last line of a page, its model
    answer overleaf under "(continued)": a teacher reads the letter with the reasons for it."""
    out = []
    for page, here, there in _breaks(paper):
        first = min(here[-1].runs, key=lambda r: r.x)
        if (first.bold and KEY_LEAD.match(first.text) and len(here) > 1
                and here[-2].y - here[-1].y > paper.theme.leading(first.size) * 1.1):  # a block of one line
            out.append(Finding(page + 1, "key-at-foot", f"{_words(here[-1])!r} / {_words(there[0])[:40]!r}"))
    return out


def _items(blocks: list[list[Line]]) -> list[list[Line]]:
    return [b for b in blocks if b[0].runs[0].text.startswith("•")]


def _levels(items: list[list[Line]]) -> bool:
    return bool(items) and all(LEVEL_ITEM.search(_words(item[0])) for item in items)


def _height(paper: Paper, items: list[list[Line]]) -> float:
    """How tall a list's items stand on a page, from the top of the first to the foot of the last."""
    return items[0][0].y + items[0][0].runs[0].size - items[-1][-1].foot if items else 0.0


def list_split_short(paper: Paper) -> list[Finding]:
    """A list split between its items with fewer than `ITEMS_MIN` items on a side (but an item of
    more than `TEXT_LINES_WHOLE` lines, which may stand alone), a true/false answer key split, or a
    mark scheme's level descriptors split that would fit a page (`LEVELS_WHOLE_SHARE`) but where they
    part as `answer_stack._levels_apart` parts them to fill a page otherwise left more than a quarter
    blank."""
    from lessonpack.page_rules import BLANK_SHARE_MAX, unsplit_height
    from lessonpack.writers.pdf.sections import LEVELS_WHOLE_SHARE

    t = paper.theme
    out = []
    for page, here, there in _breaks(paper):
        if _boxed(paper, page, here[-1]) or not there[0].runs[0].text.startswith("•"):
            continue
        before = []
        for block in reversed(_text_blocks(here, t)):
            if not block[0].runs[0].text.startswith("•"):
                break
            before.insert(0, block)
        after = []
        for block in _text_blocks(there, t):
            if not block[0].runs[0].text.startswith("•"):
                break
            after.append(block)
        if not before:
            continue
        key = all(KEY_ITEM.search(" ".join(_words(line) for line in item)) for item in before + after)

        def alone(side: list[list[Line]]) -> bool:  # one item, and not a long one that stands on its own
            return len(side) < ITEMS_MIN and (not side or len(side[0]) <= TEXT_LINES_WHOLE)

        # Levels longer than a third of a page part between two levels, two on each side (one of a list
        # of two or three) or a long level alone, where moving them whole would leave the page more than
        # a quarter blank (`answer_stack._levels_apart`).
        side = ITEMS_MIN if len(before) + len(after) >= 2 * ITEMS_MIN else 1
        parted = (all(len(part) >= side or len(part[0]) > TEXT_LINES_WHOLE for part in (before, after))
                  and _height(paper, before) + _height(paper, after) >= unsplit_height(t)
                  and before[0][0].y - t.margin_bottom > t.text_height * BLANK_SHARE_MAX)
        if parted and _levels(before) and _levels(after):
            continue
        levels = _levels(before) and _levels(after) and (
            _height(paper, before) + _height(paper, after) < t.text_height * LEVELS_WHOLE_SHARE)
        if key or levels or alone(before) or alone(after):
            kind = "a true/false key" if key else "level descriptors that fit a page" if levels else "a list"
            out.append(Finding(page + 1, "list-split-short", f"{kind} split {len(before)}/{len(after)}"))
    return out


def _run_of_rows(rows: list[tuple[float, float]], upwards: bool = False) -> list[tuple[float, float]]:
    """The rows (top, bottom) of one table from the first given: each starts where the one before
    ends (`upwards`: each ends where the one before starts)."""
    out = rows[:1]
    for row in rows[1:]:
        if abs((row[1] - out[-1][0]) if upwards else (row[0] - out[-1][1])) > TOLERANCE * 2:
            break
        out.append(row)
    return out


def table_split_short(paper: Paper) -> list[Finding]:
    """A ruled table (the lesson plan) split with fewer than `ITEMS_MIN` rows on a side, but a row
    of more than `TEXT_LINES_WHOLE` lines, which may stand alone as a long list item may (a large-print
    plan's 15-line activity fills half a page: two such rows do not fit a page together)."""
    t = paper.theme
    long_row = (TEXT_LINES_WHOLE + 1) * t.leading(t.note)

    def alone(side: list[tuple[float, float]]) -> bool:
        return len(side) < ITEMS_MIN and not any(top - bottom > long_row for top, bottom in side)

    out = []
    for page, here, there in _breaks(paper):
        below = min(line.foot for line in here)
        before = _run_of_rows(list(reversed(_grid_rows(paper, page, 0, t.page_height))), upwards=True)
        after = _run_of_rows(_grid_rows(paper, page + 1, 0, t.page_height))
        repeated = _words(there[0]) in {_words(line) for line in here}  # its header, printed again
        if not before or not after or before[0][1] > below + t.body_size or not repeated:
            continue  # no table ends this page, or the next page's is another (a card of a lesson plan)
        if alone(before) or alone(after):
            out.append(Finding(page + 1, "table-split-short", f"{len(before)} row(s) here, {len(after)} overleaf"))
    return out


TEACHER_CHECKS = (answer_start_overleaf, split_mid_sentence, list_split_short, table_split_short, key_at_foot)

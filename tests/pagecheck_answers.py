"""Page checks of a question's answer space: where its boxes stand and how its lists, grids and
word bank break across pages (issue 16). They build on pagecheck.py's reading of a page and run
with its checks (`pagecheck.all_checks`)."""

from __future__ import annotations

import re

from pagecheck import (TOLERANCE, Finding, Paper, Stroke, _continued_at_top, _near, answer_space, content_foot,
                       ordering_boxes, question_numbers, text_lines, tick_rows)


def tick_boxes(paper: Paper) -> list[Stroke]:
    """The rows of tick boxes and write-in boxes (a choice's, a true/false grid's, a matching
    question's items'), each as a stroke at its middle: a student answers in them."""
    return [Stroke(page, 0.0, centre, 0.0, centre, 0.8) for page in range(paper.pages)
            for centre in tick_rows(paper, page)]


def _lettered_lines(paper: Paper, page: int) -> list[float]:
    """The heights of the page's lines that start with a bold "A." (a matching question's first
    lettered answer)."""
    return [line.y for line in text_lines(paper, page)
            if line.runs and line.runs[0].bold and line.runs[0].text.startswith("A.")]


def answers_again_overleaf(paper: Paper, page: int) -> bool:
    """Whether a matching question's lettered answers on this page are printed again overleaf, under
    "Question N (continued)" and over the items that run on there (large print, where the answers,
    the items and their boxes do not fit one page): each side holds the answers with its boxes, or
    (the answers filling the stem's page) the side overleaf holds them all."""
    if page + 1 >= paper.pages or not _lettered_lines(paper, page) or not _continued_at_top(paper, page + 1):
        return False
    boxes = tick_rows(paper, page + 1)
    return bool(boxes) and any(y > boxes[0] for y in _lettered_lines(paper, page + 1))


BOX_LINE_SLACK = 0.45
"""How far (in body sizes) a tick box's middle may stand from the middle of the nearest line of text."""


def tick_box_beside_no_line(paper: Paper) -> list[Finding]:
    """A row of tick boxes with no line of text beside it: boxes on a row of their own between two
    true/false statements (large print), or centred on a statement of two lines, stand as near the
    next statement as their own, and a student ticks the wrong one. A box stands on its item's
    first line, its middle on that line's letters (a little above the baseline)."""
    t = paper.theme
    out = []
    for page in range(paper.pages):
        middles = [line.y + 0.35 * max(r.size for r in line.runs) for line in text_lines(paper, page)]
        for centre in tick_rows(paper, page):
            if not any(abs(centre - middle) <= BOX_LINE_SLACK * t.body_size for middle in middles):
                near = min(middles, key=lambda m: abs(centre - m), default=None)
                out.append(Finding(page + 1, "tick-box-beside-no-line",
                                   f"boxes at y={centre:.0f}: the nearest line's middle is "
                                   f"{abs(centre - near):.0f} pt away" if near is not None else "no text"))
    return out


def tick_list_split(paper: Paper) -> list[Finding]:
    """A list of tick boxes that runs on overleaf (under "Question N (continued)") leaving fewer than
    `TICK_ITEMS_MIN` items on a side of the break (a true/false statement alone on a page), or split at
    all when it has `TICK_ITEMS_MIN` * 2 items or fewer (two true/false statements and two) and its stem
    and items fit a page, or a
    choice question's lettered options split though its stem and options would fit one page (A and
    B at a page foot, C and D overleaf: a student reads half the options, turns over, and back), or
    an ordering's events split though they fit a page."""
    from lessonpack.page_rules import TICK_ITEMS_MIN

    t = paper.theme
    numbers = question_numbers(paper)
    rules = answer_space(paper)
    out = []
    for page in range(paper.pages - 1):
        here, there = tick_rows(paper, page), tick_rows(paper, page + 1)
        if not here or not there or not _continued_at_top(paper, page + 1):
            continue
        above = [n for n in numbers if n.page == page and n.y > here[-1]]
        below = [n for n in numbers if n.page == page + 1 and n.y > there[0]]
        # The list runs on: nothing of another question, and no lines to write on, between its parts.
        if below or any(s.page == page and s.y0 < here[-1] for s in rules) or \
                any(s.page == page + 1 and s.y0 > there[0] for s in rules):
            continue
        number = min(above, key=lambda n: n.y, default=None)  # the list's own: the last number above it
        before = [c for c in here if number is None or c < number.y]
        later = [n for n in numbers if n.page == page + 1]
        after = [c for c in there if not later or c > max(n.y for n in later)]
        if answers_again_overleaf(paper, page):
            continue  # a matching question's items, the answers over them on both sides
        foot = content_foot(paper, page)
        if min(len(before), len(after)) < TICK_ITEMS_MIN:
            out.append(Finding(page + 1, "tick-list-split",
                               f"{len(before)} item(s) here, {len(after)} overleaf"))
            continue
        lettered = any(re.fullmatch(r"[A-Z]", r.text) and r.bold and _near(line.y + 0.35 * r.size, before[0],
                                                                        t.body_size * 0.6)
                       for line in text_lines(paper, page) for r in line.runs)
        if len(before) + len(after) <= 2 * TICK_ITEMS_MIN and not lettered:  # options: below
            # A short list splits only where its stem and items are taller than a page (a 24 pt
            # true/false of four statements, each in its own column beside its boxes), or where
            # taking them overleaf would leave more than a quarter of this page blank (36 pt, A3).
            height = None if number is None or foot is None else \
                (number.y + number.size - foot) + (there[0] - after[-1] + 1.5 * t.body_size)
            left = 0 if number is None else number.y + number.size - t.margin_bottom
            if height is None or (height <= t.text_height and left <= t.text_height / 4):
                fits = "" if height is None else f": stem and items, {height:.0f} pt, fit a page"
                out.append(Finding(page + 1, "tick-list-split",
                                   f"{len(before)} item(s) here, {len(after)} overleaf{fits}"))
            continue
        if foot is not None and ordering_boxes(paper, page, foot, t.page_height) and \
                ordering_boxes(paper, page + 1, after[-1] - t.body_size, t.page_height):
            # An ordering's events: never split where its stem and events fit a page (they go overleaf
            # whole); where they do not, they split with its stem (`question_without_answer_space`).
            top = number.y + number.size if number is not None else before[0] + t.body_size
            events = (top - foot) + (there[0] - after[-1] + 1.5 * t.body_size)
            if events <= t.text_height - 2 * t.body_size:
                out.append(Finding(page + 1, "tick-list-split", f"an ordering's events split {len(before)}/"
                                   f"{len(after)}: the stem and events, {events:.0f} pt, fit a page"))
            continue
        if number is None or not lettered or foot is None:
            continue
        height = (number.y + number.size - foot) + (there[0] - after[-1] + 1.5 * t.body_size)
        if height <= t.text_height:
            out.append(Finding(page + 1, "tick-list-split",
                               f"question {number.text}'s options split {len(before)}/{len(after)}: stem and "
                               f"options, {height:.0f} pt, fit a page"))
    return out


def _grid_rows(paper: Paper, page: int, low: float, high: float) -> list[tuple[float, float]]:
    """The rows (top, bottom) of ruled grids between heights `low` and `high` of a page that are not
    shaded (a header): rules at the table-rule width across a third of the text or more."""
    t = paper.theme
    ys = sorted({round(s.y0, 1) for s in paper.on(page, paper.strokes) if s.horizontal
                 and _near(s.width, t.table_rule_width, 0.05) and abs(s.x1 - s.x0) >= t.text_width / 3
                 and low < s.y0 < min(high, t.page_height - t.margin_top)}, reverse=True)  # not the header's rule
    shaded = [m for m in paper.on(page, paper.marks) if m.y1 - m.y0 < t.page_height * 0.9]
    return [(top, bottom) for top, bottom in zip(ys, ys[1:]) if top - bottom >= t.body_size
            and not any(m.y0 < (top + bottom) / 2 < m.y1 for m in shaded)]


def _question_continued(paper: Paper, page: int) -> bool:
    """Whether a page starts with "Question N (continued)"."""
    from lessonpack.wording import continued_label, question_label

    head = continued_label(question_label("0")).split("0")[0]
    lines = text_lines(paper, page)
    return bool(lines) and " ".join(r.text for r in lines[0].runs).startswith(head)


def grid_split_short(paper: Paper) -> list[Finding]:
    """A ruled grid that runs on overleaf (under "Question N (continued)") with fewer than
    `TABLE_ROWS_MIN` of its rows on a side of the break: its header and one row at a page foot,
    the rest overleaf (a student fills one row, then turns over)."""
    from lessonpack.page_rules import TABLE_ROWS_MIN

    t = paper.theme
    numbers = question_numbers(paper)
    rules = answer_space(paper)
    out = []
    for page in range(paper.pages - 1):
        if not _continued_at_top(paper, page + 1) or not _question_continued(paper, page + 1):
            continue  # a teacher's table (a lesson plan's cards) is another matter
        above = [n.y for n in numbers if n.page == page]
        later = [n.y for n in numbers if n.page == page + 1]
        low = max([s.y0 for s in rules if s.page == page + 1] + later, default=t.margin_bottom - TOLERANCE)
        top = min(above, default=t.page_height)  # under the page's last question number
        before = _grid_rows(paper, page, max([s.y0 for s in rules if s.page == page and s.y0 < top], default=0), top)
        after = _grid_rows(paper, page + 1, low if not later else max(later), t.page_height)
        if not before or not after or any(s.page == page + 1 and s.y0 > after[0][0] for s in rules):
            continue
        foot = content_foot(paper, page)
        if foot is None or before[-1][1] > foot + t.body_size:  # the grid does not end the page
            continue
        if min(len(before), len(after)) < TABLE_ROWS_MIN:
            out.append(Finding(page + 1, "grid-split-short", f"{len(before)} row(s) here, {len(after)} overleaf"))
    return out


def word_bank_overleaf(paper: Paper) -> list[Finding]:
    """Gaps to fill at a page foot whose word bank is overleaf: a student fills the first gaps
    before seeing the words to fill them from (lesson 03 at 24 pt)."""
    from lessonpack.wording import printed_words

    numbers = question_numbers(paper)
    bank = printed_words().word_bank
    out = []
    for page in range(1, paper.pages):
        lines = text_lines(paper, page)
        at = next((line.y for line in lines if " ".join(r.text for r in line.runs).startswith(bank)), None)
        if at is None or any(n.page == page and n.y > at for n in numbers) or not _continued_at_top(paper, page):
            continue
        top = min((n.y for n in numbers if n.page == page - 1), default=paper.theme.page_height)
        gaps = [r for r in paper.on(page - 1, paper.runs) if "___" in r.text and r.y < top]
        if gaps:
            out.append(Finding(page, "word-bank-overleaf", f"{len(gaps)} gap(s) here, the word bank on page {page + 1}"))
    return out


def matching_items_without_answers(paper: Paper) -> list[Finding]:
    """A matching question's items with their write-in boxes (large print: a box beside each bold
    item number) on a page that does not hold its lettered answers: printed two-sided, the items
    and the answers they are matched with were on the two sides of one sheet (lesson 02's
    Question 4 at 24 pt)."""
    t = paper.theme
    out = []
    for page in range(paper.pages):
        lines = text_lines(paper, page)
        items = [line for line in lines for centre in tick_rows(paper, page)
                 if _near(line.y + 0.35 * t.body_size, centre, BOX_LINE_SLACK * t.body_size)
                 and line.runs[0].bold and re.fullmatch(r"\d+", line.runs[0].text)]
        if items and not _lettered_lines(paper, page):
            out.append(Finding(page + 1, "matching-items-without-answers",
                               f"{len(items)} item(s) with boxes, no lettered answers on the page"))
    return out


def answer_lines_split_short(paper: Paper) -> list[Finding]:
    """Ruled answer lines that run on overleaf under "Question N (continued)" when the whole space is
    `answer_whole_lines` lines or fewer (a two-mark answer split two and two), or leaving fewer than
    `answer_side_lines` on a side of the break (two lines under a stem, six overleaf)."""
    from lessonpack.page_rules import answer_side_lines, answer_whole_lines

    rules = answer_space(paper)
    out = []
    for page in range(paper.pages - 1):
        if not _question_continued(paper, page + 1):
            continue
        lines, above = text_lines(paper, page + 1), text_lines(paper, page)
        under = lines[1].y if len(lines) > 1 else -1.0  # the first text under the label
        there = [s for s in rules if s.page == page + 1 and lines[0].y > s.y0 > under]
        here = [s for s in rules if s.page == page and s.y0 < min((line.foot for line in above), default=0)]
        if not here or not there:
            continue
        count = len(here) + len(there)
        if count <= answer_whole_lines(paper.theme) or min(len(here), len(there)) < answer_side_lines(paper.theme):
            out.append(Finding(page + 1, "answer-lines-split-short",
                               f"{len(here)} answer line(s) here, {len(there)} overleaf"))
    return out


ANSWER_CHECKS = (tick_box_beside_no_line, tick_list_split, grid_split_short, word_bank_overleaf,
                 matching_items_without_answers, answer_lines_split_short)

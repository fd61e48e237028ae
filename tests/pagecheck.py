"""Page checks: what an exam-board typesetter looks for on every page of a built PDF.

Each check reads the PDF back (text runs with their positions, sizes and fonts, and the
lines and boxes drawn on each page) and returns `Finding`s; none means the pages pass.
The checks recognise the parts of a page from what the PDF holds, using the theme the
paper was built with (`lessonpack.theme.theme_for`):

- a *heading*: a bold run in the heading font, larger than the body text and at least
  the smallest heading size;
- a *source box*: a vertical rule of the box-rule width at the left margin (the frame of
  the extract table) with extract-size text in the column right of the line numbers;
  a piece of box is *closed* at top or bottom when a horizontal rule of that width runs
  along its edge, *open* where the box continues on another page;
- a *margin line number*: a run of digits at the line-number size in the number column;
- *answer space*: horizontal rules or boxes stroked at the answer-line width
  (`theme.rule_width`), at least a third of the text width long, and the empty, unshaded cells
  of a ruled table (a grid to complete, `blank_cells`);
- a *question number*: a bold run of digits at the left margin;
- a *source title*: a heading printed as `wording.source_title` prints one;
- the *first kept piece* of a page (`first_unit_foot`): what the keep rules would have moved back
  to the page before as one piece, so that a page left short is a finding only when that piece
  would have fitted in its blank ("no page but the last more than about a quarter blank unless
  the next item cannot fit", issue 16).

Run `python tests/pagecheck.py FILE.pdf [--profile NAME]` to print the findings of one file.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import Run, _mult, is_furniture, pdf_runs, printed_theme  # noqa: E402

TOLERANCE = 1.0
"""Points of slack for positions read back from the PDF (rounding, rule widths)."""
LARGE_PRINT = 16
"""Body text at this size or above makes a large-print paper (RNIB's threshold)."""
READING_MIN = 9.5
"""The least size for anything a student reads on a standard paper (issue 16)."""
EDGE_MIN = 5 * 72 / 25.4
"""No text nearer the paper's edge than this: most printers leave 4–5 mm unprinted."""
HEADING_FOOT = 1 / 6
"""A heading in this last part of the text area must have text after it on its page."""
FRAGMENT_MIN = 3
"""The fewest lines a piece of a split source box may hold on a page."""
BLANK_MAX = 0.30
"""The most of a page's text area that may stay blank (but on the last page) when what starts the
next page would have fitted in it (`page_too_blank`)."""


@dataclass(frozen=True)
class Finding:
    page: int
    """From 1, as printed in the footer."""
    kind: str
    detail: str


@dataclass(frozen=True)
class Stroke:
    """A straight line stroked on a page, in page space."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    width: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y0 - self.y1) < 0.01

    @property
    def vertical(self) -> bool:
        return abs(self.x0 - self.x1) < 0.01


@dataclass(frozen=True)
class Mark:
    """Anything else painted: a filled shape or an image, by its bounding box."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Word:
    """One word's box as poppler measures it (pypdf's runs merge fonts, so their widths are guesses)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Paper:
    """What the checks know of one PDF: its runs, words, strokes and marks, and its theme."""

    theme: object
    pages: int
    runs: list[Run]
    words: list[Word]
    strokes: list[Stroke]
    marks: list[Mark]

    def on(self, page: int, items):
        return [item for item in items if item.page == page]


# ----------------------------------------------------------------- reading the drawing


def _drawing(reader, content, resources, ctm, page: int, strokes: list, marks: list, depth: int = 0) -> None:
    """Strokes and marks of one content stream, following form XObjects (a class set's pages)."""
    from pypdf.generic import ContentStream

    if content is None:
        return
    stack, path, start, point, width = [], [], (0.0, 0.0), (0.0, 0.0), 1.0

    def apply(x, y):
        return ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]

    def scale() -> float:
        return math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2])) or 1.0

    for operands, op in ContentStream(content, reader).operations:
        if op == b"q":
            stack.append((ctm, width))
        elif op == b"Q" and stack:
            ctm, width = stack.pop()
        elif op == b"cm":
            ctm = _mult([float(v) for v in operands], ctm)
        elif op == b"w":
            width = float(operands[0])
        elif op == b"m":
            start = point = apply(float(operands[0]), float(operands[1]))
        elif op == b"l":
            end = apply(float(operands[0]), float(operands[1]))
            path.append((point, end))
            point = end
        elif op == b"h":
            path.append((point, start))
        elif op == b"re":
            x, y, w, h = (float(v) for v in operands)
            corners = [apply(x, y), apply(x + w, y), apply(x + w, y + h), apply(x, y + h)]
            path.extend(zip(corners, corners[1:] + corners[:1]))
        elif op in (b"S", b"s", b"B", b"B*", b"b", b"b*"):
            strokes.extend(Stroke(page, a[0], a[1], b[0], b[1], width * scale()) for a, b in path)
            path = []
        elif op in (b"f", b"F", b"f*"):
            if path:
                xs = [p[0] for seg in path for p in seg]
                ys = [p[1] for seg in path for p in seg]
                marks.append(Mark(page, min(xs), min(ys), max(xs), max(ys)))
            path = []
        elif op == b"n":
            path = []
        elif op == b"Do" and resources is not None and depth < 8:
            xobject = resources.get("/XObject", {}).get_object().get(operands[0])
            if xobject is None:
                continue
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                corners = [apply(0, 0), apply(1, 1)]
                marks.append(Mark(page, min(c[0] for c in corners), min(c[1] for c in corners),
                                  max(c[0] for c in corners), max(c[1] for c in corners)))
            elif xobject.get("/Subtype") == "/Form":
                matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                inner = xobject.get("/Resources")
                _drawing(reader, xobject, inner.get_object() if inner is not None else resources,
                         _mult(matrix, ctm), page, strokes, marks, depth + 1)


def pdf_words(path: Path) -> list[Word]:
    """Every word's box, from `pdftotext -bbox` (page space: y up from the foot of the page)."""
    import html
    import subprocess

    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words, page, height = [], -1, 0.0
    for line in out.splitlines():
        if m := re.search(r'<page width="[\d.]+" height="([\d.]+)"', line):
            page, height = page + 1, float(m.group(1))
        elif m := re.search(r'xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*)</word>', line):
            x0, top, x1, foot = (float(v) for v in m.groups()[:4])
            words.append(Word(page, x0, height - foot, x1, height - top, html.unescape(m.group(5))))
    return words


def read_paper(path: Path, theme) -> Paper:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    strokes: list[Stroke] = []
    marks: list[Mark] = []
    for number, page in enumerate(reader.pages):
        resources = page.get("/Resources")
        _drawing(reader, page.get_contents(), resources.get_object() if resources is not None else None,
                 [1, 0, 0, 1, 0, 0], number, strokes, marks)
    # The document's own top margin: a header wrapped onto more lines stands deeper than the theme's.
    return Paper(printed_theme(path, theme), len(reader.pages), pdf_runs(path), pdf_words(path), strokes, marks)


# ----------------------------------------------------------------- recognising a page's parts


def _near(a: float, b: float, slack: float = TOLERANCE) -> bool:
    return abs(a - b) <= slack


def is_heading(run: Run, theme) -> bool:
    """A bold run in the heading font, larger than body text and at least the smallest heading."""
    face = theme.heading_font.replace(" ", "")
    return (run.font.startswith(face) and run.bold and run.size > theme.body_size + 0.05
            and run.size >= min(theme.heading_sizes) - 0.05)


def question_numbers(paper: Paper) -> list[Run]:
    """Bold runs of digits standing at the left margin, in reading order."""
    t = paper.theme
    found = [r for r in paper.runs if r.bold and re.fullmatch(r"\d+", r.text) and _near(r.x, t.margin_left)
             and not is_furniture(r, t) and not is_heading(r, t)]
    return sorted(found, key=lambda r: (r.page, -r.y))


def answer_space(paper: Paper) -> list[Stroke]:
    """Horizontal rules stroked at the answer-line width, a third of the text width long or more."""
    t = paper.theme
    return [s for s in paper.strokes if s.horizontal and _near(s.width, t.rule_width, 0.05)
            and abs(s.x1 - s.x0) >= t.text_width / 3]


def blank_cells(paper: Paper) -> list[Stroke]:
    """The empty, unshaded cells of ruled tables (a grid to complete: a student writes in them),
    each as the rule under it. Shaded cells (a header's blank corner) are not for writing."""
    t = paper.theme
    out = []
    for page in range(paper.pages):
        strokes = [s for s in paper.on(page, paper.strokes) if _near(s.width, t.table_rule_width, 0.05)]
        rows = sorted({round(s.y0, 1) for s in strokes if s.horizontal and abs(s.x1 - s.x0) >= t.text_width / 3},
                      reverse=True)
        words = paper.on(page, paper.words)
        shaded = [m for m in paper.on(page, paper.marks) if m.y1 - m.y0 < t.page_height * 0.9]  # not the paper's tint
        for top, bottom in zip(rows, rows[1:]):
            if top - bottom < t.body_size:
                continue
            xs = sorted({round(s.x0, 1) for s in strokes if s.vertical and min(s.y0, s.y1) <= bottom + TOLERANCE
                         and max(s.y0, s.y1) >= top - TOLERANCE})
            for left, right in zip(xs, xs[1:]):
                def inside(x0, y0, x1, y1) -> bool:
                    return x0 < right - TOLERANCE and x1 > left + TOLERANCE and y0 < top - TOLERANCE and y1 > bottom + TOLERANCE
                if not any(inside(w.x0, w.y0, w.x1, w.y1) for w in words) and \
                        not any(inside(m.x0, m.y0, m.x1, m.y1) for m in shaded):
                    out.append(Stroke(page, left, bottom, right, bottom, t.table_rule_width))
    return out


@dataclass(frozen=True)
class BoxPiece:
    """The part of one source box printed on one page."""

    page: int
    top: float
    bottom: float
    closed_top: bool
    closed_bottom: bool
    lines: tuple[float, ...]
    """Baselines of the printed lines, top to bottom."""
    numbers: tuple[tuple[int, float], ...]
    """Margin line numbers and their baselines."""


def _extract_column(theme) -> tuple[float, float]:
    left = theme.margin_left + theme.extract_indent - TOLERANCE
    return left, left + theme.extract_text_width + 12


def box_pieces(paper: Paper) -> list[BoxPiece]:
    """Every piece of a source box, in reading order: frames at the left margin holding extract lines."""
    t = paper.theme
    left, right = _extract_column(t)
    pieces = []
    for page in range(paper.pages):
        strokes = paper.on(page, paper.strokes)
        frames = sorted({(round(min(s.y0, s.y1), 1), round(max(s.y0, s.y1), 1)) for s in strokes
                         if s.vertical and _near(s.x0, t.margin_left, 0.5)
                         and _near(s.width, t.box_rule_width, 0.05)}, key=lambda f: -f[1])
        runs = [r for r in paper.on(page, paper.runs) if not is_furniture(r, t)]
        spans: list[list] = []
        for bottom, top in frames:
            inside = [r for r in runs if bottom - 0.5 <= r.y <= top + 0.5]
            lines = sorted({round(r.y, 1) for r in inside if left <= r.x < right and _near(r.size, t.extract_size, 0.05)
                            and not re.fullmatch(r"¶\d+", r.text)}, reverse=True)
            if not lines:
                continue  # a glossary or another box: no extract text in the source column
            numbers = [(int(r.text), r.y) for r in inside
                       if re.fullmatch(r"\d+", r.text) and r.x < left and _near(r.size, t.small_size, 0.05)]
            if spans and _near(spans[-1][0], top):  # the next batch of the same box, on the same page
                spans[-1][0] = bottom
                spans[-1][2] += lines
                spans[-1][3] += numbers
            else:
                spans.append([bottom, top, lines, numbers])

        def ruled(y: float) -> bool:
            return any(s.horizontal and _near(s.y0, y, 0.5) and _near(min(s.x0, s.x1), t.margin_left, 0.5)
                       and _near(s.width, t.box_rule_width, 0.05) for s in strokes)

        for bottom, top, lines, numbers in spans:
            pieces.append(BoxPiece(page, top, bottom, ruled(top), ruled(bottom), tuple(lines), tuple(numbers)))
    return pieces


def _box_foot(paper: Paper, piece: BoxPiece) -> float:
    """The foot of a box piece with the frames drawn right under it (its glossary)."""
    t = paper.theme
    frames = [(min(s.y0, s.y1), max(s.y0, s.y1)) for s in paper.on(piece.page, paper.strokes)
              if s.vertical and _near(s.x0, t.margin_left, 0.5) and _near(s.width, t.box_rule_width, 0.05)]
    foot = piece.bottom
    while True:
        under = [bottom for bottom, top in frames if _near(top, foot, 0.5) and bottom < foot]
        if not under:
            return foot
        foot = min(under)


def boxes(paper: Paper) -> list[list[BoxPiece]]:
    """The pieces grouped into whole boxes: a box runs from a piece closed at its top to one closed at its foot."""
    out: list[list[BoxPiece]] = []
    for piece in box_pieces(paper):
        if out and not out[-1][-1].closed_bottom and not piece.closed_top:
            out[-1].append(piece)
        else:
            out.append([piece])
    return out


def teacher_document(paper: Paper) -> bool:
    """Whether the paper is a teacher's (teacher notes, mark scheme), as its first page's header or
    footer names it."""
    from lessonpack.context import kind_label

    names = tuple(kind_label(kind) for kind in ("teacher-notes", "mark-scheme"))
    return any(r.text.strip().startswith(names) for r in paper.on(0, paper.runs))


def copy_ends(paper: Paper) -> set[int]:
    """Pages that end a copy: the last page, each "Page n of n", and blank pages (a copy starting on an odd page)."""
    from lessonpack.wording import page_of

    pattern = re.escape(page_of(1111, 2222)).replace("1111", r"(\d+)").replace("2222", r"(\d+)")
    ends = {paper.pages - 1}
    for run in paper.runs:
        match = re.fullmatch(pattern, run.text)
        if match and match.group(1) == match.group(2):
            ends.add(run.page)
    printed = {run.page for run in paper.runs}
    ends |= {page for page in range(paper.pages) if page not in printed}
    return ends


# ----------------------------------------------------------------- the checks


def _last_headings(paper: Paper):
    """Each page (from 0) with a heading in the last sixth of its text area: the page, its
    text runs (no furniture) and its lowest heading."""
    t = paper.theme
    foot = t.margin_bottom + t.text_height * HEADING_FOOT
    for page in range(paper.pages):
        runs = [r for r in paper.on(page, paper.runs) if not is_furniture(r, t)]
        last = min((r for r in runs if is_heading(r, t)), key=lambda r: r.y, default=None)
        if last is not None and last.y < foot:
            yield page, runs, last


def heading_at_foot(paper: Paper) -> list[Finding]:
    """A heading in the last sixth of the text area with no text after it on its page."""
    t = paper.theme
    out = []
    for page, runs, last in _last_headings(paper):
        if not any(r.y < last.y - 1 and not is_heading(r, t) for r in runs):
            out.append(Finding(page + 1, "heading-at-foot", f"{last.text!r} ends the page"))
    return out


def short_box_fragment(paper: Paper) -> list[Finding]:
    """A piece of a split source box with fewer than three printed lines on its page."""
    out = []
    for box in boxes(paper):
        if len(box) < 2:
            continue
        for piece in box:
            if len(piece.lines) < FRAGMENT_MIN:
                out.append(Finding(piece.page + 1, "short-box-fragment",
                                   f"{len(piece.lines)} line(s) of a box split over pages {box[0].page + 1}–{box[-1].page + 1}"))
    return out


def wrong_line_number(paper: Paper) -> list[Finding]:
    """A margin line number that is not the count of printed lines from the top of its box."""
    t = paper.theme
    out = []
    for box in boxes(paper):
        before = 0
        for piece in box:
            for number, y in piece.numbers:
                # A number stands on the line whose baseline is nearest (it sits a little above it).
                index = min(range(len(piece.lines)), key=lambda i: abs(piece.lines[i] - y))
                if not _near(piece.lines[index], y, t.extract_size * 0.6):
                    out.append(Finding(piece.page + 1, "wrong-line-number", f"number {number} stands beside no line"))
                elif before + index + 1 != number:
                    out.append(Finding(piece.page + 1, "wrong-line-number",
                                       f"number {number} stands on printed line {before + index + 1}"))
            before += len(piece.lines)
    return out


def outside_text_area(paper: Paper) -> list[Finding]:
    """Text beyond the left or right margin; body text above the top or below the bottom margin;
    header and footer text nearer the paper's edge than a printer prints."""
    t = paper.theme
    left, right = t.margin_left - TOLERANCE, t.page_width - t.margin_right + TOLERANCE
    top, bottom = t.page_height - t.margin_top, t.margin_bottom
    out = [Finding(w.page + 1, "outside-text-area", f"{w.text!r} at x {w.x0:.0f}–{w.x1:.0f}, beyond a side margin")
           for w in paper.words if w.x0 < left or w.x1 > right]
    for r in paper.runs:
        where = ""
        if r.y > top:  # the running header's band
            if r.y + r.size * 0.8 > t.page_height - EDGE_MIN or r.y < top + 4:
                where = "in the top margin, outside the header's place"
        elif r.y < bottom:  # the footer's band, below the text area's descenders
            if r.y < EDGE_MIN or r.y + r.size * 0.75 > bottom + TOLERANCE:
                where = "in the bottom margin, outside the footer's place"
        elif r.y + r.size * 0.75 > top + TOLERANCE:
            where = "above the top margin"
        if where:
            out.append(Finding(r.page + 1, "outside-text-area", f"{r.text[:40]!r} at ({r.x:.0f}, {r.y:.0f}) {where}"))
    return out


def smallest_size(theme) -> tuple[float, float]:
    """(least size of reading text, least size of page furniture and margin numbers) on this paper.

    On a large-print paper nothing is smaller than the body size. On other papers what a
    student reads is at least 9.5 pt; the header, footer and line numbers may be smaller.
    """
    if theme.body_size >= LARGE_PRINT:
        return theme.body_size, theme.body_size
    return min(READING_MIN, theme.body_size), theme.small_size


def text_too_small(paper: Paper) -> list[Finding]:
    """Text smaller than the paper allows (`smallest_size`); one finding per page and size."""
    t = paper.theme
    reading, furniture = smallest_size(t)
    numbers = {(p.page, round(y, 1)) for box in box_pieces(paper) for p in [box] for _, y in p.numbers}
    seen: dict[tuple[int, float], list[str]] = {}
    for r in paper.runs:
        margin_number = (r.page, round(r.y, 1)) in numbers or re.fullmatch(r"¶\d+", r.text)
        least = furniture if is_furniture(r, t) or margin_number else reading
        if r.size < least - 0.05:
            seen.setdefault((r.page, round(r.size, 1)), []).append(r.text)
    return [Finding(page + 1, "text-too-small", f"{len(texts)} run(s) at {size} pt, e.g. {texts[0][:40]!r}")
            for (page, size), texts in sorted(seen.items())]


def question_without_answer_space(paper: Paper) -> list[Finding]:
    """A question number on a page that holds none of its answer space, when it has some: ruled
    lines, the empty cells of a grid to complete, or boxes to tick or write a letter in (a
    matching question's stem alone on a page, its items and their boxes overleaf)."""
    from pagecheck_answers import answers_again_overleaf, tick_boxes

    # A DOCX question's number printed again over the page its answer runs onto (its table's header
    # row, as the PDF's "Question N (continued)") is the same question, not a new one without space.
    printed = question_numbers(paper)
    numbers = [n for i, n in enumerate(printed)
               if not (i and n.text == printed[i - 1].text and n.page > printed[i - 1].page)]
    space = sorted(answer_space(paper) + blank_cells(paper) + tick_boxes(paper), key=lambda s: (s.page, -s.y0))
    ends = sorted(copy_ends(paper))
    out = []
    for i, number in enumerate(numbers):
        after = (number.page, -number.y)
        until = (numbers[i + 1].page, -numbers[i + 1].y) if i + 1 < len(numbers) else (math.inf, 0)
        # A question's answer space is in its own copy: not the next student's name line.
        until = min(until, (next(end for end in ends if end >= number.page) + 1, -math.inf))
        own = [s for s in space if after < (s.page, -s.y0) < until]
        # A large-print matching question whose stem and lettered answers fill its page: its items
        # and their boxes are overleaf, under those answers printed again.
        # (A stem never ends a page without two of its items: an ordering's events that do not fit
        # under it go with it overleaf, or split two and more each side under "(continued)".)
        if own and not any(s.page == number.page for s in own) and not (
                own[0].page == number.page + 1 and answers_again_overleaf(paper, number.page)):
            out.append(Finding(number.page + 1, "question-without-answer-space",
                               f"question {number.text}: its answer space starts on page {own[0].page + 1}"))
    return out


def content_foot(paper: Paper, page: int) -> float | None:
    """The lowest point of a page's content (text, rules, boxes) in page space; None on an empty page."""
    t = paper.theme
    lows = [r.y - r.size * 0.25 for r in paper.on(page, paper.runs) if not is_furniture(r, t)]
    lows += [min(s.y0, s.y1) for s in paper.on(page, paper.strokes)
             if t.margin_bottom - TOLERANCE <= min(s.y0, s.y1) <= t.page_height - t.margin_top]
    lows += [m.y0 for m in paper.on(page, paper.marks)
             if t.margin_bottom - TOLERANCE <= m.y0 and m.y1 - m.y0 < t.page_height * 0.9]
    return min(lows) if lows else None


@dataclass(frozen=True)
class Line:
    """One printed line of a page's text: its baseline and the runs on it."""

    y: float
    runs: tuple[Run, ...]

    @property
    def foot(self) -> float:
        return self.y - max(r.size for r in self.runs) * 0.25


def text_lines(paper: Paper, page: int) -> list[Line]:
    """The page's text (no furniture) in lines, top to bottom: runs whose baselines are within a point."""
    t = paper.theme
    out: list[list[Run]] = []
    for run in sorted((r for r in paper.on(page, paper.runs) if not is_furniture(r, t)), key=lambda r: -r.y):
        if out and _near(out[-1][0].y, run.y):
            out[-1].append(run)
        else:
            out.append([run])
    return [Line(runs[0].y, tuple(runs)) for runs in out]


def tick_rows(paper: Paper, page: int) -> list[float]:
    """The centres of the rows of tick boxes on a page, top to bottom: squares stroked 0.8 pt wide
    (`TickBox`), a body size or more across."""
    t = paper.theme
    edges = sorted({(round(max(s.y0, s.y1), 1), round(min(s.x0, s.x1), 1), round(abs(s.x1 - s.x0), 1))
                    for s in paper.on(page, paper.strokes)
                    if s.horizontal and _near(s.width, 0.8, 0.05)
                    and t.body_size - TOLERANCE <= abs(s.x1 - s.x0) <= t.body_size * 1.5}, reverse=True)
    feet: set = set()  # edges taken as a square's foot: none is the top of another square
    centres: list[float] = []
    for y, x, side in edges:
        if (y, x, side) in feet:
            continue
        # The square's foot: the same width, at the same left, a side lower. Paired by height alone,
        # a square's foot and the next square's top a side apart (options 25 pt apart, squares of
        # 13 pt) were read as a square between two rows, and two items as one and a half.
        foot = next((e for e in edges if e not in feet and _near(e[0], y - side, TOLERANCE) and _near(e[1], x, 0.5)
                     and _near(e[2], side, 0.5)), None)
        if foot is None:
            continue
        feet.add(foot)
        if not centres or not _near(centres[-1], y - side / 2, TOLERANCE):
            centres.append(y - side / 2)
    return centres


def ordering_boxes(paper: Paper, page: int, low: float, high: float) -> bool:
    """Whether the tick-box rows between `low` and `high` on a page are an ordering's write-in boxes:
    squares 1.45 body sizes across (`TickListBlocks.choices`), larger than a tick box."""
    t = paper.theme
    return any(s.horizontal and _near(s.width, 0.8, 0.05) and low < s.y0 < high
               and t.body_size * 1.35 <= abs(s.x1 - s.x0) <= t.body_size * 1.55 for s in paper.on(page, paper.strokes))


def _continued_at_top(paper: Paper, page: int) -> bool:
    """Whether a page starts with a "… (continued)" label (what the page before began runs on here)."""
    from lessonpack.wording import continued_label

    lines = text_lines(paper, page) if page < paper.pages else []
    return bool(lines) and continued_label("") in " ".join(r.text for r in lines[0].runs)


def _row_foot(lines: list[Line], centre: float, next_centre: float | None, fallback: float) -> float:
    """The foot of a tick-box row whose box is centred at `centre`: at the widest gap between text
    lines from its centre down to the next row's first line, where one row ends and the next
    begins; the lowest of its lines when no row follows.

    A box stands on its item's first line, so that line is the one nearest the box's centre. The
    next row's first line is taken down to wherever it is: an ordering's write-in box, taller than
    its line, stands at the row's top with its centre some points above that line's baseline. Cut
    off at the next box's centre, the row's own two lines were all that was left between, their gap
    was read as the row's end, and a second item of two lines was read one line short (lesson 04's
    ordering at 36 pt: "553 pt would have fitted" where the writer, which needs 560 pt for the stem
    and two items, had 556)."""
    if next_centre is None:
        below = [line.foot for line in lines if line.y < centre + TOLERANCE]
        return min(below, default=fallback)
    nearest = min((line.y for line in lines if line.y < centre - TOLERANCE), key=lambda y: abs(y - next_centre),
                  default=next_centre)
    between = sorted((line for line in lines if min(nearest, next_centre) - TOLERANCE <= line.y <= centre + TOLERANCE),
                     key=lambda line: -line.y)
    if len(between) < 2:
        return (centre + next_centre) / 2
    gap = max(range(len(between) - 1), key=lambda i: between[i].y - between[i + 1].y)
    return between[gap].foot


def first_unit_foot(paper: Paper, page: int) -> float | None:
    """Where the first piece of a page that no break may cut ends (page space), or None when
    nothing at the page's top could have moved back to the page before.

    The piece is the page's leading headings and "(continued)" labels (with a short paragraph
    under them, and the headings after that) and the start of what follows them, as the keep
    rules (`lessonpack.page_rules`) and the writer's blocks have it:

    - a question: its stem with its answer lines, whole when `answer_whole_lines` or fewer, else
      its first `answer_side_lines` (`ANSWER_LINES_MIN` of a space split before), or with its first
      `TICK_ITEMS_MIN` tick-box items (all of them when the list is whole on the page and shorter
      than `BLANK_SHARE_MAX` of it, or is an ordering's, or has `TICK_ITEMS_MIN` * 2 items or fewer),
      or the whole of it on this page when it
      has neither;
    - a source box: its first `BOX_LINES_MIN` lines (with the head when the page starts with it),
      or all of it with its glossary when it is too short to split (under twice that many lines);
    - answer space continued from the page before: its first line;
    - a tick-box list continued: its first item, or None when `TICK_ITEMS_MIN` or fewer are here;
    - a timeline: its first `TIMELINE_ENTRIES_MIN` entries;
    - a table: its header and first row (None when no rule closes that row on the page: it runs
      on overleaf);
    - a shaded box (a fact check): whole when shorter than `UNSPLIT_SHARE` of a page, else its
      first paragraph (one row of its table);
    - a list item (a glossary entry): whole, as lists break between items;
    - otherwise two lines of text (three of a paragraph of three: a paragraph leaves no line alone
      on either side), with the box right under them (a gap text's word bank goes with its last lines)."""
    from lessonpack import wording
    from lessonpack.page_rules import (ANSWER_LINES_MIN, BLANK_SHARE_MAX, answer_side_lines, answer_whole_lines,
                                       BOX_LINES_MIN, LEAD_PARAGRAPH_CHARACTERS, NOTE_LINES_MIN, TICK_ITEMS_MIN,
                                       TIMELINE_ENTRIES_MIN, unsplit_height)

    t = paper.theme
    lines = text_lines(paper, page)
    if not lines:
        return None
    continued = re.compile(re.escape(wording.continued_label("LABEL")).replace("LABEL", ".+"))
    numbers = {round(r.y, 1) for r in question_numbers(paper) if r.page == page}

    source = _source_title_pattern()
    face = t.heading_font.replace(" ", "")

    def titles(r: Run) -> bool:
        """A source's title, also where it is at the body size (the high-contrast paper's smallest
        heading is): read as body text, a chart source's title and caption were taken for its start
        and its page before found "50 pt would have fitted" over a head and chart kept whole."""
        return bool(source.fullmatch(r.text)) and r.bold and r.font.startswith(face)

    def heads(i: int) -> int:
        """The end of the headings and "(continued)" labels from line i."""
        while i < len(lines) and all(is_heading(r, t) or continued.fullmatch(r.text) or titles(r)
                                     for r in lines[i].runs):
            i += 1
        return i

    spines = [max(s.y0, s.y1) for s in paper.on(page, paper.strokes) if s.vertical and _near(s.width, 1.5, 0.05)]

    def timeline_at(line: Line) -> bool:
        """Whether a timeline's axis starts beside this line: its first entry is no short paragraph
        (taken for one, the timeline was not seen and two of its lines made the piece: "219 pt would
        have fitted" where its first two entries and heading needed more than the 39 % left)."""
        return any(line.y - TOLERANCE <= top <= line.y + t.body_size * 2 for top in spines)

    def boxed(line: Line) -> bool:
        """Whether this line is the bold title of a shaded box that starts around it: the box's, no
        lead paragraph (read as one, a fact check's title left its quote for the piece, measured
        without the box)."""
        return all(r.bold for r in line.runs) and any(
            m.y0 < line.y < m.y1 <= line.y + t.body_size * 2 for m in paper.on(page, paper.marks))

    lead = heads(0)
    while (0 < lead < len(lines) and round(lines[lead].y, 1) not in numbers and not timeline_at(lines[lead])
           and not boxed(lines[lead])):
        # A short paragraph under headings ("Total: 43 marks.") stays with them, and with the
        # headings and the start of what follows it.
        end = lead + 1
        while (end < len(lines) and not is_heading(lines[end].runs[0], t)
               and lines[end - 1].y - lines[end].y <= t.leading(lines[end].runs[0].size) * 1.1):
            end += 1
        if sum(len(r.text) + 1 for line in lines[lead:end] for r in line.runs) > LEAD_PARAGRAPH_CHARACTERS:
            break
        lead = heads(end) if end < len(lines) and is_heading(lines[end].runs[0], t) else end
        if lead == end:
            break
    if lead >= len(lines):
        return lines[-1].foot
    below = lines[lead - 1].foot if lead else t.page_height - t.margin_top + TOLERANCE
    body = lines[lead:]
    # What follows the lead runs to the next question or heading.
    end = next((line.foot for line in body[1:] if round(line.y, 1) in numbers or any(is_heading(r, t) for r in line.runs)),
               t.margin_bottom - TOLERANCE)
    rules = sorted((s.y0 for s in answer_space(paper) if s.page == page and end < s.y0 < below), reverse=True)
    rows = [c for c in tick_rows(paper, page) if end < c < below]
    content = [line for line in body if line.y > end]
    lowest = min([line.foot for line in content] + rules, default=body[0].foot)
    if round(body[0].y, 1) in numbers:  # a question: its stem with its first answer space
        if rules and (not rows or rules[0] > rows[0]):
            # Up to `answer_whole_lines` lines whole with the stem, else `answer_side_lines` of them.
            whole = end >= t.margin_bottom or not _continued_at_top(paper, page + 1)
            if whole and len(rules) <= answer_whole_lines(t):
                return rules[-1]
            return rules[min(answer_side_lines(t) if len(rules) > answer_whole_lines(t) else ANSWER_LINES_MIN,
                             len(rules)) - 1]
        if rows:
            last = _row_foot([line for line in content if line.foot > end + TOLERANCE], rows[-1], None, lowest)
            if end >= t.margin_bottom and rows[0] + t.body_size - last < t.text_height * BLANK_SHARE_MAX:
                # A list whole on this page and shorter than a quarter of it goes with the stem whole,
                # as a typesetter keeps a short multiple choice (read as the stem and two options, the
                # page before a heading and a four-option question 15 pt too tall for its blank was
                # found "204 pt would have fitted").
                return last
            whole = end >= t.margin_bottom or not _continued_at_top(paper, page + 1)  # none of it overleaf
            if whole and (ordering_boxes(paper, page, end, below) or len(rows) <= 2 * TICK_ITEMS_MIN):
                # An ordering's list whole on this page goes with its stem whole (`ORDERING_KEEP_SHARE`):
                # read as the stem and two items, the page before a six-event ordering moved whole was
                # found "258 pt would have fitted". So does a list of four items or fewer, which never splits.
                return last
            k = min(TICK_ITEMS_MIN, len(rows))
            return _row_foot(content, rows[k - 1], rows[k] if k < len(rows) else None, lowest)
        return lowest
    if rules and rules[0] > body[0].y:  # answer space continued from the page before
        return rules[0]
    if rows and rows[0] - body[0].y < t.body_size * 4:  # a tick-box list continued
        answers = [m for m in paper.on(page, paper.marks) if m.y1 < rows[-1] < m.y1 + t.leading(t.body_size) * 4
                   and m.y1 - m.y0 < t.text_height]
        if answers:
            # A matching question's items with their lettered answers in a box right under them: the
            # writer keeps them whole where they fit a page (read as two items, the page before,
            # left short by the kept pair, was found "152 pt would have fitted").
            return min(m.y0 for m in answers)
        stems = [n.y for n in question_numbers(paper) if n.page == page - 1]
        starts_here = bool(stems) and not [c for c in tick_rows(paper, page - 1) if c < min(stems)]
        if starts_here and ordering_boxes(paper, page, end, below) and not _continued_at_top(paper, page + 1):
            # An ordering's events whole under "Question N (continued)", its stem ending the page before:
            # they fit a page but not under it, and the writer never splits them (lesson 02's homework at 24 pt).
            return _row_foot(content, rows[-1], None, lowest)
        if len(rows) <= TICK_ITEMS_MIN:
            return None
        return _row_foot(content, rows[0], rows[1], lowest)
    source_continued = re.compile("|".join(re.escape(wording.source_continued("LETTER", adapted)).replace("LETTER", "[A-Z]")
                                           for adapted in (False, True)))
    titled = any(source.fullmatch(r.text) or source_continued.fullmatch(r.text) for line in lines[:lead] for r in line.runs)
    for piece in box_pieces(paper):  # a source box under its head (title, caption, headnote), or at the top
        if piece.page == page and piece.top <= below + TOLERANCE and (titled or piece.top >= body[0].y - t.body_size):
            if piece.closed_top and piece.closed_bottom and len(piece.lines) < 2 * BOX_LINES_MIN:
                # A box too short to leave `BOX_LINES_MIN` lines on each side of a break is whole,
                # with its glossary (read as its first three lines, the page before a head and box
                # of five lines, 12 pt too tall for its blank, was found "192 pt would have fitted").
                return _box_foot(paper, piece)
            return piece.lines[min(BOX_LINES_MIN, len(piece.lines)) - 1] - t.extract_size * 0.25
    if titled and not any(p.page == page for p in box_pieces(paper)):
        # A picture or chart source: its head with its picture, or its chart with the source line under it,
        # whole (a table of figures breaks as a table does, below).
        drawn = [m for m in paper.on(page, paper.marks) if end < m.y0 and m.y1 <= lines[0].y]
        if drawn:
            foot = min(m.y0 for m in drawn)
            source_line = wording.figures_source("").strip()
            under = [line for line in body if line.y < foot and line.runs[0].text.startswith(source_line)]
            return under[0].foot if under else foot
    if titled and not any(p.page == page for p in box_pieces(paper)):
        # A source's head too long for a page with three lines of its box runs on like text from
        # where it stands: its title, its caption (italic) and two lines of its headnote, never
        # fewer (read as the title and two lines of caption, a page whose blank held that but not
        # the headnote's first two lines was found "140 pt would have fitted").
        caption = 0
        while caption < len(body) and all("Italic" in r.font or "Oblique" in r.font for r in body[caption].runs):
            caption += 1
        if 0 < caption < len(body):
            return body[min(caption + 1, len(body) - 1)].foot
    axis = [s for s in paper.on(page, paper.strokes) if s.vertical and _near(s.width, 1.5, 0.05)
            and max(s.y0, s.y1) >= body[0].y - TOLERANCE and max(s.y0, s.y1) <= below + t.body_size]
    if axis:  # a timeline: its first entries, each a group of lines a little apart from the next
        foot = min(axis[0].y0, axis[0].y1)
        entries: list[list[Line]] = []
        for line in (line for line in body if line.y > foot):
            if entries and entries[-1][-1].y - line.y <= t.leading(line.runs[0].size) * 1.15:
                entries[-1].append(line)
            else:
                entries.append([line])
        if entries:
            return entries[min(TIMELINE_ENTRIES_MIN, len(entries)) - 1][-1].foot
    grid = sorted({round(s.y0, 1) for s in paper.on(page, paper.strokes) if s.horizontal and end < s.y0 < below
                   and _near(s.width, t.table_rule_width, 0.05) and abs(s.x1 - s.x0) >= t.text_width / 3}, reverse=True)
    if grid and grid[0] > body[0].y:  # a table: its header row and first row (a row does not split)
        # No rule under the first row: it runs on overleaf, taller than it shows here.
        if teacher_document(paper) and len(grid) > 2:
            # A teacher's table (the lesson plan) keeps its header with two rows, or moves whole
            # (pagecheck_teacher.table_split_short).
            return grid[min(3, len(grid) - 1)]
        return grid[2] if len(grid) > 2 else None
    heading = next((r for line in reversed(lines[:lead]) for r in line.runs if is_heading(r, t)), None)
    minor = heading is not None and _near(heading.size, min(t.heading_sizes), 0.1)
    section = [line for line in body if line.y > end]
    if minor and section and below - section[-1].foot < unsplit_height(t) * 1.1:  # read back with its spaces
        # What a minor heading heads (a mark scheme, a model answer), shorter than `unsplit_height`,
        # is never split: it moves whole (read as its first two lines, the page before the notes'
        # "Answers and mark schemes" was found "219 pt would have fitted").
        return section[-1].foot
    frames = sorted((m for m in paper.on(page, paper.marks) if m.y0 < body[0].y < m.y1 and m.y1 <= below + t.body_size),
                    key=lambda m: m.y1 - m.y0)
    if frames:
        if frames[0].y1 - frames[0].y0 < unsplit_height(t):
            return frames[0].y0  # a short box, whole
        # A longer box splits between its rows, each a paragraph: its first paragraph, and the one
        # after it when that is the box's title ("Fact check"), which the writer never leaves alone
        # (read as the piece alone, a box moved whole for want of room for its title and first item
        # was found "96 pt would have fitted").
        def paragraph_end(start: int) -> int:
            end = start + 1
            while (end < len(body) and body[end].y > frames[0].y0
                   and body[end - 1].y - body[end].y <= t.leading(body[end].runs[0].size) * 1.1):
                end += 1
            return end

        end = paragraph_end(0)
        if end == 1 and end < len(body) and body[end].y > frames[0].y0 and all(r.bold for r in body[0].runs):
            end = paragraph_end(end)
            # A titled box keeps its first paragraph (a fact check's quote) with `NOTE_LINES_MIN` lines
            # of what follows (read as the title and quote, a page whose blank held those but not the
            # three lines of the note was found "172 pt would have fitted").
            note = [line for line in body[end:] if line.y > frames[0].y0]
            if note:
                return note[min(NOTE_LINES_MIN, len(note)) - 1].foot
        return body[end - 1].foot
    if teacher_document(paper):
        question = wording.question_label("0").split("0")[0]
        strict = " ".join(r.text for r in lines[0].runs).startswith(question)
        # A list that starts here (under its heading, or overleaf from its intro) starts with its first items.
        before = _text_blocks(text_lines(paper, page - 1), t) if page and text_lines(paper, page - 1) else []
        starts = heading is not None or bool(before) and not before[-1][0].runs[0].text.startswith("•")
        return _teacher_unit_foot(body, t, under_heading=heading is not None, strict=strict,
                                  major=heading is not None and not minor, list_start=starts,
                                  last_page=page == paper.pages - 1)
    if body[0].runs[0].text.startswith("•"):  # a list item, whole
        end = 1
        while (end < len(body) and not body[end].runs[0].text.startswith("•")
               and body[end - 1].y - body[end].y <= t.leading(body[end].runs[0].size) * 1.1):
            end += 1
        return body[end - 1].foot
    # No line of a paragraph alone on either side of a break (the writer's widow and orphan rule):
    # a paragraph of three lines moves whole; a longer one starts with two.
    run = 1
    while (run < min(len(body), 4) and not is_heading(body[run].runs[0], t)
           and body[run - 1].y - body[run].y <= t.leading(body[run].runs[0].size) * 1.1):
        run += 1
    two = body[2 if run == 3 else min(1, len(body) - 1)].foot
    after = [m for m in paper.on(page, paper.marks) if two - t.leading(t.body_size) * 1.5 < m.y1 <= two + TOLERANCE]
    if after:  # a box printed with the end of the text above it (a gap text's word bank)
        return min(m.y0 for m in after)
    return two


def _text_blocks(body: list[Line], t) -> list[list[Line]]:
    """Lines in paragraphs and list items: a new one at a wider gap, a heading or a bullet."""
    blocks = [[body[0]]]
    for before, line in zip(body, body[1:]):
        if (is_heading(line.runs[0], t) or line.runs[0].text.startswith("•")
                or before.y - line.y > t.leading(line.runs[0].size) * 1.1):
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


def _teacher_unit_foot(body: list[Line], t, under_heading: bool = False, strict: bool = False,
                       major: bool = False, list_start: bool | None = None, last_page: bool = False) -> float:
    """Where the first piece of a teacher's section that no break may cut ends (`sections.TextBlock`,
    `sections._answers_with_marks`): a paragraph with the list right after it (a model answer and its
    mark points) whole when the two are shorter than `unsplit_height`; else the paragraph (or the
    list, or its first item) whole when it is, or of `TEXT_LINES_WHOLE` lines or fewer; else its
    first `TEXT_LINES_SIDE` lines. (Read as two lines, a mark scheme's question wording of four
    lines, moved whole with its heading, was found "212 pt would have fitted".) Under a heading, a
    question's wording whole goes with the start of its answer (`sections.labelled`).

    In a question's answers (`strict`, the page starts with a question's heading or label) a
    paragraph breaks only at a sentence end with two lines on each side (else it is whole), a list
    leaves two items on each side and a true/false key is whole (pagecheck_teacher.py). Under a
    major heading (`major`: "Differentiation", not a question's) an intro with a list under it goes
    with its first item whole and the start of its second (`sections.labelled`: read as the intro and
    two lines, lesson 05's 36 pt notes were found "387 pt would have fitted" on a page whose blank
    could not hold the intro and the first item)."""
    from pagecheck_teacher import KEY_ITEM, LEVEL_ITEM, SENTENCE_BREAK
    from lessonpack.page_rules import LEAD_PARAGRAPH_CHARACTERS, TEXT_LINES_SIDE, TEXT_LINES_WHOLE, unsplit_height

    def item(block: list[Line]) -> bool:
        return block[0].runs[0].text.startswith("•")

    def height(lines: list[Line]) -> float:
        return lines[0].y + lines[0].runs[0].size - lines[-1].foot

    def words(line: Line) -> str:
        return " ".join(r.text for r in line.runs)

    def start(lines: list[Line]) -> float:
        whole = len(lines) <= TEXT_LINES_WHOLE or height(lines) < unsplit_height(t)
        if strict and not whole:
            ends = [k for k in range(TEXT_LINES_SIDE, len(lines) - 1) if SENTENCE_BREAK.search(words(lines[k - 1]))]
            ends += [k for k in (len(lines) - 1,) if SENTENCE_BREAK.search(words(lines[k - 1]).rstrip() + " ")]
            return lines[(ends[0] if ends else len(lines)) - 1].foot
        return lines[-1 if whole else TEXT_LINES_SIDE - 1].foot

    blocks = _text_blocks(body, t)
    first = blocks[0]
    face = t.heading_font.replace(" ", "")
    if len(blocks) > 1 and len(first) == 1 and all(r.bold and r.font.startswith(face) for r in first[0].runs) and not (
            " ".join(r.text for r in first[0].runs).rstrip().endswith(":")):
        # A heading at the body size (the high-contrast paper's smallest): what it heads starts the piece.
        return _teacher_unit_foot([line for b in blocks[1:] for line in b], t, under_heading=True, strict=strict)
    rest = blocks[1:] if not item(first) else blocks
    items: list[list[Line]] = []
    for block in rest:
        if not item(block) or is_heading(block[0].runs[0], t):
            break
        items.append(block)
    slack = 1.15 if strict else 1  # the writer measures a model answer and its points without the spaces
    if items and height(([] if item(first) else first) + [line for b in items for line in b]) < unsplit_height(t) * slack:
        return items[-1][-1].foot
    if strict and item(first):
        listed = items or [first]  # the items from the first (the first is one of them)
        if all(KEY_ITEM.search(" ".join(words(line) for line in b)) for b in listed) or all(
                LEVEL_ITEM.search(words(b[0])) for b in listed):
            return listed[-1][-1].foot  # a true/false key, or a list of levels, whole
        two = 2 if len(listed[0]) <= TEXT_LINES_WHOLE else 1  # a long first item stands alone
        return listed[min(two, len(listed)) - 1][-1].foot  # two items
    # A question's wording under its heading that fits the room moves whole when its answer's start
    # does not fit under it (`sections.TextBlock`: a question's wording is firm); it breaks at a sentence
    # end only where it is taller than the room, which then leaves no page blank. (Read as cut after its
    # second sentence, lesson 05's 36 pt question 5 was found "406 pt would have fitted".)
    in_list = [line for b in items for line in b]
    if major and not item(first) and len(items) > 1 and height(in_list) >= unsplit_height(t):
        return start(items[1])  # a long list, its items apart: the first whole, the second started
    if not strict and item(first) and len(items) > 1:
        # A long list's first two items (under its heading, or overleaf from its intro: `list_start`),
        # and its last two, are one piece where the first (of the last two, either) is short and the two
        # are well under a page (`sections._paired`: read as one item, lesson 04's 24 pt Differentiation
        # was found "214 pt would have fitted" where its first two items, 240 pt, did not).
        # A list of three, whole on the page, is joined whole (it cannot leave two items on each side).
        tail = len(items) == 2
        group = items if len(items) < 4 and (len(items) < len(rest) or last_page) else items[:2]
        short = min(len(b) for b in group) if tail or len(group) > 2 else len(items[0])
        start_of_list = under_heading if list_start is None else list_start
        if (tail or start_of_list) and short <= TEXT_LINES_WHOLE and height(
                [line for b in group for line in b]) < t.text_height * 0.6:
            return group[-1][-1].foot
    foot = first[-1].foot if under_heading and strict and not item(first) else start(first)
    if under_heading and not item(first) and foot == first[-1].foot and len(blocks) > 1:
        key = blocks[1]  # a question's short key ("Answer: A — …") goes with its model answer's start
        keyed = strict and len(blocks) > 2 and not item(key) and not item(blocks[2]) and len(
            " ".join(words(line) for line in key)) <= LEAD_PARAGRAPH_CHARACTERS
        return _teacher_unit_foot([line for b in blocks[2 if keyed else 1:] for line in b], t, strict=strict)
    return foot


def page_too_blank(paper: Paper) -> list[Finding]:
    """A page, not the last of its copy, more than 30 % blank below its content (a teacher's
    document: 25 %, `BLANK_SHARE_MAX`) when the first kept piece of the next page
    (`first_unit_foot`) would have fitted in that blank.

    Issue 16: no page but the last more than about a quarter blank unless the next item cannot
    fit. The blank is measured from the page's lowest content to the foot of the text area; the
    next piece from the top of the text area to its foot, with a line's space above it at the size
    of its first line (the space a writer leaves between two items; more above a heading).

    So a page is found when more could have been put on it, and passes when the writer had to
    move the next piece whole: a question whose stem and first answer lines are taller than the
    blank, a source's head with three lines, two tick-box items, a table row."""
    from lessonpack.page_rules import BLANK_SHARE_MAX

    t = paper.theme
    ends = copy_ends(paper)
    top = t.page_height - t.margin_top
    # A teacher's documents are held to the figure, a quarter (their blocks part to fill a page).
    limit = BLANK_SHARE_MAX if teacher_document(paper) else BLANK_MAX
    out = []
    for page in range(paper.pages):
        if page in ends:
            continue
        foot = content_foot(paper, page)
        if foot is None:
            continue
        blank = foot - t.margin_bottom
        if blank / t.text_height <= limit:
            continue
        unit = first_unit_foot(paper, page + 1)
        lines = text_lines(paper, page + 1)
        gap = t.leading(max(r.size for r in lines[0].runs)) if lines else 0  # a heading's space is larger
        need = top - unit + gap if unit is not None else math.inf
        # Found only where it would have fitted with a body line to spare: read back from the glyphs,
        # the blank holds the space after the page's last paragraph and list, which the writer does not
        # have (a mark scheme's question of 254 pt moved whole from a room of 238 pt was found "256 pt
        # would have fitted" in 259).
        if need < blank - t.leading(t.body_size):
            out.append(Finding(page + 1, "page-too-blank",
                               f"{blank / t.text_height:.0%} of the text area blank; the {need:.0f} pt that "
                               f"start page {page + 2} would have fitted"))
    return out


def heading_and_one_line_at_foot(paper: Paper) -> list[Finding]:
    """A heading in the last sixth of the text area with nothing under it on its page but one
    line of text ("Questions" and "Total: 43 marks.", a source's title and its caption)."""
    t = paper.theme
    out = []
    for page, runs, last in _last_headings(paper):
        below = {round(r.y) for r in runs if r.y < last.y - 1 and not is_heading(r, t)}
        drawn = [s for s in paper.on(page, paper.strokes) if max(s.y0, s.y1) < last.y - 1
                 and min(s.y0, s.y1) >= t.margin_bottom - TOLERANCE]
        if len(below) == 1 and not drawn:
            out.append(Finding(page + 1, "heading-and-one-line-at-foot",
                               f"{last.text!r} and one line end the page"))
    return out


def _source_title_pattern() -> re.Pattern:
    """A source box's printed title ("Source B: …", "Source B (adapted): …"), from the wording."""
    from lessonpack.wording import source_title

    marked = re.escape(source_title("LETTER", "TITLE", False)).replace("LETTER", r"[A-Z]").replace("TITLE", ".*")
    adapted = re.escape(source_title("LETTER", "TITLE", True)).replace("LETTER", r"[A-Z]").replace("TITLE", ".*")
    return re.compile(f"(?:{marked})|(?:{adapted})")


def _figures_under(paper: Paper, title: Run) -> bool:
    """Whether a table of figures starts under a statistics source's title on its page (its units line)."""
    from lessonpack.wording import figures_units

    units = figures_units("").strip()
    return any(r.page == title.page and title.y - paper.theme.leading(paper.theme.body_size) * 10 < r.y < title.y
               and r.text.startswith(units) for r in paper.runs)


def _head_runs_on(paper: Paper, title: Run, pieces: list[BoxPiece]) -> bool:
    """Whether a source's head fills its title's page to the foot and its box starts the next page
    under the head's last lines: a head too long to share any page with three lines of its box (a
    long headnote at large print) runs on like text. A typesetter accepts that; moving the head
    whole left the page before it and the head's own page each more than 40 % blank."""
    from lessonpack import wording

    t = paper.theme
    foot = content_foot(paper, title.page)
    # Filled but for less than the box's first three lines, which the head's end must keep (its last
    # lines go overleaf with them, so the page may end a few lines short).
    if foot is None or foot - t.margin_bottom > t.leading(t.body_size) * (FRAGMENT_MIN + 0.5) or \
            title.page + 1 >= paper.pages:
        return False
    if len([line for line in text_lines(paper, title.page) if line.y < title.y - 1]) < FRAGMENT_MIN:
        return False  # a title and a line or two at the foot: a short head that should have moved
    lines = text_lines(paper, title.page + 1)
    continued = {wording.source_continued(letter) for letter in re.findall(r"Source ([A-Z])\b", title.text)}
    if lines and " ".join(r.text for r in lines[0].runs).strip() in continued:
        lines = lines[1:]  # under the source's "(continued)" title, as the writer heads the head's end
    if not lines or is_heading(lines[0].runs[0], t):  # the next page starts with a heading, not the head's end
        return False
    # A box's lines, or a chart's bars: a chart that fits a page stands whole under the head's end
    # (split 1917–22 / 1923–26, lesson 03's Source C at 24 pt was read on two pages), the head run on
    # between its sentences.
    below = [p.top for p in pieces if p.page == title.page + 1]
    below += [m.y1 for m in paper.on(title.page + 1, paper.marks)]
    return bool(below) and lines[0].y > max(below) + TOLERANCE  # the head's end stands above them


def _title_over_head_end(paper: Paper, title: Run) -> bool:
    """Whether the next page starts with the source's title again and then text, not a heading: the
    DOCX's run-on head, whose title is its table's header row, printed again over the head's end (the
    PDF prints "Source C (continued)" there). LibreOffice breaks it where the PDF does, between the
    headnote's sentences, so the title's page may end short of its foot."""
    t = paper.theme
    lines = text_lines(paper, title.page + 1) if title.page + 1 < paper.pages else []
    if not lines or " ".join(r.text for r in lines[0].runs).strip() != title.text.strip():
        return False
    # past the title's other lines, the head's end
    return any(not is_heading(line.runs[0], t) for line in lines[1:])


def source_heading_without_box(paper: Paper) -> list[Finding]:
    """A source's title on a page that holds none of its box's lines under it, nor its picture, chart
    or table of figures, unless its head runs on to them overleaf (`_head_runs_on`,
    `_title_over_head_end`)."""
    t = paper.theme
    pattern = _source_title_pattern()
    pieces = box_pieces(paper)
    out = []
    for r in paper.runs:
        if is_furniture(r, t) or not is_heading(r, t) or not pattern.fullmatch(r.text):
            continue
        # A chart's bars stand under its caption, headnote and units: further down than a box's lines.
        drawn = [m for m in paper.on(r.page, paper.marks) if r.y - t.leading(t.body_size) * 16 < m.y1 < r.y]
        if (not any(p.page == r.page and p.top < r.y for p in pieces) and not drawn and not _figures_under(paper, r)
                and not _head_runs_on(paper, r, pieces) and not _title_over_head_end(paper, r)):
            out.append(Finding(r.page + 1, "source-heading-without-box", f"{r.text!r} has no lines of its box under it"))
    return out


def continued_without_label(paper: Paper) -> list[Finding]:
    """A page of questions (after the page of a copy's first question) whose first line is neither
    a heading, nor a question's number, nor a "… (continued)" label, nor a table's header repeated
    from the page before: what it carries on with (a table's rows, a box of answers, a gap fill's
    end, an extension) does not say which question it belongs to, and a loose page is lost. The DOCX's label
    "Question 10" alone on a line names it too: the header row Word and LibreOffice repeat over a
    question's answer lines where its first sentence is too long to print again (docx/questions.py)."""
    from lessonpack.wording import continued_label, question_label

    marker = continued_label("")
    label = re.compile(re.escape(question_label("NUMBER")).replace("NUMBER", r"\d{1,2}[a-z]?"))
    t = paper.theme
    numbers = {(r.page, round(r.y)) for r in question_numbers(paper)}
    ends = copy_ends(paper)

    def words(line: Line) -> str:
        return " ".join(r.text for r in sorted(line.runs, key=lambda r: r.x))

    out, asked = [], False
    for page in range(paper.pages):
        lines = text_lines(paper, page)
        if page and page - 1 in ends:
            asked = False  # the next student's copy
        if asked and lines:
            first, text = lines[0], words(lines[0])
            repeated = text in {words(line) for line in text_lines(paper, page - 1)}
            if not (any(is_heading(r, t) for r in first.runs) or (page, round(first.y)) in numbers
                    or marker in text or repeated or label.fullmatch(text)):
                out.append(Finding(page + 1, "continued-without-label", f"the page starts {text[:60]!r}"))
        asked = asked or any(p == page for p, _ in numbers)
    return out


def section_without_label(paper: Paper) -> list[Finding]:
    """For a teacher's document (notes, a mark scheme): a page, after the first, whose first line is
    neither a heading nor a "… (continued)" label. What it carries on with (a question's model
    answer or mark points, a lesson plan's cards, "Likely misconceptions") does not say whose it is,
    and a teacher marking from a loose page cannot tell which question it answers."""
    from lessonpack.wording import continued_label

    marker, t = continued_label(""), paper.theme
    face = t.heading_font.replace(" ", "")

    def heading(runs) -> bool:  # also one at the body size (the high-contrast paper's smallest): all bold
        return any(is_heading(r, t) for r in runs) or all(
            r.bold and r.font.startswith(face) and r.size >= min(t.heading_sizes) - 0.05 for r in runs)

    out = []
    for page in range(1, paper.pages):
        lines = text_lines(paper, page)
        if not lines:
            continue
        text = " ".join(r.text for r in sorted(lines[0].runs, key=lambda r: r.x))
        if not heading(lines[0].runs) and marker not in text:
            out.append(Finding(page + 1, "section-without-label", f"the page starts {text[:60]!r}"))
    return out


def space_above_heading(paper: Paper) -> list[Finding]:
    """A page that starts with a heading set lower than the top of the text area (by more than
    a third of its size): the space that separates it from what comes before it on a page was
    left at the top of one (a gap after a chart or a timeline)."""
    t = paper.theme
    out = []
    for page in range(paper.pages):
        lines = text_lines(paper, page)
        if not lines or not any(is_heading(r, t) for r in lines[0].runs):
            continue
        size = max(r.size for r in lines[0].runs)
        gap = t.page_height - t.margin_top - (lines[0].y + size)
        if gap > size * 0.3:
            out.append(Finding(page + 1, "space-above-heading",
                               f"{lines[0].runs[0].text!r} starts {gap:.0f} pt below the top of the text area"))
    return out


def space_at_top(paper: Paper) -> list[Finding]:
    """A page whose first line of text is set lower than the top of the text area by more than a body
    line, with nothing (a rule, a box, a picture) above it: the space that separates it from what
    came before on a page was left at the top of one. (A heading there: `space_above_heading`.)"""
    t = paper.theme
    top = t.page_height - t.margin_top
    out = []
    for page in range(paper.pages):
        lines = text_lines(paper, page)
        if not lines or any(is_heading(r, t) for r in lines[0].runs):
            continue
        first = lines[0].y + max(r.size for r in lines[0].runs)
        drawn = [max(s.y0, s.y1) for s in paper.on(page, paper.strokes) if max(s.y0, s.y1) <= top + TOLERANCE]
        drawn += [m.y1 for m in paper.on(page, paper.marks) if m.y1 <= top + TOLERANCE and m.y1 - m.y0 < t.page_height * 0.9]
        if any(y > first for y in drawn):
            continue
        gap = top - first
        if gap > t.leading(t.body_size):
            text = " ".join(r.text for r in sorted(lines[0].runs, key=lambda r: r.x))
            out.append(Finding(page + 1, "space-at-top", f"{text[:40]!r} starts {gap:.0f} pt below the top of the text area"))
    return out


def short_section_split(paper: Paper) -> list[Finding]:
    """A section under a minor heading (a question's mark scheme or model answer in the teacher's
    documents) shorter than `unsplit_height` printed across two pages: a teacher marking reads a
    question's answers without turning over."""
    from lessonpack.page_rules import unsplit_height

    t = paper.theme
    top = t.page_height - t.margin_top
    out = []
    for page in range(paper.pages - 1):
        lines = text_lines(paper, page)
        heads = [i for i, line in enumerate(lines) if any(is_heading(r, t) for r in line.runs)]
        if not heads or not _near(max(r.size for r in lines[heads[-1]].runs), min(t.heading_sizes), 0.1):
            continue
        after = text_lines(paper, page + 1)
        if not after or any(is_heading(r, t) for r in after[0].runs):
            continue
        following = next((i for i, line in enumerate(after) if any(is_heading(r, t) for r in line.runs)), len(after))
        here = lines[heads[-1]].y + lines[heads[-1]].runs[0].size - lines[-1].foot
        there = top - after[following - 1].foot
        if here + there < unsplit_height(t) * 0.85:  # lines read back, not the space between paragraphs
            title = " ".join(r.text for r in lines[heads[-1]].runs)
            out.append(Finding(page + 1, "short-section-split", f"{title!r} ({here + there:.0f} pt) runs over a page"))
    return out


CHECKS = (heading_at_foot, heading_and_one_line_at_foot, source_heading_without_box, short_box_fragment,
          wrong_line_number, outside_text_area, text_too_small, question_without_answer_space, page_too_blank,
          continued_without_label, space_above_heading, space_at_top)
"""The checks of this module; `all_checks` adds those of a question's answer space (pagecheck_answers.py)."""


def all_checks() -> tuple:
    """Every page check: this module's, pagecheck_answers.py's and pagecheck_teacher.py's (imported here,
    as they build on this one)."""
    from pagecheck_answers import ANSWER_CHECKS
    from pagecheck_teacher import TEACHER_CHECKS

    return CHECKS + ANSWER_CHECKS + TEACHER_CHECKS


def check_pdf(path: Path, theme, checks=None) -> list[Finding]:
    """Every finding of the given checks (all of them by default) on one PDF built with `theme`."""
    paper = read_paper(Path(path), theme)
    return [finding for check in (all_checks() if checks is None else checks) for finding in check(paper)]


# ----------------------------------------------------------------- lines of a paragraph (issue 16, item 12)
# (Run these with `check_pdf(path, theme, checks=TEXT_CHECKS)`; the command line runs them too.)

SPACE_EMS = 0.35
"""A word space, in ems, as this check allows it: a little wider than DejaVu's (0.32 em)."""


@dataclass(frozen=True)
class Segment:
    """Words printed on one baseline with no gap wider than two spaces between them: a line of
    one paragraph (the cells of a table row are segments of their own)."""

    page: int
    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def foot(self) -> float:
        return self.words[0].y0

    @property
    def size(self) -> float:
        """The font size: pdftotext's word box is one size high."""
        return max(w.y1 - w.y0 for w in self.words)


def segments(paper: Paper, page: int) -> list[Segment]:
    """A page's printed lines of text (no running header or footer), top to bottom, left to right."""
    t = paper.theme
    top, foot = t.page_height - t.margin_top, t.margin_bottom
    words = sorted((w for w in paper.on(page, paper.words) if foot - TOLERANCE <= w.y0 and w.y1 <= top + TOLERANCE),
                   key=lambda w: (-w.y0, w.x0))
    rows: list[list[Word]] = []
    for word in words:
        if rows and _near(rows[-1][0].y0, word.y0):
            rows[-1].append(word)
        else:
            rows.append([word])
    out: list[Segment] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        start = 0
        for i in range(1, len(row) + 1):
            if i == len(row) or row[i].x0 - row[i - 1].x1 > 2 * SPACE_EMS * (row[i].y1 - row[i].y0) + TOLERANCE:
                out.append(Segment(page, tuple(row[start:i])))
                start = i
    return out


_ITEM_START = re.compile(r"^(•|–|-|\d+[.)]|\([a-z0-9]+\)|[a-z][.)])$")
"""The first word of a list item (a bullet or a number), which starts a line of its own."""


def _item_start(line: Segment, lines: list[Segment]) -> bool:
    """Whether a line starts a list item: with its bullet or number, or beside one (in the indent)."""
    if _ITEM_START.match(line.words[0].text):
        return True
    return any(_near(other.foot, line.foot, 0.3 * line.size) and line.x0 - 3 * line.size <= other.x1 < line.x0
               and _ITEM_START.match(other.words[-1].text) for other in lines)


def line_ended_early(paper: Paper) -> list[Finding]:
    """A printed line of a paragraph that ends before the page (or its cell) is full: the first
    word of the line under it would have fitted after it. The lines are of one paragraph when they
    start at the same place, in the same size, one line's leading apart (a paragraph, a list item
    or a table row starts after a larger gap); a list item's bullet or number starts a line of its
    own. The room on a line is taken as the widest line of its paragraph on the page, so a
    paragraph in a cell is measured by its cell. Only reportlab's own breaks pass: a cut made
    before a line was full (issue 16, item 12: "(Stalin, vol. / 1, 2014)", a one-word line "of").
    Headings (larger than the body) are broken on even lines on purpose and are not read."""
    t = paper.theme
    found: list[Finding] = []
    for page in range(paper.pages):
        lines = segments(paper, page)
        below: dict[int, int] = {}  # each line's next line of the same paragraph
        for i, line in enumerate(lines):
            for j in range(i + 1, len(lines)):
                other = lines[j]
                if other.foot > line.foot - TOLERANCE:
                    continue  # the same baseline (another cell)
                if other.x1 < line.x0 or other.x0 > line.x1 + 2 * line.size:
                    continue  # another column
                pitch = line.foot - other.foot
                if (_near(other.x0, line.x0) and _near(other.size, line.size, 0.2)
                        and _near(pitch, t.leading(line.size), 0.6) and not _item_start(other, lines)):
                    below[i] = j
                break
        # The paragraphs: chains of lines linked by `below`, measured by their widest line.
        above = {j: i for i, j in below.items()}
        for start in range(len(lines)):
            if start in above:
                continue
            chain = [start]
            while chain[-1] in below:
                chain.append(below[chain[-1]])
            right = max(lines[k].x1 for k in chain)
            if lines[start].size > t.body_size + 0.5:
                continue  # a heading, broken evenly on purpose (`linebreak.balanced`)
            for k, nxt in zip(chain, chain[1:]):
                line, first = lines[k], lines[nxt].words[0]
                if line.x1 + SPACE_EMS * line.size + (first.x1 - first.x0) < right - TOLERANCE:
                    tail = " ".join(w.text for w in line.words[-3:])
                    found.append(Finding(page + 1, "line ended early",
                                         f"'{tail}' ends a line with room for '{first.text}' from the next"))
    return found


TEXT_CHECKS = (line_ended_early,)
"""Checks of how text is set, for teacher notes and mark schemes (issue 16)."""


def command_line(doc: str) -> tuple[list[Path], object]:
    """The PDFs a page check's command line names, and the theme of its --profile and --paper."""
    import argparse

    from lessonpack.theme import theme_for

    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("pdf", nargs="+", type=Path)
    parser.add_argument("--profile", default="standard")
    parser.add_argument("--paper", default="A4")
    args = parser.parse_args()
    return args.pdf, theme_for(args.paper, args.profile)


if __name__ == "__main__":
    pdfs, theme = command_line(__doc__)
    for pdf in pdfs:  # the checks of how text is set on a teacher's document only (an extract's lines end early)
        paper = read_paper(pdf, theme)
        for check in all_checks() + (TEXT_CHECKS if teacher_document(paper) else ()):
            for finding in check(paper):
                print(f"{pdf}:{finding.page}: {finding.kind}: {finding.detail}")

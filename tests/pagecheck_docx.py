"""The page checks (tests/pagecheck.py) over a DOCX as LibreOffice prints it.

Convert first (`soffice --headless --convert-to pdf FILE.docx`, every file in one call: each
start of LibreOffice costs seconds), then `read_rendered_docx` reads the PDF and translates the
four ways LibreOffice draws the DOCX writer's pages differently from the PDF writer's, so the
same recognisers and checks run on both:

- rules are printed in whole eighths of a point, as DOCX stores border widths (the 0.6 pt
  answer lines at 0.5 pt, the 0.8 pt source-box rules at 0.75 pt), and text in half points
  (large print's 19.2 pt line numbers at 19 pt);
- a source box is a table, a row per line (writers/docx/sources.py), its frame the cells' rules
  standing BORDER_SPACE outside the text area, drawn row by row, its top and foot rules ending
  within EDGE_SLACK of the side rules;
- a box split over two pages may be closed by a rule at the foot of the first piece and the top
  of the next (a box of bordered paragraphs is). The split is found instead from the pieces: one
  ending its page and the next starting the following page (under its repeated title).

- a question headed by its label "Question 10" prints no number beside its stem: the label's first
  printing is read as the question's number (`_labels_as_numbers`);
- a timeline is a stack of pictures, not text: each picture is read as the lines of note-size text
  it could hold (`_pictures_as_text`), so a heading over a timeline's first entries is not taken for
  a heading with nothing (or one line) after it.

Every check applies. Line numbers too: the DOCX prints each margin number at the start of its
own extract line, in the column left of the text, as the PDF does; a line LibreOffice wraps
onto two is exactly what `wrong_line_number` is there to find.

Run `python tests/pagecheck_docx.py FILE.pdf [--profile NAME]` on LibreOffice's PDF of a DOCX (the
DOCX beside it, if there, gives the document's own top margin).
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from conftest import Run, is_furniture  # noqa: E402
from pagecheck import CHECKS, Finding, Mark, Paper, _near, box_pieces, read_paper, teacher_document  # noqa: E402

BORDER_SPACE = 4.0
"""Points between a bordered paragraph's text and its border (the writer's w:space="4")."""
EDGE_SLACK = 1.5
"""Points between where LibreOffice ends a box's side rules and where it draws its top or foot."""


def _in_eighths(width: float) -> float:
    """A border width as DOCX stores it: whole eighths of a point, rounded down."""
    return int(width * 8) / 8


def _theme_sizes(paper: Paper) -> list:
    """The runs with each of the theme's sizes as the theme gives it, not rounded to half points."""
    t = paper.theme
    sizes = {round(size * 2) / 2: size for size in (t.small_size, t.note, t.extract_size, t.body_size,
                                                    *t.heading_sizes)}
    return [replace(r, size=sizes[round(r.size * 2) / 2]) if _near(r.size, round(r.size * 2) / 2, 0.05)
            and round(r.size * 2) / 2 in sizes else r for r in paper.runs]


def _as_pdf_writer_draws(paper: Paper) -> list:
    """The strokes with answer lines and source-box frames at the PDF writer's widths and places."""
    t = paper.theme
    answer, frame = _in_eighths(t.rule_width), _in_eighths(t.box_rule_width)
    if teacher_document(paper):  # no answer lines: a rule across the page is a table's (a lesson plan's card),
        answer = -1.0  # 0.5 pt as the answer lines' 0.6 pt are stored, read as answer lines it hid the card

    frame_x = t.margin_left - BORDER_SPACE - frame / 2
    right = t.page_width - t.margin_right
    out = []
    for s in paper.strokes:
        left_end, right_end = min(s.x0, s.x1), max(s.x0, s.x1)
        if (s.horizontal and _near(s.width, answer, 0.05) and _near(left_end, t.margin_left, 0.5)
                and _near(right_end, right, 0.5) and s.y0 < t.page_height - t.margin_top):  # not the header's rule
            s = replace(s, width=t.rule_width)
        elif s.vertical and _near(s.width, frame, 0.05) and _near(s.x0, frame_x, 0.5):
            s = replace(s, x0=t.margin_left, x1=t.margin_left, width=t.box_rule_width)
        elif s.horizontal and _near(s.width, frame, 0.05) and _near(left_end, frame_x, EDGE_SLACK):
            s = replace(s, x0=t.margin_left, x1=right_end, width=t.box_rule_width)
        out.append(s)
    return out


def _page_edge(paper: Paper, page: int, y: float, above: bool) -> bool:
    """Whether no body text stands above (or below) y on the page."""
    t = paper.theme
    return not any(r.page == page and not is_furniture(r, t) and (r.y > y if above else r.y < y)
                   for r in paper.runs)


def _mult(m, n):
    return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2],
            m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]


def _pictures(path: Path) -> list[Mark]:
    """Where each image is painted (pagecheck's marks do not tell an image from a filled shape)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader, out = PdfReader(str(path)), []

    def walk(content, resources, ctm, page: int, depth: int = 0) -> None:
        stack = []
        xobjects = resources.get("/XObject") if resources else None
        xobjects = xobjects.get_object() if xobjects is not None else {}
        for operands, op in ContentStream(content, reader).operations:
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop() if stack else ctm
            elif op == b"cm":
                ctm = _mult([float(v) for v in operands], ctm)
            elif op == b"Do" and operands[0] in xobjects:
                item = xobjects[operands[0]].get_object()
                if item.get("/Subtype") == "/Image":
                    xs = [ctm[4], ctm[0] + ctm[4], ctm[2] + ctm[4], ctm[0] + ctm[2] + ctm[4]]
                    ys = [ctm[5], ctm[1] + ctm[5], ctm[3] + ctm[5], ctm[1] + ctm[3] + ctm[5]]
                    out.append(Mark(page, min(xs), min(ys), max(xs), max(ys)))
                elif item.get("/Subtype") == "/Form" and depth < 8:
                    matrix = [float(v) for v in item.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                    walk(item, item.get("/Resources"), _mult(matrix, ctm), page, depth + 1)

    for number, page in enumerate(reader.pages):
        walk(page.get_contents(), page.get("/Resources"), [1, 0, 0, 1, 0, 0], number)
    return out


def _pictures_as_text(path: Path, paper: Paper) -> list:
    """The runs, and the lines of note-size text each picture could hold: the PDF writer prints a
    timeline's entries as text, the DOCX writer as pictures."""
    t = paper.theme
    face, lead = t.body_font.replace(" ", ""), t.leading(t.note)
    return paper.runs + [Run(m.page, m.x0, m.y1 - t.note - n * lead, t.note, face, "[picture]")
                         for m in _pictures(path) for n in range(max(1, int((m.y1 - m.y0) / lead)))]


def _labels_as_numbers(paper: Paper) -> list:
    """The runs, with a question's label read as its number where it is the question's number line: a
    question headed by "Question 10" (a header row printed again over its lines on each page) prints
    no number beside its stem (writers/docx/questions.py `_label_row`). The label's first printing,
    before any number or label of that question, is read as the bold number at the margin."""
    t = paper.theme
    seen: set[str] = set()
    added = []
    for r in sorted(paper.runs, key=lambda r: (r.page, -r.y, r.x)):
        if is_furniture(r, t) or not _near(r.x, t.margin_left):
            continue
        label = re.fullmatch(r"Question (\d{1,2})", r.text.strip())
        if r.bold and re.fullmatch(r"\d+", r.text):
            seen.add(r.text)
        elif label and label.group(1) not in seen:
            seen.add(label.group(1))
            added.append(replace(r, text=label.group(1), font=f"{r.font}-Bold"))
    return [*paper.runs, *added]


def docx_theme(docx: Path, theme):
    """`theme` with the DOCX's own top margin, grown where its running header wraps onto more
    lines (`page_furniture.top_margin`)."""
    from docx import Document

    return replace(theme, margin_top=max(theme.margin_top, Document(str(docx)).sections[0].top_margin.pt))


def read_rendered_docx(path: Path, theme, docx: Path | None = None) -> Paper:
    """A LibreOffice-printed DOCX read as `pagecheck.read_paper` reads the PDF writer's pages;
    given the DOCX, with its own top margin (else the theme's)."""
    paper = read_paper(Path(path), theme)
    # The DOCX says where its text area starts (its header's rule, 0.5 pt, stands above it, as the PDF's).
    paper = replace(paper, theme=docx_theme(docx, theme) if docx is not None else theme)
    paper = replace(paper, strokes=_as_pdf_writer_draws(paper), runs=_theme_sizes(paper))
    paper = replace(paper, runs=_pictures_as_text(Path(path), paper))
    paper = replace(paper, runs=_labels_as_numbers(paper))
    t = paper.theme
    pieces = box_pieces(paper)
    runs_on = [(before, after) for before, after in zip(pieces, pieces[1:])
               if after.page == before.page + 1 and _page_edge(paper, before.page, before.bottom, above=False)
               and _page_edge(paper, after.page, after.top, above=True)]
    edges = [(before.page, before.bottom) for before, _ in runs_on] + [(after.page, after.top) for _, after in runs_on]
    kept = []
    for s in paper.strokes:
        if s.horizontal and s.width == t.box_rule_width:
            edge = next(((page, y) for page, y in edges if page == s.page and _near(s.y0, y, EDGE_SLACK)), None)
            if edge is not None:
                continue  # the rule LibreOffice closes a split piece with: the box runs on
            # the foot or top of a whole piece, moved onto the end of its side rules
            near = [p for p in pieces if p.page == s.page]
            for p in near:
                for y in (p.top, p.bottom):
                    if _near(s.y0, y, EDGE_SLACK):
                        s = replace(s, y0=y, y1=y)
        kept.append(s)
    return replace(paper, strokes=kept)


def check_rendered_docx(path: Path, theme, checks=CHECKS, docx: Path | None = None) -> list[Finding]:
    """Every finding of the given checks on LibreOffice's PDF of a DOCX built with `theme`."""
    paper = read_rendered_docx(Path(path), theme, docx)
    return [finding for check in checks for finding in check(paper)]


if __name__ == "__main__":
    from pagecheck import command_line

    pdfs, theme = command_line(__doc__)
    for pdf in pdfs:
        docx = pdf.with_suffix(".docx")  # the DOCX beside its print gives its own top margin
        for finding in check_rendered_docx(pdf, theme, docx=docx if docx.exists() else None):
            print(f"{pdf}:{finding.page}: {finding.kind}: {finding.detail}")

"""The floor: the same documents written with reportlab and python-docx directly (a benchmark helper).

    python benchmarks/raw_worksheet.py DOCS.json OUT_DIR pdf,docx [COPIES]

What the libraries lessonpack stands on cost for comparable output, in a fresh process:
each document's text (flattened beforehand by `flatten`, from lessonpack's own model, not
timed) laid out as headings, paragraphs, ruled answer lines and tables, in the DejaVu
faces lessonpack embeds, on A4. With COPIES, only the first document, that many times
into one PDF, each copy under its own name line (the floor of a class set's print file).

Not done here, and done by lessonpack: checking the lesson, expanding templates, numbered
extract lines kept identical in both formats, keep rules, running headers and footers,
"Page x of y", tick boxes, the fonts embedded in the DOCX.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "src" / "lessonpack" / "fonts"


# ------------------------------------------------------------------ flattening (in run.py, not timed)


def flatten(doc) -> list[list]:
    """A lessonpack Document as plain items: ["h", level, text], ["p", text], ["lines", n],
    ["table", rows], ["break"]."""
    from lessonpack import document as d

    out: list[list] = []

    def text(nodes) -> str:
        return d.plain_text(nodes)

    def walk(block) -> None:
        if isinstance(block, d.Heading):
            out.append(["h", block.level, text(block.children)])
        elif isinstance(block, d.Paragraph):
            out.append(["p", text(block.children)])
        elif isinstance(block, d.ListBlock):
            for n, item in enumerate(block.items, start=block.start):
                out.append(["p", f"{n}." if block.ordered else "•"])
                for inner in item:
                    walk(inner)
        elif isinstance(block, d.Box):
            if block.title:
                out.append(["h", 3, block.title])
            for inner in block.blocks:
                walk(inner)
        elif isinstance(block, d.Grid):
            for inner in block.cells:
                walk(inner)
        elif isinstance(block, d.SourceBox):
            out.append(["h", 3, f"Source {block.letter}: {block.title}"])
            out.append(["p", block.caption])
            out.append(["table", [[str(line.number), line.text] for line in block.lines]])
            out.extend(["p", f"{term}: {gloss}"] for term, gloss in block.glossary)
        elif isinstance(block, d.Question):
            out.append(["p", f"Question {block.number}" + (f" [{block.marks} marks]" if block.marks else "")])
            for inner in block.blocks:
                walk(inner)
            if block.answer.lines:
                out.append(["lines", block.answer.lines])
        elif isinstance(block, d.Choices):
            out.extend(["p", "☐ " + text(option)] for option in block.options)
        elif isinstance(block, d.TrueFalse):
            out.append(["table", [["Statement", "True", "False"]] + [[text(s), "☐", "☐"] for s in block.statements]])
        elif isinstance(block, d.WordBank):
            out.append(["p", "Word bank: " + " · ".join(block.words)])
        elif isinstance(block, d.Timeline):
            out.append(["table", [[e.date, e.event] for e in block.events]])
        elif isinstance(block, d.Figure):
            out.append(["p", block.caption])
        elif isinstance(block, d.StudentDetails):
            out.append(["p", "    ".join(f"{k}: {v or '_' * 18}" for k, v in block.fields)])
        elif isinstance(block, d.Table):
            out.append(["table", [[text(c) for c in block.header]] + [[text(c) for c in r] for r in block.rows]])
        elif isinstance(block, d.PageBreak):
            out.append(["break"])

    for block in doc.blocks:
        walk(block)
    return out


# ------------------------------------------------------------------ the raw writers (timed)


def write_pdf(items: list[list], path: Path, copies: int = 0) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    for name in ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSans-Bold"):
        pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{name}.ttf")))
    body = ParagraphStyle("body", fontName="DejaVuSerif", fontSize=10.5, leading=14, spaceAfter=4)
    heads = {level: ParagraphStyle(f"h{level}", fontName="DejaVuSans-Bold", fontSize=18 - 2 * level, leading=22 - 2 * level,
                                   spaceBefore=6, spaceAfter=4) for level in (1, 2, 3, 4, 5, 6)}
    cell = ParagraphStyle("cell", parent=body, spaceAfter=0)
    width = A4[0] - 40 * mm

    def story_of(items: list[list], name: str = "") -> list:
        story: list = [Paragraph(escape(f"Name: {name}"), body)] if name else []
        for item in items:
            kind = item[0]
            if kind == "h":
                story.append(Paragraph(escape(item[2]), heads[min(item[1], 6)]))
            elif kind == "p":
                story.append(Paragraph(escape(item[1]), body))
            elif kind == "lines":
                rule = Table([[""]] * item[1], colWidths=[width], rowHeights=[8 * mm] * item[1])
                rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, "#888888")]))
                story.append(rule)
            elif kind == "table":
                rows = [[Paragraph(escape(c), cell) for c in row] for row in item[1]]
                longest = [min(60, max(6, *(len(row[i]) for row in item[1]))) for i in range(len(item[1][0]))]
                table = Table(rows, colWidths=[width * n / sum(longest) for n in longest])
                table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#888888")]))
                story.append(table)
            elif kind == "break":
                story.append(PageBreak())
            story.append(Spacer(1, 2))
        return story

    story: list = []
    if copies:
        for n in range(copies):
            story += story_of(items, f"Student {n + 1}") + [PageBreak()]
    else:
        story = story_of(items)
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                      topMargin=20 * mm, bottomMargin=20 * mm, invariant=1).build(story)


def write_docx(items: list[list], path: Path) -> None:
    import docx
    from docx.shared import Mm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    doc.styles["Normal"].font.name, doc.styles["Normal"].font.size = "DejaVu Serif", Pt(10.5)
    for item in items:
        kind = item[0]
        if kind == "h":
            doc.add_heading(item[2], min(item[1], 9))
        elif kind == "p":
            doc.add_paragraph(item[1])
        elif kind == "lines":
            for _ in range(item[1]):
                doc.add_paragraph("_" * 70)
        elif kind == "table":
            rows = item[1]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for row, values in zip(table.rows, rows):
                for target, value in zip(row.cells, values):
                    target.text = value
        elif kind == "break":
            doc.add_page_break()
    doc.save(str(path))


def main(argv: list[str]) -> int:
    docs = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    out, formats = Path(argv[1]), argv[2].split(",")
    copies = int(argv[3]) if len(argv) > 3 else 0
    out.mkdir(parents=True, exist_ok=True)
    if copies:
        name, items = next(iter(docs.items()))
        write_pdf(items, out / f"{name}-{copies}-copies.pdf", copies)
        return 0
    for name, items in docs.items():
        if "pdf" in formats:
            write_pdf(items, out / f"{name}.pdf")
        if "docx" in formats:
            write_docx(items, out / f"{name}.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

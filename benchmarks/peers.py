"""The same worksheet as Markdown (for pandoc) and as an HTML page (for WeasyPrint).

A teacher without lessonpack would write the worksheet in Markdown or in an HTML
template and convert it. To time those routes on the same content, the worksheet
is made by lessonpack as far as its document model (the template expanded and
parsed, sources broken into numbered lines) and then written out as plain
Markdown and as a Jinja2-rendered HTML page. Every block type of the model has a
plain equivalent: numbered source lines, ruled answer lines, tick boxes, tables.

Only the benchmark uses this; it is not part of the package.
"""

from __future__ import annotations

import html
import json
import string
from pathlib import Path

from lessonpack import document as d

HERE = Path(__file__).resolve().parent
BOX = "☐"
RULE = "_" * 64

# ------------------------------------------------------------------ Markdown (pandoc)

_PUNCT = set(string.punctuation)


def md_escape(text: str) -> str:
    """Backslash every ASCII punctuation mark (pandoc's all_symbols_escapable): text stays text."""
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in text)


def md_inlines(nodes) -> str:
    out = []
    for node in nodes:
        if isinstance(node, d.Text):
            out.append(md_escape(node.text))
        elif isinstance(node, d.Strong):
            out.append(f"**{md_inlines(node.children)}**")
        elif isinstance(node, d.Emph):
            out.append(f"*{md_inlines(node.children)}*")
        elif isinstance(node, d.Link):
            out.append(f"[{md_inlines(node.children)}](<{node.target}>)")
        elif isinstance(node, d.LineBreak):
            out.append("\\\n")
    return "".join(out)


def _line_block(lines: list[str]) -> str:
    return "\n".join(f"| {line}" if line else "| \u00a0" for line in lines)


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    cells = lambda row: "| " + " | ".join(c.replace("\n", " ") or "\u00a0" for c in row) + " |"  # noqa: E731
    return "\n".join([cells(header), "|" + "---|" * len(header), *(cells(r) for r in rows)])


def md_block(block, images: Path) -> str:
    if isinstance(block, d.Heading):
        return "#" * block.level + " " + md_inlines(block.children)
    if isinstance(block, d.Paragraph):
        return md_inlines(block.children)
    if isinstance(block, d.ListBlock):
        items = []
        for n, item in enumerate(block.items, start=block.start):
            marker = f"{n}. " if block.ordered else "- "
            body = "\n\n".join(md_block(b, images) for b in item)
            items.append(marker + body.replace("\n", "\n" + " " * len(marker)))
        return "\n".join(items)
    if isinstance(block, d.Box):
        inner = "\n\n".join(md_block(b, images) for b in block.blocks)
        title = f"**{md_escape(block.title)}**\n\n" if block.title else ""
        return "\n".join("> " + line if line else ">" for line in (title + inner).splitlines())
    if isinstance(block, d.Grid):
        return "\n\n".join(md_block(b, images) for b in block.cells)
    if isinstance(block, d.SourceBox):
        head = f"### {'Adapted ' if block.adapted else ''}Source {md_escape(block.letter)}: {md_escape(block.title)}"
        parts = [head, f"*{md_escape(block.caption)}*"]
        if block.headnote:
            parts.append(md_escape(block.headnote))
        width = len(str(len(block.lines)))
        parts.append(_line_block([
            f"{line.number:>{width}}\u2003" + (f"¶{line.paragraph} " if line.paragraph else "") + md_escape(line.text)
            for line in block.lines]))
        if block.glossary:
            parts.append("\n".join(f"- **{md_escape(t)}**: {md_escape(g)}" for t, g in block.glossary))
        return "\n\n".join(parts)
    if isinstance(block, d.Question):
        marks = f" ({block.marks} mark{'s' if block.marks != 1 else ''})" if block.marks is not None else ""
        parts = [f"**Question {md_escape(block.number)}**{marks}"]
        parts += [md_block(b, images) for b in block.blocks]
        if block.answer.kind == "lines" and block.answer.lines:
            parts.append(_line_block([md_escape(RULE)] * block.answer.lines))
        elif block.answer.kind == "box" and block.answer.lines:
            parts.append(_line_block([""] * block.answer.lines))
        return "\n\n".join(parts)
    if isinstance(block, d.Choices):
        return "\n".join(f"- {BOX} {md_inlines(o)}" for o in block.options)
    if isinstance(block, d.TrueFalse):
        return _md_table(["Statement", "True", "False"], [[md_inlines(s), BOX, BOX] for s in block.statements])
    if isinstance(block, d.WordBank):
        return "**Word bank:** " + " · ".join(md_escape(w) for w in block.words)
    if isinstance(block, d.Timeline):
        table = _md_table(["Date", "Event"], [[md_escape(e.date), md_escape(e.event)] for e in block.events])
        return (f"**{md_escape(block.title)}**\n\n" if block.title else "") + table
    if isinstance(block, d.Figure):
        name = images / Path(block.path).name
        name.write_bytes(block.data)
        return f"![{md_escape(block.caption)}]({name.name})"
    if isinstance(block, d.StudentDetails):
        return "\u2003".join(f"**{md_escape(k)}:** {md_escape(v) or md_escape('_' * 18)}" for k, v in block.fields)
    if isinstance(block, d.Table):
        return _md_table([md_inlines(c) for c in block.header], [[md_inlines(c) for c in r] for r in block.rows])
    if isinstance(block, d.PageBreak):
        return '```{=openxml}\n<w:p><w:r><w:br w:type="page"/></w:r></w:p>\n```'
    raise TypeError(f"no Markdown for {type(block).__name__}")


def to_markdown(doc: d.Document, images: Path) -> str:
    """The worksheet as pandoc Markdown (images written beside it, into images)."""
    meta = {"title": doc.info.title, "subtitle": doc.info.kind, "lang": doc.info.language}
    front = "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items()) + "---\n\n"
    body = [md_block(b, images) for b in doc.blocks if not (isinstance(b, d.Heading) and b.level == 1)]
    return front + "\n\n".join(body) + "\n"


# ------------------------------------------------------------------ HTML (WeasyPrint)


def html_inlines(nodes) -> str:
    out = []
    for node in nodes:
        if isinstance(node, d.Text):
            out.append(html.escape(node.text))
        elif isinstance(node, d.Strong):
            out.append(f"<strong>{html_inlines(node.children)}</strong>")
        elif isinstance(node, d.Emph):
            out.append(f"<em>{html_inlines(node.children)}</em>")
        elif isinstance(node, d.Link):
            out.append(f'<a href="{html.escape(node.target)}">{html_inlines(node.children)}</a>')
        elif isinstance(node, d.LineBreak):
            out.append("<br>")
    return "".join(out)


def _html_table(header: list[str], rows: list[list[str]], cls: str = "") -> str:
    head = "".join(f"<th>{c}</th>" for c in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def html_block(block, images: Path) -> str:
    e = html.escape
    if isinstance(block, d.Heading):
        return f"<h{block.level}>{html_inlines(block.children)}</h{block.level}>"
    if isinstance(block, d.Paragraph):
        return f"<p>{html_inlines(block.children)}</p>"
    if isinstance(block, d.ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = "".join("<li>" + "".join(html_block(b, images) for b in item) + "</li>" for item in block.items)
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        return f"<{tag}{start}>{items}</{tag}>"
    if isinstance(block, d.Box):
        title = f"<p class=box-title>{e(block.title)}</p>" if block.title else ""
        return f'<div class="box {e(block.role)}">{title}{"".join(html_block(b, images) for b in block.blocks)}</div>'
    if isinstance(block, d.Grid):
        cells = "".join(f"<div>{html_block(b, images)}</div>" for b in block.cells)
        return f'<div class="grid" style="grid-template-columns: repeat({block.columns}, 1fr)">{cells}</div>'
    if isinstance(block, d.SourceBox):
        lines = "".join(
            f'<tr class="{"gap" if line.gap else ""}"><td class=n>{line.number}</td>'
            f'<td class=p>{f"¶{line.paragraph}" if line.paragraph else ""}</td><td>{e(line.text)}</td></tr>'
            for line in block.lines)
        gloss = "".join(f"<dt>{e(t)}</dt><dd>{e(g)}</dd>" for t, g in block.glossary)
        return (f'<section class=source><h3>{"Adapted " if block.adapted else ""}Source {e(block.letter)}: '
                f'{e(block.title)}</h3><p class=caption>{e(block.caption)}</p>'
                + (f"<p class=headnote>{e(block.headnote)}</p>" if block.headnote else "")
                + f"<table class=lines>{lines}</table>" + (f"<dl>{gloss}</dl>" if gloss else "") + "</section>")
    if isinstance(block, d.Question):
        marks = f'<span class=marks>[{block.marks}]</span>' if block.marks is not None else ""
        body = "".join(html_block(b, images) for b in block.blocks)
        space = ""
        if block.answer.kind == "lines":
            space = '<div class=rule></div>' * block.answer.lines
        elif block.answer.kind == "box":
            space = f'<div class=answer-box style="height: {block.answer.lines * 8}mm"></div>'
        return f'<div class=question><span class=qn>{e(block.number)}</span>{marks}{body}{space}</div>'
    if isinstance(block, d.Choices):
        return "<ul class=choices>" + "".join(f"<li>{BOX} {html_inlines(o)}</li>" for o in block.options) + "</ul>"
    if isinstance(block, d.TrueFalse):
        return _html_table(["Statement", "True", "False"],
                           [[html_inlines(s), BOX, BOX] for s in block.statements], "truefalse")
    if isinstance(block, d.WordBank):
        return '<div class="box wordbank"><strong>Word bank:</strong> ' + " · ".join(map(e, block.words)) + "</div>"
    if isinstance(block, d.Timeline):
        title = f"<p><strong>{e(block.title)}</strong></p>" if block.title else ""
        return title + _html_table(["Date", "Event"], [[e(ev.date), e(ev.event)] for ev in block.events])
    if isinstance(block, d.Figure):
        name = images / Path(block.path).name
        name.write_bytes(block.data)
        return f'<figure><img src="{e(name.name)}" alt="{e(block.alt)}"><figcaption>{e(block.caption)}</figcaption></figure>'
    if isinstance(block, d.StudentDetails):
        return "<p class=details>" + "".join(
            f"<span>{e(k)}: <span class=blank>{e(v)}</span></span>" for k, v in block.fields) + "</p>"
    if isinstance(block, d.Table):
        return _html_table([html_inlines(c) for c in block.header],
                           [[html_inlines(c) for c in r] for r in block.rows], "fill" if block.row_lines else "")
    if isinstance(block, d.PageBreak):
        return '<div style="break-after: page"></div>'
    raise TypeError(f"no HTML for {type(block).__name__}")


def to_html(doc: d.Document, images: Path, font_dir: Path) -> str:
    """The worksheet as one HTML page, laid out by a Jinja2 template (benchmarks/worksheet.html.j2)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(loader=FileSystemLoader(HERE), autoescape=select_autoescape(["html", "j2"]))
    env.filters["css_string"] = lambda s: Markup('"' + "".join(
        ch if ch.isalnum() or ch in " -–—,.:;!?()'’" else f"\\{ord(ch):X} " for ch in str(s)) + '"')
    body = Markup("\n".join(html_block(b, images) for b in doc.blocks))
    return env.get_template("worksheet.html.j2").render(info=doc.info, body=body, font_dir=font_dir.as_uri())

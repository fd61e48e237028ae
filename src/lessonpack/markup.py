"""Parse the markup templates emit (CommonMark plus `:::` directives) into the document model.

Directives are fenced blocks: `::: question 3 marks=4 lines=8`, its body, `:::`. A
directive inside another uses a longer fence (`::::`) on the outside, as in MyST.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .document import (BOX_ROLES, AnswerSpace, Block, Box, Choices, Emph, Figure, Grid, Heading, Inline, LineBreak,
                       Link, ListBlock, PageBreak, Paragraph, Picture, Question, RuledLines, SourceBox, SourceItem, Strong,
                       StudentDetails, Table, Text, Timeline, TimelineEvent, TrueFalse, WordBank, plain_text)
from .directives import OPTIONS, Directive, MarkupError, parse_directive
from .markup_tokens import tokens as markup_tokens
from .wording import printed_words

MAX_CHARACTERS = 500_000
"""Markup in one document (about 75,000 words). The parser takes time in proportion to its
input, but markup made of nothing but `*_[` and `:::` is parsed as slowly as 20 KB a second."""
MAX_COLUMNS = 20
"""Columns of a Markdown table: more cannot be printed across a page, and each costs layout time."""
MAX_LINES = 200
"""Answer lines of one question or table row, as in the lesson schema."""


class Parser:
    """Walks markdown-it's token stream and builds blocks, one method per construct."""

    def __init__(self, sources: Mapping[str, SourceBox | SourceItem] | None = None,
                 adapted: Mapping[str, SourceBox] | None = None,
                 timeline: tuple[TimelineEvent, ...] = (),
                 load_image: Callable[[str], bytes] | None = None,
                 pictures: Mapping[str, Picture] | None = None, timeline_to_scale: bool = True):
        self.sources = sources or {}
        self.pictures = pictures or {}
        self.adapted = adapted or {}
        self.timeline_events = timeline
        self.timeline_to_scale = timeline_to_scale
        self.load_image = load_image
        self.directives: dict[str, Callable[[Directive, tuple[Block, ...]], Block]] = {
            "source": self.source,
            "question": self.question,
            "box": self.box,
            "details": self.details,
            "choices": self.choices,
            "truefalse": self.truefalse,
            "wordbank": self.wordbank,
            "organiser": self.organiser,
            "timeline": self.timeline,
            "figure": self.figure,
            "picture": self.picture,
            "grid": self.grid,
            "lines": lambda d, body: RuledLines(d.int_option("count", 4, most=MAX_LINES) or 0),
            "pagebreak": lambda d, body: PageBreak(),
        }

    def parse(self, text: str) -> tuple[Block, ...]:
        if len(text) > MAX_CHARACTERS:
            raise MarkupError(f"the document's text is {len(text):,} characters long, more than the "
                              f"{MAX_CHARACTERS:,} one document may have", 0,
                              hint="shorten the lesson's longest texts, or look in the template for a loop "
                                   "that prints them over and over")
        blocks, _ = self.blocks(markup_tokens(text), 0, None)  # markdown-it's, or kept from an earlier parse
        return blocks

    def blocks(self, tokens: list[Any], i: int, until: str | None) -> tuple[tuple[Block, ...], int]:
        out: list[Block] = []
        while i < len(tokens):
            tok = tokens[i]
            if until and tok.type == until:
                return tuple(out), i + 1
            if tok.type == "heading_open":
                out.append(Heading(int(tok.tag[1]), inlines(tokens[i + 1])))
                i += 3
            elif tok.type == "paragraph_open":
                out.append(Paragraph(inlines(tokens[i + 1])))
                i += 3
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                block, i = self.list_block(tokens, i)
                out.append(block)
            elif tok.type == "table_open":
                block, i = self.table(tokens, i)
                out.append(block)
            elif tok.type == "container_directive_open":
                line = (tok.map[0] + 1) if tok.map else 0
                directive = parse_directive(tok.info, line)
                body, i = self.blocks(tokens, i + 1, "container_directive_close")
                handler = self.directives.get(directive.name)
                if handler is None:
                    raise MarkupError(f'unknown directive "{directive.name}"', line,
                                      hint="known directives: " + ", ".join(sorted(self.directives)))
                unknown = sorted(set(directive.options) - OPTIONS.get(directive.name, set()))
                if unknown:
                    allowed = ", ".join(sorted(OPTIONS.get(directive.name, ()))) or "none"
                    raise MarkupError(f'directive "{directive.name}" has no option "{unknown[0]}"', line,
                                      hint=f"its options: {allowed}")
                out.append(handler(directive, body))
            elif tok.type in ("fence", "code_block"):
                out.append(Paragraph((Text(tok.content.rstrip("\n")),)))
                i += 1
            elif tok.type == "hr":
                i += 1
            else:
                raise MarkupError(f"unexpected {tok.type} in template output",
                                  (tok.map[0] + 1) if tok.map else 0)
        return tuple(out), i

    def list_block(self, tokens: list[Any], i: int) -> tuple[ListBlock, int]:
        open_tok = tokens[i]
        ordered = open_tok.type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        start = int(open_tok.attrs.get("start", 1)) if ordered else 1
        items: list[tuple[Block, ...]] = []
        i += 1
        while tokens[i].type != close:
            # list_item_open ... list_item_close; tight lists hide their paragraphs
            body, i = self.blocks(tokens, i + 1, "list_item_close")
            items.append(body)
        return ListBlock(ordered, tuple(items), start), i + 1

    def table(self, tokens: list[Any], i: int) -> tuple[Table, int]:
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        header: tuple[tuple[Inline, ...], ...] = ()
        row: list[tuple[Inline, ...]] = []
        line = (tokens[i].map[0] + 1) if tokens[i].map else 0
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "tr_open":
                row = []
            elif tok.type == "inline":
                row.append(inlines(tok))
            elif tok.type == "tr_close":
                if len(row) > MAX_COLUMNS:
                    raise MarkupError(f"a table has {len(row)} columns, more than the {MAX_COLUMNS} a page can hold",
                                      line,
                                      hint="split it into narrower tables, or turn it round: rows for columns")
                if not header:
                    header = tuple(row)
                else:
                    rows.append(tuple(row))
            i += 1
        return Table(header, tuple(rows), answer_column=answer_column(header, tuple(rows))), i + 1

    # --------------------------------------------------------- directives

    def source(self, d: Directive, body: tuple[Block, ...]) -> Block:
        if not d.args:
            raise MarkupError('directive "source" needs a letter: ::: source A', d.line)
        letter = d.args[0]
        table = self.adapted if "adapted" in d.args[1:] else self.sources
        if letter not in table:
            known = ", ".join(sorted(table)) or "none"
            raise MarkupError(f'directive "source": no {"adapted " if table is self.adapted else ""}'
                              f'source "{letter}" in this lesson', d.line, hint=f"sources: {known}")
        return table[letter]

    def question(self, d: Directive, body: tuple[Block, ...]) -> Block:
        number = d.args[0] if d.args else ""
        kind = d.options.get("space", "lines")
        if kind not in ("lines", "box", "none"):
            raise MarkupError(f'directive "question": space must be lines, box or none, not "{kind}"', d.line)
        lines = d.int_option("lines", 0 if kind == "none" else 4, most=MAX_LINES) or 0
        return Question(number, body, d.int_option("marks"), AnswerSpace(kind, lines),  # type: ignore[arg-type]
                        d.int_option("minutes"), part=number.startswith("("))  # ::: question (a)

    def box(self, d: Directive, body: tuple[Block, ...]) -> Block:
        role = d.args[0] if d.args else "note"
        if role not in BOX_ROLES:
            raise MarkupError(f'directive "box": unknown role "{role}"', d.line,
                              hint="roles: " + ", ".join(BOX_ROLES))
        if role == "cut-out" and body and isinstance(body[-1], RuledLines):  # over the slip's cut line
            body = (*body[:-1], RuledLines(body[-1].count, foot=True))
        return Box(role, d.options.get("title", ""), body)

    def _items(self, d: Directive, body: tuple[Block, ...]) -> tuple[tuple[Inline, ...], ...]:
        """The list inside a directive, each item's first paragraph as inlines."""
        if len(body) != 1 or not isinstance(body[0], ListBlock):
            raise MarkupError(f'directive "{d.name}" must hold one list, an item per line ("- …")', d.line)
        items = []
        for item in body[0].items:
            first = item[0] if item else None
            items.append(first.children if isinstance(first, (Paragraph, Heading)) else ())
        return tuple(items)

    def choices(self, d: Directive, body: tuple[Block, ...]) -> Block:
        style = d.options.get("style", "tick")
        if style not in ("tick", "number"):
            raise MarkupError(f'directive "choices": style must be tick or number, not "{style}"', d.line)
        items = self._items(d, body)
        if len(items) > 26:  # ticked options are lettered A to Z
            raise MarkupError(f'directive "choices" has {len(items)} items, more than the 26 letters A to Z', d.line,
                              hint="split the options over two questions")
        return Choices(items, style)  # type: ignore[arg-type]

    def truefalse(self, d: Directive, body: tuple[Block, ...]) -> Block:
        return TrueFalse(self._items(d, body))

    def wordbank(self, d: Directive, body: tuple[Block, ...]) -> Block:
        return WordBank(tuple(plain_text(item) for item in self._items(d, body)))

    def organiser(self, d: Directive, body: tuple[Block, ...]) -> Block:
        if len(body) != 1 or not isinstance(body[0], Table):
            raise MarkupError('directive "organiser" must hold one table', d.line)
        table = body[0]
        row_lines = d.int_option("lines", 3, most=MAX_LINES) or 0
        return Table(table.header, table.rows, row_lines, answer_column(table.header, table.rows, row_lines),
                     column_weights(d, max(len(row) for row in (table.header, *table.rows))))

    def timeline(self, d: Directive, body: tuple[Block, ...]) -> Block:
        if not self.timeline_events:
            raise MarkupError('directive "timeline": the course has no timeline', d.line,
                              hint="add events under timeline: in lessons/course.yaml")
        return Timeline(d.options.get("title", "Timeline"), self.timeline_events, self.timeline_to_scale)

    def figure(self, d: Directive, body: tuple[Block, ...]) -> Block:
        if not d.args:
            raise MarkupError('directive "figure" needs an image path: ::: figure images/map.png alt="…"', d.line)
        if not d.options.get("alt"):
            raise MarkupError('directive "figure" needs alt text for screen readers: alt="…"', d.line)
        if self.load_image is None:
            raise MarkupError('directive "figure": images cannot be used here', d.line)
        path = d.args[0]
        return Figure(path, d.options["alt"], d.options.get("caption", ""), self.load_image(path))

    def picture(self, d: Directive, body: tuple[Block, ...]) -> Block:
        """A question's picture, as the lesson gave it (`::: picture question-3`)."""
        key = d.args[0] if d.args else ""
        if key not in self.pictures:
            raise MarkupError(f'directive "picture": no picture "{key}" in this lesson', d.line,
                              hint="pictures: " + (", ".join(sorted(self.pictures)) or "none"))
        return self.pictures[key]

    def grid(self, d: Directive, body: tuple[Block, ...]) -> Block:
        columns = d.int_option("columns", 2) or 2
        if not 1 <= columns <= 4:
            raise MarkupError('directive "grid": columns must be 1 to 4', d.line)
        fill = d.options.get("fill", "")
        if fill not in ("", "page"):
            raise MarkupError(f'directive "grid": fill must be "page", not "{fill}"', d.line,
                              hint="fill=page prints as many rows of identical slips as fit one page")
        return Grid(columns, body, fill == "page")

    def details(self, d: Directive, body: tuple[Block, ...]) -> Block:
        """Name, Class and Date on rules; `fields=name` prints only those named (a slip's Name line),
        `note=` text in bold after the last rule (the slip's total marks)."""
        values = (d.options.get("name", ""), d.options.get("class", ""), d.options.get("date", ""))
        keys = ("name", "class", "date")
        chosen = [key.strip() for key in d.options.get("fields", ",".join(keys)).split(",") if key.strip()]
        if not chosen or any(key not in keys for key in chosen):
            raise MarkupError(f'directive "details": fields must name some of {", ".join(keys)}', d.line,
                              hint="fields=name prints a Name line only")
        fields = tuple(zip(printed_words().details_labels, values))
        return StudentDetails(tuple(field for key, field in zip(keys, fields) if key in chosen),
                              d.options.get("note", ""))


def column_weights(d: Directive, columns: int) -> tuple[int, ...]:
    """An organiser's `widths=62,32,32,32`: its columns' widths relative to one another, one a column."""
    given = d.options.get("widths", "")
    if not given:
        return ()
    parts = [part.strip() for part in given.split(",")]
    if not all(part.isascii() and part.isdigit() and 0 < int(part) <= 1000 for part in parts):
        raise MarkupError(f'directive "organiser": widths must be whole numbers from 1 to 1000, not "{given}"', d.line)
    if len(parts) != columns:
        raise MarkupError(f'directive "organiser": widths gives {len(parts)} columns, the table has {columns}',
                          d.line, hint="give one width a column, e.g. widths=62,32,32,32")
    return tuple(int(part) for part in parts)


def answer_column(header: tuple[tuple[Inline, ...], ...], rows: tuple[tuple[tuple[Inline, ...], ...], ...],
                  row_lines: int = 0) -> int | None:
    """The one column every row leaves blank, in a table with no room to write (row_lines 0):
    where a student writes a short answer, as under a matching question's "Your letter"."""
    columns = max(len(row) for row in (header, *rows))
    blank = [i for i in range(columns)
             if all(i >= len(row) or not plain_text(row[i]).strip() for row in rows)]
    return blank[0] if rows and not row_lines and len(blank) == 1 else None


def inlines(token: Any) -> tuple[Inline, ...]:
    """Inline children of an `inline` token as model inlines (nested with a stack)."""
    stack: list[tuple[str, list[Inline], str]] = [("root", [], "")]
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            _append_text(stack[-1][1], child.content)
        elif kind == "softbreak":
            _append_text(stack[-1][1], " ")
        elif kind == "hardbreak":
            stack[-1][1].append(LineBreak())
        elif kind in ("strong_open", "em_open", "link_open"):
            stack.append((kind, [], str(child.attrs.get("href", ""))))
        elif kind in ("strong_close", "em_close", "link_close"):
            opened, children, href = stack.pop()
            node: Inline = (Strong(tuple(children)) if opened == "strong_open"
                            else Emph(tuple(children)) if opened == "em_open"
                            else Link(tuple(children), href))
            stack[-1][1].append(node)
        elif kind == "image":
            _append_text(stack[-1][1], child.content)
    return tuple(stack[0][1])


def _append_text(out: list[Inline], text: str) -> None:
    if not text:  # markdown-it leaves empty text tokens where emphasis markers were
        return
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text + text)
    else:
        out.append(Text(text))

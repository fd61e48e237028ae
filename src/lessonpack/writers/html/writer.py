"""The HTML writer: one method per block type, found through a dict; the page around them.

Every piece of text from the model is escaped by markupsafe as it is put into a template string
(`Markup.format`), so lesson and essay text, which a teacher or a web page typed, can never become
markup. The file is self-contained: the style sheet in a <style> element, images as data URIs,
no script (but the one that saves the answers, with `--fillable`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from markupsafe import Markup

from ... import document as d
from .. import block_handlers
from ...theme import Theme
from ...wording import copy_owner, details_field, document_title, gap_label, printed_words, running_title
from .forms import Controls, save_button, script
from .pictures import PictureLayout, data_uri
from .questions import QuestionLayout
from .sources import cited_lines, linked, source_box
from .styles import stylesheet
from .tables import TableLayout

GAP = re.compile(r"_{3,}")
"""A gap to write a word in (the PDF's `GAP`): a box to type in, in a fillable page."""
SAFE_SCHEMES = {"http", "https", "mailto"}
"""Link targets a worksheet may carry; any other (javascript:, data:, file:) prints as text only."""


class HtmlWriter(QuestionLayout, TableLayout, PictureLayout):
    """Builds one HTML page from blocks; every look comes from the style sheet."""

    def __init__(self, theme: Theme, blocks: tuple[d.Block, ...] = (), fillable: bool = False):
        self.theme = theme
        self.fillable = fillable
        """Form controls for every answer space, and a button to save the answers."""
        self.controls = Controls()
        self.label = ""
        """The question being written, as the paper names it ("Question 3 (a)"): its controls' name."""
        self.number = ""
        """The number of the question being written, which its parts' labels start with."""
        self.gaps = 0
        """Gaps typed in so far in the question being written."""
        sources = [b for b in blocks if isinstance(b, d.SourceBox)]
        self.letters = tuple(b.letter for b in sources)
        """The letters of the sources this document prints."""
        self.printed = {(b.letter, line.number) for b in sources for line in b.lines}
        """(letter, line) of every extract line this document prints: a citation of one links to it."""
        self.cited = cited_lines(all_text(blocks), self.letters)
        """(letter, line) of every extract line a question cites: those lines are announced."""
        self.in_link = False
        self.handlers: dict[type, Callable[[d.Block], Markup]] = block_handlers(self)

    # ------------------------------------------------------------ inlines

    def inlines(self, inlines: tuple[d.Inline, ...]) -> Markup:
        out = []
        for node in inlines:
            if isinstance(node, d.Text):
                out.append(self.text(node.text))
            elif isinstance(node, d.LineBreak):
                out.append(Markup("<br>"))
            elif isinstance(node, d.Strong):
                out.append(Markup("<strong>{}</strong>").format(self.inlines(node.children)))
            elif isinstance(node, d.Emph):
                out.append(Markup("<em>{}</em>").format(self.inlines(node.children)))
            elif isinstance(node, d.Link):
                out.append(self.link(node))
            else:  # a new inline in the model: say so rather than print the text without it
                raise TypeError(f"the HTML writer has no rule for the inline {type(node).__name__}")
        return Markup("").join(out)

    def text(self, text: str) -> Markup:
        """Text as written; a citation of a printed line links to it, and in a fillable question a
        gap (a run of underscores, as the PDF's fields) is a box to type the word in."""
        if self.fillable and self.label and not self.in_link and GAP.search(text):
            pieces = GAP.split(text)
            out = [self.text(pieces[0])]
            for piece in pieces[1:]:
                self.gaps += 1
                name = gap_label(self.label, self.gaps)
                out.append(Markup('<input type="text" class="gap" size="12" aria-label="{}" data-answer="{}">').format(
                    name, name))
                out.append(self.text(piece))
            return Markup("").join(out)
        if self.in_link or not self.printed:
            return Markup("{}").format(text)
        return linked(text, self.letters, self.printed)

    def link(self, node: d.Link) -> Markup:
        self.in_link = True  # no link to a cited line inside a link
        try:
            text = self.inlines(node.children)
        finally:
            self.in_link = False
        if urlsplit(node.target.strip()).scheme.lower() not in SAFE_SCHEMES:
            return text
        return Markup('<a href="{}">{}</a>').format(node.target.strip(), text)

    # ------------------------------------------------------------ blocks

    def blocks(self, blocks: tuple[d.Block, ...]) -> Markup:
        """Blocks in order; a run of questions becomes one ordered list."""
        out = []
        run: list[d.Question] = []
        for block in blocks:
            if isinstance(block, d.Question) and (not run or run[0].part == block.part):
                run.append(block)
                continue
            if run:
                out.append(self.questions(run))
                run = []
            if isinstance(block, d.Question):
                run.append(block)
            else:
                out.append(self._handler(block)(block))
        if run:
            out.append(self.questions(run))
        return Markup("").join(out)

    def _handler(self, block: d.Block) -> Callable[[d.Block], Markup]:
        handler = self.handlers.get(type(block))
        if handler is None:
            raise TypeError(f"the HTML writer has no rule for {type(block).__name__}")
        return handler

    def question(self, block: d.Question) -> Markup:
        return self.questions([block])

    def heading(self, block: d.Heading) -> Markup:
        level = min(max(block.level, 1), 6)
        return Markup("<h{0}>{1}</h{0}>\n").format(level, self.inlines(block.children))

    def paragraph(self, block: d.Paragraph) -> Markup:
        children = block.children if self.theme.italics else d.upright_whole(block.children)
        return Markup("<p>{}</p>\n").format(self.inlines(children))

    def list_block(self, block: d.ListBlock) -> Markup:
        items = Markup("").join(Markup("<li>{}</li>\n").format(self.blocks(item)) for item in block.items)
        if block.ordered:
            start = Markup(' start="{}"').format(block.start) if block.start != 1 else Markup("")
            return Markup("<ol{}>\n{}</ol>\n").format(start, items)
        return Markup("<ul>\n{}</ul>\n").format(items)

    def box(self, block: d.Box) -> Markup:
        title = Markup('<p class="box-title">{}</p>\n').format(block.title) if block.title else Markup("")
        return Markup('<div class="box box-{}">\n{}{}</div>\n').format(block.role, title, self.blocks(block.blocks))

    def grid(self, block: d.Grid) -> Markup:
        if not block.cells:
            return Markup("")
        copies = block.cells[:1] if block.fill else block.cells  # copies are for cutting paper: a screen shows one
        cells = Markup("").join(Markup("<div>{}</div>\n").format(self.blocks((c,))) for c in copies)
        return Markup('<div class="grid">\n{}</div>\n').format(cells)

    def ruled_lines(self, block: d.RuledLines) -> Markup:
        """A slip's lines to write on, printed and read out as a question's are: lines on paper
        even in a fillable page, where a box to type in would have no question to be named by."""
        fillable, self.fillable = self.fillable, False
        try:
            return self.answer_space(d.AnswerSpace("lines", block.count))
        finally:
            self.fillable = fillable

    def source_box(self, block: d.SourceBox) -> Markup:
        return source_box(block, self.cited)

    def student_details(self, block: d.StudentDetails) -> Markup:
        note = Markup(" <strong>{}</strong>").format(block.note) if block.note else Markup("")
        if self.fillable:
            fields = Markup("").join(self._details_control(label, value) for label, value in block.fields)
            return Markup('<p class="details">{}{}</p>\n').format(fields, note)
        fields = Markup("").join(
            Markup('<span><strong>{}</strong> <span class="write-on">{}</span></span>').format(details_field(label), value)
            for label, value in block.fields)
        return Markup('<p class="details">{}{}</p>\n').format(fields, note)

    def _details_control(self, label: str, value: str) -> Markup:
        control = self.controls.new_id()
        return Markup('<span><label for="{}"><strong>{}</strong></label> <input type="text" id="{}" value="{}" '
                      'data-answer="{}"></span>').format(control, details_field(label), control, value, label)

    def figure(self, block: d.Figure) -> Markup:
        source = data_uri(block.data, block.path)
        caption = Markup("<figcaption>{}</figcaption>\n").format(block.caption) if block.caption else Markup("")
        return Markup('<figure>\n<img src="{}" alt="{}">\n{}</figure>\n').format(source, block.alt, caption)

    def page_break(self, block: d.PageBreak) -> Markup:
        return Markup('<hr class="page-break">\n')


def all_text(blocks: tuple[d.Block, ...]):
    """The plain text of every paragraph, in questions, boxes and lists too: where lines are cited."""
    for block in blocks:
        if isinstance(block, d.Question):
            yield from all_text(block.blocks)
        elif isinstance(block, d.Paragraph):
            yield d.plain_text(block.children)
        elif isinstance(block, d.Box):
            yield from all_text(block.blocks)
        elif isinstance(block, d.ListBlock):
            for item in block.items:
                yield from all_text(item)


def write_html(document: d.Document, theme: Theme, fillable: bool = False) -> bytes:
    """The HTML file for a document, as bytes (the caller writes it atomically); with fillable,
    form controls for the answers and the one script of the page, which saves them."""
    info = document.info
    writer = HtmlWriter(theme, document.blocks, fillable)
    body = writer.blocks(document.blocks)
    if not any(isinstance(b, d.Heading) and b.level == 1 for b in document.blocks):
        # A page without a title of its own (an exit ticket's slips) is named by the document's.
        body = Markup('<h1 class="document-title">{}</h1>\n').format(document_title(info.title, info.kind)) + body
    if fillable and writer.controls.count:
        body += save_button(document_title(info.title, info.kind))
    footer = [info.mark, copy_owner(info.student, info.group) if info.student else ""]
    footer_text = " · ".join(part for part in footer if part)
    page = Markup(
        '<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="lessonpack">\n{author}'
        '<title>{title}</title>\n<style>\n{css}</style>\n</head>\n<body>\n'
        '<a class="skip-link" href="#main">{skip}</a>\n'
        '<header class="page-header">\n<p>{running}</p>\n<p>{kind}</p>\n</header>\n'
        '<main id="main" tabindex="-1">\n{body}</main>\n{footer}{script}</body>\n</html>\n').format(
        script=script() if fillable and writer.controls.count else Markup(""),
        lang=info.language, title=document_title(info.title, info.kind), css=Markup(stylesheet(theme)),
        author=Markup('<meta name="author" content="{}">\n').format(info.author) if info.author else Markup(""),
        skip=printed_words().skip_link, running=running_title(info.course, info.title), kind=info.kind, body=body,
        footer=Markup('<footer class="page-footer">\n<p>{}</p>\n</footer>\n').format(footer_text) if footer_text
        else Markup(""))
    return str(page).encode("utf-8")

"""Page layout: the page template, a bookmark for every heading, and `assemble`, which makes the PDF."""

from __future__ import annotations

from io import BytesIO

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate, Spacer
from reportlab.platypus.doctemplate import LayoutError

from ... import document as d
from ...errors import LessonpackError
from ...fonts import register
from ...page_furniture import document_theme
from ...theme import Theme
from ...wording import document_title
from .copy_canvas import CopyPlan, LayoutStart, copies_canvas
from .furniture import background
from .keep import arrange, passive
from .lined_box import mark_page_ends
from .tagging import Node
from .rl_compat import frame_at_top, frame_cursor_y, layout_error_names_a_table


EMPTY_PAGES_MAX = 10
"""More pages than this in a row with nothing printed on them means a block can be placed on no
page and is being moved on for ever: the layout stops and says so instead of hanging."""


class _DocTemplate(BaseDocTemplate):
    """Notes a bookmark for every heading as it is placed; the canvas adds it with its page.

    It also counts pages on which nothing was printed (`EMPTY_PAGES_MAX`), so no lesson can
    make the layout run for ever."""

    _outline_level = -1
    _printed_on_page = True
    _empty_pages = 0

    def handle_pageBegin(self) -> None:  # noqa: N802 (reportlab's name)
        self._empty_pages = 0 if self._printed_on_page else self._empty_pages + 1
        if self._empty_pages > EMPTY_PAGES_MAX:
            raise LayoutError("a block fits on no page: the layout made page after page without printing it")
        self._printed_on_page = False
        super().handle_pageBegin()

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        """A space (between two items) that would start a page is dropped, as a frame drops a
        flowable's space before there: else the heading under it stood lower on its page."""
        if type(flowables[0]) is Spacer and frame_at_top(self):
            del flowables[0]
            return
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:
        if not passive(flowable) and frame_cursor_y(self) < self.bottomMargin + self.height - 0.5:
            self._printed_on_page = True  # it took room in the frame
        mark = getattr(flowable, "outline_entry", None)
        if mark:
            title, level = mark
            # Outlines may not skip a level: a source box (level 3) right under the title nests one deeper.
            level = min(level - 1, self._outline_level + 1)
            self._outline_level = level
            top = frame_cursor_y(self) + flowable.height + flowable.getSpaceAfter()
            self.canv.heading_marks.append((len(self.canv.saved_pages), title, level, top))


def assemble(info: d.DocumentInfo, stories: list[list[Flowable]], theme: Theme,
             copies: list[CopyPlan] | None = None, roots: list[Node] | None = None,
             story_themes: list[Theme] | None = None, hold: bool = False) -> bytes | tuple[object, ...]:
    """One PDF: each story laid out once, then printed for each copy that uses it.

    By default each story is one copy with `info`'s header. A file of several copies
    bookmarks each copy (not its headings) and starts each on an odd page. `roots` are the
    stories' structure trees (tagging.py), one per story; without them every page is an artifact.
    `story_themes` lays each story out in its own frame, under its own running header (a
    worksheet and its source booklet paged as each is on its own); by default every story is
    laid out under the tallest header of all the copies. With `hold` nothing is written: the
    laid-out canvas and what it shares are returned, to print files of other copies from
    (`copy_canvas.print_copies`)."""
    roots = roots or [Node("Document") for _ in stories]
    buffer = BytesIO()
    title = document_title(info.title, info.kind)
    copies = copies or [CopyPlan(index, info) for index in range(len(stories))]
    # The top margin holds the running header of every copy laid out here: a copy whose header
    # wraps onto one more line (a longer kind) would otherwise print it over the text.
    theme = max((document_theme(copy.info, theme) for copy in copies), key=lambda t: t.margin_top)
    doc = _DocTemplate(
        buffer, pagesize=(theme.page_width, theme.page_height),
        leftMargin=theme.margin_left, rightMargin=theme.margin_right,
        topMargin=theme.margin_top, bottomMargin=theme.margin_bottom,
        title=title, author=info.author, subject=info.subject,
        keywords=list(info.keywords), creator="lessonpack", producer="lessonpack",
        invariant=1, lang=info.language, displayDocTitle=1,
        # Start every page in our own font, so no unembedded Helvetica is listed.
        initialFontName=register(theme.body_font)["regular"], initialFontSize=theme.body_size,
        initialLeading=theme.leading(theme.body_size),
    )
    themes = story_themes or [theme] * len(stories)
    templates: dict[float, PageTemplate] = {}  # one per frame height, the first story's first
    for own in themes:
        if own.margin_top not in templates:
            height = doc.height + (theme.margin_top - own.margin_top)  # under a shorter header, taller
            frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, height if own.margin_top != theme.margin_top
                          else doc.height, id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            templates[own.margin_top] = PageTemplate(id=f"page-{len(templates)}" if templates else "page",
                                                     frames=[frame], onPage=background(own))
    doc.addPageTemplates(list(templates.values()))
    story: list[Flowable] = []
    for index, flowables in enumerate(stories):
        if index:
            if themes[index].margin_top != themes[index - 1].margin_top:
                story.append(NextPageTemplate(templates[themes[index].margin_top].id))
            story.append(PageBreak())
        story += [LayoutStart(index), *(arrange(_without_trailing_space(flowables), themes[index]) or [Spacer(0, 0)])]
    mark_page_ends(story)
    try:
        doc.build(story, canvasmaker=copies_canvas(copies, theme, roots, title, info.language, themes, hold))
    except LayoutError as exc:
        what = "a table or box" if layout_error_names_a_table(exc) else "a block"
        raise LessonpackError(
            f"{info.kind}: {what} is too large to fit on one page",
            hint="shorten the text of that block or split it; in large print, use fewer words per box") from None
    if hold:
        return doc.canv, [doc, *themes, theme, *_nodes(roots)]
    return buffer.getvalue()


def _nodes(roots: list[Node]) -> list[Node]:
    """Every node of the structure trees: the marks of every file printed from them point into them."""
    found, todo = [], list(roots)
    while todo:
        node = todo.pop()
        found.append(node)
        todo += node.children
    return found


def _without_trailing_space(flowables: list[Flowable]) -> list[Flowable]:
    """The story without the spaces after its last printed item: a space that does not fit under
    it would start a page of its own, printed with nothing but the header and footer."""
    end = len(flowables)
    while end and type(flowables[end - 1]) is Spacer:  # not a CondPageBreak, a Spacer of its own kind
        end -= 1
    return flowables[:end]

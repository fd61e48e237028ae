"""Find accessibility problems in a course's documents before they are printed or shared."""

from __future__ import annotations

from collections.abc import Iterator

from . import document as d
from .pipeline import course_theme, make_document, template_set
from .course import LoadedCourse
from .errors import LessonpackError, Location
from .theme import Theme

MIN_BODY_SIZE = 12


def _walk(blocks: tuple[d.Block, ...]) -> Iterator[d.Block]:
    for block in blocks:
        yield block
        if isinstance(block, (d.Box, d.Question)):
            yield from _walk(block.blocks)
        elif isinstance(block, d.Grid):
            yield from _walk(block.cells)
        elif isinstance(block, d.SourceItem):
            yield block.body
        elif isinstance(block, d.ListBlock):
            for item in block.items:
                yield from _walk(item)


def theme_problems(theme: Theme, profile: str) -> list[str]:
    """What in a print profile itself works against readers."""
    found = []
    if theme.body_size < MIN_BODY_SIZE:
        found.append(f'body text is {theme.body_size:g} pt in the "{profile}" profile, under {MIN_BODY_SIZE} pt; '
                     "students who need larger print should get --profile large-print-18 or dyslexia")
    if theme.note < 9:
        found.append(f"captions, headnotes, glossaries and table text are {theme.note:g} pt")
    if theme.small_size < 8:
        found.append(f"line numbers, header and footer are {theme.small_size:g} pt")
    return found


def document_problems(document: d.Document) -> list[str]:
    """What in one document's content works against readers."""
    found = []
    for block in _walk(document.blocks):
        if isinstance(block, d.Figure) and not block.alt.strip():
            found.append(f'the image "{block.path}" has no alt text')
        if isinstance(block, d.Box) and not block.title and not _lettered(block):
            found.append(f'a "{block.role}" box has no title, so only its colour says what it is')
        if isinstance(block, d.SourceBox) and not block.caption.strip():
            found.append(f"Source {block.letter} has no provenance caption")
        if isinstance(block, d.Table) and not any(d.plain_text(cell).strip() for cell in block.header):
            found.append("a table has an empty header row, so screen readers cannot name its columns")
    return found


def check_access(course: LoadedCourse, profile: str = "standard") -> list[LessonpackError]:
    """Every accessibility problem in the course's documents, as located warnings."""
    theme = course_theme(course, profile)
    problems = [LessonpackError(text, Location(course.root / "lessons" / "course.yaml"),
                                hint="see docs/accessibility.md, print profiles")
                for text in theme_problems(theme, profile)]
    templates = template_set(course.templates_dir)
    for lesson in course.lessons:
        for kind in lesson.lesson.documents:
            document = make_document(course, lesson, kind, templates, theme=theme)
            for text in dict.fromkeys(document_problems(document)):
                problems.append(LessonpackError(f"{kind}: {text}", Location(lesson.file)))
    return problems


def _lettered(box: d.Box) -> bool:
    """Whether a box holds only lettered answers ("A. …", a large-print matching question's): its letters and
    the question's "Write a letter in each box" say what it is, not its colour."""
    return bool(box.blocks) and all(
        isinstance(b, d.Paragraph) and b.children and isinstance(b.children[0], d.Strong)
        and d.plain_text(b.children[0].children).rstrip().endswith(".") and len(d.plain_text(b.children[0].children).strip()) == 2
        for b in box.blocks)

"""A whole course in one PDF per audience, opened by a contents page: printed or shared once.

Students get their worksheets and extracts in lesson order; the teacher gets the notes
and mark schemes. Each document is laid out as it is on its own (its header, footer and
"Page x of y") and starts on a right-hand page, behind a contents page that gives each
one's first page in the booklet, with a bookmark for each. The booklet is written as a class
set's print file is, so each document keeps its tagged structure.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from .context import kind_label
from .course import LoadedCourse
from .directives import escape
from .document import Document, DocumentInfo
from .filenames import safe_name
from .files import write_all, writes
from .markup import Parser
from .pipeline import course_theme, make_document, template_set

BOOKLETS = {
    "students": ("worksheet", "extract"),
    "teacher": ("teacher-notes", "mark-scheme"),
}
"""Each audience's booklet: the kinds it holds, in this order within each lesson."""

TITLES = {"students": "Student booklet", "teacher": "Teacher booklet"}


def booklet_path(out: Path, course_title: str, audience: str) -> Path:
    """Where an audience's booklet goes; the teacher's in a teacher folder, as their documents are."""
    folder = out / "booklets" / ("teacher" if audience == "teacher" else "")
    return folder / f"{safe_name(course_title, 60)}_{audience}-booklet.pdf"


def _contents(course: LoadedCourse, audience: str, rows: list[tuple[str, str, int]]) -> Document:
    lines = [f"# {escape(course.course.title)}", "", f"**{TITLES[audience]}: contents**", "",
             "| Lesson | Document | Page |", "| --- | --- | --- |"]
    lines += [f"| {escape(title)} | {escape(label)} | {page} |" for title, label, page in rows]
    c = course.course
    info = DocumentInfo(title=TITLES[audience], kind="Contents", course=c.title, author=c.author,
                        subject=c.subject, language=c.language, page_size=c.page_size)
    return Document(info, Parser().parse("\n".join(lines) + "\n"))


def build_booklets(course: LoadedCourse, out: Path, *, profile: str = "standard",
                   audiences: tuple[str, ...] = tuple(BOOKLETS)) -> list[Path]:
    """Make each audience's booklet of the whole course; write them all, or none."""
    from pypdf import PdfReader

    from .writers import write
    from .writers.pdf import write_pdf_copies

    theme = course_theme(course, profile)
    templates = template_set(course.templates_dir)
    known = set(templates.kinds())
    files: dict[Path, bytes] = {}
    for audience in audiences:
        parts: list[tuple[str, str, Document]] = []
        for lesson in course.lessons:
            for kind in BOOKLETS[audience]:
                if kind in known and (kind in lesson.lesson.documents or kind == "mark-scheme"):
                    parts.append((lesson.lesson.title, kind_label(kind),
                                  make_document(course, lesson, kind, templates, theme=theme)))
        if not parts:
            continue
        pages = lambda document: len(PdfReader(BytesIO(write(document, theme, "pdf"))).pages)  # noqa: E731
        odd = lambda n: n + n % 2  # noqa: E731 (each document starts on a right-hand page)
        # The contents' own length does not depend on the page numbers it prints: lay it out once to count.
        first, rows = odd(pages(_contents(course, audience, [(t, k, 0) for t, k, _ in parts]))) + 1, []
        for title, label, document in parts:
            rows.append((title, label, first))
            first += odd(pages(document))
        contents = _contents(course, audience, rows)
        files[booklet_path(out, course.course.title, audience)] = write_pdf_copies(
            [contents, *(document for *_, document in parts)], theme,
            ["Contents", *(f"{title} — {label}" for title, label, _ in parts)])
    writes.planned += len(files)
    write_all(files, within=out)
    return list(files)

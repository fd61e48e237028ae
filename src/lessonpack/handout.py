"""What a class set hands one student: their worksheet, and on a paper that keeps the sources in a
source booklet (large print) that booklet too, in the same file.

On such a paper the full paper prints the sources once, in the source extracts the student keeps
beside the worksheet; the worksheet sends them there. A class-set copy is the whole of what the
student is handed, so it is the two of them: the worksheet as the full paper prints it, then the
extracts, each starting on a right-hand page (a double-sided print puts them on sheets of their
own, to lay side by side), both with the student's name in the footer of every page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .context import Student, Version, for_student, lesson_context, source_booklet
from .made_from import template_files
from .pipeline import make_document

if TYPE_CHECKING:
    from .course import LoadedCourse, LoadedLesson
    from .document import Document
    from .expand import TemplateSet
    from .theme import Theme

WORKSHEET = "worksheet"
BOOKLET = "extract"


def handout_kinds(lesson: LoadedLesson, templates: TemplateSet, theme: Theme) -> tuple[str, ...]:
    """The kinds of document a student's copy holds, in order: the worksheet, then, where this
    paper's worksheet leaves the sources to the source booklet, the extracts."""
    if BOOKLET in templates.kinds() and source_booklet(theme, lesson.lesson.documents):
        return WORKSHEET, BOOKLET
    return (WORKSHEET,)


def make_handout(course: LoadedCourse, lesson: LoadedLesson, templates: TemplateSet, student: Student,
                 theme: Theme, *, version: Version | None = None, tier: str = "",
                 images: list[Path] | None = None, contexts: dict | None = None) -> list[Document]:
    """One student's documents, named for them: the worksheet of their version and tier, and the
    source booklet where their paper has one (the same for every version: only questions are shuffled).
    `contexts` keeps the lesson's contexts between a class's students (by version, tier and paper)."""
    documents = []
    for kind in handout_kinds(lesson, templates, theme):
        kept = version if kind == WORKSHEET else None
        shared = None
        if contexts is not None:
            key = (kept, tier, id(theme))
            if key not in contexts:
                contexts[key] = lesson_context(course, lesson, student, kept, tier=tier, theme=theme)
            shared = for_student(contexts[key], student, kept)
        documents.append(make_document(course, lesson, kind, templates, student, images=images, version=kept,
                                       tier=tier, theme=theme, shared=shared))
    return documents


def write_handout(documents: list[Document], theme: Theme, fillable: bool = False) -> bytes:
    """A student's own PDF: a lone worksheet as it always was; with its source booklet, both in one
    file as a print file holds copies (each part starting on an odd page, bookmarked by its kind)."""
    from .writers.pdf import write_pdf, write_pdf_copies  # in a worker process too: reportlab only here

    if len(documents) == 1:
        return write_pdf(documents[0], theme, fillable)
    return write_pdf_copies(documents, theme, handout_parts(documents), fillable=fillable)


def handout_parts(documents: list[Document]) -> list[str] | None:
    """The bookmarks of a student's own file: each part's kind when it has several (a lone worksheet
    bookmarks its headings instead)."""
    return [d.info.kind for d in documents] if len(documents) > 1 else None


def handout_bookmarks(owner: str, documents: list[Document]) -> list[str]:
    """Each part's bookmark in the class's print file: the student, and the booklet's kind after it."""
    return [owner if n == 0 else f"{owner} · {d.info.kind}" for n, d in enumerate(documents)]


def handout_templates(lesson: LoadedLesson, templates: TemplateSet, theme: Theme) -> list[Path]:
    """The template files of a copy's parts beyond the worksheet's (what the manifest checks)."""
    return [path for kind in handout_kinds(lesson, templates, theme)[1:] for path in template_files(templates, kind)]


"""Writers turn the document model into files; each knows one format and nothing else."""

from __future__ import annotations

from ..document import Document
from ..theme import Theme

FORMATS = ("pdf", "docx")


def write(document: Document, theme: Theme, fmt: str) -> bytes:
    """The file for a document in one format, as bytes."""
    if fmt == "pdf":
        from .pdf import write_pdf

        return write_pdf(document, theme)
    if fmt == "docx":
        from .docx import write_docx

        return write_docx(document, theme)
    raise ValueError(f"unknown format {fmt!r}")

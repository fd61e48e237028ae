"""Writers turn the document model into files; each knows one format and nothing else."""

from __future__ import annotations

from ..document import Document
from ..theme import Theme

FORMATS = ("pdf", "docx")


def write(document: Document, theme: Theme, fmt: str, fillable: bool = False,
          reference_docx: str | None = None) -> bytes:
    """The file for a document in one format, as bytes.

    fillable adds PDF form fields; reference_docx gives DOCX files a school's own styles.
    """
    if fmt == "pdf":
        from .pdf import write_pdf

        return write_pdf(document, theme, fillable)
    if fmt == "docx":
        from .docx import write_docx

        return write_docx(document, theme, reference_docx)
    raise ValueError(f"unknown format {fmt!r}")


def column_shares(header, rows) -> list[float]:
    """Each column's share of the table width, from its longest cell, so both formats agree."""
    from ..document import plain_text

    columns = max([len(header), *(len(r) for r in rows)])
    weights = []
    for i in range(columns):
        cells = [r[i] for r in (header, *rows) if i < len(r)]
        longest = max((len(plain_text(c)) for c in cells), default=0)
        empty = all(not plain_text(c).strip() for c in cells[1:]) if len(cells) > 1 else False
        weights.append(18 if empty else min(max(longest, 4), 45))
    total = sum(weights) or 1
    return [w / total for w in weights]


def column_widths(header, rows, total: float, minimum: float) -> list[float]:
    """Column widths that fill total, none narrower than minimum (e.g. in large print)."""
    widths = [total * share for share in column_shares(header, rows)]
    narrow = [w < minimum for w in widths]
    if all(narrow):
        return [total / len(widths)] * len(widths)
    spare = total - minimum * sum(narrow)
    wide_total = sum(w for w, n in zip(widths, narrow) if not n)
    return [minimum if n else w * spare / wide_total for w, n in zip(widths, narrow)]

"""The PDF writer (reportlab): a document, or a class set of copies, as PDF bytes."""

from .copies import write_pdf_copies
from .writer import PdfWriter, write_pdf

__all__ = ["PdfWriter", "write_pdf", "write_pdf_copies"]
